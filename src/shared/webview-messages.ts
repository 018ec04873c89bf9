// The messages between the preview page (webview) and its host: the VS Code extension or
// the CLI's `journey preview` server. Plain JSON types and constants, no jsonrpc: this file
// is bundled into the webview. The language server's requests are in server-protocol.ts.
import type { DiagramModel, DiagramOptions, SourcePosition, SourceRange } from '../diagram/types.js';

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
}

// ---------------------------------------------------------------- host → webview

/** The diagrams of the document the preview shows. */
export interface DiagramMessage extends DiagramResult {
    type: 'diagram';
    uri: string;
    /** The options the host asked the server with (the toolbar shows them). */
    options: DiagramOptions;
}

/** The editor's cursor moved: highlight the card whose source holds it. */
export interface CursorMessage {
    type: 'cursor';
    uri: string;
    position: SourcePosition;
}

export type HostToWebviewMessage = DiagramMessage | CursorMessage;

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
