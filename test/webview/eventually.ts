// Waits on the page's state with a safety net a loaded machine never reaches: vitest's
// expect.poll gives up after 1 s by default, which a busy CI runner's Chromium can take to lay
// out and draw a map. The state is read again every 50 ms until the assertion holds; only a
// page that never gets there fails, after PAGE_WITHIN_MS, with the assertion's own message.
// (Kept out of harness.ts, which the benchmarks bundle without vitest.)
import { expect } from 'vitest';
import { PAGE_WITHIN_MS } from './harness.js';

/** `expect.poll` with PAGE_WITHIN_MS as its timeout. */
export function eventually<T>(read: () => T | Promise<T>) {
    return expect.poll(read, { timeout: PAGE_WITHIN_MS, interval: 50 });
}
