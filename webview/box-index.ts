// The drawn map's boxed pieces by where they are (a grid of square cells), so that a pan looks
// only at the pieces in the view it leaves and the one it enters, not at all of them: at 10,000
// touchpoints a map has some 40,000 boxed pieces and a pan shows a hundred.
import type { Rect } from '../src/diagram/types.js';

/** Cell side (map px): about a card column by a few lanes. */
const CELL = 1024;
/** A piece over more cells than this (a band across the map) is listed apart and always looked at. */
const MAX_CELLS = 64;
/** Cell coordinates are kept within ±OFFSET (a map 65 million px wide is beyond any layout). */
const OFFSET = 1 << 15;

export class BoxIndex<T extends { box?: Rect }> {
    private readonly cells = new Map<number, T[]>();
    private readonly large: T[] = [];

    /** Items without a box are not indexed (they are drawn wherever the view is). */
    constructor(items: Iterable<T>) {
        for (const item of items) this.add(item);
    }

    /** Indexes one more item (a piece whose box came after the others: see MapView.fill). */
    add(item: T): void {
        if (!item.box) return;
        const [x0, y0, x1, y1] = cellSpan(item.box);
        if ((x1 - x0 + 1) * (y1 - y0 + 1) > MAX_CELLS) {
            this.large.push(item);
            return;
        }
        for (let x = x0; x <= x1; x++) {
            for (let y = y0; y <= y1; y++) {
                const key = cellKey(x, y);
                const list = this.cells.get(key);
                if (list) list.push(item); else this.cells.set(key, [item]);
            }
        }
    }

    /** The items whose cells meet any of `rects`: all of those whose box meets them, and some near them. */
    near(rects: Rect[]): Set<T> {
        const found = new Set<T>(this.large);
        for (const rect of rects) {
            const [x0, y0, x1, y1] = cellSpan(rect);
            // A view wider than the map holds cells with nothing: look only at those that hold something.
            if ((x1 - x0 + 1) * (y1 - y0 + 1) > this.cells.size) {
                for (const [key, list] of this.cells) if (inSpan(key, x0, y0, x1, y1)) for (const item of list) found.add(item);
                continue;
            }
            for (let x = x0; x <= x1; x++) {
                for (let y = y0; y <= y1; y++) {
                    for (const item of this.cells.get(cellKey(x, y)) ?? []) found.add(item);
                }
            }
        }
        return found;
    }
}

/** Whether two boxes overlap (edges touching do not). */
export function intersects(a: Rect, b: Rect): boolean {
    return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

function cellSpan(box: Rect): [number, number, number, number] {
    const cell = (v: number) => Math.max(-OFFSET + 1, Math.min(OFFSET - 1, Math.floor(v / CELL)));
    return [cell(box.x), cell(box.y), cell(box.x + box.width), cell(box.y + box.height)];
}

function cellKey(x: number, y: number): number {
    return (x + OFFSET) * 2 * OFFSET + (y + OFFSET);
}

function inSpan(key: number, x0: number, y0: number, x1: number, y1: number): boolean {
    const x = Math.floor(key / (2 * OFFSET)) - OFFSET, y = key % (2 * OFFSET) - OFFSET;
    return x >= x0 && x <= x1 && y >= y0 && y <= y1;
}
