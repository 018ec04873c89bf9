// The preview's protocol (src/common/server-protocol.ts) over a real LSP session with the bundled server (out/server.cjs --stdio):
// `journey/documentChanged` after each build, `journey/diagram` answering from the last
// parsed text, errors included.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CancellationTokenSource, ResponseError, type MessageConnection } from 'vscode-jsonrpc/node.js';
import { LSPErrorCodes, type Diagnostic, type PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DiagramChangesRequest, DiagramRequest, DocumentChangedNotification, type DiagramParams } from '../../src/common/server-protocol.js';
import { takeDiagramAnswer, type HeldDiagrams } from '../../src/common/diagram-answers.js';
import type { DiagramResult } from '../../src/common/webview-messages.js';
import { startStdioServer } from '../lsp/stdio-server.js';
import { EXAMPLES } from '../examples.js';
import { checkedUntil } from '../checked-until.js';

const WITHIN_MS = 20_000;

const folder = mkdtempSync(join(tmpdir(), 'journey-preview-'));
const retail = readFileSync(join(EXAMPLES, 'retail-ideal.journey'), 'utf8');
writeFileSync(join(folder, 'retail.journey'), retail);
const uri = pathToFileURL(join(folder, 'retail.journey')).toString();

let connection: MessageConnection;
let stop: () => void;
const changed: string[] = [];
const diagnostics = new Map<string, Diagnostic[]>();
/** Rechecked on each `journey/documentChanged` (see `notified`). */
const onChanged = new Set<() => void>();

/**
 * Resolves once `ready()` holds, checked now and on each `journey/documentChanged` (the event
 * that can change it, not a timer); fails saying `what` after WITHIN_MS, a safety net.
 */
function notified(ready: () => boolean, what: string): Promise<void> {
    return checkedUntil(ready, onChanged, () => `${what} within ${WITHIN_MS} ms`, WITHIN_MS);
}

/** Resolves once `journey/documentChanged` has come for `uri` `count` times in all. */
function changedTimes(count: number, of = uri): Promise<void> {
    return notified(() => changed.filter(u => u === of).length >= count, `no journey/documentChanged #${count} for ${of}`);
}

function diagram(params: DiagramParams): Promise<DiagramResult> {
    return connection.sendRequest(DiagramRequest, params);
}

/** Opens `initial` at `of`; `type` is one keystroke as VS Code sends it (a range and its new text), awaited until rebuilt. */
async function openForTyping(of: string, initial: string) {
    let text = initial;
    let version = 1;
    await connection.sendNotification('textDocument/didOpen', { textDocument: { uri: of, languageId: 'journey', version, text } });
    await changedTimes(1, of);
    const position = (at: number) => {
        const lines = text.slice(0, at).split('\n');
        return { line: lines.length - 1, character: lines[lines.length - 1].length };
    };
    return {
        text: () => text,
        type: async (offset: number, removed: number, inserted: string) => {
            const range = { start: position(offset), end: position(offset + removed) };
            text = text.slice(0, offset) + inserted + text.slice(offset + removed);
            const count = changed.filter(u => u === of).length + 1;
            await connection.sendNotification('textDocument/didChange', { textDocument: { uri: of, version: ++version }, contentChanges: [{ range, text: inserted }] });
            await changedTimes(count, of);
        }
    };
}

const shownDiagnostics = (of: string) => (diagnostics.get(of) ?? []).map(d => ({ range: d.range, code: d.code, severity: d.severity, message: d.message }));

/**
 * The typed document's diagram, errors and diagnostics equal those of its text opened afresh
 * (the typed one closed first, so a duplicate names the same first file); returns its diagnostics.
 */
async function expectSameAsOpenedAfresh(typing: string, text: string, typed: DiagramResult) {
    const typedDiagnostics = shownDiagnostics(typing);
    await connection.sendNotification('textDocument/didClose', { textDocument: { uri: typing } });
    const fresh = typing.replace(/\.journey$/, '-z-fresh.journey');
    await connection.sendNotification('textDocument/didOpen', { textDocument: { uri: fresh, languageId: 'journey', version: 1, text } });
    await changedTimes(1, fresh);
    const expected = await diagram({ uri: fresh });
    expect(typed.errors).toEqual(expected.errors);
    expect(typed.diagrams).toEqual(expected.diagrams);
    expect(typedDiagnostics).toEqual(shownDiagnostics(fresh));
    await connection.sendNotification('textDocument/didClose', { textDocument: { uri: fresh } });
    return typedDiagnostics;
}

beforeAll(async () => {
    const server = startStdioServer();
    connection = server.connection;
    connection.onNotification(DocumentChangedNotification, params => {
        changed.push(...params.uris);
        onChanged.forEach(check => check());
    });
    connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => diagnostics.set(params.uri, params.diagnostics));
    stop = () => server.stop();
    await server.initialize(folder, { workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } } });
    await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'journey', version: 1, text: retail } });
});

afterAll(() => stop?.());

describe('journey/diagram and journey/documentChanged', () => {
    test('the opened document is announced, and its diagram has every touchpoint with its source range', async () => {
        await changedTimes(1);
        const result = await diagram({ uri });
        expect(result.errors).toEqual([]);
        expect(result.diagrams.map(d => d.id)).toEqual(['RetraitMagasin']);
        const touchpoints = result.diagrams[0].cards.filter(card => card.kind === 'touchpoint');
        expect(touchpoints.map(card => card.id)).toEqual(expect.arrayContaining(
            ['touchpoint:FicheProduit', 'touchpoint:Paiement', 'touchpoint:Préparation', 'touchpoint:Comptoir', 'touchpoint:CasierRetrait']));
        expect(touchpoints).toHaveLength(5);
        const lines = retail.split('\n');
        for (const card of touchpoints) {
            expect(lines[card.range.start.line].slice(card.range.start.character)).toMatch(new RegExp(`^touchpoint ${card.id.slice('touchpoint:'.length)} `));
        }
    });

    test('options reach the pipeline', async () => {
        const result = await diagram({ uri, options: { groupBy: 'persona', lanes: ['touchpoints'], persona: 'Inès' } });
        const [model] = result.diagrams;
        expect(model.options).toMatchObject({ groupBy: 'persona', persona: 'Inès' });
        expect(model.lanes.map(lane => lane.id)).toEqual(['touchpoints']);
        expect(model.cards.map(card => card.id)).not.toContain('touchpoint:Comptoir'); // Sofiane's only
        expect(model.cards.map(card => card.id)).toContain('touchpoint:CasierRetrait');
    });

    test('an unsaved edit is announced and answered from the new text', async () => {
        const edited = retail.replace('"Comptoir retrait"', '"Comptoir express"');
        await connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: edited }] });
        await changedTimes(2);
        const result = await diagram({ uri });
        expect(result.diagrams[0].cards.find(card => card.id === 'touchpoint:Comptoir')?.text).toBe('Comptoir express');
        // The version of the text it was built from: the preview drops answers older than its echo.
        expect(result.version).toBe(2);
    });

    test('a text with errors still gets its diagram, with the errors in text order, 1-based', async () => {
        const broken = retail.replace('emotion 2\n      owner Logistique\n      next', 'emotion\n      owner Logistique\n      next')
            .replace('metric NPS "NPS retrait" in Retrait target 50', 'metric NPS "NPS retrait" in Nowhere target 50');
        await connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ text: broken }] });
        await changedTimes(3);
        const result = await diagram({ uri });
        expect(result.errors.length).toBeGreaterThanOrEqual(2);
        const positions = result.errors.map(e => [e.line, e.column]);
        expect(positions).toEqual([...positions].sort((a, b) => a[0] - b[0] || a[1] - b[1]));
        const nowhere = broken.split('\n').findIndex(line => line.includes('in Nowhere'));
        expect(result.errors.some(e => e.line === nowhere + 1 && /Nowhere/.test(e.message))).toBe(true);
        expect(result.diagrams[0].cards.some(card => card.id === 'touchpoint:FicheProduit')).toBe(true);
    });

    test('a request cancelled while the document builds is answered RequestCancelled, which the preview ignores, not as an internal error', async () => {
        // A big edit, so the build is still under way when the cancellation arrives.
        const stages = Array.from({ length: 400 }, (_, i) => `stage S${i} { touchpoint T${i} { emotion 1 } }`).join('\n');
        await connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 10 }, contentChanges: [{ text: `journey Big {\n${stages}\n}` }] });
        const cancel = new CancellationTokenSource();
        const pending = connection.sendRequest(DiagramRequest, { uri }, cancel.token);
        cancel.cancel();
        const error = await pending.then(() => undefined, (e: unknown) => e);
        expect(error).toBeInstanceOf(ResponseError);
        expect((error as ResponseError<unknown>).code).toBe(LSPErrorCodes.RequestCancelled);
        await connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 11 }, contentChanges: [{ text: retail }] });
    });

    test('a document the server does not know is refused, not answered with an empty map', async () => {
        await expect(diagram({ uri: pathToFileURL(join(folder, 'missing.journey')).toString() })).rejects.toThrow(/No document found/);
    });
});

describe('keystrokes inside strings and comments (edited in place by the server)', () => {
    test('give the diagram, errors and diagnostics of the same text opened afresh, also across edits that re-parse', async () => {
        const typing = pathToFileURL(join(folder, 'typing.journey')).toString();
        const { type, text } = await openForTyping(typing, `// Typed into\n${retail}`);
        let at = text().indexOf('"Comptoir retrait"') + 9; // after `"Comptoir`
        for (const letter of 'abc') await type(at++, 0, letter);
        await type(text().indexOf('// Typed into') + 5, 0, 'é'); // in a comment
        at = text().indexOf('"Comptoirabc retrait"');
        await type(at + 1, 1, ''); // a character deleted
        await type(at + 1, 0, '\\"'); // an escaped quote
        await type(at + 3, 0, '"'); // a quote: two tokens, a syntax error, parsed again
        const broken = await diagram({ uri: typing });
        expect(broken.errors.length).toBeGreaterThan(0);
        await type(at + 3, 1, ''); // the quote deleted: parsed again, no error
        for (const [i, letter] of [...'xy'].entries()) await type(at + 3 + i, 0, letter);
        const typed = await diagram({ uri: typing });
        // Only the journey declared twice (here and in retail.journey) is left.
        expect(typed.errors.map(e => e.message)).toEqual([expect.stringMatching(/Duplicate journey/)]);
        expect(typed.diagrams[0].cards.find(card => card.id === 'touchpoint:Comptoir')?.text).toBe('"xyomptoirabc retrait');

        await expectSameAsOpenedAfresh(typing, text(), typed);
    });
});

describe('structural keystrokes inside a stage (re-parsed alone and spliced in by the server)', () => {
    test('give the diagram, errors and diagnostics of the same text opened afresh', async () => {
        const typing = pathToFileURL(join(folder, 'typing-stage.journey')).toString();
        const { type, text } = await openForTyping(typing, retail);
        // A touchpoint line added to the stage `Achat`, one character at a time with its line break.
        const achat = text().indexOf('stage Achat');
        const end = text().indexOf('\n', text().indexOf('{', achat)) + 1;
        let at = end;
        for (const piece of ['\n', '    touchpoint Ajout', ' { emotion -', '1 }']) {
            await type(at, 0, piece);
            at += piece.length;
        }
        // The touchpoint `next Préparation` points at renamed, then named back.
        const name = text().indexOf('touchpoint Préparation') + 'touchpoint Préparation'.length;
        await type(name, 0, 'X');
        await type(name, 1, '');
        await type(text().indexOf('emotion 2') + 8, 1, '1'); // a number
        const lineStart = text().indexOf('\n', end) + 1;
        await type(end, lineStart - end, ''); // the blank line removed
        const typed = await diagram({ uri: typing });
        expect(typed.diagrams[0].cards.some(card => card.id === 'touchpoint:Ajout')).toBe(true);
        expect((await expectSameAsOpenedAfresh(typing, text(), typed)).length).toBeGreaterThan(0);
    });
});

describe('journey/diagramChanges (what the extension asks)', () => {
    test('answers whole, then what changed since the answer the client holds: applied, the models of journey/diagram', async () => {
        const typing = pathToFileURL(join(folder, 'typing-changes.journey')).toString();
        const { type, text } = await openForTyping(typing, retail.replace(/journey RetraitMagasin\b/, 'journey Changes'));
        const first = await connection.sendRequest(DiagramChangesRequest, { uri: typing });
        expect('base' in first).toBe(false);
        let held: HeldDiagrams = takeDiagramAnswer(undefined, first);
        expect(held.result).toEqual(await diagram({ uri: typing }));
        // A label edit, then a touchpoint added: each answered with changes, small for the label.
        await type(text().indexOf('"Comptoir retrait"') + 9, 0, 'x');
        const label = await connection.sendRequest(DiagramChangesRequest, { uri: typing, base: held.answer });
        expect('base' in label && label.base).toBe(held.answer);
        expect(JSON.stringify(label).length).toBeLessThan(JSON.stringify(held.result).length / 10);
        held = takeDiagramAnswer(held, label);
        expect(held.result).toEqual(await diagram({ uri: typing }));
        const achat = text().indexOf('stage Achat');
        await type(text().indexOf('\n', text().indexOf('{', achat)) + 1, 0, '    touchpoint Ajout { emotion -1 }\n');
        const added = await connection.sendRequest(DiagramChangesRequest, { uri: typing, base: held.answer });
        expect('base' in added).toBe(true);
        held = takeDiagramAnswer(held, added);
        expect(held.result.diagrams[0].cards.some(card => card.id === 'touchpoint:Ajout')).toBe(true);
        expect(held.result).toEqual(await diagram({ uri: typing }));
        // A base the server does not hold (an older answer, another server's): the models whole.
        for (const base of [first.answer, 'another-server:1']) {
            const whole = await connection.sendRequest(DiagramChangesRequest, { uri: typing, base });
            expect('base' in whole).toBe(false);
            expect(takeDiagramAnswer(undefined, whole).result).toEqual(held.result);
        }
        await connection.sendNotification('textDocument/didClose', { textDocument: { uri: typing } });
    });
});

describe('journey/documentChanged is batched', () => {
    test('the workspace build announces all its documents in one notification', async () => {
        const workspace = mkdtempSync(join(tmpdir(), 'journey-batch-'));
        const names = ['a.journey', 'b.journey', 'c.journey'];
        for (const name of names) writeFileSync(join(workspace, name), retail.replace(/journey RetraitMagasin\b/, `journey Map${name[0]}`));
        const uris = names.map(name => pathToFileURL(join(workspace, name)).toString());
        const server = startStdioServer();
        const notifications: string[][] = [];
        let announced: () => void = () => undefined;
        const everyDocument = new Promise<void>(resolve => {
            announced = () => { if (uris.every(u => notifications.flat().includes(u))) resolve(); };
        });
        server.connection.onNotification(DocumentChangedNotification, params => {
            notifications.push(params.uris);
            announced();
        });
        try {
            await server.initialize(workspace, {});
            let timer: ReturnType<typeof setTimeout> | undefined;
            await Promise.race([everyDocument, new Promise<never>((_, reject) => {
                timer = setTimeout(() => reject(new Error(`not every document was announced within ${WITHIN_MS} ms: ${JSON.stringify(notifications)}`)), WITHIN_MS);
            })]).finally(() => clearTimeout(timer));
            const naming = notifications.filter(list => list.some(u => uris.includes(u)));
            expect(naming).toHaveLength(1);
            expect([...naming[0]].sort()).toEqual([...uris].sort());
        } finally {
            server.stop();
        }
    });
});
