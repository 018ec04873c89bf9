// A bounded, seeded slice of `npm run fuzz` (test/fuzz/run.ts): the same cases and the same
// checks, in this thread, every input class included.
import { describe, expect, test } from 'vitest';
import { fuzzCase } from './cases.js';
import { minimise } from './minimise.js';
import { Checker, failureClass } from './pipeline.js';

const SEED = 20261126;
/** More locally with JOURNEY_FUZZ_CASES=20000. */
const CASES = Number(process.env.JOURNEY_FUZZ_CASES ?? 1500);

describe('the fuzz suite, seeded slice', () => {
    test(`${CASES} cases: no exception, no internal error, no broken invariant`, async () => {
        let checker = new Checker();
        const failures: string[] = [];
        for (let index = 0; index < CASES && failures.length < 5; index++) {
            const fuzz = fuzzCase(SEED, index);
            const failure = await checker.run(fuzz.text, { groupBy: index % 2 === 0 ? 'channel' : 'persona' }, index % 4 === 0);
            if (checker.poisoned) checker = new Checker();
            if (failure) failures.push(`case ${index} (${fuzz.kind}, rerun: npm run fuzz -- --seed ${SEED} --only ${index}): ${failureClass(failure)}\n${failure.message.slice(0, 600)}`);
        }
        expect(failures).toEqual([]);
    }, 300_000);
});

describe('the fuzz suite\'s machinery', () => {
    test('case `index` of a seed is always the same text (resuming and --only rerun the very input)', () => {
        for (const index of [0, 1, 17, 999_999]) expect(fuzzCase(42, index).text).toBe(fuzzCase(42, index).text);
        const texts = new Set(Array.from({ length: 50 }, (_, i) => fuzzCase(42, i).text));
        expect(texts.size).toBeGreaterThan(45);
        expect(fuzzCase(42, 3).text).not.toBe(fuzzCase(43, 3).text);
    });

    test('the minimiser keeps only what the failure needs', async () => {
        const text = 'journey J {\n  stage S {\n    touchpoint T { emotion 99 }\n  }\n}\n';
        expect(await minimise(text, async t => t.includes('99'))).toBe('99');
        expect(await minimise(text, async t => /stage[\s\S]*99/.test(t))).toBe('stage99');
    });
});
