// journey render: the real CLI on the examples, SVG checked as XML, PNG by its header.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { elements, parseXml, type XmlElement } from '../diagram/xml.js';
import { EXAMPLES, journey, tempTree } from '../cli/run-cli.js';
import { CLEAN_EXAMPLES } from '../examples.js';
import { exportModel } from '../../src/export/model.js';
import { loadExamples } from '../diagram/fixtures.js';

const MAPS = CLEAN_EXAMPLES.filter(f => f !== 'common.journey');

/** All the text the SVG shows, wrapped lines joined by spaces. */
function shownText(svg: XmlElement): string {
    const text = (e: XmlElement): string => e.children.map(c => typeof c === 'string' ? c : text(c)).join('');
    return [...elements(svg)].filter(e => e.name === 'text').map(text).join(' ').replace(/\s+/g, ' ');
}

describe('journey render', () => {
    it.each(MAPS)('%s: well-formed standalone SVG with every stage and touchpoint label, no script', async file => {
        const run = await journey(['render', join(EXAMPLES, file)]);
        expect(run.code, run.stderr).toBe(0);
        const svg = parseXml(run.stdout);
        expect(svg.name).toBe('svg');
        const shown = shownText(svg);
        const doc = (await loadExamples()).find(e => e.file === file)!.doc;
        for (const j of exportModel(doc.parseResult.value).journeys) {
            for (const stage of j.stages) {
                expect(shown).toContain(stage.label);
                for (const tp of stage.touchpoints) expect(shown).toContain(tp.label);
            }
        }
        for (const element of elements(svg)) {
            expect(element.name).not.toBe('script');
            expect(element.name).not.toBe('foreignObject');
            for (const [name, value] of Object.entries(element.attributes)) {
                expect(name).not.toMatch(/^on/i);
                if (/href$/i.test(name)) expect(value).toMatch(/^#/); // no remote or data reference
            }
        }
        // Its one kind of url(): the embedded font, as data.
        expect(run.stdout).not.toMatch(/@import|url\((?!#|data:font\/woff2;base64,)/);
        expect(run.stdout.match(/@font-face\{font-family:Arimo;font-weight:(400|600);src:url\(data:font\/woff2;base64,/g)).toHaveLength(2);
    });

    it('PNG starts with the PNG signature and has the SVG\'s width and height', async () => {
        const dir = tempTree({});
        const retail = join(EXAMPLES, 'retail-ideal.journey');
        expect((await journey(['render', retail, '-f', 'png', '-o', join(dir, 'map.png'), '--theme', 'dark'])).code).toBe(0);
        expect((await journey(['render', retail, '-o', join(dir, 'map.svg'), '--theme', 'dark'])).code).toBe(0);
        const png = readFileSync(join(dir, 'map.png'));
        expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
        const svg = parseXml(readFileSync(join(dir, 'map.svg'), 'utf8'));
        // IHDR: width and height, big-endian, at bytes 16 and 20.
        expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([Number(svg.attributes.width), Number(svg.attributes.height)]);
    });

    it('HTML is one self-contained page with the SVG, zoom and pan, and a hash-pinned script', async () => {
        const run = await journey(['render', join(EXAMPLES, 'retail-ideal.journey'), '--format', 'html']);
        expect(run.code).toBe(0);
        const html = run.stdout;
        expect(html).toContain('<svg xmlns="http://www.w3.org/2000/svg"');
        expect(html).toMatch(/script-src 'sha256-[A-Za-z0-9+/=]+'/);
        expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/);
        const script = /<script>([\s\S]*)<\/script>/.exec(html)![1];
        const { createHash } = await import('node:crypto');
        expect(html).toContain(`'sha256-${createHash('sha256').update(script).digest('base64')}'`);
        expect(script).toContain('wheel');
    });

    it('several journeys: one file each into a folder, or a message naming the ids', async () => {
        const dir = tempTree({ 'two.journey': 'journey Un { stage A { touchpoint T1 } }\njourney Deux { stage B { touchpoint T2 } }\n' });
        const ask = await journey(['render', 'two.journey'], { cwd: dir });
        expect(ask.code).toBe(2);
        expect(ask.stderr).toBe('journey render: two.journey has 2 journeys (Un, Deux): pick one with --journey ID, or give a folder with -o DIR/\n');
        const each = await journey(['render', 'two.journey', '-o', 'out/'], { cwd: dir });
        expect(each.code, each.stderr).toBe(0);
        expect(readdirSync(join(dir, 'out')).sort()).toEqual(['Deux.svg', 'Un.svg']);
        const one = await journey(['render', 'two.journey', '--journey', 'Deux', '--lanes', 'touchpoints', '--group-by', 'persona'], { cwd: dir });
        expect(shownText(parseXml(one.stdout))).toContain('T2');
        expect(shownText(parseXml(one.stdout))).not.toContain('T1');
    });

    it('journeys of one id in files of one name (three workspaces) each get their own file in the folder', async () => {
        const files: Record<string, string> = {};
        for (const x of ['a', 'b', 'c', 'd/a']) {
            files[`${x}/journey.config.json`] = '{}\n';
            files[`${x}/checkout.journey`] = `journey Checkout "Checkout ${x}" { stage S { touchpoint T } }\n`;
        }
        const dir = tempTree(files);
        const args = ['render', 'a/checkout.journey', 'b/checkout.journey', 'c/checkout.journey', 'd/a/checkout.journey', '-o', 'out/'];
        const run = await journey(args, { cwd: dir });
        expect(run.code, run.stderr).toBe(0);
        const names = ['Checkout.svg', 'b.checkout.Checkout.svg', 'c.checkout.Checkout.svg', 'd.a.checkout.Checkout.svg'];
        expect(run.stderr).toBe(names.map(name => `wrote ${join('out', name)}\n`).join(''));
        expect(readdirSync(join(dir, 'out')).sort()).toEqual([...names].sort());
        // Each picture is its own map's, and the names do not depend on the run.
        names.forEach((name, i) => expect(shownText(parseXml(readFileSync(join(dir, 'out', name), 'utf8')))).toContain(`Checkout ${['a', 'b', 'c', 'd/a'][i]}`));
        expect((await journey(args, { cwd: dir })).stderr).toBe(run.stderr);
    });

    it('two journeys of one id in one file are told apart by -2, after the prefix their file gets', async () => {
        const twice = 'journey Dup "first" { stage S { touchpoint T } }\njourney Dup "second" { stage S { touchpoint T } }\n';
        const dir = tempTree({ 'a/dup.journey': 'journey Dup "other" { stage S { touchpoint T } }\n', 'c/dup.journey': twice });
        const alone = await journey(['render', 'c/dup.journey', '-o', 'alone/'], { cwd: dir });
        expect(alone.stderr).toBe(['Dup.svg', 'Dup-2.svg'].map(name => `wrote ${join('alone', name)}\n`).join(''));
        expect(shownText(parseXml(readFileSync(join(dir, 'alone', 'Dup-2.svg'), 'utf8')))).toContain('second');
        const both = await journey(['render', 'a/dup.journey', 'c/dup.journey', '-o', 'both/'], { cwd: dir });
        expect(both.stderr).toBe(['Dup.svg', 'c.dup.Dup.svg', 'c.dup.Dup-2.svg'].map(name => `wrote ${join('both', name)}\n`).join(''));
    });

    it('an unknown --persona exits 2 listing the personas of the journey', async () => {
        const dir = tempTree({ 'p.journey': 'journey J { persona Karim persona Lea "Léa" stage S { touchpoint T { personas Karim } } }\n' });
        const run = await journey(['render', 'p.journey', '--persona', 'Nobody'], { cwd: dir });
        expect(run.code).toBe(2);
        expect(run.stdout).toBe('');
        expect(run.stderr).toBe("journey render: --persona: no persona 'Nobody' in journey J (personas: Karim, Lea)\n");
        expect((await journey(['render', 'p.journey', '--persona', 'Lea'], { cwd: dir })).code).toBe(0);
    });

    it('--persona over several journeys draws those the persona goes through, as --journey picks, not empty maps of the others', async () => {
        const dir = tempTree({ 'p.journey': 'journey Now { persona Karim stage S { touchpoint T { personas Karim } } }\njourney Later { persona Lea stage S { touchpoint U { personas Lea } } }\n' });
        const folder = await journey(['render', 'p.journey', '--persona', 'Karim', '-o', 'out/'], { cwd: dir });
        expect(folder.stderr).toBe(`wrote ${join('out', 'Now.svg')}\n`);
        expect(readdirSync(join(dir, 'out'))).toEqual(['Now.svg']);
        // One journey left: one picture, as with --journey.
        const one = await journey(['render', 'p.journey', '--persona', 'Lea', '-f', 'svg'], { cwd: dir });
        expect(one.stderr).toBe('');
        expect(shownText(parseXml(one.stdout))).toContain('1 stage · 1 touchpoint · persona: Lea');
    });

    it('a file with no journey asked for as one picture (-o FILE or stdout) is an error (exit 2), not an empty success', async () => {
        const dir = tempTree({ 'empty.journey': '', 'common.journey': 'persona Ana "Ana"\n' });
        for (const args of [['empty.journey', '-o', 'map.svg'], ['common.journey', '-o', 'map.png'], ['common.journey']]) {
            const run = await journey(['render', ...args], { cwd: dir });
            expect(run.code, args.join(' ')).toBe(2);
            expect(run.stdout).toBe('');
            expect(run.stderr).toMatch(/^journey render: (empty|common)\.journey holds no journey: nothing to render\n$/);
        }
        expect(readdirSync(dir).sort()).toEqual(['common.journey', 'empty.journey']);
        // Into a folder (CI rendering every map), a shared file alone is skipped as before.
        const folder = await journey(['render', 'common.journey', '-o', 'out/'], { cwd: dir });
        expect(folder.code).toBe(0);
    });

    it('bad input: syntax error with file:line:column (exit 1), bad options (exit 2)', async () => {
        const dir = tempTree({ 'bad.journey': 'journey J {\n  stage S {\n    touchpoint T { emotion }\n  }\n}\n' });
        const broken = await journey(['render', 'bad.journey'], { cwd: dir });
        expect(broken.code).toBe(1);
        expect(broken.stderr).toMatch(/^journey render: bad\.journey:3:\d+: /);
        const lane = await journey(['render', join(EXAMPLES, 'retail-ideal.journey'), '--lanes', 'touchpoints,mood']);
        expect(lane.code).toBe(2);
        expect(lane.stderr).toContain("--lanes: unknown value 'mood'");
        expect((await journey(['render', 'missing.journey'], { cwd: dir })).stderr).toContain("no such file or folder: 'missing.journey'");
    });
});
