// One slip, as a new user makes it, beside the shared examples/common.journey: one or two
// errors, the first naming the fix, and nothing invented in other files.
import { describe, expect, test } from 'vitest';
import { readExample } from '../test-services.js';
import { buildWorkspace } from '../test-services.js';

const COMMON = readExample('common.journey');
const MAP = `journey Essai "Essai" {
  stage Découverte "Découverte" {
    goal "Trouver"
    touchpoint Article "Article" {
      channel Site
      personas Lectrice, Abonné
      emotion 1
      owner Rédaction
    }
    touchpoint Lecture "Lecture" {
      channel App
      personas Lectrice
      emotion 2
      owner Rédaction
    }
  }
}
`;

function slip(from: string, to: string): string {
    if (!MAP.includes(from)) throw new Error(`test setup: '${from}' not in the map`);
    return MAP.replace(from, to);
}

async function errorsOf(text: string) {
    const linted = await buildWorkspace({ 'common.journey': COMMON, 'slip.journey': text });
    const errors = (file: string) => linted.diagnostics(file).filter(d => d.severity === 1 || d.code === 'persona-unused');
    return { slip: errors('slip.journey'), common: errors('common.journey') };
}

describe('error recovery after one slip', () => {
    test('the clean map beside common.journey has no error', async () => {
        const { slip: errors, common } = await errorsOf(MAP);
        expect([...errors, ...common]).toEqual([]);
    });

    const cases: Array<[string, string, RegExp]> = [
        [slip('personas Lectrice, Abonné', 'persona Lectrice, Abonné'), 'persona instead of personas', /did you mean 'personas'/i],
        [slip('touchpoint Article "Article" {', 'touchpoint "Article" Article {'), 'the label before the id', /touchpoint Name "Label"/],
        [slip('    goal "Trouver"\n', '    goal "Trouver"\n    emotion -2\n'), 'emotion at stage level', /'emotion' belongs in a touchpoint/],
        [slip('stage Découverte "Découverte" {', 'stage Découverte "Découverte"'), 'a missing { after a stage header', /'\{' missing after 'stage Découverte/],
        [slip('      owner Rédaction\n    }\n    touchpoint Lecture', '      owner Rédaction\n      impact high\n    }\n    touchpoint Lecture'), 'impact at touchpoint level', /^'impact' belongs in an opportunity/]
    ];
    for (const [text, what, fix] of cases) {
        test(`${what}: one or two errors, the first naming the fix, no duplicate invented`, async () => {
            const { slip: errors, common } = await errorsOf(text);
            expect(common).toEqual([]);
            expect(errors.map(e => e.code)).not.toContain('duplicate-name');
            expect(errors.length).toBeGreaterThanOrEqual(1);
            expect(errors.length).toBeLessThanOrEqual(2);
            expect(errors[0].message).toMatch(fix);
        });
    }

    test('two slips in two journeys are both reported', async () => {
        const text = slip('personas Lectrice, Abonné', 'persona Lectrice, Abonné') + MAP.replace('Essai', 'Autre').replace('emotion 2', 'emotion');
        const { slip: errors } = await errorsOf(text);
        expect(errors.map(e => e.range.start.line)).toEqual([5, 29]);
    });
});
