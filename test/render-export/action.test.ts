// action.yml: its composite steps, run by bash as the runner would, against a temporary
// git repository and this checkout's CLI (npx is a stand-in, see ci-runner.ts).
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanMap, REPO } from '../cli/run-cli.js';
import { BAD_MAP, ciRepository, loadAction, PACKAGE_VERSION, runAction } from './ci-runner.js';

/** A repository with a clean map and a failing one; `own` adds its own journey-maps as after `npm ci`. */
function repository(files: Record<string, string> = {}, own = false) {
    const { repo, tools } = ciRepository({ 'maps/ok.journey': cleanMap(), 'maps/bad.journey': BAD_MAP, ...files });
    if (own) {
        writeFileSync(join(repo, 'node_modules/.bin/journey'), `#!/bin/sh\nexec "${process.execPath}" "${join(REPO, 'bin/journey.js')}" "$@"\n`);
        chmodSync(join(repo, 'node_modules/.bin/journey'), 0o755);
    }
    return { repo, tools };
}

function ownRepository(files: Record<string, string> = {}) {
    return repository({ 'node_modules/.bin/.keep': '', ...files }, true);
}

describe('action.yml', () => {
    it('declares its inputs and outputs, and uploads SARIF only when there is a report', () => {
        const action = loadAction();
        expect(Object.keys(action.inputs)).toEqual(['files', 'format', 'max-warnings', 'config', 'comment', 'github-token', 'version']);
        expect(Object.keys(action.outputs)).toEqual(['exit-code', 'outcome', 'sarif-file']);
        expect(action.inputs.version.default).toBe('');
        const upload = action.runs.steps.find(step => step.uses?.startsWith('github/codeql-action/upload-sarif@'));
        expect(upload?.if).toBe("${{ steps.lint.outputs.sarif-file != '' }}");
    });

    it('github format: annotations for the failing file, outcome findings, the job fails after the lint step (glob unexpanded)', () => {
        const { repo, tools } = ownRepository();
        const { job, lint, outputs, summary } = runAction(repo, tools, { files: 'maps/*.journey' });
        expect(lint.status, lint.stderr).toBe(0);
        expect(outputs).toEqual({ 'exit-code': '1', outcome: 'findings' });
        expect(lint.stdout).toMatch(/^::error file=maps\/bad\.journey,line=1,/m);
        expect(lint.stdout).not.toContain('ok.journey');
        expect(summary).toMatch(/^### Journey lint: 1 error, 2 warnings, 2 infos in 2 files\n/);
        expect(summary).toContain('| maps/bad.journey | 1:');
        expect(job.steps.at(-1)!.status).toBe(1);
        expect(job.steps.at(-1)!.stdout).toContain('journey lint found problems');
        expect(job.failed).toBe(true);
        expect(job.used).toEqual([]);
    });

    it('files on several lines and separated by spaces are all linted', () => {
        const { repo, tools } = ownRepository({ 'other/bad2.journey': BAD_MAP, 'third/bad3.journey': BAD_MAP });
        const { lint, outputs } = runAction(repo, tools, { files: 'maps/bad.journey other/*.journey\nthird/bad3.journey\n' });
        expect(outputs.outcome).toBe('findings');
        const files = new Set([...lint.stdout.matchAll(/^::error file=([^,]+),/gm)].map(m => m[1]));
        expect([...files]).toEqual(['maps/bad.journey', 'other/bad2.journey', 'third/bad3.journey']);
    });

    it('a clean repository: outcome clean, every step passes', () => {
        const { repo, tools } = ownRepository();
        const { job, outputs } = runAction(repo, tools, { files: 'maps/ok.journey', 'max-warnings': '0' });
        expect(outputs).toEqual({ 'exit-code': '0', outcome: 'clean' });
        expect(job.failed).toBe(false);
    });

    it('sarif format: a SARIF file whose path is an output, uploaded before the job fails', () => {
        const { repo, tools } = ownRepository();
        const { job, outputs } = runAction(repo, tools, { format: 'sarif' });
        expect(outputs['exit-code']).toBe('1');
        const sarif = JSON.parse(readFileSync(outputs['sarif-file'], 'utf8'));
        expect(sarif.version).toBe('2.1.0');
        const uris = sarif.runs[0].results.map((r: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => r.locations[0].physicalLocation.artifactLocation.uri);
        expect(new Set(uris)).toEqual(new Set(['maps/bad.journey']));
        expect(job.used).toEqual([{ uses: expect.stringMatching(/^github\/codeql-action\/upload-sarif@/), with: { sarif_file: outputs['sarif-file'], category: 'journey' } }]);
        expect(job.failed).toBe(true);
    });

    it('journey exits 2 (a missing file): outcome did-not-run, told in the log and the summary, no SARIF left to upload', () => {
        const { repo, tools } = ownRepository();
        const { job, lint, outputs, summary } = runAction(repo, tools, { format: 'sarif', files: 'maps/missing.journey' });
        expect(outputs).toEqual({ 'exit-code': '2', outcome: 'did-not-run' });
        expect(lint.stdout).toContain('::error title=journey did not run::journey lint stopped with exit code 2');
        expect(summary).toContain('### Journey lint did not run');
        expect(job.used).toEqual([]);
        expect(existsSync(join(repo, '..', 'runner-temp', 'journey.sarif'))).toBe(false);
        expect(job.steps.at(-1)!.status).toBe(2);
    });

    it('without its own journey-maps, runs npx with the action\'s own release (package.json), not latest', () => {
        const { repo, tools } = repository();
        const { outputs, calls } = runAction(repo, tools, { files: 'maps/bad.journey' });
        expect(outputs.outcome).toBe('findings');
        expect(calls).toContain(`npx --yes --package=journey-maps@${PACKAGE_VERSION} journey lint --format github maps/bad.journey\n`);
        const pinned = runAction(repo, tools, { files: 'maps/ok.journey', version: '9.9.9' }, { FAKE_NPM_PUBLISHED: '9.9.9' });
        expect(pinned.outputs.outcome).toBe('clean');
        expect(pinned.calls).toContain('--package=journey-maps@9.9.9 journey lint');
    });

    it('npx cannot fetch the package: did-not-run (not findings), and no empty SARIF is uploaded', () => {
        const { repo, tools } = repository();
        for (const format of ['github', 'sarif']) {
            const { job, lint, outputs } = runAction(repo, tools, { format, version: '0.0.0-missing' });
            expect(outputs, format).toEqual({ 'exit-code': '2', outcome: 'did-not-run' });
            expect(lint.stderr).toContain('npm error 404');
            expect(lint.stdout).toContain('::error title=journey did not run::npx could not fetch or start journey-maps@0.0.0-missing');
            expect(job.used).toEqual([]);
            expect(job.steps.at(-1)!.stdout).toContain('journey did not run');
        }
    });

    it('rejects an unknown format', () => {
        const { repo, tools } = ownRepository();
        const { lint, outputs, job } = runAction(repo, tools, { format: 'xml' });
        expect(lint.status).toBe(2);
        expect(lint.stdout).toBe("::error::format must be github or sarif, not 'xml'\n");
        expect(outputs).toEqual({});
        expect(job.steps).toHaveLength(1);
    });
});
