// What a CI run of `journey lint` meets on a real repository: a map saved in another
// encoding, nested workspaces, a broken configuration in the user's language. Real CLI.
import { readdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { LintResult } from '../../src/cli/formats/types.js';
import { journey, tempTree } from './run-cli.js';

const ENGLISH = { LANG: 'C', LC_ALL: '', LC_MESSAGES: '' };
const FRENCH = { LANG: 'fr_FR.UTF-8', LC_ALL: '', LC_MESSAGES: '' };

function map(name: string): string {
    return `journey ${name} "${name}" {\n  stage S "S" {\n    touchpoint T "T" { channel W }\n  }\n}\n`;
}

/** A map saved in Latin-1: 0xE9 at line 2, column 15. */
const LATIN1_MAP = Buffer.concat([Buffer.from('journey B "B" {\n  stage S "caf'), Buffer.from([0xE9]), Buffer.from('" {\n  }\n}\n')]);

/** A workspace with a clean-ish map and one saved in Latin-1 (0xE9 at line 2, column 15). */
function latin1Workspace(): string {
    const folder = tempTree({ 'a.journey': map('A'), 'c.journey': map('C') });
    writeFileSync(join(folder, 'b.journey'), LATIN1_MAP);
    return folder;
}

/**
 * The lint's JSON has the given files in order; `bad` (LATIN1_MAP's bytes) has one syntax error
 * at its é, and the others, which use its names, lost them (it declares nothing).
 */
function expectOneUndecodable(stdout: string, names: readonly string[], bad: string): void {
    const results = JSON.parse(stdout) as LintResult[];
    expect(results.map(r => r.filePath.split('/').pop())).toEqual(names);
    const undecodable = results[names.indexOf(bad)];
    expect(undecodable.messages).toEqual([expect.objectContaining({ ruleId: 'syntax', severity: 'error', line: 2, column: 15 })]);
    expect(undecodable.messages[0].message).toMatch(/0xE9.*UTF-8/);
    for (const other of results.filter(r => r !== undecodable)) expect(other.messages.some(m => m.ruleId === 'unresolved-reference')).toBe(true);
}

describe('journey lint: a map that is not UTF-8', () => {
    test.each([1, 2, 3])('is one syntax error at its first bad byte, the other maps linted, exit 1 (json, %i threads)', async threads => {
        const folder = latin1Workspace();
        const run = await journey(['lint', '-f', 'json', '--threads', String(threads), '.'], { cwd: folder, env: { ...ENGLISH, JOURNEY_LINT_DEAL: 'round-robin' } });
        expect(run.code, run.stderr).toBe(1);
        expectOneUndecodable(run.stdout, ['a.journey', 'b.journey', 'c.journey'], 'b.journey');
    });

    test('every format reports it with exit 1; the message follows --locale and LANG', async () => {
        const folder = latin1Workspace();
        for (const format of ['stylish', 'json', 'sarif', 'github']) {
            const run = await journey(['lint', '-f', format], { cwd: folder, env: ENGLISH });
            expect(run.code, `${format}: ${run.stderr}`).toBe(1);
            expect(run.stdout, format).toContain('b.journey');
            expect(run.stdout, format).toMatch(/0xE9/);
        }
        const sarif = JSON.parse((await journey(['lint', '-f', 'sarif'], { cwd: folder, env: ENGLISH })).stdout);
        const result = sarif.runs[0].results.find((r: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) =>
            r.locations[0].physicalLocation.artifactLocation.uri.endsWith('b.journey'));
        expect(result.ruleId).toBe('syntax');
        expect(result.locations[0].physicalLocation.region).toMatchObject({ startLine: 2, startColumn: 15 });
        for (const run of [
            await journey(['lint', '-f', 'json', '--locale', 'fr', 'b.journey'], { cwd: folder, env: ENGLISH }),
            await journey(['lint', '-f', 'json', 'b.journey'], { cwd: folder, env: FRENCH })
        ]) {
            expect(run.code, run.stderr).toBe(1);
            expect((JSON.parse(run.stdout) as LintResult[])[0].messages[0].message).toMatch(/octet 0xE9.*UTF-8/);
        }
    });

    test('a neighbour that is not UTF-8 does not stop the lint of a given map; render still refuses the file', async () => {
        const folder = latin1Workspace();
        const alone = await journey(['lint', '-f', 'json', 'a.journey'], { cwd: folder, env: ENGLISH });
        const all = await journey(['lint', '-f', 'json', '.'], { cwd: folder, env: ENGLISH });
        expect(alone.code, alone.stderr).toBe(1);
        expect((JSON.parse(alone.stdout) as LintResult[])[0].messages).toEqual((JSON.parse(all.stdout) as LintResult[])[0].messages);
        const render = await journey(['render', 'b.journey'], { cwd: folder, env: ENGLISH });
        expect(render.code).toBe(2);
        expect(render.stderr).toContain('b.journey:2:15: byte 0xE9 is not UTF-8');
    });
});

describe('journey lint: standard input that is not UTF-8', () => {
    test('is one syntax error at its first bad byte as <stdin>, the maps given beside it linted, exit 1', async () => {
        const folder = tempTree({ 'a.journey': map('A'), 'c.journey': map('C') });
        const run = await journey(['lint', '-f', 'json', 'a.journey', 'c.journey', '-'], { cwd: folder, env: ENGLISH, input: LATIN1_MAP });
        expect(run.code, run.stderr).toBe(1);
        expectOneUndecodable(run.stdout, ['a.journey', 'c.journey', '<stdin>'], '<stdin>');
    });

    test('with --stdin-filename it is reported as that file, as the same bytes saved there are, in every format and language', async () => {
        const folder = latin1Workspace();
        const saved = await journey(['lint', '-f', 'json', 'a.journey', 'b.journey'], { cwd: folder, env: ENGLISH });
        const piped = await journey(['lint', '-f', 'json', '--stdin-filename', 'b.journey', 'a.journey'], { cwd: folder, env: ENGLISH, input: LATIN1_MAP });
        expect(piped.code, piped.stderr).toBe(1);
        expect(piped.stdout).toBe(saved.stdout);
        for (const format of ['stylish', 'sarif', 'github']) {
            const run = await journey(['lint', '-f', format, '--stdin-filename', 'b.journey'], { cwd: folder, env: ENGLISH, input: LATIN1_MAP });
            expect(run.code, `${format}: ${run.stderr}`).toBe(1);
            expect(run.stdout, format).toContain('b.journey');
            expect(run.stdout, format).toMatch(/0xE9/);
        }
        const stylish = await journey(['lint', '-'], { cwd: folder, env: ENGLISH, input: LATIN1_MAP });
        expect(stylish.stdout).toMatch(/<stdin>[\s\S]*2:15\s+error\s+byte 0xE9 is not UTF-8/i);
        const french = await journey(['lint', '-f', 'json', '-'], { cwd: folder, env: FRENCH, input: LATIN1_MAP });
        expect(french.code, french.stderr).toBe(1);
        expect((JSON.parse(french.stdout) as LintResult[])[0].messages[0].message).toMatch(/octet 0xE9.*UTF-8/);
    });
});

describe('nested workspaces', () => {
    /** A workspace with a nested one (its own journey.config.json) declaring the same journey name. */
    function nested(): string {
        return tempTree({
            'journey.config.json': '{}', 'z.journey': map('Same'), 'uses.journey': 'journey U "U" {\n  persona P "P"\n  stage S "S" {\n    touchpoint T "T" { channel Inner personas P }\n  }\n}\n',
            'sub/journey.config.json': '{}', 'sub/b.journey': map('Same'), 'sub/shared.journey': 'channel Inner "Inner" digital\n'
        });
    }

    test.each([1, 2])('lint . gives each file the diagnostics of its own workspace (%i threads)', async threads => {
        const folder = nested();
        const env = { ...ENGLISH, JOURNEY_LINT_DEAL: 'round-robin' };
        const all = await journey(['lint', '-f', 'json', '--threads', String(threads), '.'], { cwd: folder, env });
        const inner = await journey(['lint', '-f', 'json', '.'], { cwd: `${folder}/sub`, env });
        const outer = await journey(['lint', '-f', 'json', 'z.journey', 'uses.journey'], { cwd: folder, env });
        expect(all.code, all.stderr).toBe(1);
        const root = realpathSync(folder);
        const byFile = (run: { stdout: string }) => Object.fromEntries((JSON.parse(run.stdout) as LintResult[]).map(r => [relative(root, realpathSync(r.filePath)), r.messages]));
        expect(Object.keys(byFile(all))).toEqual(['sub/b.journey', 'sub/shared.journey', 'uses.journey', 'z.journey']);
        expect(byFile(all)).toEqual({ ...byFile(outer), ...byFile(inner) });
        expect(JSON.stringify(byFile(all))).not.toContain('duplicate-name');
        // The outer map does not see the nested workspace's channel.
        expect(byFile(all)['uses.journey'].some(m => m.ruleId === 'unresolved-reference' && /Inner/.test(m.message))).toBe(true);
    });
});

describe('render and export given maps of several workspaces at once', () => {
    /** Two sibling workspaces declaring the same names (journey, persona, channel) with different labels; the second speaks French. */
    function siblings(): string {
        const files: Record<string, string> = { 'a/journey.config.json': '{}', 'b/journey.config.json': '{ "locale": "fr" }' };
        for (const [folder, label] of [['a', 'Alpha'], ['b', 'Beta']]) {
            files[`${folder}/shared.journey`] = `persona P "${label} persona"\nchannel W "${label} web" digital\n`;
            files[`${folder}/map.journey`] = `journey Same "Same ${folder}" {\n  stage S "S" {\n    touchpoint T "T" { channel W personas P emotion 1 }\n  }\n}\n`;
        }
        return tempTree(files);
    }

    test('export: each map\'s names resolve in its own workspace, as when exported alone', async () => {
        const folder = siblings();
        const both = await journey(['export', '-f', 'json', 'a/map.journey', 'b/map.journey'], { cwd: folder, env: ENGLISH });
        expect(both.code, both.stderr).toBe(0);
        const alone = await Promise.all(['a', 'b'].map(w => journey(['export', '-f', 'json', `${w}/map.journey`], { cwd: folder, env: ENGLISH })));
        const journeys = JSON.parse(both.stdout).journeys;
        expect(journeys.map((j: { label: string }) => j.label)).toEqual(['Same a', 'Same b']);
        expect(journeys).toEqual(alone.map(run => JSON.parse(run.stdout).journeys[0]));
        expect(journeys[1].personas[0].label).toBe('Beta persona');
    });

    test('render: each picture is the one its map gives alone (its own names, its own config\'s locale)', async () => {
        const folder = siblings();
        const run = await journey(['render', 'a/map.journey', 'b/map.journey', '-o', 'out/'], { cwd: folder, env: ENGLISH });
        expect(run.code, run.stderr).toBe(0);
        const pictures = readdirSync(join(folder, 'out')).map(name => readFileSync(join(folder, 'out', name), 'utf8'));
        expect(pictures).toHaveLength(2);
        for (const w of ['a', 'b']) {
            const alone = await journey(['render', `${w}/map.journey`], { cwd: folder, env: ENGLISH });
            expect(pictures.filter(svg => svg.includes(`Same ${w}`))).toEqual([alone.stdout]);
        }
        const beta = pictures.find(svg => svg.includes('Same b'))!;
        expect(beta).toContain('Beta persona');
        expect(beta).not.toContain('Alpha');
        expect(beta).toContain('Émotion');
    });
});

describe('a journey.config.json that cannot be used', () => {
    const broken = () => tempTree({ 'journey.config.json': '{ "rules": { "bogus-rule": "error" } }', 'a.journey': map('A') });

    test('is said in --locale\'s language, else LANG\'s (lint), and LANG\'s for render', async () => {
        const folder = broken();
        const english = await journey(['lint'], { cwd: folder, env: ENGLISH });
        expect(english.code).toBe(2);
        expect(english.stderr).toContain('journey.config.json:1:14: unknown rule "bogus-rule"');
        for (const run of [
            await journey(['lint', '--locale', 'fr'], { cwd: folder, env: ENGLISH }),
            await journey(['lint'], { cwd: folder, env: FRENCH }),
            await journey(['lint', '--threads', '2', '.'], { cwd: folder, env: FRENCH }),
            await journey(['render', 'a.journey'], { cwd: folder, env: FRENCH })
        ]) {
            expect(run.code).toBe(2);
            expect(run.stderr).toContain('journey.config.json:1:14');
            expect(run.stderr).toMatch(/configuration.*règle "bogus-rule" inconnue/);
            expect(run.stderr).not.toContain('unknown rule');
        }
    });
});

describe('a journey.config.json that is no configuration at all (a folder, a huge file)', () => {
    const cases: { what: string; files: Record<string, string>; english: string; french: string }[] = [
        { what: 'a folder', files: { 'journey.config.json/inside.txt': '' }, english: 'not a regular file', french: "pas un fichier ordinaire (un périphérique, un tube ou un dossier n'est pas lu)" },
        { what: 'a file too large', files: { 'journey.config.json': ' '.repeat(1_000_001) }, english: 'the file is too large (1000001 bytes', french: 'le fichier est trop grand (1000001 octets ; une configuration en a au plus 1000000)' }
    ];
    test.each(cases)('$what: said in --locale\'s language, else LANG\'s (lint), and LANG\'s for render', async ({ files, english, french }) => {
        const folder = tempTree({ ...files, 'a.journey': map('A') });
        const inEnglish = await journey(['lint'], { cwd: folder, env: ENGLISH });
        expect(inEnglish.code).toBe(2);
        expect(inEnglish.stderr).toContain(`journey.config.json:1:1: ${english}`);
        for (const run of [
            await journey(['lint', '--locale', 'fr'], { cwd: folder, env: ENGLISH }),
            await journey(['lint'], { cwd: folder, env: FRENCH }),
            await journey(['render', 'a.journey'], { cwd: folder, env: FRENCH })
        ]) {
            expect(run.code).toBe(2);
            // French puts a no-break space before its colons and semicolons.
            expect(run.stderr.replace(/[\u00a0\u202f]/g, ' ')).toContain(`fichier de configuration invalide journey.config.json:1:1 : ${french}`);
            expect(run.stderr).not.toContain(english);
        }
    });
});

describe('journey compare with no arguments', () => {
    const pair = (prefix: string) => ({
        [`${prefix}now.journey`]: `journey ${prefix.replace(/\W/g, '')}Now "Now" {\n  state current\n  stage S "S" { touchpoint T "T" }\n}\n`,
        [`${prefix}then.journey`]: `journey ${prefix.replace(/\W/g, '')}Then "Then" {\n  state ideal\n  stage S "S" { touchpoint T "T" touchpoint U "U" }\n}\n`
    });

    test('compares the pair of the current folder\'s workspace; a nested workspace keeps its own', async () => {
        const folder = tempTree({ 'journey.config.json': '{}', ...pair(''), 'sub/journey.config.json': '{}', ...pair('sub/') });
        const outer = await journey(['compare', '-f', 'json'], { cwd: folder, env: ENGLISH });
        expect(outer.code, outer.stderr).toBe(0);
        expect(outer.stdout).toContain('"Now"');
        expect(outer.stdout).not.toContain('subNow');
        const inner = await journey(['compare', '-f', 'json'], { cwd: join(folder, 'sub'), env: ENGLISH });
        expect(inner.code, inner.stderr).toBe(0);
        expect(inner.stdout).toContain('subNow');
    });
});
