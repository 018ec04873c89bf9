// The map view's index of boxed pieces (webview/box-index.ts): whatever the boxes and views,
// it finds every piece whose box meets a view, so a pan never leaves one undrawn or drawn.
import { describe, expect, test } from 'vitest';
import type { Rect } from '../../src/diagram/types.js';
import { BoxIndex } from '../../webview/box-index.js';

/** A small deterministic generator (the test must not depend on a seed it cannot print). */
function random(seed: number): () => number {
    return () => {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        return seed / 2147483648;
    };
}

const meets = (a: Rect, b: Rect) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe('box index', () => {
    test('finds every piece whose box meets either view: cards, long paths, bands across the map, pieces off the map', () => {
        const next = random(7);
        const items: { id: number; box?: Rect }[] = [];
        for (let id = 0; id < 3000; id++) {
            const kind = next();
            const box = kind < 0.7 ? { x: next() * 200_000, y: next() * 70_000, width: 150 + next() * 80, height: 40 + next() * 100 }
                : kind < 0.85 ? { x: next() * 200_000, y: next() * 70_000, width: 7000 * next(), height: 60 }
                    : kind < 0.9 ? { x: 0, y: next() * 70_000, width: 220_000, height: 44 }
                        : kind < 0.95 ? { x: -5000 * next(), y: -5000 * next(), width: 100, height: 100 }
                            : undefined;
            items.push(box ? { id, box } : { id });
        }
        const index = new BoxIndex(items);
        for (let i = 0; i < 200; i++) {
            const scale = 0.1 + next() * 4;
            const view = (): Rect => ({ x: next() * 210_000 - 5000, y: next() * 72_000 - 2000, width: 3200 / scale, height: 2000 / scale });
            const views = [view(), view()];
            const found = index.near(views);
            for (const item of items) {
                if (item.box && views.some(v => meets(item.box!, v))) expect(found.has(item), `${item.id} in ${JSON.stringify(views)}`).toBe(true);
            }
            expect([...found].some(item => !item.box)).toBe(false);
        }
        // A view over all of the map finds every boxed piece.
        expect(index.near([{ x: -1e7, y: -1e7, width: 2e7, height: 2e7 }]).size).toBe(items.filter(item => item.box).length);
    });
});
