// How every command finds the workspace of the files it is given, and which files it reads:
// the real CLI on temporary folders.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { cleanMap, EXAMPLES, journey, REPO, startPreview, tempTree } from './run-cli.js';

interface JsonResult { filePath: string; messages: { ruleId: string; severity: string; line: number }[]; errorCount: number }
const parseJson = (text: string) => JSON.parse(text) as JsonResult[];

const SHARED = 'persona Ana "Ana" { goal "Acheter" }\nchannel Web "Web" digital\nteam Vente "Vente"\n';
/** A map that uses Ana, Web and Vente without declaring them. */
const USING = cleanMap().replace(/  persona Ana.*\n  channel Web.*\n  team Vente.*\n/, '');

/** examples/ copied into a fresh folder that is no git repository and has no config. */
const examplesCopy = mkdtempSync(join(tmpdir(), 'journey-examples-'));
// Without their journey.config.json (examples/ says "fr", examples/en/ "en"): the copy is one workspace, in English.
cpSync(EXAMPLES, examplesCopy, { recursive: true, filter: source => !source.includes('invalid') && basename(source) !== 'journey.config.json' });
afterAll(() => rmSync(examplesCopy, { recursive: true, force: true }));

describe('lint: one file, its whole workspace', () => {
    test('maps/media-subscription.journey with common.journey beside it: no false unresolved reference, only that file reported', async () => {
        const run = await journey(['lint', '--format', 'json', 'media-subscription.journey'], { cwd: examplesCopy });
        expect(run.stderr).toBe('');
        const results = parseJson(run.stdout);
        expect(results.map(r => r.filePath)).toEqual([join(examplesCopy, 'media-subscription.journey')]);
        expect(results[0].messages.filter(m => m.ruleId === 'unresolved-reference')).toEqual([]);
        expect(run.code).toBe(0);
    });

    test('the same through standard input with --stdin-filename (and reported under that name)', async () => {
        const input = readFileSync(join(examplesCopy, 'media-subscription.journey'), 'utf8');
        const run = await journey(['lint', '--format', 'json', '--stdin-filename', 'media-subscription.journey', '-'], { cwd: examplesCopy, input });
        const results = parseJson(run.stdout);
        expect(results.map(r => r.filePath)).toEqual([join(examplesCopy, 'media-subscription.journey')]);
        expect(results[0].messages.filter(m => m.ruleId === 'unresolved-reference')).toEqual([]);
        expect(run.code).toBe(0);
        // --stdin-filename alone reads standard input too.
        const alone = await journey(['lint', '--format', 'json', '--stdin-filename', 'media-subscription.journey'], { cwd: examplesCopy, input });
        expect(alone.code).toBe(0);
    });

    test('standard input named as a file also given (by name, folder or glob) stands for that file: it is read once, from standard input', async () => {
        const dir = tempTree({ 'journey.config.json': '{}\n', 'ok.journey': 'journey Disque "Sur le disque" { stage S { touchpoint T } }\n' });
        const piped = 'journey Entree "Depuis stdin" { stage S { touchpoint T } }\n';
        for (const given of [['-', 'ok.journey'], ['ok.journey'], ['-', '.'], ['-', '*.journey'], ['-', './ok.journey']]) {
            const lint = await journey(['lint', '-f', 'json', '--stdin-filename', 'ok.journey', ...given], { cwd: dir, input: piped });
            expect(lint.stderr, given.join(' ')).toBe('');
            expect(parseJson(lint.stdout).map(r => r.filePath)).toEqual([join(dir, 'ok.journey')]);
            const exported = await journey(['export', '-f', 'json', '--stdin-filename', 'ok.journey', ...given], { cwd: dir, input: piped });
            expect(exported.stderr, given.join(' ')).toBe('');
            expect(JSON.parse(exported.stdout).journeys.map((j: { label: string }) => j.label)).toEqual(['Depuis stdin']);
        }
        const rendered = await journey(['render', '--stdin-filename', 'ok.journey', '-', 'ok.journey'], { cwd: dir, input: piped });
        expect(rendered.stderr).toBe('');
        expect(rendered.stdout).toContain('Depuis stdin');
        expect(rendered.stdout).not.toContain('Sur le disque');
        const formatted = await journey(['format', '--stdin-filename', 'ok.journey', '-', 'ok.journey'], { cwd: dir, input: piped });
        expect(formatted.stderr).toBe('');
        expect(formatted.stdout).toBe('journey Entree "Depuis stdin" {\n  stage S { touchpoint T }\n}\n');
        expect(readFileSync(join(dir, 'ok.journey'), 'utf8')).toContain('Sur le disque');
    });

    test('the root is the nearest folder up with journey.config.json: names from above the file resolve, a folder beside it is not read', async () => {
        const root = tempTree({
            'team/journey.config.json': '{ "rules": {} }',
            'team/shared.journey': SHARED,
            'team/maps/deep/map.journey': USING,
            'other/shared.journey': 'persona Zoe "Zoe" { goal "x" }\n'
        });
        const run = await journey(['lint', '--format', 'json', 'maps/deep/map.journey'], { cwd: join(root, 'team') });
        expect(run.code).toBe(0);
        expect(parseJson(run.stdout).map(r => r.filePath)).toEqual([join(root, 'team/maps/deep/map.journey')]);
    });

    test('else the git root; --workspace DIR says it', async () => {
        const root = tempTree({ '.git/HEAD': 'ref: refs/heads/main\n', 'shared/common.journey': SHARED, 'maps/map.journey': USING });
        const inRepo = await journey(['lint', '--format', 'json', 'map.journey'], { cwd: join(root, 'maps') });
        expect(inRepo.code).toBe(0);
        // Neither: the current folder (maps/), which lib/ is not under.
        const elsewhere = tempTree({ 'maps/map.journey': USING, 'lib/common.journey': SHARED });
        const alone = await journey(['lint', '--format', 'json', 'map.journey'], { cwd: join(elsewhere, 'maps') });
        expect(parseJson(alone.stdout)[0].messages.filter(m => m.ruleId === 'unresolved-reference').map(m => m.line)).toEqual([6, 7, 9]);
        const told = await journey(['lint', '--format', 'json', '--workspace', '..', 'map.journey'], { cwd: join(elsewhere, 'maps') });
        expect(told.code).toBe(0);
        expect(parseJson(told.stdout).map(r => r.filePath)).toEqual([join(elsewhere, 'maps/map.journey')]);
        const missing = await journey(['lint', '--workspace', 'nowhere', 'maps/map.journey'], { cwd: elsewhere });
        expect(missing.code).toBe(2);
        expect(missing.stderr).toContain("--workspace: no such folder: 'nowhere'");
    });

    test('cross-file rules stay right for the one file given: persona-unused sees every use, duplicate-name sees every file', async () => {
        const root = tempTree({
            'journey.config.json': '{ "rules": {} }',
            'common.journey': SHARED + 'persona Lou "Lou" { goal "x" }\n',
            'maps/map.journey': USING
        });
        const common = parseJson((await journey(['lint', '--format', 'json', 'common.journey'], { cwd: root })).stdout)[0];
        expect(common.messages.filter(m => m.ruleId === 'persona-unused').map(m => m.line)).toEqual([4]);
        writeFileSync(join(root, 'maps/dup.journey'), 'team Vente "Ventes"\n');
        const dup = await journey(['lint', '--format', 'json', 'maps/dup.journey'], { cwd: root });
        expect(dup.code).toBe(1);
        expect(parseJson(dup.stdout)[0].messages.map(m => m.ruleId)).toContain('duplicate-name');
    });

    test('a name declared twice: the file given alone finds the same first declaration as a lint of the whole workspace', async () => {
        // References find the first declaration in path order (the one duplicate-name calls first), however few files are given.
        const root = tempTree({
            'a-common.journey': 'persona Used "Used" { goal "g" }\n',
            'm-duplicate.journey': 'persona Used "Again" { goal "g" }\n',
            'z-uses.journey': 'journey Z "Z" {\n  stage S "S" { goal "g"\n    touchpoint T { personas Used emotion 1 }\n  }\n}\n'
        });
        const whole = parseJson((await journey(['lint', '--format', 'json', '--threads', '1', '.'], { cwd: root })).stdout);
        for (const file of ['a-common.journey', 'm-duplicate.journey']) {
            const alone = parseJson((await journey(['lint', '--format', 'json', '--threads', '1', file], { cwd: root })).stdout);
            expect(alone).toEqual(whole.filter(result => result.filePath === join(root, file)));
        }
        expect(whole.flatMap(result => result.messages.map(m => m.ruleId))).not.toContain('persona-unused');
    });
});

describe('files like every other tool', () => {
    const tree = () => tempTree({
        '.git/HEAD': 'ref: refs/heads/main\n',
        '.gitignore': 'generated/\n',
        'maps/.journeyignore': 'draft-*.journey\n',
        'maps/a.journey': cleanMap(),
        'maps/draft-b.journey': 'journey {',
        'maps/.hidden.journey': 'journey {',
        'maps/[x]/c.journey': cleanMap().replace('Essai', 'C'),
        'generated/g.journey': 'journey {',
        'build/ok.journey': cleanMap().replace('Essai', 'Built'),
        'build/.cache/bad.journey': 'journey {'
    });
    const linted = async (args: string[], cwd: string) => {
        const run = await journey(['lint', '--format', 'json', ...args], { cwd });
        return { code: run.code, stderr: run.stderr, files: run.stdout ? parseJson(run.stdout).map(r => r.filePath.slice(cwd.length + 1)) : [] };
    };

    test('a folder walk honours .gitignore and .journeyignore and skips dotfiles', async () => {
        const root = tree();
        expect(await linted([], root)).toEqual({ code: 0, stderr: '', files: ['build/ok.journey', 'maps/[x]/c.journey', 'maps/a.journey'] });
        expect((await linted(['maps'], root)).files).toEqual(['maps/[x]/c.journey', 'maps/a.journey']);
    });

    test("globs: dotfiles only when named, 'build/**' does not enter .cache, \\[ escapes, ignore files apply", async () => {
        const root = tree();
        expect((await linted(['build/**'], root)).files).toEqual(['build/ok.journey']);
        expect((await linted(['maps/*.journey'], root)).files).toEqual(['maps/a.journey']);
        expect((await linted(['maps/\\[x\\]/*.journey'], root)).files).toEqual(['maps/[x]/c.journey']);
        const named = await linted(['maps/.hidden.journey'], root);
        expect(named.code).toBe(1);
        expect(named.files).toEqual(['maps/.hidden.journey']);
    });

    test('a file named on the command line is read as a map whatever its extension (a backup, no extension): no internal error', async () => {
        const dir = tempTree({ 'map.journey.bak': cleanMap(), 'notes.txt': 'journey J { stage S { touchpoint T { persona A } } }\n' });
        for (const command of [['lint'], ['render', '-f', 'svg'], ['export', '-f', 'json'], ['format', '--check']]) {
            const run = await journey([...command, 'map.journey.bak'], { cwd: dir });
            expect(run.stderr, command.join(' ')).not.toMatch(/internal error|service registry/i);
            expect(run.code, `${command.join(' ')}: ${run.stderr}`).toBe(0);
        }
        const bad = await journey(['lint', 'notes.txt'], { cwd: dir });
        expect(bad.code).toBe(1);
        expect(bad.stdout).toContain("did you mean 'personas'");
        // No extension at all (as /dev/stdin has none).
        writeFileSync(join(dir, 'MAP'), cleanMap());
        const bare = await journey(['render', 'MAP'], { cwd: dir });
        expect(bare.stderr).not.toMatch(/internal error/i);
        expect(bare.stdout).toContain('<svg');
    });

    test('--ignore-pattern (repeatable) and --no-error-on-unmatched-pattern', async () => {
        const root = tree();
        expect((await linted(['--ignore-pattern', 'build/', '--ignore-pattern', '**/c.journey'], root)).files).toEqual(['maps/a.journey']);
        const unmatched = await linted(['maps/a.journey', 'nothing/**/*.journey'], root);
        expect(unmatched.code).toBe(2);
        expect(unmatched.stderr).toContain("no .journey files match the pattern 'nothing/**/*.journey'");
        expect(await linted(['--no-error-on-unmatched-pattern', 'maps/a.journey', 'nothing/**/*.journey'], root))
            .toEqual({ code: 0, stderr: '', files: ['maps/a.journey'] });
    });

    test('--ignore-pattern matches files as they are found: through a symbolic link to the current folder, `./x`, `x//`, case as the file system and git', async () => {
        const root = tree();
        const link = join(tempTree({}), 'link');
        symlinkSync(root, link, 'dir');
        // Spawned in the link as a shell there would be: process.cwd() is the real folder, the paths given go through the link.
        const throughLink = async (args: string[]) => {
            const run = await journey(['lint', '--format', 'json', ...args], { cwd: link, env: { PWD: link } });
            return run.stdout ? parseJson(run.stdout).map(r => r.filePath.slice(link.length + 1)) : [run.stderr];
        };
        expect(await throughLink(['--ignore-pattern', 'build/', link])).toEqual(['maps/[x]/c.journey', 'maps/a.journey']);
        expect(await throughLink(['--ignore-pattern', 'maps/a.journey', join(link, 'maps/**/*.journey'), join(link, 'build')])).toEqual(['build/ok.journey', 'maps/[x]/c.journey']);
        for (const pattern of ['./build', './build/', 'build//', './build/**']) {
            expect((await linted(['--ignore-pattern', pattern], root)).files, pattern).toEqual(['maps/[x]/c.journey', 'maps/a.journey']);
        }
        expect((await linted(['--ignore-pattern', '!./build/ok.journey', '--ignore-pattern', './maps'], root)).files).toEqual(['build/ok.journey']);
        // Found case-sensitively (a glob `MAPS/*` finds nothing on Linux), ignored case-sensitively too, as git does there.
        if (process.platform === 'linux') {
            expect((await linted(['--ignore-pattern', 'MAPS/'], root)).files).toEqual(['build/ok.journey', 'maps/[x]/c.journey', 'maps/a.journey']);
            writeFileSync(join(root, 'maps/.journeyignore'), 'DRAFT-*.journey\n');
            expect((await linted(['maps'], root)).files).toContain('maps/draft-b.journey');
        }
    });

    test('format finds files the same way and takes --ignore-pattern', async () => {
        const root = tempTree({ 'a.journey': 'team   T "T"\n', '.hidden/b.journey': 'team   U "U"\n', 'skip/c.journey': 'team   V "V"\n' });
        const run = await journey(['format', '--check', '--ignore-pattern', 'skip/', '.'], { cwd: root });
        expect(run.stdout).toBe('a.journey\n');
        expect(run.code).toBe(1);
        const unknown = await journey(['format', '--loud', '.'], { cwd: root });
        expect(unknown.code).toBe(2);
    });
});

describe('journey.config.json that cannot be used', () => {
    test('the nearest one, broken: exit 2 at its own file, line and column (not a syntax error in every map)', async () => {
        const root = tempTree({ 'journey.config.json': '{\n  "rules": { "stage-empty": "loud" }\n}\n', 'maps/a.journey': cleanMap(), 'maps/b.journey': cleanMap().replace('Essai', 'B') });
        const run = await journey(['lint', 'maps'], { cwd: root });
        expect(run.code).toBe(2);
        expect(run.stdout).toBe('');
        expect(run.stderr).toMatch(/^journey lint: invalid config file journey\.config\.json:2:29: rule "stage-empty": severity must be/);
        const render = await journey(['render', 'maps/a.journey'], { cwd: root });
        expect(render.code).toBe(2);
        expect(render.stderr).toContain('journey.config.json:2:29');
    });

    test('linked to /dev/zero: refused at once, not read forever', async () => {
        const root = tempTree({ 'map.journey': cleanMap() });
        symlinkSync('/dev/zero', join(root, 'journey.config.json'));
        const run = await journey(['lint', 'map.journey'], { cwd: root });
        expect(run.code).toBe(2);
        expect(run.stderr).toContain('journey.config.json:1:1: not a regular file');
    }, 20_000);

    test('5,000 levels deep: a clear config error, no stack overflow', async () => {
        const deep = '{ "rules": ' + '['.repeat(5000) + ']'.repeat(5000) + ' }';
        const root = tempTree({ 'journey.config.json': deep, 'map.journey': cleanMap() });
        const run = await journey(['lint', 'map.journey'], { cwd: root });
        expect(run.code).toBe(2);
        expect(run.stderr).toMatch(/journey\.config\.json:1:\d+: nested more than \d+ levels deep/);
        expect(run.stderr).not.toContain('internal');
    });

    test('a UTF-8 byte order mark is accepted', async () => {
        const root = tempTree({ 'journey.config.json': '\uFEFF{ "rules": { "stage-empty": "error" } }', 'map.journey': cleanMap('  stage Vide "Vide" { goal "Rien" }\n') });
        const run = await journey(['lint', '--format', 'json', 'map.journey'], { cwd: root });
        expect(run.stderr).toBe('');
        expect(parseJson(run.stdout)[0].messages).toContainEqual(expect.objectContaining({ ruleId: 'stage-empty', severity: 'error' }));
    });
});

describe('render and export: several inputs, output format from -o', () => {
    test("render -o x.png writes PNG, .html HTML, .svg SVG", async () => {
        for (const [out, start] of [['x.png', '\x89PNG'], ['x.html', '<!DOCTYPE html>'], ['x.svg', '<?xml']] as const) {
            const run = await journey(['render', 'media-subscription.journey', '-o', out], { cwd: examplesCopy });
            expect(run.code, out).toBe(0);
            expect(readFileSync(join(examplesCopy, out), 'latin1').startsWith(start), out).toBe(true);
        }
    });

    test('export -o t.csv writes CSV; .md, .json, .mmd too, without -f', async () => {
        const expected = { 't.csv': /^journey,stage,touchpoint/, 't.md': /^# /, 't.json': /^\{\n {2}"schemaVersion": 1/, 't.mmd': /^journey\n/ };
        for (const [out, pattern] of Object.entries(expected)) {
            const run = await journey(['export', 'media-subscription.journey', '-o', out], { cwd: examplesCopy });
            expect(run.code, `${out}: ${run.stderr}`).toBe(0);
            expect(readFileSync(join(examplesCopy, out), 'utf8'), out).toMatch(pattern);
        }
        const none = await journey(['export', 'media-subscription.journey', '-o', 't.txt'], { cwd: examplesCopy });
        expect(none.code).toBe(2);
        expect(none.stderr).toContain("cannot write a .txt file: -o's extension names the format");
    });

    test('render takes files, folders and globs, and skips files that hold no journey', async () => {
        const out = mkdtempSync(join(tmpdir(), 'journey-rendered-'));
        try {
            const run = await journey(['render', '.', '-f', 'svg', '-o', out + '/'], { cwd: examplesCopy });
            expect(run.code, run.stderr).toBe(0);
            expect(run.stderr).toContain('common.journey: no journey to render, skipped');
            expect(readdirSync(out).length).toBeGreaterThanOrEqual(3);
            const alone = await journey(['render', 'common.journey', '-o', out + '/'], { cwd: examplesCopy });
            expect(alone.code).toBe(0);
        } finally {
            rmSync(out, { recursive: true, force: true });
        }
    });

    test('export takes several files as one model, leaving out the shared file', async () => {
        const run = await journey(['export', '*.journey', '-f', 'json'], { cwd: examplesCopy });
        expect(run.code, run.stderr).toBe(0);
        const model = JSON.parse(run.stdout) as { journeys: { id: string }[] };
        expect(model.journeys.length).toBeGreaterThanOrEqual(3);
    });
});

describe('no journey.config.json and no git root: the current folder is the root (as the editor takes the opened folder)', () => {
    /** common.journey declares Ana (used by maps/a.journey) and Lou (used by none); nothing above marks a root. */
    const unmarked = () => {
        const root = tempTree({
            'common.journey': 'persona Ana "Ana Lopez" { goal "Acheter" }\npersona Lou "Lou" { goal "x" }\n',
            'maps/a.journey': 'journey A "A" {\n  stage S "S" { goal "g"\n    touchpoint T { personas Ana emotion 1 }\n  }\n}\n'
        });
        // The rule under test holds only outside any git repository (the temporary folder is not in one).
        expect(spawnSync('git', ['rev-parse', '--show-toplevel'], { cwd: root }).status).not.toBe(0);
        return root;
    };
    const ruleIds = (result: JsonResult | undefined) => result?.messages.map(m => `${m.line}:${m.ruleId}`);
    const lintJson = async (args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) => {
        const run = await journey(['lint', '--format', 'json', ...args], { cwd, env });
        return { run, results: run.stdout ? parseJson(run.stdout) : [] };
    };

    /** An unmarked() folder linted whole on one thread, once for the file: the reference both tests below compare with. */
    let linted: Promise<{ root: string, whole: Awaited<ReturnType<typeof lintJson>> }> | undefined;
    const lintedOnOneThread = () => linted ??= (async () => {
        const root = unmarked();
        return { root, whole: await lintJson(['--threads', '1', '.'], root) };
    })();

    test("lint ., lint maps/a.journey and lint common.journey agree: Ana is known in maps/ and used, Lou is not", async () => {
        const { root, whole } = await lintedOnOneThread();
        expect(whole.run.stderr).toBe('');
        const byFile = new Map(whole.results.map(result => [result.filePath, result]));
        expect(ruleIds(byFile.get(join(root, 'maps/a.journey')))).not.toContainEqual(expect.stringMatching(/unresolved-reference/));
        expect(ruleIds(byFile.get(join(root, 'common.journey')))).toEqual(['2:persona-unused']);
        for (const file of ['maps/a.journey', 'common.journey']) {
            const alone = await lintJson(['--threads', '1', file], root);
            expect(alone.results, file).toEqual([byFile.get(join(root, file))]);
        }
    });

    test('on threads, the folder is one workspace: linted once, the same as on one thread', async () => {
        const { root, whole: one } = await lintedOnOneThread();
        // Outside the folder: a file in it would be one more file for the next lint of it to find.
        const trace = join(tempTree({}), 'trace.txt');
        const threaded = await lintJson(['--threads', '2', '.'], root, { JOURNEY_LINT_TRACE: trace, JOURNEY_LINT_DEAL: 'round-robin' });
        expect(threaded.run.stderr).toBe('');
        expect(threaded.results).toEqual(one.results);
        // One workspace on two threads; not the folder's root first (maps/ linted as its context), then maps/ again on its own.
        expect(readFileSync(trace, 'utf8').trim().split('\n')).toEqual([expect.stringMatching(/^threads: 2\b/)]);
    });

    test('render, export and preview read the map with the same workspace', async () => {
        const root = unmarked();
        const exported = await journey(['export', '-f', 'json', 'maps/a.journey'], { cwd: root });
        expect(exported.stderr).toBe('');
        expect(exported.stdout).toContain('Ana Lopez');
        const rendered = await journey(['render', '-f', 'svg', 'maps/a.journey'], { cwd: root });
        expect(rendered.stderr).toBe('');
        expect(rendered.stdout).toContain('Ana Lopez');
        const { child, url, exited } = await startPreview('maps/a.journey', root);
        try {
            const page = await (await fetch(url)).text();
            const secret = /<meta name="journey-preview-secret" content="([^"]+)">/.exec(page)![1];
            const events = await fetch(`${url}events?secret=${encodeURIComponent(secret)}`);
            const reader = events.body!.pipeThrough(new TextDecoderStream()).getReader();
            let stream = '';
            while (!stream.includes('\n\n')) stream += (await reader.read()).value ?? '';
            await reader.cancel();
            expect(stream.slice(0, stream.indexOf('\n\n'))).toMatch(/^event: diagram\n[^]*Ana Lopez/);
        } finally {
            child.kill('SIGINT');
        }
        expect(await exited).toBe(0);
    });

    test('a file outside the current folder: its own folder is its root, and that workspace is the maps of that folder only', async () => {
        const root = unmarked();
        const maps = join(root, 'maps');
        // From maps/, a.journey is of the workspace rooted there, which has no Ana; common.journey, outside it,
        // is of the workspace of its own folder, whose own maps do not use Ana: each sees what the other does.
        const a = await lintJson(['a.journey'], maps);
        expect(ruleIds(a.results[0])).toContainEqual('3:unresolved-reference');
        const common = await lintJson(['../common.journey'], maps);
        expect(ruleIds(common.results[0])).toEqual(['1:persona-unused', '2:persona-unused']);
        // --workspace still says the root.
        const told = await lintJson(['--workspace', '..', 'a.journey', '../common.journey'], maps);
        expect(told.results.map(ruleIds)).toEqual([['2:persona-unused'], expect.not.arrayContaining(['3:unresolved-reference'])]);
    });

    /** Persona Ana, channel Web and team Vente in common.journey, all used by maps/a.journey. */
    const unmarkedShared = () => {
        const root = tempTree({ 'common.journey': SHARED, 'maps/a.journey': USING });
        expect(spawnSync('git', ['rev-parse', '--show-toplevel'], { cwd: root }).status).not.toBe(0);
        return root;
    };

    test('a current folder reached through a symbolic link: the map given by its path through the link has the same workspace', async () => {
        const root = unmarkedShared();
        const link = join(tempTree({}), 'link');
        symlinkSync(root, link, 'dir');
        // Spawned in the link as a shell there would be: process.cwd() is the real folder, PWD the link.
        const env = { PWD: link };
        const relative = await lintJson(['maps/a.journey'], link, env);
        expect(relative.run.stderr).toBe('');
        expect(relative.results.map(ruleIds)).toEqual([[]]);
        // The absolute path through the link, as `$PWD/maps/a.journey` gives it: the same, reported as given.
        const absolute = await lintJson([join(link, 'maps/a.journey')], link, env);
        expect(absolute.run.stderr).toBe('');
        expect(absolute.results.map(r => r.filePath)).toEqual([join(link, 'maps/a.journey')]);
        expect(absolute.results.map(ruleIds)).toEqual([[]]);
        // The real path, given from the link, is of the same workspace too.
        expect((await lintJson([join(root, 'maps/a.journey')], link, env)).results.map(ruleIds)).toEqual([[]]);
        // The whole folder through the link, on one thread and on two: clean, each file reported as found.
        for (const threads of ['1', '2']) {
            const whole = await lintJson(['--threads', threads, link], link, env);
            expect(whole.run.stderr).toBe('');
            expect(whole.results.map(r => [r.filePath, ruleIds(r)])).toEqual([[join(link, 'common.journey'), []], [join(link, 'maps/a.journey'), []]]);
        }
        for (const command of [['export', '-f', 'json'], ['render', '-f', 'svg']]) {
            const run = await journey([...command, join(link, 'maps/a.journey')], { cwd: link, env });
            expect(run.stderr, command[0]).toBe('');
            expect(run.stdout, command[0]).toContain('Acheter');
        }
    }, 60_000);

    test('a folder reached through a symbolic link is of its real folder\'s workspace: the journey.config.json or git root above the real folder, not above the link', async () => {
        // proj/ is a project (its config, or its git root) with maps/ in it; elsewhere/, a project of its own, has a link to proj/maps.
        const markers: Record<string, string>[] = [{ 'proj/journey.config.json': '{ "rules": { "stage-empty": "error" } }' }, { 'proj/.git/HEAD': 'ref: refs/heads/main\n' }];
        for (const marker of markers) {
            const projects = tempTree({ ...marker, 'proj/common.journey': SHARED, 'proj/maps/a.journey': USING.replace('}\n}\n', '}\n  stage Vide "Vide" { goal "Rien" }\n}\n') });
            const elsewhere = tempTree({ 'journey.config.json': '{ "rules": { "stage-empty": "off" } }', 'b.journey': USING.replace('Essai', 'B') });
            const link = join(elsewhere, 'link');
            symlinkSync(join(projects, 'proj/maps'), link, 'dir');
            const what = Object.keys(marker)[0];
            const byLink = await lintJson([join(link, 'a.journey')], elsewhere);
            const byRealPath = await lintJson([join(projects, 'proj/maps/a.journey')], elsewhere);
            expect(byRealPath.run.stderr, what).toBe('');
            // The names of proj/ resolve (not those of the project the link is in), proj/'s severities apply (not elsewhere/'s), and the map is reported once, as given.
            expect(byLink.results.map(r => r.filePath), what).toEqual([join(link, 'a.journey')]);
            const problems = (results: JsonResult[]) => results.map(r => r.messages.map(m => `${m.line}:${m.ruleId}:${m.severity}`));
            expect(problems(byLink.results), what).toEqual(problems(byRealPath.results));
            expect(ruleIds(byLink.results[0]), what).not.toContainEqual(expect.stringMatching(/unresolved-reference|duplicate/));
            // The link's folder is not of elsewhere/'s workspace: b.journey sees none of proj/'s names.
            expect(ruleIds((await lintJson(['b.journey'], elsewhere)).results[0]), what).toContainEqual(expect.stringMatching(/unresolved-reference/));
        }
    });

    /** A map using Ana and Vente, with an empty stage on line 5 (an error where the config says so). */
    const EMPTY_STAGE = USING.replace('}\n}\n', '}\n  stage Vide "Vide" { goal "Rien" }\n}\n');
    const problems = (results: JsonResult[]) => results.map(r => [r.filePath, r.messages.map(m => `${m.line}:${m.ruleId}:${m.severity}`)]);

    test('a monorepo package linking a shared folder of its repository: the linked maps keep the package\'s names and journey.config.json', async () => {
        const mono = tempTree({
            '.git/HEAD': 'ref: refs/heads/main\n',
            'packages/app/journey.config.json': '{ "rules": { "stage-empty": "error" } }',
            'packages/app/common.journey': SHARED,
            'library/journeys/x.journey': EMPTY_STAGE
        });
        const app = join(mono, 'packages/app');
        symlinkSync('../../library/journeys', join(app, 'journeys'), 'dir');
        const byLink = await lintJson(['journeys/x.journey'], app);
        expect(byLink.run.stderr).toBe('');
        // As if x.journey were in packages/app/journeys: as a copy of it there is linted.
        cpSync(join(mono, 'library/journeys/x.journey'), join(app, 'copy/x.journey'));
        const byCopy = await lintJson(['copy/x.journey'], app);
        expect(problems(byLink.results)).toEqual([[join(app, 'journeys/x.journey'), byCopy.results[0].messages.map(m => `${m.line}:${m.ruleId}:${m.severity}`)]]);
        expect(problems(byLink.results)[0][1]).toContainEqual(expect.stringMatching(/^\d+:stage-empty:error$/));
        expect(ruleIds(byLink.results[0])).not.toContainEqual(expect.stringMatching(/unresolved-reference|duplicate/));
    });

    test('a project linking a folder that is of no project: the linked maps take the project\'s journey.config.json, as its own maps do', async () => {
        const root = tempTree({
            'proj/journey.config.json': '{ "rules": { "stage-empty": "error" } }',
            'proj/common.journey': SHARED,
            'proj/a.journey': EMPTY_STAGE,
            'common1/maps/x.journey': EMPTY_STAGE.replace('Essai', 'X')
        });
        const proj = join(root, 'proj');
        symlinkSync('../common1/maps', join(proj, 'shared'), 'dir');
        const run = await lintJson(['shared/x.journey', 'a.journey'], proj);
        expect(run.run.stderr).toBe('');
        const [x, a] = problems(run.results);
        expect(a[1]).toContainEqual(expect.stringMatching(/^\d+:stage-empty:error$/));
        expect(x[1]).toEqual(a[1]);
    });

    test('a map given through a symbolic link inside its own project is read once: no false duplicate of itself', async () => {
        const proj = tempTree({ '.git/HEAD': 'ref: refs/heads/main\n', 'shareddir/z.journey': 'persona Zed "Zed" { goal "x" }\n' });
        symlinkSync('shareddir', join(proj, 'shlink'), 'dir');
        const run = await lintJson(['shlink/z.journey'], proj);
        expect(run.run.stderr).toBe('');
        expect(run.results.map(r => r.filePath)).toEqual([join(proj, 'shlink/z.journey')]);
        expect(ruleIds(run.results[0])).not.toContainEqual(expect.stringMatching(/duplicate/));
    });

    test('compare and diff of maps given through a linked folder speak the locale of the journey.config.json lint uses for them', async () => {
        const projects = tempTree({ 'proj/journey.config.json': '{ "locale": "fr" }', 'proj/maps/a.journey': USING, 'proj/maps/b.journey': USING.replace('Essai', 'Autre') });
        const elsewhere = tempTree({ 'journey.config.json': '{}' });
        symlinkSync(join(projects, 'proj/maps'), join(elsewhere, 'link'), 'dir');
        const env = { LANG: 'C', LC_ALL: '', LC_MESSAGES: '', LANGUAGE: '' };
        for (const command of ['compare', 'diff']) {
            const byRealPath = await journey([command, ...['a', 'b'].map(name => join(projects, `proj/maps/${name}.journey`))], { cwd: elsewhere, env });
            const byLink = await journey([command, 'link/a.journey', 'link/b.journey'], { cwd: elsewhere, env });
            // The maps' names resolve to nothing here (USING's are declared elsewhere): their warnings name each file as given.
            expect(byLink.stderr, command).toBe(byRealPath.stderr.replaceAll(join(projects, 'proj/maps'), 'link'));
            expect(byLink.stdout, command).toBe(byRealPath.stdout.replaceAll(join(projects, 'proj/maps'), 'link'));
        }
    });

    test('a folder whose name starts with two dots is inside the current folder: its map has the same workspace', async () => {
        const root = unmarkedShared();
        cpSync(join(root, 'maps'), join(root, '..x'), { recursive: true });
        const run = await lintJson(['..x/a.journey'], root);
        expect(run.run.stderr).toBe('');
        expect(run.results.map(r => r.filePath)).toEqual([join(root, '..x/a.journey')]);
        expect(run.results.map(ruleIds)).toEqual([[]]);
    });

    test('the home folder, the temporary folder, a folder above either and the filesystem root are not walked as a workspace: each map keeps its own folder', async () => {
        const root = unmarked();
        // Run from the home or temporary folder (HOME, TMPDIR say where they are) and from above them:
        // as from outside, and the same for every file given.
        const homes = [root, join(root, 'maps')].map(home => ({ HOME: home, USERPROFILE: home }));
        const temps = [root, join(root, 'maps')].map(temp => ({ TMPDIR: temp, TMP: temp, TEMP: temp }));
        for (const env of [...homes, ...temps]) {
            const cwd = root;
            const whole = await lintJson(['.'], cwd, env);
            expect(whole.results.map(ruleIds), JSON.stringify(env)).toEqual([['1:persona-unused', '2:persona-unused'], expect.arrayContaining(['3:unresolved-reference'])]);
            expect((await lintJson(['maps/a.journey'], cwd, env)).results).toEqual([whole.results[1]]);
            expect((await lintJson(['common.journey'], cwd, env)).results).toEqual([whole.results[0]]);
        }
        // From /, one map is linted at once (not after a walk of the whole disk); killed, the test fails, if not.
        const fromTop = spawnSync(process.execPath, [join(REPO, 'bin/journey.js'), 'lint', '--format', 'json', join(root, 'maps/a.journey')], { cwd: '/', timeout: 20_000, encoding: 'utf8' });
        expect(fromTop.signal).toBeNull();
        expect(ruleIds(parseJson(fromTop.stdout)[0])).toContainEqual('3:unresolved-reference');
    }, 60_000);
});
