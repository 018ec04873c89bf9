// src/cli/code-cache.ts: a script runs as CommonJS would, its text read as written whether
// or not it is ASCII, and its code cache is keyed by its bytes (another script of the same
// length is not given it). The CLI's own bundles are ASCII: read as Latin-1 then, not decoded.
import { isAscii } from 'node:buffer';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadCachedScript } from '../../src/cli/code-cache.js';
import { tempTree } from './run-cli.js';

describe('loadCachedScript', () => {
    test.each([
        ['ASCII', 'module.exports = { text: "plain", name: __filename.endsWith("script.cjs") };', 'plain'],
        ['not ASCII', 'module.exports = { text: "« é ☃ 👋 »", name: __filename.endsWith("script.cjs") };', '« é ☃ 👋 »']
    ])('runs a script that is %s with its text as written, and keys its cache by its bytes', (_kind, source, text) => {
        const folder = tempTree({ 'script.cjs': source });
        const cache = join(folder, 'cache');
        const file = join(folder, 'script.cjs');
        const first = loadCachedScript<{ text: string, name: boolean }>(file, cache, 'test');
        expect(first.exports).toEqual({ text, name: true });
        expect(first.cached).toBe(false);
        first.keep();
        const second = loadCachedScript<{ text: string, name: boolean }>(file, cache, 'test');
        expect(second.exports).toEqual({ text, name: true });
        expect(second.cached).toBe(true);
        // The same length, other bytes: another key, so no cache (V8 itself checks little more than the length).
        writeFileSync(file, source.replace(/"([^"])/, '"x'));
        const changed = loadCachedScript<{ text: string }>(file, cache, 'test');
        expect(changed.cached).toBe(false);
        changed.keep();
        expect(readdirSync(join(cache, 'v8'))).toHaveLength(1);
    });

    test("the CLI's bundles loaded through it are ASCII (read without decoding)", () => {
        for (const bundle of ['out/cli-commands.cjs', 'out/cli-elk.cjs']) expect(isAscii(readFileSync(bundle)), bundle).toBe(true);
    });
});
