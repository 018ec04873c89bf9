/**
 * The language server's answers on a large workspace (1,000 generated maps of
 * 60 touchpoints plus the shared declarations, as in the lint benchmark):
 * what a keystroke costs (completion, hover, formatting), and what the
 * workspace-wide queries cost (persona inlay hints count references in every
 * file, rename edits every file, workspace symbols walk every journey).
 * Target: each per-keystroke answer well under 100 ms.
 */
import { EmptyFileSystem, URI, type LangiumDocument } from 'langium';
import type { CompletionList, Hover, InlayHint, WorkspaceEdit } from 'vscode-languageserver';
import { createJourneyServices } from '../src/language/journey-module.js';
import { formatText } from '../src/language/lsp/journey-pretty-printer.js';
import { generateMap, SHARED_DECLARATIONS } from './generate-maps.js';
import { measure } from './harness.js';

const MAPS = Number(process.env.BENCH_MAPS ?? 1000);
const TOUCHPOINTS = 60;

const services = createJourneyServices(EmptyFileSystem);
const { LangiumDocumentFactory, LangiumDocuments, DocumentBuilder } = services.shared.workspace;
const add = (name: string, text: string) => {
    const document = LangiumDocumentFactory.fromString(text, URI.parse(`file:///bench/${name}`));
    LangiumDocuments.addDocument(document);
    return document;
};
const common = add('common.journey', SHARED_DECLARATIONS);
const maps: LangiumDocument[] = [];
for (let i = 0; i < MAPS; i++) maps.push(add(`map-${i}.journey`, generateMap(i, TOUCHPOINTS)));
await DocumentBuilder.build([common, ...maps], { validation: true });
console.log(`lsp: ${MAPS} maps × ${TOUCHPOINTS} touchpoints + 1 shared file, built and validated`);

const lsp = services.Journey.lsp;
const map = maps[0];
const text = map.textDocument.getText();
const at = (needle: string, shift: number) => map.textDocument.positionAt(text.indexOf(needle) + shift);
const params = (needle: string, shift: number) => ({ textDocument: { uri: map.uri.toString() }, position: at(needle, shift) });

await measure('completion after `personas `', async () => {
    const list = await lsp.CompletionProvider!.getCompletion(map, params('personas ', 9)) as CompletionList;
    if (list.items.length === 0) throw new Error('no completion');
}, { warmUp: true });
await measure('completion after `next `', async () => {
    const list = await lsp.CompletionProvider!.getCompletion(map, params(' next ', 6)) as CompletionList;
    if (list.items.length < TOUCHPOINTS - 1) throw new Error('touchpoints missing');
}, { warmUp: true });
await measure('hover on a persona (usage in all maps)', async () => {
    const hover = await lsp.HoverProvider!.getHoverContent(map, params('personas ', 10)) as Hover;
    if (!hover) throw new Error('no hover');
}, { warmUp: true });
await measure('format one map (LSP edits)', async () => {
    await lsp.Formatter!.formatDocument(map, { textDocument: { uri: map.uri.toString() }, options: { tabSize: 2, insertSpaces: true } });
}, { warmUp: true });
const texts = maps.map(m => m.textDocument.getText());
await measure(`format ${MAPS} maps (text)`, () => {
    for (const t of texts) formatText(t, services.Journey.parser.Lexer);
}, { warmUp: true });
await measure('inlay hints of the shared file', async () => {
    const hints = await lsp.InlayHintProvider!.getInlayHints(common, {
        textDocument: { uri: common.uri.toString() }, range: { start: { line: 0, character: 0 }, end: { line: 100, character: 0 } }
    }) as InlayHint[];
    if (hints.length === 0) throw new Error('no hints');
});
await measure('rename a persona (edits every map)', async () => {
    const edit = await lsp.RenameProvider!.rename(map, { ...params('personas ', 10), newName: 'Renamed' }) as WorkspaceEdit;
    if (Object.keys(edit.changes ?? {}).length < 2) throw new Error('rename edited too few files');
});
await measure('workspace symbols, query "P1"', async () => {
    const symbols = await services.shared.lsp.WorkspaceSymbolProvider!.getSymbols({ query: 'P1' });
    if (symbols.length === 0) throw new Error('no symbols');
});
