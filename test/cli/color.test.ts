// Colours of `journey lint` (stylish) on a real terminal: the CLI runs under a pseudo-terminal (util-linux `script`).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { useColor } from '../../src/cli/formats/color.js';
import { tempTree, REPO } from './run-cli.js';

const BIN = join(REPO, 'bin/journey.js');
const dir = tempTree({ 'bad.journey': 'journey J { stage S { touchpoint T { emotion 5 } } }\n' });

/** `journey lint bad.journey ...args` with stdout on a terminal; the environment has no colour variable unless given. */
function lintOnTerminal(args: string[], env: Record<string, string>): string {
    const command = [process.execPath, BIN, 'lint', 'bad.journey', ...args].map(arg => `'${arg}'`).join(' ');
    const base = Object.fromEntries(Object.entries(process.env).filter(([key]) => !['NO_COLOR', 'FORCE_COLOR', 'TERM'].includes(key)));
    const run = spawnSync('script', ['-qec', command, '/dev/null'], { cwd: dir, encoding: 'utf8', env: { ...base, TERM: 'xterm-256color', ...env } });
    expect(run.status, run.stderr).toBe(1);
    expect(run.stdout).toContain('bad.journey');
    return run.stdout;
}

const COLOURED = /\x1b\[\d+m/;

describe('stylish colours', () => {
    test('on a terminal by default; off with TERM=dumb, NO_COLOR or --no-color; FORCE_COLOR and --color win', () => {
        expect(lintOnTerminal([], {})).toMatch(COLOURED);
        expect(lintOnTerminal([], { TERM: 'dumb' })).not.toMatch(COLOURED);
        expect(lintOnTerminal([], { NO_COLOR: '1' })).not.toMatch(COLOURED);
        expect(lintOnTerminal(['--no-color'], {})).not.toMatch(COLOURED);
        expect(lintOnTerminal(['--no-color'], { FORCE_COLOR: '1' })).not.toMatch(COLOURED);
        expect(lintOnTerminal([], { TERM: 'dumb', FORCE_COLOR: '1' })).toMatch(COLOURED);
        expect(lintOnTerminal(['--color'], { NO_COLOR: '1' })).toMatch(COLOURED);
    });

    test('the last of --color and --no-color wins; FORCE_COLOR=0 is off; no terminal, no colour', () => {
        expect(useColor(['--color', '--no-color'], {}, true)).toBe(false);
        expect(useColor(['--no-color', '--color'], {}, false)).toBe(true);
        expect(useColor([], { FORCE_COLOR: '0' }, true)).toBe(false);
        expect(useColor([], { NO_COLOR: '' }, true)).toBe(true); // NO_COLOR counts only when not empty
        expect(useColor([], {}, false)).toBe(false);
    });
});
