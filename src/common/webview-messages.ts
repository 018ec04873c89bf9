// The messages between the preview page (webview) and its host: the VS Code extension or
// the CLI's `journey preview` server, and their check. Plain JSON types, no jsonrpc: this file
// is bundled into the webview. The language server's requests are in server-protocol.ts.
import type { LabelEdit } from './label-echo.js';
import { jsonChanges, type JsonChange } from './json-changes.js';
import type { DiagramAnswer, HeldDiagrams } from './diagram-answers.js';
import type { Locale } from '../i18n/index.js';
import { LANE_IDS, type DiagramModel, type DiagramOptions, type LaneId, type SourcePosition, type SourceRange } from '../diagram/types.js';

// ---------------------------------------------------------------- a document's diagrams

/** A problem of the text, 1-based line and column, as the preview's banner shows it. */
export interface DiagramError {
    message: string;
    line: number;
    column: number;
}

export interface DiagramResult {
    /** One model per journey of the document, from the last parsed AST (even when it has errors). */
    diagrams: DiagramModel[];
    /** The document's errors, in text order. */
    errors: DiagramError[];
    /**
     * The version of the text the models were built from (the editor's, as LSP counts them):
     * right after a keystroke the server may still answer from the build before it.
     */
    version?: number;
}

// ---------------------------------------------------------------- host → webview

/** The diagrams of the document the preview shows. */
export interface DiagramMessage extends DiagramResult {
    type: 'diagram';
    uri: string;
    /** The options the host asked the server with (the toolbar shows them). */
    options: DiagramOptions;
}

/**
 * The diagrams whole, as the hosts post them: the models as JSON text, which the page hands to its
 * worker unparsed (a 10,000-touchpoint map is 7 MB of models: copied as objects into the page and
 * on to its worker, they held the page's main thread for seconds; text is copied in one piece).
 * The page itself needs only the journeys' names (its picker) and the errors (its banner).
 */
export interface PackedDiagramMessage {
    type: 'diagram';
    uri: string;
    options: DiagramOptions;
    errors: DiagramError[];
    journeys: JourneyName[];
    /** `DiagramModel[]` as JSON. */
    models: string;
    /**
     * The language server's answer these models are (src/common/diagram-answers.ts): the next
     * `diagramChanges` may apply to them. Absent: none will (`journey preview`, an error shown).
     */
    answer?: string;
}

export interface JourneyName { id: string; title: string }

/** `message` with its models as JSON text; `answer`: the server's answer they are. */
export function packDiagramMessage({ type, uri, options, errors, diagrams }: DiagramMessage, answer?: string): PackedDiagramMessage {
    return { type, uri, options, errors, journeys: journeyNames(diagrams), models: JSON.stringify(diagrams), ...(answer !== undefined && { answer }) };
}

export function journeyNames(diagrams: readonly DiagramModel[]): JourneyName[] {
    return diagrams.map(d => ({ id: d.id, title: d.title }));
}

/**
 * What changed in the models since the ones the page holds: those of answer `base`, posted before
 * (whole, or as changes). The extension forwards the server's changes (a keystroke on a
 * 10,000-touchpoint map: 300 bytes, not 7 MB); the page's worker applies them with the same pure
 * function (src/common/json-changes.ts). A page that does not hold `base` (reloaded, or it missed
 * a message) applies nothing and asks for the models whole (`resend`).
 */
export interface DiagramChangesMessage {
    type: 'diagramChanges';
    uri: string;
    options: DiagramOptions;
    errors: DiagramError[];
    journeys: JourneyName[];
    /** The answer these models are now (the base of the next changes). */
    answer: string;
    base: string;
    /**
     * From the models of `base` to these, a `JsonChange` as JSON text, which the page hands to its
     * worker unparsed (as the models whole: changes may be as big, e.g. a journey renamed replaces
     * the models' array whole); absent when they are the same.
     */
    changes?: string;
}

/**
 * What the extension posts to give the page the models of `held` (taken from the server's
 * `answer`): what changed since the models the page holds (`page`: the answer last posted), as
 * the server sent them when they are from those, else found here (an answer was not posted, or
 * came whole); the models whole when the page holds none.
 */
export function pageDiagramMessage(uri: string, options: DiagramOptions, page: HeldDiagrams | undefined, held: HeldDiagrams, answer: DiagramAnswer): PackedDiagramMessage | DiagramChangesMessage {
    const { diagrams, errors } = held.result;
    if (!page) return packDiagramMessage({ type: 'diagram', uri, options, diagrams, errors }, held.answer);
    const changes = 'base' in answer && answer.base === page.answer ? answer.changes : jsonChanges(page.result.diagrams, diagrams);
    return { type: 'diagramChanges', uri, options, errors, journeys: journeyNames(diagrams), answer: held.answer, base: page.answer, ...(changes && { changes: JSON.stringify(changes) }) };
}

/** The editor's cursor moved: highlight the card whose source holds it. */
export interface CursorMessage {
    type: 'cursor';
    uri: string;
    position: SourcePosition;
}

/**
 * Texts of the map as the user just typed them, before the server has re-parsed the document
 * (the extension host's local echo, src/common/label-echo.ts): the page patches the cards; the
 * server's `diagram` follows and is the truth.
 */
export interface EchoMessage {
    type: 'echo';
    uri: string;
    edits: LabelEdit[];
}

export type HostToWebviewMessage = DiagramMessage | PackedDiagramMessage | DiagramChangesMessage | CursorMessage | EchoMessage;

// ---------------------------------------------------------------- webview → host

/** The page is listening: send the current diagram. */
export interface ReadyMessage { type: 'ready' }

/** A card was clicked: show its source. */
export interface RevealMessage {
    type: 'reveal';
    uri: string;
    range: SourceRange;
}

/** The toolbar changed grouping, lanes or persona filter: rebuild the models with these. */
export interface OptionsMessage {
    type: 'options';
    options: DiagramOptions;
}

/** Save an exported picture; `data` is the SVG text, or the PNG as base64 (no data: prefix). */
export interface ExportMessage {
    type: 'export';
    format: 'svg' | 'png';
    /** A suggested file name, e.g. `RetraitMagasin.svg`. */
    fileName: string;
    data: string;
}

/** The page lost a `diagramChanges` (for models it does not hold, or malformed): send the models whole. */
export interface ResendMessage { type: 'resend' }

export type WebviewToHostMessage = ReadyMessage | RevealMessage | OptionsMessage | ExportMessage | ResendMessage;

/** What the webview keeps across reloads and restarts (VS Code's webview state). */
export interface PreviewState {
    uri?: string;
    /** The journey picked in the toolbar. */
    journey?: string;
    options?: DiagramOptions;
}

/**
 * The host the page talks to: VS Code's `acquireVsCodeApi()` or the CLI's shim.
 * `getState`/`setState` are optional so a shim may provide `postMessage` alone.
 */
export interface PreviewHostApi {
    postMessage(message: WebviewToHostMessage): void;
    getState?(): PreviewState | undefined;
    setState?(state: PreviewState): void;
}

/** The webview panel type (also the serializer's key in package.json `activationEvents`). */
export const PREVIEW_VIEW_TYPE = 'journey.preview';

// ---------------------------------------------------------------- checking what a page sent

/**
 * The page's message, checked field by field: a host acts on nothing else. The CLI's
 * server is reachable by any local process, and options that are not the toolbar's
 * (`{"lanes": 5}`) would break every later diagram. Throws an Error saying what is wrong.
 */
export function checkWebviewMessage(value: unknown): WebviewToHostMessage {
    if (!isRecord(value)) throw new Error('a message is a JSON object');
    switch (value.type) {
        case 'ready':
            return { type: 'ready' };
        case 'resend':
            return { type: 'resend' };
        case 'options':
            return { type: 'options', options: checkDiagramOptions(value.options) };
        case 'reveal':
            if (typeof value.uri !== 'string' || !isRange(value.range)) throw new Error('reveal needs a uri and a range');
            return { type: 'reveal', uri: value.uri, range: value.range };
        case 'export':
            if (value.format !== 'svg' && value.format !== 'png') throw new Error('export format is svg or png');
            if (typeof value.fileName !== 'string' || typeof value.data !== 'string') throw new Error('export needs a fileName and data');
            return { type: 'export', format: value.format, fileName: value.fileName, data: value.data };
        default:
            throw new Error(`unknown message type ${JSON.stringify(value.type)}`);
    }
}

/** An `echo` message, checked field by field (the page patches nothing from a malformed one). Throws an Error saying what is wrong. */
export function checkEchoMessage(value: unknown): EchoMessage {
    if (!isRecord(value) || value.type !== 'echo') throw new Error('not an echo message');
    if (typeof value.uri !== 'string' || !Array.isArray(value.edits)) throw new Error('echo needs a uri and edits');
    const edits = value.edits.map((edit: unknown): LabelEdit => {
        if (!isRecord(edit) || typeof edit.journey !== 'string' || (edit.kind !== 'card' && edit.kind !== 'stage') || typeof edit.id !== 'string' || typeof edit.text !== 'string') {
            throw new Error(`bad echo edit ${JSON.stringify(edit)}`);
        }
        return { journey: edit.journey, kind: edit.kind, id: edit.id, text: edit.text };
    });
    return { type: 'echo', uri: value.uri, edits };
}

/**
 * A `diagramChanges` message, checked field by field (the page applies nothing from a malformed
 * one); its changes are text, checked when parsed (parseJsonChange). Throws an Error saying what is wrong.
 */
export function checkDiagramChangesMessage(value: unknown): DiagramChangesMessage {
    if (!isRecord(value) || value.type !== 'diagramChanges') throw new Error('not a diagramChanges message');
    const { uri, answer, base, errors, journeys, changes } = value;
    if (typeof uri !== 'string' || typeof answer !== 'string' || typeof base !== 'string') throw new Error('diagramChanges needs a uri, an answer and a base');
    if (!Array.isArray(errors) || !errors.every(isDiagramError)) throw new Error('diagramChanges errors are { message, line, column }');
    if (!Array.isArray(journeys) || !journeys.every(j => isRecord(j) && typeof j.id === 'string' && typeof j.title === 'string')) throw new Error('diagramChanges journeys are { id, title }');
    if (changes !== undefined && typeof changes !== 'string') throw new Error('diagramChanges changes are JSON text');
    return {
        type: 'diagramChanges', uri, options: checkDiagramOptions(value.options), errors, journeys: journeys as JourneyName[],
        answer, base, ...(changes !== undefined && { changes })
    };
}

function isDiagramError(value: unknown): value is DiagramError {
    return isRecord(value) && typeof value.message === 'string' && Number.isInteger(value.line) && Number.isInteger(value.column);
}

/** The changes of a `diagramChanges` message, parsed and checked (see isJsonChange). Throws an Error saying what is wrong. */
export function parseJsonChange(text: string): JsonChange {
    const change: unknown = JSON.parse(text);
    if (!isJsonChange(change)) throw new Error('diagramChanges changes are not a JSON change');
    return change;
}

/** The shape of a JsonChange (json-changes.ts), all the way down; the values it sets are any JSON. */
function isJsonChange(value: unknown): value is JsonChange {
    if (!isRecord(value)) return false;
    if ('set' in value) return true;
    if ('fields' in value) {
        return isRecord(value.fields) && Object.values(value.fields).every(isJsonChange)
            && (value.drop === undefined || (Array.isArray(value.drop) && value.drop.every(key => typeof key === 'string')));
    }
    const items = value.items;
    return isRecord(items) && Number.isInteger(items.from) && Number.isInteger(items.remove) && Array.isArray(items.insert)
        && (items.edits === undefined || (Array.isArray(items.edits) && items.edits.every(edit => Array.isArray(edit) && edit.length === 2 && Number.isInteger(edit[0]) && isJsonChange(edit[1]))));
}

/**
 * The locales a map may have, as a type-checked record (a locale added to LOCALES fails the build
 * until it is here): importing LOCALES from src/i18n would bundle its catalogues into the
 * extension's activation chunk, which imports this file (test/extension/activation.test.ts).
 */
const MAP_LOCALES: Record<Locale, true> = { en: true, fr: true };

/** Options as DiagramOptions has them: `groupBy` channel|persona, `lanes` among LANE_IDS, `persona` a name, `locale` one of LOCALES. */
export function checkDiagramOptions(value: unknown): DiagramOptions {
    if (!isRecord(value)) throw new Error('options are a JSON object');
    const options: DiagramOptions = {};
    for (const [key, field] of Object.entries(value)) {
        if (key === 'groupBy' && (field === 'channel' || field === 'persona')) options.groupBy = field;
        else if (key === 'lanes' && Array.isArray(field) && field.every(lane => (LANE_IDS as readonly unknown[]).includes(lane))) options.lanes = field as LaneId[];
        else if (key === 'persona' && typeof field === 'string') options.persona = field;
        else if (key === 'locale' && typeof field === 'string' && Object.hasOwn(MAP_LOCALES, field)) options.locale = field as Locale;
        else throw new Error(`bad option ${key}: ${JSON.stringify(field)}`);
    }
    return options;
}

/**
 * A restored panel's state as far as it is still good: it was saved by the page of whichever
 * version last showed it (an older one may have had other options), so each bad field is left
 * out, and nothing throws.
 */
export function restoredPreviewState(value: unknown): PreviewState {
    if (!isRecord(value)) return {};
    const options = isRecord(value.options) ? goodOptions(value.options) : undefined;
    return {
        ...typeof value.uri === 'string' && { uri: value.uri },
        ...typeof value.journey === 'string' && { journey: value.journey },
        ...options && { options }
    };
}

/** The fields of `value` that checkDiagramOptions takes, each checked alone. */
function goodOptions(value: Record<string, unknown>): DiagramOptions {
    return Object.entries(value).reduce<DiagramOptions>((options, [key, field]) => {
        try {
            return { ...options, ...checkDiagramOptions({ [key]: field }) };
        } catch {
            return options;
        }
    }, {});
}

function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isRange(value: unknown): value is SourceRange {
    const isPosition = (p: unknown) => isRecord(p) && Number.isInteger(p.line) && Number.isInteger(p.character);
    return isRecord(value) && isPosition(value.start) && isPosition(value.end);
}
