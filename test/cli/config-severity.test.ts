// journey.config.json severities "like ESLint's" (README): ESLint's "warn" is read as "warning"
// by the CLI (and the JSON schema accepts it); a real typo is refused with the nearest severity.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { cleanMap, journey, REPO, tempTree } from './run-cli.js';

const map = cleanMap('  stage Vide "Vide" { goal "Rien" }\n');

interface LintJson { messages: Array<{ ruleId: string; severity: string; line: number }> }

describe('journey.config.json severities', () => {
    test('"warn" (ESLint\'s word) is a warning, from the nearest file and from --config', async () => {
        const folder = tempTree({ 'journey.config.json': '{ "rules": { "stage-empty": "warn" } }', 'map.journey': map, 'other.json': '{ "rules": { "stage-empty": "warn" } }' });
        for (const args of [['map.journey'], ['--config', 'other.json', 'map.journey']]) {
            const run = await journey(['lint', '--format', 'json', ...args], { cwd: folder });
            expect(run.stderr).toBe('');
            expect(run.code).toBe(0);
            const [file] = JSON.parse(run.stdout) as LintJson[];
            expect(file.messages).toContainEqual(expect.objectContaining({ ruleId: 'stage-empty', severity: 'warning', line: 16 }));
        }
    });

    test('a typo of a severity: refused at its line and column with the nearest one (exit 2)', async () => {
        const folder = tempTree({ 'journey.config.json': '{\n  "rules": { "stage-empty": "warnig" }\n}\n', 'map.journey': map });
        const run = await journey(['lint', 'map.journey'], { cwd: folder });
        expect(run.code).toBe(2);
        expect(run.stderr).toMatch(/^journey lint: invalid config file journey\.config\.json:2:29: rule "stage-empty": severity must be "off", "info", "warning" or "error", not "warnig"; did you mean "warning"\?\n$/);
    });

    test('the generated schema accepts what the reader accepts', () => {
        const schema = JSON.parse(readFileSync(join(REPO, 'out/journey.config.schema.json'), 'utf8'));
        for (const rule of Object.values(schema.properties.rules.properties) as Array<{ enum: string[] }>) {
            expect(rule.enum).toEqual(expect.arrayContaining(['off', 'info', 'warning', 'error', 'warn']));
        }
    });
});
