// The preview's requests between the language server and its clients (the VS Code
// extension, tests, other editors), typed with vscode-jsonrpc's RequestType/NotificationType
// so both ends agree on parameters and results. Bundled into the server and the extension;
// the webview never imports it (its messages are in webview-messages.ts).
import { NotificationType, RequestType } from 'vscode-languageserver-protocol';
import type { DiagramOptions } from '../diagram/types.js';
import type { DiagramResult } from './webview-messages.js';
import type { DiagramAnswer } from './diagram-answers.js';

export interface DiagramParams {
    /** The document's URI as the client knows it. */
    uri: string;
    options?: DiagramOptions;
}

/** Request `journey/diagram`: the diagram models of one open document. */
export const DiagramRequest = new RequestType<DiagramParams, DiagramResult, void>('journey/diagram');

export interface DiagramChangesParams extends DiagramParams {
    /** The answer the client holds for this document: the server then sends what changed since, if it still has that answer. */
    base?: string;
}

/**
 * Request `journey/diagramChanges`: the same models as `journey/diagram`, as an answer the
 * client keeps: whole, or what changed since the client's `base` (src/common/diagram-answers.ts).
 * A keystroke on a 10,000-touchpoint map is then a few hundred bytes, not 7 MB of JSON.
 */
export const DiagramChangesRequest = new RequestType<DiagramChangesParams, DiagramAnswer, void>('journey/diagramChanges');

/** The documents one build validated (all of them: a workspace build lists every file, once). */
export interface DocumentChangedParams { uris: string[] }

/** Notification `journey/documentChanged`, once per build: these documents were rebuilt; a preview showing one asks again. */
export const DocumentChangedNotification = new NotificationType<DocumentChangedParams>('journey/documentChanged');
