// A map with no journey.config.json up its folders, such as the temporary copy git hands a textconv
// (/tmp/git-blob-…/map.journey), speaks the current folder's configured language, where git runs the
// command (the repository's top); a map that has a config keeps its own. In-process (the commands' `run`).
import { PassThrough } from 'node:stream';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { CliCommand, CliIO } from '../../src/cli/command.js';
import { compareCommand } from '../../src/cli/compare.js';
import { diffCommand } from '../../src/cli/diff.js';
import { exportCommand } from '../../src/cli/export.js';
import { renderCommand } from '../../src/cli/render.js';
import { cleanMap, tempTree } from './run-cli.js';

/** What `command ARGS` run in `cwd` writes on standard output (it must exit 0). */
async function output(command: CliCommand, args: string[], cwd: string): Promise<string> {
    const stdout = new PassThrough();
    let text = '';
    stdout.setEncoding('utf8').on('data', chunk => { text += chunk; });
    const io: CliIO = { cwd, stdin: new PassThrough(), stdout, stderr: new PassThrough(), env: { JOURNEY_CACHE_DIR: 'off' } };
    expect(await command.run(args, io)).toBe(0);
    return text;
}

/** A folder whose journey.config.json says `config` (a repository's top, where git runs a textconv). */
const top = (config: object) => tempTree({ 'journey.config.json': JSON.stringify(config) });

describe('a map outside any journey.config.json speaks the current folder\'s language', () => {
    // tempTree's folders are under the system's temporary folder: no journey.config.json above them.
    const loose = tempTree({ 'git-blob-x/map.journey': cleanMap(), 'other/map.journey': cleanMap().replace('emotion 1', 'emotion -1') });
    const map = join(loose, 'git-blob-x/map.journey');

    test('export and render: French from a French folder; English from a folder whose config names no language', async () => {
        const french = top({ locale: 'fr' });
        expect(await output(exportCommand, [map, '-f', 'markdown'], french)).toContain('## Étapes');
        expect(await output(renderCommand, [map, '-f', 'svg'], french)).toMatch(/<svg [^>]*xml:lang="fr"/);
        const unsaid = await output(exportCommand, [map, '-f', 'markdown'], top({}));
        expect(unsaid).toContain('## Stages');
        expect(await output(exportCommand, [map, '-f', 'markdown', '--locale', 'en'], french)).toContain('## Stages');
    });

    test('a map whose own folders have a config keeps its language, even one naming none (English)', async () => {
        const french = top({ locale: 'fr' });
        for (const config of [{ locale: 'en' }, {}]) {
            const own = tempTree({ 'journey.config.json': JSON.stringify(config), 'map.journey': cleanMap() });
            const markdown = await output(exportCommand, [join(own, 'map.journey'), '-f', 'markdown'], french);
            expect(markdown).toContain('## Stages');
            expect(markdown).not.toContain('Étapes');
        }
    });

    test('compare and diff of two files: the newer one outside any config, the report in the current folder\'s language', async () => {
        const french = top({ locale: 'fr' });
        const [a, b] = [join(loose, 'other/map.journey'), map];
        expect(await output(compareCommand, [a, b], french)).toContain('Étape par étape');
        expect(await output(diffCommand, [a, b], french)).toContain('Étape par étape');
        expect(await output(diffCommand, [a, b], top({}))).toContain('Stage by stage');
    });

    test('diff A B reads the newer file\'s config, not the current folder\'s (README: French and English)', async () => {
        const french = top({ locale: 'fr' });
        const english = tempTree({ 'journey.config.json': '{ "locale": "en" }', 'a.journey': cleanMap(), 'b.journey': cleanMap().replace('emotion 1', 'emotion 2') });
        const report = await output(diffCommand, [join(english, 'a.journey'), join(english, 'b.journey')], french);
        expect(report).toContain('Stage by stage');
        expect(await output(diffCommand, [join(english, 'a.journey'), join(english, 'b.journey'), '--locale', 'fr'], french)).toContain('Étape par étape');
    });
});
