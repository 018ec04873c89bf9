// When and in what order the layout worker fills a big map's deferred markup (webview/fill-queue.ts),
// on a clock the test moves.
import { describe, expect, test } from 'vitest';
import type { Rect } from '../../src/diagram/types.js';
import { FILL_CHUNK, FILL_WAIT_MS, FillQueue, type Timers } from '../../webview/fill-queue.js';
import type { DeferredLeaf } from '../../webview/map-pieces.js';

/** Timers run when the test moves the clock. */
class Clock implements Timers {
    now = 0;
    private timers = new Map<number, { at: number; run: () => void }>();
    private next = 1;
    set(run: () => void, ms: number): unknown {
        this.timers.set(this.next, { at: this.now + ms, run });
        return this.next++;
    }
    clear(timer: unknown): void {
        this.timers.delete(timer as number);
    }
    /** Runs the next timer only (moving the clock to it). */
    runOne(): void {
        const due = [...this.timers].sort((a, b) => a[1].at - b[1].at || a[0] - b[0])[0];
        if (!due) return;
        this.timers.delete(due[0]);
        this.now = due[1].at;
        due[1].run();
    }
    /** Moves to `to`, running the timers due on the way, in order. */
    advance(to: number): void {
        for (;;) {
            const due = [...this.timers].filter(([, t]) => t.at <= to).sort((a, b) => a[1].at - b[1].at || a[0] - b[0])[0];
            if (!due) break;
            this.timers.delete(due[0]);
            this.now = due[1].at;
            due[1].run();
        }
        this.now = to;
    }
}

/** A map's cards in a row, 200 wide: leaf i is at x = 200 i. */
function row(count: number, first = 1): DeferredLeaf[] {
    return Array.from({ length: count }, (_, i) => ({ group: 'cards', leaf: { key: `card${i}`, deferred: first + i, box: { x: 200 * i, y: 0, width: 180, height: 100 } } }));
}

function queue(versions: Map<number, DeferredLeaf[]>) {
    const clock = new Clock();
    const rendered: { version: number; at: number; keys: string[] }[] = [];
    const fills = new FillQueue(version => versions.get(version), (version, leaves) => rendered.push({ version, at: clock.now, keys: leaves.map(l => l.leaf.key) }), clock);
    return { clock, rendered, fills };
}

/** A view centred on the card at x. */
const view = (x: number): Rect => ({ x: x + 90 - 500, y: 0, width: 1000, height: 800 });
const xOf = (key: string) => 200 * Number(key.slice(4));

describe('the fill of deferred markup', () => {
    test('fills the version the page says it painted, not a newer one the page dropped', () => {
        const versions = new Map([[1, row(2 * FILL_CHUNK)], [2, row(2 * FILL_CHUNK, 5000)]]);
        const { clock, rendered, fills } = queue(versions);
        fills.view(view(0));
        fills.sent(1);
        expect(fills.painted(1)).toBe(true);
        clock.runOne();
        // A keystroke's layout is sent; the page drops it (the text broke meanwhile) and says it holds version 1.
        fills.sent(2);
        expect(fills.painted(1)).toBe(true);
        clock.advance(FILL_WAIT_MS * 3);
        expect(rendered.map(r => r.version)).toEqual([1, 1]);
        expect(versions.get(1)).toEqual([]);
        expect(versions.get(2)).toHaveLength(2 * FILL_CHUNK);
    });

    test('waits for the paint of each version sent: a timer armed for the version before does not start it, nor does a fill under way go on', () => {
        const { clock, rendered, fills } = queue(new Map([[1, row(3 * FILL_CHUNK)], [2, row(3 * FILL_CHUNK, 9000)]]));
        fills.sent(1);
        clock.advance(600);
        fills.sent(2);
        // Version 1's wait is over, version 2's is not.
        clock.advance(FILL_WAIT_MS + 100);
        expect(rendered).toEqual([]);
        clock.advance(600 + FILL_WAIT_MS);
        expect(rendered.map(r => [r.version, r.at])).toEqual([[2, 1600], [2, 1600], [2, 1600]]);

        // A fill under way for version 1, then version 2 sent: the page draws it, nothing is rendered until it painted it.
        const next = queue(new Map([[1, row(3 * FILL_CHUNK)], [2, row(3 * FILL_CHUNK, 9000)]]));
        next.fills.painted(1);
        next.clock.runOne();
        expect(next.rendered).toHaveLength(1);
        next.fills.sent(2);
        next.clock.advance(500);
        expect(next.rendered).toHaveLength(1);
        next.fills.painted(2);
        next.clock.advance(500);
        expect(next.rendered.map(r => r.version)).toEqual([1, 2, 2, 2]);
    });

    test('fills what is nearest the view the page last told first, as it pans', () => {
        const { clock, rendered, fills } = queue(new Map([[1, row(4 * FILL_CHUNK)]]));
        fills.view(view(0));
        fills.painted(1);
        // One chunk rendered: the one nearest the view's centre.
        clock.runOne();
        const first = rendered.shift()!.keys.map(xOf);
        expect(Math.max(...first)).toBeLessThan(200 * FILL_CHUNK);
        expect(first[0]).toBe(0);
        // Panned to the map's far end: the next chunk is there, nearest first.
        const far = 200 * (4 * FILL_CHUNK - 1);
        fills.view(view(far));
        clock.runOne();
        const second = rendered[0].keys.map(xOf);
        expect(second[0]).toBe(far);
        expect(Math.min(...second)).toBeGreaterThan(200 * 3 * FILL_CHUNK - 1000);
        clock.advance(10);
        expect(rendered.flatMap(r => r.keys)).toHaveLength(3 * FILL_CHUNK);
    });

    test('a version sent is not read through: its leaves are ordered when a chunk is rendered, once for each view', () => {
        const leaves = row(3 * FILL_CHUNK);
        let reads = 0;
        const counted = new Proxy(leaves, {
            get(target, key, receiver) {
                if (typeof key === 'string' && /^\d+$/.test(key)) reads++;
                return Reflect.get(target, key, receiver) as unknown;
            }
        });
        const { clock, rendered, fills } = queue(new Map([[1, counted]]));
        fills.view(view(3000));
        // Sent with every keystroke echoed or laid out: no pass over the leaves.
        for (let i = 0; i < 10; i++) fills.sent(1);
        expect(reads).toBe(0);
        fills.painted(1);
        clock.runOne();
        expect(rendered).toHaveLength(1);
        const ordering = reads;
        expect(ordering).toBeGreaterThan(3 * FILL_CHUNK);
        // The view the same: the next chunk is taken as ordered, its leaves only read.
        reads = 0;
        clock.runOne();
        expect(rendered).toHaveLength(2);
        expect(reads).toBeLessThanOrEqual(FILL_CHUNK);
    });
});
