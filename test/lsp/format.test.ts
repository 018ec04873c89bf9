import fc from 'fast-check';
import { expectFormatting } from 'langium/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { applyEdits, formatEdits as editsWith, formatText as formatWith, scanTokens } from '../../src/language/lsp/journey-pretty-printer.js';
import { journey, tempTree } from '../cli/run-cli.js';
import { buildWorkspace, exampleFiles, examplesDir, journeyLexer, readExample } from './fixtures.js';

const formatText = (text: string) => formatWith(text, journeyLexer);
const formatEdits = (text: string, range?: { start: number; end: number }) => editsWith(text, journeyLexer, range);

/** Everything but whitespace, in order: what formatting must never change. */
function ink(text: string): string {
    return text.replace(/\s+/gu, '');
}

function comments(text: string): string[] {
    return scanTokens(text, journeyLexer).filter(t => t.kind === 'lineComment' || t.kind === 'blockComment').map(t => t.text);
}

describe('the canonical layout', () => {
    for (const file of exampleFiles) {
        test(`${file}: idempotent, same text and comments, only whitespace changed`, () => {
            const text = readExample(file);
            const once = formatText(text);
            expect(formatText(once)).toBe(once);
            expect(ink(once)).toBe(ink(text));
            expect(comments(once)).toEqual(comments(text));
        });
    }

    test('the valid examples are already canonical', () => {
        for (const file of exampleFiles.filter(f => !f.startsWith('invalid/'))) {
            expect(formatText(readExample(file)), file).toBe(readExample(file));
        }
    });

    test('messy input gets one statement per line, two-space indentation, and comments where they were', () => {
        const messy = [
            '',
            '   // leading comment',
            'persona   P "x"{goal "a" frustration \'b\'}   /* kept spacing */',
            'journey J "T" { state current',
            '/* own',
            '   line */',
            '  stage S "S" {',
            '',
            '    touchpoint T "T" { emotion - 1 channel A,B',
            '      next T   // why',
            '    }',
            '',
            '',
            '',
            '    friction "f" severity high }',
            '  metric M "m" in S target 5 % actual -3}'
        ].join('\n');
        expect(formatText(messy)).toBe([
            '// leading comment',
            'persona P "x" { goal "a" frustration \'b\' }   /* kept spacing */',
            'journey J "T" {',
            '  state current',
            '  /* own',
            '   line */',
            '  stage S "S" {',
            '    touchpoint T "T" {',
            '      emotion -1',
            '      channel A, B',
            '      next T   // why',
            '    }',
            '',
            '    friction "f" severity high',
            '  }',
            '  metric M "m" in S target 5% actual -3',
            '}',
            ''
        ].join('\n'));
    });

    test('a block written on one line stays on one line, unless it holds a block or a comment', () => {
        expect(formatText('journey J {\n  stage S {\n    touchpoint T   {channel A,B   emotion -  1}\n  }\n}\n'))
            .toBe('journey J {\n  stage S {\n    touchpoint T { channel A, B emotion -1 }\n  }\n}\n');
        expect(formatText('persona P { }\nstage S { touchpoint T { } }\nteam A { /* c */ }'))
            .toBe('persona P {}\nstage S {\n  touchpoint T {}\n}\nteam A { /* c */\n}\n');
    });

    test('strings are copied byte for byte, escapes and odd spacing included', () => {
        const text = 'persona P "  two  spaces \\" and \\\\ "   {   goal \'l\\\'apostrophe   \'  }';
        const formatted = formatText(text);
        expect(formatted).toContain('"  two  spaces \\" and \\\\ "');
        expect(formatted).toContain('\'l\\\'apostrophe   \'');
    });

    test('CRLF files stay CRLF', () => {
        expect(formatText('team A "A"\r\nteam B "B"\r\n')).toBe('team A "A"\r\nteam B "B"\r\n');
        expect(formatText('journey J {\r\nstate current }')).toBe('journey J {\r\n  state current\r\n}\r\n');
    });

    test('a line comment or an open string always ends its line, so nothing is swallowed', () => {
        expect(formatText('team A // note\n"B"')).toBe('team A // note\n"B"\n');
        expect(formatText('persona P "open\nx')).toBe('persona P "open\nx\n');
    });

    // Fragments of real syntax and of broken syntax: keywords, names, strings (closed or not),
    // comments (closed or not), punctuation, numbers and every kind of whitespace.
    const fragment = fc.constantFrom(
        'journey', 'persona', 'stage', 'touchpoint', 'channel', 'team', 'metric', 'goal', 'next', 'in', 'target', 'emotion',
        'kind', 'tool', 'severity', 'high', 'Réseaux', 'A', '_b2', '"label"', "'s\\'q'", '"open', "'open", '"esc\\"x"',
        '//c', '// comment', '/* b */', '/*\nmulti\n*/', '/* open', '{', '}', ',', '-', '+', '%', '1', '2.5', '-2', '40%',
        ' ', '  ', '\t', '\n', '\n\n', '\r\n', '\n\n\n  ', '/', '*', '@', 'é', '\u00a0'
    );
    const source = fc.array(fragment, { maxLength: 60 }).map(parts => parts.join(''));

    test('fuzz: formatting never changes a non-whitespace character and is idempotent', () => {
        fc.assert(fc.property(source, text => {
            const once = formatText(text);
            expect(ink(once)).toBe(ink(text));
            expect(formatText(once)).toBe(once);
        }), { numRuns: 2000 });
    });

    test('fuzz: range formatting changes only whitespace, inside the range', () => {
        fc.assert(fc.property(source, fc.nat(), fc.nat(), (text, a, b) => {
            const start = Math.min(a, b) % (text.length + 1), end = Math.max(a, b) % (text.length + 1);
            const range = { start: Math.min(start, end), end: Math.max(start, end) };
            const edits = formatEdits(text, range);
            expect(ink(applyEdits(text, edits))).toBe(ink(text));
            for (const edit of edits) expect(/^\s*$/u.test(text.slice(edit.start, edit.end))).toBe(true);
        }), { numRuns: 500 });
    });
});

describe('the language server formatter', () => {
    test('formats a document (langium/test expectFormatting)', async () => {
        const { Journey } = await buildWorkspace({});
        await expectFormatting(Journey)({
            before: 'team A "A"\njourney J "J" { stage S "S" { touchpoint T "T" { owner A } } }',
            after: 'team A "A"\njourney J "J" {\n  stage S "S" {\n    touchpoint T "T" { owner A }\n  }\n}\n'
        });
    });

    test('formats a range and leaves the rest alone', async () => {
        const { Journey } = await buildWorkspace({});
        await expectFormatting(Journey)({
            before: 'team   A "A"\nteam   B "B"\nteam   C "C"\n',
            range: { start: { line: 1, character: 0 }, end: { line: 1, character: 12 } },
            after: 'team   A "A"\nteam B "B"\nteam   C "C"\n'
        });
    });

    test('refuses a document with syntax errors: no edits', async () => {
        const ws = await buildWorkspace({ 'broken.journey': readExample('invalid/syntax-errors.journey') });
        const doc = ws.documents.get('broken.journey')!;
        const edits = await ws.Journey.lsp.Formatter!.formatDocument(doc, { textDocument: { uri: doc.uri.toString() }, options: { tabSize: 2, insertSpaces: true } });
        expect(edits).toEqual([]);
    });
});

describe('journey format (CLI, same formatter)', () => {
    const messy = 'team A "A"\njourney J "J" { stage S "S" { touchpoint T "T" { owner A } } }';

    test('prints one file formatted', async () => {
        const root = tempTree({ 'a.journey': messy });
        const run = await journey(['format', 'a.journey'], { cwd: root });
        expect(run.code).toBe(0);
        expect(run.stdout).toBe(formatText(messy));
    });

    test('--check lists unformatted files and exits 1; 0 when all are formatted', async () => {
        const root = tempTree({ 'a.journey': messy, 'b.journey': formatText(messy) });
        const run = await journey(['format', '--check', '.'], { cwd: root });
        expect([run.code, run.stdout]).toEqual([1, 'a.journey\n']);
        const clean = await journey(['format', '--check', join(examplesDir, 'taxi-vs-vtc.journey'), join(examplesDir, 'common.journey')]);
        expect([clean.code, clean.stdout]).toEqual([0, '']);
    });

    test('--write rewrites in place, then --check passes', async () => {
        const root = tempTree({ 'a.journey': messy });
        const run = await journey(['format', '--write', 'a.journey'], { cwd: root });
        expect(run.code).toBe(0);
        expect(readFileSync(join(root, 'a.journey'), 'utf8')).toBe(formatText(messy));
        expect((await journey(['format', '--check', 'a.journey'], { cwd: root })).code).toBe(0);
    });

    test('a file with syntax errors is reported with line and column, exit 2, and left untouched', async () => {
        const broken = readExample('invalid/syntax-errors.journey');
        const root = tempTree({ 'broken.journey': broken });
        const run = await journey(['format', '--write', 'broken.journey'], { cwd: root });
        expect(run.code).toBe(2);
        expect(run.stderr).toMatch(/^broken\.journey:\d+:\d+: cannot format: /);
        expect(readFileSync(join(root, 'broken.journey'), 'utf8')).toBe(broken);
    });

    test('reads stdin with -', async () => {
        const run = await journey(['format', '-'], { input: messy });
        expect([run.code, run.stdout]).toEqual([0, formatText(messy)]);
    });
});
