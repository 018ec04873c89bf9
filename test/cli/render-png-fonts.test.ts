// `journey render -f png` carries one font, Arimo: characters it lacks (emoji, …) are drawn from the
// installed fonts, glyph by glyph, and when no installed font has them one warning names them and the
// first label that uses them (src/cli/png-fonts.ts). SVG and HTML leave glyphs to the viewer's fonts,
// with the platforms' emoji fonts in their font stack. Fonts relied on: DejaVu Sans (Debian's
// fonts-dejavu-core, on every machine of this project) has 😡 (U+1F621), which Arimo lacks; no font
// has U+10FFFD, the last private-use code point.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, test } from 'vitest';
import { journey, tempTree } from './run-cli.js';

const NO_FONT_HAS = '\u{10FFFD}';
const DEJAVU_HAS = '\u{1F621}';

/** A map whose title ends with `title`; persona lines as given. */
function map(title: string, persona = 'persona Ana "Ana" { goal "Acheter" }'): string {
    return `// A comment is not drawn: ${NO_FONT_HAS} here is no label.
journey Essai "Essai ${title}" {
  ${persona}
  channel Web "Web" digital
  stage Achat "Achat" {
    touchpoint Panier "Panier" {
      channel Web
      personas Ana
      emotion 1
    }
  }
}
`;
}

/** `journey render map.journey -f png` in a folder of these files: the run and the decoded picture. */
async function renderPng(files: Record<string, string>): Promise<{ stderr: string; png: PNG }> {
    const folder = tempTree(files);
    const run = await journey(['render', 'map.journey', '-f', 'png', '-o', 'map.png'], { cwd: folder });
    expect(run.code, run.stderr).toBe(0);
    return { stderr: run.stderr, png: PNG.sync.read(readFileSync(join(folder, 'map.png'))) };
}

/** The bounding box of the pixels that differ between two pictures of one size, and how many differ. */
function difference(a: PNG, b: PNG): { count: number; width: number; height: number } {
    expect([a.width, a.height]).toEqual([b.width, b.height]);
    let count = 0, left = Infinity, right = -1, top = Infinity, bottom = -1;
    for (let y = 0; y < a.height; y++) {
        for (let x = 0; x < a.width; x++) {
            const i = 4 * (y * a.width + x);
            if (a.data.readUInt32BE(i) === b.data.readUInt32BE(i)) continue;
            count++;
            left = Math.min(left, x); right = Math.max(right, x);
            top = Math.min(top, y); bottom = Math.max(bottom, y);
        }
    }
    return { count, width: right - left + 1, height: bottom - top + 1 };
}

describe('render -f png and characters the bundled font lacks', () => {
    test('one an installed font has is drawn from it, the rest of the line staying in Arimo: only its glyph differs from the empty box', async () => {
        const [drawn, box] = await Promise.all([renderPng({ 'map.journey': map(DEJAVU_HAS) }), renderPng({ 'map.journey': map(NO_FONT_HAS) })]);
        expect(drawn.stderr).toBe('');
        const changed = difference(drawn.png, box.png);
        // A glyph, not a box: many pixels differ, all within one character's square (the title is 20 px),
        // so the title's other letters are the same pixels: still Arimo's, not the fallback font's.
        expect(changed.count).toBeGreaterThan(40);
        expect(changed.width).toBeLessThanOrEqual(30);
        expect(changed.height).toBeLessThanOrEqual(30);
    });

    test('one no installed font has: the PNG is written, with one warning naming it and the first label using it', async () => {
        const { stderr, png } = await renderPng({ 'map.journey': map(`${NO_FONT_HAS} et ${NO_FONT_HAS}`, `persona Ana "Ana ${NO_FONT_HAS}" { goal "Acheter ${NO_FONT_HAS}" }`) });
        expect(png.width).toBeGreaterThan(0);
        // Line 2 (the comment before it is not drawn), at the title's opening quote.
        expect(stderr).toBe(`map.journey:2:15: warning: no installed font can draw ${NO_FONT_HAS} U+10FFFD: the PNG shows empty boxes for them; install a font that has them, or render SVG or HTML\n`);
    });

    test("a persona declared in another file of the workspace: the warning points there", async () => {
        const { stderr } = await renderPng({
            'map.journey': map('').replace(/^ {2}persona .*\n/m, ''),
            'people.journey': `persona Ana "Ana ${NO_FONT_HAS}" { goal "Acheter" }\n`
        });
        expect(stderr).toMatch(/^people\.journey:1:13: warning: no installed font can draw \u{10FFFD} U\+10FFFD:[^\n]*\n$/u);
    });
});

describe('SVG and HTML leave glyphs to the viewer', () => {
    test("their font stack ends with the platforms' emoji fonts", async () => {
        const folder = tempTree({ 'map.journey': map(DEJAVU_HAS) });
        for (const format of ['svg', 'html']) {
            const run = await journey(['render', 'map.journey', '-f', format], { cwd: folder });
            expect(run.code, run.stderr).toBe(0);
            expect(run.stdout).toContain('.journey-map{font-family:Arimo,Arial,Helvetica,sans-serif,"Apple Color Emoji","Segoe UI Emoji","Noto Color Emoji"}');
        }
    });
});

describe('compare and diff pictures as PNG and characters no installed font has', () => {
    const before = map('');
    const after = before.replace('touchpoint Panier "Panier"', `touchpoint Panier "Panier ${NO_FONT_HAS}"`);
    const warning = `b.journey: warning: no installed font can draw ${NO_FONT_HAS} U+10FFFD: the PNG shows empty boxes for them`;

    test('compare -f png: the PNG is written, with the warning at the file whose journey has them', async () => {
        const folder = tempTree({ 'a.journey': before, 'b.journey': after });
        const run = await journey(['compare', 'a.journey', 'b.journey', '-f', 'png', '-o', 'c.png'], { cwd: folder });
        expect(run.code, run.stderr).toBe(0);
        expect(PNG.sync.read(readFileSync(join(folder, 'c.png'))).width).toBeGreaterThan(0);
        expect(run.stderr).toContain(warning);
    });

    test('diff --render DIR --render-format png: the same warning', async () => {
        const folder = tempTree({ 'a.journey': before, 'b.journey': after });
        const run = await journey(['diff', 'a.journey', 'b.journey', '--render', 'pics', '--render-format', 'png'], { cwd: folder });
        expect(run.code, run.stderr).toBe(0);
        expect(run.stderr).toContain(warning);
    });
});

describe('font folders holding what is no usable font file', () => {
    /** A folder given as XDG_DATA_HOME whose fonts/ holds `files` (made by `make`), and no system folder. */
    function fontHome(make: (fonts: string) => void): NodeJS.ProcessEnv {
        const home = mkdtempSync(join(tmpdir(), 'journey-font-home-'));
        mkdirSync(join(home, 'fonts'));
        make(join(home, 'fonts'));
        return { XDG_DATA_HOME: home, XDG_DATA_DIRS: join(home, 'none'), HOME: home };
    }
    const DEJAVU = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';

    test('a FIFO named *.ttf is not opened: the render ends, and DejaVu next to it still draws', async () => {
        const env = fontHome(fonts => {
            execFileSync('mkfifo', [join(fonts, 'pipe.ttf')]);
            copyFileSync(DEJAVU, join(fonts, 'z-dejavu.ttf'));
        });
        const folder = tempTree({ 'map.journey': map('\u265E') });
        const run = await journey(['render', 'map.journey', '-f', 'png', '-o', 'map.png'], { cwd: folder, env, timeout: 15_000 });
        expect(run.signal, 'the render hung').toBeNull();
        expect(run.code, run.stderr).toBe(0);
        expect(run.stderr).toBe('');
    });

    test('a font whose table records run past its end is not chosen: its characters are warned about', async () => {
        const patched = (fonts: string, damage: boolean) => {
            const font = readFileSync(DEJAVU);
            if (damage) {
                const count = font.readUInt16BE(4);
                const glyf = Array.from({ length: count }, (_, i) => 12 + 16 * i).find(at => font.toString('latin1', at, at + 4) === 'glyf')!;
                font.writeUInt32BE(font.length + 4096, glyf + 8);
            }
            writeFileSync(join(fonts, 'dejavu.ttf'), font);
        };
        const run = async (damage: boolean) => {
            const folder = tempTree({ 'map.journey': map(DEJAVU_HAS) });
            return journey(['render', 'map.journey', '-f', 'png', '-o', 'map.png'], { cwd: folder, env: fontHome(fonts => patched(fonts, damage)), timeout: 15_000 });
        };
        const [intact, damaged] = await Promise.all([run(false), run(true)]);
        expect(intact.code, intact.stderr).toBe(0);
        expect(intact.stderr).toBe('');
        expect(damaged.code, damaged.stderr).toBe(0);
        expect(damaged.stderr).toContain(`warning: no installed font can draw ${DEJAVU_HAS} U+1F621`);
    });
});
