import { personaEmotions, sharedEmotion } from '../../src/language/emotions.js';
import { AstUtils, type LangiumDocument } from 'langium';
import { beforeAll, describe, expect, test } from 'vitest';
import { isFriction, isMetric, isOpportunity, isTouchpoint, type Model } from '../../src/language/generated/ast.js';
import { buildDiagramModels, layoutDiagram, renderSvg, type DiagramModel } from '../../src/diagram/index.js';
import { assertGrid, checkSafeSvg, crossesInside, onBorder } from './checks.js';
import { elk, loadExamples, pipeline } from './fixtures.js';
import { elements, textLines, type XmlElement } from './xml.js';

const squash = (s: string) => s.replace(/\s+/g, '');

/** ELK orders touchpoints only where flows exist and a cell holds two touchpoints. */
function usesElk(model: DiagramModel): boolean {
    const cells = model.cards.filter(c => c.kind === 'touchpoint').map(c => `${c.stage}/${c.row}`);
    return model.flows.length > 0 && new Set(cells).size < cells.length;
}

function cardElements(root: XmlElement): Map<string, XmlElement> {
    const map = new Map<string, XmlElement>();
    for (const e of elements(root)) if (e.attributes.class === 'card') map.set(e.attributes['data-id'], e);
    return map;
}

describe('diagram pipeline on the examples', () => {
    let examples: { file: string; doc: LangiumDocument<Model> }[];
    beforeAll(async () => { examples = await loadExamples(); });

    // First in this file (its own process): the first layouts ask ELK, the second ones hit the cache.
    test('the same input gives the same SVG, fresh from ELK and from its cache', async () => {
        const { default: ELK } = await import('elkjs/lib/elk.bundled.js');
        for (const { doc } of examples) {
            for (const model of buildDiagramModels(doc.parseResult.value)) {
                const first = await layoutDiagram(model, new ELK.default());
                expect(first.ordering).toBe(usesElk(model) ? 'elk' : 'source');
                const again = await layoutDiagram(buildDiagramModels(doc.parseResult.value).find(m => m.id === model.id)!, elk);
                expect(again.ordering).toBe(usesElk(model) ? 'elk-cached' : 'source');
                expect(renderSvg(again)).toBe(renderSvg(first));
                expect(renderSvg(again, { standalone: true, theme: 'dark' })).toBe(renderSvg(first, { standalone: true, theme: 'dark' }));
                expect(JSON.parse(JSON.stringify(first))).toEqual(first); // plain JSON: crosses postMessage unchanged
            }
        }
    });
    test('every journey becomes a diagram', () => {
        const journeys = examples.flatMap(e => e.doc.parseResult.value.journeys);
        expect(journeys.length).toBeGreaterThanOrEqual(3);
        for (const { doc } of examples) {
            expect(buildDiagramModels(doc.parseResult.value).map(m => m.id)).toEqual(doc.parseResult.value.journeys.map(j => j.name));
        }
    });

    test('every stage, touchpoint, friction, opportunity and metric appears with its text in the model and the SVG', async () => {
        for (const { doc } of examples) {
            const results = await pipeline(doc);
            doc.parseResult.value.journeys.forEach((journey, j) => {
                const { layout, svg } = results[j];
                const model = layout.diagram;
                const root = checkSafeSvg(svg);
                const cards = cardElements(root);
                const svgText = squash(textLines(root).join(''));
                const cardText = (id: string) => squash(textLines(cards.get(id)!).join(''));
                for (const stage of journey.stages) {
                    expect(model.stages.map(s => s.label)).toContain(stage.label);
                    expect(svgText).toContain(squash(stage.label!));
                }
                const nodes = [...AstUtils.streamAst(journey)];
                for (const tp of nodes.filter(isTouchpoint)) {
                    const card = model.cards.find(c => c.id === `touchpoint:${tp.name}`);
                    expect(card?.text, tp.name).toBe(tp.label);
                    expect(cardText(card!.id)).toContain(squash(tp.label!));
                    for (const ch of tp.channels) expect(cardText(card!.id)).toContain(squash(ch.ref!.label!));
                    if (tp.owner) expect(cardText(card!.id)).toContain(squash(tp.owner.ref!.label!));
                }
                for (const f of nodes.filter(isFriction)) {
                    const card = model.cards.find(c => c.kind === 'friction' && c.text === f.text);
                    expect(card, f.text).toBeDefined();
                    // A friction declared in a touchpoint names it on its card.
                    const on = isTouchpoint(f.$container) ? `On: ${f.$container.label || f.$container.name}` : '';
                    expect(cardText(card!.id)).toBe(squash(`${f.text}${on}${f.severity ? `Severity: ${f.severity}` : ''}`));
                }
                for (const o of nodes.filter(isOpportunity)) {
                    const card = model.cards.find(c => c.kind === 'opportunity' && c.text === o.text);
                    expect(card, o.text).toBeDefined();
                    expect(cardText(card!.id)).toContain(squash(o.text));
                    if (o.impact) expect(cardText(card!.id)).toContain(`Impact:${o.impact}`);
                    if (o.effort) expect(cardText(card!.id)).toContain(`Effort:${o.effort}`);
                }
                for (const m of journey.metrics.filter(isMetric)) {
                    const card = model.cards.find(c => c.id === `metric:${m.name}`);
                    expect(card?.text).toBe(m.label);
                    const text = cardText(card!.id);
                    expect(text).toContain(squash(m.label!));
                    // The target shows which way is good (≤ lower, ≥ higher).
                    if (m.target) expect(text).toContain(`Target${m.direction === '<=' ? '≤' : '≥'}${String(m.target.value).replace('-', '−')}${m.target.percent ? '%' : ''}`);
                    // Negative values print with a minus sign (−), as in print.
                    if (m.actual) expect(text).toContain(`Actual${String(m.actual.value).replace('-', '−')}${m.actual.percent ? '%' : ''}`);
                    if (m.target && m.actual) expect(text).toContain('Gap');
                }
                // One curve point per touchpoint emotion and persona.
                for (const tp of nodes.filter(isTouchpoint).filter(t => sharedEmotion(t) !== undefined)) {
                    for (const persona of tp.personas) {
                        const curve = model.emotions.find(c => c.persona?.id === persona.ref!.name)!;
                        expect(curve.points).toContainEqual({ card: `touchpoint:${tp.name}`, stage: tp.$container.name, emotion: personaEmotions(tp)?.[persona.ref!.name] ?? sharedEmotion(tp) });
                    }
                }
            });
        }
    });

    test('every card keeps the 0-based source range of its declaration', async () => {
        for (const { doc } of examples) {
            for (const model of buildDiagramModels(doc.parseResult.value)) {
                for (const card of model.cards) {
                    const source = doc.textDocument.getText(card.range);
                    if (card.kind === 'touchpoint') expect(source).toMatch(new RegExp(`^touchpoint ${card.name}(?=[\\s{])`, 'u'));
                    else if (card.kind === 'metric') expect(source).toMatch(new RegExp(`^metric ${card.name}(?=[\\s{])`, 'u'));
                    else if (card.kind === 'friction' || card.kind === 'opportunity') expect(source.startsWith(card.kind)).toBe(true);
                    else {
                        const keyword = { goal: 'goal', action: 'action', backstage: 'backstage', support: 'support' }[card.kind];
                        expect(source).toMatch(new RegExp(`^${keyword}\\s+["']`));
                        expect(source.slice(keyword.length).trim().slice(1, -1)).toBe(card.text);
                    }
                }
                for (const stage of model.stages) expect(doc.textDocument.getText(stage.range)).toMatch(new RegExp(`^stage ${stage.id}(?=[\\s{])`, 'u'));
            }
        }
    });

    test('every next becomes an orthogonal edge from its source card to its target card, around all cards', async () => {
        for (const { doc } of examples) {
            const results = await pipeline(doc);
            doc.parseResult.value.journeys.forEach((journey, j) => {
                const { layout } = results[j];
                const boxes = new Map(layout.cards.map(c => [c.id, c]));
                const nexts = [...AstUtils.streamAst(journey)].filter(isTouchpoint).flatMap(tp => tp.next.map(n => [tp.name, n.ref!.name]));
                expect(layout.edges.length).toBe(nexts.length);
                for (const [from, to] of nexts) {
                    const edge = layout.edges.find(e => e.source === `touchpoint:${from}` && e.target === `touchpoint:${to}`);
                    expect(edge, `${from} → ${to}`).toBeDefined();
                    const points = edge!.points;
                    expect(points.length).toBeGreaterThanOrEqual(2);
                    expect(onBorder(points[0], boxes.get(edge!.source)!)).toBe(true);
                    expect(onBorder(points[points.length - 1], boxes.get(edge!.target)!)).toBe(true);
                    for (let i = 1; i < points.length; i++) {
                        const [a, b] = [points[i - 1], points[i]];
                        expect(a.x === b.x || a.y === b.y, 'orthogonal').toBe(true);
                        for (const box of layout.cards) expect(crossesInside(a, b, box), `${edge!.id} crosses ${box.id}`).toBe(false);
                    }
                }
            });
        }
    });

    test('no two cards overlap, and each card sits in its stage column and its lane row', async () => {
        for (const { doc } of examples) {
            for (const { layout } of await pipeline(doc)) {
                assertGrid(layout);
            }
        }
    });

});
