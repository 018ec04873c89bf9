// When and in what order the layout worker renders a big map's deferred markup (map-pieces.ts):
// the version the page holds, once the page painted it (rendering while the page paints slows
// that paint on two cores) or after FILL_WAIT_MS, a chunk a task, what is nearest the page's
// view first (the view the page last told, as it pans and zooms).
import type { Rect } from '../src/diagram/types.js';
import type { DeferredLeaf } from './map-pieces.js';

/** The fill of a version sent starts once the page says it painted it, or after this wait. */
export const FILL_WAIT_MS = 1000;
/** Deferred leaves rendered at a time: some 20 ms of work, then the worker answers what waits. */
export const FILL_CHUNK = 800;

export interface Timers { set(run: () => void, ms: number): unknown; clear(timer: unknown): void }

const realTimers: Timers = { set: (run, ms) => setTimeout(run, ms), clear: timer => clearTimeout(timer as ReturnType<typeof setTimeout>) };

export class FillQueue {
    /** The version filled (the one the page holds, as far as the worker knows). */
    private version?: number;
    private timer?: unknown;
    private around?: Rect;
    /** The view each list of leaves is ordered for (farthest first: a chunk is taken from its end). */
    private readonly orderedFor = new WeakMap<DeferredLeaf[], Rect>();

    /**
     * `leavesOf`: the deferred leaves of a version still to fill (a list this queue consumes), not
     * read through until a chunk is rendered; `render`: renders a chunk of them and sends it to the page.
     */
    constructor(
        private readonly leavesOf: (version: number) => DeferredLeaf[] | undefined,
        private readonly render: (version: number, leaves: DeferredLeaf[]) => void,
        private readonly timers: Timers = realTimers
    ) {}

    /** Version `version` was sent to the page: its fill (a fill under way too) waits for the page's paint, or FILL_WAIT_MS. */
    sent(version: number): void {
        this.fill(version, FILL_WAIT_MS);
    }

    /** The page painted version `version` (or kept it, dropping a newer one): it is filled now. Whether any of it is still to fill. */
    painted(version: number): boolean {
        return this.fill(version, 0);
    }

    /** The page's view (map coordinates): what is nearest its centre is filled next. */
    view(rect: Rect): void {
        this.around = rect;
    }

    private fill(version: number, wait: number): boolean {
        this.version = version;
        if (this.timer !== undefined) this.timers.clear(this.timer);
        this.timer = undefined;
        if (!this.leavesOf(version)?.length) return false;
        this.timer = this.timers.set(() => this.step(), wait);
        return true;
    }

    private step(): void {
        this.timer = undefined;
        const version = this.version!;
        const leaves = this.leavesOf(version);
        if (!leaves?.length) return;
        const around = this.around;
        if (around && this.orderedFor.get(leaves) !== around) {
            farthestFirst(leaves, around);
            this.orderedFor.set(leaves, around);
        }
        this.render(version, leaves.splice(Math.max(0, leaves.length - FILL_CHUNK)).reverse());
        if (leaves.length > 0) this.timer = this.timers.set(() => this.step(), 0);
    }
}

/** Orders `leaves` in place by their distance from the centre of `around`, the farthest first. */
function farthestFirst(leaves: DeferredLeaf[], around: Rect): void {
    const cx = around.x + around.width / 2, cy = around.y + around.height / 2;
    const distance = ({ leaf: { box } }: DeferredLeaf) => box ? Math.hypot(box.x + box.width / 2 - cx, box.y + box.height / 2 - cy) : 0;
    const sorted = leaves.map(leaf => ({ leaf, d: distance(leaf) })).sort((a, b) => b.d - a.d);
    sorted.forEach(({ leaf }, i) => { leaves[i] = leaf; });
}
