// action.yml: its lint step, run by bash as the runner would, against the real CLI.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanMap, REPO, tempTree } from '../cli/run-cli.js';

const ACTION = readFileSync(join(REPO, 'action.yml'), 'utf8');

/** The `run: |` script of the step with `id: lint`, dedented. */
function lintScript(): string {
    const step = ACTION.slice(ACTION.indexOf('- id: lint'));
    const body = step.slice(step.indexOf('run: |\n') + 'run: |\n'.length, step.indexOf('\n    - '));
    return body.split('\n').map(line => line.slice(8)).join('\n');
}

function runStep(env: Record<string, string>) {
    const dir = tempTree({
        'maps/ok.journey': cleanMap(),
        'maps/bad.journey': 'journey J { stage S { touchpoint T { emotion 5 } } }\n',
        // The repository's own journey-maps, as after `npm ci`: this checkout's CLI.
        'node_modules/.bin/journey': `#!/bin/sh\nexec "${process.execPath}" "${join(REPO, 'bin/journey.js')}" "$@"\n`
    });
    chmodSync(join(dir, 'node_modules/.bin/journey'), 0o755);
    const output = join(dir, 'github-output');
    const run = spawnSync('bash', ['-e', '-c', lintScript()], {
        cwd: dir, encoding: 'utf8',
        env: { ...process.env, GITHUB_OUTPUT: output, RUNNER_TEMP: dir, FILES: '', FORMAT: 'github', MAX_WARNINGS: '', CONFIG: '', VERSION: 'latest', ...env }
    });
    const written = existsSync(output) ? readFileSync(output, 'utf8').trim() : '';
    const outputs = Object.fromEntries(written.split('\n').filter(Boolean).map(l => l.split('=') as [string, string]));
    return { run, outputs, dir };
}

describe('action.yml', () => {
    it('declares the inputs files, format and max-warnings and uploads SARIF with codeql-action', () => {
        for (const input of ['files:', 'format:', 'max-warnings:']) expect(ACTION).toContain(`\n  ${input}`);
        expect(ACTION).toContain('using: composite');
        expect(ACTION).toContain('uses: github/codeql-action/upload-sarif@v3');
    });

    it('github format: annotations for the failing file, exit code 1 as an output (glob passed unexpanded)', () => {
        const { run, outputs } = runStep({ FILES: "maps/*.journey" });
        expect(run.status, run.stderr).toBe(0); // the last step fails the job, after the upload
        expect(outputs['exit-code']).toBe('1');
        expect(run.stdout).toMatch(/^::error file=maps\/bad\.journey,line=1,/m);
        expect(run.stdout).not.toContain('ok.journey');
    });

    it('sarif format: a SARIF file whose path is an output', () => {
        const { outputs } = runStep({ FILES: 'maps/ok.journey', FORMAT: 'sarif', MAX_WARNINGS: '0' });
        expect(outputs['exit-code']).toBe('0');
        const sarif = JSON.parse(readFileSync(outputs['sarif-file'], 'utf8'));
        expect(sarif.version).toBe('2.1.0');
    });

    it('rejects an unknown format', () => {
        const { run, outputs } = runStep({ FORMAT: 'xml' });
        expect(run.status).toBe(2);
        expect(run.stdout).toBe("::error::format must be github or sarif, not 'xml'\n");
        expect(outputs).toEqual({});
    });
});
