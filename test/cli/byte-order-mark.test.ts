// Maps saved with a UTF-8 byte order mark, through the real CLI: every position it reports is the
// one editors show (VS Code, Neovim and LSP documents do not count the mark as a column), and
// nothing of the file is lost (format writes the mark back).
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { LintResult } from '../../src/cli/formats/types.js';
import { pageSecret, startPreviewProcess, subscribe } from '../render-export/preview-server.js';
import { journey, tempTree } from './run-cli.js';

const BOM = '\uFEFF';
const ENGLISH = { LANG: 'en_US.UTF-8', LC_ALL: '', LC_MESSAGES: '', LANGUAGE: '' };

/** Maps with something reported on line 1: a persona no journey uses, a syntax error, a name declared twice, a misspelt channel. */
const MAPS: Record<string, string> = {
    'a-common.journey': 'persona Lonely "Lonely" { goal "g" }\nchannel Web "Web" digital\nteam Ops "Ops"\n',
    'b-syntax.journey': 'journey Slip @ "Slip" {\n}\n',
    'c-journey.journey': 'journey C "C" { stage S "S" { goal "g" touchpoint T { channel Wbe owner Ops emotion 0 } } }\n',
    'd-twice.journey': 'journey C "Again" {\n  stage S "S" { goal "g" touchpoint T { channel Web owner Ops emotion 0 } }\n}\n'
};

/** The maps each saved with a byte order mark. */
const withBom = (maps: Record<string, string>) => Object.fromEntries(Object.entries(maps).map(([name, text]) => [name, BOM + text]));

/** `journey lint` of `.` in `folder`, its absolute path taken out of the output. */
async function lint(folder: string, args: string[], env: NodeJS.ProcessEnv = {}) {
    const run = await journey(['lint', ...args, '.'], { cwd: folder, env: { ...ENGLISH, ...env } });
    return { ...run, stdout: run.stdout.split(folder).join('<folder>') };
}

const lints = new Map<string, ReturnType<typeof lint>>();
/** `journey lint -f format .` of MAPS, saved with the mark or not, in a folder of its own: once for this file per map set and format. */
function lintOfMaps(marked: boolean, format: string): ReturnType<typeof lint> {
    const key = `${marked} ${format}`;
    if (!lints.has(key)) lints.set(key, lint(tempTree(marked ? withBom(MAPS) : MAPS), ['-f', format]));
    return lints.get(key)!;
}

/** `file:line:column ruleId` of each message of lint's JSON. */
function positions(json: string): string[] {
    return (JSON.parse(json) as LintResult[]).flatMap(result =>
        result.messages.map(m => `${result.filePath.replace(/^.*\//, '')}:${m.line}:${m.column}-${m.endLine}:${m.endColumn} ${m.ruleId}`));
}

describe('lint: positions on line 1 of a map with a byte order mark are the editor\'s', () => {
    test('json: the columns editors show', async () => {
        const run = await lintOfMaps(true, 'json');
        expect(run.stderr).toBe('');
        expect(positions(run.stdout)).toEqual([
            'a-common.journey:1:9-1:15 persona-unused',
            'b-syntax.journey:1:14-1:15 syntax',
            'c-journey.journey:1:9-1:10 journey-no-persona',
            'c-journey.journey:1:63-1:66 unresolved-reference',
            'd-twice.journey:1:9-1:10 duplicate-name',
            'd-twice.journey:1:9-1:10 journey-no-persona'
        ]);
    });

    test.each(['stylish', 'json', 'sarif', 'github'])('%s: the same output as for the maps without the mark', async format => {
        const marked = await lintOfMaps(true, format);
        const plain = await lintOfMaps(false, format);
        expect(marked.stdout).toContain(format === 'github' ? 'line=1,col=14' : format === 'sarif' ? '"startColumn": 14' : '14');
        expect(marked).toEqual(plain);
    });

    test('on two threads (files dealt round-robin): the same JSON as on one thread without the mark', async () => {
        const marked = await lint(tempTree(withBom(MAPS)), ['-f', 'json', '--threads', '2'], { JOURNEY_LINT_DEAL: 'round-robin' });
        const plain = await lint(tempTree(MAPS), ['-f', 'json', '--threads', '1']);
        expect(marked.stderr).toBe('');
        expect(marked.stdout).toBe(plain.stdout);
        expect(positions(marked.stdout)).toContain('b-syntax.journey:1:14-1:15 syntax');
    });

    test('standard input with the mark, named or not', async () => {
        const folder = tempTree({});
        for (const args of [['-'], ['--stdin-filename', 'b-syntax.journey']]) {
            const run = await journey(['lint', '-f', 'json', ...args], { cwd: folder, input: BOM + MAPS['b-syntax.journey'], env: ENGLISH });
            expect(positions(run.stdout)).toEqual([expect.stringMatching(/:1:14-1:15 syntax$/)]);
        }
    });

    test('a map that is not UTF-8: its bad byte on line 1 at the editor\'s column, on one thread and on two', async () => {
        const folder = tempTree({ 'a.journey': 'team Ops "Ops"\n' });
        writeFileSync(join(folder, 'latin.journey'), Buffer.concat([Buffer.from(BOM), Buffer.from('team Caf\u00e9 "x"\n', 'latin1')]));
        for (const threads of ['1', '2']) {
            const run = await lint(folder, ['-f', 'json', '--threads', threads], { JOURNEY_LINT_DEAL: 'round-robin' });
            expect(positions(run.stdout)).toEqual(['latin.journey:1:9-1:10 syntax']);
        }
    });
});

describe('the commands that stop at a syntax error name the editor\'s column', () => {
    const folder = () => tempTree(withBom(MAPS));

    test.each([
        ['render', ['render', 'b-syntax.journey', '-o', 'out.svg']],
        ['export', ['export', 'b-syntax.journey', '-f', 'json']],
        ['compare', ['compare', 'b-syntax.journey', 'd-twice.journey']],
        ['diff of two files', ['diff', 'd-twice.journey', 'b-syntax.journey']]
    ])('%s', async (_command, args) => {
        const run = await journey(args, { cwd: folder(), env: ENGLISH });
        expect(run.code).toBe(1);
        expect(run.stderr).toMatch(new RegExp(`^journey ${args[0]}: b-syntax\\.journey:1:14: `));
    });

    test('render from standard input', async () => {
        const run = await journey(['render', '-', '-o', 'out.svg'], { cwd: tempTree({}), input: BOM + MAPS['b-syntax.journey'], env: ENGLISH });
        expect(run.stderr).toMatch(/^journey render: <stdin>:1:14: /);
    });

    test('diff: a map with the mark and a syntax error at the old revision', async () => {
        const root = folder();
        const git = (...args: string[]) => execFileSync('git', args, {
            cwd: root, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' }
        });
        git('init', '-q', '-b', 'main');
        git('add', '-A');
        git('commit', '-q', '-m', 'maps');
        writeFileSync(join(root, 'b-syntax.journey'), BOM + 'journey Slip "Slip" {\n}\n');
        const run = await journey(['diff', 'HEAD', '--', 'b-syntax.journey'], { cwd: root, env: ENGLISH });
        expect(run.code).toBe(1);
        expect(run.stderr).toMatch(/^journey diff: HEAD:b-syntax\.journey:1:14: /);
    });

    test('format, format --check and format --write', async () => {
        const root = folder();
        for (const mode of [[], ['--check'], ['--write']]) {
            const run = await journey(['format', ...mode, 'b-syntax.journey'], { cwd: root, env: ENGLISH });
            expect(run.code).toBe(2);
            expect(run.stderr).toMatch(/^b-syntax\.journey:1:14: cannot format: /);
        }
        expect(readFileSync(join(root, 'b-syntax.journey'), 'utf8')).toBe(BOM + MAPS['b-syntax.journey']);
    });

    test('format: a map that is not UTF-8, its bad byte on line 1', async () => {
        const root = tempTree({});
        writeFileSync(join(root, 'latin.journey'), Buffer.concat([Buffer.from(BOM), Buffer.from('team Caf\u00e9 "x"\n', 'latin1')]));
        const run = await journey(['format', 'latin.journey'], { cwd: root, env: ENGLISH });
        expect(run.stderr).toBe('latin.journey:1:9: cannot format: byte 0xE9 is not UTF-8 (save the file as UTF-8)\n');
    });
});

describe('preview: what the page shows and a click reveals', () => {
    test('the errors and the source ranges of a map with the mark are the editor\'s', async () => {
        const text = 'journey C "C" { stage S "S" { touchpoint T "T" { channel Wbe emotion 0 } } }\n';
        const preview = await startPreviewProcess({ 'map.journey': BOM + text }, 'map.journey');
        try {
            const sse = subscribe(`${preview.origin}/events?secret=${encodeURIComponent(await pageSecret(preview.origin))}`);
            await sse.until(1);
            const [{ errors, diagrams: [diagram] }] = sse.events;
            sse.close();
            expect(errors.map(e => `${e.line}:${e.column}`)).toEqual([`1:${text.indexOf('Wbe') + 1}`]);
            expect(diagram.range.start).toEqual({ line: 0, character: 0 });
            expect(diagram.stages[0].range.start).toEqual({ line: 0, character: text.indexOf('stage') });
        } finally {
            await preview.stop();
        }
    });
});

describe('nothing of a map with a byte order mark is lost', () => {
    const messy = 'team A "A"\njourney J "J" { stage S "S" { touchpoint T "T" { owner A } } }';
    const formatted = 'team A "A"\njourney J "J" {\n  stage S "S" {\n    touchpoint T "T" { owner A }\n  }\n}\n';

    test('format prints, checks and writes the mark as it was', async () => {
        const root = tempTree({ 'bom.journey': BOM + messy, 'done.journey': BOM + formatted, 'plain.journey': messy });
        expect((await journey(['format', 'bom.journey'], { cwd: root })).stdout).toBe(BOM + formatted);
        expect((await journey(['format', '-'], { cwd: root, input: BOM + messy })).stdout).toBe(BOM + formatted);
        expect((await journey(['format', 'plain.journey'], { cwd: root })).stdout).toBe(formatted);
        const check = await journey(['format', '--check', '.'], { cwd: root });
        expect([check.code, check.stdout]).toEqual([1, 'bom.journey\nplain.journey\n']);
        expect((await journey(['format', '--write', '.'], { cwd: root })).code).toBe(0);
        expect(readFileSync(join(root, 'bom.journey'), 'utf8')).toBe(BOM + formatted);
        expect(readFileSync(join(root, 'done.journey'), 'utf8')).toBe(BOM + formatted);
        expect(readFileSync(join(root, 'plain.journey'), 'utf8')).toBe(formatted);
    });

    test('export: the same model as without the mark', async () => {
        const text = 'persona Ana "Ana"\njourney J "J" { stage S "S" { touchpoint T "T" { personas Ana emotion 1 } } }\n';
        for (const format of ['json', 'csv']) {
            const marked = await journey(['export', 'map.journey', '-f', format], { cwd: tempTree({ 'map.journey': BOM + text }) });
            const plain = await journey(['export', 'map.journey', '-f', format], { cwd: tempTree({ 'map.journey': text }) });
            expect(marked.stderr).toBe('');
            expect(marked.stdout).toBe(plain.stdout);
        }
    });
});
