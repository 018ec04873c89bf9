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
