// The page's side of the layout worker (webview/layout-worker.ts, inlined into this bundle by
// esbuild.mjs as the `layout-worker-source` module): one layout at a time, and while one runs
// only the newest request waits, so typing never queues stale layouts. The worker keeps the
// laid-out maps; the page holds only what it draws, and asks the worker about the rest.
import layoutWorkerSource from 'layout-worker-source';
import type { DiagramModel, DiagramOptions, Rect, SourcePosition, SourceRange } from '../src/diagram/types.js';
import type { EchoedLeaf, FilledLeaf, SvgPieces } from './svg-pieces.js';

export type { EchoedLeaf, FilledLeaf };
import type { LabelEdit } from '../src/common/label-echo.js';

/** What the page knows of a laid-out map besides its pieces (`personas`: the journey's, for the persona filter). */
export interface MapSummary { version: number; diagramId: string; width: number; height: number; personas: { id: string; label: string }[] }

/**
 * A view of the shown model a toolbar click away, laid out ahead and sent unasked, whole: the page
 * draws it at the click without asking the worker. `generation`: the model it shows (layout
 * answers name theirs), `view`: its view options' key (prepared-layouts.ts: viewKey).
 */
export interface AheadView { generation: number; view: string; map: MapSummary; pieces: SvgPieces }

/**
 * The models to lay out: the chosen journey's model as the host sent it (`journey preview`), or
 * all of them as the worker holds them, by the key the page gave them (see ModelsUpdate).
 */
export type ModelSource = { diagram: DiagramModel } | { models: number };

/**
 * The host's models, to the worker (in the order the host sent them), under the page's `key`
 * for them: whole as JSON text, or what changed since those of the server's answer `base` (a
 * JsonChange as JSON text: parsed here, never on the page's main thread).
 * `answer`: the server's answer they are (the base of the next changes), when known.
 */
export type ModelsUpdate =
    | { key: number; text: string; answer?: string }
    | { key: number; base: string; answer: string; changes?: string };

/**
 * Where the page draws (sent with each layout): the part of the map it draws now, if it shows
 * one, and its viewport's size, with which a map it fits anew draws its first view (viewport.ts:
 * firstView, grown by `margin` as the page grows it). A big map's cards and flows far from these
 * come deferred, their markup after the answer (see the `fill` response).
 */
export interface PageView { drawn?: Rect; size: { width: number; height: number }; margin: number }

/**
 * `source` holds the full models; the worker lays out `journey` (the first if none has that id)
 * and applies `options` to it; models it no longer holds (newer ones came) are answered `superseded`.
 * `held`: the version whose pieces the page has drawn: pieces unchanged since then come without markup.
 * `echo`: label edits typed before the server answered: applied to the full models, and to the
 * map version `version` when only the edited cards change (answered with an EchoResult).
 */
export type WorkerRequest =
    | { type: 'layout'; id: number; source: ModelSource; journey: string; options: DiagramOptions; held?: number; view?: PageView }
    /** Answered `applied`: false when the changes are not from the models the worker holds (it keeps those). */
    | ({ type: 'models'; id: number } & ModelsUpdate)
    | { type: 'echo'; id: number; version: number; edits: LabelEdit[] }
    | { type: 'export'; id: number; version: number; theme: 'light' | 'dark' }
    | { type: 'source'; id: number; version: number; card: string }
    | { type: 'cardAt'; id: number; version: number; position: SourcePosition }
    /** The page painted version `version` after a toolbar click: keep it, send the views ready ahead, lay out those a click away. */
    | { type: 'shown'; id: number; version: number }
    /** The page dropped these views sent ahead (no longer a click away from the one it shows): it never draws them. */
    | { type: 'forget'; id: number; versions: number[] }
    /**
     * The page painted map version `version`, whose markup is partly still to come, or kept it
     * (dropping a newer one it was sent): the worker renders that version's now (not while the page paints).
     */
    | { type: 'painted'; id: number; version: number }
    /** The part of the map in the page's window, as it pans and zooms: the markup still to come is rendered nearest it first. */
    | { type: 'view'; id: number; rect: Rect };

export type WorkerResponse =
    | { id: number; map: MapSummary; pieces: SvgPieces; generation?: number }
    | { id: number; map: MapSummary; unchanged: true; generation?: number }
    | { id: number; superseded: true }
    | { id: number; applied: boolean }
    | { ahead: AheadView }
    /** The markup of deferred leaves (svg-pieces.ts) of the map the page was last sent, by id, unasked. */
    | { fill: FilledLeaf[] }
    | { id: number; shown: boolean }
    | { id: number; forgot: number }
    | { id: number; filling: boolean }
    | { id: number; svg: string }
    | { id: number; range?: SourceRange }
    | { id: number; card?: { id: string; box: Rect } }
    | ({ id: number } & EchoResult)
    | { id: number; error: string };

/**
 * What an echo did: the cards of the map patched (their markup at their offset: the rest of
 * the map stays as drawn, as version `version`), and the stage headings (their markup), or `relayout` (the layout moves: lay out the
 * edited models again), or nothing to draw (no edit in the map shown, or no models to edit).
 */
export type EchoResult =
    | { echoed: 'cards'; version: number; cards: EchoedLeaf[]; stages: EchoedLeaf[] }
    | { echoed: 'relayout' | 'nothing' };

type Query = Exclude<WorkerRequest, { type: 'layout' }>;
type Distribute<T> = T extends unknown ? Omit<T, 'id'> : never;
/**
 * A laid-out map's summary and its pieces, and the version they are the changes from (`held`);
 * no pieces: the page holds this very map already (version `held`), nothing to draw.
 * Undefined when a newer request superseded this one.
 */
export type LayoutResult = { map: MapSummary; pieces?: SvgPieces; held: number | undefined; generation?: number } | undefined;

interface Pending { request: WorkerRequest & { type: 'layout' }; held?: number; sameMap: boolean; resolve(result: LayoutResult): void; reject(error: Error): void }

export class LayoutWorker {
    private readonly worker: Worker;
    private nextId = 1;
    private running?: Pending;
    private waiting?: Pending;
    private readonly queries = new Map<number, { resolve(response: WorkerResponse): void; reject(error: Error): void }>();

    /**
     * `held`: the version of the map the page has drawn, read when a layout is sent (not when
     * asked for: one applied meanwhile changes it), so the worker diffs against what is drawn.
     */
    constructor(
        private readonly held: () => number | undefined, private readonly onAhead: (view: AheadView) => void = () => undefined,
        private readonly view: (sameMap: boolean) => PageView | undefined = () => undefined, private readonly onFill: (leaves: FilledLeaf[]) => void = () => undefined
    ) {
        const url = URL.createObjectURL(new Blob([layoutWorkerSource], { type: 'text/javascript' }));
        this.worker = new Worker(url);
        this.worker.addEventListener('message', event => this.answered(event.data as WorkerResponse));
        this.worker.addEventListener('error', event => this.failed(new Error(event.message || 'the layout worker failed')));
    }

    /** `sameMap`: the page shows this document's journey `journey` (it keeps its view; else it fits the map anew). */
    layout(source: ModelSource, journey: string, options: DiagramOptions, sameMap = false): Promise<LayoutResult> {
        return new Promise((resolve, reject) => {
            this.waiting?.resolve(undefined);
            this.waiting = { request: { type: 'layout', id: this.nextId++, source, journey, options }, sameMap, resolve, reject };
            this.startNext();
        });
    }

    /** No layout is under way or waiting. */
    get idle(): boolean {
        return !this.running && !this.waiting;
    }

    /**
     * A layout of another journey or other models than `journey` of `models` is under way or
     * waiting: its answer makes the worker forget the views it sent ahead for these.
     */
    laysOutOther(journey: string, models: number): boolean {
        return [this.running, this.waiting].some(pending => pending !== undefined
            && (pending.request.journey !== journey || !('models' in pending.request.source) || pending.request.source.models !== models));
    }

    /** Drops the layout waiting to be sent, if any (a view sent ahead was drawn instead). */
    dropWaiting(): void {
        this.waiting?.resolve(undefined);
        this.waiting = undefined;
    }

    /** Asks about a laid-out map the worker keeps (answered in order, between layouts). */
    ask(query: Distribute<Query>): Promise<WorkerResponse> {
        const request = { ...query, id: this.nextId++ } as Query;
        return new Promise((resolve, reject) => {
            this.queries.set(request.id, { resolve, reject });
            this.worker.postMessage(request);
        });
    }

    private startNext(): void {
        if (this.running || !this.waiting) return;
        this.running = this.waiting;
        this.waiting = undefined;
        const held = this.held();
        const view = this.view(this.running.sameMap);
        this.running.held = held;
        this.worker.postMessage({ ...this.running.request, ...(held !== undefined && { held }), ...(view && { view }) });
    }

    private answered(response: WorkerResponse): void {
        if ('ahead' in response) {
            this.onAhead(response.ahead);
            return;
        }
        if ('fill' in response) {
            this.onFill(response.fill);
            return;
        }
        const query = this.queries.get(response.id);
        if (query) {
            this.queries.delete(response.id);
            if ('error' in response) query.reject(new Error(response.error)); else query.resolve(response);
            return;
        }
        const running = this.running;
        if (!running || running.request.id !== response.id) return;
        this.running = undefined;
        if ('error' in response) running.reject(new Error(response.error));
        else if ('superseded' in response) running.resolve(undefined);
        else if ('map' in response) running.resolve({ map: response.map, ...('pieces' in response && { pieces: response.pieces }), held: running.held, generation: response.generation });
        // The next layout goes once the page has drawn (or dropped) this one: then `held` is what it holds.
        setTimeout(() => this.startNext(), 0);
    }

    private failed(error: Error): void {
        this.running?.reject(error);
        this.running = undefined;
        for (const query of this.queries.values()) query.reject(error);
        this.queries.clear();
        this.startNext();
    }
}
