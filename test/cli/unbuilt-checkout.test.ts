import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, tempTree } from './run-cli.js';

// A fresh clone after `npm install` has no out/ (install runs no build): the CLI must say what to do.
describe('bin/journey.js in a checkout not yet built', () => {
    const run = (folder: string) => spawnSync(process.execPath, [join(folder, 'bin', 'journey.js'), '--version'], { encoding: 'utf8' });
    const checkout = (withBundle?: string) => {
        const folder = tempTree({ 'package.json': JSON.stringify({ type: 'module' }) });
        mkdirSync(join(folder, 'bin'));
        copyFileSync(join(REPO, 'bin', 'journey.js'), join(folder, 'bin', 'journey.js'));
        if (withBundle !== undefined) {
            mkdirSync(join(folder, 'out'));
            writeFileSync(join(folder, 'out', 'cli.mjs'), withBundle);
        }
        return folder;
    };

    it('names the missing bundle and the build command, exit 2, no stack trace', () => {
        const result = run(checkout());
        expect(result.status).toBe(2);
        expect(result.stderr).toContain(join('out', 'cli.mjs'));
        expect(result.stderr).toContain('npm run build');
        expect(result.stderr).not.toMatch(/\n\s+at /);
    });

    it('still reports a module the built bundle lacks as the error it is (not as a missing build)', () => {
        const result = run(checkout("import './cli-missing-chunk.mjs';\nexport function runCli() {}\n"));
        expect(result.status).not.toBe(0);
        expect(result.stderr).toContain('cli-missing-chunk.mjs');
        expect(result.stderr).not.toContain('npm run build');
    });
});
