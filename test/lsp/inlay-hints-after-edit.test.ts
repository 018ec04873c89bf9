// Inlay hints after an edit of a big map, over the real server (stdio). A persona's hint counts the
// touchpoints that name it, read from the reference index, which an edit leaves to be rebuilt for the
// edited map: about a second of work on a 5 MB map. That work must pause for the messages that come
// meanwhile, as Langium's own passes do: a hover sent while it runs is answered first, and a keystroke
// that comes meanwhile ends the now stale request (ContentModified) instead of waiting for hints of a
// text the editor no longer shows. A hover on a persona, a channel or a team (which counts the touchpoints
// naming it, from the same index) likewise. Ordering only, no timing: the answer of a small request on
// another document says the hints are under way (long-requests.test.ts does the same).
import { ResponseError } from 'vscode-jsonrpc/node.js';
import { LSPErrorCodes, type InlayHint, type PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BIG, openBigAndSmall, WITHIN_MS, type BigAndSmall } from './big-and-small.js';
import type { StdioServer } from './stdio-server.js';

/** The third persona's line only (personas come first): one hint, so the request's work after its index is one count. */
const INES_LINE = BIG.split('\n').findIndex(line => line.startsWith('persona Inès '));

let workspace: BigAndSmall | undefined;
let server: StdioServer;
let bigUri: string;
let smallUri: string;
let text = BIG;
let version = 1;
let builds = 0;
const built = new Set<() => void>();

beforeAll(async () => {
    workspace = await openBigAndSmall('journey-hints-edit-');
    ({ server, bigUri, smallUri } = workspace);
    // From here on each build of the big map counts (this replaces the helper's own diagnostics handler).
    server.connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
        if (params.uri !== bigUri) return;
        builds++;
        built.forEach(check => check());
    });
}, WITHIN_MS);

afterAll(() => workspace?.close());

/** Resolves once the big map's diagnostics were published `count` times in all (a build of it done). */
function untilBuilt(count: number): Promise<void> {
    return new Promise(resolve => {
        const check = () => {
            if (builds < count) return;
            built.delete(check);
            resolve();
        };
        built.add(check);
        check();
    });
}

function positionOf(offset: number) {
    const lines = text.slice(0, offset).split('\n');
    return { line: lines.length - 1, character: lines[lines.length - 1].length };
}

/** Replaces `old` (its first occurrence after `after`) with `replacement` in the editor, as a keystroke or a paste; returns the build count that marks its build. */
async function edit(old: string, replacement: string, after = 0): Promise<number> {
    const offset = text.indexOf(old, after);
    const range = { start: positionOf(offset), end: positionOf(offset + old.length) };
    text = text.slice(0, offset) + replacement + text.slice(offset + old.length);
    await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri: bigUri, version: ++version }, contentChanges: [{ range, text: replacement }] });
    return builds + 1;
}

/** A keystroke in the first stage's goal, then its build: the reference index of the map is to be rebuilt. */
async function typeInGoal(): Promise<void> {
    await untilBuilt(await edit("de l'étape 0", "de l'étape 0x"));
}

const inesHints = () => server.connection.sendRequest<InlayHint[]>('textDocument/inlayHint', {
    textDocument: { uri: bigUri }, range: { start: { line: INES_LINE, character: 0 }, end: { line: INES_LINE + 1, character: 0 } }
});
const smallSymbols = () => server.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri: smallUri } });

/** Settles with the answer or the error, recording in `order` when it did. */
function track<T>(order: string[], name: string, request: Promise<T>): Promise<T | ResponseError<unknown>> {
    return request.then(answer => { order.push(name); return answer; }, (error: ResponseError<unknown>) => { order.push(name); return error; });
}

/** The touchpoint count a hint's label gives ("goes through 3,334 touchpoints in …"). */
function touchpointsIn(hint: InlayHint): number {
    return Number(/^goes through ([\d,]+) touchpoint/u.exec(String(hint.label))![1].replaceAll(',', ''));
}

describe('inlay hints after an edit of a big map', () => {
    test('a hover sent while the hints rebuild the edited map\'s index is answered first', async () => {
        await typeInGoal();
        const order: string[] = [];
        const hints = track(order, 'hints', inesHints());
        // Answered once the hints are under way: the hover is sent while they run.
        await track(order, 'small', smallSymbols());
        const late = text.indexOf(' next P9000') + ' next P90'.length;
        const hover = await track(order, 'hover', server.connection.sendRequest<{ contents: { value: string } }>('textDocument/hover', {
            textDocument: { uri: bigUri }, position: positionOf(late)
        }));
        const answer = await hints;
        expect(order).toEqual(['small', 'hover', 'hints']);
        expect(hover).toMatchObject({ contents: { value: expect.stringContaining('P9000') } });
        expect(answer).toHaveLength(1);
    }, WITHIN_MS);

    test('a keystroke while the hints rebuild the index ends them; hints asked again count the new text', async () => {
        await typeInGoal();
        const before = touchpointsIn((await inesHints())[0]);
        await typeInGoal();
        const order: string[] = [];
        const stale = track(order, 'hints', inesHints());
        await track(order, 'small', smallSymbols());
        // One touchpoint that names Inès alone now names Lectrice: her hint counts one touchpoint less.
        const done = await edit('personas Inès emotion', 'personas Lectrice emotion', text.indexOf('touchpoint P'));
        const answer = await stale;
        expect(order).toEqual(['small', 'hints']);
        expect(answer).toBeInstanceOf(ResponseError);
        expect((answer as ResponseError<unknown>).code).toBe(LSPErrorCodes.ContentModified);
        await untilBuilt(done);
        const after = await inesHints();
        expect(after).toHaveLength(1);
        expect(touchpointsIn(after[0])).toBe(before - 1);
        expect(server.stderr()).not.toMatch(/unhandled rejection|TypeError|RangeError/);
    }, WITHIN_MS);
});

describe('a hover that counts usage, after an edit of a big map', () => {
    const personaHover = () => server.connection.sendRequest<{ contents: { value: string } }>('textDocument/hover', {
        textDocument: { uri: bigUri }, position: { line: INES_LINE, character: 'persona I'.length }
    });

    test('brings the edited map\'s index up to date pausing: a request sent after it is answered first', async () => {
        await typeInGoal();
        const order: string[] = [];
        const hover = track(order, 'hover', personaHover());
        await track(order, 'small', smallSymbols());
        const answer = await hover;
        expect(order).toEqual(['small', 'hover']);
        expect(answer).toMatchObject({ contents: { value: expect.stringMatching(/Inès[\s\S]*[\d,]+ touchpoints/u) } });
    }, WITHIN_MS);

    test('a keystroke while it brings the index up to date ends it (ContentModified)', async () => {
        await typeInGoal();
        const order: string[] = [];
        const stale = track(order, 'hover', personaHover());
        await track(order, 'small', smallSymbols());
        const done = await edit("de l'étape 0", "de l'étape 0y");
        const answer = await stale;
        expect(answer).toBeInstanceOf(ResponseError);
        expect((answer as ResponseError<unknown>).code).toBe(LSPErrorCodes.ContentModified);
        await untilBuilt(done);
        expect(await personaHover()).toMatchObject({ contents: { value: expect.stringContaining('Inès') } });
    }, WITHIN_MS);
});
