// The layout worker: the shared pipeline's view options, layout and SVG rendering, off the
// page's main thread. The page starts it from a blob: URL (webview/layout.ts), the only worker
// source its CSP allows; nothing here or in ELK needs eval.
import elkApi from 'elkjs/lib/elk-api.js';
import elkWorkerSource from 'elk-worker-source';
import { layoutDiagram } from '../src/diagram/layout.js';
import { renderSvg } from '../src/diagram/svg.js';
import type { LaidOutDiagram, Rect } from '../src/diagram/types.js';
import { applyViewOptions } from '../src/diagram/view-options.js';
import type { LayoutRequest, LayoutResponse } from './layout.js';
import { splitSvg, type SvgPieces } from './svg-pieces.js';
import { errorMessage } from '../src/common/errors.js';

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

async function answer({ id, diagram, options }: LayoutRequest): Promise<LayoutResponse> {
    try {
        const laidOut = await layoutDiagram(applyViewOptions(diagram, options), elk);
        return { id, laidOut, pieces: pieces(laidOut) };
    } catch (error) {
        return { id, error: errorMessage(error) };
    }
}

/**
 * The map in keyed pieces, each card drawn at the origin with its place as an offset (a card
 * that only moved, as when a column widens, keeps its markup and so its element in the page),
 * each card and flow with its box (the page draws those in view only).
 */
function pieces(laidOut: LaidOutDiagram): SvgPieces {
    const theme = 'vscode';
    const map = splitSvg(renderSvg(laidOut, { theme }));
    // Only the cards at the origin: nothing else of the map is drawn for this second text.
    const atOrigin = { ...laidOut, lanes: [], rows: [], columns: [], edges: [], emotion: undefined, cards: laidOut.cards.map(c => ({ ...c, x: 0, y: 0 })) };
    const local = new Map(splitSvg(renderSvg(atOrigin, { theme })).children.find(p => p.key === 'cards')?.children?.map(p => [p.key, p.markup]) ?? []);
    const cardBoxes = new Map(laidOut.cards.map(c => [c.id, c]));
    const edgeBoxes = new Map(laidOut.edges.map(e => [e.id, boundingBox(e.points)]));
    for (const part of map.children) {
        if (part.key === 'cards') {
            for (const card of part.children ?? []) {
                const box = cardBoxes.get(card.key);
                const markup = local.get(card.key);
                if (!box || markup === undefined) continue;
                card.markup = markup;
                card.offset = { x: box.x, y: box.y };
                card.box = { x: box.x, y: box.y, width: box.width, height: box.height };
            }
        } else if (part.key === 'edges') {
            for (const edge of part.children ?? []) {
                const box = edgeBoxes.get(edge.key);
                if (box) edge.box = box;
            }
        }
    }
    return map;
}

function boundingBox(points: { x: number; y: number }[]): Rect {
    const xs = points.map(p => p.x), ys = points.map(p => p.y);
    const x = Math.min(...xs), y = Math.min(...ys);
    // Arrow heads and strokes reach a few pixels past the line.
    return { x: x - 8, y: y - 8, width: Math.max(...xs) - x + 16, height: Math.max(...ys) - y + 16 };
}
