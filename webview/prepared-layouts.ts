// The layout worker's laid-out maps by view options, for the journey it last laid out, and the
// ones a toolbar click can ask for next (the other row grouping, each persona filter, each lane
// shown or hidden), laid out ahead in idle time so that the click only has to draw. Small maps
// only: one layout ahead can delay a request that arrives meanwhile by one layout of that map.
import { LANE_IDS, type DiagramModel, type DiagramOptions, type LaneId } from '../src/diagram/types.js';

/** Maps that take longer than this to lay out are not laid out ahead (a request could wait that long). */
export const AHEAD_MAX_MS = 40;
/**
 * Lay out ahead once the model stood still this long after a new model (typing), or after a
 * toolbar click once its map is painted: on two cores, work ahead would slow that paint down.
 */
export const AHEAD_IDLE_MS = 300;
export const AHEAD_AFTER_CLICK_MS = 100;
/** Laid-out views kept for one journey (the oldest goes first). */
export const KEPT_VIEWS = 24;
/**
 * The layout worker's performance mark when its work ahead is over (`prepareNext`'s `over`): seen
 * in the devtools' performance panel, and what the preview's tests wait for before a click.
 */
export const AHEAD_OVER_MARK = 'journey: work ahead over';

export interface Prepared<T> { value: T; ms: number }

export class PreparedLayouts<T> {
    private diagram?: DiagramModel;
    private readonly views = new Map<string, Promise<Prepared<T>>>();
    /** The views of `views` laid out by now, with their options. */
    private readonly done = new Map<string, { options: DiagramOptions; value: T }>();
    /** Counts requests: the idle work of an older one stops. */
    private generation = 0;
    /** The last request kept the model and changed only the options (a toolbar click). */
    private optionsOnly = false;

    /**
     * `prepare` lays a view of a model out; `schedule` runs a step later (setTimeout in the
     * worker): the first after the wait, each next once the view before is laid out (see ready).
     */
    constructor(
        private readonly prepare: (diagram: DiagramModel, options: DiagramOptions) => Promise<T>,
        private readonly schedule: (step: () => void, ms: number) => void = (step, ms) => setTimeout(step, ms)
    ) {}

    /** `diagram` as `options` show it: the view laid out ahead, or laid out now. A new model drops the views of the old one. */
    get(diagram: DiagramModel, options: DiagramOptions): Promise<Prepared<T>> {
        this.generation++;
        this.optionsOnly = diagram === this.diagram;
        if (!this.optionsOnly) {
            this.diagram = diagram;
            this.views.clear();
            this.done.clear();
        }
        return this.view(diagram, options);
    }

    /**
     * Forgets every view and stops the work ahead: for a change of the models in place (the same
     * objects with other content, as a label edit's echo makes), which `get` cannot see.
     */
    clear(): void {
        this.generation++;
        this.diagram = undefined;
        this.views.clear();
        this.done.clear();
    }

    /** The views of `diagram` laid out by now (none unless it is the model last asked for). */
    ready(diagram: DiagramModel): { options: DiagramOptions; value: T }[] {
        return diagram === this.diagram ? [...this.done.values()] : [];
    }

    /**
     * After a request was answered: lays out, one per task, the views a toolbar click away from
     * `options`. `over` is told when that work is over: those views laid out (or one failed), or
     * none to lay out for a map too slow for it; not when a newer request stops it (that one's is).
     */
    prepareNext(diagram: DiagramModel, options: DiagramOptions, layoutMs: number, over: () => void = () => undefined): void {
        if (diagram !== this.diagram) return;
        if (layoutMs > AHEAD_MAX_MS) return over();
        const generation = this.generation;
        // Each view once, and no more than can be kept with the one shown: laying out past that
        // would drop the first ones laid out ahead, then lay them out again, without end.
        const next = nextOptions(diagram, options).slice(0, KEPT_VIEWS - 1);
        let index = 0;
        const current = () => generation === this.generation && diagram === this.diagram;
        const step = () => {
            if (!current()) return;
            if (index >= next.length) return over();
            // A failure ends the work ahead, but says so only if no newer request has taken over (its own work will say).
            void this.view(diagram, next[index++]).then(() => this.schedule(step, 0), () => current() && over());
        };
        this.schedule(step, this.optionsOnly ? AHEAD_AFTER_CLICK_MS : AHEAD_IDLE_MS);
    }

    private view(diagram: DiagramModel, options: DiagramOptions): Promise<Prepared<T>> {
        const key = viewKey(options);
        let view = this.views.get(key);
        if (!view) {
            const start = performance.now();
            const laidOut = this.prepare(diagram, options).then(value => ({ value, ms: performance.now() - start }));
            view = laidOut;
            this.views.set(key, view);
            void laidOut.then(({ value }) => {
                if (this.views.get(key) === laidOut) this.done.set(key, { options, value });
            }, () => undefined);
            // A failed layout is not kept: the next request tries again (and reports its error).
            view.catch(() => this.views.get(key) === view && this.views.delete(key));
            if (this.views.size > KEPT_VIEWS) {
                const oldest = this.views.keys().next().value!;
                this.views.delete(oldest);
                this.done.delete(oldest);
            }
        }
        return view;
    }
}

/** Options that show the same map have the same key (applyViewOptions reads only these). */
export function viewKey(options: DiagramOptions): string {
    const lanes = new Set(options.lanes ?? LANE_IDS);
    return JSON.stringify([options.groupBy ?? 'channel', LANE_IDS.filter(lane => lanes.has(lane)), options.persona || '']);
}

/**
 * Two views (by viewKey) a toolbar click apart: the other row grouping, another persona filter, or
 * one lane shown or hidden, the rest the same. The worker and the page both keep only the views
 * sent ahead a click away from the one shown, by this one rule.
 */
export function oneClickApart(a: string, b: string): boolean {
    const [groupA, lanesA, personaA] = JSON.parse(a) as [string, string[], string];
    const [groupB, lanesB, personaB] = JSON.parse(b) as [string, string[], string];
    const lanes = new Set([...lanesA, ...lanesB]).size * 2 - lanesA.length - lanesB.length;
    return Number(groupA !== groupB) + Number(personaA !== personaB) + lanes === 1;
}

/** The options one toolbar click away, likeliest first: the other row grouping, a persona filter, a lane shown or hidden. */
export function nextOptions(diagram: DiagramModel, options: DiagramOptions): DiagramOptions[] {
    const groupBy = options.groupBy ?? 'channel';
    const lanes = options.lanes ?? LANE_IDS;
    const persona = options.persona || undefined;
    const base: DiagramOptions = { groupBy, lanes: [...lanes], ...(persona !== undefined && { persona }) };
    const next: DiagramOptions[] = [{ ...base, groupBy: groupBy === 'channel' ? 'persona' : 'channel' }];
    for (const p of [undefined, ...diagram.personas.map(p => p.id)]) {
        if (p === persona) continue;
        const { persona: _, ...rest } = base;
        next.push(p === undefined ? rest : { ...rest, persona: p });
    }
    const present = new Set<LaneId>(diagram.lanes.map(l => l.id));
    for (const lane of LANE_IDS) {
        if (!present.has(lane)) continue;
        next.push({ ...base, lanes: lanes.includes(lane) ? lanes.filter(l => l !== lane) : LANE_IDS.filter(l => l === lane || lanes.includes(l)) });
    }
    return next;
}
