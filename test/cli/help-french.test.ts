// `journey --help`, `journey <command> --help` and the usage lines after a usage error speak the
// CLI's language: --locale, else LC_ALL / LC_MESSAGES / LANG (the help has no map, so no config).
// Run as a user runs them: bin/journey.js spawned. And the help stays light: no language services.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { journey, tempTree, type CliRun } from './run-cli.js';

const NBSP = '\u00A0';
const NNBSP = '\u202F';
const FRENCH_LANG = { LANG: 'fr_FR.UTF-8', LC_ALL: undefined, LC_MESSAGES: undefined };
const ENGLISH_LANG = { LANG: 'C', LC_ALL: undefined, LC_MESSAGES: undefined };
const US_LANG = { LANG: 'en_US.UTF-8', LC_ALL: undefined, LC_MESSAGES: undefined };
const COMMANDS = ['lint', 'format', 'render', 'preview', 'export', 'compare', 'diff', 'import', 'lsp'];
const FRENCH_USAGE = `Utilisation${NBSP}: journey`;

/** Every mention of an option in a help text (`--format`, `-f`, `--no-color`…), as often as it is named: what both languages must agree on. */
function optionsIn(help: string): string[] {
    return (help.match(/(?<![\w-])--?[a-z][a-z-]*/g) ?? []).sort();
}

/** The lines of a help wider than a terminal of 100 columns. */
function tooWide(help: string): string[] {
    return help.split('\n').filter(line => [...line].length > 100);
}

const helpRuns = new Map<string, Promise<CliRun>>();

/**
 * `journey ...args` under `env` run once for this file: the tests of a command's help read the
 * same runs (`journey CMD --help` in English and in French each served two tests, two processes).
 */
function helpOf(args: string[], env: NodeJS.ProcessEnv): Promise<CliRun> {
    const key = JSON.stringify([args, env]);
    if (!helpRuns.has(key)) helpRuns.set(key, journey(args, { env }));
    return helpRuns.get(key)!;
}

describe('journey --help in French', () => {
    it.each([
        ['LANG=fr_FR.UTF-8', ['--help'], FRENCH_LANG],
        ['--locale fr', ['--help', '--locale', 'fr'], ENGLISH_LANG],
        ['journey help --locale=fr', ['help', '--locale=fr'], ENGLISH_LANG],
        ['journey --locale fr --help', ['--locale', 'fr', '--help'], ENGLISH_LANG],
        ['journey --locale=fr help', ['--locale=fr', 'help'], ENGLISH_LANG]
    ])('%s: the overview in French, each command with its French summary', async (_, args, env) => {
        const run = await journey(args, { env });
        expect(run.code).toBe(0);
        expect(run.stdout.startsWith(`${FRENCH_USAGE} <commande> [options]\n`)).toBe(true);
        for (const command of COMMANDS) expect(run.stdout).toMatch(new RegExp(`^  ${command} +\\S`, 'm'));
        expect(run.stdout).toContain('parcours');
        expect(run.stdout).toContain('journey help <commande>');
        expect(run.stdout).not.toContain('Commands:');
        expect(tooWide(run.stdout)).toEqual([]);
    });

    it.each([['LANG=C', ENGLISH_LANG], ['LANG=en_US.UTF-8', US_LANG]])('%s: the overview in English', async (_, env) => {
        const run = await journey(['--help'], { env });
        expect(run.stdout).toMatch(/^Usage: journey <command> \[options\]\n/);
        expect(run.stdout).toContain('Commands:');
        expect(tooWide(run.stdout)).toEqual([]);
    });
});

describe('journey --locale L with no command, or no language', () => {
    it('journey --locale fr: the French overview, exit 2 (as journey alone)', async () => {
        const [alone, french] = await Promise.all([journey([], { env: FRENCH_LANG }), journey(['--locale', 'fr'], { env: ENGLISH_LANG })]);
        expect(alone.code).toBe(2);
        expect(french.code).toBe(2);
        expect(french.stdout).toBe(alone.stdout);
        expect(french.stdout.startsWith(FRENCH_USAGE)).toBe(true);
    });

    it('journey --locale lint map.journey (the language left out): says --locale wants en or fr, exit 2', async () => {
        const run = await journey(['--locale', 'lint', 'map.journey'], { env: ENGLISH_LANG });
        expect(run.code).toBe(2);
        expect(run.stderr).toBe("journey: --locale: unknown value 'lint' (expected en, fr)\n");
    });
});

describe.each(COMMANDS)('journey %s --help', command => {
    it('in French under LANG=fr_FR.UTF-8, under --locale fr (before or after the command), and as journey help CMD --locale fr', async () => {
        const [byLang, byFlag, byFlagFirst, byHelp, byHelpAfterFlag] = await Promise.all([
            helpOf([command, '--help'], FRENCH_LANG),
            journey([command, '--help', '--locale', 'fr'], { env: ENGLISH_LANG }),
            journey(['--locale', 'fr', command, '--help'], { env: ENGLISH_LANG }),
            journey(['help', command, '--locale', 'fr'], { env: ENGLISH_LANG }),
            journey(['--locale=fr', 'help', command], { env: ENGLISH_LANG })
        ]);
        expect(byLang.code).toBe(0);
        expect(byLang.stdout.startsWith(`${FRENCH_USAGE} ${command}`)).toBe(true);
        expect(byFlag.stdout).toBe(byLang.stdout);
        expect(byFlagFirst.stdout).toBe(byLang.stdout);
        expect(byHelp.stdout).toBe(byLang.stdout);
        expect(byHelpAfterFlag.stdout).toBe(byLang.stdout);
        expect(byLang.stdout).not.toMatch(/^(Usage|Examples?|Exit codes)\b/m);
        for (const line of byLang.stdout.split('\n\n')[0].split('\n')) expect(line.length, line).toBeLessThanOrEqual(100);
    });

    it('in English under LANG=C and LANG=en_US.UTF-8', async () => {
        const [c, us] = await Promise.all([helpOf([command, '--help'], ENGLISH_LANG), helpOf([command, '--help'], US_LANG)]);
        expect(c.stdout).toMatch(new RegExp(`^Usage: journey ${command}\\b`));
        expect(us.stdout).toBe(c.stdout);
    });

    it('the French help names every option of the English help, as often, and no other', async () => {
        const [english, french] = await Promise.all([helpOf([command, '--help'], ENGLISH_LANG), helpOf([command, '--help'], FRENCH_LANG)]);
        expect(optionsIn(english.stdout).length).toBeGreaterThan(0);
        expect(optionsIn(french.stdout)).toEqual(optionsIn(english.stdout));
        expect(french.stdout).not.toBe(english.stdout);
        expect(tooWide(english.stdout)).toEqual([]);
        expect(tooWide(french.stdout)).toEqual([]);
    });
});

describe('a usage error in French', () => {
    it.each([
        ['LANG=fr_FR.UTF-8', ['render', '--them', 'dark', 'x.journey'], FRENCH_LANG],
        ['--locale fr', ['render', '--them', 'dark', 'x.journey', '--locale', 'fr'], ENGLISH_LANG]
    ])('%s: the error, then the French usage lines of the command, then how to get its help', async (_, args, env) => {
        const run = await journey(args, { env, cwd: tempTree({}) });
        expect(run.code).toBe(2);
        const [error, ...rest] = run.stderr.trimEnd().split('\n');
        expect(error).toMatch(/^journey render: option '--them' inconnue/);
        expect(rest[0].startsWith(`${FRENCH_USAGE} render `)).toBe(true);
        const frenchHelp = (await helpOf(['render', '--help'], FRENCH_LANG)).stdout;
        expect(frenchHelp.startsWith(rest.slice(0, -1).join('\n') + '\n\n')).toBe(true);
        expect(rest.at(-1)).toBe('Lancez `journey render --help` pour les options.');
    });
});

describe('an unknown command in French', () => {
    it('a near miss: the command meant, and where the commands are listed, in French', async () => {
        const run = await journey(['lnt', 'x.journey'], { env: FRENCH_LANG, cwd: tempTree({}) });
        expect(run.code).toBe(2);
        expect(run.stderr).toBe(`journey: commande 'lnt' inconnue${NNBSP}; vouliez-vous dire 'lint'${NNBSP}?\nLancez \`journey --help\` pour la liste des commandes.\n`);
    });

    it('far from every command: the French overview after it, under --locale fr too', async () => {
        for (const [args, env] of [[['frobnicate'], FRENCH_LANG], [['frobnicate', '--locale', 'fr'], ENGLISH_LANG]] as const) {
            const run = await journey([...args], { env, cwd: tempTree({}) });
            expect(run.code).toBe(2);
            expect(run.stderr.startsWith(`journey: commande 'frobnicate' inconnue\n\n${FRENCH_USAGE} <commande>`)).toBe(true);
        }
    });
});

describe('the help stays light', () => {
    const hook = join(fileURLToPath(new URL('.', import.meta.url)), 'record-loads.mjs');

    /** The bundle files a run of `args` loads. */
    async function loadedFiles(args: string[]): Promise<string[]> {
        const list = join(tempTree({}), 'loads.txt');
        const run = await journey(args, { env: { ...FRENCH_LANG, NODE_OPTIONS: `--import "${hook}"`, JOURNEY_LOADS_FILE: list } });
        expect(run.code).toBe(0);
        const files = readFileSync(list, 'utf8').split('\n').filter(url => url.startsWith('file:') && url.includes('/out/'));
        expect(files.length).toBeGreaterThan(0);
        return files.map(url => fileURLToPath(url));
    }

    it.each([['--help'], ['lint', '--help'], ['render', '--help'], ['help', 'diff']])('journey %s %s loads no Langium (no language services)', async (...args) => {
        const withLangium = (await loadedFiles(args)).filter(file => readFileSync(file, 'utf8').includes('LangiumDocuments'));
        expect(withLangium).toEqual([]);
    });
});
