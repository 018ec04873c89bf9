// esbuild-ascii.mjs: the CommonJS bundles code-cache.ts reads as one-byte text are made ASCII
// without changing what they do: each escaped input is run and compared with the original.
import { describe, expect, test } from 'vitest';
import { escapeNonAscii } from '../../esbuild-ascii.mjs';

/** The value of the expression `code` (a bundle's text, here: trusted test input). */
const run = (code: string): unknown => new Function(`return (${code});`)();
const isAscii = (text: string) => /^[\x00-\x7f]*$/.test(text);

describe('escapeNonAscii', () => {
    test.each([
        ['a regular expression with a non-ASCII character', String.raw`/«\s*é+/.exec("x«  éé")[0]`],
        ['a backslash before it (identity escape)', String.raw`/\é/.test("é") && !/\é/.test("\\u00e9")`],
        ['in a class, escaped', String.raw`"aé\\-".replace(/[\é\-]/g, "_")`],
        ['an escaped backslash before it', String.raw`/\\é/.test("\\é")`],
        ['three backslashes before it', String.raw`/\\\é/.test("\\é")`],
        ['a surrogate pair, escaped, without the u flag', String.raw`/\👋/.test("👋")`],
        ['with the u flag', String.raw`/👋+/u.exec("👋👋")[0].length`],
        ['a template with no tag', '`é${1}«`'],
        ['a comment', '/* « » */ 1']
    ])('%s: ASCII and the same result', (_case, code) => {
        const escaped = escapeNonAscii(code);
        expect(isAscii(escaped), escaped).toBe(true);
        expect(run(escaped)).toEqual(run(code));
    });

    test('a backslash before a non-ASCII character is part of its escape, not a backslash of its own', () => {
        expect(escapeNonAscii(String.raw`/\é/`)).toBe(String.raw`/\u00e9/`);
        expect(escapeNonAscii(String.raw`/\\é/`)).toBe(String.raw`/\\\u00e9/`);
    });

    test.each([
        ['String.raw', 'String.raw`«${1}`'],
        ['another tag reading .raw', '((s) => s.raw[0])`é`'],
        ['a tag nested in a template', '`${((s) => s.raw[0])`x${1}é`}`']
    ])('refuses a template tagged by %s holding a non-ASCII character, naming where', (_case, code) => {
        expect(() => escapeNonAscii(code, 'out/x.cjs')).toThrow(/^out\/x\.cjs:1:\d+: a template tagged .* holds a non-ASCII character/);
    });

    test('an ASCII tagged template, or a text with no non-ASCII character, is left as it is', () => {
        const code = 'String.raw`\\u00e9${1}` + /x/.source';
        expect(escapeNonAscii(code)).toBe(code);
        expect(escapeNonAscii('String.raw`x` + "é"')).toBe(String.raw`String.raw` + '`x` + "\\u00e9"');
    });
});
