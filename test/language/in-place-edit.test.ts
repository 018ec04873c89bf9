import { AstUtils, Cancellation, DocumentState, CstUtils, EmptyFileSystem, isReference, URI, type AstNode, type Reference, type LeafCstNode } from 'langium';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { describe, expect, it, vi } from 'vitest';
import { createJourneyServices } from '../../src/language/journey-module.js';
import { CLEAN_EXAMPLES, EXAMPLES } from '../examples.js';
import { cstOf, diagnosticsOf } from './tree-snapshot.js';

// A keystroke inside a string or a comment changes the tree in place instead of re-parsing
// (src/language/journey-document-factory.ts). After each such edit the document must be exactly
// what a parse of the new text gives: the same AST values, the same CST offsets and ranges, the
// same diagnostics, and edits that change tokens still re-parse.

/** The AST as values (references by their text and whether they resolve), without positions. */
function astOf(node: unknown): unknown {
    if (Array.isArray(node)) return node.map(astOf);
    if (isReference(node)) return { ref: node.$refText, target: node.ref && whereIs(node.ref) };
    if (node === null || typeof node !== 'object') return node;
    const record = node as Record<string, unknown>;
    return Object.fromEntries(Object.keys(record).filter(key => key === '$type' || !key.startsWith('$')).sort().map(key => [key, astOf(record[key])]));
}

/** The node's file and path in its tree (`journeys@0/stages@2`). */
function whereIs(node: AstNode): string {
    const steps: string[] = [];
    for (let at: AstNode | undefined = node; at?.$container; at = at.$container) steps.unshift(`${at.$containerProperty}@${at.$containerIndex ?? ''}`);
    return `${AstUtils.getDocument(node).uri.path}#${steps.join('/')}`;
}

/** Every CST node with its offsets, range and token type, in order. */

/** A fresh workspace with the examples' `common.journey` and the map, the map open in the editor. */
async function openMap(name: string, text: string) {
    const services = createJourneyServices(EmptyFileSystem);
    const { LangiumDocumentFactory, LangiumDocuments, DocumentBuilder, TextDocuments } = services.shared.workspace;
    const shared = name === 'common.journey' ? [] : [LangiumDocumentFactory.fromString(readFileSync(join(EXAMPLES, 'common.journey'), 'utf8'), URI.file('/ws/common.journey'))];
    for (const document of shared) LangiumDocuments.addDocument(document);
    const uri = URI.file(`/ws/${name}`);
    let version = 1;
    TextDocuments!.set(TextDocument.create(uri.toString(), 'journey', version, text));
    const document = LangiumDocumentFactory.fromTextDocument(TextDocuments!.get(uri.toString())!, uri);
    LangiumDocuments.addDocument(document);
    await DocumentBuilder.build([...shared, document], { validation: true });
    const lookups = vi.spyOn(services.Journey.references.Linker as unknown as { getCandidate: (...args: unknown[]) => unknown }, 'getCandidate');
    return {
        document,
        services,
        /** How many references were looked up in scopes since the last call. */
        lookups(): number {
            const count = lookups.mock.calls.length;
            lookups.mockClear();
            return count;
        },
        /** The editor's text becomes `next`, not built yet. */
        setText(next: string): void {
            TextDocuments!.set(TextDocument.create(uri.toString(), 'journey', ++version, next));
        },
        /** Types `next` over the document's text, as an editor's didChange, and rebuilds. */
        async type(next: string): Promise<void> {
            this.setText(next);
            await DocumentBuilder.update([uri], []);
        }
    };
}

/** What a document of `text` is when parsed and built from scratch. */
async function fresh(name: string, text: string): Promise<{ ast: unknown; cst: string[]; diagnostics: string[]; references: number }> {
    const { document } = await openMap(name, text);
    const root = document.parseResult.value;
    return { ast: astOf(root), cst: cstOf(root.$cstNode!), diagnostics: diagnosticsOf(document), references: document.references.length };
}

/** Edits inside string and comment tokens: [what, the new token text from the old one]. */
const INSIDE_EDITS: Array<[string, (image: string) => string]> = [
    ['a letter typed in the middle', image => `${image.slice(0, 2)}é${image.slice(2)}`],
    ['a character deleted', image => image.slice(0, 1) + image.slice(2)],
    ['an escaped quote typed', image => `${image.slice(0, 1)}\\"${image.slice(1)}`]
];

describe('a keystroke inside a string or comment edits the tree in place', () => {
    for (const name of CLEAN_EXAMPLES) {
        it(`gives the tree and diagnostics of a fresh parse, edit after edit, in ${name}`, async () => {
            let text = readFileSync(join(EXAMPLES, name), 'utf8');
            const map = await openMap(name, text);
            const root = map.document.parseResult.value;
            const tokens = CstUtils.streamCst(root.$cstNode!)
                .filter((node): node is LeafCstNode => 'tokenType' in node && ['STRING', 'SL_COMMENT'].includes((node as LeafCstNode).tokenType.name))
                .map(leaf => leaf.offset).toArray();
            expect(tokens.length).toBeGreaterThan(5);
            map.lookups();
            let inPlace = 0;
            // Every third token, from the last to the first, so earlier offsets stay where they were found.
            for (let i = tokens.length - 1; i >= 0; i -= 3) {
                const leaf = CstUtils.findLeafNodeAtOffset(root.$cstNode!, tokens[i])!;
                const [what, edit] = INSIDE_EDITS[i % INSIDE_EDITS.length];
                const image = leaf.text;
                const comment = leaf.tokenType.name === 'SL_COMMENT';
                // A comment keeps its `//`; a string of one character or less gets a letter typed instead of one deleted.
                const edited = comment ? `${image}x` : image.length <= 3 && what === 'a character deleted' ? `${image.slice(0, 1)}é${image.slice(1)}` : edit(image);
                text = text.slice(0, leaf.offset) + edited + text.slice(leaf.end);
                await map.type(text);
                expect(map.document.parseResult.value === root, `${what} in ${image} stays in place`).toBe(true);
                // Names did not change: the links are taken back, not looked up again.
                expect(map.lookups(), `${what} in ${image}: references looked up`).toBe(0);
                inPlace++;
                const expected = await fresh(name, text);
                expect(astOf(root), `${what} in ${image}`).toEqual(expected.ast);
                expect(cstOf(root.$cstNode!), `${what} in ${image}`).toEqual(expected.cst);
                expect(diagnosticsOf(map.document), `${what} in ${image}`).toEqual(expected.diagnostics);
                expect(map.document.textDocument.getText()).toBe(text);
                expect(map.document.references.length).toBe(expected.references);
            }
            expect(inPlace).toBeGreaterThan(1);
        });
    }

    it('re-parses an edit that changes the tokens, and gives what a parse gives', async () => {
        const start = 'journey J "Journey" {\n  stage S "Stage" { goal "Goal" }\n}\n';
        const map = await openMap('tokens.journey', start);
        const edits = [
            start.replace('"Goal"', '"Go"al"'), // a quote typed: two tokens
            start.replace('"Goal"', '"Goal'), // the closing quote deleted: an open string
            start.replace('"Stage"', '"Sta\nge"'), // a line break typed
            start.replace('stage S', 'stage St') // a name, not a string
        ];
        for (const next of edits) {
            const before = map.document.parseResult.value;
            await map.type(next);
            expect(map.document.parseResult.value === before, next).toBe(false);
            const expected = await fresh('tokens.journey', next);
            expect(astOf(map.document.parseResult.value), next).toEqual(expected.ast);
            expect(diagnosticsOf(map.document), next).toEqual(expected.diagnostics);
        }
    });

    it('keeps reporting what the new text says: a field given twice keeps its last value, checks follow the edited text', async () => {
        const text = 'journey J "Journey" {\n  stage S "Stage" { goal "A" description "one" description "two" }\n}\n';
        const map = await openMap('twice.journey', text);
        const stage = () => (map.document.parseResult.value as AstNode & { journeys: Array<{ stages: Array<{ description?: string; label?: string }> }> }).journeys[0].stages[0];
        expect(stage().description).toBe('two');
        const root = map.document.parseResult.value;
        await map.type(text.replace('"one"', '"uno"'));
        expect(map.document.parseResult.value === root).toBe(true);
        expect(stage().description).toBe('two');
        await map.type(text.replace('"one"', '"uno"').replace('"two"', '"dos"'));
        expect(map.document.parseResult.value === root).toBe(true);
        expect(stage().description).toBe('dos');
        const expected = await fresh('twice.journey', text.replace('"one"', '"uno"').replace('"two"', '"dos"'));
        expect(diagnosticsOf(map.document)).toEqual(expected.diagnostics);
        expect(diagnosticsOf(map.document).length).toBeGreaterThan(0);
    });

    it('takes links back only while every target is current, and looks them up again when another file changed or one did not resolve', async () => {
        const other = 'persona Ana "Ana"\nchannel Web "Web" digital\n';
        const text = 'journey J "J" {\n  stage S "S" { goal "g" touchpoint T "T" { channel Web personas Ana emotion 0 } }\n}\n';
        const map = await openMap('links.journey', text);
        const { LangiumDocumentFactory, LangiumDocuments, DocumentBuilder, TextDocuments } = map.services.shared.workspace;
        const otherUri = URI.file('/ws/other.journey');
        let otherVersion = 0;
        /** The other file, open too, gets `next` (a new declaration each time: parsed again, new nodes). */
        const replaceOther = (next: string) => {
            TextDocuments!.set(TextDocument.create(otherUri.toString(), 'journey', ++otherVersion, next));
            if (!LangiumDocuments.hasDocument(otherUri)) LangiumDocuments.addDocument(LangiumDocumentFactory.fromTextDocument(TextDocuments!.get(otherUri.toString())!, otherUri));
        };
        const targetsAreCurrent = () => map.document.references.every(reference => {
            const root = AstUtils.findRootNode((reference as Reference).ref!);
            return root.$document?.parseResult.value === root;
        });
        replaceOther(other);
        await DocumentBuilder.update([otherUri], []);
        expect(diagnosticsOf(map.document).filter(d => d.includes('unresolved-reference'))).toEqual([]);
        expect(map.lookups()).toBeGreaterThan(0);
        await map.type(text.replace('"g"', '"go"'));
        expect(map.lookups()).toBe(0);
        expect(targetsAreCurrent()).toBe(true);
        // The other file parsed again (new nodes): the map is relinked to them, then typing takes those back.
        replaceOther(`${other}team B "B"\n`);
        await DocumentBuilder.update([otherUri], []);
        expect(map.lookups()).toBeGreaterThan(0);
        await map.type(text.replace('"g"', '"goa"'));
        expect(map.lookups()).toBe(0);
        expect(targetsAreCurrent()).toBe(true);
        // Both change in one build: looked up again.
        replaceOther(`${other}team C "C"\n`);
        map.setText(text.replace('"g"', '"goal"'));
        await DocumentBuilder.update([otherUri, map.document.uri], []);
        expect(map.lookups()).toBeGreaterThan(0);
        expect(targetsAreCurrent()).toBe(true);
        expect(diagnosticsOf(map.document).filter(d => d.includes('unresolved-reference'))).toEqual([]);
        // A reference that does not resolve is looked up on every build: a file may declare it meanwhile.
        const unresolved = text.replace('personas Ana', 'personas Zoe');
        await map.type(unresolved);
        map.lookups();
        await map.type(unresolved.replace('"g"', '"gx"'));
        expect(map.lookups()).toBeGreaterThan(0);
        expect(diagnosticsOf(map.document).some(d => d.includes('unresolved-reference'))).toBe(true);
    });

    it('leaves the shared declarations validated while the typing changes no name, and validates them again when a name changes', async () => {
        const shared = 'persona Ana "Ana"\npersona Bob "Bob"\nchannel Web "Web" digital\n';
        const text = 'journey J "J" {\n  stage S "S" { goal "g" touchpoint T "T" { channel Web personas Ana emotion 0 } }\n}\n';
        const services = createJourneyServices(EmptyFileSystem);
        const { LangiumDocumentFactory, LangiumDocuments, DocumentBuilder, TextDocuments } = services.shared.workspace;
        const common = LangiumDocumentFactory.fromString(shared, URI.file('/ws/shared.journey'));
        const uri = URI.file('/ws/map.journey');
        TextDocuments!.set(TextDocument.create(uri.toString(), 'journey', 1, text));
        const map = LangiumDocumentFactory.fromTextDocument(TextDocuments!.get(uri.toString())!, uri);
        for (const document of [common, map]) LangiumDocuments.addDocument(document);
        await DocumentBuilder.build([common, map], { validation: true });
        const unused = () => (common.diagnostics ?? []).filter(d => d.code === 'persona-unused').map(d => d.message);
        expect(unused()).toEqual([expect.stringContaining('Bob')]);
        const validated = vi.spyOn(services.Journey.validation.DocumentValidator, 'validateDocument');
        const type = async (version: number, next: string) => {
            TextDocuments!.set(TextDocument.create(uri.toString(), 'journey', version, next));
            await DocumentBuilder.update([uri], []);
        };
        const validatedFiles = () => validated.mock.calls.map(([document]) => document.uri.path);
        await type(2, text.replace('"g"', '"goal"'));
        expect(validatedFiles()).toEqual(['/ws/map.journey']);
        expect(unused()).toEqual([expect.stringContaining('Bob')]);
        validated.mockClear();
        await type(3, text.replace('"g"', '"goal"').replace('personas Ana', 'personas Bob'));
        expect(validatedFiles()).toEqual(['/ws/map.journey', '/ws/shared.journey']);
        expect(unused()).toEqual([expect.stringContaining('Ana')]);
    });
});

// A keystroke in place whose build is cancelled before linking keeps the document's last links
// for the next build; a shared file deleted meanwhile must not have them taken back (its parse
// result stays in its dropped document): its names no longer resolve.
describe('links kept over a cancelled in-place edit', () => {
    it('are dropped when the file they point into is deleted before the next build', async () => {
        const text = 'journey J "Journey" {\n  stage S "Stage" {\n    goal "Goal"\n    touchpoint T "T" { personas Lectrice }\n  }\n}\n';
        const map = await openMap('a.journey', text);
        const { DocumentBuilder } = map.services.shared.workspace;
        expect(diagnosticsOf(map.document).filter(d => d.includes('unresolved-reference'))).toEqual([]);
        const root = map.document.parseResult.value;
        const cancel = new Cancellation.CancellationTokenSource();
        const listener = DocumentBuilder.onBuildPhase(DocumentState.ComputedScopes, () => cancel.cancel());
        map.setText(text.replace('"Goal"', '"Goals"'));
        await expect(DocumentBuilder.update([map.document.uri], [], cancel.token)).rejects.toThrow();
        listener.dispose();
        expect(map.document.parseResult.value, 'the keystroke was applied in place').toBe(root);
        await DocumentBuilder.update([], [URI.file('/ws/common.journey')]);
        expect(diagnosticsOf(map.document).filter(d => d.includes('unresolved-reference'))).toHaveLength(1);
    });
});
