// Inputs that once overflowed the stack while being read: every command reads them like any map.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { journey, tempTree } from './run-cli.js';

/** 70,000 comment lines before a small map: 140,000 hidden tokens in a row. */
const MANY_COMMENTS = '// note\n'.repeat(70_000) + 'journey Long "Long" {\n  persona P\n  stage S { touchpoint T { personas P } }\n}\n';
/** A title of 5 million characters. */
const HUGE_STRING = `journey Wide "${'a'.repeat(5_000_000)}" {\n  persona P\n  stage S { touchpoint T { personas P } }\n}\n`;

describe('maps at the size limits of the parser', () => {
    const folder = tempTree({ 'comments.journey': MANY_COMMENTS, 'string.journey': HUGE_STRING });

    for (const name of ['comments.journey', 'string.journey']) {
        test(`lint reads ${name} with no syntax or internal error`, async () => {
            const run = await journey(['lint', '--format', 'json', join(folder, name)]);
            expect(run.stderr).not.toMatch(/internal error|RangeError/);
            const [result] = JSON.parse(run.stdout) as Array<{ messages: Array<{ ruleId: string }> }>;
            expect(result.messages.map(m => m.ruleId)).not.toContain('syntax');
            expect(result.messages.map(m => m.ruleId)).not.toContain('internal-error');
        }, 60_000);

        test(`format keeps every character of ${name}`, async () => {
            const run = await journey(['format', join(folder, name)]);
            expect(run.stderr).toBe('');
            expect(run.code).toBe(0);
            const original = readFileSync(join(folder, name), 'utf8');
            expect(run.stdout.replace(/\s+/g, '')).toBe(original.replace(/\s+/g, ''));
        }, 60_000);
    }
});

describe('a map no command can read never passes lint', () => {
    const BROKEN = 'journey J "J" {\n  stage S { touchpoint T { emotion } }\n}\n';

    test('// journey-disable syntax: lint still fails, at the error, and says syntax cannot be disabled', async () => {
        const folder = tempTree({ 'map.journey': `// journey-disable syntax\n${BROKEN}` });
        const run = await journey(['lint', join(folder, 'map.journey')]);
        expect(run.code).toBe(1);
        expect(run.stdout).toMatch(/3:\d+ +error .*syntax/);
        expect(run.stdout).toMatch(/1:\d+ +warning +'syntax' cannot be disabled/);
    });

    test('"syntax": "off" in journey.config.json: lint still fails', async () => {
        const folder = tempTree({ 'map.journey': BROKEN, 'journey.config.json': '{ "rules": { "syntax": "off" } }' });
        const run = await journey(['lint', join(folder, 'map.journey')]);
        expect(run.code).toBe(1);
        expect(run.stdout).toMatch(/error .*syntax/);
    });
});

describe('a map with texts of millions of characters', () => {
    // A 5 M action, and a 1 M touchpoint label and stage goal (which every export carries).
    const ACTION = 'a'.repeat(5_000_000);
    const LABEL = 'Étape '.repeat(170_000).trimEnd();
    const GOAL = 'but '.repeat(250_000).trimEnd();
    const folder = tempTree({
        'map.journey': `journey J "J" {\n  persona P\n  stage S {\n    goal "${GOAL}"\n    touchpoint T "${LABEL}" {\n      personas P\n      action "${ACTION}"\n    }\n  }\n}\n`
    });
    const map = join(folder, 'map.journey');

    for (const format of ['svg', 'png', 'html']) {
        test(`render -f ${format} draws it, the card showing a bounded part of each text`, async () => {
            const out = join(folder, `map.${format}`);
            const run = await journey(['render', '-f', format, map, '-o', out]);
            expect(run.stderr).toBe('');
            expect(run.code).toBe(0);
            const drawn = readFileSync(out);
            expect(drawn.length).toBeLessThan(500_000);
            if (format === 'svg') {
                expect(drawn.toString('utf8')).toContain('aaaa…</text>');
                expect(drawn.toString('utf8')).toMatch(/Étape…<\/text>/);
            }
        }, 60_000);
    }

    test('export -f json keeps every character', async () => {
        const run = await journey(['export', '-f', 'json', map]);
        expect(run.code).toBe(0);
        const [journeyOut] = (JSON.parse(run.stdout) as { journeys: Array<{ stages: Array<{ goals: string[]; touchpoints: Array<{ label: string; actions: string[] }> }> }> }).journeys;
        const [stage] = journeyOut.stages;
        expect(stage.goals).toEqual([GOAL]);
        expect(stage.touchpoints[0].label).toBe(LABEL);
        expect(stage.touchpoints[0].actions).toEqual([ACTION]);
    }, 60_000);

    for (const format of ['csv', 'markdown', 'mermaid']) {
        test(`export -f ${format} keeps every character of the label`, async () => {
            const run = await journey(['export', '-f', format, map]);
            expect(run.code).toBe(0);
            expect(run.stdout).toContain(LABEL);
            if (format === 'markdown') expect(run.stdout).toContain(GOAL);
        }, 60_000);
    }
});
