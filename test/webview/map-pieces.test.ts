// The layout worker's pieces of a laid-out map (webview/map-pieces.ts): the same pieces as one
// render of the whole map split by key, and after a change only the changed parts are rendered
// again (counted through the real renderer, wrapped to see what it is asked to draw).
import { describe, expect, test, vi } from 'vitest';
import { generateMap, SHARED_DECLARATIONS } from '../../bench/generate-maps.js';
import { applyViewOptions, buildDiagramModels, layoutDiagram, renderSvg, type DiagramModel, type LaidOutDiagram, type TouchpointCard } from '../../src/diagram/index.js';
import { LANE_IDS, type Rect } from '../../src/diagram/types.js';
import { DEFER_MIN_CARDS, deferredLeaves, MapPieces } from '../../webview/map-pieces.js';
import { firstView, rectInView } from '../../webview/viewport.js';
import { shareUnchanged } from '../../webview/shared-models.js';
import { splitSvg, type SvgPiece, type SvgPieces } from '../../webview/svg-pieces.js';
import { elk, loadExamples, parse } from '../diagram/fixtures.js';

const rendered = vi.hoisted(() => ({ layouts: [] as { cards: number; edges: number; points: number; notes: boolean }[] }));
vi.mock('../../src/diagram/svg.js', async original => {
    const real = await original<typeof import('../../src/diagram/svg.js')>();
    return {
        ...real,
        renderSvg: (layout: LaidOutDiagram, options?: Parameters<typeof real.renderSvg>[1]) => {
            rendered.layouts.push({
                cards: layout.cards.length, edges: layout.edges.length,
                points: layout.emotion?.lines.reduce((n, line) => n + line.points.length, 0) ?? 0, notes: layout.notes !== undefined
            });
            return real.renderSvg(layout, options);
        },
        renderSvgWithPoints: (layout: LaidOutDiagram, options: Parameters<typeof real.renderSvgWithPoints>[1], drawPoint: (key: string) => boolean) => {
            rendered.layouts.push({
                cards: layout.cards.length, edges: layout.edges.length,
                points: layout.emotion?.lines.reduce((n, line, l) => n + line.points.filter(p => drawPoint(`point:${l}:${p.card}`)).length, 0) ?? 0, notes: layout.notes !== undefined
            });
            return real.renderSvgWithPoints(layout, options, drawPoint);
        }
    };
});

/** Every leaf's markup and every container's tags by path, in order, with the boxes and offsets. */
function flat(pieces: SvgPieces): unknown[] {
    const out: unknown[] = [pieces.open];
    const walk = (piece: SvgPiece, path: string) => {
        out.push([path, piece.markup ?? `${piece.open}…${piece.close}`, piece.offset, piece.box]);
        for (const child of piece.children ?? []) walk(child, `${path}/${child.key}`);
    };
    for (const piece of pieces.children) walk(piece, piece.key);
    return out;
}

/** The whole map rendered once (cards at the origin) and split: what the pieces must be. */
function wholeRender(laidOut: LaidOutDiagram): unknown[] {
    const atOrigin = { ...laidOut, cards: laidOut.cards.map(c => ({ ...c, x: 0, y: 0 })) };
    const texts = flat(splitSvg(renderSvg(atOrigin, { theme: 'vscode' })));
    // The markup only: the boxes come from the layout (checked by the page tests).
    return texts.map(entry => Array.isArray(entry) ? entry.slice(0, 2) : entry);
}
const markupOnly = (pieces: SvgPieces) => flat(pieces).map(entry => Array.isArray(entry) ? entry.slice(0, 2) : entry);

let common: Promise<unknown> | undefined;
/** The documents parsed, by touchpoints (a URI is parsed once); each call builds a model of its own. */
const parsed = new Map<number, ReturnType<typeof parse>>();
async function bigMap(touchpoints: number): Promise<DiagramModel> {
    await (common ??= parse(SHARED_DECLARATIONS, { documentUri: 'file:///pieces/common.journey' }));
    if (!parsed.has(touchpoints)) parsed.set(touchpoints, parse(generateMap(0, touchpoints), { documentUri: `file:///pieces/map-${touchpoints}.journey` }));
    const doc = await parsed.get(touchpoints)!;
    return buildDiagramModels(doc.parseResult.value)[0];
}
const copy = (model: DiagramModel): DiagramModel => JSON.parse(JSON.stringify(model)) as DiagramModel;

describe('the pieces of a laid-out map', () => {
    test('are the whole map rendered and split, for every example and view', async () => {
        for (const { doc } of await loadExamples()) {
            for (const model of buildDiagramModels(doc.parseResult.value)) {
                const pieces = new MapPieces();
                for (const options of [{}, { groupBy: 'persona' as const }, { lanes: ['touchpoints' as const] }, {}]) {
                    const laidOut = await layoutDiagram(applyViewOptions(model, options), elk);
                    expect(markupOnly(pieces.pieces(laidOut)), model.id).toEqual(wholeRender(laidOut));
                }
            }
        }
    });

    test('a card changed at 1,000 touchpoints: that card alone is rendered again, and the pieces are the whole map\'s', async () => {
        const model = await bigMap(1000);
        const pieces = new MapPieces();
        const before = copy(model);
        pieces.pieces(await layoutDiagram(applyViewOptions(before), elk));
        const next = copy(model);
        // One without evidence (the notes under the map name those).
        const card = next.cards.find((c): c is TouchpointCard => c.kind === 'touchpoint' && c.stage === next.stages[4].id && c.evidence.length === 0)!;
        card.owner = { id: 'Autre', label: 'Autre équipe' };
        const shared = shareUnchanged(before, next);
        const laidOut = await layoutDiagram(applyViewOptions(shared), elk);
        rendered.layouts.length = 0;
        const result = pieces.pieces(laidOut);
        expect(rendered.layouts).toEqual([{ cards: 1, edges: 0, points: 0, notes: false }]);
        expect(markupOnly(result)).toEqual(wholeRender(laidOut));
        // Renamed, its card is drawn again, and so are the emotion points, whose tooltips name it.
        const renamedCard = shareUnchanged(shared, (() => { const m = copy(shared); const c = m.cards.find(c => c.id === card.id)!; c.text = `${c.text} bis`; return m; })());
        const relabelled = await layoutDiagram(applyViewOptions(renamedCard), elk);
        rendered.layouts.length = 0;
        const titled = pieces.pieces(relabelled);
        const points = relabelled.emotion!.lines.reduce((n, line) => n + line.points.length, 0);
        expect(rendered.layouts).toEqual([{ cards: 1, edges: 0, points, notes: false }]);
        expect(markupOnly(titled)).toEqual(wholeRender(relabelled));
        expect(JSON.stringify(markupOnly(titled))).toContain(` — ${card.text} bis: `);
        // A stage renamed to a wider label widens its column (its cards are drawn anew) and moves
        // the columns after it: their cards keep their markup, the flows and curves move.
        const renamed = shareUnchanged(renamedCard, (() => { const m = copy(renamedCard); m.stages[4].label = 'Une étape au nom bien plus long que les autres'; return m; })());
        const moved = await layoutDiagram(applyViewOptions(renamed), elk);
        rendered.layouts.length = 0;
        const after = pieces.pieces(moved);
        expect(rendered.layouts[0].cards).toBe(moved.diagram.cards.filter(c => c.stage === renamed.stages[4].id).length);
        expect(rendered.layouts[0].points).toBeGreaterThan(0);
        expect(markupOnly(after)).toEqual(wholeRender(moved));
    });

    test('near a view, the cards, flows and emotion points far from it come deferred; filled, the pieces are the whole map\'s', async () => {
        const laidOut = await layoutDiagram(applyViewOptions(await bigMap(1500)), elk);
        expect(laidOut.cards.length).toBeGreaterThanOrEqual(DEFER_MIN_CARDS);
        // The first stages, all lanes.
        const view = { x: 0, y: 0, width: 2400, height: laidOut.height };
        const meets = (a: Rect, b: Rect) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
        const pieces = new MapPieces();
        rendered.layouts.length = 0;
        const lazy = pieces.pieces(laidOut, [view]);
        const deferred = deferredLeaves(lazy);
        // Listed as they were made.
        const byId = (leaves: typeof deferred) => [...leaves].sort((a, b) => a.leaf.deferred! - b.leaf.deferred!);
        expect(byId(pieces.deferredOf(lazy))).toEqual(byId(deferred));
        for (const group of ['cards', 'edges', 'emotion-points']) {
            const leaves = lazy.children.find(p => p.key === group)!.children!;
            const later = leaves.filter(leaf => leaf.deferred !== undefined);
            // Most of the map is far from the view; what meets it is rendered, what does not is not.
            expect(later.length, group).toBeGreaterThan(leaves.length / 2);
            expect(later.length, group).toBeLessThan(leaves.length);
            for (const leaf of leaves) expect(leaf.deferred === undefined, `${group} ${leaf.key}`).toBe(meets(leaf.box!, view));
        }
        expect(rendered.layouts[0].cards).toBeLessThan(laidOut.cards.length / 2);
        expect(new Set(deferred.map(d => d.leaf.deferred)).size).toBe(deferred.length);
        // Filled a chunk at a time (in any order), each leaf once, by its id.
        const ids = deferred.map(d => d.leaf.deferred);
        const filled = [];
        for (let i = deferred.length; i > 0; i -= 500) filled.push(...pieces.fill(laidOut, deferred.slice(Math.max(0, i - 500), i)));
        expect(filled.map(f => f.id).sort((a, b) => a - b)).toEqual([...ids].sort((a, b) => a! - b!));
        expect(deferredLeaves(lazy)).toEqual([]);
        expect(pieces.fill(laidOut, deferred)).toEqual([]);
        expect(markupOnly(lazy)).toEqual(wholeRender(laidOut));
        // Remembered as drawn: the whole map again renders no card and no flow.
        rendered.layouts.length = 0;
        pieces.pieces(laidOut);
        expect(rendered.layouts).toMatchObject([{ cards: 0, edges: 0 }]);
    });

    test('a map of fewer cards than DEFER_MIN_CARDS, taller and wider than its first view, is rendered whole: the same pieces as without a view', async () => {
        for (const touchpoints of [60, 1200]) {
            const laidOut = await layoutDiagram(applyViewOptions(await bigMap(touchpoints)), elk);
            expect(laidOut.cards.length).toBeLessThan(DEFER_MIN_CARDS);
            const size = { width: 1200, height: 800 };
            const first = rectInView(firstView(laidOut, size), size, 0.5);
            expect(first.height < laidOut.height || first.width < laidOut.width).toBe(true);
            const lazy = new MapPieces();
            const given = lazy.pieces(laidOut, [first]);
            expect(deferredLeaves(given)).toEqual([]);
            expect(lazy.deferredOf(given)).toEqual([]);
            expect(JSON.stringify(given)).toBe(JSON.stringify(new MapPieces().pieces(laidOut)));
        }
    });

    test('a map of fewer cards than DEFER_MIN_CARDS after a big one with the same emotion lane is rendered whole (no deferred point kept from the big one)', async () => {
        const model = await bigMap(1500);
        const big = await layoutDiagram(applyViewOptions(model), elk);
        const small = await layoutDiagram(applyViewOptions(model, { lanes: LANE_IDS.filter(lane => !['metrics', 'frictions', 'opportunities', 'backstage', 'support'].includes(lane)) }), elk);
        expect(big.cards.length).toBeGreaterThanOrEqual(DEFER_MIN_CARDS);
        expect(small.cards.length).toBeLessThan(DEFER_MIN_CARDS);
        const view = { x: 0, y: 0, width: 2400, height: big.height };
        const pieces = new MapPieces();
        expect(deferredLeaves(pieces.pieces(big, [view])).filter(d => d.group === 'emotion-points').length).toBeGreaterThan(0);
        const given = pieces.pieces(small, [view]);
        expect(deferredLeaves(given)).toEqual([]);
        expect(pieces.deferredOf(given)).toEqual([]);
        expect(markupOnly(given)).toEqual(wholeRender(small));
    });
});
