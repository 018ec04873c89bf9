// A real third-party LSP client: Neovim's built-in client (Debian's nvim 0.7, installed by
// .ci/run when missing) drives `journey lsp --stdio` (the bundle in out/) over a writable
// copy of the examples, headless, through neovim-session.lua. The session uses
// Neovim's own commands and handlers (definition jumps, rename and quick fixes applied to
// the buffers, the hover float, the quickfix list, formatting_sync) and writes what came
// of them as JSON; these tests check that JSON and the files left on disk.
// Skipped only when `nvim` is not on PATH. About 2 s (5 s at a load of 11 on 2 cores); every
// wait in the session waits on a condition, each capped (5 s; 10 s for initialize, the first diagnostics
// and the rebuild after :wall: more than the whole session takes on a loaded machine) and all
// within the session's budget (JOURNEY_BUDGET_MS, 45 s); a wait that runs out is recorded in
// `errors`, and the nvim process is killed after 60 s.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { EXAMPLES, marks, REPO } from '../examples.js';

const hasNeovim = spawnSync('nvim', ['--version'], { timeout: 30_000 }).status === 0;

interface Diagnostic { line: number; code: string; severity: number; message: string; text?: string }
interface Session {
    nvim: string;
    errors: string[];
    notifications: { message: string; level: number }[];
    messages: string[];
    serverMessages: { method: string; text?: string }[];
    logPath: string;
    server: { offsetEncoding: string; providers: string[]; textDocumentSync: { change: number } };
    published: Record<string, { line: number; code: string; severity: number }[]>;
    diagnostics: Diagnostic[];
    codeActions: { title: string; kind?: string }[];
    fixedLine: string;
    createActions: string[];
    created: string[];
    createdAfter: string;
    errorsAfterCreate: string[];
    completion: { word: string; kind: string }[];
    completionFiltering: { isIncomplete: boolean; filtered: string[]; fresh: string[]; freshIsIncomplete: boolean };
    blankLineCompletion: { labels: string[]; snippets: string[] };
    emotionDash: { words: string[]; starts: number[]; dash: number };
    definition: { file: string; line: string; word: string; column: number };
    definitionNonAscii: { line: string; word: string; column: number };
    commonAttached: boolean;
    hover?: string;
    references: string[];
    incrementalSync: { hover?: string; kiosqueDetail?: string; formattingEdits: number; errors: number };
    formatting: { restored: boolean; differing: unknown[]; editsOnCanonical: number };
    symbols: (string | Record<string, unknown>)[];
    workspaceSymbols: string[];
    rename: {
        before: { media: number; common: number };
        media: Record<string, number>;
        common: Record<string, number> & { declaration: string };
        modified: { media: boolean; common: boolean };
        afterSave: { unresolved: boolean; hover?: string };
    };
    renameKeyword: { notification?: string; unchanged: boolean };
    watchedFiles: { unresolvedBefore: boolean; unresolvedAfter: boolean };
    afterClose: { edited: boolean; republished: boolean; errors: string[] };
    exit?: { code: number; signal: number };
    totalMs: number;
}

const ERROR = 1;
const WARNING = 2;

describe.skipIf(!hasNeovim)(hasNeovim
    ? 'Neovim\'s LSP client drives journey lsp --stdio on the examples'
    : 'Neovim\'s LSP client (skipped: `nvim` is not on PATH; .ci/run installs Debian\'s neovim)', () => {
    const base = mkdtempSync(join(tmpdir(), 'journey-neovim-'));
    const maps = join(base, 'maps');
    const home = join(base, 'home');
    const brokenText = readFileSync(join(EXAMPLES, 'invalid/broken-references.journey'), 'utf8');
    const mediaLines = readFileSync(join(EXAMPLES, 'media-subscription.journey'), 'utf8').split(/\r?\n/);
    const commonLines = readFileSync(join(EXAMPLES, 'common.journey'), 'utf8').split(/\r?\n/);
    let session: Session;
    let log = '';

    beforeAll(() => {
        mkdirSync(maps);
        mkdirSync(home);
        for (const [from, to] of [['common.journey', 'common.journey'], ['media-subscription.journey', 'media-subscription.journey'],
            ['invalid/broken-references.journey', 'broken-references.journey']]) {
            copyFileSync(join(EXAMPLES, from), join(maps, to));
            chmodSync(join(maps, to), 0o644); // the examples may be read-only; the session saves
        }
        const output = join(base, 'result.json');
        const run = () => execFileSync('nvim', ['--headless', '-u', 'NONE', '-i', 'NONE', '-n',
            '-c', `luafile ${join(import.meta.dirname, 'neovim-session.lua')}`], {
            cwd: maps, timeout: 60_000, killSignal: 'SIGKILL', stdio: 'pipe',
            env: {
                ...process.env, JOURNEY_WORKSPACE: maps, JOURNEY_BIN: join(REPO, 'bin/journey.js'), JOURNEY_RESULT: output,
                JOURNEY_BUDGET_MS: '45000',
                XDG_CACHE_HOME: join(home, 'cache'), XDG_CONFIG_HOME: join(home, 'config'),
                XDG_DATA_HOME: join(home, 'data'), XDG_STATE_HOME: join(home, 'state')
            }
        });
        try {
            run();
        } catch (error) {
            const failure = error as { message: string; stdout?: Buffer; stderr?: Buffer };
            throw new Error(`nvim failed: ${failure.message}\n${failure.stdout?.toString() ?? ''}${failure.stderr?.toString() ?? ''}`);
        }
        if (!existsSync(output)) throw new Error('nvim ended without writing the session result');
        session = JSON.parse(readFileSync(output, 'utf8')) as Session;
        if (existsSync(session.logPath)) log = readFileSync(session.logPath, 'utf8');
    }, 75_000);

    afterAll(() => rmSync(base, { recursive: true, force: true }));

    test('every step ends well: no failure, no Neovim error, nothing on the server\'s stderr, a clean exit', () => {
        expect(session.nvim).toMatch(/^0\.\d+\.\d+$/);
        expect(session.errors).toEqual([]);
        expect(session.messages).toEqual([]);
        expect(session.notifications.filter(n => n.level >= 3)).toEqual([]);
        // Neovim logs each chunk of the server's stderr (and its own protocol errors) in lsp.log.
        expect(log.split('\n').filter(line => /stderr|\[ERROR\]/.test(line))).toEqual([]);
        expect(session.exit).toEqual({ code: 0, signal: 0 });
    });

    test('the server asks nothing Neovim 0.7 did not offer (no dynamic registration, no workspace/configuration)', () => {
        expect(session.server.offsetEncoding).toBe('utf-16');
        expect(session.server.textDocumentSync.change).toBe(2);
        expect(session.serverMessages.map(m => m.method)).not.toContain('client/registerCapability');
        expect(session.serverMessages.map(m => m.method)).not.toContain('workspace/configuration');
    });

    test('diagnostics carry the rule id as code: each marked line of the invalid example gets its rule', () => {
        const got = session.diagnostics.map(d => `${d.line}:${d.code}`);
        for (const mark of marks(brokenText)) expect(got).toContain(`${mark.line}:${mark.ruleId}`);
        const marked = new Set(marks(brokenText).filter(mark => mark.severity === 'error').map(mark => mark.line));
        expect(session.diagnostics.filter(d => d.severity === ERROR && !marked.has(d.line))).toEqual([]);
        for (const d of session.diagnostics) expect(typeof d.code).toBe('string');
    });

    test('diagnostic ranges land on the name, in Neovim\'s byte columns (UTF-16 from the server, converted)', () => {
        const at = (line: number, code: string) => session.diagnostics.find(d => d.line === line && d.code === code)?.text;
        expect(at(5, 'persona-unused')).toBe('Fantôme');
        expect(at(13, 'unresolved-reference')).toBe('Webb');
        expect(at(14, 'unresolved-reference')).toBe('Bob');
        expect(at(15, 'emotion-range')).toBe('7');
    });

    test('files never opened get diagnostics too: common.journey none, media-subscription.journey no error or warning', () => {
        expect(session.published['common.journey']).toEqual([]);
        expect(session.published['media-subscription.journey'].filter(d => d.severity <= WARNING)).toEqual([]);
    });

    test('quick fix through vim.lsp.buf.code_action(): did-you-mean applied to the buffer, the diagnostic goes', () => {
        expect(session.codeActions).toEqual([
            { title: "Change to 'Web'", kind: 'quickfix' },
            { title: "Create channel 'Webb'", kind: 'quickfix' }
        ]);
        expect(session.fixedLine).toMatch(/^channel Web\s/);
    });

    test('quick fix that creates the missing touchpoint: inserted in its stage, nothing else breaks', () => {
        expect(session.createActions).toEqual(["Create touchpoint 'Nulle' in stage 'Achat'"]);
        expect(session.created).toHaveLength(1);
        expect(session.created[0]).toMatch(/^ {4}touchpoint Nulle\b/);
        expect(session.createdAfter).toBe('}');
        // The remaining errors are the marked ones (Bob not declared yet), one line lower.
        expect(session.errorsAfterCreate).toEqual(['4:duplicate-name', '14:unresolved-reference', '15:emotion-range', '25:unresolved-reference']);
    });

    test('completion after a typed `personas ` (incremental change) lists the personas only', () => {
        expect(session.completion.map(item => item.word).sort()).toEqual(['Abonné', 'Lectrice']);
    });

    test('the personas\' list is said complete, and Neovim\'s own filtering of it as `Le` is typed gives what the server gives', () => {
        expect(session.completionFiltering).toEqual({ isIncomplete: false, filtered: ['Lectrice'], fresh: ['Lectrice'], freshIsIncomplete: false });
    });

    test('asked again after `emotion -`, the negative values, each replacing the `-`', () => {
        const { words, starts, dash } = session.emotionDash;
        expect(words).toEqual(['-2', '-1']);
        expect(starts).toEqual([dash, dash]);
    });

    test('completion on a blank line of a journey: keywords, and no snippet to a client without snippetSupport', () => {
        expect(session.blankLineCompletion.labels).toEqual(expect.arrayContaining(['stage', 'persona', 'channel', 'metric']));
        expect(session.blankLineCompletion.snippets).toEqual([]);
    });

    test('vim.lsp.buf.definition() jumps to the persona in the other file, on its name', () => {
        expect(session.definition).toEqual({ file: 'common.journey', line: expect.stringMatching(/^persona Lectrice /) as string, word: 'Lectrice', column: 8 });
        expect(session.commonAttached).toBe(true);
    });

    test('definition from a cursor after a non-ASCII letter lands on the name start', () => {
        expect(session.definitionNonAscii).toEqual({ line: expect.stringMatching(/^channel Réseaux /) as string, word: 'Réseaux', column: 8 });
    });

    test('vim.lsp.buf.hover() opens a float with the persona\'s card', () => {
        expect(session.hover).toContain('**Persona** `Lectrice`');
        expect(session.hover).toContain("S'informer rapidement sur son trajet du matin");
    });

    test('vim.lsp.buf.references() fills the quickfix list with the declaration and every use', () => {
        const column = (line: string, word: string) => line.search(new RegExp(`\\b${word}\\b`)) + 1;
        const expected = [
            ...commonLines.flatMap((line, index) => /^persona Lectrice\b/.test(line) ? [`common.journey:${index + 1}:${column(line, 'Lectrice')}`] : []),
            ...mediaLines.flatMap((line, index) => /^\s*personas .*\bLectrice\b/.test(line) ? [`media-subscription.journey:${index + 1}:${column(line, 'Lectrice')}`] : [])
        ];
        expect(expected.length).toBeGreaterThan(2);
        expect(session.references).toEqual(expected);
    });

    test('edits inside lines with non-ASCII letters keep the server\'s text equal to the buffer', () => {
        expect(session.incrementalSync).toEqual({
            hover: expect.stringContaining('**Channel** `Email`') as string,
            kiosqueDetail: 'Très Une en kiosque',
            formattingEdits: 0,
            errors: 0
        });
    });

    test('vim.lsp.buf.formatting_sync() restores a mangled map exactly; nothing to do on a canonical one', () => {
        expect(session.formatting).toEqual({ restored: true, differing: [], editsOnCanonical: 0 });
    });

    test('document symbols: the journey, its stages in order, their touchpoints', () => {
        const stages = mediaLines.flatMap(line => /^\s*stage (\S+)/.exec(line)?.[1] ?? []);
        const touchpoints = mediaLines.flatMap(line => /^\s*touchpoint (\S+)/.exec(line)?.[1] ?? []);
        expect(session.symbols).toHaveLength(1);
        const journey = session.symbols[0] as Record<string, (string | Record<string, string[]>)[]>;
        expect(Object.keys(journey)).toEqual(['AbonnementMédia']);
        const children = journey['AbonnementMédia'].filter((child): child is Record<string, string[]> => typeof child === 'object');
        expect(children.map(child => Object.keys(child)[0])).toEqual(stages);
        expect(children.flatMap(child => Object.values(child)[0])).toEqual(touchpoints);
    });

    test('workspace symbols find a persona of another file', () => {
        expect(session.workspaceSymbols).toContain('Lectrice@common.journey');
    });

    test('vim.lsp.buf.rename() across two files: both buffers edited, strings untouched, saved, consistent', () => {
        const { rename } = session;
        expect(rename.before.media).toBeGreaterThan(1);
        expect(rename.media).toEqual({ 'Abonné': 0, 'Fidèle': rename.before.media });
        expect(rename.common.declaration).toBe('persona Fidèle "Paul, abonné fidèle" {');
        expect(rename.common['Fidèle']).toBe(1);
        expect(rename.common['Abonné']).toBe(rename.before.common - 1); // "Abonnés papier + numérique" stays
        expect(rename.modified).toEqual({ media: true, common: true });
        expect(rename.afterSave.unresolved).toBe(false);
        expect(rename.afterSave.hover).toMatch(/^\*\*Persona\*\* `Fidèle`/);
        // :wall wrote both files.
        expect(readFileSync(join(maps, 'common.journey'), 'utf8')).toContain('persona Fidèle "Paul, abonné fidèle" {');
        expect(readFileSync(join(maps, 'media-subscription.journey'), 'utf8')).not.toContain('Abonné');
    });

    test('rename on a keyword is refused by prepareRename: "nothing to rename", no edit', () => {
        expect(session.renameKeyword).toEqual({ notification: 'nothing to rename', unchanged: true });
    });

    test('a map written on disk, never opened, is picked up (Neovim 0.7 has no file watching)', () => {
        expect(session.watchedFiles).toEqual({ unresolvedBefore: true, unresolvedAfter: false });
    });

    test('after :bwipeout! of an unsaved buffer (didClose) the server goes back to the file on disk', () => {
        expect(session.afterClose.edited).toBe(true);
        expect(session.afterClose.republished).toBe(true);
        // The file's truth: what the CLI reads on disk, in the same workspace.
        const lint = spawnSync(process.execPath, [join(REPO, 'bin/journey.js'), 'lint', '--format', 'json', maps], { encoding: 'utf8' });
        const onDisk = (JSON.parse(lint.stdout) as { filePath: string; messages: { line: number; ruleId: string; severity: string }[] }[])
            .find(file => file.filePath.endsWith('broken-references.journey'))!.messages
            .filter(message => message.severity === 'error').map(message => `${message.line}:${message.ruleId}`);
        expect(onDisk.length).toBeGreaterThan(0);
        expect(session.afterClose.errors).toEqual(onDisk);
    });
});
