// LSP requests while the server edits its tree: keystrokes inside a string or comment are applied to the
// parsed tree in place, keystrokes inside a stage re-parse that stage and splice it in
// (src/language/journey-document-factory.ts). A request whose handler waits (a cancellation check that
// yields to the event loop every 10 ms, as Langium's semantic tokens and inlay hints do) lets the next
// keystroke in: over the real server (stdio), a burst of keystrokes, each followed at once by requests,
// must get answers that are each the answer to the same request on one version of the text opened
// afresh (an older or a newer version is fine, a mix of two is not), or a cancellation as the protocol allows.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ResponseError } from 'vscode-jsonrpc/node.js';
import { LSPErrorCodes, type PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { generateMap, SHARED_DECLARATIONS } from '../../bench/generate-maps.js';
import { DiagramRequest } from '../../src/common/server-protocol.js';
import { startStdioServer, type StdioServer } from './stdio-server.js';

const WITHIN_MS = 60_000;
/** Big enough that semantic tokens and inlay hints take several 10 ms slices on the server. */
const MAP = `${SHARED_DECLARATIONS}${generateMap(0, 1500)}`;

let folder: string;
let typed: StdioServer;
let fresh: StdioServer;

beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'journey-requests-edits-'));
    typed = startStdioServer();
    fresh = startStdioServer();
    await Promise.all([typed.initialize(folder, {}), fresh.initialize(mkdtempSync(join(folder, 'fresh-')), {})]);
}, WITHIN_MS);

afterAll(() => {
    typed?.stop();
    fresh?.stop();
    rmSync(folder, { recursive: true, force: true });
});

/** Resolves once the server has published diagnostics for `uri` for the `version`th time (a build of it is done). */
function published(server: StdioServer, uri: string): (times: number) => Promise<void> {
    let count = 0;
    const waiting: { times: number; resolve: () => void }[] = [];
    server.connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
        if (params.uri !== uri) return;
        count++;
        for (const w of waiting.filter(w => w.times <= count)) w.resolve();
    });
    return times => new Promise(resolve => (count >= times ? resolve() : waiting.push({ times, resolve })));
}

function positionOf(text: string, offset: number) {
    const lines = text.slice(0, offset).split('\n');
    return { line: lines.length - 1, character: lines[lines.length - 1].length };
}

/** The requests sent after each keystroke, each with its params on the text as the editor has it then. */
function requestsFor(uri: string, text: string): { method: string; params: object }[] {
    const textDocument = { uri };
    // On the last character of a name late in the map: read against a text a few characters
    // longer or shorter than the tree's (an offset of the new text in the old tree), it misses.
    const late = text.lastIndexOf(' next P1400') + ' next P1400'.length - 1;
    const declared = text.indexOf('touchpoint P1400 ') + 'touchpoint P1400'.length - 1;
    const lines = text.split('\n').length;
    return [
        { method: 'textDocument/semanticTokens/full', params: { textDocument } },
        { method: 'textDocument/inlayHint', params: { textDocument, range: { start: { line: 0, character: 0 }, end: { line: lines, character: 0 } } } },
        { method: 'textDocument/hover', params: { textDocument, position: positionOf(text, late) } },
        { method: 'textDocument/references', params: { textDocument, position: positionOf(text, declared), context: { includeDeclaration: true } } },
        { method: 'textDocument/definition', params: { textDocument, position: positionOf(text, late) } },
        { method: 'textDocument/documentSymbol', params: { textDocument } },
        { method: 'textDocument/foldingRange', params: { textDocument } },
        // Edits of the old text applied to the new one would lose text.
        { method: 'textDocument/formatting', params: { textDocument, options: { tabSize: 2, insertSpaces: true } } },
        { method: DiagramRequest.method, params: { uri } }
    ];
}

/** A cancellation the protocol allows for a request overtaken by an edit. */
function isCancellation(error: unknown): boolean {
    return error instanceof ResponseError && ([LSPErrorCodes.ContentModified, LSPErrorCodes.RequestCancelled, LSPErrorCodes.ServerCancelled] as number[]).includes(error.code);
}

describe('requests in flight while keystrokes edit the tree in place or splice a stage', () => {
    test('each answer is the answer on one version of the text, opened afresh', async () => {
        const uri = pathToFileURL(join(folder, 'big.journey')).toString();
        const built = published(typed, uri);
        await typed.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'journey', version: 1, text: MAP } });
        await built(1);

        // Keystrokes near the top, so that the rest of the map moves: inside the first stage's goal
        // (in place), then a new line and a touchpoint typed into that stage (spliced, or parsed again
        // while the line does not parse), then a comment line typed above the journey (in place).
        const versions = [MAP];
        const keystrokes: { offset: number; removed: number; inserted: string }[] = [];
        let text = MAP;
        const type = (offset: number, removed: number, inserted: string) => {
            keystrokes.push({ offset, removed, inserted });
            text = text.slice(0, offset) + inserted + text.slice(offset + removed);
            versions.push(text);
        };
        let at = text.indexOf('"Objectif de l\'étape 0"') + 1;
        for (const letter of 'Neuf') type(at++, 0, letter);
        at = text.indexOf('\n', text.indexOf('stage Étape0')) + 1;
        for (const piece of ['\n', '    touchpoint Ajout', ' { emotion 1 }', '\n', '\n']) {
            type(at, 0, piece);
            at += piece.length;
        }
        at = text.indexOf('// Generated map 0') + '// Generated map 0'.length;
        for (const letter of ' (ok)') type(at++, 0, letter);

        // Each keystroke then at once its requests, nothing awaited, as a fast typist's editor sends them.
        const answers: { version: number; method: string; params: object; answer: Promise<{ ok: unknown } | { error: unknown }> }[] = [];
        for (const [i, { offset, removed, inserted }] of keystrokes.entries()) {
            const before = versions[i];
            const range = { start: positionOf(before, offset), end: positionOf(before, offset + removed) };
            void typed.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: i + 2 }, contentChanges: [{ range, text: inserted }] });
            for (const { method, params } of requestsFor(uri, versions[i + 1])) {
                const answer = typed.connection.sendRequest(method, params).then(ok => ({ ok }), (error: unknown) => ({ error }));
                answers.push({ version: i + 2, method, params, answer });
            }
        }
        const settled = await Promise.all(answers.map(async a => ({ ...a, answer: await a.answer })));

        // The same requests on each version opened afresh in a second server (same uri, same version number).
        const expected = new Map<string, string>();
        const freshBuilt = published(fresh, uri);
        for (const [index, version] of versions.entries()) {
            await fresh.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'journey', version: index + 1, text: version } });
            await freshBuilt(index + 1);
            for (const { method, params } of settled.filter((a, i, all) => all.findIndex(b => b.method === a.method && JSON.stringify(b.params) === JSON.stringify(a.params)) === i)) {
                const answer = await fresh.connection.sendRequest(method, params);
                expected.set(`${index + 1} ${method} ${JSON.stringify(params)}`, JSON.stringify(normalised(method, answer)));
            }
            await fresh.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
        }

        const mixed: string[] = [];
        for (const { version, method, params, answer } of settled) {
            if ('error' in answer) {
                if (!isCancellation(answer.error)) mixed.push(`${method} after version ${version}: ${String(answer.error)}`);
                continue;
            }
            const got = JSON.stringify(normalised(method, answer.ok));
            const matches = versions.map((_, index) => index + 1).filter(v => expected.get(`${v} ${method} ${JSON.stringify(params)}`) === got);
            if (matches.length === 0) mixed.push(`${method} after version ${version} answers no version of the text`);
        }
        expect(mixed).toEqual([]);
        expect(typed.stderr()).not.toMatch(/unhandled rejection|TypeError|RangeError/);
    }, 240_000);
});

/** The answer without what legitimately differs between two servers: the semantic tokens' result id, the diagram's version. */
function normalised(method: string, answer: unknown): unknown {
    if (answer && typeof answer === 'object' && method === 'textDocument/semanticTokens/full') return { ...answer, resultId: undefined };
    return answer;
}
