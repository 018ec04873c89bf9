// The layout worker: the shared pipeline's view options, layout and SVG rendering, off the
// page's main thread. The page starts it from a blob: URL (webview/layout.ts), the only worker
// source its CSP allows; nothing here or in ELK needs eval. It keeps the laid-out maps: the page
// gets only the pieces it draws (and of those, only the ones whose markup changed since the
// version it holds), and asks here for a card's source, the card at the cursor or an export.
import elkApi from 'elkjs/lib/elk-api.js';
import elkWorkerSource from 'elk-worker-source';
import { layoutDiagram, rewrappedCards, rewrappedStage } from '../src/diagram/layout.js';
import { renderSvg } from '../src/diagram/svg.js';
import type { CardBox, DiagramCard, DiagramModel, DiagramOptions, LaidOutDiagram, Rect, SourcePosition } from '../src/diagram/types.js';
import type { LabelEdit } from '../src/common/label-echo.js';
import { applyViewOptions, showsFullView } from '../src/diagram/view-options.js';
import type { EchoResult, MapSummary, ModelSource, ModelsUpdate, PageView, WorkerRequest, WorkerResponse } from './layout.js';
import { applyJsonChanges } from '../src/common/json-changes.js';
import { parseJsonChange } from '../src/common/webview-messages.js';
import { splitSvg, type SvgPiece, type SvgPieces } from './svg-pieces.js';
import { AHEAD_OVER_MARK, oneClickApart, PreparedLayouts, viewKey } from './prepared-layouts.js';
import { MapPieces, type DeferredLeaf } from './map-pieces.js';
import { FillQueue } from './fill-queue.js';
import { firstView, rectInView } from './viewport.js';
import { shareUnchanged } from './shared-models.js';
import { errorMessage } from '../src/common/errors.js';

// ELK itself runs in a worker of this worker, started through elkjs's workerFactory from a
// blob: URL: elkjs's script, loaded into a worker scope, takes that scope over as ELK's own
// worker, so it cannot share this one. elk-api.js is CommonJS: its exports object is the
// constructor, also `.default` (the typed one).
const elkUrl = URL.createObjectURL(new Blob([elkWorkerSource], { type: 'text/javascript' }));
const elk = new elkApi.default({ workerFactory: () => new Worker(elkUrl) });

/**
 * A version of the map the page may hold: its layout, its pieces (with their markup), and the
 * full model and view options it shows (`source` undefined: unknown, as after an echo of a model not shown).
 */
interface Kept { laidOut: LaidOutDiagram; pieces: SvgPieces; source?: DiagramModel; view: string; options?: DiagramOptions; deferred?: DeferredLeaf[] }
/** The version the page holds, the newest one sent, the one the last echo made, and the views sent ahead for the model shown: no other is kept. */
const kept = new Map<number, Kept>();
let lastVersion = 0;
/**
 * The host's last models, under the page's key for them: `truth` as the server answered (answer
 * `answer`: the next changes apply to these), `current` with the edits echoed since (what is laid
 * out: the same array when there were none). `text`: the JSON they were parsed from, if whole.
 */
let models: { key: number; answer?: string; text?: string; truth: DiagramModel[]; current: DiagramModel[] } | undefined;
/** The last journey sent as an object. */
let lastObject: DiagramModel | undefined;
/** The newest version an echo made: the page may hold it although its last layout request named the one before. */
let echoVersion: number | undefined;
/**
 * The model whose views laid out ahead are sent to the page (a toolbar click then draws one
 * without asking), its generation (which the page matches them by), and the version each view
 * was sent as, by view key: kept while that model is laid out.
 */
let offeredFor: DiagramModel | undefined;
/** Views are sent ahead up to this much markup (the bench's 60-touchpoint map: 92,000 characters; 1,000 touchpoints: 1.4 million). */
const OFFER_MAX_CHARS = 512 * 1024;
const markupSizes = new WeakMap<SvgPieces, number>();
/** All the views sent ahead and not forgotten by the page hold no more markup than this (a model with many personas and lanes has many views a click away). */
const OFFERED_MAX_CHARS = 2 * OFFER_MAX_CHARS;
let offeredGeneration = 0;
const offered = new Map<string, number>();
/**
 * The view the page shows, as far as the worker knows (the last layout answered, or the last
 * `shown`): only the views a click away from it are sent ahead (the page keeps no others), and
 * those the page forgot since are not sent again.
 */
let offeredAround: string | undefined;
const declined = new Set<string>();
/** The pieces' markup drawn before, by what it draws. */
const mapPieces = new MapPieces();
/**
 * A laid-out view and its pieces, made when first needed: near the page's view (the rest
 * deferred) for a layout the page asked for, whole for a view sent ahead.
 */
interface LaidOutView { laidOut: LaidOutDiagram; map?: SvgPieces }
/** Laid-out views of the journey last laid out, by options (the toolbar's next ones laid out ahead). */
const layouts = new PreparedLayouts<LaidOutView>(async (diagram, options) => {
    // Options that show the full view give the same model again (test/diagram/options.test.ts): a pass over 30,000 cards saved.
    const laidOut = await layoutDiagram(showsFullView(options) ? diagram : applyViewOptions(diagram, options), elk);
    return { laidOut };
}, (step, ms) => setTimeout(() => {
    // Each step of the work ahead comes after the wait (the model stood still, or a click was
    // painted) or after the view before it was laid out: the views ready by then go to the page.
    if (offeredFor) offerReady(offeredFor);
    step();
}, ms));

/** Marks the work ahead over (AHEAD_OVER_MARK), one mark at a time (an observer sees each as it is made): a long session would pile them up. */
function markAheadOver(): void {
    performance.clearMarks(AHEAD_OVER_MARK);
    performance.mark(AHEAD_OVER_MARK);
}

// What is kept, for the tests (views sent ahead must not pile up in a long session).
(self as unknown as { journeyKept: () => { kept: number; offered: number; offeredChars: number } }).journeyKept = () => ({ kept: kept.size, offered: offered.size, offeredChars: offeredChars() });

self.addEventListener('message', event => {
    const request = (event as MessageEvent<WorkerRequest>).data;
    void answer(request).then(response => self.postMessage(response));
});

async function answer(request: WorkerRequest): Promise<WorkerResponse> {
    const { id } = request;
    try {
        if (request.type === 'layout') {
            const diagram = chosen(request.source, request.journey);
            if (!diagram) return { id, superseded: true };
            return { id, ...await layout(diagram, request.options, request.held, 'models' in request.source, request.view) };
        }
        if (request.type === 'models') return { id, applied: takeModels(request) };
        if (request.type === 'echo') return { id, ...echo(request.version, request.edits) };
        if (request.type === 'shown') return { id, shown: await shownAhead(request.version) };
        if (request.type === 'forget') return { id, forgot: forget(request.versions) };
        if (request.type === 'painted') return { id, filling: fills.painted(request.version) };
        if (request.type === 'view') {
            fills.view(request.rect);
            return { id, filling: true };
        }
        const laidOut = kept.get(request.version)?.laidOut;
        if (!laidOut) throw new Error(`map version ${request.version} is gone`);
        switch (request.type) {
            case 'export': return { id, svg: renderSvg(laidOut, { standalone: true, theme: request.theme }) };
            case 'source': return { id, range: laidOut.diagram.cards.find(c => c.id === request.card)?.range };
            case 'cardAt': {
                const card = innermostCardAt(laidOut.diagram.cards, request.position);
                const box = card && laidOut.cards.find(b => b.id === card.id);
                return { id, card: card && box ? { id: card.id, box: { x: box.x, y: box.y, width: box.width, height: box.height } } : undefined };
            }
        }
    } catch (error) {
        return { id, error: errorMessage(error) };
    }
}

/** The journey to lay out; undefined when the page asks for models the worker no longer holds (newer ones came). */
function chosen(source: ModelSource, journey: string): DiagramModel | undefined {
    if ('diagram' in source) {
        // A journey sent as an object (`journey preview`) shares the unchanged parts of the one before.
        const before = lastObject?.id === source.diagram.id ? lastObject : undefined;
        lastObject = before ? shareUnchanged(before, source.diagram) : source.diagram;
        return lastObject;
    }
    if (models?.key !== source.models) return undefined;
    const diagram = models.current.find(d => d.id === journey) ?? models.current[0];
    if (!diagram) throw new Error('the message has no journey');
    return diagram;
}

/**
 * Takes the host's next models: parsed from text, or the changes applied to the models of their
 * base (false, and the models kept, when those are not the ones held or the changes do not fit
 * them). The edits echoed since are dropped: the host's models are the truth. Unchanged parts keep
 * their objects (shareUnchanged): a model equal to the one laid out before is that object.
 */
function takeModels(update: ModelsUpdate): boolean {
    let next: DiagramModel[];
    if ('text' in update) {
        if (models && models.text === update.text && models.current === models.truth) {
            models = { ...models, key: update.key, answer: update.answer };
            return true;
        }
        next = JSON.parse(update.text) as DiagramModel[];
    } else {
        if (models?.answer === undefined || models.answer !== update.base) return false;
        try {
            next = update.changes === undefined ? models.truth : applyJsonChanges(models.truth, parseJsonChange(update.changes));
        } catch {
            return false;
        }
    }
    const shared = models ? shareUnchanged(models.current, next) : next;
    models = { key: update.key, ...(update.answer !== undefined && { answer: update.answer }), ...('text' in update && { text: update.text }), truth: shared, current: shared };
    return true;
}

/**
 * `ahead`: lay out the next toolbar clicks' views ahead; only for models the worker holds (sent
 * as text or as changes to those it holds; models sent as objects arrive as new ones with every message).
 */
async function layout(diagram: DiagramModel, options: DiagramOptions, held: number | undefined, ahead: boolean, pageView: PageView | undefined): Promise<{ map: MapSummary; pieces: SvgPieces; generation?: number } | { map: MapSummary; unchanged: true; generation?: number }> {
    const view = viewKey(options);
    const holding = held === undefined ? undefined : kept.get(held);
    if (ahead) offerFor(diagram);
    const generation = ahead ? { generation: offeredGeneration } : {};
    // The page shows this very model with these options (a confirmed echo, a message sent again): nothing to draw.
    if (holding && holding.source === diagram && holding.view === view) {
        fills.sent(held!);
        // Its views a click away are laid out ahead all the same (a later request may have stopped that
        // work), when this view is still at hand: not laid out again only to learn how long it takes.
        if (ahead) prepareAroundKept(diagram, options, view);
        return { map: summary(held!, holding.laidOut, diagram), unchanged: true, ...generation };
    }
    const { value, ms } = await layouts.get(diagram, options);
    const laidOut = value.laidOut;
    const near = pageView && nearView(pageView, laidOut);
    const piecesStart = performance.now();
    const map = value.map ??= mapPieces.pieces(laidOut, near);
    // The pieces count as the view's work too (see AHEAD_MAX_MS): a view laid out ahead gets them at once.
    const viewMs = ms + performance.now() - piecesStart;
    if (near) fills.view(near[0]);
    if (ahead) aroundView(view);
    const version = ++lastVersion;
    const children = changes(map.children, holding?.pieces.children);
    dropKeptBut(held);
    // Its own list of what is still to fill (a view laid out before may be sent again, partly filled).
    const deferred = mapPieces.deferredOf(map).filter(({ leaf }) => leaf.deferred !== undefined);
    kept.set(version, { laidOut, pieces: map, source: diagram, view, options, ...(deferred.length > 0 && { deferred }) });
    // The next toolbar clicks' views, laid out (and sent to the page) while the page draws this one.
    if (ahead) layouts.prepareNext(diagram, options, viewMs, markAheadOver);
    fills.sent(version);
    return { map: summary(version, laidOut, diagram), pieces: { ...map, children }, ...generation };
}

/** After an answer with nothing to draw: the work ahead around the view the page holds, else its end told at once. */
function prepareAroundKept(diagram: DiagramModel, options: DiagramOptions, view: string): void {
    if (!layouts.ready(diagram).some(ready => viewKey(ready.options) === view)) return markAheadOver();
    void layouts.get(diagram, options).then(({ ms }) => layouts.prepareNext(diagram, options, ms, markAheadOver), () => markAheadOver());
}

/** The parts of the map the page draws: the part it draws now, and the first view of this map. */
function nearView(view: PageView, laidOut: LaidOutDiagram): Rect[] {
    const first = rectInView(firstView(laidOut, view.size), view.size, view.margin);
    return view.drawn ? [view.drawn, first] : [first];
}

/** The deferred markup of the version the page holds, rendered and sent to it (`fill`) once the page painted it. */
const fills = new FillQueue(version => kept.get(version)?.deferred, (version, leaves) => {
    const filled = mapPieces.fill(kept.get(version)!.laidOut, leaves);
    if (filled.length > 0) self.postMessage({ fill: filled } satisfies WorkerResponse);
});

/** Keeps only the version the page holds, a newer echo's, and the views sent ahead (the page may draw one). */
function dropKeptBut(held: number | undefined): void {
    const sent = new Set(offered.values());
    for (const old of [...kept.keys()]) if (old !== held && !isNewerEcho(old, held) && !sent.has(old)) kept.delete(old);
}

/** Views are sent ahead for `diagram` from now on: those of another model are forgotten. */
function offerFor(diagram: DiagramModel | undefined): void {
    if (diagram === offeredFor) return;
    offeredFor = diagram;
    offeredGeneration++;
    offered.clear();
    aroundView(undefined);
}

/** The page shows `view` (see offeredAround). */
function aroundView(view: string | undefined): void {
    if (view === offeredAround) return;
    offeredAround = view;
    declined.clear();
}

/** The page dropped these views sent ahead: they are forgotten here too (never drawn, so never asked about). */
function forget(versions: number[]): number {
    const dropped = new Set(versions);
    let forgot = 0;
    for (const [view, version] of offered) {
        if (!dropped.has(version)) continue;
        offered.delete(view);
        declined.add(view);
        kept.delete(version);
        forgot++;
    }
    return forgot;
}

/**
 * Sends the page a view of `diagram` laid out ahead, whole, once, as a version of its own; small
 * maps only (OFFER_MAX_CHARS): receiving a big one would cost the page a long task after every keystroke.
 */
function offer(diagram: DiagramModel, options: DiagramOptions, value: LaidOutView): void {
    const view = viewKey(options);
    if (diagram !== offeredFor || offered.has(view) || declined.has(view) || (offeredAround !== undefined && !oneClickApart(offeredAround, view))) return;
    const laidOut = value.laidOut;
    const map = value.map ??= mapPieces.pieces(laidOut);
    // Sent whole: a view whose markup is still to come (rendered near the page's view) waits until it is complete.
    if (mapPieces.deferredOf(map).some(({ leaf }) => leaf.deferred !== undefined)) return;
    const chars = markupChars(map);
    if (chars > OFFER_MAX_CHARS || chars + offeredChars() > OFFERED_MAX_CHARS) return;
    const version = ++lastVersion;
    kept.set(version, { laidOut, pieces: map, source: diagram, view, options });
    offered.set(view, version);
    const response: WorkerResponse = { ahead: { generation: offeredGeneration, view, map: summary(version, laidOut, diagram), pieces: map } };
    self.postMessage(response);
}

/** The markup of all pieces, in characters (a view's pieces are laid out once, so counted once). */
function markupChars(pieces: SvgPieces): number {
    let chars = markupSizes.get(pieces);
    if (chars === undefined) {
        const count = (list: SvgPiece[]): number => list.reduce((sum, p) => sum + (p.markup?.length ?? 0) + (p.open?.length ?? 0) + (p.close?.length ?? 0) + (p.children ? count(p.children) : 0), 0);
        chars = pieces.open.length + count(pieces.children);
        markupSizes.set(pieces, chars);
    }
    return chars;
}

/** The markup of the views sent ahead that the page may hold. */
function offeredChars(): number {
    let chars = 0;
    for (const version of offered.values()) {
        const entry = kept.get(version);
        if (entry) chars += markupChars(entry.pieces);
    }
    return chars;
}

function offerReady(diagram: DiagramModel): void {
    for (const { options, value } of layouts.ready(diagram)) offer(diagram, options, value);
}

/**
 * The page painted version `version` after a toolbar click (a view sent ahead, or laid out when
 * asked): the views laid out already go to it now, and those a click away are laid out (and sent) next.
 */
async function shownAhead(version: number): Promise<boolean> {
    const entry = kept.get(version);
    if (!entry?.source || !entry.options || entry.source !== offeredFor) return false;
    aroundView(entry.view);
    dropKeptBut(version);
    const diagram = entry.source, options = entry.options;
    const { ms } = await layouts.get(diagram, options);
    offerReady(diagram);
    layouts.prepareNext(diagram, options, ms, markAheadOver);
    return true;
}

/**
 * The pieces as they go to the page, against the ones it holds (`old`): a leaf it holds unchanged
 * goes without markup (it keeps its element), and without its place and box when those did not
 * change either; a group whose children all stayed as they were goes without children. A
 * keystroke sends one card, not all. The laid-out pieces stay as they are: a view laid out
 * ahead may be drawn again later.
 */
function changes(pieces: SvgPiece[], old: SvgPiece[] | undefined): SvgPiece[] {
    const before = old && new Map(old.map(piece => [piece.key, piece]));
    return pieces.map(piece => changed(piece, before?.get(piece.key)));
}

function changed(piece: SvgPiece, old: SvgPiece | undefined): SvgPiece {
    if (piece.children) {
        if (old?.children && old.open === piece.open && old.close === piece.close && sameLeaves(old.children, piece.children)) {
            return { key: piece.key, open: piece.open, close: piece.close, kept: true };
        }
        return { ...piece, children: changes(piece.children, old?.children) };
    }
    // A deferred leaf goes without its place and box: they come with its markup.
    if (!old || !sameContent(old, piece)) return piece.deferred === undefined ? piece : { key: piece.key, deferred: piece.deferred };
    const { markup: _, deferred: ____, ...rest } = piece;
    if (piece.deferred === undefined && !(sameRect(old.offset, piece.offset) && sameRect(old.box, piece.box))) return { ...rest, kept: true };
    const { offset: __, box: ___, ...unmoved } = rest;
    return { ...unmoved, kept: true };
}

/** The same leaves in the same order, each with the same markup, place and box (markup drawn before is the same string: see map-pieces.ts). */
function sameLeaves(a: SvgPiece[], b: SvgPiece[]): boolean {
    if (a === b) return true;
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) {
        const x = a[i], y = b[i];
        if (x.children || y.children || x.key !== y.key || !sameContent(x, y) || !sameRect(x.offset, y.offset) || !sameRect(x.box, y.box)) return false;
    }
    return true;
}

/** The page holding leaf `old` holds `piece`'s markup (or awaits the same deferred one). */
function sameContent(old: SvgPiece, piece: SvgPiece): boolean {
    return piece.markup !== undefined ? old.markup === piece.markup : piece.deferred !== undefined && old.deferred === piece.deferred;
}

function summary(version: number, laidOut: LaidOutDiagram, diagram: DiagramModel): MapSummary {
    const personas = diagram.personas.map(p => ({ id: p.id, label: p.label }));
    return { version, diagramId: laidOut.diagram.id, width: laidOut.width, height: laidOut.height, personas };
}

/**
 * Label edits typed before the server answered. The full models take them (a toolbar click, or
 * a layout the page asked for before it drew this echo, lays them out); the map version the page
 * holds takes them too when no card's size or column width changes: then only the edited cards
 * are drawn anew, as the next version of the map.
 */
function echo(version: number, edits: LabelEdit[]): EchoResult {
    if (!models) return { echoed: 'nothing' };
    // The views laid out ahead hold the old texts.
    layouts.clear();
    offerFor(undefined);
    const held = kept.get(version);
    const before = held?.source && models.current.includes(held.source) ? held.source : undefined;
    // New objects for what the edits change (never changed in place: layouts and markup are remembered by object).
    models.current = models.current.map(diagram => withTexts(diagram, edits.filter(e => e.journey === diagram.id)).diagram);
    if (!held) return { echoed: 'relayout' };
    const mine = edits.filter(e => e.journey === held.laidOut.diagram.id);
    if (mine.length === 0) return { echoed: 'nothing' };
    // The map drawn is the models through the view options: copies of cards, its own stage list.
    const { diagram, changed } = withTexts(held.laidOut.diagram, mine);
    const notes = diagram.cards.some(c => changed.has(c.id) && c.kind === 'touchpoint' && c.evidenceNote !== undefined);
    if (notes) return { echoed: 'relayout' };
    const laidOut = { ...held.laidOut, diagram };
    const stageIds = new Set(mine.filter(e => e.kind === 'stage').map(e => e.id));
    if (stageIds.size > 0) {
        laidOut.columns = [...laidOut.columns];
        for (const id of stageIds) {
            const column = rewrappedStage(laidOut, id);
            if (!column) return { echoed: 'relayout' };
            laidOut.columns[laidOut.columns.findIndex(c => c.stage === id)] = column;
        }
    }
    const boxes = changed.size > 0 ? rewrappedCards(laidOut, changed) : [];
    if (!boxes) return { echoed: 'relayout' };
    const index = new Map(laidOut.cards.map((box, i) => [box.id, i]));
    laidOut.cards = [...laidOut.cards];
    for (const box of boxes) laidOut.cards[index.get(box.id)!] = box;
    const cards = boxes.length > 0 ? cardMarkup(laidOut, boxes) : [];
    const stages = stageIds.size > 0 ? stageMarkup(laidOut, stageIds) : [];
    const markup = new Map([...cards, ...stages].map(piece => [piece.key, piece.markup]));
    // New pieces for those drawn anew (the held ones may be a view's laid out ahead).
    const pieces = { ...held.pieces, children: held.pieces.children.map(part => (part.key !== 'cards' && part.key !== 'columns') || !part.children ? part : {
        ...part, children: part.children.map(piece => markup.has(piece.key) ? withMarkup(piece, markup.get(piece.key)!) : piece)
    }) };
    const next = ++lastVersion;
    kept.delete(version);
    // It shows the edited full model when it showed the full model the edits were made to.
    const source = before && models.current.find(d => d.id === before.id);
    // What was still to fill, but the cards whose markup the edit brings (nothing to go through once the map is filled).
    const deferred = held.deferred?.length ? held.deferred.filter(({ group, leaf }) => group !== 'cards' || !markup.has(leaf.key)) : undefined;
    kept.set(next, { laidOut, pieces, view: held.view, ...(source && { source }), ...(deferred?.length && { deferred }) });
    echoVersion = next;
    fills.sent(next);
    const places = new Map(boxes.map(box => [box.id, box]));
    const placed = cards.map(card => {
        const box = places.get(card.key);
        return box ? { ...card, offset: { x: box.x, y: box.y }, box: { x: box.x, y: box.y, width: box.width, height: box.height } } : card;
    });
    return { echoed: 'cards', version: next, cards: placed, stages };
}

/**
 * A model with the edited texts: cards by id (and their copies), stage labels, and the touchpoint
 * label drawn on the cards that hang on an edited touchpoint; the same object when nothing
 * changes. `changed`: the ids of the cards changed.
 */
function withTexts(diagram: DiagramModel, edits: LabelEdit[]): { diagram: DiagramModel; changed: Set<string> } {
    const changed = new Set<string>();
    if (edits.length === 0) return { diagram, changed };
    const cardTexts = new Map(edits.filter(e => e.kind === 'card').map(e => [e.id, e.text]));
    const stageLabels = new Map(edits.filter(e => e.kind === 'stage').map(e => [e.id, e.text]));
    const stages = diagram.stages.map(stage => stageLabels.has(stage.id) ? { ...stage, label: stageLabels.get(stage.id)! } : stage);
    const cards = diagram.cards.map(card => {
        const text = cardTexts.get(card.kind === 'touchpoint' && card.copyOf ? card.copyOf : card.id);
        const label = card.touchpoint === undefined || card.touchpointLabel === undefined ? undefined : cardTexts.get(card.touchpoint);
        if (text === undefined && label === undefined) return card;
        changed.add(card.id);
        return { ...card, ...(text !== undefined && { text }), ...(label !== undefined && { touchpointLabel: label }) };
    });
    if (changed.size === 0 && stageLabels.size === 0) return { diagram, changed };
    return { diagram: { ...diagram, stages, cards }, changed };
}

/** A leaf with new markup (no longer deferred, if it was). */
function withMarkup(piece: SvgPiece, markup: string): SvgPiece {
    const { deferred: _, ...rest } = piece;
    return { ...rest, markup };
}

/** The markup of `boxes`' cards, as pieces() makes it (drawn at the origin: the page keeps their offsets). */
function cardMarkup(laidOut: LaidOutDiagram, boxes: CardBox[]): { key: string; markup: string }[] {
    const ids = new Set(boxes.map(b => b.id));
    const alone: LaidOutDiagram = {
        ...laidOut, diagram: { ...laidOut.diagram, cards: laidOut.diagram.cards.filter(c => ids.has(c.id)) },
        cards: boxes.map(b => ({ ...b, x: 0, y: 0 })), columns: [], lanes: [], rows: [], edges: [], personas: [], notes: undefined, emotion: undefined
    };
    const cards = splitSvg(renderSvg(alone, { theme: 'vscode' })).children.find(p => p.key === 'cards')?.children ?? [];
    return cards.map(card => ({ key: card.key, markup: card.markup ?? '' }));
}

/** The markup of the headings of stages `ids` (the columns' pieces: their place is in their markup). */
function stageMarkup(laidOut: LaidOutDiagram, ids: ReadonlySet<string>): { key: string; markup: string }[] {
    const columnsOnly: LaidOutDiagram = { ...laidOut, cards: [], rows: [], edges: [], personas: [], notes: undefined, emotion: undefined };
    const columns = splitSvg(renderSvg(columnsOnly, { theme: 'vscode' })).children.find(p => p.key === 'columns')?.children ?? [];
    const keys = new Set([...ids].map(id => `stage:${id}`));
    return columns.filter(piece => keys.has(piece.key)).map(piece => ({ key: piece.key, markup: piece.markup ?? '' }));
}

/**
 * The version an echo made after the one the page named when it asked for this layout: the page
 * may have drawn it meanwhile (it then lays out anew: see preview.ts), so it stays.
 */
function isNewerEcho(version: number, held: number | undefined): boolean {
    return version === echoVersion && (held === undefined || version > held);
}

function sameRect(a: Partial<Rect> | undefined, b: Partial<Rect> | undefined): boolean {
    return a === b || (!!a && !!b && a.x === b.x && a.y === b.y && a.width === b.width && a.height === b.height);
}

/** The card whose source holds `position`: the innermost one. */
function innermostCardAt(cards: DiagramCard[], position: SourcePosition): DiagramCard | undefined {
    let best: DiagramCard | undefined;
    for (const card of cards) {
        if (!contains(card.range, position)) continue;
        if (!best || contains(best.range, card.range.start) && contains(best.range, card.range.end)) best = card;
    }
    return best;
}

function contains(range: DiagramCard['range'], p: SourcePosition): boolean {
    const afterStart = p.line > range.start.line || (p.line === range.start.line && p.character >= range.start.character);
    const beforeEnd = p.line < range.end.line || (p.line === range.end.line && p.character <= range.end.character);
    return afterStart && beforeEnd;
}
