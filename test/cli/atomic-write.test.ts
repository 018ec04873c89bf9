import * as fs from 'node:fs';
import { chmodSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { FileWriteError, writeFileAtomic, type AtomicWriteFs } from '../../src/cli/atomic-write.js';
import { decodeUtf8, Utf8Error } from '../../src/cli/utf8.js';

const roots: string[] = [];
afterAll(() => roots.forEach(root => rmSync(root, { recursive: true, force: true })));
function folder(): string {
    const root = mkdtempSync(join(tmpdir(), 'journey-atomic-'));
    roots.push(root);
    return root;
}

/** node:fs whose writes fail with ENOSPC once `room` bytes are written, as on a full disk. */
function diskWithRoom(room: number): AtomicWriteFs {
    let left = room;
    return {
        ...fs,
        writeSync: ((fd: number, buffer: Uint8Array, offset: number, length: number) => {
            if (left === 0) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
            const n = fs.writeSync(fd, buffer, offset, Math.min(length, left));
            left -= n;
            return n;
        }) as AtomicWriteFs['writeSync']
    };
}

describe('writeFileAtomic', () => {
    test('a full disk midway leaves the old file whole, and no temporary file behind', () => {
        const root = folder();
        const map = join(root, 'map.journey');
        const old = 'team A "A"\n'.repeat(1000);
        writeFileSync(map, old);
        expect(() => writeFileAtomic(map, old + 'team B "B"\n', {}, diskWithRoom(8192)))
            .toThrow(new FileWriteError(map, 'ENOSPC: no space left on device'));
        expect(readFileSync(map, 'utf8')).toBe(old);
        expect(readdirSync(root)).toEqual(['map.journey']);
    });

    test('replaces the content whole and keeps the permissions', () => {
        const root = folder();
        const map = join(root, 'map.journey');
        writeFileSync(map, 'old');
        chmodSync(map, 0o640);
        writeFileAtomic(map, 'new');
        expect(readFileSync(map, 'utf8')).toBe('new');
        expect(statSync(map).mode & 0o777).toBe(0o640);
        expect(readdirSync(root)).toEqual(['map.journey']);
    });

    test('refuses a read-only file (even as root) and leaves it alone', () => {
        const map = join(folder(), 'map.journey');
        writeFileSync(map, 'old');
        chmodSync(map, 0o444);
        expect(() => writeFileAtomic(map, 'new')).toThrow('the file is read-only');
        expect(readFileSync(map, 'utf8')).toBe('old');
    });

    test('refuses a symbolic link leading out of its folder and the roots; writes through one inside, keeping the link', () => {
        const outside = folder(), inside = folder();
        writeFileSync(join(outside, 'secret'), 'keep');
        symlinkSync(join(outside, 'secret'), join(inside, 'map.journey'));
        expect(() => writeFileAtomic(join(inside, 'map.journey'), 'x')).toThrow(/symbolic link to '.*secret', outside its folder/);
        expect(readFileSync(join(outside, 'secret'), 'utf8')).toBe('keep');

        writeFileSync(join(inside, 'real.journey'), 'old');
        symlinkSync('real.journey', join(inside, 'alias.journey'));
        writeFileAtomic(join(inside, 'alias.journey'), 'new');
        expect(readFileSync(join(inside, 'real.journey'), 'utf8')).toBe('new');
        expect(lstatSync(join(inside, 'alias.journey')).isSymbolicLink()).toBe(true);

        writeFileAtomic(join(inside, 'map.journey'), 'allowed', { roots: [outside] });
        expect(readFileSync(join(outside, 'secret'), 'utf8')).toBe('allowed');
    });

    test('refuses a folder', () => {
        const root = folder();
        expect(() => writeFileAtomic(root, 'x')).toThrow('not a regular file');
    });
});

describe('decodeUtf8', () => {
    test('names the line and column of the first byte that is not UTF-8', () => {
        const latin1 = Buffer.from('team A "A"\nteam Caf\u00e9 "x"\n', 'latin1');
        expect(() => decodeUtf8(latin1)).toThrow(new Utf8Error(2, 9, 0xE9));
        expect(() => decodeUtf8(latin1)).toThrow('line 2, column 9: byte 0xE9 is not UTF-8 (save the file as UTF-8)');
    });

    test('reads UTF-8, a byte order mark left out of the text and said; refuses overlong forms and surrogates', () => {
        expect(decodeUtf8(Buffer.from('\uFEFFteam Café "→ 𝄞"', 'utf8'))).toEqual({ text: 'team Café "→ 𝄞"', bom: true });
        expect(decodeUtf8(Buffer.from('team "\uFEFF"', 'utf8'))).toEqual({ text: 'team "\uFEFF"', bom: false });
        // Only the first mark is one: a second is a character of the text (as editors show it).
        expect(decodeUtf8(Buffer.from('\uFEFF\uFEFFteam', 'utf8'))).toEqual({ text: '\uFEFFteam', bom: true });
        expect(() => decodeUtf8(Uint8Array.of(0x41, 0xC0, 0xAF))).toThrow(new Utf8Error(1, 2, 0xC0));
        expect(() => decodeUtf8(Uint8Array.of(0xED, 0xA0, 0x80))).toThrow(new Utf8Error(1, 1, 0xED));
        expect(() => decodeUtf8(Uint8Array.of(0x41, 0xE2, 0x82))).toThrow(new Utf8Error(1, 2, 0xE2));
    });

    test('columns as editors count them: a byte order mark is none, a U+FEFF further on is one; a bad first byte is at 1:1 whatever follows', () => {
        const marked = (latin1: string) => Buffer.concat([Buffer.from('\uFEFF'), Buffer.from(latin1, 'latin1')]);
        expect(() => decodeUtf8(marked('team Caf\u00e9'))).toThrow(new Utf8Error(1, 9, 0xE9));
        // U+FEFF anywhere else is a character (a zero width no-break space), a column.
        expect(() => decodeUtf8(Buffer.concat([Buffer.from('\uFEFFteam A\n\uFEFF'), Buffer.from('Caf\u00e9', 'latin1')]))).toThrow(new Utf8Error(2, 5, 0xE9));
        expect(() => decodeUtf8(marked('\u00e9'))).toThrow(new Utf8Error(1, 1, 0xE9));
        expect(() => decodeUtf8(Buffer.from('\u00e9\nteam A\n', 'latin1'))).toThrow(new Utf8Error(1, 1, 0xE9));
    });

    test('columns in UTF-16 units as every other position (an astral character is two), and a lone CR ends a line, as the lexer and editors count them', () => {
        const bad = (utf8: string) => Buffer.concat([Buffer.from(utf8, 'utf8'), Buffer.from([0xE9])]);
        expect(() => decodeUtf8(bad('team A "\u{1D11E}" '))).toThrow(new Utf8Error(1, 'team A "\u{1D11E}" '.length + 1, 0xE9));
        expect(() => decodeUtf8(bad('team A "A"\rteam B "B"\rteam C'))).toThrow(new Utf8Error(3, 7, 0xE9));
        expect(() => decodeUtf8(bad('team A "A"\r\nteam C'))).toThrow(new Utf8Error(2, 7, 0xE9));
    });

    test('lenient: bytes that are not UTF-8 read as U+FFFD, the mark still left out', () => {
        expect(decodeUtf8(Buffer.concat([Buffer.from('\uFEFF'), Buffer.from('Caf\u00e9', 'latin1')]), true)).toEqual({ text: 'Caf\uFFFD', bom: true });
    });
});
