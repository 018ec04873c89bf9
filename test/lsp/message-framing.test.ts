// The server's input guard (src/server/message-framing.ts) on its own: frames cut anywhere by
// the pipe come out whole and in order, and a big message (a 10,000-touchpoint map opened, or
// sent whole by a client that syncs full texts) costs time in proportion to its size.
import fc from 'fast-check';
import { performance } from 'node:perf_hooks';
import { describe, expect, test } from 'vitest';
import { MessageFramingGuard } from '../../src/server/message-framing.js';

const frame = (body: string) => Buffer.concat([Buffer.from(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n`, 'latin1'), Buffer.from(body)]);

/** What the guard passes on for `chunks`, as the strings of its frames' bodies, and what it reported. */
function through(chunks: Buffer[]): { bodies: string[]; problems: string[] } {
    const problems: string[] = [];
    const guard = new MessageFramingGuard(problem => problems.push(problem));
    const out: Buffer[] = [];
    guard.on('data', (frameBytes: Buffer) => out.push(Buffer.from(frameBytes)));
    for (const chunk of chunks) guard.write(chunk);
    guard.end();
    const bodies = out.map(bytes => bytes.subarray(bytes.indexOf('\r\n\r\n') + 4).toString());
    return { bodies, problems };
}

function cut(bytes: Buffer, sizes: number[]): Buffer[] {
    const chunks: Buffer[] = [];
    let at = 0;
    for (let i = 0; at < bytes.length; i++) {
        const size = Math.max(1, sizes[i % sizes.length] ?? bytes.length);
        chunks.push(bytes.subarray(at, at + size));
        at += size;
    }
    return chunks;
}

describe('the message framing guard', () => {
    test('frames cut into chunks anywhere come out whole, in order, and none is dropped', async () => {
        const body = fc.string({ unit: fc.constantFrom('a', 'é', '"', '\r', '\n', '中', '😀', ':'), maxLength: 300 }).map(text => JSON.stringify({ jsonrpc: '2.0', method: 'x', params: { text } }));
        fc.assert(fc.property(fc.array(body, { minLength: 1, maxLength: 6 }), fc.array(fc.integer({ min: 1, max: 400 }), { minLength: 1, maxLength: 10 }), (bodies, sizes) => {
            const result = through(cut(Buffer.concat(bodies.map(frame)), sizes));
            expect(result.problems).toEqual([]);
            expect(result.bodies).toEqual(bodies);
        }), { numRuns: 300, seed: 20261127 });
    });

    test('a 4 MB message in 512-byte chunks takes time in proportion to its size, not to its size times its chunks', () => {
        const big = JSON.stringify({ jsonrpc: '2.0', method: 'textDocument/didOpen', params: { text: 'touchpoint T { emotion 1 }\n'.repeat(150_000) } });
        const chunks = cut(Buffer.concat([frame(big), frame('{"jsonrpc":"2.0","method":"exit"}')]), [512]);
        const start = performance.now();
        const result = through(chunks);
        const ms = performance.now() - start;
        expect(result.bodies.map(b => b.length)).toEqual([big.length, 33]);
        // Copying what came so far at each chunk (8,000 chunks) moved 16 GB: tens of seconds. Linear, it is well under one.
        expect(ms).toBeLessThan(4000);
    });
});
