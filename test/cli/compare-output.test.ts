// `journey compare -o FILE` and `journey diff -o FILE` write the format FILE's extension names, as
// render and export do (a .png holds a PNG, never Markdown text); an extension the command cannot
// write, or one that contradicts -f, is refused (exit 2) before anything is written.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { EXAMPLES, journey, tempTree } from './run-cli.js';

const FROM = join(EXAMPLES, 'banque-actuel.journey');
const TO = join(EXAMPLES, 'banque-cible.journey');
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** What a file's first bytes say it is. */
function kindOf(bytes: Buffer): string {
    const text = bytes.toString('utf8');
    if (bytes.subarray(0, 8).equals(PNG_SIGNATURE)) return 'png';
    if (/^<!DOCTYPE html>/i.test(text)) return 'html';
    if (/^(<\?xml[^>]*>\s*)?<svg[\s>]/.test(text)) return 'svg';
    if (text.startsWith('{')) return JSON.parse(text) && 'json';
    if (text.startsWith('#')) return 'markdown';
    return 'unknown';
}

describe('journey compare -o FILE: the format from its extension', () => {
    test.each([
        ['out/compare.png', 'png'],
        ['out/compare.svg', 'svg'],
        ['out/compare.html', 'html'],
        ['out/compare.htm', 'html'],
        ['out/compare.md', 'markdown'],
        ['out/compare.markdown', 'markdown'],
        ['out/compare.json', 'json'],
        ['out/COMPARE.PNG', 'png']
    ])('-o %s writes %s', async (out, kind) => {
        const root = tempTree({ 'out/.keep': '' });
        const run = await journey(['compare', FROM, TO, '-o', out], { cwd: root });
        expect(run.stderr).toBe('');
        expect(run.code).toBe(0);
        expect(kindOf(readFileSync(join(root, out)))).toBe(kind);
    }, 30_000);

    test('-f and an extension that agree: written', async () => {
        const root = tempTree({});
        const run = await journey(['compare', FROM, TO, '-f', 'markdown', '-o', 'report.md'], { cwd: root });
        expect(run.code).toBe(0);
        expect(kindOf(readFileSync(join(root, 'report.md')))).toBe('markdown');
    });

    test('no extension: -f, else Markdown, as on standard output', async () => {
        const root = tempTree({});
        expect((await journey(['compare', FROM, TO, '-o', 'report'], { cwd: root })).code).toBe(0);
        expect(kindOf(readFileSync(join(root, 'report')))).toBe('markdown');
        expect((await journey(['compare', FROM, TO, '-f', 'json', '-o', 'changes'], { cwd: root })).code).toBe(0);
        expect(kindOf(readFileSync(join(root, 'changes')))).toBe('json');
    });

    test('-f that contradicts the extension: refused, nothing written (exit 2)', async () => {
        const root = tempTree({});
        const run = await journey(['compare', FROM, TO, '-f', 'markdown', '-o', 'out.png'], { cwd: root });
        expect(run.code).toBe(2);
        expect(run.stderr).toBe("journey compare: -o 'out.png' names a png file but --format is markdown: give -o a .md name, or drop --format\n");
        expect(existsSync(join(root, 'out.png'))).toBe(false);
    });

    test('an extension compare cannot write: refused with the ones it can (exit 2)', async () => {
        const root = tempTree({});
        for (const args of [['-o', 'out.pdf'], ['-f', 'png', '-o', 'out.pdf'], ['-o', 'out.txt']]) {
            const run = await journey(['compare', FROM, TO, ...args], { cwd: root });
            expect(run.code).toBe(2);
            expect(run.stderr).toMatch(/^journey compare: cannot write a \.(pdf|txt) file: -o's extension names the format: \.md, \.markdown, \.json, \.svg, \.png, \.html, \.htm\n$/);
        }
        expect(existsSync(join(root, 'out.pdf'))).toBe(false);
        expect(existsSync(join(root, 'out.txt'))).toBe(false);
    });

    test('-o - is standard output: -f, else Markdown', async () => {
        const run = await journey(['compare', FROM, TO, '-o', '-', '-f', 'json']);
        expect(run.code).toBe(0);
        expect(kindOf(Buffer.from(run.stdout))).toBe('json');
    });
});

describe('journey diff A B -o FILE: the report\'s format from its extension', () => {
    test.each([['changes.json', 'json'], ['changes.md', 'markdown']])('-o %s writes %s', async (out, kind) => {
        const root = tempTree({});
        const run = await journey(['diff', FROM, TO, '-o', out], { cwd: root });
        expect(run.stderr).toBe('');
        expect(run.code).toBe(0);
        expect(kindOf(readFileSync(join(root, out)))).toBe(kind);
    });

    test('a picture or unknown extension for the report, or one against -f: refused (exit 2)', async () => {
        const root = tempTree({});
        const png = await journey(['diff', FROM, TO, '-o', 'changes.png'], { cwd: root });
        expect(png.code).toBe(2);
        expect(png.stderr).toBe("journey diff: cannot write a .png file: -o's extension names the format: .md, .markdown, .json (pictures: --render DIR)\n");
        const against = await journey(['diff', FROM, TO, '-f', 'json', '-o', 'changes.md'], { cwd: root });
        expect(against.code).toBe(2);
        expect(against.stderr).toBe("journey diff: -o 'changes.md' names a markdown file but --format is json: give -o a .json name, or drop --format\n");
        expect(existsSync(join(root, 'changes.png'))).toBe(false);
        expect(existsSync(join(root, 'changes.md'))).toBe(false);
    });
});
