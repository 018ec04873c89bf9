// How Journey words an error, in one place: every layer (language, server, CLI, extension,
// webview) takes the message of a thrown value, words an internal error and prefixes a log
// line through these. Plain TypeScript: no Node, no vscode, so the webview can use it too.

/** The prefix of every log line Journey writes (stderr, the language server's log, the devtools console). */
export const LOG_PREFIX = 'journey:';

/** The message of anything thrown: an Error's message, else the value as text. */
export function errorMessage(error: unknown): string {
    return error instanceof Error ? error.message : String(error);
}

/**
 * The text of an internal error, shown to the user: what Journey was doing, what went
 * wrong, that it is a bug of ours, and what still works (`consequence`).
 */
export function internalErrorMessage(doing: string, error: unknown, consequence?: string): string {
    return `Internal error while ${doing}: ${errorMessage(error)}. This is a bug in Journey${consequence ? `; ${consequence}` : ''}.`;
}

/** Logs a failure with its stack, under the one prefix (in the server, the console goes to the client's log). */
export function logError(doing: string, error: unknown): void {
    console.error(`${LOG_PREFIX} ${doing}:`, error);
}
