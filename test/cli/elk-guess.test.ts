// Which renders start ELK's thread (src/cli/elk-guess.ts): a guess from the text, before
// Langium loads, that a map's flows need ELK. A wrong guess costs time only (the pictures are
// the same either way: elk-thread.test.ts), but a map ELK orders that the guess misses pays
// ELK's whole cold start on the command's thread, and a chain guessed wrongly pays the thread.
import { execFile, spawn } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AstUtils, GrammarAST } from 'langium';
import { describe, expect, test } from 'vitest';
import { generateMap, SHARED_DECLARATIONS } from '../../bench/generate-maps.js';
import { GUESS_LIMIT, GUESSED_GRAMMAR, mayNeedElk, rendersMayNeedElk } from '../../src/cli/elk-guess.js';
import { JourneyMapsGrammar } from '../../src/language/generated/grammar.js';
import { JourneyTerminals } from '../../src/language/generated/ast.js';
import { wantsElkThread } from '../../src/cli/elk-thread.js';
import { clearOrderCache } from '../../src/diagram/elk-order.js';
import { parseMap, pipeline } from '../diagram/fixtures.js';
import { journey, REPO, tempTree } from './run-cli.js';

const chain = generateMap(0, 60);
/** A machine with a core to spare (the load average decides otherwise). */
const idle = () => true;
const branching = chain.replace(/next P1\b/, 'next P1, P3');

describe("the guess that a render needs ELK's thread", () => {
    test('a chain through the touchpoints in text order needs none; a branch, a merge, a jump or a loop may', () => {
        expect(mayNeedElk(chain)).toBe(false);
        expect(mayNeedElk(branching)).toBe(true);
        // P0 and P1 both go to P2 (P1 no longer to its follower): a merge.
        expect(mayNeedElk(chain.replace(/next P1\b/, 'next P2'))).toBe(true);
        // P5 goes back to P0 at the end: a loop.
        expect(mayNeedElk(chain.replace(/(touchpoint P59 \{[^}]*)\}/, '$1 next P0 }'))).toBe(true);
        // Written over several lines, as a formatter may.
        expect(mayNeedElk(chain.replace(/next P1\b/, 'next P1,\n      P3'))).toBe(true);
        // No flow at all: nothing to order.
        expect(mayNeedElk(chain.replace(/ next P\d+/g, ''))).toBe(false);
        expect(mayNeedElk('')).toBe(false);
    });

    test('no map ELK orders is missed: the pipeline asks ELK only where the guess says it may', async () => {
        // The examples' flows are chains, or their cells hold one touchpoint: ELK orders none of
        // them. So: the generated map with each way a chain can turn into something else.
        await parseMap(SHARED_DECLARATIONS);
        const variants = Array.from({ length: 16 }, (_, i) => {
            const k = (7 * i + 3) % 57 + 1;
            const next = [`next P${k + 1}, P${k + 3}`, `next P${k + 2}`, `next P${k - 1}`, '', `next P${k + 1} next P${k + 2}`][i % 5];
            return chain.replace(new RegExp(`(touchpoint P${k} \\{[^}]*?) next P${k + 1}\\b`), `$1 ${next}`);
        });
        expect(new Set(variants).size).toBe(variants.length);
        let ordered = 0;
        for (const text of variants) {
            clearOrderCache();
            const layouts = await pipeline(await parseMap(text));
            const elk = layouts.some(({ layout }) => layout.ordering === 'elk');
            if (elk) ordered++;
            if (elk) expect(mayNeedElk(text)).toBe(true);
        }
        expect(ordered).toBeGreaterThan(10);
    });

    test('only the .journey files named are read; folders, globs and missing files start no thread', () => {
        const folder = tempTree({ 'common.journey': SHARED_DECLARATIONS, 'chain.journey': chain, 'branching.journey': branching, 'maps/branching.journey': branching });
        expect(rendersMayNeedElk(folder, ['branching.journey', '-f', 'svg', '-o', 'out.svg'])).toBe(true);
        expect(rendersMayNeedElk(folder, ['chain.journey', 'common.journey', '-o', 'out.svg'])).toBe(false);
        expect(rendersMayNeedElk(folder, ['chain.journey', 'branching.journey'])).toBe(true);
        expect(rendersMayNeedElk(folder, ['maps', 'maps/*.journey', 'missing.journey', '-'])).toBe(false);
    });

    test('the thread starts for a guessed need while a core is idle; JOURNEY_ELK_THREAD=on or off (any case) decides instead', () => {
        const folder = tempTree({ 'chain.journey': chain, 'branching.journey': branching });
        // No cache: a mark in the user's cache (another run drew the same text) would decide otherwise.
        const env = (setting?: string) => ({ JOURNEY_CACHE_DIR: 'off', ...(setting !== undefined && { JOURNEY_ELK_THREAD: setting }) });
        expect(wantsElkThread(folder, env(), ['branching.journey'], idle)).toBe(true);
        expect(wantsElkThread(folder, env(), ['branching.journey'], () => false)).toBe(false);
        expect(wantsElkThread(folder, env(), ['chain.journey'], idle)).toBe(false);
        for (const off of ['off', 'OFF', ' Off ']) expect(wantsElkThread(folder, env(off), ['branching.journey'], idle)).toBe(false);
        for (const on of ['on', 'ON', 'On']) expect(wantsElkThread(folder, env(on), ['chain.journey'], () => false)).toBe(true);
        // Another value decides nothing, and says so once it is given somewhere to say it.
        let warned = '';
        expect(wantsElkThread(folder, env('1'), ['chain.journey'], idle, { write: (text: string) => (warned += text) })).toBe(false);
        expect(wantsElkThread(folder, env('yes'), ['branching.journey'], idle, { write: (text: string) => (warned += text) })).toBe(true);
        expect(warned).toBe("journey: JOURNEY_ELK_THREAD: unknown value '1' (expected on or off): ignored\njourney: JOURNEY_ELK_THREAD: unknown value 'yes' (expected on or off): ignored\n");
        expect(wantsElkThread(folder, env(''), ['branching.journey'], idle, { write: () => { throw new Error('no warning for an empty value'); } })).toBe(true);
        // The load average the tests assume (elk-thread.test.ts: the default path, whatever the machine's load).
        expect(wantsElkThread(folder, { ...env(), JOURNEY_TEST_LOAD_AVERAGE: '0' }, ['branching.journey'])).toBe(true);
        expect(wantsElkThread(folder, { ...env(), JOURNEY_TEST_LOAD_AVERAGE: '1000' }, ['branching.journey'])).toBe(false);
    });

    test('JOURNEY_ELK_THREAD: another value than on or off is warned about once on stderr, and the map drawn', async () => {
        const folder = tempTree({ 'common.journey': SHARED_DECLARATIONS, 'map.journey': branching });
        const run = await journey(['render', 'map.journey', '-f', 'svg'], { cwd: folder, env: { JOURNEY_CACHE_DIR: 'off', JOURNEY_ELK_THREAD: '1' } });
        expect(run.stderr).toBe("journey: JOURNEY_ELK_THREAD: unknown value '1' (expected on or off): ignored\n");
        expect(run.code).toBe(0);
        expect(run.stdout).toContain('<svg');
        const upper = await journey(['render', 'map.journey', '-f', 'svg'], { cwd: folder, env: { JOURNEY_CACHE_DIR: 'off', JOURNEY_ELK_THREAD: 'ON' } });
        expect(upper.stderr).toBe('');
        expect(upper.stdout).toBe(run.stdout);
    });

    test('a map drawn before with its ELK answers kept starts no thread until its text changes; the picture is the same', async () => {
        const folder = tempTree({ 'common.journey': SHARED_DECLARATIONS, 'map.journey': branching, 'chain.journey': chain });
        const env = { JOURNEY_CACHE_DIR: 'cache' };
        const render = async (file: string) => {
            const run = await journey(['render', file, '-f', 'svg'], { cwd: folder, env });
            expect(run.stderr).toBe('');
            expect(run.code).toBe(0);
            return run.stdout;
        };
        const drawnMarks = () => readdirSync(join(folder, 'cache', 'elk')).filter(name => name.endsWith('.drawn.json'));
        expect(wantsElkThread(folder, env, ['map.journey'], idle)).toBe(true);
        const first = await render('map.journey');
        expect(drawnMarks()).toHaveLength(1);
        expect(wantsElkThread(folder, env, ['map.journey'], idle)).toBe(false);
        expect(await render('map.journey')).toBe(first);
        // A chain needs no mark: the guess already starts no thread for it.
        await render('chain.journey');
        expect(drawnMarks()).toHaveLength(1);
        // Another text (a label edited) is guessed again; without the cache, always.
        writeFileSync(join(folder, 'map.journey'), branching.replace('Parcours n°0', 'Parcours zéro'));
        expect(wantsElkThread(folder, env, ['map.journey'], idle)).toBe(true);
        expect(wantsElkThread(folder, { JOURNEY_CACHE_DIR: 'off' }, ['map.journey'], idle)).toBe(true);
        await render('map.journey');
        expect(drawnMarks()).toHaveLength(2);
    });

    test('no mark when the answers could not be kept (a cache folder that cannot be made)', async () => {
        const folder = tempTree({ 'common.journey': SHARED_DECLARATIONS, 'map.journey': branching, blocked: 'a file' });
        const env = { JOURNEY_CACHE_DIR: 'blocked/cache' };
        const run = await journey(['render', 'map.journey', '-f', 'svg'], { cwd: folder, env });
        expect(run.code).toBe(0);
        expect(wantsElkThread(folder, env, ['map.journey'], idle)).toBe(true);
    });

    test('a next list of 2,000,000 targets is guessed, not a crash (a regex repeating the list overflowed its stack)', () => {
        const targets = Array.from({ length: 2_000_000 }, () => 'b').join(', ');
        expect(mayNeedElk(`touchpoint a { next ${targets} }\ntouchpoint b {}`)).toBe(true);
        // The same reading of a list as before: separators with or without spaces and lines, a trailing one.
        expect(mayNeedElk('touchpoint a { next b }\ntouchpoint b {}')).toBe(false);
        expect(mayNeedElk('touchpoint a { next b , }\ntouchpoint b {}')).toBe(false);
        expect(mayNeedElk('touchpoint a { next b,\n c }\ntouchpoint b {}')).toBe(true);
        expect(mayNeedElk('touchpoint a { next b,c }\ntouchpoint b {}')).toBe(true);
    });

    test('a map over GUESS_LIMIT bytes is not read for the guess', () => {
        const padding = `// ${'x'.repeat(GUESS_LIMIT)}\n`;
        const folder = tempTree({ 'big.journey': branching + padding, 'small.journey': branching });
        expect(rendersMayNeedElk(folder, ['small.journey'])).toBe(true);
        expect(rendersMayNeedElk(folder, ['big.journey'])).toBe(false);
    });

    test("the guess's words are the grammar's: touchpoint NAME, next NAME, NAME, and what a Name may be", () => {
        const grammar = JourneyMapsGrammar();
        const rule = (name: string) => grammar.rules.find((r): r is GrammarAST.ParserRule => GrammarAST.isParserRule(r) && r.name === name)!;
        const elements = (name: string) => [...AstUtils.streamAllContents(rule(name).definition)];
        // touchpoint: its keyword then its name.
        const touchpoint = elements('Touchpoint');
        const nameAssignment = touchpoint.find(e => GrammarAST.isAssignment(e) && e.feature === 'name') as GrammarAST.Assignment;
        expect(nameAssignment.$container?.$type).toBe('Group');
        const group = (nameAssignment.$container as GrammarAST.Group).elements;
        expect((group[group.indexOf(nameAssignment) - 1] as GrammarAST.Keyword).value).toBe(GUESSED_GRAMMAR.touchpoint);
        // next: its keyword, then targets separated by the separator.
        const next = touchpoint.filter(e => GrammarAST.isAssignment(e) && e.feature === 'next') as GrammarAST.Assignment[];
        expect(next).toHaveLength(2);
        const nextGroup = (next[0].$container as GrammarAST.Group).elements;
        expect((nextGroup[nextGroup.indexOf(next[0]) - 1] as GrammarAST.Keyword).value).toBe(GUESSED_GRAMMAR.next);
        expect(((next[1].$container as GrammarAST.Group).elements[0] as GrammarAST.Keyword).value).toBe(GUESSED_GRAMMAR.separator);
        // A Name is an ID or a keyword; every one is a NAME of the guess, and none holds a separator, brace, quote or space.
        const alternatives = (rule('Name').definition as GrammarAST.Alternatives).elements;
        const whole = new RegExp(`^${GUESSED_GRAMMAR.name}$`, 'u');
        for (const alternative of alternatives) {
            if (GrammarAST.isKeyword(alternative)) expect(alternative.value).toMatch(whole);
            else expect((alternative as GrammarAST.RuleCall).rule.ref?.name).toBe('ID');
        }
        const id = new RegExp(`^(?:${JourneyTerminals.ID.source})$`, JourneyTerminals.ID.flags);
        for (const name of ['a', 'P1', 'étape_2', 'Ä1']) expect(name).toMatch(id), expect(name).toMatch(whole);
        for (const character of [' ', '\t', '\n', ',', '{', '}', '"']) expect(`a${character}`).not.toMatch(id);
    });

    test('render of a map that is a named pipe draws it and exits, the thread by default, on or off', async () => {
        if (process.platform === 'win32') return;
        const folder = tempTree({ 'common.journey': SHARED_DECLARATIONS, 'source.journey': branching });
        for (const setting of [undefined, 'off', 'on']) {
            const pipe = join(folder, `pipe-${setting ?? 'default'}.journey`);
            await run('mkfifo', [pipe], folder);
            const writer = spawn('sh', ['-c', `cat source.journey > '${pipe}'`], { cwd: folder, stdio: 'ignore' });
            const env = { ...process.env, JOURNEY_CACHE_DIR: 'cache', JOURNEY_TEST_LOAD_AVERAGE: '0', ...(setting && { JOURNEY_ELK_THREAD: setting }) };
            const rendered = await run(process.execPath, [join(REPO, 'bin', 'journey.js'), 'render', pipe, '-f', 'svg'], folder, env);
            writer.kill();
            expect(rendered.error, `JOURNEY_ELK_THREAD=${setting}: ${rendered.stderr}`).toBeUndefined();
            expect(rendered.stdout).toContain('<svg');
        }
        // Nothing to remember of a pipe: the guess never reads one.
        expect(existsSync(join(folder, 'cache', 'elk')) ? readdirSync(join(folder, 'cache', 'elk')).filter(name => name.endsWith('.drawn.json')) : []).toEqual([]);
    }, 60_000);
});

/** Runs `command`, killed after 15 s (a hang is an error, not a test that never ends). */
function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<{ error?: Error; stdout: string; stderr: string }> {
    return new Promise(resolve => execFile(command, args, { cwd, env, timeout: 15_000 }, (error, stdout, stderr) => resolve({ error: error ?? undefined, stdout, stderr })));
}
