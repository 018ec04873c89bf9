// The dispatcher's answers to mistakes and to `help`, through the real CLI: `journey help CMD`
// is `journey CMD --help`, a mistyped command or option names the nearest real one, and an
// unknown option is said in the CLI's own words (exit 2) with the command's usage.
import { describe, expect, test } from 'vitest';
import { journey, type CliRun } from './run-cli.js';

const COMMANDS = ['lint', 'format', 'render', 'preview', 'export', 'compare', 'diff', 'import', 'lsp'];

const helpRuns = new Map<string, Promise<CliRun>>();
/** `journey CMD --help`, run once for this file: the two tests of a command's help read the same run. */
const helpOf = (command: string): Promise<CliRun> => {
    if (!helpRuns.has(command)) helpRuns.set(command, journey([command, '--help']));
    return helpRuns.get(command)!;
};

describe('journey help CMD', () => {
    test.each(COMMANDS)('journey help %s prints what --help after it prints', async command => {
        const [help, flag] = await Promise.all([journey(['help', command]), helpOf(command)]);
        expect(flag.code).toBe(0);
        expect(flag.stdout).toMatch(new RegExp(`^Usage: journey ${command}\\b`));
        expect(help.stdout).toBe(flag.stdout);
        expect(help.stderr).toBe('');
        expect(help.code).toBe(0);
    });

    test.each(COMMANDS)('journey %s --help: its usage lines fit 100 columns and name the command', async command => {
        const usage = (await helpOf(command)).stdout.split('\n\n')[0].split('\n');
        for (const line of usage) expect(line.length, line).toBeLessThanOrEqual(100);
        expect(usage[0]).toMatch(new RegExp(`^Usage: journey ${command}\\b`));
    });

    test('journey help alone, and --help, print the overview naming every command (exit 0)', async () => {
        for (const args of [['help'], ['--help'], ['-h']]) {
            const run = await journey(args);
            expect(run.code).toBe(0);
            expect(run.stdout).toMatch(/^Usage: journey <command> \[options\]/);
            for (const command of COMMANDS) expect(run.stdout).toMatch(new RegExp(`^  ${command} +\\S`, 'm'));
            expect(run.stdout).toContain('journey help <command>');
        }
    });

    test('journey help of no such command: unknown command, with the nearest one (exit 2)', async () => {
        const run = await journey(['help', 'lnt']);
        expect(run.code).toBe(2);
        expect(run.stdout).toBe('');
        expect(run.stderr).toMatch(/^journey: unknown command 'lnt'; did you mean 'lint'\?\n/);
    });
});

describe('an unknown command', () => {
    test.each([['lnt', 'lint'], ['rendr', 'render'], ['exprot', 'export'], ['comapre', 'compare'], ['Lint', 'lint']])('journey %s: did you mean %s? (exit 2)', async (typed, meant) => {
        const run = await journey([typed, 'x.journey']);
        expect(run.code).toBe(2);
        expect(run.stdout).toBe('');
        expect(run.stderr).toMatch(new RegExp(`^journey: unknown command '${typed}'; did you mean '${meant}'\\?\nRun \`journey --help\` for the commands\\.\n$`));
    });

    test('far from every command: no guess, the overview', async () => {
        const run = await journey(['frobnicate']);
        expect(run.code).toBe(2);
        expect(run.stderr).toMatch(/^journey: unknown command 'frobnicate'\n\nUsage: journey <command>/);
        expect(run.stderr).not.toContain('did you mean');
    });
});

describe('an unknown option', () => {
    test('journey lint --foo: in the CLI\'s words, no Node text, balanced quotes, the usage, exit 2', async () => {
        const run = await journey(['lint', '--foo', 'x.journey']);
        expect(run.code).toBe(2);
        expect(run.stdout).toBe('');
        const [first, ...rest] = run.stderr.trimEnd().split('\n');
        expect(first).toBe("journey lint: unknown option '--foo'");
        expect(rest[0]).toMatch(/^Usage: journey lint /);
        expect(rest.at(-1)).toBe('Run `journey lint --help` for the options.');
        expect(run.stderr).not.toMatch(/To specify a positional|Unknown option/);
        for (const line of run.stderr.split('\n')) expect((line.match(/'/g) ?? []).length % 2, line).toBe(0);
    });

    test.each([
        ['lint', '--formt', '--format'],
        ['lint', '--no-colour', '--no-color'],
        ['render', '--them', '--theme'],
        ['compare', '--outptu', '--output'],
        ['export', '--jouney', '--journey'],
        ['diff', '--bse', '--base']
    ])('journey %s %s: did you mean %s?', async (command, typed, meant) => {
        const run = await journey([command, typed, 'x']);
        expect(run.code).toBe(2);
        expect(run.stderr.split('\n')[0]).toBe(`journey ${command}: unknown option '${typed}'; did you mean '${meant}'?`);
    });

    test('an unknown short option: named as typed, the usage follows', async () => {
        const run = await journey(['compare', '-x']);
        expect(run.code).toBe(2);
        expect(run.stderr).toMatch(/^journey compare: unknown option '-x'\nUsage: journey compare /);
    });

    test('--option=value of an unknown option names the option alone', async () => {
        const run = await journey(['lint', '--formt=json', 'x']);
        expect(run.stderr.split('\n')[0]).toBe("journey lint: unknown option '--formt'; did you mean '--format'?");
        expect(run.code).toBe(2);
    });
});
