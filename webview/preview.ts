// The preview page: receives the full diagram models from its host (the extension, or the
// CLI's shim), has the shared pipeline apply the toolbar's view options, lay them out and draw
// them in a worker (ELK included), patches the drawn map with what changed, and reports clicks
// and exports back to the host. Toolbar choices stay in the page: no round trip. The worker
// keeps the laid-out map: the page gets only the pieces that changed, and asks it the rest.
import { laneLabel } from '../src/diagram/words.js';
import { matchLocale, t } from '../src/i18n/index.js';
import { LANE_IDS, type DiagramOptions, type GroupBy, type LaneId, type SourcePosition } from '../src/diagram/types.js';
import {
    checkDiagramChangesMessage, checkEchoMessage, journeyNames, restoredPreviewState, type DiagramChangesMessage, type DiagramError, type DiagramMessage, type EchoMessage, type HostToWebviewMessage,
    type JourneyName, type PackedDiagramMessage, type PreviewHostApi, type PreviewState, type WebviewToHostMessage
} from '../src/common/webview-messages.js';
import { button, checkbox, dropdown, radioGroup, registerControls, type CheckboxControl, type Choice } from './controls.js';
import { LayoutWorker, type AheadView, type FilledLeaf, type MapSummary, type ModelSource, type ModelsUpdate } from './layout.js';
import { oneClickApart, viewKey } from './prepared-layouts.js';
import type { SvgPieces } from './svg-pieces.js';
import { MapView } from './map-view.js';
import { Viewport } from './viewport.js';
import { errorMessage, LOG_PREFIX } from '../src/common/errors.js';

/** Cards and flows are drawn this far (in window sizes) around the window, so a short pan finds them drawn. */
const DRAW_MARGIN = 0.5;

declare function acquireVsCodeApi(): PreviewHostApi;

/**
 * A diagram of the host, as the page keeps it: the models stay in the worker (`models`: the page's
 * key for them there), unless they came as objects (`diagrams`: tests, older hosts).
 */
interface Received {
    uri: string;
    options: DiagramOptions;
    errors: DiagramError[];
    journeys: JourneyName[];
    source: { models: number } | { diagrams: DiagramMessage['diagrams'] };
}

/** What is on screen: the laid-out journey (the worker keeps it) and the document it came from. */
interface Shown {
    uri: string;
    map: MapSummary;
    /** The message had no error: this map may stand in while the text is broken. */
    good: boolean;
}

/** The page's nonce, read while this script runs: the SVG's `<style>` needs it to pass the CSP. */
const nonce = (document.currentScript as HTMLScriptElement | null)?.nonce ?? '';
const host = acquireHost();
// Where the page draws goes with each layout: a big map's markup comes first for what is there, the rest after it (mapView.fill).
// The part drawn now only for the map shown (another is fitted anew: its first view is what it draws).
const layoutWorker = new LayoutWorker(() => held, keepAhead, sameMap => ({ ...(sameMap && drawnRect && { drawn: drawnRect }), size: viewport.size(), margin: DRAW_MARGIN }), filled);
/**
 * The toolbar's language, which the host writes in `<html lang>`: VS Code's display language in
 * the extension, the map's locale in `journey preview`. The map itself speaks its own (its model's).
 */
const ui = matchLocale(document.documentElement.lang);

// Saved by whichever version's page showed it last: what is no longer good is left out.
const state: PreviewState = restoredPreviewState(host.getState?.());
let options: DiagramOptions = state.options ?? {};
/** The options of the host's last message: when they change (settings), they replace the toolbar's. */
let hostOptions: string | undefined;
let shown: Shown | undefined;
let latest: Received | undefined;
/** The key of the models last sent to the worker, and of the last ones sent whole (the updates before those are moot). */
let modelsKey = 0;
let wholeKey = 0;
/** Updates of the models go to the worker one after the other, in the order the host sent them. */
let updates: Promise<void> = Promise.resolve();
/** Changes were lost (rejected, or for models the worker does not hold): the changes until the models come whole are moot. */
let wantWhole = false;
let renderSeq = 0;
/** Counts what was drawn (maps and echoes): `#canvas[data-revision]`, which tests and the bench wait on. */
let paints = 0;
/** Echoes apply one after the other: each patches the map version the one before made. */
let echoes: Promise<void> = Promise.resolve();
let cursor: { uri: string; position: SourcePosition } | undefined;
/** Set while the controls are updated from a message, so their change events are not taken for the user's. */
let syncing = false;
let choicesKey = '';

const toolbar = document.getElementById('toolbar')!;
const banner = document.getElementById('banner')!;
const viewportElement = document.getElementById('viewport')!;
const canvas = document.getElementById('canvas')!;
const status = document.getElementById('status')!;
const mapView = new MapView(canvas, nonce);
const viewport = new Viewport(viewportElement, canvas, () => scheduleDrawInView());
/** The part of the map cards and flows are drawn in (map coordinates). */
let drawnRect: { x: number; y: number; width: number; height: number } | undefined;
let drawScheduled = false;
/** Counts the views a pan drew in slices: only the last one's end clears `#canvas[data-drawing]`. */
let viewSeq = 0;
/** The version of the map whose pieces the map view holds (the worker sends only what changed since). */
let held: number | undefined;
/**
 * Views of the shown model a toolbar click away, laid out ahead and sent by the worker unasked,
 * by view key: a click finds its view here and draws it at once, with no round trip to the
 * worker. They show the models of `aheadFor` (the worker's `aheadGeneration`).
 */
const ahead = new Map<string, AheadView>();
let aheadGeneration: number | undefined;
let aheadFor: Received | undefined;
/** The view key of the map shown: of the views sent ahead, only those a click away from it are kept. */
let shownView: string | undefined;
/** The card at the cursor, as the worker last answered (marked again when its markup comes: see filled). */
let cursorCard: string | undefined;
/** When the page last told the worker its view (tellView), and whether a later view waits to be told. */
let viewToldAt = -Infinity;
let viewTellTimer: ReturnType<typeof setTimeout> | undefined;
/** Counts cursor highlights, so an older answer of the worker never overrides a newer one. */
let highlightSeq = 0;
/** A card was marked as at the cursor since the marks were last cleared. */
let highlighting = false;

registerControls();
const journeyPicker = dropdown(t(ui, 'preview.journey'), value => {
    if (syncing) return;
    state.journey = value;
    saveState();
    if (latest) void show(latest);
});
const personaFilter = dropdown(t(ui, 'preview.persona'), value => changeOptions({ persona: value || undefined }));
const grouping = radioGroup(t(ui, 'preview.rowsBy'), [
    { value: 'channel', label: t(ui, 'preview.byChannel') },
    { value: 'persona', label: t(ui, 'preview.byPersona') }
], options.groupBy ?? 'channel', value => changeOptions({ groupBy: value as GroupBy }));
const laneBoxes = new Map<LaneId, CheckboxControl>(LANE_IDS.map(lane => [lane, checkbox(laneLabel(lane, ui), true, checked => {
    const shown = new Set(options.lanes ?? LANE_IDS);
    if (checked) shown.add(lane); else shown.delete(lane);
    changeOptions({ lanes: LANE_IDS.filter(id => shown.has(id)) });
})]));
buildToolbar();

window.addEventListener('message', event => {
    const message = event.data as HostToWebviewMessage | undefined;
    if (!message || typeof message !== 'object') return;
    if (message.type === 'diagram') {
        received(message);
    } else if (message.type === 'diagramChanges') {
        let changes: DiagramChangesMessage;
        try {
            changes = checkDiagramChangesMessage(message);
        } catch (error) {
            console.warn(`${LOG_PREFIX} ignored a diagram change:`, errorMessage(error));
            // Lost in its turn: the changes after it are from the models it made.
            const key = ++modelsKey;
            updates = updates.then(() => lost(key));
            return;
        }
        received(changes);
    } else if (message.type === 'echo') {
        // The views laid out ahead hold the texts before the edit.
        forgetAhead();
        let echo: EchoMessage;
        try {
            echo = checkEchoMessage(message);
        } catch (error) {
            console.warn(`${LOG_PREFIX} ignored an echo:`, errorMessage(error));
            return;
        }
        echoes = echoes.then(() => applyEcho(echo)).catch(error => console.warn(`${LOG_PREFIX} the echo failed:`, errorMessage(error)));
    } else if (message.type === 'cursor') {
        cursor = { uri: message.uri, position: message.position };
        highlightAtCursor(true);
    }
});
canvas.addEventListener('click', event => {
    const card = (event.target as Element | null)?.closest?.('.card');
    const id = card?.getAttribute('data-id');
    const clicked = shown;
    if (!id || !clicked) return;
    void layoutWorker.ask({ type: 'source', version: clicked.map.version, card: id }).then(answer => {
        if ('range' in answer && answer.range) post({ type: 'reveal', uri: clicked.uri, range: answer.range });
    }, error => console.warn(`${LOG_PREFIX} no source for ${id}:`, error));
});
post({ type: 'ready' });

function acquireHost(): PreviewHostApi {
    if (typeof acquireVsCodeApi === 'function') return acquireVsCodeApi();
    // Opened without a host: the page still draws what it is sent; what it sends goes nowhere.
    console.warn(`${LOG_PREFIX} the preview has no host (acquireVsCodeApi is missing)`);
    return { postMessage: () => undefined };
}

/**
 * A diagram of the host: its models go to the worker (whole, or what changed), then it is drawn.
 * Changes for models the worker does not hold are not drawn: the host is asked for them whole.
 */
function received(message: DiagramMessage | PackedDiagramMessage | DiagramChangesMessage): void {
    const { uri, options, errors } = message;
    if ('diagrams' in message) {
        latest = { uri, options, errors, journeys: journeyNames(message.diagrams), source: { diagrams: message.diagrams } };
        void show(latest);
        return;
    }
    const key = ++modelsKey;
    const whole = message.type === 'diagram';
    if (whole) wholeKey = key;
    const update: ModelsUpdate = whole ? { key, text: message.models, ...(message.answer !== undefined && { answer: message.answer }) }
        : { key, base: message.base, answer: message.answer, ...(message.changes !== undefined && { changes: message.changes }) };
    const next: Received = { uri, options, errors, journeys: message.journeys, source: { models: key } };
    updates = updates.then(async () => {
        // Models sent whole after these replace them; changes wait for the whole models asked for.
        if (key < wholeKey || (!whole && wantWhole)) return;
        const answer = await layoutWorker.ask({ type: 'models', ...update });
        if ('applied' in answer && answer.applied) {
            if (whole) wantWhole = false;
            latest = next;
            void show(next);
        } else {
            lost(key);
        }
    }).catch(error => console.warn(`${LOG_PREFIX} the models were not taken:`, errorMessage(error)));
}

/**
 * Changes (the page's `key` for them) the worker could not apply: the changes after them are moot
 * until the models come whole. The host is asked for them once; not when they are on their way
 * already (sent after these, or to a page that got none yet: the host answers `ready` with them).
 * Once some came, they are asked for even if the worker could not take them: else a page whose
 * first models failed would wait for good.
 */
function lost(key: number): void {
    if (key < wholeKey || wantWhole) return;
    wantWhole = true;
    if (wholeKey > 0) post({ type: 'resend' });
}

function post(message: WebviewToHostMessage): void {
    host.postMessage(message);
}

function saveState(): void {
    host.setState?.({ ...state, options });
}

function changeOptions(change: Partial<DiagramOptions>): void {
    if (syncing) return;
    options = { ...options, ...change };
    if (options.persona === undefined) delete options.persona;
    saveState();
    // Applied here (the worker has the full models): nothing goes to the host.
    if (latest && !drawAhead(latest)) void show(latest, true);
}

/** A view the worker sent ahead, for the model shown (those of another one are dropped). */
function keepAhead(view: AheadView): void {
    if (view.generation !== aheadGeneration) return;
    // One version a view (the one held may be drawn: it stays), a click away from the one shown.
    if (ahead.has(view.view) || (shownView !== undefined && !nearShown(view.view))) {
        void forgetVersions([view.map.version]);
        return;
    }
    ahead.set(view.view, view);
    countAhead();
}

function forgetAhead(): void {
    ahead.clear();
    aheadGeneration = undefined;
    aheadFor = undefined;
    countAhead();
}

function nearShown(view: string): boolean {
    return view === shownView || oneClickApart(shownView!, view);
}

/**
 * `view` is shown: the views sent ahead more than a click away from it are dropped, here and (told
 * so) in the worker, which keeps only the ones the page may still draw.
 */
function showingView(view: string): void {
    shownView = view;
    const dropped: number[] = [];
    for (const [key, other] of ahead) {
        if (nearShown(key)) continue;
        ahead.delete(key);
        dropped.push(other.map.version);
    }
    if (dropped.length > 0) void forgetVersions(dropped);
    countAhead();
}

function forgetVersions(versions: number[]): Promise<unknown> {
    return layoutWorker.ask({ type: 'forget', versions }).catch(error => console.warn(`${LOG_PREFIX} the views ahead:`, errorMessage(error)));
}

/** How many views sent ahead the page keeps: `#canvas[data-ahead]`, which tests read. */
function countAhead(): void {
    canvas.dataset.ahead = String(ahead.size);
}

/**
 * Draws the toolbar's view of the map shown at once, in this task (so in the next frame), when
 * the worker sent it ahead: the views of `message`'s models, without errors, the same journey.
 */
function drawAhead(message: Received): boolean {
    const view = ahead.get(viewKey(options));
    const at = shown;
    if (!view || !at || message !== aheadFor || message.errors.length > 0 || at.uri !== message.uri || view.map.diagramId !== at.map.diagramId) return false;
    // The journey picked (its layout may be under way) is the one shown.
    const journeys = message.journeys;
    if ((journeys.find(j => j.id === state.journey) ?? journeys[0])?.id !== view.map.diagramId) return false;
    // Another journey picked and picked back: its layout, under way or waiting, makes the worker
    // drop this view's version (a card's source, an export would find it gone).
    if (!('models' in message.source) || layoutWorker.laysOutOther(view.map.diagramId, message.source.models)) return false;
    // A layout asked for before (an earlier click) must not draw over this one.
    renderSeq++;
    layoutWorker.dropWaiting();
    try {
        draw(message, view.map, view.pieces, true);
    } catch (error) {
        showBanner(t(ui, 'preview.drawFailed', { error: errorMessage(error) }), shown ? t(ui, 'preview.showingLast') : undefined);
        return true;
    }
    drawn(message, view.map, journeys, undefined);
    showingView(view.view);
    whenClickPainted(view.map.version);
    return true;
}

/** Once map `version` is painted, the worker renders its markup still to come (while the page painted, it would have slowed that). */
function whenPaintedFill(version: number): void {
    requestAnimationFrame(() => setTimeout(() => {
        if (held === version) tellHeld();
    }, 0));
}

/** The worker fills the map the page holds: the one it painted, or kept when it dropped a newer one (the worker had sent that one). */
function tellHeld(): void {
    if (held === undefined || !mapView.awaitsMarkup) return;
    void layoutWorker.ask({ type: 'painted', version: held }).catch(error => console.warn(`${LOG_PREFIX} the map's markup:`, errorMessage(error)));
}

/** Markup still to come arrived: drawn where in view, the card at the cursor marked again if it was among it. */
function filled(leaves: FilledLeaf[]): void {
    mapView.fill(leaves);
    markCursorCard();
}

/** The card at the cursor is marked, whichever way its markup came (a fill or an echo), if drawn and not yet marked. */
function markCursorCard(): void {
    if (cursorCard === undefined) return;
    const element = canvas.querySelector(`.card[data-id="${CSS.escape(cursorCard)}"]`);
    if (!element || element.classList.contains('highlighted')) return;
    element.classList.add('highlighted');
    highlighting = true;
}

/**
 * While markup is still to come, the worker hears where the window is as it pans (at most every
 * VIEW_TELL_MS, the last view always): it renders what is nearest there next.
 */
const VIEW_TELL_MS = 150;
function tellView(): void {
    if (!mapView.awaitsMarkup || viewTellTimer !== undefined) return;
    const wait = viewToldAt + VIEW_TELL_MS - performance.now();
    viewTellTimer = setTimeout(() => {
        viewTellTimer = undefined;
        if (!mapView.awaitsMarkup) return;
        viewToldAt = performance.now();
        void layoutWorker.ask({ type: 'view', rect: viewport.visibleRect(0) }).catch(error => console.warn(`${LOG_PREFIX} the view:`, errorMessage(error)));
    }, Math.max(0, wait));
}

/**
 * Once a toolbar click's map is painted (not before: receiving views would delay that frame), the
 * worker keeps it, sends the views it has ready ahead, and lays out those a click away from it.
 */
function whenClickPainted(version: number): void {
    requestAnimationFrame(() => setTimeout(() => {
        // Not while a layout is under way: the worker would keep this version and drop that one's.
        if (held !== version || !layoutWorker.idle) return;
        void layoutWorker.ask({ type: 'shown', version }).catch(error => console.warn(`${LOG_PREFIX} the views ahead:`, errorMessage(error)));
    }, 0));
}

function buildToolbar(): void {
    // The lane checkboxes fold into a pop-up so the toolbar stays one or two rows in a side panel.
    const lanes = document.createElement('details');
    lanes.className = 'lanes';
    const summary = document.createElement('summary');
    summary.textContent = t(ui, 'preview.lanes');
    const panel = document.createElement('div');
    panel.className = 'lanes-panel';
    panel.append(...[...laneBoxes.values()].map(box => box.element));
    lanes.append(summary, panel);
    lanes.addEventListener('toggle', () => {
        // Open to the left when the panel would leave a narrow window.
        panel.style.left = '';
        panel.style.right = '';
        if (lanes.open && panel.getBoundingClientRect().right > window.innerWidth) {
            panel.style.left = 'auto';
            panel.style.right = '0';
        }
    });
    document.addEventListener('click', event => {
        if (lanes.open && !lanes.contains(event.target as Node)) lanes.open = false;
    });
    const view = document.createElement('div');
    view.className = 'group';
    view.append(
        button(t(ui, 'preview.zoomOut'), () => viewport.zoomBy(1 / 1.2), { icon: '−' }),
        button(t(ui, 'preview.zoomIn'), () => viewport.zoomBy(1.2), { icon: '+' }),
        button(t(ui, 'preview.fit'), () => viewport.fit(), { title: t(ui, 'preview.fitTitle') })
    );
    const exports = document.createElement('div');
    exports.className = 'group';
    exports.append(
        button(t(ui, 'preview.exportSvg'), () => void exportPicture('svg')),
        button(t(ui, 'preview.exportPng'), () => void exportPicture('png'))
    );
    toolbar.append(journeyPicker.element, personaFilter.element, grouping.element, lanes, view, exports);
}

/**
 * Lays out and draws the chosen journey of a message, unless the text is broken and a good map is
 * on screen. `clicked`: a toolbar click's view (the worker hears when it is painted: see whenClickPainted).
 */
async function show(message: Received, clicked = false): Promise<void> {
    const seq = ++renderSeq;
    const fromHost = JSON.stringify(message.options);
    if (fromHost !== hostOptions) {
        // A new preview, or the settings changed: the host's options win over the toolbar's.
        if (hostOptions !== undefined || !state.options) options = { ...message.options };
        hostOptions = fromHost;
    }
    state.uri = message.uri;
    state.options = options;
    saveState();
    syncOptionControls();
    const firstError = message.errors[0];
    const journeys = message.journeys;
    if (!firstError && journeys.length === 0) {
        // A text without errors and without journeys: nothing to draw, and nothing stale either.
        renderSeq++;
        shown = undefined;
        mapView.clear();
        held = undefined;
        showBanner(undefined);
        showStatus(t(ui, 'preview.noJourney'));
        return;
    }
    const errorText = firstError ? `${firstError.line}:${firstError.column} ${firstError.message}` : undefined;
    if (firstError && ((shown?.good && shown.uri === message.uri) || journeys.length === 0)) {
        // Keep the last map without errors (or whatever is shown) under the banner.
        showBanner(errorText, shown?.good ? t(ui, 'preview.showingLastGood') : undefined);
        if (!shown) showStatus(t(ui, 'preview.noMap'));
        return;
    }
    const journey = (journeys.find(j => j.id === state.journey) ?? journeys[0]).id;
    const source: ModelSource = 'models' in message.source ? message.source : { diagram: message.source.diagrams.find(d => d.id === journey)! };
    const view = viewKey(options);
    let map: MapSummary;
    try {
        const sameMap = shown !== undefined && shown.uri === message.uri && shown.map.diagramId === journey;
        const result = await layoutWorker.layout(source, journey, options, sameMap);
        if (!result) return;
        if (seq !== renderSeq) {
            // Dropped (a newer message came: a broken text keeps this map): the worker fills the map held, not this one.
            tellHeld();
            return;
        }
        if (result.held !== held) {
            tellHeld();
            // An echo was drawn meanwhile: these pieces are changes from the map before it. The
            // worker's models have the echoed texts: lay them out again.
            if (latest === message) void show(message);
            return;
        }
        map = result.map;
        if (result.generation !== aheadGeneration) {
            // Another model: the views sent ahead for the one before are of no use.
            ahead.clear();
            aheadGeneration = result.generation;
            countAhead();
        }
        aheadFor = result.generation === undefined ? undefined : message;
        draw(message, map, result.pieces);
    } catch (error) {
        if (seq === renderSeq) showBanner(t(ui, 'preview.drawFailed', { error: errorMessage(error) }), shown ? t(ui, 'preview.showingLast') : undefined);
        return;
    }
    drawn(message, map, journeys, errorText);
    if (mapView.awaitsMarkup) whenPaintedFill(map.version);
    if (aheadFor === message) showingView(view);
    if (clicked && aheadFor === message) whenClickPainted(map.version);
}

/**
 * Patches the drawn map into `map`: `pieces` are its changes from the map held (or all of it);
 * none: the map drawn is this one (the server confirmed an echo), it stays as it is. Throws
 * when the patch fails (the map is then cleared: the next one comes whole). `windowFirst`: only
 * what is in the window is attached at once (a click drawn ahead, in the click's frame; what was
 * drawn around the window and still is stays), the rest of the margin in slices from the frame
 * after (`#canvas[data-drawing]` until then).
 */
function draw(message: Received, map: MapSummary, pieces: SvgPieces | undefined, windowFirst = false): void {
    const refit = !shown || shown.uri !== message.uri || shown.map.diagramId !== map.diagramId;
    if (pieces || refit) {
        viewport.setContentSize(map.width, map.height, refit);
        const seq = ++viewSeq;
        const inSlices = windowFirst && !refit;
        drawnRect = viewport.visibleRect(DRAW_MARGIN);
        let drawing: Promise<void>;
        if (pieces) {
            held = undefined;
            try {
                // The new view in the same pass as the pieces: what stays in view is never detached.
                drawing = mapView.update(pieces, { rect: drawnRect, ...(inSlices && { window: viewport.visibleRect(0) }) });
            } catch (error) {
                mapView.clear();
                shown = undefined;
                delete canvas.dataset.drawing;
                throw error;
            }
        } else {
            drawing = mapView.setView(drawnRect);
        }
        // Set once the patch took (same task: nothing sees it before); a failed one leaves no margin to wait for.
        if (inSlices) {
            canvas.dataset.drawing = 'true';
            void drawing.then(() => marginDrawn(seq));
        } else {
            delete canvas.dataset.drawing;
        }
    }
    held = map.version;
}

/** The margin around the window is drawn (unless the view changed since draw `seq`): the card at the cursor is marked again (it may be one of the margin's). */
function marginDrawn(seq: number): void {
    if (seq !== viewSeq) return;
    delete canvas.dataset.drawing;
    highlightAtCursor(false);
}

/** `map` is drawn: the toolbar, banner and status follow, and tests and the bench see a new revision. */
function drawn(message: Received, map: MapSummary, journeys: { id: string; title: string }[], errorText: string | undefined): void {
    shown = { uri: message.uri, map, good: message.errors.length === 0 };
    syncChoices(map, journeys);
    showBanner(errorText);
    showStatus('');
    canvas.dataset.revision = String(++paints);
    highlightAtCursor(false);
}

/**
 * Label edits the host echoed before the server answered: the worker patches the cards they
 * change when nothing else moves, and the page swaps those cards' elements alone; else it lays
 * out the edited models again. The server's map follows and mostly matches what is drawn.
 */
async function applyEcho(message: EchoMessage): Promise<void> {
    const at = shown;
    const source = latest;
    // Only the extension echoes, and its models are in the worker (which edits them).
    if (!at || at.uri !== message.uri || !source || source.uri !== message.uri || !('models' in source.source) || held !== at.map.version) return;
    let answer;
    try {
        answer = await layoutWorker.ask({ type: 'echo', version: at.map.version, edits: message.edits });
    } catch (error) {
        console.warn(`${LOG_PREFIX} the echo failed:`, errorMessage(error));
        return;
    }
    if (!('echoed' in answer) || answer.echoed === 'nothing') return;
    if (answer.echoed === 'cards' && shown === at && held === at.map.version) {
        mapView.replaceLeaves('cards', answer.cards);
        mapView.replaceLeaves('columns', answer.stages);
        markCursorCard();
        held = answer.version;
        shown = { ...at, map: { ...at.map, version: answer.version } };
        canvas.dataset.revision = String(++paints);
        if (mapView.awaitsMarkup) whenPaintedFill(answer.version);
        return;
    }
    // The layout moves (or another map was drawn meanwhile): the edited models are laid out again.
    if (latest === source) void show(source);
}

function syncOptionControls(): void {
    syncing = true;
    try {
        grouping.setValue(options.groupBy ?? 'channel');
        const lanes = options.lanes ?? LANE_IDS;
        for (const [lane, box] of laneBoxes) box.setChecked(lanes.includes(lane));
    } finally {
        syncing = false;
    }
}

/** Refills the pickers only when their choices changed, so typing does not close an open dropdown. */
function syncChoices(map: MapSummary, all: { id: string; title: string }[]): void {
    const journeys: Choice[] = all.map(d => ({ value: d.id, label: d.title || d.id }));
    const personas: Choice[] = [{ value: '', label: t(ui, 'preview.allPersonas') }, ...map.personas.map(p => ({ value: p.id, label: p.label }))];
    const key = JSON.stringify([journeys, map.diagramId, personas, options.persona ?? '']);
    if (key === choicesKey) return;
    choicesKey = key;
    syncing = true;
    try {
        journeyPicker.setChoices(journeys, map.diagramId);
        personaFilter.setChoices(personas, options.persona ?? '');
    } finally {
        syncing = false;
    }
}

/** After a pan or zoom (once a frame at most): draws what came into view, drops what is far out of it. */
function scheduleDrawInView(): void {
    if (drawScheduled || !shown) return;
    drawScheduled = true;
    requestAnimationFrame(() => {
        drawScheduled = false;
        tellView();
        const visible = viewport.visibleRect(0);
        // Redraw when the window leaves the drawn part, or (zoomed in) sees a small part of it only.
        if (drawnRect && contains2d(drawnRect, visible) && drawnRect.width < 4 * visible.width) return;
        drawnRect = viewport.visibleRect(DRAW_MARGIN);
        // Drawn in slices across frames (what is in the window first); `data-drawing` while some remain.
        const seq = ++viewSeq;
        canvas.dataset.drawing = 'true';
        void mapView.setView(drawnRect, visible).then(() => {
            if (seq !== viewSeq) return;
            delete canvas.dataset.drawing;
            highlightAtCursor(false);
        });
    });
}

function contains2d(outer: { x: number; y: number; width: number; height: number }, inner: { x: number; y: number; width: number; height: number }): boolean {
    return inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.width <= outer.x + outer.width && inner.y + inner.height <= outer.y + outer.height;
}

function showBanner(text: string | undefined, suffix?: string): void {
    const content = text === undefined ? '' : suffix ? `${text} (${suffix})` : text;
    if (banner.hidden === (text === undefined) && banner.textContent === content) return;
    banner.hidden = text === undefined;
    banner.textContent = content;
    // The viewport under it moved (a resize observer hears of it only before the next frame).
    viewport.moved();
}

function showStatus(text: string): void {
    status.textContent = text;
}

/** Marks the card whose source holds the editor's cursor (the innermost one; the worker finds it). */
function highlightAtCursor(reveal: boolean): void {
    const seq = ++highlightSeq;
    const clear = () => {
        // Searched for only when one may be marked: a toolbar click draws without a cursor, and the search costs its frame.
        if (!highlighting) return;
        for (const element of Array.from(canvas.querySelectorAll('.card.highlighted'))) element.classList.remove('highlighted');
        highlighting = false;
    };
    const at = shown && cursor && cursor.uri === shown.uri ? { shown, cursor } : undefined;
    if (!at) {
        cursorCard = undefined;
        clear();
        return;
    }
    void layoutWorker.ask({ type: 'cardAt', version: at.shown.map.version, position: at.cursor.position }).then(answer => {
        if (seq !== highlightSeq || shown !== at.shown) return;
        clear();
        const card = 'card' in answer ? answer.card : undefined;
        cursorCard = card?.id;
        if (!card) return;
        const element = Array.from(canvas.querySelectorAll('.card')).find(e => e.getAttribute('data-id') === card.id);
        if (element) highlighting = true;
        element?.classList.add('highlighted');
        if (reveal) viewport.reveal(card.box);
    }, error => console.warn(`${LOG_PREFIX} no card at the cursor:`, error));
}

async function exportPicture(format: 'svg' | 'png'): Promise<void> {
    if (!shown) return;
    const { map } = shown;
    const fileName = `${map.diagramId}.${format}`;
    try {
        const answer = await layoutWorker.ask({ type: 'export', version: map.version, theme: isDarkTheme() ? 'dark' : 'light' });
        if (!('svg' in answer)) throw new Error('the worker drew no SVG');
        const svg = answer.svg;
        const data = format === 'svg' ? svg : await svgToPngBase64(svg, map.width, map.height);
        post({ type: 'export', format, fileName, data });
    } catch (error) {
        showBanner(t(ui, 'preview.exportFailed', { error: errorMessage(error) }));
    }
}

function isDarkTheme(): boolean {
    const classes = document.body.classList;
    return classes.contains('vscode-dark') || (classes.contains('vscode-high-contrast') && !classes.contains('vscode-high-contrast-light'));
}

/** Chromium's canvas limits: 32,767 px a side and 268 million pixels in all. */
const CANVAS_MAX_SIDE = 32_767;
const CANVAS_MAX_AREA = 268_000_000;

/** Draws the standalone SVG on a canvas at twice its size (sharp on high-density screens), less when that is too big. */
async function svgToPngBase64(svg: string, width: number, height: number): Promise<string> {
    const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
    try {
        const image = new Image();
        image.src = url;
        await image.decode();
        const scale = Math.min(2, CANVAS_MAX_SIDE / width, CANVAS_MAX_SIDE / height, Math.sqrt(CANVAS_MAX_AREA / (width * height)));
        const picture = document.createElement('canvas');
        picture.width = Math.ceil(width * scale);
        picture.height = Math.ceil(height * scale);
        const context = picture.getContext('2d');
        if (!context) throw new Error('no 2D canvas');
        context.drawImage(image, 0, 0, picture.width, picture.height);
        const dataUrl = picture.toDataURL('image/png');
        return dataUrl.slice(dataUrl.indexOf(',') + 1);
    } finally {
        URL.revokeObjectURL(url);
    }
}
