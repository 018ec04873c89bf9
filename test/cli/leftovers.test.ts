import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NodeFileSystem } from 'langium/node';
import { describe, expect, test } from 'vitest';
import { ConfigError, readConfigFile } from '../../src/language/config.js';
import { sayIn } from '../../src/language/localized-messages.js';
import { cleanMap, journey, tempTree } from './run-cli.js';

/** A clean map whose journey title holds "é" in Latin-1 (one byte 0xE9) on line 1. */
function latin1Map(): Buffer {
    const text = cleanMap().replace('journey Essai "Essai"', 'journey Essai "Caf\u00e9"');
    return Buffer.from(text, 'latin1');
}

describe('maps that are not UTF-8', () => {
    for (const command of [['render', '-f', 'svg'], ['export', '-f', 'json']]) {
        test(`${command[0]}: a clear error with file, line and column, not U+FFFD in the output`, async () => {
            const folder = tempTree({});
            writeFileSync(join(folder, 'latin1.journey'), latin1Map());
            const run = await journey([...command, 'latin1.journey'], { cwd: folder });
            expect(run.code).toBe(2);
            expect(run.stderr).toContain('latin1.journey:1:19: byte 0xE9 is not UTF-8');
            expect(run.stdout).not.toContain('\uFFFD');
        });
    }

    test('lint: one syntax error at the file, line and column (exit 1), not U+FFFD in the output', async () => {
        const folder = tempTree({});
        writeFileSync(join(folder, 'latin1.journey'), latin1Map());
        const run = await journey(['lint', 'latin1.journey'], { cwd: folder, env: { LANG: 'C', LC_ALL: '', LC_MESSAGES: '' } });
        expect(run.code).toBe(1);
        expect(run.stdout).toMatch(/latin1\.journey\n\s+1:19\s+error\s+Byte 0xE9 is not UTF-8.*syntax/);
        expect(run.stdout).not.toContain('\uFFFD');
    });

    test('a non-UTF-8 neighbour in the workspace is left out of the names (not mangled), as an unreadable one is', async () => {
        const folder = tempTree({ 'map.journey': cleanMap() });
        writeFileSync(join(folder, 'other.journey'), latin1Map());
        const run = await journey(['lint', 'map.journey'], { cwd: folder });
        expect(run.code, run.stdout + run.stderr).toBe(0);
        expect(run.stdout + run.stderr).not.toContain('\uFFFD');
    });
});

describe('journey.config.json', () => {
    test('its size is checked before it is read', () => {
        const folder = tempTree({});
        const path = join(folder, 'journey.config.json');
        writeFileSync(path, ' '.repeat(1_000_001));
        const fileSystem = NodeFileSystem.fileSystemProvider();
        const neverRead = Object.assign(Object.create(fileSystem) as typeof fileSystem, {
            readFileSync: () => { throw new Error('read before its size was checked'); }
        });
        expect(() => readConfigFile(path, neverRead)).toThrow(/too large \(1000001 bytes; a configuration has at most 1000000\)/);
    });

    test('one that cannot be read is said so in English and in French', () => {
        const folder = tempTree({ 'journey.config.json': '{}' });
        const fileSystem = NodeFileSystem.fileSystemProvider();
        const unreadable = Object.assign(Object.create(fileSystem) as typeof fileSystem, {
            readFileSync: () => { throw new Error('EIO: i/o error'); }
        });
        let error: unknown;
        try {
            readConfigFile(join(folder, 'journey.config.json'), unreadable);
        } catch (thrown) {
            error = thrown;
        }
        expect(error).toBeInstanceOf(ConfigError);
        const { reason } = error as ConfigError;
        expect(reason).toBe('cannot read the file (EIO: i/o error)');
        expect(sayIn('fr', reason)).toBe('impossible de lire le fichier (EIO: i/o error)');
    });

    for (const rule of ['syntax', 'internal-error']) {
        test(`"${rule}": "off" is reported at its line as a warning, and the exit code is unchanged`, async () => {
            const config = `{\n  "rules": {\n    "${rule}": "off"\n  }\n}\n`;
            const folder = tempTree({ 'journey.config.json': config, 'map.journey': cleanMap() });
            const run = await journey(['lint', 'map.journey'], { cwd: folder });
            expect(run.code).toBe(0);
            expect(run.stderr).toContain(`journey.config.json:3:${rule.length + 9}: warning: rule "${rule}" cannot be turned off or down`);
        });
    }

    test('"syntax": "error" is fine: nothing on stderr', async () => {
        const folder = tempTree({ 'journey.config.json': '{ "rules": { "syntax": "error" } }', 'map.journey': cleanMap() });
        const run = await journey(['lint', 'map.journey'], { cwd: folder });
        expect(run.stderr).toBe('');
    });
});

describe('render -o -', () => {
    test('writes to standard output, not to a file named -', async () => {
        const folder = tempTree({ 'map.journey': cleanMap() });
        const run = await journey(['render', 'map.journey', '-f', 'svg', '-o', '-'], { cwd: folder });
        expect(run.code).toBe(0);
        expect(run.stdout).toMatch(/^<svg|^<\?xml/);
        expect(existsSync(join(folder, '-'))).toBe(false);
    });
});

