import { readdirSync, realpathSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, join } from 'node:path';
import { faceWithOnly, readFontFaces, type FontFace } from './font-faces.js';

/**
 * The fonts resvg gets for a PNG besides the bundled Arimo (the font text.ts measures with).
 * When the drawn text has characters Arimo lacks (emoji, CJK, …), the installed fonts are looked
 * through for them, and only then: a plain map never pays for that scan.
 */
export interface PngFonts {
    /** For each installed face that draws some of those characters, itself with only them (faceWithOnly). */
    readonly fallbacks: readonly { readonly font: Buffer; readonly chars: readonly string[] }[];
    /** Characters no usable font has: resvg draws them as Arimo's empty box. */
    readonly undrawable: readonly string[];
    /** Font files that have some of those characters only as colour bitmaps, which resvg 2.6 does not draw. */
    readonly bitmapOnly: readonly string[];
}

/** Characters that take no glyph of their own (joiners, variation selectors, controls, spaces). */
const NEEDS_NO_GLYPH = /[\p{Default_Ignorable_Code_Point}\p{Cc}\s]/u;

const SPACE = 0x20;

export function pngFonts(svg: string, bundledFiles: readonly string[]): PngFonts {
    const bundled = facesOf(bundledFiles);
    const missing = [...new Set(drawnText(svg))].filter(char => !NEEDS_NO_GLYPH.test(char) && !hasChar(bundled, char));
    if (missing.length === 0) return { fallbacks: [], undrawable: [], bitmapOnly: [] };
    const installed = installedFaces();
    const chosen = new Map<FontFace, string[]>();
    const undrawable: string[] = [];
    for (const char of missing) {
        const face = installed.find(f => f.outlines && hasChar([f], char));
        if (face) chosen.set(face, [...chosen.get(face) ?? [], char]);
        else undrawable.push(char);
    }
    const bitmapOnly = installed.filter(face => !face.outlines && undrawable.some(char => hasChar([face], char))).map(face => basename(face.file));
    // With a space, shaping hides a joiner (U+200D) it has no glyph for rather than dropping it: the glyphs of
    // the line must stay as many as with Arimo for resvg to take the fallback's (else every one stays a box).
    const fallbacks = [...chosen].map(([face, chars]) => ({ font: faceWithOnly(face, [SPACE, ...chars.map(char => char.codePointAt(0)!)]), chars }));
    return { fallbacks, undrawable, bitmapOnly: [...new Set(bitmapOnly)] };
}

/** The characters of the SVG's <text> elements, which is what resvg draws. */
export function drawnText(svg: string): string[] {
    const chars: string[] = [];
    for (const [, content] of svg.matchAll(/<text\b[^>]*>([\s\S]*?)<\/text>/g)) {
        chars.push(...unescapeXml(content.replace(/<[^>]*>/g, '')));
    }
    return chars;
}

function unescapeXml(text: string): string {
    const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
    return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (entity, name: string) => {
        if (name[0] !== '#') return named[name] ?? entity;
        const codePoint = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
        return codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : entity;
    });
}

function hasChar(faces: readonly FontFace[], char: string): boolean {
    return faces.some(face => face.glyph(char.codePointAt(0)!) !== 0);
}

const parsed = new Map<string, FontFace[]>();
function facesOf(files: readonly string[]): FontFace[] {
    return files.flatMap(file => {
        if (!parsed.has(file)) parsed.set(file, readFontFaces(file));
        return parsed.get(file)!;
    });
}

let installed: FontFace[] | undefined;
/** Every installed face, best first for labels: upright, regular weight, sans, proportional; then by path. */
function installedFaces(): FontFace[] {
    installed ??= facesOf(fontFilesUnder(systemFontFolders()))
        .map((face, order) => ({ face, order }))
        .sort((a, b) => rank(a.face) - rank(b.face) || a.order - b.order)
        .map(({ face }) => face);
    return installed;
}

function rank(face: FontFace): number {
    return Number(face.italic) * 4000 + Number(face.monospace) * 2000 + Number(!face.sans) * 1000 + Math.abs(face.weight - 400);
}

/** Where the platform keeps fonts: fontconfig's usual folders, macOS's and Windows'. */
export function systemFontFolders(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home = homedir()): string[] {
    if (platform === 'win32') {
        return [join(env.WINDIR ?? 'C:\\Windows', 'Fonts'), ...(env.LOCALAPPDATA ? [join(env.LOCALAPPDATA, 'Microsoft', 'Windows', 'Fonts')] : [])];
    }
    if (platform === 'darwin') return ['/System/Library/Fonts', '/Library/Fonts', join(home, 'Library', 'Fonts')];
    const dataDirs = (env.XDG_DATA_DIRS || '/usr/local/share:/usr/share').split(':').filter(dir => dir !== '');
    return [...new Set([join(env.XDG_DATA_HOME || join(home, '.local', 'share'), 'fonts'), join(home, '.fonts'), ...dataDirs.map(dir => join(dir, 'fonts'))])];
}

const FONT_FILE = /\.(ttf|otf|ttc|otc)$/i;

/** Font files under the folders, each once (symbolic links followed, loops not), in path order. */
function fontFilesUnder(folders: readonly string[]): string[] {
    const files = new Set<string>();
    const seen = new Set<string>();
    const walk = (folder: string, depth: number): void => {
        let real: string;
        try {
            real = realpathSync(folder);
        } catch {
            return;
        }
        if (seen.has(real) || depth > 10) return;
        seen.add(real);
        let entries;
        try {
            entries = readdirSync(folder, { withFileTypes: true });
        } catch {
            return;
        }
        for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
            const path = join(folder, entry.name);
            const isDir = entry.isDirectory() || (entry.isSymbolicLink() && isDirectory(path));
            if (isDir) walk(path, depth + 1);
            else if (FONT_FILE.test(entry.name)) files.add(safeRealpath(path));
        }
    };
    for (const folder of folders) walk(folder, 0);
    return [...files];
}

function isDirectory(path: string): boolean {
    try {
        return statSync(path).isDirectory();
    } catch {
        return false;
    }
}

function safeRealpath(path: string): string {
    try {
        return realpathSync(path);
    } catch {
        return path;
    }
}
