// The host shim of `journey preview`: stands in for VS Code's `acquireVsCodeApi` in a plain
// browser. Messages from the page go to the CLI's server (POST /message); diagrams come
// back over server-sent events (/events) and reach the page as window messages, exactly
// as the extension's postMessage does. Both carry the server's per-run secret, which only
// the page it served knows (a meta tag): no other local process or site can talk to it.
import type { PreviewHostApi, PreviewState, WebviewToHostMessage } from '../../common/webview-messages.js';

const STATE_KEY = 'journey-preview-state';
/** The name of the meta tag src/preview-host/page.ts writes (kept apart: that module is Node's). */
const SECRET = document.querySelector('meta[name="journey-preview-secret"]')?.getAttribute('content') ?? '';

function acquireVsCodeApi(): PreviewHostApi {
    return {
        postMessage(message: WebviewToHostMessage) {
            // The page says 'ready' once it listens: only then may diagrams arrive.
            if (message.type === 'ready') listen();
            void fetch('/message', { method: 'POST', headers: { 'content-type': 'application/json', 'x-journey-secret': SECRET }, body: JSON.stringify(message) });
        },
        getState() {
            try {
                return JSON.parse(sessionStorage.getItem(STATE_KEY) ?? 'null') as PreviewState | null ?? undefined;
            } catch {
                return undefined;
            }
        },
        setState(state: PreviewState) {
            sessionStorage.setItem(STATE_KEY, JSON.stringify(state));
        }
    };
}

let events: EventSource | undefined;

function listen(): void {
    // EventSource reconnects by itself when the server restarts; the server sends the diagram on each connection.
    events ??= new EventSource(`/events?secret=${encodeURIComponent(SECRET)}`);
    events.addEventListener('diagram', event => window.postMessage(JSON.parse((event as MessageEvent<string>).data), window.location.origin));
}

/**
 * The palette of webview/standalone-theme.css by the browser's colour scheme, as VS Code puts its
 * theme's class on the body: without one, no theme colour is set, and the page's own fallbacks
 * mix (the error banner's dark red under the browser's black text). Follows a change of scheme.
 */
function followColourScheme(): void {
    const dark = window.matchMedia('(prefers-color-scheme: dark)');
    const apply = () => {
        document.body.classList.toggle('vscode-dark', dark.matches);
        document.body.classList.toggle('vscode-light', !dark.matches);
    };
    apply();
    dark.addEventListener('change', apply);
}

followColourScheme();
(window as unknown as { acquireVsCodeApi: typeof acquireVsCodeApi }).acquireVsCodeApi = acquireVsCodeApi;
