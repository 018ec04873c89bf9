// The diagram model and the export model are two views of one projection of the AST
// (src/language/projection.ts): on every example, valid or not, and on maps with unresolved
// names, they must show the same labels, the same references and the same personas.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LangiumDocument } from 'langium';
import { describe, expect, test } from 'vitest';
import type { Model } from '../../src/language/generated/ast.js';
import { buildDiagramModels, type DiagramModel, type TouchpointCard } from '../../src/diagram/index.js';
import { exportModel, type ExportedJourney } from '../../src/export/model.js';
import { EXAMPLES, INVALID_EXAMPLES } from '../examples.js';
import { loadExamples, parseMap } from '../diagram/fixtures.js';

const UNRESOLVED = `journey U "Unresolved" {
    persona Ana "Ana Lima"
    stage S {
        touchpoint Known "Known" { personas Ana emotion 1 }
        touchpoint Ghost "Ghost" { channel Nowhere personas Nobody owner NoTeam emotion -1 }
        touchpoint Mixed "Mixed" { personas Nobody, Ana emotion 2 }
    }
}`;

/** Every field the two models both carry must agree. */
function expectAgreement(diagram: DiagramModel, exported: ExportedJourney): void {
    expect(diagram.id).toBe(exported.id);
    if (exported.label) expect(diagram.title).toBe(exported.label);
    // The journey's personas: the same ones, in the same order, with the same labels and details;
    // each keeps the colour of its place in the list.
    const personas = exported.personas.filter(p => p.id);
    expect(diagram.personas.map(({ colour: _colour, ...p }) => p)).toEqual(personas);
    expect(diagram.personas.map(p => p.colour)).toEqual(personas.map((_, i) => i));
    expect(diagram.stages.map(s => s.id)).toEqual(exported.stages.map((s, i) => s.id || `#${i}`));
    diagram.stages.forEach((stage, i) => { if (exported.stages[i].label) expect(stage.label).toBe(exported.stages[i].label); });
    const cards = new Map(diagram.cards.filter((c): c is TouchpointCard => c.kind === 'touchpoint').map(c => [c.name, c]));
    for (const tp of exported.stages.flatMap(s => s.touchpoints)) {
        const card = cards.get(tp.id);
        if (!card || !tp.id) continue;
        expect(card.text).toBe(tp.label);
        expect(card.personas.map(p => p.id)).toEqual(tp.personas);
        expect(card.channels.map(c => c.id)).toEqual(tp.channels);
        expect(card.owner?.id).toBe(tp.owner);
        // A reference that resolves shows the label the export gives its target.
        for (const ref of [...card.personas, ...card.channels]) {
            const target = [...exported.personas, ...exported.channels].find(t => t.id === ref.id);
            if (target) expect(ref.label).toBe(target.label);
        }
    }
    for (const card of diagram.cards.filter(c => c.kind === 'metric')) {
        expect(card.text).toBe(exported.metrics.find(m => m.id === card.name)?.label);
    }
    // Every curve belongs to a persona of the journey, or is the anonymous one.
    for (const curve of diagram.emotions) if (curve.persona) expect(exported.personas.map(p => p.id)).toContain(curve.persona.id);
}

function expectAgreementOn(doc: LangiumDocument<Model>): void {
    const diagrams = buildDiagramModels(doc.parseResult.value);
    const exported = exportModel(doc.parseResult.value).journeys;
    expect(diagrams.length).toBe(exported.length);
    diagrams.forEach((diagram, i) => expectAgreement(diagram, exported[i]));
}

describe('the diagram model and the export model agree', () => {
    test('on every valid example', async () => {
        const examples = await loadExamples();
        for (const { doc } of examples) expectAgreementOn(doc);
    });

    test.each(INVALID_EXAMPLES)('on %s', async file => {
        expectAgreementOn(await parseMap(readFileSync(join(EXAMPLES, file), 'utf8')));
    });

    test('on a map with unresolved names: the touchpoint keeps what was written, the journey has no such persona', async () => {
        const doc = await parseMap(UNRESOLVED);
        expectAgreementOn(doc);
        const [diagram] = buildDiagramModels(doc.parseResult.value);
        const [exported] = exportModel(doc.parseResult.value).journeys;
        expect(exported.personas.map(p => p.id)).toEqual(['Ana']);
        expect(diagram.personas).toEqual([{ id: 'Ana', label: 'Ana Lima', goals: [], frustrations: [], colour: 0 }]);
        const ghost = diagram.cards.find(c => c.id === 'touchpoint:Ghost') as TouchpointCard;
        expect(ghost.personas).toEqual([{ id: 'Nobody', label: 'Nobody' }]);
        expect(exported.stages[0].touchpoints[1].personas).toEqual(['Nobody']);
        // Its emotion is still drawn, on the curve of touchpoints with no persona of the journey.
        expect(diagram.emotions).toEqual([
            { persona: { id: 'Ana', label: 'Ana Lima' }, colour: 0, points: [
                { card: 'touchpoint:Known', stage: 'S', emotion: 1 }, { card: 'touchpoint:Mixed', stage: 'S', emotion: 2 }] },
            { colour: 1, points: [{ card: 'touchpoint:Ghost', stage: 'S', emotion: -1 }] }
        ]);
    });

    test('grouped by persona, an unresolved persona gets no row: the first persona of the journey does', async () => {
        const doc = await parseMap(UNRESOLVED);
        const [byPersona] = buildDiagramModels(doc.parseResult.value, { groupBy: 'persona' });
        expect(byPersona.lanes.find(l => l.id === 'touchpoints')!.rows).toEqual([{ id: 'Ana', label: 'Ana Lima' }, { id: '∅', label: 'No persona' }]);
        expect(byPersona.cards.find(c => c.id === 'touchpoint:Mixed')!.row).toBe('Ana');
        // Channels are rows, not members of the cast: a row keeps the channel name as written.
        const [byChannel] = buildDiagramModels(doc.parseResult.value);
        expect(byChannel.lanes.find(l => l.id === 'touchpoints')!.rows).toEqual([{ id: 'Nowhere', label: 'Nowhere' }, { id: '∅', label: 'No channel' }]);
    });

    test('grouped by persona, a touchpoint with neither persona nor channel sits in the "No persona" row', async () => {
        const doc = await parseMap(`journey N { persona P stage S { touchpoint A { personas P } touchpoint B } }`);
        const [model] = buildDiagramModels(doc.parseResult.value, { groupBy: 'persona' });
        expect(model.lanes.find(l => l.id === 'touchpoints')!.rows.map(r => r.label)).toEqual(['P', 'No persona']);
    });
});
