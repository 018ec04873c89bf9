// The editor's workspace is the folder it opened; `journey lint` run from that folder must report
// what the editor does (the README's workspace rule). The real server over stdio, the real CLI.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ClientCapabilities, CompletionList, Location, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { afterAll, expect, test } from 'vitest';
import { journey, tempTree } from '../cli/run-cli.js';
import { startStdioServer, type StdioServer } from './stdio-server.js';

const WITHIN_MS = 10_000;
const servers: StdioServer[] = [];
afterAll(() => servers.forEach(server => server.stop()));

/** `line:rule-id` of every problem, by file, as the server publishes them for a folder opened (files opened or not). */
async function editorProblems(folder: string, files: readonly string[]): Promise<Record<string, string[]>> {
    return (await openEditor(folder, files)).problems();
}

/** A server with `folders` opened (the first the root), once it has published diagnostics for every one of `files` (relative to the first). */
async function openEditor(folders: string | readonly string[], files: readonly string[], capabilities: ClientCapabilities = {}) {
    const server = startStdioServer();
    servers.push(server);
    const first = typeof folders === 'string' ? folders : folders[0];
    const published = server.diagnostics;
    await server.initialize(folders, capabilities);
    const uriOf = (file: string) => pathToFileURL(resolve(first, file)).toString();
    const problemsOf = (file: string) => published.get(uriOf(file))!.map(d => `${d.range.start.line + 1}:${d.code}`).sort();
    const waitForProblems = (more: readonly string[]) => server.waitForDiagnostics(() => more.every(file => published.has(uriOf(file))), 'every file built', WITHIN_MS);
    await waitForProblems(files);
    const problems = () => Object.fromEntries(files.map(file => [file, problemsOf(file)]));
    return {
        server, uriOf, problemsOf, waitForProblems, problems,
        /** Waits until every file shows what `journey lint .` from the first folder says now (each document's diagnostics come in their own notification). */
        waitForLint: async (what: string) => {
            const linted = JSON.stringify(await lintProblems(first));
            await server.waitForDiagnostics(() => JSON.stringify(problems()) === linted, what, WITHIN_MS);
        },
        messagesOf: (file: string) => published.get(uriOf(file))!.map(d => d.message).sort(),
        /** Opens `file` in the editor with its text on disk. */
        open: async (file: string) => server.connection.sendNotification('textDocument/didOpen', {
            textDocument: { uri: uriOf(file), languageId: 'journey', version: 1, text: readFileSync(join(first, file), 'utf8') }
        })
    };
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

test('a folder opened through a symbolic link: the same workspace, for its maps named through the link or by their real path', async () => {
    const real = tempTree({
        'common.journey': 'persona Ana "Ana" { goal "Acheter" }\npersona Lou "Lou" { goal "x" }\n',
        'maps/a.journey': 'journey A "A" {\n  stage S "S" { goal "g"\n    touchpoint T { personas Ana emotion 1 }\n  }\n}\n'
    });
    const folder = join(tempTree({}), 'link');
    symlinkSync(real, folder, 'dir');
    const files = ['common.journey', 'maps/a.journey'];
    const editor = await openEditor(folder, files);
    expect(editor.problemsOf('common.journey')).toEqual(['2:persona-unused']);
    expect(editor.problemsOf('maps/a.journey')).not.toContainEqual(expect.stringMatching(/unresolved-reference/));
    // `journey lint .` from there reports the real paths (process.cwd() is real): the same problems.
    expect(await lintProblems(real)).toEqual(editor.problems());
    // An editor may name an opened map by its real path: still of the opened folder's workspace.
    const realUri = pathToFileURL(join(real, 'maps/a.journey')).toString();
    await editor.server.connection.sendNotification('textDocument/didOpen', {
        textDocument: { uri: realUri, languageId: 'journey', version: 1, text: readFileSync(join(real, 'maps/a.journey'), 'utf8') }
    });
    const published = editor.server.diagnostics;
    await editor.server.waitForDiagnostics(() => published.has(realUri), `diagnostics for ${realUri}`, WITHIN_MS);
    const problems = published.get(realUri)!.map(d => `${d.range.start.line + 1}:${d.code}`);
    expect(problems).not.toContainEqual(expect.stringMatching(/unresolved-reference/));
}, 30_000);

/** A map whose one touchpoint names `persona`. */
function usingPersona(persona: string): string {
    return `journey A "A" {\n  stage S "S" { goal "g"\n    touchpoint T { personas ${persona} emotion 1 }\n  }\n}\n`;
}

/** An opened folder with maps of its own and, below it, a folder with its own journey.config.json. */
function nestedWorkspace(): string {
    return tempTree({
        'common.journey': 'persona Ana "Ana" { goal "Acheter" }\n',
        'maps/a.journey': usingPersona('Ana'),
        'nested/journey.config.json': '{}',
        'nested/a.journey': usingPersona('Ana'),
        'nested/bo.journey': 'persona Bo "Bo" { goal "x" }\n'
    });
}

test('a folder below with its own journey.config.json is a workspace of its own in the editor, as in `journey lint .`', async () => {
    const folder = nestedWorkspace();
    const files = ['common.journey', 'maps/a.journey', 'nested/a.journey', 'nested/bo.journey'];
    const editor = await editorProblems(folder, files);
    expect(editor['nested/a.journey']).toContainEqual('3:unresolved-reference');
    expect(editor['maps/a.journey']).not.toContainEqual(expect.stringMatching(/unresolved-reference/));
    expect(await lintProblems(folder)).toEqual(editor);
}, 30_000);

test('an unknown name below is not said to be a channel of the outer workspace: the messages are lint\'s', async () => {
    const folder = tempTree({
        'common.journey': 'channel Zoe "Zoe" digital\n',
        'nested/journey.config.json': '{}',
        'nested/a.journey': usingPersona('Zoe')
    });
    const editor = await openEditor(folder, ['nested/a.journey']);
    const messages = editor.messagesOf('nested/a.journey');
    const run = await journey(['lint', '--format', 'json', '.'], { cwd: folder });
    const linted = (JSON.parse(run.stdout) as { filePath: string; messages: { message: string }[] }[]).find(r => r.filePath.endsWith('a.journey'))!;
    expect(messages).toEqual(linted.messages.map(m => m.message).sort());
    expect(messages).toContainEqual(expect.stringMatching(/^Unknown persona 'Zoe'\. `personas` expects a persona/));
}, 30_000);

test('completion, references and rename follow the split: the outer names are not proposed below, nor its uses counted above', async () => {
    const folder = nestedWorkspace();
    const editor = await openEditor(folder, ['common.journey', 'maps/a.journey', 'nested/a.journey']);
    await editor.open('nested/a.journey');
    await editor.open('common.journey');
    // After `personas ` on line 3 of nested/a.journey.
    const position = { line: 2, character: '    touchpoint T { personas '.length };
    const completion = await editor.server.connection.sendRequest<CompletionList>('textDocument/completion', { textDocument: { uri: editor.uriOf('nested/a.journey') }, position });
    const labels = completion.items.map(item => item.label);
    expect(labels).toContain('Bo');
    expect(labels).not.toContain('Ana');
    const references = await editor.server.connection.sendRequest<Location[]>('textDocument/references', {
        textDocument: { uri: editor.uriOf('common.journey') }, position: { line: 0, character: 'persona A'.length }, context: { includeDeclaration: false }
    });
    expect(references.map(location => location.uri)).toEqual([editor.uriOf('maps/a.journey')]);
    const rename = await editor.server.connection.sendRequest<WorkspaceEdit>('textDocument/rename', {
        textDocument: { uri: editor.uriOf('common.journey') }, position: { line: 0, character: 'persona A'.length }, newName: 'Anaelle'
    });
    expect(Object.keys(rename.changes ?? {}).concat((rename.documentChanges ?? []).map(change => 'textDocument' in change ? change.textDocument.uri : '')).sort())
        .toEqual([editor.uriOf('common.journey'), editor.uriOf('maps/a.journey')].sort());
}, 30_000);

test('two folders opened at once are two workspaces: neither sees the other\'s names, as `journey lint .` from each', async () => {
    const first = tempTree({ 'common.journey': 'persona Ana "Ana" { goal "Acheter" }\n', 'a.journey': usingPersona('Ana') });
    const second = tempTree({ 'b.journey': usingPersona('Ana') });
    const editor = await openEditor([first, second], ['common.journey', 'a.journey']);
    const b = join(second, 'b.journey');
    await editor.waitForProblems([b]);
    expect(editor.problemsOf(b)).toContainEqual('3:unresolved-reference');
    expect(editor.problemsOf(b)).toEqual((await lintProblems(second))['b.journey']);
    expect(editor.problems()).toEqual(await lintProblems(first));
}, 30_000);

test('a journey.config.json created or deleted below the opened folder splits it off or joins it again', async () => {
    const folder = tempTree({
        'common.journey': 'persona Ana "Ana" { goal "Acheter" }\n',
        'nested/a.journey': usingPersona('Ana')
    });
    const editor = await openEditor(folder, ['common.journey', 'nested/a.journey']);
    expect(editor.problemsOf('nested/a.journey')).not.toContainEqual(expect.stringMatching(/unresolved-reference/));
    writeFileSync(join(folder, 'nested/journey.config.json'), '{}');
    await editor.waitForLint('nested/ split off');
    expect(editor.problemsOf('nested/a.journey')).toContain('3:unresolved-reference');
    rmSync(join(folder, 'nested/journey.config.json'));
    await editor.waitForLint('nested/ joined again');
    expect(editor.problemsOf('nested/a.journey')).not.toContain('3:unresolved-reference');
}, 30_000);

test('a git root made below the opened folder (git init) splits it off, and joins it again once removed', async () => {
    const folder = tempTree({
        'common.journey': 'persona Ana "Ana" { goal "Acheter" }\n',
        'nested/a.journey': usingPersona('Ana')
    });
    const editor = await openEditor(folder, ['common.journey', 'nested/a.journey']);
    expect(editor.problemsOf('nested/a.journey')).not.toContainEqual(expect.stringMatching(/unresolved-reference/));
    expect(spawnSync('git', ['init', '-q', join(folder, 'nested')]).status).toBe(0);
    await editor.waitForLint('nested/ split off');
    expect(editor.problemsOf('nested/a.journey')).toContain('3:unresolved-reference');
    rmSync(join(folder, 'nested/.git'), { recursive: true });
    await editor.waitForLint('nested/ joined again');
    expect(editor.problemsOf('nested/a.journey')).not.toContain('3:unresolved-reference');
}, 30_000);

test('workspace folders added and removed while the server runs: their maps loaded or dropped, and the workspaces split again', async () => {
    const folder = tempTree({ 'common.journey': 'persona Ana "Ana" { goal "Acheter" }\n', 'sub/a.journey': usingPersona('Ana') });
    const other = tempTree({ 'b.journey': usingPersona('Ana') });
    const editor = await openEditor(folder, ['common.journey', 'sub/a.journey'], { workspace: { workspaceFolders: true } });
    expect(editor.problemsOf('sub/a.journey')).not.toContainEqual(expect.stringMatching(/unresolved-reference/));
    const change = (added: string[], removed: string[]) => editor.server.connection.sendNotification('workspace/didChangeWorkspaceFolders', {
        event: { added: added.map(path => ({ uri: pathToFileURL(path).toString(), name: path })), removed: removed.map(path => ({ uri: pathToFileURL(path).toString(), name: path })) }
    });
    const b = pathToFileURL(join(other, 'b.journey')).toString();
    const published = editor.server.diagnostics;
    // sub/ opened too is a workspace of its own (as `journey lint .` from it); another folder's maps are loaded and checked.
    await change([join(folder, 'sub'), other], []);
    await editor.server.waitForDiagnostics(() => editor.problemsOf('sub/a.journey').includes('3:unresolved-reference') && published.has(b), 'sub/ split off and b.journey loaded', WITHIN_MS);
    expect(editor.problemsOf('sub/a.journey')).toEqual((await lintProblems(join(folder, 'sub')))['a.journey']);
    expect(published.get(b)!.map(d => `${d.range.start.line + 1}:${d.code}`)).toEqual((await lintProblems(other))['b.journey']);
    // Closed again: sub/ joins the folder's workspace, and the other folder's maps leave the server (their problems cleared).
    await change([], [join(folder, 'sub'), other]);
    await editor.waitForLint('sub/ joined again');
    await editor.server.waitForDiagnostics(() => published.get(b)!.length === 0, 'b.journey dropped', WITHIN_MS);
    expect(editor.problemsOf('sub/a.journey')).not.toContain('3:unresolved-reference');
}, 30_000);

test('a map opened through a symbolic link is of its real folder\'s workspace, with its journey.config.json, as `journey lint` has it', async () => {
    const project = tempTree({
        'journey.config.json': '{ "rules": { "stage-empty": "error" } }',
        'common.journey': 'persona Ana "Ana" { goal "Acheter" }\n',
        'maps/a.journey': usingPersona('Ana').replace(/}\n$/, '  stage Vide "Vide" { goal "Rien" }\n}\n')
    });
    // Another project, whose config turns the rule off, holds a link to the first one's maps.
    const elsewhere = tempTree({ 'journey.config.json': '{ "rules": { "stage-empty": "off" } }', 'b.journey': usingPersona('Bo') });
    const link = join(elsewhere, 'link');
    symlinkSync(join(project, 'maps'), link, 'dir');
    const editor = await openEditor([project, elsewhere], ['common.journey', 'maps/a.journey']);
    const linked = pathToFileURL(join(link, 'a.journey')).toString();
    await editor.server.connection.sendNotification('textDocument/didOpen', {
        textDocument: { uri: linked, languageId: 'journey', version: 1, text: readFileSync(join(link, 'a.journey'), 'utf8') }
    });
    const published = editor.server.diagnostics;
    await editor.server.waitForDiagnostics(() => published.get(linked)?.some(d => d.code === 'stage-empty') ?? false, `the stage-empty problem of ${linked}`, WITHIN_MS);
    const severities = ['', 'error', 'warning', 'info', 'hint'];
    const problems = published.get(linked)!.map(d => `${d.range.start.line + 1}:${d.code}:${severities[d.severity!]}`);
    expect(problems).not.toContainEqual(expect.stringMatching(/unresolved-reference/));
    expect(problems).toContainEqual('5:stage-empty:error');
    const run = await journey(['lint', '--format', 'json', join(link, 'a.journey')], { cwd: elsewhere });
    const linted = (JSON.parse(run.stdout) as { messages: { line: number; ruleId: string; severity: string }[] }[])[0].messages;
    // The same file by its real path is in the editor's workspace too: read once, as lint does (no duplicate of itself).
    expect(problems.sort()).toEqual(linted.map(m => `${m.line}:${m.ruleId}:${m.severity}`).sort());
    // Its real path's document left meanwhile (its problems cleared), and comes back when the link's is closed.
    const real = editor.uriOf('maps/a.journey');
    expect(published.get(real)).toEqual([]);
    await editor.server.connection.sendNotification('textDocument/didClose', { textDocument: { uri: linked } });
    await editor.server.waitForDiagnostics(() => published.get(real)?.some(d => d.code === 'stage-empty') ?? false, 'maps/a.journey loaded again', WITHIN_MS);
}, 30_000);

test('a monorepo package linking a shared folder of its repository: a map opened through the link keeps the package\'s names and journey.config.json, as `journey lint` has it', async () => {
    const mono = tempTree({
        '.git/HEAD': 'ref: refs/heads/main\n',
        'packages/app/journey.config.json': '{ "rules": { "stage-empty": "error" } }',
        'packages/app/common.journey': 'persona Ana "Ana" { goal "Acheter" }\n',
        'library/journeys/x.journey': usingPersona('Ana').replace(/}\n$/, '  stage Vide "Vide" { goal "Rien" }\n}\n')
    });
    const app = join(mono, 'packages/app');
    symlinkSync('../../library/journeys', join(app, 'journeys'), 'dir');
    const editor = await openEditor(app, ['common.journey']);
    await editor.open('journeys/x.journey');
    const severities = ['', 'error', 'warning', 'info', 'hint'];
    const problemsOf = (file: string) => editor.server.diagnostics.get(editor.uriOf(file))?.map(d => `${d.range.start.line + 1}:${d.code}:${severities[d.severity!]}`).sort();
    const run = await journey(['lint', '--format', 'json', 'journeys/x.journey'], { cwd: app });
    expect(run.stderr).toBe('');
    const linted = (JSON.parse(run.stdout) as { messages: { line: number; ruleId: string; severity: string }[] }[])[0].messages.map(m => `${m.line}:${m.ruleId}:${m.severity}`).sort();
    expect(linted).toContain('5:stage-empty:error');
    await editor.server.waitForDiagnostics(() => JSON.stringify(problemsOf('journeys/x.journey')) === JSON.stringify(linted) && problemsOf('common.journey')?.length === 0,
        'x.journey as lint has it, Ana used', WITHIN_MS);
}, 30_000);

/** A map declaring journey `name` that uses the unknown persona Zed (a problem once checked). */
const namedMap = (name: string) => usingPersona('Zed').replace('journey A "A"', `journey ${name} "${name}"`);
/** `workspace/didChangeWorkspaceFolders` from the client. */
const folderChange = (server: StdioServer, added: readonly string[], removed: readonly string[]) => server.connection.sendNotification('workspace/didChangeWorkspaceFolders', {
    event: { added: added.map(path => ({ uri: pathToFileURL(path).toString(), name: path })), removed: removed.map(path => ({ uri: pathToFileURL(path).toString(), name: path })) }
});
/** The journeys the server knows whose name starts with `prefix` (its index: the maps it has loaded). */
async function journeysNamed(server: StdioServer, prefix: string): Promise<string[]> {
    const symbols = await server.connection.sendRequest<{ name: string }[] | null>('workspace/symbol', { query: prefix });
    return (symbols ?? []).map(symbol => symbol.name).filter(name => name.startsWith(prefix));
}
/** Once a folder opened last (`late`) shows its map's problems: the changes sent before it are done. */
async function afterLate(server: StdioServer): Promise<void> {
    const late = tempTree({ 'late.journey': namedMap('Tard') });
    const uri = pathToFileURL(join(late, 'late.journey')).toString();
    await folderChange(server, [late], []);
    await server.waitForDiagnostics(() => (server.diagnostics.get(uri)?.length ?? 0) > 0, 'the late folder\'s map checked', WITHIN_MS);
}
const noProblemsLeft = (server: StdioServer, uris: readonly string[]) =>
    server.waitForDiagnostics(() => uris.every(uri => (server.diagnostics.get(uri)?.length ?? 0) === 0), 'no problems left for the maps of the removed folder', WITHIN_MS);

test('a folder removed while the first workspace load runs: none of its maps stay loaded or keep problems', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 300; i++) files[`m${i}.journey`] = namedMap(`Grand${i}`);
    const big = tempTree(files);
    const main = tempTree({ 'a.journey': namedMap('Petit') });
    const server = startStdioServer();
    servers.push(server);
    await server.initialize([main, big], { workspace: { workspaceFolders: true } });
    await folderChange(server, [], [big]);
    await afterLate(server);
    expect(await journeysNamed(server, 'Grand')).toEqual([]);
    await noProblemsLeft(server, Object.keys(files).map(file => pathToFileURL(join(big, file)).toString()));
}, 60_000);

test('a folder added then removed at once: its maps leave again', async () => {
    const main = tempTree({ 'a.journey': namedMap('Petit') });
    const other = tempTree({ 'b.journey': namedMap('Passage') });
    const editor = await openEditor(main, ['a.journey'], { workspace: { workspaceFolders: true } });
    await folderChange(editor.server, [other], []);
    await folderChange(editor.server, [], [other]);
    await afterLate(editor.server);
    expect(await journeysNamed(editor.server, 'Passage')).toEqual([]);
    await noProblemsLeft(editor.server, [pathToFileURL(join(other, 'b.journey')).toString()]);
}, 30_000);

test('a map open in the editor when its folder is removed is kept until it is closed, then leaves', async () => {
    const main = tempTree({ 'a.journey': namedMap('Petit') });
    const other = tempTree({ 'b.journey': namedMap('Garde') });
    const editor = await openEditor([main, other], ['a.journey'], { workspace: { workspaceFolders: true } });
    const b = pathToFileURL(join(other, 'b.journey')).toString();
    await editor.server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: b, languageId: 'journey', version: 1, text: namedMap('Garde') } });
    await editor.server.waitForDiagnostics(() => (editor.server.diagnostics.get(b)?.length ?? 0) > 0, 'b.journey checked', WITHIN_MS);
    await folderChange(editor.server, [], [other]);
    await afterLate(editor.server);
    expect(await journeysNamed(editor.server, 'Garde')).toEqual(['Garde']);
    expect(editor.server.diagnostics.get(b)!.length).toBeGreaterThan(0);
    await editor.server.connection.sendNotification('textDocument/didClose', { textDocument: { uri: b } });
    await noProblemsLeft(editor.server, [b]);
    expect(await journeysNamed(editor.server, 'Garde')).toEqual([]);
}, 30_000);
