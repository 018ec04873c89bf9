import { closeSync, fstatSync, openSync, readFileSync, readSync, statSync } from 'node:fs';

/**
 * What one face of a font file can draw, read from the few tables that tell it (the table
 * directory, `cmap`, `OS/2`, `post`) by positioned reads: a 10 MB font costs a few kilobytes,
 * so looking through every installed font for a character stays cheap. TrueType, OpenType
 * and their collections (.ttc); other formats (WOFF, Type 1) give no face.
 */
export interface FontFace {
    readonly file: string;
    /** The glyph the face maps this code point to, 0 when none. */
    glyph(codePoint: number): number;
    /** Where the face's tables are in the file (one face of a collection has its own list). */
    readonly tables: ReadonlyMap<string, TableRecord>;
    readonly sfntVersion: number;
    /**
     * Has outlines (glyf, CFF) and no colour bitmaps (CBDT, sbix): resvg 2.6 draws no colour
     * bitmap, so such an emoji font (Noto Color Emoji, Apple Color Emoji) would leave a blank.
     */
    readonly outlines: boolean;
    /** OS/2 usWeightClass (400 regular). */
    readonly weight: number;
    readonly italic: boolean;
    readonly monospace: boolean;
    /** PANOSE says sans-serif (labels are drawn in a sans). */
    readonly sans: boolean;
}

export interface TableRecord {
    readonly offset: number;
    readonly length: number;
}

const TTC = 0x74746366; // 'ttcf'
/** Bounds on what a damaged file's header may ask to read. */
const MAX_FACES = 256, MAX_TABLE_BYTES = 16 << 20;
const SFNT_VERSIONS = new Set([0x00010000, 0x4f54544f /* OTTO */, 0x74727565 /* true */]);

/** The faces of a font file; none when it cannot be read or is no sfnt font. */
export function readFontFaces(file: string): FontFace[] {
    let fd: number;
    try {
        // Only a regular file (a link followed): opening a FIFO or a device named *.ttf would wait forever.
        if (!statSync(file).isFile()) return [];
        fd = openSync(file, 'r');
    } catch {
        return [];
    }
    try {
        const size = fstatSync(fd).size;
        const read = (position: number, length: number): Buffer => {
            const buffer = Buffer.alloc(length);
            const got = readSync(fd, buffer, 0, length, position);
            if (got < length) throw new RangeError('truncated font');
            return buffer;
        };
        const head = read(0, 12);
        const offsets = head.readUInt32BE(0) === TTC ? faceOffsets(read(12, 4 * Math.min(head.readUInt32BE(8), MAX_FACES))) : [0];
        return offsets.flatMap(offset => {
            const face = readFace(file, offset, read, size);
            return face ? [face] : [];
        });
    } catch {
        // A damaged or truncated file: no glyph from it, like any renderer would skip it.
        return [];
    } finally {
        closeSync(fd);
    }
}

function faceOffsets(table: Buffer): number[] {
    return Array.from({ length: table.length / 4 }, (_, i) => table.readUInt32BE(4 * i));
}

function readFace(file: string, offset: number, read: (position: number, length: number) => Buffer, size: number): FontFace | undefined {
    const directory = read(offset, 12);
    if (!SFNT_VERSIONS.has(directory.readUInt32BE(0))) return undefined;
    const count = directory.readUInt16BE(4);
    const records = read(offset + 12, 16 * count);
    const tables = new Map<string, TableRecord>();
    for (let i = 0; i < count; i++) {
        tables.set(records.toString('latin1', 16 * i, 16 * i + 4), { offset: records.readUInt32BE(16 * i + 8), length: records.readUInt32BE(16 * i + 12) });
    }
    // A table that runs past the end of the file (a damaged font) would give glyphs drawn blank: the face is of no use.
    if ([...tables.values()].some(t => t.offset + t.length > size)) return undefined;
    const table = (tag: string): Buffer | undefined => {
        const where = tables.get(tag);
        return where && where.length > 0 && where.length <= MAX_TABLE_BYTES ? read(where.offset, where.length) : undefined;
    };
    const cmap = table('cmap');
    if (!cmap) return undefined;
    const os2 = table('OS/2');
    const post = tables.get('post') && read(tables.get('post')!.offset, 16);
    const panose = os2 && os2.length >= 42 ? os2.subarray(32, 42) : undefined;
    return {
        file,
        glyph: unicodeLookup(cmap),
        tables,
        sfntVersion: directory.readUInt32BE(0),
        outlines: (tables.has('glyf') || tables.has('CFF ') || tables.has('CFF2')) && !tables.has('CBDT') && !tables.has('sbix'),
        weight: os2 && os2.length >= 6 ? os2.readUInt16BE(4) : 400,
        italic: os2 !== undefined && os2.length >= 64 && (os2.readUInt16BE(62) & 1) === 1,
        monospace: post !== undefined && post.readUInt32BE(12) !== 0,
        // PANOSE Latin text (2) with a sans serif style (11 to 15: normal, obtuse, perpendicular, flared, rounded).
        sans: panose !== undefined && panose[0] === 2 && panose[1] >= 11 && panose[1] <= 15
    };
}

/** The face's Unicode mapping (cmap format 12 when there is one, else format 4) as a lookup. */
function unicodeLookup(cmap: Buffer): (codePoint: number) => number {
    const subtables = Array.from({ length: cmap.readUInt16BE(2) }, (_, i) => ({
        platform: cmap.readUInt16BE(4 + 8 * i), encoding: cmap.readUInt16BE(6 + 8 * i), offset: cmap.readUInt32BE(8 + 8 * i)
    })).filter(s => s.offset + 4 <= cmap.length && (s.platform === 0 || (s.platform === 3 && (s.encoding === 1 || s.encoding === 10))));
    const format = (s: { offset: number }) => cmap.readUInt16BE(s.offset);
    const full = subtables.find(s => format(s) === 12);
    if (full) return format12(cmap.subarray(full.offset));
    const basic = subtables.find(s => format(s) === 4);
    return basic ? format4(cmap.subarray(basic.offset)) : () => 0;
}

/** Segmented coverage of the whole of Unicode: groups of consecutive code points. */
function format12(table: Buffer): (codePoint: number) => number {
    const groups = Math.min(table.readUInt32BE(12), Math.floor((table.length - 16) / 12));
    return codePoint => {
        let low = 0, high = groups - 1;
        while (low <= high) {
            const mid = (low + high) >> 1;
            const at = 16 + 12 * mid;
            if (codePoint < table.readUInt32BE(at)) high = mid - 1;
            else if (codePoint > table.readUInt32BE(at + 4)) low = mid + 1;
            else return table.readUInt32BE(at + 8) + codePoint - table.readUInt32BE(at);
        }
        return 0;
    };
}

/** The Basic Multilingual Plane by segments, each mapping by a delta or through a glyph array. */
function format4(table: Buffer): (codePoint: number) => number {
    const segments = table.readUInt16BE(6) / 2;
    const ends = 14, starts = ends + 2 * segments + 2, deltas = starts + 2 * segments, rangeOffsets = deltas + 2 * segments;
    if (rangeOffsets + 2 * segments > table.length) return () => 0;
    return codePoint => {
        if (codePoint > 0xffff) return 0;
        let low = 0, high = segments - 1;
        while (low < high) {
            const mid = (low + high) >> 1;
            if (table.readUInt16BE(ends + 2 * mid) < codePoint) low = mid + 1;
            else high = mid;
        }
        const start = table.readUInt16BE(starts + 2 * low);
        if (codePoint < start || codePoint > table.readUInt16BE(ends + 2 * low)) return 0;
        const delta = table.readUInt16BE(deltas + 2 * low);
        const rangeOffset = table.readUInt16BE(rangeOffsets + 2 * low);
        if (rangeOffset === 0) return (codePoint + delta) & 0xffff;
        const at = rangeOffsets + 2 * low + rangeOffset + 2 * (codePoint - start);
        const glyph = at + 2 <= table.length ? table.readUInt16BE(at) : 0;
        return glyph === 0 ? 0 : (glyph + delta) & 0xffff;
    };
}

/**
 * The face as a font file of its own whose `cmap` maps only `codePoints` (its glyphs and other
 * tables as they are). resvg's fallback draws a whole line in the fallback font when that font has
 * every character of it, so DejaVu or Symbola would replace Arimo around an emoji: a font that
 * has only the characters Arimo lacks is used for those alone.
 */
export function faceWithOnly(face: FontFace, codePoints: readonly number[]): Buffer {
    const mapped = [...new Set(codePoints)].sort((a, b) => a - b).map(codePoint => ({ codePoint, glyph: face.glyph(codePoint) })).filter(m => m.glyph !== 0);
    const source = readFileSync(face.file);
    const tables: { tag: string; data: Buffer }[] = [...face.tables].filter(([tag]) => tag !== 'cmap')
        .map(([tag, { offset, length }]) => ({ tag, data: source.subarray(offset, offset + length) }));
    tables.push({ tag: 'cmap', data: cmapOf(mapped) });
    tables.sort((a, b) => (a.tag < b.tag ? -1 : 1));
    const header = Buffer.alloc(12 + 16 * tables.length);
    header.writeUInt32BE(face.sfntVersion, 0);
    header.writeUInt16BE(tables.length, 4);
    const power = 2 ** Math.floor(Math.log2(tables.length));
    header.writeUInt16BE(16 * power, 6);
    header.writeUInt16BE(Math.log2(power), 8);
    header.writeUInt16BE(16 * tables.length - 16 * power, 10);
    const parts: Buffer[] = [header];
    let offset = header.length;
    tables.forEach(({ tag, data }, i) => {
        header.write(tag, 12 + 16 * i, 4, 'latin1');
        header.writeUInt32BE(checksum(data), 12 + 16 * i + 4);
        header.writeUInt32BE(offset, 12 + 16 * i + 8);
        header.writeUInt32BE(data.length, 12 + 16 * i + 12);
        const padded = Buffer.alloc((data.length + 3) & ~3);
        data.copy(padded);
        parts.push(padded);
        offset += padded.length;
    });
    return Buffer.concat(parts);
}

/** A cmap of one format 12 subtable (Windows, full Unicode), one group per code point. */
function cmapOf(mapped: readonly { codePoint: number; glyph: number }[]): Buffer {
    const subtable = 16 + 12 * mapped.length;
    const cmap = Buffer.alloc(12 + subtable);
    cmap.writeUInt16BE(1, 2);
    cmap.writeUInt16BE(3, 4);
    cmap.writeUInt16BE(10, 6);
    cmap.writeUInt32BE(12, 8);
    cmap.writeUInt16BE(12, 12);
    cmap.writeUInt32BE(subtable, 16);
    cmap.writeUInt32BE(mapped.length, 24);
    mapped.forEach(({ codePoint, glyph }, i) => {
        cmap.writeUInt32BE(codePoint, 28 + 12 * i);
        cmap.writeUInt32BE(codePoint, 32 + 12 * i);
        cmap.writeUInt32BE(glyph, 36 + 12 * i);
    });
    return cmap;
}

function checksum(data: Buffer): number {
    let sum = 0;
    for (let i = 0; i < data.length; i += 4) {
        sum = (sum + ((data[i] << 24) | ((data[i + 1] ?? 0) << 16) | ((data[i + 2] ?? 0) << 8) | (data[i + 3] ?? 0))) >>> 0;
    }
    return sum;
}
