import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { buildWorkspace, summary } from '../test-services.js';
import { CLEAN_EXAMPLES, EXAMPLES as examples, marks } from '../examples.js';

const read = (file: string) => readFileSync(join(examples, file), 'utf8');
const cleanFiles = CLEAN_EXAMPLES;

/** The marks of a file as `line:severity:rule`, as `summary` writes diagnostics. */
function markers(text: string): string[] {
    return marks(text).map(mark => `${mark.line}:${mark.severity}:${mark.ruleId}`);
}

describe('clean examples', () => {
    test('lint together with no error and no warning', async () => {
        const linted = await buildWorkspace(Object.fromEntries(cleanFiles.map(f => [f, read(f)])));
        for (const file of cleanFiles) {
            expect(summary(linted.diagnostics(file), ['error', 'warning']), file).toEqual([]);
        }
    });

    test('the infos they get are the real gaps of each map', async () => {
        const linted = await buildWorkspace(Object.fromEntries(cleanFiles.map(f => [f, read(f)])));
        expect(summary(linted.diagnostics('common.journey'))).toEqual([]);
        // Engagement has no goal; Fidélisation has a high friction (Résiliation) and no opportunity.
        expect(summary(linted.diagnostics('media-subscription.journey'))).toEqual(['41:info:stage-no-goal', '65:info:friction-no-opportunity']);
        expect(summary(linted.diagnostics('retail-ideal.journey'))).toEqual(['40:info:stage-no-goal', '52:info:stage-no-goal']);
        // Recherche: "Aucun tarif affiché" is high and has no opportunity; Héler has no owner.
        expect(summary(linted.diagnostics('taxi-vs-vtc.journey'))).toEqual(['19:info:friction-no-opportunity', '45:info:touchpoint-no-owner']);
    });
});

describe('invalid examples', () => {
    test('broken-references.journey gets exactly the marked errors and warnings', async () => {
        const text = read('invalid/broken-references.journey');
        const expected = markers(text);
        expect(expected.length).toBeGreaterThanOrEqual(9);
        const linted = await buildWorkspace({ 'broken-references.journey': text });
        expect(summary(linted.diagnostics(), ['error', 'warning']).sort()).toEqual(expected.sort());
    });

    test('broken-references.journey: messages name the thing and the fix', async () => {
        const linted = await buildWorkspace({ 'broken-references.journey': read('invalid/broken-references.journey') });
        const messages = linted.diagnostics().filter(d => d.severity === 1).map(d => d.message);
        expect(messages).toContain("Unknown channel 'Webb'. Did you mean 'Web'?");
        expect(messages.some(m => m.startsWith("Unknown persona 'Bob'.") && m.includes('declare'))).toBe(true);
        expect(messages.some(m => m.startsWith("Unknown touchpoint 'Nulle'.") && m.includes("journey 'Broken'"))).toBe(true);
        expect(messages.some(m => m.startsWith("Unknown stage 'Inconnue'."))).toBe(true);
        expect(messages.some(m => m.includes("Duplicate persona 'Ana'") && m.includes('line 3'))).toBe(true);
        expect(messages.some(m => m.includes("'Panier'") && m.includes('7 is outside -2 … +2'))).toBe(true);
    });

    test('syntax-errors.journey: each mistake once, near it, and the rest still links and validates', async () => {
        const linted = await buildWorkspace({ 'syntax-errors.journey': read('invalid/syntax-errors.journey') });
        const diagnostics = linted.diagnostics();
        expect(summary(diagnostics, ['error', 'warning'])).toEqual(['10:error:syntax', '12:error:syntax', '16:error:syntax']);
        const [emotion, string, end] = diagnostics.filter(d => d.code === 'syntax');
        expect(emotion.message).toBe("Expected a number after 'emotion', found '}'.");
        expect(string.message).toMatch(/^Unterminated string/);
        expect(string.range.start.character).toBe(17); // at the opening quote of "B {
        expect(end.message).toBe("Missing '}' to close this journey: the file ends before it.");
        // Touchpoint C (after the errors) is linked and checked: its references resolve, its gaps are reported.
        const model = linted.documents.get('syntax-errors.journey')!.parseResult.value;
        const c = model.journeys[0].stages[1].touchpoints[0];
        expect(c.channels[0].ref?.name).toBe('Web');
        expect(c.personas[0].ref?.name).toBe('Léa');
        expect(summary(diagnostics)).toContain('15:info:touchpoint-no-owner');
    });
});
