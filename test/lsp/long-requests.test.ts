// Long requests on a big map must pause and let other messages in, over the real server (stdio):
// semantic tokens, inlay hints, document symbols and the preview's diagram walk a 10,000-touchpoint
// tree for most of a second. A small request
// on another document sent right after must be answered first (the walk pauses for it), and a
// cancellation sent while the walk runs must end it with a cancellation answer (the walk reads it at
// a pause). Ordering only, no timing: the small request's answer is the sign the walk has paused.
import { CancellationTokenSource, ResponseError } from 'vscode-jsonrpc/node.js';
import { LSPErrorCodes } from 'vscode-languageserver-protocol';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SHARED_DECLARATIONS } from '../../bench/generate-maps.js';
import { BIG, openBigAndSmall, WITHIN_MS, type BigAndSmall } from './big-and-small.js';
import type { StdioServer } from './stdio-server.js';

let workspace: BigAndSmall | undefined;
let server: StdioServer;
let bigUri: string;
let smallUri: string;

beforeAll(async () => {
    workspace = await openBigAndSmall('journey-long-requests-');
    ({ server, bigUri, smallUri } = workspace);
}, WITHIN_MS);

afterAll(() => workspace?.close());

const lines = BIG.split('\n').length;
const LONG_REQUESTS = [
    { method: 'textDocument/semanticTokens/full', params: () => ({ textDocument: { uri: bigUri } }) },
    { method: 'textDocument/inlayHint', params: () => ({ textDocument: { uri: bigUri }, range: { start: { line: 0, character: 0 }, end: { line: lines, character: 0 } } }) },
    { method: 'textDocument/documentSymbol', params: () => ({ textDocument: { uri: bigUri } }) }
];

/**
 * The preview's request: its answer is megabytes of models (8 MB of JSON here). Its build is one
 * synchronous step (src/diagram), read for a cancellation before and after: a cancellation that comes
 * while it builds ends it after the build, before its answer is sent.
 */
const DIAGRAM = { method: 'journey/diagram', params: () => ({ uri: bigUri }) };

/** The requests a client cancels as the user moves on: the outline, the preview. */
const CANCELLED_EARLY = [LONG_REQUESTS[2], DIAGRAM];

/** Settles with 'answer' or the error, recording in `order` when it did. */
function track(order: string[], name: string, request: Promise<unknown>): Promise<unknown> {
    return request.then(answer => { order.push(name); return answer; }, (error: unknown) => { order.push(name); return error; });
}

describe('long requests on a big map pause for other messages', () => {
    for (const { method, params } of LONG_REQUESTS) {
        test(`${method}: a small request on another document sent just after is answered first`, async () => {
            const order: string[] = [];
            const long = track(order, 'long', server.connection.sendRequest(method, params()));
            const small = track(order, 'small', server.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri: smallUri } }));
            const [longAnswer, smallAnswer] = await Promise.all([long, small]);
            expect(order).toEqual(['small', 'long']);
            expect(smallAnswer).toMatchObject([{ name: 'Petit' }]);
            expect(longAnswer).not.toBeInstanceOf(ResponseError);
        }, WITHIN_MS);

    }

    for (const { method, params } of LONG_REQUESTS) {
        test(`${method}: cancelled while it walks, it answers with a cancellation`, async () => {
            const order: string[] = [];
            const source = new CancellationTokenSource();
            const long = track(order, 'long', server.connection.sendRequest(method, params(), source.token));
            // Answered while the long request is under way: cancel it then.
            await track(order, 'small', server.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri: smallUri } }));
            source.cancel();
            const answer = await long;
            expect(order).toEqual(['small', 'long']);
            expect(answer).toBeInstanceOf(ResponseError);
            expect((answer as ResponseError<unknown>).code).toBe(LSPErrorCodes.RequestCancelled);
        }, WITHIN_MS);
    }

    for (const { method, params } of CANCELLED_EARLY) {
        test(`${method}: cancelled at once, it ends well before a completed one would`, async () => {
            const started = performance.now();
            const whole = await server.connection.sendRequest(method, params());
            const completed = performance.now() - started;
            expect(whole).not.toBeInstanceOf(ResponseError);
            // A server may answer whole what it finished before the cancellation reached it: under load (a fresh
            // clone's CI run) the diagram, built in one step, was answered before it. So: asked again, up to five
            // times; one at least ends with a cancellation, and every other answer is whole.
            for (let attempt = 1; attempt <= 5; attempt++) {
                const source = new CancellationTokenSource();
                const cancelledAt = performance.now();
                const long = track([], 'long', server.connection.sendRequest(method, params(), source.token));
                // The cancellation follows the request at once, as when the user moves on.
                source.cancel();
                const answer = await long;
                const cancelled = performance.now() - cancelledAt;
                if (!(answer instanceof ResponseError)) {
                    expect(JSON.stringify(answer).length).toBe(JSON.stringify(whole).length);
                    continue;
                }
                expect((answer as ResponseError<unknown>).code).toBe(LSPErrorCodes.RequestCancelled);
                // Generous: a request that stops at its next pause ends in a fraction of the whole.
                expect(cancelled, `cancelled after ${Math.round(cancelled)} ms, completed in ${Math.round(completed)} ms`).toBeLessThan(completed);
                return;
            }
            expect.fail('answered whole five times though cancelled at once each time');
        }, WITHIN_MS);
    }

    test('semantic tokens requests in flight together each get their own whole answer', async () => {
        const full = { textDocument: { uri: bigUri } };
        const alone = await server.connection.sendRequest<{ data: number[] }>('textDocument/semanticTokens/full', full);
        const range = { textDocument: { uri: bigUri }, range: { start: { line: 0, character: 0 }, end: { line: 200, character: 0 } } };
        const rangeAlone = await server.connection.sendRequest<{ data: number[] }>('textDocument/semanticTokens/range', range);
        // Each pauses while the others walk: a builder shared between them would mix their tokens.
        const together = await Promise.all([
            server.connection.sendRequest<{ data: number[] }>('textDocument/semanticTokens/full', full),
            server.connection.sendRequest<{ data: number[] }>('textDocument/semanticTokens/range', range),
            server.connection.sendRequest<{ data: number[] }>('textDocument/semanticTokens/full', full),
            server.connection.sendRequest<{ data: number[] }>('textDocument/semanticTokens/full', full)
        ]);
        // Compared as text: a diff of arrays of 100,000 numbers takes vitest minutes.
        const text = (answer: { data: number[] }) => answer.data.join(' ');
        expect(together.map(answer => text(answer) === text(alone) || text(answer) === text(rangeAlone))).toEqual([true, true, true, true]);
        expect(together.map(answer => answer.data.length)).toEqual([alone.data.length, rangeAlone.data.length, alone.data.length, alone.data.length]);
    }, WITHIN_MS);

    test('after all this, the answers are whole: tokens for every touchpoint, a hint per persona', async () => {
        const tokens = await server.connection.sendRequest<{ data: number[] }>('textDocument/semanticTokens/full', { textDocument: { uri: bigUri } });
        // Each touchpoint's declared name is one token at least (5 numbers a token).
        expect(tokens.data.length / 5).toBeGreaterThan(10_000);
        const hints = await server.connection.sendRequest<unknown[]>('textDocument/inlayHint', LONG_REQUESTS[1].params());
        expect(hints.length).toBe((SHARED_DECLARATIONS.match(/^\s*persona /gmu) ?? []).length);
        expect(server.stderr()).not.toMatch(/unhandled rejection|TypeError|RangeError/);
    }, WITHIN_MS);
});
