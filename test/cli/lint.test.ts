import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { LintResult } from '../../src/cli/formats/types.js';
import { CLEAN_EXAMPLES as CLEAN_EXAMPLE_NAMES, marks } from '../examples.js';
import { cleanMap, EXAMPLES, journey, REPO, tempTree } from './run-cli.js';

const BROKEN = join(EXAMPLES, 'invalid/broken-references.journey');
const CLEAN_EXAMPLES = CLEAN_EXAMPLE_NAMES.map(name => join(EXAMPLES, name));

function parseJson(stdout: string): LintResult[] {
    return JSON.parse(stdout) as LintResult[];
}

describe('journey lint: exit codes', () => {
    test('the clean examples exit 0 with no error and no warning', async () => {
        const run = await journey(['lint', ...CLEAN_EXAMPLES]);
        expect(run.stderr).toBe('');
        expect(run.code).toBe(0);
        expect(run.stdout).not.toMatch(/\d+:\d+ +(error|warning) /);
        const json = parseJson((await journey(['lint', '--format', 'json', ...CLEAN_EXAMPLES])).stdout);
        expect(json.map(r => [r.errorCount, r.warningCount])).toEqual(CLEAN_EXAMPLES.map(() => [0, 0]));
    });

    test('a quoted glob is expanded by the CLI itself', async () => {
        // examples/*.journey (the French maps) and examples/en/*.journey (the English one): the clean examples.
        const run = await journey(['lint', '--format', 'json', 'examples/{,en/}*.journey']);
        expect(run.code).toBe(0);
        expect(parseJson(run.stdout).map(r => r.filePath)).toEqual([...CLEAN_EXAMPLES].sort());
    });

    test('broken-references gives each marked diagnostic on its line and exits 1', async () => {
        const run = await journey(['lint', '--format', 'json', BROKEN]);
        expect(run.code).toBe(1);
        const [result] = parseJson(run.stdout);
        expect(result.filePath).toBe(BROKEN);
        const expected = marks(readFileSync(BROKEN, 'utf8'));
        expect(expected.length).toBeGreaterThan(5);
        for (const mark of expected) {
            expect(result.messages, `line ${mark.line}: ${mark.severity} ${mark.ruleId}`)
                .toContainEqual(expect.objectContaining({ line: mark.line, severity: mark.severity, ruleId: mark.ruleId }));
        }
        // No error or warning on a line that is not marked with it.
        for (const message of result.messages.filter(m => m.severity !== 'info')) {
            expect(expected, `${message.line}:${message.column} ${message.ruleId} ${message.message}`)
                .toContainEqual({ line: message.line, severity: message.severity, ruleId: message.ruleId });
        }
        expect(result.errorCount).toBe(result.messages.filter(m => m.severity === 'error').length);
        expect(result.warningCount).toBe(result.messages.filter(m => m.severity === 'warning').length);
        expect(result.infoCount).toBe(result.messages.filter(m => m.severity === 'info').length);
    });

    test('--max-warnings N: exit 0 with N warnings, 1 with more', async () => {
        const folder = tempTree({ 'map.journey': cleanMap('  stage Vide "Vide" { goal "Rien" }\n') });
        const json = await journey(['lint', '--format', 'json', 'map.journey'], { cwd: folder });
        expect(json.code).toBe(0);
        const warnings = parseJson(json.stdout)[0].messages.filter(m => m.severity === 'warning');
        expect(warnings.map(w => w.ruleId)).toContain('stage-empty');
        const within = await journey(['lint', '--max-warnings', String(warnings.length), 'map.journey'], { cwd: folder });
        expect(within.code).toBe(0);
        const over = await journey(['lint', '--max-warnings', String(warnings.length - 1), 'map.journey'], { cwd: folder });
        expect(over.code).toBe(1);
        expect(over.stderr).toContain('too many warnings');
    });

    test('--quiet reports errors only', async () => {
        const all = parseJson((await journey(['lint', '--format', 'json', BROKEN])).stdout)[0];
        const quiet = await journey(['lint', '--quiet', '--format', 'json', BROKEN]);
        expect(quiet.code).toBe(1);
        const [result] = parseJson(quiet.stdout);
        expect(all.messages.some(m => m.severity !== 'error')).toBe(true);
        expect(result.messages).toEqual(all.messages.filter(m => m.severity === 'error'));
        expect([result.warningCount, result.infoCount]).toEqual([0, 0]);
    });

    test('usage errors exit 2 with a message', async () => {
        for (const args of [['--format', 'xml'], ['--max-warnings', 'many'], ['--no-such-option']]) {
            const run = await journey(['lint', ...args, ...CLEAN_EXAMPLES]);
            expect(run.code, args.join(' ')).toBe(2);
            expect(run.stderr).toMatch(/^journey lint: /);
            expect(run.stdout).toBe('');
        }
    });

    test('a missing file exits 2 and names it', async () => {
        const run = await journey(['lint', 'maps/nowhere.journey', ...CLEAN_EXAMPLES]);
        expect(run.code).toBe(2);
        expect(run.stderr).toBe("journey lint: no such file or folder: 'maps/nowhere.journey'\n");
    });

    test('a glob that matches nothing exits 2 and says which', async () => {
        const run = await journey(['lint', 'examples/*.jorney']);
        expect(run.code).toBe(2);
        expect(run.stderr).toBe("journey lint: no .journey files match the pattern 'examples/*.jorney'\n");
    });

    test('an unreadable file exits 2 and says why', async () => {
        // A socket is there but cannot be read (chmod would not stop root).
        const folder = tempTree({});
        const server = createServer().listen(join(folder, 'socket.journey'));
        await once(server, 'listening');
        try {
            const run = await journey(['lint', 'socket.journey'], { cwd: folder });
            expect(run.code).toBe(2);
            expect(run.stderr).toBe("journey lint: cannot read 'socket.journey' (ENXIO: no such device or address)\n");
        } finally {
            server.close();
        }
    });

    test('a folder with no map exits 2 and names it', async () => {
        // Named like a map, but a folder: it is searched, and holds no map.
        const folder = tempTree({ 'dir.journey/keep': '' });
        const run = await journey(['lint', 'dir.journey'], { cwd: folder });
        expect(run.code).toBe(2);
        expect(run.stderr).toContain("no .journey files found in folder 'dir.journey'");
    });
});

describe('journey lint: what it reads', () => {
    test('default: every .journey under the current folder, skipping node_modules and .git', async () => {
        const folder = tempTree({
            'a.journey': cleanMap(),
            'maps/deep/b.journey': cleanMap().replace('Essai', 'Autre'),
            'notes.txt': 'not a map',
            'node_modules/pkg/bad.journey': 'journey {',
            '.git/bad.journey': 'journey {'
        });
        const run = await journey(['lint', '--format', 'json'], { cwd: folder });
        expect(run.code).toBe(0);
        expect(parseJson(run.stdout).map(r => r.filePath)).toEqual([join(folder, 'a.journey'), join(folder, 'maps/deep/b.journey')]);
    });

    test('default in a folder without maps: exit 2, saying so', async () => {
        const run = await journey(['lint'], { cwd: tempTree({ 'notes.txt': '', 'node_modules/x.journey': '' }) });
        expect(run.code).toBe(2);
        expect(run.stderr).toBe("journey lint: no .journey files found in folder '.'\n");
    });

    test('a folder argument and a ** glob find nested maps', async () => {
        const folder = tempTree({ 'maps/x.journey': cleanMap(), 'maps/sub/y.journey': cleanMap().replace('Essai', 'Y'), 'other/z.journey': 'journey {' });
        for (const arg of ['maps', 'maps/**/*.journey', 'maps/{x,sub/y}.journey']) {
            const run = await journey(['lint', '--format', 'json', arg], { cwd: folder });
            expect(run.code, arg).toBe(0);
            expect(parseJson(run.stdout).map(r => r.filePath), arg).toEqual([join(folder, 'maps/sub/y.journey'), join(folder, 'maps/x.journey')]);
        }
    });

    test('stdin with -', async () => {
        const broken = await journey(['lint', '--format', 'json', '-'], { input: readFileSync(BROKEN, 'utf8') });
        expect(broken.code).toBe(1);
        const [result] = parseJson(broken.stdout);
        expect(result.filePath).toBe('<stdin>');
        expect(result.messages).toContainEqual(expect.objectContaining({ line: 13, ruleId: 'unresolved-reference' }));
        const clean = await journey(['lint', '-'], { input: cleanMap() });
        expect(clean.code).toBe(0);
    });

    test('a map of the workspace that names standard input calls it <stdin>, or its --stdin-filename: never a name of lint\'s own', async () => {
        const folder = tempTree({ 'a.journey': 'persona P "P" { goal "g" }\n' });
        const input = 'persona P "P" { goal "g" }\n';
        const plain = await journey(['lint', '--format', 'json', '-', '.'], { cwd: folder, input });
        const named = await journey(['lint', '--format', 'json', '--stdin-filename', '0-first.journey', '-', '.'], { cwd: folder, input });
        const said = (run: { stdout: string }) => parseJson(run.stdout).flatMap(r => r.messages.filter(m => m.ruleId === 'duplicate-name').map(m => m.message));
        expect(said(plain)).toEqual([expect.stringContaining('already declared in <stdin> (line 1)')]);
        expect(said(named)).toEqual([expect.stringContaining('already declared in 0-first.journey (line 1)')]);
    });

    test('references resolve against the rest of the workspace; only the files given are reported', async () => {
        const folder = tempTree({
            'shared.journey': 'persona Ana "Ana" { goal "Acheter" }\nchannel Web "Web" digital\nteam Vente "Vente"\n',
            'map.journey': cleanMap().replace(/  persona Ana.*\n  channel Web.*\n  team Vente.*\n/, '')
        });
        const alone = await journey(['lint', '--format', 'json', 'map.journey'], { cwd: folder });
        expect(alone.code).toBe(0);
        expect(parseJson(alone.stdout).map(r => r.filePath)).toEqual([join(folder, 'map.journey')]);
        expect(parseJson(alone.stdout).flatMap(r => r.messages).filter(m => m.severity !== 'info')).toEqual([]);
        const together = await journey(['lint', '--format', 'json', 'map.journey', 'shared.journey'], { cwd: folder });
        expect(together.code).toBe(0);
        expect(parseJson(together.stdout).flatMap(r => r.messages).filter(m => m.severity !== 'info')).toEqual([]);
    });
});

describe('journey lint: names declared in the files not given', () => {
    test('a duplicate of a name declared after a journey body in another file names that file and line', async () => {
        const shared = 'journey Autre "Autre" {\n  stage S "S" {\n    touchpoint T { action "a" }\n  }\n} persona Ana "Ana" { goal "g" }\n';
        const folder = tempTree({ 'a.journey': shared, 'b.journey': 'persona Ana "Ana" { goal "g" }\n' });
        const alone = await journey(['lint', '--format', 'json', 'b.journey'], { cwd: folder });
        const duplicates = parseJson(alone.stdout).flatMap(r => r.messages).filter(m => m.ruleId === 'duplicate-name');
        expect(duplicates.map(m => [m.line, m.column, m.message.includes('in a.journey (line 5)')])).toEqual([[1, 9, true]]);
    });
});

describe('journey lint: --config', () => {
    const map = cleanMap('  stage Vide "Vide" { goal "Rien" }\n');

    test('severities come from the given file', async () => {
        const folder = tempTree({ 'map.journey': map, 'strict.json': '{ "rules": { "stage-empty": "error" } }' });
        const run = await journey(['lint', '--format', 'json', '--config', 'strict.json', 'map.journey'], { cwd: folder });
        expect(run.code).toBe(1);
        expect(parseJson(run.stdout)[0].messages).toContainEqual(expect.objectContaining({ ruleId: 'stage-empty', severity: 'error', line: 16 }));
        const off = tempTree({ 'map.journey': map, 'c.json': '{ "rules": { "stage-empty": "off" } }' });
        const silent = await journey(['lint', '--format', 'json', '-c', 'c.json', 'map.journey'], { cwd: off });
        expect(parseJson(silent.stdout)[0].messages.map(m => m.ruleId)).not.toContain('stage-empty');
    });

    test('without --config, the nearest journey.config.json up the tree applies (stdin: from the current folder)', async () => {
        const folder = tempTree({ 'journey.config.json': '{ "rules": { "stage-empty": "error" } }', 'team/maps/map.journey': map });
        const run = await journey(['lint', '--format', 'json', 'team'], { cwd: folder });
        expect(run.code).toBe(1);
        expect(parseJson(run.stdout)[0].messages).toContainEqual(expect.objectContaining({ ruleId: 'stage-empty', severity: 'error' }));
        const stdin = await journey(['lint', '--format', 'json', '-'], { cwd: folder, input: map });
        expect(parseJson(stdin.stdout)[0].messages).toContainEqual(expect.objectContaining({ ruleId: 'stage-empty', severity: 'error' }));
    });

    test('--config wins over the nearest journey.config.json', async () => {
        const folder = tempTree({ 'journey.config.json': '{ "rules": { "stage-empty": "error" } }', 'map.journey': map, 'off.json': '{ "rules": { "stage-empty": "off" } }' });
        const run = await journey(['lint', '--format', 'json', '--config', 'off.json', 'map.journey'], { cwd: folder });
        expect(run.code).toBe(0);
        expect(parseJson(run.stdout)[0].messages.map(m => m.ruleId)).not.toContain('stage-empty');
    });

    test('a bad config file exits 2 with file, line and column', async () => {
        const folder = tempTree({ 'map.journey': map, 'bad.json': '{\n  "rules": { "stage-empty": "loud" }\n}\n' });
        const run = await journey(['lint', '--config', 'bad.json', 'map.journey'], { cwd: folder });
        expect(run.code).toBe(2);
        expect(run.stderr).toMatch(/bad\.json:2:\d+/);
    });

    test('a missing config file exits 2', async () => {
        const run = await journey(['lint', '--config', 'nowhere.json', ...CLEAN_EXAMPLES]);
        expect(run.code).toBe(2);
        expect(run.stderr).toContain("config file not found: 'nowhere.json'");
    });

    test('--config naming a folder exits 2 saying it is no regular file (not "not found"), in the language of --locale', async () => {
        const folder = tempTree({ 'map.journey': map, 'd1/journey.config.json/keep': '' });
        const english = await journey(['lint', '--config', 'd1/journey.config.json', 'map.journey'], { cwd: folder });
        expect(english.code).toBe(2);
        expect(english.stderr).toBe("journey lint: config file 'd1/journey.config.json': not a regular file (a device, a pipe or a folder is not read)\n");
        const french = await journey(['lint', '--locale', 'fr', '--config', 'd1/journey.config.json', 'map.journey'], { cwd: folder });
        expect(french.code).toBe(2);
        expect(french.stderr).toBe("journey lint: fichier de configuration 'd1/journey.config.json'\u00A0: pas un fichier ordinaire (un périphérique, un tube ou un dossier n'est pas lu)\n");
        const missing = await journey(['lint', '--locale', 'fr', '--config', 'nowhere.json', 'map.journey'], { cwd: folder });
        expect(missing.code).toBe(2);
        expect(missing.stderr).toBe("journey lint: fichier de configuration introuvable\u00A0: 'nowhere.json'\n");
    });
});

describe('journey lint: formats', () => {
    test('stylish: file, aligned rows, severities and summary (in the map\'s language: examples/ is French); colours only when asked', async () => {
        const run = await journey(['lint', BROKEN], { cwd: EXAMPLES });
        expect(run.code).toBe(1);
        const lines = run.stdout.split('\n');
        expect(lines[1]).toBe('invalid/broken-references.journey');
        const rows = lines.filter(l => /^ {2}\s*\d+:\d+/.test(l));
        expect(rows.length).toBeGreaterThan(5);
        expect(rows).toContainEqual(expect.stringMatching(/^ {2}13:15 +erreur +.*Webb.* {2}unresolved-reference$/));
        // Aligned: every severity starts in the same column, and every message, however long the French words.
        expect(new Set(rows.map(r => /(erreur|avertissement|info) /.exec(r)!.index)).size).toBe(1);
        expect(new Set(rows.map(r => /(erreur|avertissement|info) +/.exec(r)!).map(m => m.index + m[0].length)).size).toBe(1);
        expect(run.stdout).toMatch(/\n✖ \d+ problèmes \(\d+ erreurs?, \d+ avertissements?, \d+ infos?\)\n$/);
        expect(run.stdout).not.toContain('\x1b[');
        const forced = await journey(['lint', BROKEN], { env: { FORCE_COLOR: '1' } });
        expect(forced.stdout).toContain('\x1b[31merreur');
        const noColor = await journey(['lint', BROKEN], { env: { FORCE_COLOR: '1', NO_COLOR: '1' } });
        expect(noColor.stdout).not.toContain('\x1b[');
    });

    test('github: one workflow command per problem, paths relative to the repository root', async () => {
        const repo = tempTree({ '.git/HEAD': 'ref: refs/heads/main\n', 'maps/broken.journey': readFileSync(BROKEN, 'utf8') });
        const cwd = join(repo, 'maps');
        const json = parseJson((await journey(['lint', '--format', 'json', 'broken.journey'], { cwd })).stdout)[0];
        const run = await journey(['lint', '--format', 'github', 'broken.journey'], { cwd });
        expect(run.code).toBe(1);
        const lines = run.stdout.trimEnd().split('\n');
        expect(lines).toHaveLength(json.messages.length);
        const commands = { error: 'error', warning: 'warning', info: 'notice' };
        json.messages.forEach((m, index) => {
            expect(lines[index]).toBe(`::${commands[m.severity]} file=maps/broken.journey,line=${m.line},col=${m.column},`
                + `endLine=${m.endLine},endColumn=${m.endColumn},title=${m.ruleId}::${m.message.replace(/%/g, '%25').replace(/\n/g, '%0A')}`);
        });
    });

    test('json: clean files are listed with empty messages', async () => {
        const clean = join(tempTree({ 'teams.journey': 'team Vente "Vente"\n' }), 'teams.journey');
        const run = await journey(['lint', '--format', 'json', BROKEN, clean]);
        const results = parseJson(run.stdout);
        expect(results.map(r => r.filePath)).toEqual([clean, BROKEN].sort());
        expect(results.find(r => r.filePath === clean)).toEqual({ filePath: clean, messages: [], errorCount: 0, warningCount: 0, infoCount: 0 });
        const broken = results.find(r => r.filePath === BROKEN)!;
        for (const m of broken.messages) {
            expect(Object.keys(m)).toEqual(['ruleId', 'severity', 'message', 'line', 'column', 'endLine', 'endColumn']);
            expect(m.line).toBeGreaterThanOrEqual(1);
            expect(m.column).toBeGreaterThanOrEqual(1);
        }
    });

    test('a reader that stops early (| head) gets no EPIPE stack trace', async () => {
        // Enough problems that the output overflows the pipe's buffer.
        const folder = tempTree({ 'many.journey': Array.from({ length: 3000 }, (_, i) => `persona P${i % 2} "P"\n`).join('') });
        const run = spawnSync('sh', ['-c', `node "${join(REPO, 'bin/journey.js')}" lint --format json many.journey | head -c 100`], { cwd: folder, encoding: 'utf8' });
        expect(run.stdout).toHaveLength(100);
        expect(run.stderr).toBe('');
    });

    test('--help exits 0 and lists every option', async () => {
        const run = await journey(['lint', '--help']);
        expect(run.code).toBe(0);
        for (const option of ['--format', '--max-warnings', '--quiet', '--config']) expect(run.stdout).toContain(option);
    });

    test('--version prints the package version', async () => {
        const run = await journey(['--version']);
        expect(run.code).toBe(0);
        expect(run.stdout).toBe(`${JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).version}\n`);
    });
});
