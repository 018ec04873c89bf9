// The model records where each text it draws verbatim is written: the content of its string
// literal. The extension host echoes keystrokes inside those spans to the preview.
import { describe, expect, test } from 'vitest';
import { buildDiagramModels } from '../../src/diagram/index.js';
import type { LiteralSpan } from '../../src/diagram/types.js';
import { loadExamples, parseMap } from './fixtures.js';

/** The source text a span covers (one line). */
function slice(source: string, span: LiteralSpan): string {
    return source.split('\n')[span.line].slice(span.start, span.end);
}

describe('literal spans in the diagram model', () => {
    test('every card text and stage label written as a literal has the span of its content', async () => {
        const source = `persona P "Pia"
channel C "Web" digital
journey J "Titre" {
  stage S1 'Découvrir 🚀' {
    goal "Trouver un 🎁 cadeau"
    touchpoint T "Site web" {
      channel C personas P emotion 1
      action "Cherche"
      backstage 'Index'
      support "Doc"
      friction "Lent" severity high
      opportunity "Cache" impact high effort low
    }
    friction "Au niveau étape"
    opportunity "Idée"
  }
  stage S2 {
    goal "Échappé \\"là\\""
    touchpoint U { channel C }
  }
  metric M "Taux" in S1 target 30%
}
`;
        const doc = await parseMap(source);
        expect(doc.parseResult.parserErrors).toEqual([]);
        const [model] = buildDiagramModels(doc.parseResult.value);
        const spans = new Map(model.cards.map(c => [c.id, c.textSpan]));
        for (const card of model.cards) {
            const span = card.textSpan;
            if (card.id === 'touchpoint:U' || card.id === 'goal:S2:0') continue;
            expect(span, card.id).toBeDefined();
            expect(slice(source, span!), card.id).toBe(card.text);
        }
        expect(model.cards.filter(c => c.textSpan).map(c => c.kind).sort()).toEqual(
            ['action', 'backstage', 'friction', 'friction', 'goal', 'goal', 'metric', 'opportunity', 'opportunity', 'support', 'touchpoint']);
        expect(spans.get('backstage:S1/T:0')!.quote).toBe("'");
        expect(spans.get('goal:S1:0')!.quote).toBe('"');
        // A touchpoint without a label draws its name: no literal.
        expect(spans.get('touchpoint:U')).toBeUndefined();
        // An escaped literal: the span is its raw content (longer than the text drawn).
        expect(slice(source, spans.get('goal:S2:0')!)).toBe('Échappé \\"là\\"');
        expect(model.cards.find(c => c.id === 'goal:S2:0')!.text).toBe('Échappé "là"');
        expect(slice(source, model.stages[0].labelSpan!)).toBe('Découvrir 🚀');
        expect(model.stages[1].labelSpan).toBeUndefined();
    });

    test('an unclosed or empty label has no span', async () => {
        const source = `journey J {
  stage S "" {
    goal "ouvert
  }
}
`;
        const doc = await parseMap(source);
        const [model] = buildDiagramModels(doc.parseResult.value);
        expect(model.stages[0].labelSpan).toBeUndefined();
        for (const card of model.cards) expect(card.textSpan, card.id).toBeUndefined();
    });

    test('on the examples, every span covers exactly the text drawn when the literal has no escape', async () => {
        let checked = 0;
        for (const { doc } of await loadExamples()) {
            const source = doc.textDocument.getText();
            for (const model of buildDiagramModels(doc.parseResult.value)) {
                for (const card of model.cards) {
                    if (!card.textSpan) continue;
                    const raw = slice(source, card.textSpan);
                    if (!raw.includes('\\')) expect(raw, card.id).toBe(card.text);
                    checked++;
                }
            }
        }
        expect(checked).toBeGreaterThan(100);
    });
});
