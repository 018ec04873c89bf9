import { describe, expect, test } from 'vitest';
import { buildWorkspace, summary } from '../test-services.js';

const HUGE = '9'.repeat(400);

function map(emotion: string, target: string, actual: string): string {
    return `journey J "J" {
  stage S "S" {
    goal "g"
    touchpoint T "T" {
      emotion ${emotion}
    }
  }
  metric M "M" in S target ${target} actual ${actual}
}
`;
}

describe('numbers beyond the exact range', () => {
    test('a 400-digit emotion and huge metric values are syntax errors at the number', async () => {
        const linted = await buildWorkspace(map(HUGE, `${HUGE}%`, `-${HUGE}`));
        const errors = linted.diagnostics().filter(d => d.code === 'syntax');
        expect(errors.map(d => `${d.range.start.line + 1}:${d.range.start.character + 1}`)).toEqual(['5:15', '8:28', '8:438']);
        expect(errors[0].message).toMatch(/^Number 9{8}… is too large: numbers go up to 9007199254740991\.$/);
        // One error for the one mistake: emotion-range does not also report the clamped value.
        expect(summary(linted.diagnostics(), ['error'])).toEqual(['5:error:syntax', '8:error:syntax', '8:error:syntax']);
    });

    test('the model never holds a non-finite or inexact number', async () => {
        const linted = await buildWorkspace(map(HUGE, HUGE, `-${HUGE}`));
        const journey = linted.documents.get('main.journey')!.parseResult.value.journeys[0];
        const numbers = [journey.stages[0].touchpoints[0].emotions[0]?.value, journey.metrics[0].target?.value, journey.metrics[0].actual?.value];
        for (const n of numbers) expect(Number.isSafeInteger(n), String(n)).toBe(true);
    });

    test('the largest exact whole number and long decimals are fine', async () => {
        const linted = await buildWorkspace(map('2', '9007199254740991', `0.${'3'.repeat(400)}`));
        expect(summary(linted.diagnostics(), ['error'])).toEqual([]);
        expect(summary((await buildWorkspace(map('2', '9007199254740992', '1'))).diagnostics(), ['error'])).toEqual(['8:error:syntax']);
    });
});
