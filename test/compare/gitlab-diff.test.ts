// The README's GitLab `journey-diff` job, its script lines run as the runner would
// (ci-runner.ts stand-ins for npm), against a stand-in GitLab API on 127.0.0.1.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { cleanMap, REPO, tempTree } from '../cli/run-cli.js';
import { bash, ciRepository, runnerEnv } from '../render-export/ci-runner.js';

const README = readFileSync(join(REPO, 'README.md'), 'utf8');
const GITLAB = parse(/### GitLab CI\n[^]*?```yaml\n([^]*?)```/.exec(README)![1]) as Record<string, { script: string[]; rules: unknown[]; artifacts: { paths: string[] } }>;

const FAKE_GITLAB = `
const http = require('node:http'), fs = require('node:fs');
const log = process.argv[1];
const notes = [{ id: 1, body: 'LGTM' }];
http.createServer((req, res) => {
  let body = '';
  req.on('data', c => body += c).on('end', () => {
    fs.appendFileSync(log, JSON.stringify({ method: req.method, url: req.url, token: req.headers['private-token'], body: body ? JSON.parse(body) : undefined }) + '\\n');
    const send = (status, value) => { res.writeHead(status, { 'content-type': 'application/json' }); res.end(JSON.stringify(value)); };
    const base = '/api/v4/projects/9/merge_requests/5/notes';
    let m;
    if (req.method === 'GET' && req.url === base + '?per_page=100') return send(200, notes);
    if (req.method === 'POST' && req.url === base) { const note = { id: 50 + notes.length, body: JSON.parse(body).body }; notes.push(note); return send(201, note); }
    if (req.method === 'PUT' && (m = new RegExp('^' + base + '/(\\\\d+)$').exec(req.url))) {
      const note = notes.find(n => n.id === Number(m[1])); note.body = JSON.parse(body).body; return send(200, note);
    }
    send(404, { message: '404 Not found' });
  });
}).listen(0, '127.0.0.1', function () { console.log('http://127.0.0.1:' + this.address().port); });
`;

const servers: ChildProcess[] = [];
afterAll(() => servers.forEach(server => server.kill()));

function git(cwd: string, ...args: string[]): string {
    return execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } });
}

describe('README: GitLab journey-diff job', () => {
    it('writes the report as an artifact and keeps one merge-request note up to date', async () => {
        const log = join(tempTree({}), 'requests.jsonl');
        writeFileSync(log, '');
        const server = spawn(process.execPath, ['-e', FAKE_GITLAB, log]);
        servers.push(server);
        const url = await new Promise<string>(resolve => server.stdout!.setEncoding('utf8').once('data', (line: string) => resolve(line.trim())));
        const { repo, tools } = ciRepository({ 'maps/ok.journey': cleanMap(), '.gitignore': 'node_modules/\njourney-diff.md\n' });
        git(repo, 'add', '-A');
        git(repo, 'commit', '-qm', 'base');
        const base = git(repo, 'rev-parse', 'HEAD').trim();
        const env = runnerEnv(repo, tools, {
            CI_MERGE_REQUEST_IID: '5', CI_MERGE_REQUEST_DIFF_BASE_SHA: base, CI_API_V4_URL: `${url}/api/v4`, CI_PROJECT_ID: '9', JOURNEY_NOTE_TOKEN: 'glpat-test'
        });
        const job = GITLAB['journey-diff'];
        expect(job.artifacts.paths).toEqual(['journey-diff.md']);
        const map = join(repo, 'maps/ok.journey');
        for (const emotion of ['-1', '2']) {
            writeFileSync(map, cleanMap().replace('emotion 1', `emotion ${emotion}`));
            git(repo, 'commit', '-qam', `emotion ${emotion}`);
            const run = bash(job.script.join('\n'), repo, env);
            expect(run.status, run.stderr).toBe(0);
            expect(readFileSync(join(repo, 'journey-diff.md'), 'utf8')).toContain(`- Touchpoint \`Panier\`: emotion +1 → ${emotion === '2' ? '+2' : '−1'}`);
        }
        const requests = readFileSync(log, 'utf8').split('\n').filter(Boolean).map(line => JSON.parse(line));
        expect(requests.map(r => `${r.method} ${r.url}`)).toEqual([
            'GET /api/v4/projects/9/merge_requests/5/notes?per_page=100', 'POST /api/v4/projects/9/merge_requests/5/notes',
            'GET /api/v4/projects/9/merge_requests/5/notes?per_page=100', 'PUT /api/v4/projects/9/merge_requests/5/notes/51'
        ]);
        expect(requests.every(r => r.token === 'glpat-test')).toBe(true);
        expect(requests[3].body.body).toMatch(/^<!-- journey-maps:diff -->\n# Journey maps: 1 file changed/);
        expect(requests[3].body.body).toContain('emotion +1 → +2');
    });
});
