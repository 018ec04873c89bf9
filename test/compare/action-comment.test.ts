// action.yml's `comment: true`: the composite steps run as the runner would (ci-runner.ts),
// against a temporary git repository and a stand-in for the GitHub REST API on 127.0.0.1
// (a child process, since the steps run synchronously).
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanMap, REPO, tempTree } from '../cli/run-cli.js';
import { ciRepository, runAction } from './../render-export/ci-runner.js';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync } from 'node:fs';

/** The API: issue comments of one repository, kept in memory; every request logged as a JSON line. */
const FAKE_API = `
const http = require('node:http'), fs = require('node:fs');
const log = process.argv[1];
const comments = [{ id: 7, body: 'Looks good to me', user: { login: 'someone' } }];
let next = 100;
http.createServer((req, res) => {
  let body = '';
  req.on('data', c => body += c).on('end', () => {
    fs.appendFileSync(log, JSON.stringify({ method: req.method, url: req.url, auth: req.headers.authorization, body: body ? JSON.parse(body) : undefined }) + '\\n');
    const send = (status, value) => { res.writeHead(status, { 'content-type': 'application/json' }); res.end(JSON.stringify(value)); };
    let m;
    if (req.headers.authorization !== 'Bearer secret-token') return send(401, { message: 'Bad credentials' });
    if (req.method === 'GET' && (m = /^\\/repos\\/acme\\/maps\\/issues\\/42\\/comments\\?per_page=100&page=(\\d+)$/.exec(req.url))) return send(200, m[1] === '1' ? comments : []);
    if (req.method === 'POST' && req.url === '/repos/acme/maps/issues/42/comments') {
      const comment = { id: next++, body: JSON.parse(body).body, html_url: 'http://example/c' };
      comments.push(comment);
      return send(201, comment);
    }
    if (req.method === 'PATCH' && (m = /^\\/repos\\/acme\\/maps\\/issues\\/comments\\/(\\d+)$/.exec(req.url))) {
      const comment = comments.find(c => c.id === Number(m[1]));
      if (!comment) return send(404, { message: 'Not Found' });
      comment.body = JSON.parse(body).body;
      return send(200, comment);
    }
    send(404, { message: 'Not Found' });
  });
}).listen(0, '127.0.0.1', function () { console.log('http://127.0.0.1:' + this.address().port); });
`;

const servers: ChildProcess[] = [];
afterAll(() => servers.forEach(server => server.kill()));

async function startApi(): Promise<{ url: string; requests: () => Array<{ method: string; url: string; auth: string; body?: { body: string } }> }> {
    const log = join(tempTree({}), 'requests.jsonl');
    writeFileSync(log, '');
    const server = spawn(process.execPath, ['-e', FAKE_API, log]);
    servers.push(server);
    const url = await new Promise<string>((resolve, reject) => {
        server.stdout!.setEncoding('utf8').once('data', (line: string) => resolve(line.trim()));
        server.once('exit', code => reject(new Error(`fake API exited ${code}`)));
    });
    return { url, requests: () => readFileSync(log, 'utf8').split('\n').filter(Boolean).map(line => JSON.parse(line)) };
}

function git(cwd: string, ...args: string[]): string {
    return execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } });
}

/** A repository whose base commit holds a clean map, with this checkout's CLI as its own journey-maps. */
function pullRequestRepository() {
    const { repo, tools } = ciRepository({ 'maps/ok.journey': cleanMap() });
    mkdirSync(join(repo, 'node_modules/.bin'), { recursive: true });
    writeFileSync(join(repo, 'node_modules/.bin/journey'), `#!/bin/sh\nexec "${process.execPath}" "${join(REPO, 'bin/journey.js')}" "$@"\n`);
    chmodSync(join(repo, 'node_modules/.bin/journey'), 0o755);
    writeFileSync(join(repo, '.gitignore'), 'node_modules/\n');
    git(repo, 'add', '-A');
    git(repo, 'commit', '-qm', 'base');
    const base = git(repo, 'rev-parse', 'HEAD').trim();
    const event = join(tools, 'event.json');
    writeFileSync(event, JSON.stringify({ pull_request: { number: 42, base: { sha: base } } }));
    return { repo, tools, env: { GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: event, GITHUB_REPOSITORY: 'acme/maps' } };
}

describe('action.yml comment: true', () => {
    it('posts one comment with the Markdown diff, then edits it in place on the next push; other comments untouched', async () => {
        const api = await startApi();
        const { repo, tools, env } = pullRequestRepository();
        const map = join(repo, 'maps/ok.journey');
        writeFileSync(map, readFileSync(map, 'utf8').replace('emotion 1', 'emotion -1'));
        git(repo, 'commit', '-qam', 'push 1');
        const first = runAction(repo, tools, { comment: 'true', 'github-token': 'secret-token', files: 'maps/' }, { ...env, GITHUB_API_URL: api.url });
        const commentStep = first.job.steps[1];
        expect(commentStep.status, commentStep.stderr).toBe(0);
        expect(commentStep.stdout).toContain('Posted the journey diff comment');
        let requests = api.requests();
        expect(requests.map(r => `${r.method} ${r.url}`)).toEqual(['GET /repos/acme/maps/issues/42/comments?per_page=100&page=1', 'POST /repos/acme/maps/issues/42/comments']);
        expect(requests.every(r => r.auth === 'Bearer secret-token')).toBe(true);
        const posted = requests[1].body!.body;
        expect(posted).toMatch(/^<!-- journey-maps:diff -->\n# Journey maps: 1 file changed since `[0-9a-f]{40}`/);
        expect(posted).toContain('- Touchpoint `Panier`: emotion +1 → −1');
        expect(first.summary).toContain('emotion +1 → −1');

        writeFileSync(map, readFileSync(map, 'utf8').replace('emotion -1', 'emotion -2'));
        git(repo, 'commit', '-qam', 'push 2');
        const second = runAction(repo, tools, { comment: 'true', 'github-token': 'secret-token', files: 'maps/' }, { ...env, GITHUB_API_URL: api.url });
        expect(second.job.steps[1].stdout).toContain('Updated the journey diff comment');
        requests = api.requests().slice(2);
        expect(requests.map(r => `${r.method} ${r.url}`)).toEqual(['GET /repos/acme/maps/issues/42/comments?per_page=100&page=1', 'PATCH /repos/acme/maps/issues/comments/100']);
        expect(requests[1].body!.body).toContain('emotion +1 → −2');
    });

    it('files: maps/**/*.journey compares the maps directly in maps/ too, as lint reads the glob', async () => {
        const api = await startApi();
        const { repo, tools, env } = pullRequestRepository();
        const map = join(repo, 'maps/ok.journey');
        writeFileSync(map, readFileSync(map, 'utf8').replace('emotion 1', 'emotion -1'));
        mkdirSync(join(repo, 'maps/sub'));
        writeFileSync(join(repo, 'maps/sub/deep.journey'), cleanMap().replace('journey Essai "Essai"', 'journey Profond "Profond"'));
        git(repo, 'add', '-A');
        git(repo, 'commit', '-qm', 'push');
        const run = runAction(repo, tools, { comment: 'true', 'github-token': 'secret-token', files: 'maps/**/*.journey' }, { ...env, GITHUB_API_URL: api.url });
        expect(run.lint.status, run.lint.stderr).toBe(0);
        expect(run.job.steps[1].status, run.job.steps[1].stderr).toBe(0);
        const posted = api.requests().find(r => r.method === 'POST')!.body!.body;
        expect(posted).toContain('2 files changed');
        expect(posted).toContain('maps/ok.journey');
        expect(posted).toContain('maps/sub/deep.journey');
        expect(posted).toContain('emotion +1 → −1');
    });

    it('off by default; outside a pull request a notice; an API error is a warning, never a failed job', async () => {
        const api = await startApi();
        const { repo, tools, env } = pullRequestRepository();
        const off = runAction(repo, tools, { files: 'maps/' }, { ...env, GITHUB_API_URL: api.url });
        expect(off.job.steps).toHaveLength(2); // lint, then the final verdict
        const push = runAction(repo, tools, { comment: 'true', 'github-token': 'x', files: 'maps/' }, { ...env, GITHUB_EVENT_PATH: join(tempTree({ 'push.json': '{"ref":"refs/heads/main"}' }), 'push.json'), GITHUB_API_URL: api.url });
        expect(push.job.steps[1].stdout).toContain('::notice::comment: true comments on pull_request events only');
        const map = join(repo, 'maps/ok.journey');
        writeFileSync(map, readFileSync(map, 'utf8').replace('emotion 1', 'emotion 2'));
        const denied = runAction(repo, tools, { comment: 'true', 'github-token': 'wrong', files: 'maps/' }, { ...env, GITHUB_API_URL: api.url });
        expect(denied.job.steps[1].status).toBe(0);
        expect(denied.job.steps[1].stdout).toMatch(/::warning title=journey diff comment not posted::GET .* HTTP 401/);
        expect(denied.job.failed).toBe(false);
        expect(api.requests().filter(r => r.method !== 'GET')).toEqual([]);
    });
});
