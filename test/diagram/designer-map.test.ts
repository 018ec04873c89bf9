// Issue 11: a map a service designer can hand to a client (personas, evidence, frictions tied
// to their touchpoint, persona rows, header counts).
import { describe, expect, test } from 'vitest';
import { buildDiagramModels, layoutDiagram, renderSvg, type TouchpointCard } from '../../src/diagram/index.js';
import { elk, parseMap } from './fixtures.js';
import { assertGrid, checkSafeSvg } from './checks.js';
import { textLines } from './xml.js';

const SHARED = `journey Bank "Bank" {
    persona Karim "Karim, self-employed" { segment "Self-employed" goal "A loan in a week" frustration "Income ignored" }
    persona Lea "Léa, salaried" { goal "Compare rates" frustration "Hidden fees" }
    stage Find "Find" {
        touchpoint Ad "Ad" { personas Karim, Lea emotion +1 next Sim }
    }
    stage Simulate "Simulate" {
        touchpoint Sim "Loan simulator" {
            personas Karim, Lea
            emotion -1
            evidence "12 of 20 interviews mention it"
            evidence "Analytics: 62% drop-off"
            friction "Ignores self-employed income" severity high
        }
        touchpoint Call "Call back" { personas Karim }
        friction "Slow branch answers"
    }
}`;

const touchpoints = (cards: { kind: string }[]) => cards.filter((c): c is TouchpointCard => c.kind === 'touchpoint');

describe('group by persona', () => {
    test('a touchpoint shared by several personas sits in each of their rows', async () => {
        const doc = await parseMap(SHARED);
        const [model] = buildDiagramModels(doc.parseResult.value, { groupBy: 'persona' });
        const rows = model.lanes.find(l => l.id === 'touchpoints')!.rows.map(r => r.id);
        // Léa has no touchpoint of her own (all are shared with Karim): she still gets her row.
        expect(rows).toEqual(['Karim', 'Lea']);
        const where = (name: string) => touchpoints(model.cards).filter(c => c.name === name).map(c => c.row);
        expect(where('Sim')).toEqual(['Karim', 'Lea']);
        expect(where('Ad')).toEqual(['Karim', 'Lea']);
        expect(where('Call')).toEqual(['Karim']);
        const layout = await layoutDiagram(model, elk);
        assertGrid(layout);
        // Each persona's flow runs in its own row.
        for (const edge of layout.edges) {
            const source = touchpoints(model.cards).find(c => c.id === edge.source)!;
            const target = touchpoints(model.cards).find(c => c.id === edge.target)!;
            expect(source.row).toBe(target.row);
        }
        expect(layout.edges).toHaveLength(2);
    });
});

describe('header', () => {
    test('counts do not depend on the lanes shown', async () => {
        const doc = await parseMap(SHARED);
        for (const lanes of [undefined, ['emotion' as const], ['frictions' as const, 'goal' as const]]) {
            const [model] = buildDiagramModels(doc.parseResult.value, lanes ? { lanes } : {});
            const svg = renderSvg(await layoutDiagram(model, elk));
            expect(textLines(checkSafeSvg(svg)).join('\n'), String(lanes)).toContain('2 stages · 3 touchpoints');
        }
        const [byPersona] = buildDiagramModels(doc.parseResult.value, { groupBy: 'persona' });
        expect(textLines(checkSafeSvg(renderSvg(await layoutDiagram(byPersona, elk)))).join('\n')).toContain('2 stages · 3 touchpoints');
    });
});
