/**
 * Preview budget, pipeline part: AST → diagram model → layout → SVG for a
 * 60-touchpoint map (target well under 100 ms) and a 1,000-touchpoint map (≤ 1 s),
 * with and without the ELK cache, against a naive flat ELK layered layout of the
 * same cards and flows (what the grid layout replaces), measured in the same run.
 */
import { performance } from 'node:perf_hooks';
import { EmptyFileSystem } from 'langium';
import { parseHelper } from 'langium/test';
import ELK from 'elkjs/lib/elk.bundled.js';
import { createJourneyServices } from '../src/language/journey-module.js';
import type { Model } from '../src/language/generated/ast.js';
import { buildDiagramModels, layoutDiagram, renderSvg, type DiagramModel, type ElkApi } from '../src/diagram/index.js';
import { clearOrderCache, flowGraph } from '../src/diagram/elk-order.js';
import { SHARED_DECLARATIONS, generateMap } from './generate-maps.js';
import { formatMs, machine, measure } from './harness.js';

const elk: ElkApi = new ELK.default();
const parse = parseHelper<Model>(createJourneyServices(EmptyFileSystem).Journey);
await parse(SHARED_DECLARATIONS, { documentUri: 'file:///bench/common.journey' });
console.log(`layout: ${machine()}`);

/** The flat layered layout a naive pipeline would ask ELK for: every card a node, every flow an edge. */
function naiveGraph(model: DiagramModel) {
    return {
        id: 'root',
        layoutOptions: { 'elk.algorithm': 'layered', 'elk.direction': 'RIGHT', 'elk.edgeRouting': 'ORTHOGONAL' },
        children: model.cards.map(c => ({ id: c.id, width: 200, height: 60 })),
        edges: model.flows.map(f => ({ id: f.id, sources: [f.source], targets: [f.target] }))
    };
}

for (const touchpoints of [60, 1000]) {
    const doc = await parse(generateMap(touchpoints, touchpoints), { documentUri: `file:///bench/map-${touchpoints}.journey` });
    const model = buildDiagramModels(doc.parseResult.value)[0];
    console.log(`\n${touchpoints} touchpoints: ${model.stages.length} stages, ${model.cards.length} cards, ${model.flows.length} flows`);
    const build = await measure('AST → diagram model', () => buildDiagramModels(doc.parseResult.value), { warmUp: true });
    // elkjs is compiled Java: its first calls run cold. Report the first call, then warm medians.
    let start = performance.now();
    clearOrderCache();
    await layoutDiagram(model, elk);
    console.log(`  ${'layout, first call (cold ELK)'.padEnd(38)} ${formatMs(performance.now() - start).padStart(16)}`);
    for (let i = 0; i < 10; i++) { clearOrderCache(); await layoutDiagram(model, elk); }
    const fresh = await measure('layout, ELK order not cached', () => { clearOrderCache(); return layoutDiagram(model, elk); });
    const cached = await measure('layout, ELK order cached (typing)', () => layoutDiagram(model, elk), { warmUp: true });
    const layout = await layoutDiagram(model, elk);
    const svg = await measure('render SVG', () => renderSvg(layout), { warmUp: true });
    const keystroke = await measure('model + layout (cached) + SVG', async () => {
        const [m] = buildDiagramModels(doc.parseResult.value);
        return renderSvg(await layoutDiagram(m, elk));
    }, { warmUp: true });
    const ordering = () => elk.layout(flowGraph(model, model.cards.filter(c => c.kind === 'touchpoint').map(c => c.id)));
    const elkOrder = await measure('ELK ordering graph alone', ordering, { warmUp: true });
    start = performance.now();
    await elk.layout(naiveGraph(model));
    console.log(`  ${'naive flat ELK, first call'.padEnd(38)} ${formatMs(performance.now() - start).padStart(16)}`);
    const naive = await measure('naive flat ELK layered (comparison)', () => elk.layout(naiveGraph(model)), { warmUp: true });
    console.log(`  ordering: ${layout.ordering}${layout.orderingNote ? ` (${layout.orderingNote})` : ''}; SVG ${(renderSvg(layout).length / 1024).toFixed(0)} KiB`);
    console.log(`  ratios: uncached layout / naive ELK = ${(fresh.median / naive.median).toFixed(2)}, keystroke / naive ELK = ${(keystroke.median / naive.median).toFixed(2)}, ELK order / layout = ${(elkOrder.median / fresh.median).toFixed(2)}`);
    console.log(`  budget: keystroke pipeline ${formatMs(keystroke.median)} (${touchpoints === 60 ? 'target < 100 ms' : 'target ≤ 1 s'}), model ${formatMs(build.median)}, SVG ${formatMs(svg.median)}, cached layout ${formatMs(cached.median)}`);
}
