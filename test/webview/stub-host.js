// A stand-in for VS Code around the preview page: `acquireVsCodeApi` records what the page
// posts; CSP violations, started workers (and, on demand, their answers) are collected, so the test can read them. The body class picks
// the theme as VS Code's does (vscode-light / vscode-dark).
(() => {
    const theme = new URLSearchParams(location.search).get('theme') === 'dark' ? 'vscode-dark' : 'vscode-light';
    document.body.classList.add(theme);
    window.__posted = [];
    window.__violations = [];
    // Records the URL of every worker the page starts (ELK must run in one, from a blob: URL).
    window.__workers = [];
    const PageWorker = window.Worker;
    window.Worker = class extends PageWorker {
        // While a test sets window.__heldPainted, the page's word that it painted a map is held back from the worker (window.__releasePainted sends it).
        postMessage(message, ...rest) {
            // While a test sets window.__toWorker, the type of each message the page posts the worker is recorded.
            if (Array.isArray(window.__toWorker) && message) window.__toWorker.push(message.type);
            if (Array.isArray(window.__heldPainted) && message && message.type === 'painted') window.__heldPainted.push(message);
            else super.postMessage(message, ...rest);
        }
        constructor(url, options) {
            super(url, options);
            window.__workers.push(String(url));
            // What each worker answers the page, as JSON, while a test sets this array (off by default: the bench times the page).
            this.addEventListener('message', event => {
                if (Array.isArray(window.__workerAnswers)) window.__workerAnswers.push(JSON.stringify(event.data));
                // While a test sets this array, the markup of deferred pieces is held back from the page (window.__releaseFills lets it through).
                if (Array.isArray(window.__heldFills) && event.data && 'fill' in event.data) {
                    window.__heldFills.push(event.data);
                    event.stopImmediatePropagation();
                }
                // Likewise the answers with a laid-out map (window.__releaseMaps lets them through).
                if (Array.isArray(window.__heldMaps) && event.data && 'map' in event.data && 'id' in event.data) {
                    window.__heldMaps.push(event.data);
                    event.stopImmediatePropagation();
                }
            });
            window.__releasePainted = () => {
                const held = window.__heldPainted ?? [];
                delete window.__heldPainted;
                for (const message of held) PageWorker.prototype.postMessage.call(this, message);
                return held.length;
            };
            window.__releaseMaps = () => {
                const held = window.__heldMaps ?? [];
                delete window.__heldMaps;
                for (const data of held) this.dispatchEvent(new MessageEvent('message', { data }));
                return held.length;
            };
            window.__releaseFills = () => {
                const held = window.__heldFills ?? [];
                delete window.__heldFills;
                for (const data of held) this.dispatchEvent(new MessageEvent('message', { data }));
                return held.length;
            };
        }
    };
    let state;
    document.addEventListener('securitypolicyviolation', event => {
        window.__violations.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"} ${event.sourceFile}:${event.lineNumber}:${event.columnNumber} ${event.sample}`);
    });
    window.acquireVsCodeApi = () => ({
        postMessage: message => { window.__posted.push(message); },
        getState: () => state,
        setState: value => { state = value; }
    });
})();
