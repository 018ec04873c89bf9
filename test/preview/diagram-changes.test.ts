// journey/diagramChanges' two ends (src/common/diagram-answers.ts, src/common/json-changes.ts):
// whatever the server's models did between two answers, the client that applies the changes
// to the models it holds has the models a whole answer would have given it, down to the JSON.
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { applyJsonChanges, jsonChanges } from '../../src/common/json-changes.js';
import { diagramAnswer, takeDiagramAnswer, type HeldDiagrams } from '../../src/common/diagram-answers.js';
import { diagramResult } from '../../src/diagram/document-result.js';
import type { DiagramOptions } from '../../src/diagram/types.js';
import { applyMutations, diagramOptions, mutation } from '../fuzz/arbitraries.js';
import { parseMap } from '../diagram/fixtures.js';
import { EXAMPLES } from '../examples.js';

/** What goes over the wire: JSON text, parsed at the other end. */
const wire = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

describe('jsonChanges', () => {
    test('any JSON value is rebuilt from any other and the changes, through the wire', () => {
        fc.assert(fc.property(fc.jsonValue(), fc.jsonValue(), (before, after) => {
            const change = jsonChanges(before, after);
            expect(applyJsonChanges(wire(before), change && wire(change))).toEqual(wire(after));
        }), { numRuns: 2000, seed: 20261127 });
    });

    test('a value is its own: no change', () => {
        fc.assert(fc.property(fc.jsonValue(), value => {
            expect(jsonChanges(value, wire(value))).toBeUndefined();
        }), { numRuns: 500, seed: 20261127 });
    });

    test('the value changed is left as it was', () => {
        const before = { cards: [{ id: 'a', text: 'x', range: { line: 1 } }, { id: 'b', text: 'y' }] };
        const copy = wire(before);
        const after = applyJsonChanges(before, jsonChanges(before, { cards: [{ id: 'a', text: 'xx', range: { line: 2 } }, { id: 'c', text: 'z' }] }));
        expect(after).toEqual({ cards: [{ id: 'a', text: 'xx', range: { line: 2 } }, { id: 'c', text: 'z' }] });
        expect(before).toEqual(copy);
    });

    test('a field named __proto__ is a field, as JSON.parse makes it', () => {
        const before = JSON.parse('{"emotions":{"__proto__":1}}') as unknown;
        const after = JSON.parse('{"emotions":{"__proto__":2,"b":1}}') as unknown;
        const applied = applyJsonChanges(before, wire(jsonChanges(before, after)));
        expect(JSON.stringify(applied)).toBe(JSON.stringify(after));
    });

    test('an own field named __proto__ (Object.fromEntries builds the emotions of the personas so) dropped or added, beyond the wire', () => {
        const wire = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
        for (const [before, after] of [
            [{ emotions: Object.fromEntries([['__proto__', 1], ['b', 2]]) }, { emotions: Object.fromEntries([['b', 2]]) }],
            [{ e: {} }, { e: Object.fromEntries([['__proto__', { x: 1 }]]) }]
        ]) {
            expect(JSON.stringify(applyJsonChanges(wire(before), wire(jsonChanges(before, after))))).toBe(JSON.stringify(after));
        }
    });

    test('changes that do not fit the value are refused', () => {
        expect(() => applyJsonChanges([1, 2], { items: { from: 1, remove: 2, insert: [] } })).toThrow(/splice/);
        expect(() => applyJsonChanges([1], { fields: {} })).toThrow(/not an object/);
        expect(() => applyJsonChanges({}, { items: { from: 0, remove: 0, insert: [] } })).toThrow(/not an array/);
    });
});

const retail = readFileSync(join(EXAMPLES, 'retail-ideal.journey'), 'utf8');

async function resultOf(text: string, options?: DiagramOptions) {
    return diagramResult(await parseMap(text), { options });
}

describe('diagram answers', () => {
    test('a keystroke in a label sends that card\'s text alone', async () => {
        const before = await resultOf(retail);
        const goal = before.diagrams[0].cards.find(card => card.kind === 'goal' && card.textSpan)!;
        const lines = retail.split('\n');
        const { line, end } = goal.textSpan!;
        lines[line] = `${lines[line].slice(0, end)}x${lines[line].slice(end)}`;
        const after = await resultOf(lines.join('\n'));
        const answer = diagramAnswer({ answer: 's:1', result: before }, 's:1', 's:2', after);
        // The card's text, the end of its range and of its literal: a twentieth of the models at most, on this small map.
        expect('changes' in answer && JSON.stringify(answer.changes).length).toBeLessThan(JSON.stringify(after.diagrams).length / 20);
        const edited = after.diagrams[0].cards.filter((card, i) => JSON.stringify(card) !== JSON.stringify(before.diagrams[0].cards[i]));
        expect(edited.map(card => card.text)).toEqual([`${goal.text}x`]);
        expect(takeDiagramAnswer({ answer: 's:1', result: wire(before) }, wire(answer)).result).toEqual(wire(after));
    });

    test('random edit sequences, the client patching each answer, give the models of a whole answer every time', async () => {
        await fc.assert(fc.asyncProperty(
            fc.array(fc.tuple(fc.array(mutation, { minLength: 1, maxLength: 3 }), fc.option(diagramOptions, { nil: undefined, freq: 4 })), { minLength: 1, maxLength: 6 }),
            async steps => {
                let text = retail;
                let server: HeldDiagrams | undefined;
                let client: HeldDiagrams | undefined;
                let n = 0;
                for (const [mutations, options] of [[[], undefined] as const, ...steps]) {
                    text = applyMutations(text, mutations);
                    const result = await resultOf(text, options);
                    const answer = `s:${++n}`;
                    const sent = diagramAnswer(server, client?.answer, answer, result);
                    server = { answer, result };
                    client = takeDiagramAnswer(client, wire(sent));
                    expect(client.answer).toBe(answer);
                    expect(client.result).toEqual(wire(result));
                    if (n > 1) expect('base' in sent).toBe(true);
                }
            }), { numRuns: 60, seed: 20261127 });
    }, 120_000);

    test('a client whose base is not the answer the server holds gets the whole models', async () => {
        const before = await resultOf(retail);
        const after = await resultOf(retail.replace('stage', 'stage Extra { }\n  stage'));
        const answer = diagramAnswer({ answer: 's:2', result: before }, 's:1', 's:3', after);
        expect('base' in answer).toBe(false);
        expect(takeDiagramAnswer({ answer: 's:1', result: before }, wire(answer)).result).toEqual(wire(after));
        expect(() => takeDiagramAnswer({ answer: 's:0', result: before }, wire(diagramAnswer({ answer: 's:2', result: before }, 's:2', 's:3', after)))).toThrow(/answer s:2/);
    });
});
