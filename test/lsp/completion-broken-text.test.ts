import fc from 'fast-check';
import { CstUtils, URI, type LangiumDocument } from 'langium';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, test } from 'vitest';
import type { CompletionList } from 'vscode-languageserver';
import { applyMutations, mutation } from '../fuzz/arbitraries.js';
import { createTestServices, readExample } from '../test-services.js';
import { startStdioServer } from './stdio-server.js';

/**
 * Completion answers (proposals or none, never an error) at every offset of broken texts:
 * the editor asks while the user types, so the text is broken most of the time.
 */
const services = createTestServices();
const { LangiumDocumentFactory, LangiumDocuments, DocumentBuilder } = services.shared.workspace;
const provider = services.Journey.lsp.CompletionProvider!;
let count = 0;

/** Completes at each offset of the text (built as the server builds it) and fails with the first offset that throws. */
async function completeEverywhere(text: string): Promise<number> {
    const document: LangiumDocument = LangiumDocumentFactory.fromString(text, URI.file(`/ws/broken-${count++}.journey`));
    LangiumDocuments.addDocument(document);
    await DocumentBuilder.build([document], { validation: true });
    let answered = 0;
    try {
        for (let offset = 0; offset <= text.length; offset++) {
            const position = document.textDocument.positionAt(offset);
            let list: CompletionList | undefined;
            try {
                list = await provider.getCompletion(document, { textDocument: { uri: document.uri.toString() }, position });
            } catch (error) {
                const around = `${text.slice(Math.max(0, offset - 40), offset)}<|>${text.slice(offset, offset + 20)}`;
                throw new Error(`completion at ${offset} (${JSON.stringify(around)}): ${(error as Error).message}`);
            }
            if (list) answered++;
        }
    } finally {
        await DocumentBuilder.update([], [document.uri]);
    }
    return answered;
}

const texts: Array<[string, string]> = [
        // A comment inside a name the parser gives up on: the comment is left over when parsing ends.
        ['a comment inside a broken name', 'journey J {\n  owner Cent/* c */rale\n  touchpoint P "Prise au trottoir" {\n'],
        ['a comment after the last token', 'journey J "J" {\n  stage S "S" { goal "G" }\n}\n// the end\n/* really */'],
        ['a block never closed, a comment in it', 'persona P "P"\njourney J {\n  stage S "S" {\n    touchpoint T "T" { channel /* c */ Em'],
        ['stray closing braces and comments', '} /* a */ }\njourney J { // b\n } } stage S { /** c */ touchpoint'],
        ['an unclosed string', 'journey J {\n  stage S "S {\n    touchpoint T "T" { kind tool }\n  }\n}\n']
];

describe('completion at every offset of broken texts', () => {
    for (const [name, text] of texts) {
        test(name, async () => {
            expect(await completeEverywhere(text)).toBeGreaterThan(0);
        });
    }

    test('random damage of an example (fixed seed)', async () => {
        const example = readExample('media-subscription.journey');
        const damages = fc.sample(fc.array(mutation, { minLength: 1, maxLength: 6 }), { seed: 20261126, numRuns: 4 });
        for (const damage of damages) await completeEverywhere(applyMutations(example, damage));
    }, 120_000);
});

describe('the parse behind it', () => {
    test('every CST node of a broken text belongs to an AST node, comments left after the last token read too', () => {
        for (const [name, text] of texts) {
            const root = LangiumDocumentFactory.fromString(text, URI.file(`/ws/parsed-${count++}.journey`)).parseResult.value.$cstNode!;
            for (const node of CstUtils.streamCst(root)) expect(() => node.astNode, `${name}: ${JSON.stringify(node.text)}`).not.toThrow();
        }
    });
});

describe('over stdio, as an editor meets it', () => {
    test('the server answers completion at every offset of the broken texts, never with an error', async () => {
        const folder = mkdtempSync(join(tmpdir(), 'journey-completion-broken-'));
        const server = startStdioServer();
        try {
            await server.initialize(folder, { textDocument: { completion: { completionItem: { snippetSupport: true } } } });
            for (const [index, [name, text]] of texts.entries()) {
                const uri = pathToFileURL(join(folder, `broken-${index}.journey`)).toString();
                await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'journey', version: 1, text } });
                const lines = text.split('\n');
                for (const [line, content] of lines.entries()) {
                    for (let character = 0; character <= content.length; character++) {
                        await server.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line, character } })
                            .catch((error: Error) => { throw new Error(`${name}, ${line}:${character}: ${error.message}`); });
                    }
                }
            }
        } finally {
            server.stop();
            rmSync(folder, { recursive: true, force: true });
        }
    }, 120_000);
});
