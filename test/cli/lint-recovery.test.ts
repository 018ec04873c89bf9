// As CI sees it: `journey lint` on a map with one typo reports the syntax error (file, line,
// column) and nothing the parser's recovery made up (no duplicate channel, no empty stage).
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { LintResult } from '../../src/cli/formats/types.js';
import { journey, tempTree } from './run-cli.js';

const MAP = `journey Essai "Essai" {
  channel Site "Site web" digital
  persona Lea "Léa"
  team Equipe "Équipe"
  stage Decouverte "Découverte" {
    goal "Trouver"
    touchpont Devis "Devis" {
      channel Site
      personas Lea
      emotion 2
      owner Equipe
    }
  }
}
`;

describe('journey lint after a typo', () => {
    test('a misspelled touchpoint keyword gives the syntax error alone', async () => {
        const root = tempTree({ 'typo.journey': MAP, 'label.journey': MAP.replace('touchpont', 'touchpoint').replace('stage Decouverte "Découverte"', 'stage Un Premier') });
        const run = await journey(['lint', '--format', 'json', join(root, 'typo.journey'), join(root, 'label.journey')], { cwd: root });
        expect(run.code).toBe(1);
        const results = JSON.parse(run.stdout) as LintResult[];
        const seen = results.map(r => r.messages.map(m => `${r.filePath.slice(root.length + 1)}:${m.line}:${m.column} ${m.ruleId}`));
        expect(seen.flat().sort()).toEqual(['label.journey:5:12 syntax', 'typo.journey:7:5 syntax']);
    });
});
