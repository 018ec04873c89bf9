// Random maps through the whole pipeline: it never throws, keeps every touchpoint,
// routes every flow around the cards, never overlaps cards, and writes well-formed SVG.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { buildDiagramModels, layoutDiagram, renderSvg, LANE_IDS, type DiagramOptions } from '../../src/diagram/index.js';
import { assertGrid, checkSafeSvg, crossesInside } from './checks.js';
import { elk, parseMap } from './fixtures.js';

const text = fc.string({ unit: fc.constantFrom('a', 'é', ' ', '<', '&', '"', "'", '\\', '中', '😀', '\u0007', 'W', 'x', '\n'), maxLength: 60 });
const level = fc.constantFrom('low', 'medium', 'high');

const touchpoint = fc.record({
    label: text,
    kind: fc.option(fc.constantFrom('person', 'tool', 'place'), { nil: undefined }),
    channels: fc.subarray(['Web', 'Shop', 'Phone']),
    personas: fc.subarray(['Ann', 'Bob']),
    emotion: fc.option(fc.integer({ min: -3, max: 3 }), { nil: undefined }),
    actions: fc.array(text, { maxLength: 2 }),
    backstage: fc.array(text, { maxLength: 1 }),
    frictions: fc.array(fc.tuple(text, fc.option(level, { nil: undefined })), { maxLength: 2 }),
    opportunities: fc.array(fc.tuple(text, level, level), { maxLength: 1 }),
    next: fc.array(fc.nat(40), { maxLength: 3 })
});
const journey = fc.record({
    title: text,
    stages: fc.array(fc.record({ label: text, goals: fc.array(text, { maxLength: 2 }), touchpoints: fc.array(touchpoint, { maxLength: 5 }) }), { maxLength: 6 }),
    metrics: fc.array(fc.record({ stage: fc.nat(6), target: fc.option(fc.double({ min: 0, max: 200, noNaN: true }), { nil: undefined }), actual: fc.option(fc.double({ min: 0, max: 200, noNaN: true }), { nil: undefined }) }), { maxLength: 4 })
});
const options: fc.Arbitrary<DiagramOptions> = fc.record({
    groupBy: fc.constantFrom('channel', 'persona'),
    lanes: fc.option(fc.subarray([...LANE_IDS]), { nil: undefined }),
    persona: fc.option(fc.constantFrom('Ann', 'Bob', 'Nobody'), { nil: undefined })
}, { requiredKeys: ['groupBy'] });

const quote = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
const fixed = (n: number) => String(Math.round(n * 10) / 10);

type RandomJourney = typeof journey extends fc.Arbitrary<infer T> ? T : never;

function source(j: RandomJourney): { text: string; touchpoints: number } {
    const names: string[] = [];
    j.stages.forEach((s, i) => s.touchpoints.forEach((_, k) => names.push(`T${i}_${k}`)));
    const lines = [`journey J ${quote(j.title)} {`, 'persona Ann "Ann"', 'persona Bob "Bob"', 'channel Web "Web" digital', 'channel Shop "Shop" physical', 'channel Phone "Phone" physical'];
    j.stages.forEach((s, i) => {
        lines.push(`stage S${i} ${quote(s.label)} {`, ...s.goals.map(g => `goal ${quote(g)}`));
        s.touchpoints.forEach((t, k) => {
            const fields = [
                t.kind && `kind ${t.kind}`, t.channels.length > 0 && `channel ${t.channels.join(', ')}`,
                t.personas.length > 0 && `personas ${t.personas.join(', ')}`, t.emotion !== undefined && `emotion ${t.emotion}`,
                ...t.actions.map(a => `action ${quote(a)}`), ...t.backstage.map(b => `backstage ${quote(b)}`),
                ...t.frictions.map(([f, sev]) => `friction ${quote(f)}${sev ? ` severity ${sev}` : ''}`),
                ...t.opportunities.map(([o, impact, effort]) => `opportunity ${quote(o)} impact ${impact} effort ${effort}`),
                t.next.length > 0 && names.length > 0 && `next ${t.next.map(n => names[n % names.length]).join(', ')}`
            ].filter(Boolean);
            lines.push(`touchpoint T${i}_${k} ${quote(t.label)} { ${fields.join(' ')} }`);
        });
        lines.push('}');
    });
    j.metrics.forEach((m, i) => {
        if (j.stages.length === 0) return;
        lines.push(`metric M${i} "Metric ${i}" in S${m.stage % j.stages.length}${m.target !== undefined ? ` target ${fixed(m.target)}%` : ''}${m.actual !== undefined ? ` actual ${fixed(m.actual)}` : ''}`);
    });
    lines.push('}');
    return { text: lines.join('\n'), touchpoints: names.length };
}

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
