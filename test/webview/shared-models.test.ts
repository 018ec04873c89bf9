// The layout worker's sharing of unchanged model parts (webview/shared-models.ts), on real models.
import { describe, expect, test } from 'vitest';
import { shareUnchanged } from '../../webview/shared-models.js';
import type { DiagramModel } from '../../src/diagram/types.js';
import { inlineDiagramMessage } from './harness.js';

const map = (goal: string) => `persona P "Pia"
channel C "Web" digital
journey J "Partage" {
  stage S1 "Acheter" {
    goal "${goal}"
    touchpoint T "Caisse" { channel C personas P emotion 1 next U }
    touchpoint U "Retrait" { channel C personas P emotion 0 }
  }
  stage S2 "Revenir" { goal "Revenir vite" }
}
`;

async function models(goal: string): Promise<DiagramModel[]> {
    return JSON.parse(JSON.stringify((await inlineDiagramMessage(map(goal), 'file:///maps/shared.journey')).diagrams)) as DiagramModel[];
}

describe('a new model shares the unchanged parts of the one before', () => {
    test('an equal model is the old object; a changed card alone is new, with the arrays that hold it', async () => {
        const old = await models('Payer');
        expect(shareUnchanged(old, await models('Payer'))).toBe(old);
        const next = await models('Payer vite');
        const shared = shareUnchanged(old, next);
        expect(shared).not.toBe(old);
        expect(shared).toEqual(await models('Payer vite'));
        const [before, after] = [old[0], shared[0]];
        expect(after.cards).not.toBe(before.cards);
        for (const card of after.cards) {
            const was = before.cards.find(c => c.id === card.id);
            if (card.id === 'goal:S1:0') expect(card).not.toBe(was); else expect(card, card.id).toBe(was);
        }
        expect(after.stages).toBe(before.stages);
        expect(after.flows).toBe(before.flows);
        expect(after.personas).toBe(before.personas);
    });

    test('a card that only moved in the text is the same card, and takes its new place', async () => {
        const old = await models('Payer');
        const card = old[0].cards.find(c => c.id === 'touchpoint:T')!;
        const range = JSON.parse(JSON.stringify(card.range)) as typeof card.range;
        // The goal grows by three characters on its own line; a line typed above moves all.
        const next = JSON.parse(JSON.stringify(old).replace(/"line":(\d+)/g, (_, line: string) => `"line":${Number(line) + 1}`)) as DiagramModel[];
        expect(shareUnchanged(old, next)).toBe(old);
        expect(card.range.start.line).toBe(range.start.line + 1);
        expect(old).toEqual(next);
        // A text that changed is not a move.
        const changed = await models('Payer!');
        expect(shareUnchanged(old, changed)[0].cards.find(c => c.id === 'goal:S1:0')).not.toBe(old[0].cards.find(c => c.id === 'goal:S1:0'));
    });

    test('cards matched by id: one added in front leaves the others shared', async () => {
        const old = await models('Payer');
        const next = JSON.parse(JSON.stringify(old)) as DiagramModel[];
        next[0].cards.unshift({ ...next[0].cards[0], id: 'goal:S9:0', text: 'Neuf' });
        const shared = shareUnchanged(old, next);
        expect(shared[0].cards[0].id).toBe('goal:S9:0');
        for (const card of shared[0].cards.slice(1)) expect(card).toBe(old[0].cards.find(c => c.id === card.id));
    });
});
