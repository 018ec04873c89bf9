// The language of lint's summary line (`✖ 2 problems (…)`): the maps' when they all share one,
// else the CLI's own (--locale, else the current folder's journey.config.json, else LANG), not
// whichever map happened to come first. In-process: no spawn needed to read stdout.
import { PassThrough } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { lintCommand } from '../../src/cli/lint.js';
import { cleanMap, tempTree } from './run-cli.js';

const WITH_ERROR = cleanMap().replace('emotion 1', 'emotion 9');

/** As examples/ and examples/en/: a French folder, an English one inside it, a map with an error in each. */
const folder = tempTree({
    'maps/journey.config.json': '{ "locale": "fr" }\n',
    'maps/a.journey': WITH_ERROR,
    'maps/en/journey.config.json': '{ "locale": "en" }\n',
    'maps/en/b.journey': WITH_ERROR
});

/** What `journey lint ...args` writes to stdout, run in `cwd` with `LANG`. */
async function lintOutput(args: string[], LANG: string, cwd = folder): Promise<string> {
    const stdout = new PassThrough();
    const io = { cwd, stdout, stderr: new PassThrough(), stdin: new PassThrough(), env: { LANG, JOURNEY_CACHE_DIR: 'off' } };
    expect(await lintCommand.run(['--threads', '1', ...args], io)).toBe(1);
    return String(stdout.read());
}

/** The language of the summary line of `journey lint ...args` run in `cwd` with `LANG`. */
async function summaryLanguage(args: string[], LANG: string, cwd = folder): Promise<string> {
    const summary = (await lintOutput(args, LANG, cwd)).trimEnd().split('\n').at(-1)!;
    if (/^✖ \d+ problems? \(/.test(summary)) return 'en';
    if (/^✖ \d+ problèmes? \(/.test(summary)) return 'fr';
    throw new Error(`not a summary line: ${summary}`);
}

describe('journey lint: the summary\'s language', () => {
    test('maps that share one language: the summary in it, whatever LANG says', async () => {
        expect(await summaryLanguage(['maps/a.journey'], 'C')).toBe('fr');
        expect(await summaryLanguage(['maps/en/b.journey'], 'fr_FR.UTF-8')).toBe('en');
    });

    test('maps in two languages: the CLI\'s own, whichever map comes first', async () => {
        expect(await summaryLanguage(['maps'], 'C')).toBe('en');
        expect(await summaryLanguage(['maps'], 'fr_FR.UTF-8')).toBe('fr');
        expect(await summaryLanguage(['maps/en', 'maps/a.journey'], 'fr_FR.UTF-8')).toBe('fr');
        expect(await summaryLanguage(['maps/a.journey', 'maps/en'], 'C')).toBe('en');
        // --locale, else the current folder's journey.config.json, before LANG.
        expect(await summaryLanguage(['--locale', 'en', 'maps'], 'fr_FR.UTF-8')).toBe('en');
        expect(await summaryLanguage(['.'], 'C', `${folder}/maps`)).toBe('fr');
    });

    test('each map\'s severity column speaks its messages\' language, not the summary\'s', async () => {
        const output = await lintOutput(['maps'], 'C');
        expect(output).toMatch(/a\.journey\n(  .*\n)*  11:15  erreur +\S/);
        expect(output).toMatch(/b\.journey\n(  .*\n)*  11:15  error +\S/);
    });
});
