import { once } from 'node:events';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { describe, expect, test, vi } from 'vitest';
import type { LintResult } from '../../src/cli/formats/types.js';
import { EXAMPLES, journey, reported, tempTree } from './run-cli.js';

// One lint of these workspaces took up to 11 s at a load of 17 on 2 cores (0.5 to 2 s unloaded), and a test here
// makes up to nine: every test gets room for that, so that only a hang meets the timeout.
vi.setConfig({ testTimeout: 180_000 });

/**
 * `journey lint --format json` of `folder` on `threads` threads: stdout, stderr and exit code.
 * The files are dealt round-robin (JOURNEY_LINT_DEAL): on a workspace this small this thread
 * would otherwise claim every file before a worker has loaded, and the joins across threads
 * would go untested.
 */
async function lintJson(folder: string, threads: number, extra: string[] = []) {
    return journey(['lint', '--format', 'json', '--threads', String(threads), ...extra, '.'], { cwd: folder, env: { JOURNEY_LINT_DEAL: 'round-robin' } });
}

/** Lints `folder` on one thread and on each of `threads` (files dealt round-robin), expects the same output from each, and returns it. */
async function lintedAlike(folder: string, threads: readonly number[]): Promise<string> {
    const one = reported(await lintJson(folder, 1));
    for (const count of threads) {
        const many = await lintJson(folder, count);
        expect(many.stderr).toBe('');
        expect(many.stdout).toBe(one.stdout);
    }
    return one.stdout;
}

/** `lintedAlike` on two threads, the output parsed. */
async function lintedAlikeOnTwoThreads(folder: string): Promise<LintResult[]> {
    return JSON.parse(await lintedAlike(folder, [2])) as LintResult[];
}

/** `lintedAlike` on two threads, one line a message: the file's path in `folder`, then what `tell` says of the message. */
async function messagesOnTwoThreads(folder: string, tell: (message: LintResult['messages'][number]) => string): Promise<string[]> {
    return (await lintedAlikeOnTwoThreads(folder)).flatMap(result => result.messages.map(m => result.filePath.slice(folder.length + 1) + tell(m)));
}

/** Shared declarations: a persona the other maps use (or not), one that none does, a channel and a team. */
const SHARED_AND_LONELY = 'persona Shared "S" { goal "g" }\npersona Lonely "L" { goal "g" }\nchannel Web "Web" digital\nteam Ops "Ops"\n';

/** Journey B, whose stage Elsewhere (named by another map's metric) has one touchpoint, through `personas`; `declared` (lines) before the stage. */
function stagedElsewhere(personas: string, declared = ''): string {
    return `journey B "B" {\n${declared}  stage Elsewhere "E" { goal "g" touchpoint X { channel Web personas ${personas} owner Ops emotion 0 } }\n}\n`;
}

/** Journey C: a metric in B's stage Elsewhere (`stagedElsewhere`), in another map; its own touchpoint through `personas`, if any. */
function metricElsewhere(personas?: string): string {
    const through = personas === undefined ? '' : `personas ${personas} `;
    return `journey C "C" {\n  stage S "S" { goal "g" touchpoint Y { channel Web ${through}owner Ops emotion 0 } }\n  metric M "M" in Elsewhere target 5%\n}\n`;
}

/**
 * A workspace whose diagnostics depend on files in other shards: shared personas used
 * (or not) only elsewhere, a duplicate top-level name across files, references to names
 * declared in other files (some misspelt), a metric naming another file's stage (unknown: stages
 * are local to their journey) and one naming a touchpoint, a file
 * the parser recovers, and clean filler between them so every shard gets some.
 */
function crossFileWorkspace(withRecovered = true): Record<string, string> {
    const files: Record<string, string> = {
        'a-common.journey': 'persona Used "Used" { goal "g" }\npersona Lonely "Lonely" { goal "g" }\nchannel Web "Web" digital\nteam Ops "Ops"\n',
        'm-duplicate.journey': 'persona Used "Again" { goal "g" }\nchannel Web "Web again" digital\n',
        'z-uses.journey': [
            'journey Z "Z" {',
            '  stage Start "Start" { goal "g"',
            '    touchpoint T1 { channel Web personas Used owner Ops emotion 1 next T2 }',
            '    touchpoint T2 { channel Wbe personas Usd owner Opz emotion 1 }',
            '  }',
            '  metric M "M" in Elsewhere target 5%',
            '  metric N "N" in T1 target 5%',
            '}', ''
        ].join('\n'),
        'b-stages.journey': stagedElsewhere('Used'),
        'n-broken.journey': 'journey Broken "Broken" {\n  stage S "S" {\n    touchpoint P { channel Web personas Used emotion\n  }\n}\nchannel Recovered "R" digital\n'
    };
    // A recovered file hides persona-unused everywhere (its uses are unknown): both ways are compared.
    if (!withRecovered) delete files['n-broken.journey'];
    for (let i = 0; i < 12; i++) {
        files[`filler-${String(i).padStart(2, '0')}.journey`] =
            `journey F${i} "F${i}" {\n  stage S "S" { goal "g"\n    touchpoint P { channel Web personas Used owner Ops emotion 0 }\n  }\n}\n`;
    }
    return files;
}

describe('journey lint on worker threads', () => {
    test('a workspace with cross-file errors gives the same JSON on 1, 2 and 3 threads, byte for byte', async () => {
        const rules = new Set<string>();
        for (const withRecovered of [true, false]) {
            const folder = tempTree(crossFileWorkspace(withRecovered));
            const one = reported(await lintJson(folder, 1));
            for (const result of JSON.parse(one.stdout) as LintResult[]) result.messages.forEach(m => rules.add(m.ruleId));
            expect(one.code).toBe(1);
            for (const threads of [2, 3]) {
                const many = await lintJson(folder, threads);
                // Nothing on stderr: the worker path was taken (else it says why not).
                expect(many.stderr).toBe('');
                expect(many.code).toBe(one.code);
                expect(many.stdout).toBe(one.stdout);
            }
        }
        // The cross-file rules are all exercised, or the comparison proves nothing.
        for (const rule of ['duplicate-name', 'persona-unused', 'unresolved-reference', 'metric-stage', 'syntax']) expect(rules).toContain(rule);
    });

    test('facts that only another thread has: a persona used, a name declared first; not another file\'s stage', async () => {
        // Dealt round-robin on two threads: a and c on this one, b and d on the worker; only b uses Shared.
        const folder = tempTree({
            'a-common.journey': SHARED_AND_LONELY,
            'b-user.journey': stagedElsewhere('Shared'),
            'c-metric.journey': metricElsewhere(),
            'd-duplicate.journey': 'channel Web "Web again" digital\n'
        });
        const messages = await messagesOnTwoThreads(folder, m => ` ${m.ruleId} ${m.message}`);
        expect(messages.filter(m => m.includes('persona-unused'))).toEqual([expect.stringMatching(/^a-common\.journey persona-unused .*Lonely/)]);
        // Of another file only its exports are read, as when c-metric is linted alone: its stages are unknown.
        expect(messages).toContainEqual(expect.stringMatching(/^c-metric\.journey unresolved-reference .*'Elsewhere'/));
        expect(messages).toContainEqual(expect.stringMatching(/^d-duplicate\.journey duplicate-name .*a-common\.journey/));
    });

    test('a map checked and dropped as it was read still counts: its uses, its stages, its journey-local personas', async () => {
        // Dealt round-robin on two threads; the clean maps are linted as they are read and dropped at once.
        const folder = tempTree({
            'a-common.journey': SHARED_AND_LONELY,
            'b-user.journey': stagedElsewhere('Shared, Here', '  persona Here "H" { goal "g" }\n  persona Idle "I" { goal "g" }\n'),
            'c-metric.journey': metricElsewhere('Shared'),
            'd-user.journey': 'journey D "D" {\n  stage S "S" { goal "g" touchpoint Z { channel Web personas Shared owner Ops emotion 0 } }\n}\n'
        });
        const messages = await messagesOnTwoThreads(folder, m => `:${m.line}:${m.column} ${m.ruleId}`);
        expect(messages.filter(m => m.includes('persona-unused'))).toEqual(['a-common.journey:2:9 persona-unused', 'b-user.journey:3:11 persona-unused']);
        expect(messages).toContain('c-metric.journey:3:19 unresolved-reference');
    });

    test('a file the parser recovers declares only what its blanked text declares too: the maps that name the rest are checked as on one thread', async () => {
        // Journey A's `}` is missing: to the brace scanner its body runs to the end of the file, so the blanked text declares A
        // alone, while the parser leaves A at the next `journey` and declares B and the team after it. It exports A only (as lint
        // of a user alone reads it): Ops is unknown unless another file declares it. The maps naming Ops are streamed where
        // another file declares it too (and kept where none does), then linted again once the file is recovered.
        const open = 'journey A "A" {\n  stage S "S" { goal "g" }\njourney B "B" {\n  stage T "T" { goal "g" }\n}\nteam Ops "Ops"\n';
        const user = (name: string) => `journey ${name} "${name}" {\n  stage S "S" { goal "g" touchpoint T { channel Web owner Ops emotion 0 } }\n}\n`;
        for (const alsoDeclared of [false, true]) {
            const files: Record<string, string> = { 'a-open.journey': open, 'b-common.journey': `channel Web "Web" digital\n${alsoDeclared ? 'team Ops "Ops again"\n' : ''}` };
            for (let i = 0; i < 6; i++) files[`user-${i}.journey`] = user(`U${i}`);
            const folder = tempTree(files);
            const users = (JSON.parse(await lintedAlike(folder, [2, 3])) as LintResult[]).filter(result => result.filePath.includes('user-'));
            const unresolved = users.flatMap(result => result.messages.filter(m => m.ruleId === 'unresolved-reference').map(m => m.message));
            expect(unresolved).toEqual(alsoDeclared ? [] : users.map(() => expect.stringMatching(/^Unknown team 'Ops'/)));
        }
    });

    test('maps that are one journey, indexed from their headers: names declared twice, headers with slips, recovered bodies', async () => {
        const map = (header: string, body = '  stage S "S" { goal "g" touchpoint T { channel Web owner Ops emotion 0 } }') => `${header}\n${body}\n}\n`;
        const folder = tempTree({
            'a-common.journey': 'channel Web "Web" digital\nteam Ops "Ops"\n',
            // The same journey name in two maps (each thread has one of them) and once more after a comment, CRLF and a byte order mark.
            'b-twice.journey': map('// first\n\n  journey Twice "Once" {'),
            'c-twice.journey': map('journey Twice "Twice" {'),
            'd-twice.journey': '\uFEFF/* third */ journey Twice {\r\n  stage S "S" { goal "g" touchpoint T { channel Web owner Ops emotion 0 } }\r\n}\r\n',
            // A slip in the header: parsed (recovered) wherever it is indexed; its stage is named by another map's metric.
            'e-slip.journey': map('journey Slip "S" state {', '  stage Named "N" { goal "g" touchpoint T { channel Web owner Ops emotion 0 } }'),
            'f-metric.journey': map('journey Metric "M" {', '  stage S "S" { goal "g" touchpoint T { channel Web owner Ops emotion 0 } }\n  metric M "M" in Named target 5%'),
            // A slip in the body: the header is clean, the thread that lints the map finds it recovered.
            'g-body.journey': map('journey Body "B" {', '  stage S "S" { touchpoint T { channel Web emotion } }'),
            'h-keyword.journey': map('journey current "A value keyword as the name" {'),
            'i-twice.journey': map('journey Twice "Four" {')
        });
        const one = await lintedAlike(folder, [2, 3]);
        const messages = (JSON.parse(one) as LintResult[]).flatMap(result => result.messages.map(m => `${result.filePath.slice(folder.length + 1)}:${m.line}:${m.column} ${m.ruleId} ${m.message}`));
        expect(messages.filter(m => m.includes('duplicate-name'))).toEqual([
            expect.stringMatching(/^c-twice\.journey:1:9 duplicate-name .*b-twice\.journey \(line 3\)/),
            expect.stringMatching(/^d-twice\.journey:1:21 duplicate-name .*b-twice\.journey \(line 3\)/),
            expect.stringMatching(/^i-twice\.journey:1:9 duplicate-name .*b-twice\.journey \(line 3\)/)
        ]);
        expect(messages).toContainEqual(expect.stringMatching(/^e-slip\.journey:1:\d+ syntax/));
        expect(messages).toContainEqual(expect.stringMatching(/^g-body\.journey:2:\d+ syntax/));
    });

    test('a CR alone inside a journey body, a CR and an LF further on: the lines after the body are the same on every thread', async () => {
        const folder = tempTree({
            'a.journey': 'journey J "J" {\r  stage S "S" { goal "g" }\n}\npersona Dup "D"\n',
            'b.journey': 'persona Dup "D"\njourney K "K" { stage S "S" { goal "g" touchpoint T { personas Dup emotion 0 } } }\n'
        });
        const results = await lintedAlikeOnTwoThreads(folder);
        const b = results.find(result => result.filePath.endsWith('b.journey'))!;
        expect(b.messages.map(m => m.message)).toContainEqual(expect.stringMatching(/declared in a\.journey \(line 4\)/));
    });

    test('a string line ending in a backslash ends there, as the lexer reads it: the declarations after it are the same on every thread', async () => {
        const folder = tempTree({
            'a.journey': 'journey J "t" {\n  stage S "x\\\n} persona Ghost \'G\' persona Q \'q\\\n{ goal \'g\'\n}\n',
            'b.journey': 'journey K "K" { stage S "S" { goal "g" touchpoint T { personas Ghost emotion 0 } } }'
        });
        const messages = await messagesOnTwoThreads(folder, m => ` ${m.ruleId} ${m.message}`);
        expect(messages.filter(m => /unresolved-reference|persona-unused/.test(m))).toEqual([expect.stringMatching(/^a\.journey persona-unused .*'Q'/)]);
    });

    test('the examples (valid and invalid) give the same JSON on one thread and on two', async () => {
        const files: Record<string, string> = {};
        for (const folder of ['', 'invalid']) {
            for (const name of readdirSync(join(EXAMPLES, folder)).filter(n => n.endsWith('.journey'))) {
                files[join(folder, name)] = readFileSync(join(EXAMPLES, folder, name), 'utf8');
            }
        }
        const folder = tempTree(files);
        const one = reported(await lintJson(folder, 1, ['--workspace', '.']));
        const two = await lintJson(folder, 2, ['--workspace', '.']);
        expect(two.stderr).toBe('');
        expect(JSON.parse(one.stdout)).toHaveLength(Object.keys(files).length);
        expect(two.stdout).toBe(one.stdout);
        expect(two.code).toBe(one.code);
    });

    test('JOURNEY_THREADS works like --threads, and a bad value is a usage error', async () => {
        const folder = tempTree(crossFileWorkspace());
        const one = reported(await lintJson(folder, 1));
        const env = await journey(['lint', '--format', 'json', '.'], { cwd: folder, env: { JOURNEY_THREADS: '2' } });
        expect(env.stderr).toBe('');
        expect(env.stdout).toBe(one.stdout);
        const bad = await journey(['lint', '.'], { cwd: folder, env: { JOURNEY_THREADS: 'many' } });
        expect(bad.code).toBe(2);
        expect(bad.stderr).toContain("JOURNEY_THREADS expects a whole number of 1 or more, not 'many'");
    });

    test('a workspace whose ignore files differ from the folder search\'s, or a folder below the root: one thread, as many files as there', async () => {
        // A git repository whose .gitignore (above the workspace root, sub/ with its config) leaves out a map the workspace
        // still reads for its names: the search of sub/ skips it, the workspace's own listing does not.
        const user = (name: string) => `journey ${name} "${name}" {\n  stage S "S" { goal "g" touchpoint T { personas Hidden emotion 0 } }\n}\n`;
        const folder = tempTree({
            '.git': 'gitdir: elsewhere\n', '.gitignore': 'sub/hidden.journey\n',
            'sub/journey.config.json': '{}', 'sub/hidden.journey': 'persona Hidden "H" { goal "g" }\n',
            'sub/a.journey': user('A'), 'sub/b.journey': user('B'), 'sub/deeper/c.journey': user('C'), 'sub/deeper/d.journey': user('D')
        });
        for (const given of ['sub', 'sub/deeper']) {
            const one = reported(await journey(['lint', '--format', 'json', '--threads', '1', given], { cwd: folder }));
            const two = await journey(['lint', '--format', 'json', '--threads', '2', given], { cwd: folder });
            expect(one.stdout).not.toContain('unresolved-reference');
            expect(two.stderr).toContain('linting on one thread (the workspace has files beyond the ones given)');
            expect(two.stdout).toBe(one.stdout);
        }
    });

    test('threads asked for where they cannot be used: one thread, and the reason on stderr', async () => {
        const folder = tempTree(crossFileWorkspace());
        const run = await journey(['lint', '--format', 'json', '--threads', '2', 'z-uses.journey'], { cwd: folder });
        expect(run.stderr).toMatch(/linting on one thread \(.+\)/);
        expect(JSON.parse(run.stdout)).toHaveLength(1);
    });
});

describe('journey lint of a file that declares shared names, on worker threads', () => {
    /** crossFileWorkspace (errors in other maps) with a map that is not UTF-8: a-common.journey declares a persona no map uses. */
    function sharedWorkspace(extra: Record<string, string> = {}, withRecovered = false): string {
        const folder = tempTree({ ...crossFileWorkspace(withRecovered), ...extra });
        writeFileSync(join(folder, 'y-latin1.journey'), Buffer.from([0x6a, 0x6f, 0x75, 0x72, 0x6e, 0x65, 0x79, 0x20, 0xe9, 0x0a]));
        return folder;
    }

    /**
     * `journey lint --format json` of `args` in `folder`, on one thread and on `threads` (files dealt round-robin), with
     * the path lint took as it traces it (JOURNEY_LINT_TRACE, one line a step).
     */
    async function lintGiven(folder: string, args: string[], threads: number) {
        const trace = join(tempTree({}), 'trace.txt');
        const run = await journey(['lint', '--format', 'json', '--threads', String(threads), ...args], {
            cwd: folder, env: { JOURNEY_LINT_DEAL: 'round-robin', JOURNEY_LINT_TRACE: trace }
        });
        return { ...run, trace: existsSync(trace) ? readFileSync(trace, 'utf8') : '' };
    }

    test('the whole workspace is linted on workers and only the given files reported: the same JSON as one thread', async () => {
        // With a map the parser recovers too, which hides persona-unused wherever it is.
        const recovered = sharedWorkspace({}, true);
        const folder = sharedWorkspace();
        for (const given of [['a-common.journey'], ['a-common.journey', 'z-uses.journey'], ['m-duplicate.journey', 'filler-03.journey'], [join(recovered, 'a-common.journey')]]) {
            const one = reported(await lintGiven(folder, given, 1));
            const two = await lintGiven(folder, given, 2);
            expect(two.trace).toMatch(new RegExp(`^threads: 2 \\(0 started early\\)\nwhole workspace: ${given.length} of \\d+ files reported\n$`));
            expect(two.stderr).toBe('');
            expect(two.stdout).toBe(one.stdout);
            expect(two.code).toBe(one.code);
            expect((JSON.parse(two.stdout) as LintResult[]).map(result => result.filePath)).toEqual(given.map(file => resolve(folder, file)).sort());
        }
        const common = JSON.parse((await lintGiven(folder, ['a-common.journey'], 2)).stdout) as LintResult[];
        expect(common[0].messages.map(m => `${m.ruleId} ${m.message}`)).toEqual([expect.stringMatching(/^persona-unused .*Lonely/)]);
    });

    test('the warnings of the workspace\'s own configuration, which one thread prints too, are printed: no second lint on one thread', async () => {
        const folder = sharedWorkspace({ 'journey.config.json': '{ "rules": { "syntax": "off" } }' });
        const one = reported(await lintGiven(folder, ['a-common.journey'], 1));
        const two = await lintGiven(folder, ['a-common.journey'], 2);
        expect(one.stderr).toMatch(/^journey\.config\.json:1:\d+: .*syntax/);
        expect(two.trace).toMatch(/^threads: 2 \(0 started early\)\nwhole workspace: 1 of \d+ files reported\n$/);
        expect(two.stderr).toBe(one.stderr);
        expect(two.stdout).toBe(one.stdout);
        expect(two.code).toBe(one.code);
    });

    test('a map that names personas, channels or teams only in comments and strings declares none: linted alone, not with the whole workspace', async () => {
        const folder = sharedWorkspace({ 'c-commented.journey': '// Reviewed by the data team\n/* persona\n   channel */\njourney C "Team, persona and channel" {}\n' });
        const one = reported(await lintGiven(folder, ['c-commented.journey'], 1));
        const two = await lintGiven(folder, ['c-commented.journey'], 2);
        expect(two.trace).toBe('');
        expect(two.stderr).toBe('journey lint: linting on one thread (the workspace has files beyond the ones given).\n');
        expect(two.stdout).toBe(one.stdout);
    });

    test('under --workspace, what a configuration none of the given files uses would say (it is broken, it warns) is not said: one thread again', async () => {
        // q/ has a configuration of its own: a workspace of its own, but under --workspace . one with the rest.
        const brokenElsewhere = sharedWorkspace({ 'q/journey.config.json': '{ "rules": { "stage-empty": "loud" } }', 'q/map.journey': 'journey Q "Q" {}\n' });
        const warnedElsewhere = sharedWorkspace({ 'q/journey.config.json': '{ "rules": { "syntax": "off" } }', 'q/map.journey': 'journey Q "Q" {}\n' });
        for (const [folder, why] of [[brokenElsewhere, 'it stopped'], [warnedElsewhere, 'it said something on stderr']]) {
            const args = ['--workspace', '.', 'a-common.journey'];
            const one = reported(await lintGiven(folder, args, 1));
            const two = await lintGiven(folder, args, 2);
            expect(two.trace).toBe(`threads: 2 (0 started early)\nwhole workspace: one thread again (${why})\n`);
            expect(one.stderr).toBe('');
            expect(two.stderr).toBe('');
            expect(two.stdout).toBe(one.stdout);
            expect(two.code).toBe(one.code);
        }
    });
});

describe('journey lint on worker threads: each file read for its declarations by one thread only', () => {
    // Dealt round-robin, a thread indexes the files the next thread lints: every file below is indexed by a thread that does not lint it.
    const map = (name: string, body: string) => `journey ${name} "${name}" {\n${body}\n}\n`;
    const stage = (name: string) => `  stage ${name} "${name}" { goal "g" touchpoint T { channel Web personas Used owner Ops emotion 0 } }`;

    test('top-level declarations, a journey name in several maps, a header with a slip: as on one thread', async () => {
        const folder = tempTree({
            // Not a lone journey (top-level declarations): every thread parses it blanked, from the text another thread read.
            'a-common.journey': 'persona Used "U" { goal "g" }\npersona Lonely "L" { goal "g" }\nchannel Web "Web" digital\nteam Ops "Ops"\n',
            'b-first.journey': map('Twice', stage('S')),
            'c-second.journey': map('Twice', stage('S')),
            // Its header is not clean (a slip): parsed blanked by every thread, recovered where it is linted.
            'd-slip.journey': `journey Slip "S" state {\n${stage('S')}\n}\n`,
            'e-user.journey': map('User', stage('S').replace('Used', 'Used, Late')),
            'f-third.journey': map('Twice', stage('S')),
            'g-after.journey': `journey After "A" {\n${stage('S')}\n}\npersona Late "L" { goal "g" }\n`
        });
        const messages = JSON.parse(await lintedAlike(folder, [2, 3])) as LintResult[];
        const said = messages.flatMap(result => result.messages.map(m => `${result.filePath.slice(folder.length + 1)}:${m.line} ${m.ruleId} ${m.message}`));
        // Each map read by one thread, a name declared in three: the same messages, naming the first map, whichever thread read which.
        expect(said.filter(m => m.includes('duplicate-name'))).toEqual([
            expect.stringMatching(/^c-second\.journey:1 duplicate-name .*b-first\.journey \(line 1\)/),
            expect.stringMatching(/^f-third\.journey:1 duplicate-name .*b-first\.journey \(line 1\)/)
        ]);
        expect(said).toContainEqual(expect.stringMatching(/^d-slip\.journey:1 syntax/));
        // The personas of the files that are not one journey are found wherever each map is linted.
        expect(said.filter(m => m.includes('unresolved-reference'))).toEqual([]);
    });

    test('a map that is not UTF-8, read for its declarations by another thread: its one diagnostic, the others linted, as on one thread', async () => {
        const folder = tempTree({
            'a-common.journey': 'persona Used "U" { goal "g" }\nchannel Web "Web" digital\nteam Ops "Ops"\n',
            'b.journey': map('B', stage('S')),
            'd.journey': map('D', stage('S'))
        });
        writeFileSync(join(folder, 'c-latin1.journey'), Buffer.from(`${map('C', stage('S'))}// caf\xe9\n`, 'latin1'));
        const results = JSON.parse(await lintedAlike(folder, [2, 3])) as LintResult[];
        expect(results.map(result => [result.filePath.slice(folder.length + 1), result.messages.map(m => `${m.line}:${m.column} ${m.ruleId}`)])).toEqual([
            ['a-common.journey', []], ['b.journey', []], ['c-latin1.journey', ['4:7 syntax']], ['d.journey', []]
        ]);
    });

    test('a map that cannot be read (a socket), met by the thread that indexes it: the thread that lints it stops with the one-thread error', async () => {
        const folder = tempTree({ 'a.journey': map('A', ''), 'c.journey': map('C', ''), 'd.journey': map('D', '') });
        const server = createServer().listen(join(folder, 'b.journey'));
        await once(server, 'listening');
        // Named: a folder's search lists files only.
        const lint = (threads: number) => journey(['lint', '--format', 'json', '--threads', String(threads), 'a.journey', 'b.journey', 'c.journey', 'd.journey'], {
            cwd: folder, env: { JOURNEY_LINT_DEAL: 'round-robin' }
        });
        try {
            const one = await lint(1);
            expect(one.code).toBe(2);
            expect(one.stderr).toBe("journey lint: cannot read 'b.journey' (ENXIO: no such device or address)\n");
            for (const threads of [2, 3]) {
                const many = await lint(threads);
                expect([many.code, many.stderr, many.stdout]).toEqual([one.code, one.stderr, one.stdout]);
            }
        } finally {
            server.close();
        }
    });
});

describe('journey lint on worker threads: what loading says', () => {
    test('a broken configuration in a later shard stops every thread with the same error as one thread', async () => {
        const files = crossFileWorkspace(false);
        const folder = tempTree({ ...files, 'zz/journey.config.json': '{ "rules": { "stage-empty": "loud" } }', 'zz/map.journey': files['filler-00.journey'] });
        const one = await lintJson(folder, 1, ['--workspace', '.']);
        expect(one.code).toBe(2);
        expect(one.stderr).toContain('zz/journey.config.json:1:');
        const three = await lintJson(folder, 3, ['--workspace', '.']);
        expect(three.code).toBe(2);
        expect(three.stderr).toBe(one.stderr);
        expect(three.stdout).toBe(one.stdout);
    });

    test('a file that is not UTF-8 (a diagnostic, not a stop) leaves an earlier file\'s broken configuration the error, as on one thread', async () => {
        const files = crossFileWorkspace(false);
        const folder = tempTree({ ...files, 'b/journey.config.json': '{ "rules": { "stage-empty": "loud" } }', 'b/map.journey': files['filler-00.journey'] });
        // Not UTF-8, at the end of the path order: one thread reads every file before it checks a configuration.
        writeFileSync(join(folder, 'zz-latin1.journey'), Buffer.from([0x6a, 0x6f, 0x75, 0x72, 0x6e, 0x65, 0x79, 0x20, 0xe9, 0x0a]));
        const one = await lintJson(folder, 1, ['--workspace', '.']);
        expect(one.code).toBe(2);
        expect(one.stderr).toContain('b/journey.config.json:1:');
        expect(one.stderr).not.toContain('zz-latin1');
        for (const threads of [2, 3]) {
            const many = await lintJson(folder, threads, ['--workspace', '.']);
            expect(many.stderr).toBe(one.stderr);
            expect(many.code).toBe(2);
        }
    });

    test('the warnings of several configuration files come in the order one thread tells them', async () => {
        const files: Record<string, string> = {};
        // Three folders, each with its own configuration and enough maps that every thread claims some of each.
        for (const folder of ['a', 'm', 'z']) {
            files[`${folder}/journey.config.json`] = `{ "rules": { "syntax": "off", "internal-error": "warning" } }`;
            for (const [name, text] of Object.entries(crossFileWorkspace(false))) files[`${folder}/${name}`] = text;
        }
        const folder = tempTree(files);
        const one = await lintJson(folder, 1, ['--workspace', '.']);
        expect(one.stderr.match(/journey\.config\.json/g)).toHaveLength(6);
        expect(one.stderr.indexOf('a/journey.config.json')).toBeLessThan(one.stderr.indexOf('m/journey.config.json'));
        for (const threads of [2, 3]) {
            const many = await lintJson(folder, threads, ['--workspace', '.']);
            expect(many.stderr).toBe(one.stderr);
            expect(many.stdout).toBe(one.stdout);
        }
    });

    test('a configuration warning is told once, as on one thread', async () => {
        const folder = tempTree({ ...crossFileWorkspace(false), 'journey.config.json': '{ "rules": { "syntax": "off" } }' });
        const one = await lintJson(folder, 1);
        const two = await lintJson(folder, 2);
        expect(one.stderr).toMatch(/^journey\.config\.json:1:\d+: warning: rule "syntax" cannot be turned off or down[^\n]*\n$/);
        expect(two.stderr).toBe(one.stderr);
        expect(two.stdout).toBe(one.stdout);
    });
});
