// One slip, as a new user makes it, beside the shared examples/common.journey: one or two
// errors, the first naming the fix, and nothing invented in other files.
import { describe, expect, test } from 'vitest';
import { readExample } from '../test-services.js';
import { buildWorkspace, createTestServices } from '../test-services.js';

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
        [slip('stage Découverte "Découverte" {', 'stage Découverte "La \\"Découverte\\""'), 'a missing { after a stage header whose label holds an escaped quote', /'\{' missing after 'stage Découverte "La \\"Découverte\\""'/],
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

describe('recovery in a big map (the parser lets go of the tokens behind it)', () => {
    // Stages with slips, repeated past the parser's token release (thousands of tokens),
    // with a long run of stray tokens in the middle: each stage's errors are the same,
    // relative to its start, as the first one's; nothing reads a released token.
    const id = (k: number) => String(k).padStart(3, '0');
    const stage = (k: number) => `  stage S${id(k)} "S" {
    goal "g"
    touchpoint A${id(k)} "A" { channel Site personas Lectrice emotion }
    touchpoint B${id(k)} "B" { channel personas Lectrice emotion 1 }
    emotion -2
    touchpoint C${id(k)} "C" { channel Site personas Lectrice emotion 1 owner Rédaction }
  }
`;
    const junk = `  stage Junk "J" {\n${'    1 2 3 "x" , 4\n'.repeat(800)}  }\n`;
    const count = 300;
    const stages = Array.from({ length: count }, (_, k) => stage(k));
    const text = `journey J "J" {\n${stages.slice(0, count / 2).join('')}${junk}${stages.slice(count / 2).join('')}}\n`;

    test('every stage gets the first stage\'s errors, at the same place in it', () => {
        const parser = createTestServices().Journey.parser.LangiumParser;
        const result = parser.parse(text);
        const starts = stages.map((_, k) => text.indexOf(`  stage S${id(k)} `));
        const errors = result.parserErrors.map(e => ({ offset: e.token.startOffset, message: e.message }));
        const ofStage = (k: number) => errors
            .filter(e => e.offset >= starts[k] && e.offset < starts[k] + stages[k].length)
            .map(e => `${e.offset - starts[k]} ${e.message.replaceAll(id(k), '#')}`);
        expect(ofStage(0).length).toBeGreaterThan(1);
        for (let k = 1; k < count; k++) expect(ofStage(k), `stage ${k}`).toEqual(ofStage(0));
        const model = result.value as unknown as { journeys: Array<{ stages: Array<{ name: string; touchpoints: Array<{ name: string }> }> }> };
        expect(model.journeys[0].stages.map(s => s.name)).toEqual([...stages.map((_, k) => `S${id(k)}`).slice(0, count / 2), 'Junk', ...stages.map((_, k) => `S${id(k)}`).slice(count / 2)]);
        expect(model.journeys[0].stages.map(s => s.touchpoints.map(t => t.name).join(' ')).filter((_, i) => i !== count / 2))
            .toEqual(stages.map((_, k) => model.journeys[0].stages[0].touchpoints.map(t => t.name.replace(id(0), id(k))).join(' ')));
    });
});
