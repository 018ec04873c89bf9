// Deterministic text measuring and wrapping: a character-width table for a generic
// sans-serif (Helvetica/Arial metrics, which the Arimo font embedded in exported SVGs and PNGs
// shares), so Node, a worker and the webview wrap identically
// without a DOM or a canvas. Wider real fonts (DejaVu Sans) are covered by a safety factor.
import { eastAsianWidth } from 'get-east-asian-width';

/** Advance widths in 1/1000 em for ASCII 32…126 (Helvetica AFM). */
const ASCII_WIDTHS = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, // space … /
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, // 0 … ?
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, // @ … O
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, // P … _
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, // ` … o
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584        // p … ~
];

const SPECIAL_WIDTHS: Record<string, number> = {
    '«': 556, '»': 556, '€': 556, '£': 556, '…': 1000, '—': 1000, '–': 556, '‘': 222, '’': 222,
    '“': 333, '”': 333, '·': 278, '•': 350, '→': 1000, '−': 584, '°': 400, 'œ': 944, 'Œ': 1000,
    'æ': 889, 'Æ': 1000, 'ß': 611, '\u00a0': 278, '\u202f': 200
};

const SPACE_UNITS = ASCII_WIDTHS[0];

/** Real fonts vary (Segoe UI, DejaVu Sans); measure a little wide so wrapped text never overflows. */
const SAFETY = 1.1;

// Grapheme clusters (what a reader sees as one character: an emoji ZWJ sequence, a flag, a
// letter with its combining marks) are measured and wrapped as a whole. Intl.Segmenter is
// in Node, workers and browsers alike. Made at its first use: making one takes ~20 ms (ICU's
// break rules), a cost every `journey render` paid at load, though texts of ASCII and Latin
// letters never need it (graphemes).
let graphemeSegmenter: Intl.Segmenter | undefined;
const segmenter = (): Intl.Segmenter => graphemeSegmenter ??= new Intl.Segmenter('en', { granularity: 'grapheme' });

/**
 * Characters each a grapheme cluster of its own next to any other of them (test/diagram/text.test.ts
 * checks every pair): printable ASCII, the Latin letters up to U+024F, the typographic dashes,
 * quotes, bullets and ellipsis, currency signs, the minus sign, arrows and the mathematical operators (a
 * target's ≤ and ≥ are on every map with targets); none of the combining marks,
 * joiners, surrogates, Hangul jamo, regional indicators or CR LF that join into clusters.
 */
export const ONE_CHARACTER_RANGES: readonly (readonly [number, number])[] = [[0x20, 0x7e], [0xa0, 0x24f], [0x2010, 0x2027], [0x202f, 0x205e], [0x20a0, 0x20c0], [0x2190, 0x22ff]];
const hex = (code: number) => `\\u${code.toString(16).padStart(4, '0')}`;
const ONE_CHARACTER_CLUSTERS = new RegExp(`^[${ONE_CHARACTER_RANGES.map(([from, to]) => `${hex(from)}-${hex(to)}`).join('')}]*$`);

/** Characters handed to the segmenter at once (see graphemes). */
const SEGMENT_SLICE = 256;

/**
 * The grapheme clusters of `text`, segmented in slices: V8's segmenter slows down with the
 * length of its input (segmenting one string of a million characters takes minutes), so a
 * long text is cut into slices, each starting again at the last cluster of the one before
 * (which the cut may have split). A cluster is only cut when it is longer than a slice.
 */
function* graphemes(text: string): Generator<string> {
    if (ONE_CHARACTER_CLUSTERS.test(text)) {
        // Most map texts (English, French): no segmenter needed, and its cost was a quarter of measuring a big map's cards.
        for (let i = 0; i < text.length; i++) yield text[i];
        return;
    }
    let start = 0;
    while (start < text.length) {
        const end = Math.min(text.length, start + SEGMENT_SLICE);
        let last: Intl.SegmentData | undefined;
        for (const segment of segmenter().segment(text.slice(start, end))) {
            if (last) yield last.segment;
            last = segment;
        }
        if (end === text.length || last!.index === 0) {
            yield last!.segment;
            start = end;
        } else start += last!.index;
    }
}

/** Drawn as an emoji picture: an em wide, like CJK. */
const EMOJI = /\p{Emoji_Presentation}|\p{Regional_Indicator}|\uFE0F|\u20E3/u;

/** Width of one code point in 1/1000 em. */
function charWidth(ch: string): number {
    const code = ch.codePointAt(0)!;
    if (code >= 32 && code <= 126) return ASCII_WIDTHS[code - 32];
    const special = SPECIAL_WIDTHS[ch];
    if (special !== undefined) return special;
    // Accented Latin letters are as wide as their base letter.
    const base = ch.normalize('NFD').charAt(0);
    if (base !== ch && base.length === 1) {
        const b = base.codePointAt(0)!;
        if (b >= 32 && b <= 126) return ASCII_WIDTHS[b - 32];
    }
    if (/[\p{M}\p{Cf}]/u.test(ch)) return 0;
    // East Asian Wide and Fullwidth characters (CJK, kana, Hangul, full-width forms and
    // punctuation) take a full em in every font that draws them.
    if (eastAsianWidth(code) === 2) return 1000;
    return 600;
}

/** Width of one grapheme cluster in 1/1000 em: its first character's (marks and joiners add nothing). */
function clusterWidth(cluster: string): number {
    if (cluster.length > 1 && EMOJI.test(cluster)) return 1000;
    // A Hangul syllable spelled as conjoining jamo is as wide as its leading (wide) jamo.
    return charWidth(String.fromCodePoint(cluster.codePointAt(0)!));
}

/** Width in px of one line of text at the given font size. */
export function measureText(text: string, fontSize: number): number {
    return unitsToPx(textUnits(text), fontSize);
}

/**
 * The width the text takes in Arimo (Helvetica's metrics), without measureText's safety margin:
 * for what is drawn over the text itself (a strike-through), which must end where the text does.
 */
export function drawnTextWidth(text: string, fontSize: number): number {
    return (textUnits(text) * fontSize) / 1000;
}

/** Width of a text in 1/1000 em. */
function textUnits(text: string): number {
    let units = 0;
    // Plain ASCII, by far the most common text, needs no segmenting.
    if (/^[\x20-\x7e]*$/.test(text)) for (let i = 0; i < text.length; i++) units += ASCII_WIDTHS[text.charCodeAt(i) - 32];
    else for (const cluster of graphemes(text)) units += clusterWidth(cluster);
    return units;
}

function unitsToPx(units: number, fontSize: number): number {
    return (units * fontSize * SAFETY) / 1000;
}

/**
 * Where a line may break: at spaces, but not after « or the bullet that starts a list item, nor
 * before » : ; ! ? or '·' (French typography spaces these marks: they stay with their word).
 */
const BREAK = /(?<!«|^[ \t]*[•◦‣–-])[ \t]+(?![»:;!?·])/;

/** A value: a number, maybe signed or compared (`12 jours`, `+7 pts`, `≤ 5 days`, joined by no-break spaces). */
const VALUE = /^[+\-−±≤≥<>≈~]?[\u00a0\u202f]?\d/u;

/** Ends in a letter: a label (`Réel`, `Target`) that its value stays with. */
const LABEL = /\p{L}$/u;

/** A word that is a number alone (`48`, `-2,5`, `1 000` joined by a no-break space): the word after it is its unit. */
const NUMBER = /^[+\-−±≤≥<>≈~]?[\u00a0\u202f]?\d[\d.,\u00a0\u202f]*$/u;

/**
 * The words of a paragraph in units kept on one line: a value with the label before it
 * (`Réel 12 jours`, never `Réel` at the end of a line and `12 jours` on the next), and a number
 * with the word after it, written with a plain space as designers type them (`sous 48 h`, never
 * `h` alone on the next line: the no-break space French typography puts there). A unit wider
 * than a line is wrapped word by word after all.
 */
function units(paragraph: string): string[][] {
    const result: string[][] = [];
    for (const word of paragraph.split(BREAK)) {
        if (word.length === 0) continue;
        const last = result[result.length - 1];
        const before = last?.[last.length - 1];
        if (before !== undefined && ((VALUE.test(word) && LABEL.test(before)) || NUMBER.test(before))) last.push(word);
        else result.push([word]);
    }
    return result;
}

/**
 * Wraps text to lines no wider than maxWidth: breaks at spaces (see BREAK and units), and
 * inside words only when a single word is wider than the line, then only between grapheme
 * clusters. No-break spaces (U+00A0, U+202F) join what they separate into one word. Line
 * breaks in the text are kept; no character is dropped.
 */
export function wrapText(text: string, maxWidth: number, fontSize: number): string[] {
    const lines: string[] = [];
    for (const paragraph of text.split(/\r\n|\r|\n/)) {
        let line = '';
        // The line's width is kept as a sum (widths add up: a space is a cluster of its own,
        // and a mark a word may start with is as wide alone as after the space), so each word
        // is measured once, not the whole line again for every word.
        let lineUnits = 0;
        const place = (word: string, wordUnits: number) => {
            const candidateUnits = line ? lineUnits + SPACE_UNITS + wordUnits : wordUnits;
            if (unitsToPx(candidateUnits, fontSize) <= maxWidth) {
                line = line ? `${line} ${word}` : word;
                lineUnits = candidateUnits;
                return;
            }
            if (line) lines.push(line);
            line = '';
            for (const piece of breakWord(word, wordUnits, maxWidth, fontSize)) {
                if (line) lines.push(line);
                line = piece;
            }
            lineUnits = textUnits(line);
        };
        for (const unit of units(paragraph)) {
            const widths = unit.map(textUnits);
            const unitUnits = widths.reduce((sum, w) => sum + w, 0) + (unit.length - 1) * SPACE_UNITS;
            if (unit.length > 1 && unitsToPx(unitUnits, fontSize) > maxWidth) unit.forEach((word, i) => place(word, widths[i]));
            else place(unit.join(' '), unitUnits);
        }
        lines.push(line);
    }
    return lines;
}

/** Marks text cut short on a drawn map. */
export const ELLIPSIS = '…';

/**
 * `text` cut to at most `max` characters, ending in '…' when it was longer (never splitting
 * a surrogate pair): for the texts a map draws on one line or in a tooltip, whatever their length.
 */
export function clampChars(text: string, max: number): string {
    return text.length <= max ? text : prefix(text, max - 1) + ELLIPSIS;
}

/** The first `length` characters of `text`, one fewer when the cut would split a surrogate pair. */
function prefix(text: string, length: number): string {
    const code = text.charCodeAt(length - 1);
    return text.slice(0, code >= 0xd800 && code <= 0xdbff ? length - 1 : length);
}

/** The narrowest width a character of a long text is counted at, in 1/1000 em (a little under "'" and 'i'). */
const NARROWEST_UNITS = 150;

/**
 * wrapText, to at most `maxLines` lines: when the text needs more, the last line kept ends
 * in '…'. Only a prefix of the text that can fill those lines is measured, so a text of
 * millions of characters costs what a short one does.
 */
export function wrapLines(text: string, maxWidth: number, fontSize: number, maxLines: number): string[] {
    // Twice the characters of the narrowest printable text that fills the lines: zero-width marks aside, enough.
    const room = 2 * Math.ceil((maxLines * maxWidth * 1000) / (fontSize * SAFETY * NARROWEST_UNITS));
    const cut = text.length > room;
    const lines = wrapText(cut ? prefix(text, room) : text, maxWidth, fontSize);
    if (!cut && lines.length <= maxLines) return lines;
    const kept = lines.slice(0, maxLines);
    kept[kept.length - 1] = withEllipsis(kept[kept.length - 1], maxWidth, fontSize);
    return kept;
}

/**
 * The line with '…' at its end, clusters dropped from its end until both fit the width; a word
 * cut that way is dropped whole when what is left still fills half the line (`et…`, not `et q…`).
 */
function withEllipsis(line: string, maxWidth: number, fontSize: number): string {
    const whole = line.trimEnd();
    const clusters = [...graphemes(whole)];
    let units = clusters.reduce((sum, c) => sum + clusterWidth(c), 0);
    const ellipsis = textUnits(ELLIPSIS);
    while (clusters.length > 0 && unitsToPx(units + ellipsis, fontSize) > maxWidth) units -= clusterWidth(clusters.pop()!);
    const kept = clusters.join('');
    const space = kept.lastIndexOf(' ');
    const cutInWord = kept.length < whole.length && whole[kept.length] !== ' ' && !kept.endsWith(' ');
    if (cutInWord && space > 0) {
        const words = kept.slice(0, space).trimEnd();
        if (!/^[ \t]*[•◦‣–-]$/.test(words) && unitsToPx(textUnits(words), fontSize) >= maxWidth / 2) return words + ELLIPSIS;
    }
    return kept.trimEnd() + ELLIPSIS;
}

/** Marks a long word (a URL, a path, a compound) reads best broken after. */
const BREAK_AFTER = new Set(['/', '-', '_', '?', '&', '=', '#', '\\']);

/**
 * `word` (of width `wordUnits`, already measured) in pieces no wider than maxWidth: each piece
 * ends after the last '/' or '-' that fits (a URL stays readable), unless that leaves the line
 * less than half full, then between any two grapheme clusters.
 */
function breakWord(word: string, wordUnits: number, maxWidth: number, fontSize: number): string[] {
    if (unitsToPx(wordUnits, fontSize) <= maxWidth) return [word];
    const pieces: string[] = [];
    let clusters: string[] = [];
    let widths: number[] = [];
    let units = 0;
    /** The piece's clusters up to its last mark to break after, and their width (none: -1). */
    let soft = -1;
    let softUnits = 0;
    const limit = (maxWidth * 1000) / (fontSize * SAFETY);
    for (const cluster of graphemes(word)) {
        const width = clusterWidth(cluster);
        if (clusters.length > 0 && units + width > limit) {
            const cut = soft > 0 && softUnits >= limit / 2 ? soft : clusters.length;
            pieces.push(clusters.slice(0, cut).join(''));
            clusters = clusters.slice(cut);
            widths = widths.slice(cut);
            units = widths.reduce((sum, w) => sum + w, 0);
            soft = -1;
        }
        clusters.push(cluster);
        widths.push(width);
        units += width;
        if (BREAK_AFTER.has(cluster)) { soft = clusters.length; softUnits = units; }
    }
    pieces.push(clusters.join(''));
    return pieces;
}
