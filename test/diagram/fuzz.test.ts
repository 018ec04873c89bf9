// Random maps through the whole pipeline: it never throws, keeps every touchpoint,
// routes every flow around the cards, never overlaps cards, and writes well-formed SVG.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { buildDiagramModels, layoutDiagram, renderSvg } from '../../src/diagram/index.js';
import { diagramOptions as options, journey, journeySource as source } from '../fuzz/arbitraries.js';
import { assertGrid, checkSafeSvg, crossesInside } from './checks.js';
import { elk, parseMap } from './fixtures.js';

describe('random maps', () => {
    test('the pipeline never throws, keeps its promises and writes well-formed SVG', async () => {
        await fc.assert(fc.asyncProperty(journey, options, async (j, opts) => {
            const { text, touchpoints } = source(j);
            const doc = await parseMap(text);
            expect(doc.parseResult.parserErrors).toEqual([]);
            const [model] = buildDiagramModels(doc.parseResult.value, opts);
            if (!opts.persona && (!opts.lanes || opts.lanes.includes('touchpoints'))) {
                // Grouped by persona, shared touchpoints are copied into each persona's row: count the first cards.
                expect(model.cards.filter(c => c.kind === 'touchpoint' && !c.copyOf)).toHaveLength(touchpoints);
                expect(model.counts.touchpoints).toBe(touchpoints);
            }
            const layout = await layoutDiagram(model, elk);
            assertGrid(layout);
            expect(layout.edges).toHaveLength(model.flows.length);
            for (const edge of layout.edges) {
                for (let i = 1; i < edge.points.length; i++) {
                    for (const box of layout.cards) expect(crossesInside(edge.points[i - 1], edge.points[i], box)).toBe(false);
                }
            }
            const svg = renderSvg(layout, { standalone: true, theme: 'dark' });
            checkSafeSvg(svg);
            expect(renderSvg(await layoutDiagram(buildDiagramModels(doc.parseResult.value, opts)[0], elk), { standalone: true, theme: 'dark' })).toBe(svg);
        }), { numRuns: 60, seed: 20261122 });
    }, 120_000);
});
