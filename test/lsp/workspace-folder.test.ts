// The editor's workspace is the folder it opened; `journey lint` run from that folder must report
// what the editor does (the README's workspace rule). The real server over stdio, the real CLI.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, expect, test } from 'vitest';
import { journey, tempTree } from '../cli/run-cli.js';
import { startStdioServer, type StdioServer } from './stdio-server.js';

const WITHIN_MS = 10_000;
const servers: StdioServer[] = [];
afterAll(() => servers.forEach(server => server.stop()));

/** `line:rule-id` of every problem, by file, as the server publishes them for a folder opened (files opened or not). */
async function editorProblems(folder: string, files: readonly string[]): Promise<Record<string, string[]>> {
    const server = startStdioServer();
    servers.push(server);
    await server.initialize(folder, {});
    const uris = files.map(file => pathToFileURL(join(folder, file)).toString());
    await server.waitForDiagnostics(() => uris.every(uri => server.diagnostics.has(uri)), 'every file built', WITHIN_MS);
    return Object.fromEntries(files.map((file, i) => [file, server.diagnostics.get(uris[i])!.map(d => `${d.range.start.line + 1}:${d.code}`).sort()]));
}

/** The same from `journey lint -f json .` run from `folder`. */
async function lintProblems(folder: string): Promise<Record<string, string[]>> {
    const run = await journey(['lint', '--format', 'json', '.'], { cwd: folder });
    expect(run.stderr).toBe('');
    const results = JSON.parse(run.stdout) as { filePath: string; messages: { line: number; ruleId: string }[] }[];
    return Object.fromEntries(results.map(r => [r.filePath.slice(folder.length + 1), r.messages.map(m => `${m.line}:${m.ruleId}`).sort()]));
}

test('a folder with no journey.config.json and no git root: the editor and `journey lint .` from it report the same', async () => {
    const folder = tempTree({
        'common.journey': 'persona Ana "Ana" { goal "Acheter" }\npersona Lou "Lou" { goal "x" }\n',
        'maps/a.journey': 'journey A "A" {\n  stage S "S" { goal "g"\n    touchpoint T { personas Ana emotion 1 }\n  }\n}\n',
        'maps/deep/b.journey': 'journey B "B" {\n  stage S "S" { goal "g"\n    touchpoint T { personas Zed emotion 1 }\n  }\n}\n'
    });
    expect(spawnSync('git', ['rev-parse', '--show-toplevel'], { cwd: folder }).status).not.toBe(0);
    const files = ['common.journey', 'maps/a.journey', 'maps/deep/b.journey'];
    const editor = await editorProblems(folder, files);
    // Ana resolves in maps/ and counts as used; Lou is unused; Zed is unknown.
    expect(editor['common.journey']).toEqual(['2:persona-unused']);
    expect(editor['maps/a.journey']).not.toContainEqual(expect.stringMatching(/unresolved-reference/));
    expect(editor['maps/deep/b.journey']).toContainEqual('3:unresolved-reference');
    expect(await lintProblems(folder)).toEqual(editor);
}, 30_000);
