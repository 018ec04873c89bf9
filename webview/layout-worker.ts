// The layout worker: the shared pipeline's layout and SVG rendering, off the page's main
// thread. The page starts it from a blob: URL (webview/layout.ts), the only worker source its
// CSP allows; nothing here or in ELK needs eval.
import elkApi from 'elkjs/lib/elk-api.js';
import elkWorkerSource from 'elk-worker-source';
import { layoutDiagram } from '../src/diagram/layout.js';
import { renderSvg } from '../src/diagram/svg.js';
import type { LayoutRequest, LayoutResponse } from './layout.js';
import { errorMessage } from '../src/shared/errors.js';

// ELK itself runs in a worker of this worker, started through elkjs's workerFactory from a
// blob: URL: elkjs's script, loaded into a worker scope, takes that scope over as ELK's own
// worker, so it cannot share this one. elk-api.js is CommonJS: its exports object is the
// constructor, also `.default` (the typed one).
const elkUrl = URL.createObjectURL(new Blob([elkWorkerSource], { type: 'text/javascript' }));
const elk = new elkApi.default({ workerFactory: () => new Worker(elkUrl) });

self.addEventListener('message', event => {
    const request = (event as MessageEvent<LayoutRequest>).data;
    void answer(request).then(response => self.postMessage(response));
});

async function answer({ id, diagram }: LayoutRequest): Promise<LayoutResponse> {
    try {
        const laidOut = await layoutDiagram(diagram, elk);
        return { id, laidOut, svg: renderSvg(laidOut, { theme: 'vscode' }) };
    } catch (error) {
        return { id, error: errorMessage(error) };
    }
}
