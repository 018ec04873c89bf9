// The page's side of the layout worker (webview/layout-worker.ts, inlined into this bundle by
// esbuild.mjs as the `layout-worker-source` module): one layout at a time, and while one runs
// only the newest request waits, so typing never queues stale layouts.
import layoutWorkerSource from 'layout-worker-source';
import type { DiagramModel, DiagramOptions, LaidOutDiagram } from '../src/diagram/types.js';
import type { SvgPieces } from './svg-pieces.js';

/** `diagram` is the full model (as the host sends it); the worker applies `options` to it. */
export interface LayoutRequest { id: number; diagram: DiagramModel; options: DiagramOptions }
export type LayoutResponse = { id: number; laidOut: LaidOutDiagram; pieces: SvgPieces } | { id: number; error: string };
/** A laid-out diagram and its SVG (theme 'vscode') in keyed pieces; undefined when a newer request superseded this one. */
export type LayoutResult = { laidOut: LaidOutDiagram; pieces: SvgPieces } | undefined;

interface Pending { request: LayoutRequest; resolve(result: LayoutResult): void; reject(error: Error): void }

export class LayoutWorker {
    private readonly worker: Worker;
    private nextId = 1;
    private running?: Pending;
    private waiting?: Pending;

    constructor() {
        const url = URL.createObjectURL(new Blob([layoutWorkerSource], { type: 'text/javascript' }));
        this.worker = new Worker(url);
        this.worker.addEventListener('message', event => this.answered(event.data as LayoutResponse));
        this.worker.addEventListener('error', event => this.failed(new Error(event.message || 'the layout worker failed')));
    }

    layout(diagram: DiagramModel, options: DiagramOptions): Promise<LayoutResult> {
        return new Promise((resolve, reject) => {
            this.waiting?.resolve(undefined);
            this.waiting = { request: { id: this.nextId++, diagram, options }, resolve, reject };
            this.startNext();
        });
    }

    private startNext(): void {
        if (this.running || !this.waiting) return;
        this.running = this.waiting;
        this.waiting = undefined;
        this.worker.postMessage(this.running.request);
    }

    private answered(response: LayoutResponse): void {
        const running = this.running;
        if (!running || running.request.id !== response.id) return;
        this.running = undefined;
        if ('error' in response) running.reject(new Error(response.error));
        else running.resolve({ laidOut: response.laidOut, pieces: response.pieces });
        this.startNext();
    }

    private failed(error: Error): void {
        this.running?.reject(error);
        this.running = undefined;
        this.startNext();
    }
}
