// The messages between the preview page (webview) and its host: the VS Code extension or
// the CLI's `journey preview` server, and their check. Plain JSON types, no jsonrpc: this file
// is bundled into the webview. The language server's requests are in server-protocol.ts.
import type { LabelEdit } from './label-echo.js';
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
 * The diagrams as the extension posts them: the models as JSON text, which the page hands to its
 * worker unparsed (a 10,000-touchpoint map is 7 MB of models: copied as objects into the page and
 * on to its worker, they held the page's main thread for seconds; text is copied in one piece).
 * The page itself needs only the journeys' names (its picker) and the errors (its banner).
 */
export interface PackedDiagramMessage {
    type: 'diagram';
    uri: string;
    options: DiagramOptions;
    errors: DiagramError[];
    journeys: { id: string; title: string }[];
    /** `DiagramModel[]` as JSON. */
    models: string;
}

/** `message` with its models as JSON text. */
export function packDiagramMessage({ type, uri, options, errors, diagrams }: DiagramMessage): PackedDiagramMessage {
    return { type, uri, options, errors, journeys: diagrams.map(d => ({ id: d.id, title: d.title })), models: JSON.stringify(diagrams) };
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

export type HostToWebviewMessage = DiagramMessage | PackedDiagramMessage | CursorMessage | EchoMessage;

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

export type WebviewToHostMessage = ReadyMessage | RevealMessage | OptionsMessage | ExportMessage;

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

/** Options as the toolbar sets them: `groupBy` channel|persona, `lanes` among LANE_IDS, `persona` a name. */
export function checkDiagramOptions(value: unknown): DiagramOptions {
    if (!isRecord(value)) throw new Error('options are a JSON object');
    const options: DiagramOptions = {};
    for (const [key, field] of Object.entries(value)) {
        if (key === 'groupBy' && (field === 'channel' || field === 'persona')) options.groupBy = field;
        else if (key === 'lanes' && Array.isArray(field) && field.every(lane => (LANE_IDS as readonly unknown[]).includes(lane))) options.lanes = field as LaneId[];
        else if (key === 'persona' && typeof field === 'string') options.persona = field;
        else throw new Error(`bad option ${key}: ${JSON.stringify(field)}`);
    }
    return options;
}

function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isRange(value: unknown): value is SourceRange {
    const isPosition = (p: unknown) => isRecord(p) && Number.isInteger(p.line) && Number.isInteger(p.character);
    return isRecord(value) && isPosition(value.start) && isPosition(value.end);
}
