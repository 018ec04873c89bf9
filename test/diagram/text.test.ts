import { eastAsianWidth } from 'get-east-asian-width';
import { describe, expect, it, vi } from 'vitest';
import { measureText, wrapText } from '../../src/diagram/index.js';
import { ONE_CHARACTER_RANGES, wrapLines } from '../../src/diagram/text.js';
import { CARD_PAD, ICON_SIZE, TYPE } from '../../src/diagram/layout.js';
import { parseMap, pipeline } from './fixtures.js';

const graphemes = (text: string) => [...new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(text)].map(s => s.segment);
const em = (text: string) => Math.round(measureText(text, 1000) / 1.1);

const FAMILY = '👨‍👩‍👧‍👦';
const CJK = '東京都渋谷区で新しいカフェを探しています。駅から歩いて五分、Ｗｉ－Ｆｉあり！';

describe('text measure', () => {
    it('gives every East Asian wide or full-width character one em', () => {
        for (const ch of ['漢', 'か', 'カ', '한', '。', '、', '「', '！', 'Ａ', '１', '\u3000', 'ㄅ', '㈱']) expect(em(ch), ch).toBe(1000);
        // Half-width katakana and Latin letters are narrower.
        for (const ch of ['ｱ', 'A', 'é']) expect(em(ch), ch).toBeLessThan(1000);
    });

    it('measures a grapheme cluster as one character: emoji sequences one em, combining marks nothing', () => {
        for (const emoji of [FAMILY, '👍🏽', '🇫🇷', '🏳️‍🌈', '❤️', '1️⃣', '😀']) expect(em(emoji), emoji).toBe(1000);
        expect(em('e\u0301')).toBe(em('e'));
        expect(em('각')).toBe(em('\u1100\u1161\u11A8'));
    });
});

describe('grapheme clusters of Latin text and typography', () => {
    it('the characters text.ts measures without the segmenter are each a cluster of its own, next to any other of them', () => {
        const chars: string[] = [];
        for (const [from, to] of ONE_CHARACTER_RANGES) for (let code = from; code <= to; code++) chars.push(String.fromCharCode(code));
        expect(chars).toContain('é');
        expect(chars).toContain('…');
        // Every ordered pair side by side: clusters join (or not) pairwise for these characters.
        for (const first of chars) {
            const text = first + chars.join(first);
            expect(graphemes(text).length, first).toBe(text.length);
        }
        // Just outside: a combining mark joins the letter before it, CR LF is one cluster.
        expect(graphemes('e\u0301')).toHaveLength(1);
        expect(graphemes('a\r\nb')).toHaveLength(3);
    });
});

describe('text wrapping', () => {
    it('breaks only between grapheme clusters', () => {
        const text = `${FAMILY}${'👍🏽'.repeat(3)}${'🇫🇷🇯🇵'.repeat(3)}e\u0301e\u0301e\u0301${FAMILY}${'한국어'.repeat(3)}`;
        for (const width of [12, 20, 30, 45]) {
            const lines = wrapText(text, width, 10);
            expect(lines.join('')).toBe(text);
            expect(lines.flatMap(graphemes)).toEqual(graphemes(text));
            for (const line of lines) if (graphemes(line).length > 1) expect(measureText(line, 10)).toBeLessThanOrEqual(width);
        }
    });

    it('wraps CJK text without spaces inside the width', () => {
        const lines = wrapText(CJK, 100, 10);
        expect(lines.length).toBeGreaterThan(3);
        expect(lines.join('')).toBe(CJK);
        for (const line of lines) expect(graphemes(line).length * 10, line).toBeLessThanOrEqual(100);
    });

    it('keeps French spaced punctuation with its word', () => {
        const text = 'Vraiment ? Oui ! Le « service » : rapide ; parfait ! Et « ça » ?';
        for (const width of [70, 100, 150]) {
            const lines = wrapText(text, width, 10);
            expect(lines.join(' ')).toBe(text);
            for (const line of lines) {
                expect(line, `${width}: ${line}`).not.toMatch(/^[»:;!?]/);
                expect(line, `${width}: ${line}`).not.toMatch(/«$/);
            }
        }
    });

    it('keeps a list item\'s bullet with its first word, breaking a long one inside the word', () => {
        const url = 'https://www.exemple-de-banque.fr/simulateur-de-capacite-d-emprunt-immobilier';
        for (const bullet of ['•', '–']) for (const width of [80, 134, 200]) {
            const lines = wrapText(`${bullet} ${url}`, width, TYPE.detail.size);
            expect(lines[0], `${width}: ${lines[0]}`).toMatch(new RegExp(`^${bullet} h`));
            expect(lines.join('')).toBe(`${bullet} ${url}`);
            for (const line of lines) expect(measureText(line, TYPE.detail.size)).toBeLessThanOrEqual(width);
            // Broken after a '/' or a '-' where one leaves the line at least half full.
            for (const line of lines.slice(0, -1)) expect(line, `${width}: ${line}`).toMatch(/[/-]$/);
        }
        // Only a bullet that starts the text: a dash inside a sentence is a place to break.
        expect(wrapText('Vite – et', measureText('Vite –', 10), 10)).toEqual(['Vite –', 'et']);
    });

    it('cuts a text that needs more lines after a whole word, unless that leaves the line less than half full', () => {
        const text = 'Obtenir un prêt immobilier quand on est indépendant et que la banque ne connaît pas ses revenus';
        for (const width of [120, 160, 200, 260]) {
            const lines = wrapLines(text, width, 14, 2);
            const last = lines[1];
            expect(last, `${width}`).toMatch(/…$/);
            expect(measureText(last, 14)).toBeLessThanOrEqual(width);
            // The words before '…' are words of the text: none cut short.
            const words = last.slice(0, -1).split(' ');
            expect(text.split(' '), `${width}: ${last}`).toContain(words.at(-1));
            expect(measureText(last, 14), `${width}: ${last}`).toBeGreaterThanOrEqual(width / 2);
        }
        // One long word: cut inside it.
        expect(wrapLines('x'.repeat(200), 100, 14, 1)[0]).toMatch(/^x+…$/);
    });

    it('keeps a value with its label, a number with its unit, and a separator with the word before it', () => {
        const text = 'Target ≤\u00a05\u00a0days · Actual 12\u00a0days · Gap +7\u00a0days';
        // From the narrowest line that holds the widest label and value.
        const narrowest = measureText('Target ≤\u00a05\u00a0days ·', TYPE.detail.size);
        for (const width of [narrowest, narrowest + 20, 134, 180]) {
            const lines = wrapText(text, width, TYPE.detail.size);
            expect(lines.join(' ')).toBe(text);
            for (const line of lines) {
                expect(line, `${width}: ${line}`).not.toMatch(/^([≤+\d·]|days)/);
                expect(line, `${width}: ${line}`).not.toMatch(/(Target|Actual|Gap)$/);
                expect(measureText(line, TYPE.detail.size)).toBeLessThanOrEqual(width);
            }
        }
        // A label and value wider than the line together: broken between them after all, not inside a word.
        expect(wrapText('Actual 12\u00a0days', measureText('12\u00a0days', 10), 10)).toEqual(['Actual', '12\u00a0days']);
    });

    it('keeps a number the designer wrote with the word after it, as a no-break space would (`48 h`, `5 jours`)', () => {
        // The width of the examples' touchpoint cards, where `48` ended a line and `h` stood alone below it.
        for (const [text, kept] of [['Rendez-vous en visio sous 48 h', '48 h'], ['Rappel par un conseiller sous 48 h', '48 h'],
            ['Réponse de principe en 5 jours ouvrés', '5 jours'], ['Taux de -2,5 % sur un an', '-2,5 %']] as const) {
            for (const width of [100, 120, 134, 150, 180]) {
                const lines = wrapText(text, width, TYPE.card.size);
                expect(lines.join(' ')).toBe(text);
                expect(lines.some(line => line.includes(kept)), `${width}: ${JSON.stringify(lines)}`).toBe(true);
            }
        }
        // A number and its word wider than the line together: broken between them after all.
        expect(wrapText('12 semaines', measureText('semaines', 10), 10)).toEqual(['12', 'semaines']);
    });
});

/** A lower bound of the width real fonts give: wide and full-width clusters and emoji take an em, the rest nothing. */
function leastWidth(line: string, fontSize: number): number {
    const wide = graphemes(line).filter(g => /\p{Emoji_Presentation}|\uFE0F/u.test(g) || eastAsianWidth(g.codePointAt(0)!) === 2);
    return wide.length * fontSize;
}

describe('wrapping a long label', () => {
    /** How many characters wrapping `text` hands to the grapheme segmenter (what measuring non-ASCII text costs). */
    function segmentedCharacters(text: string, width: number): { lines: string[], segmented: number } {
        let segmented = 0;
        const original = Intl.Segmenter.prototype.segment;
        const spy = vi.spyOn(Intl.Segmenter.prototype, 'segment').mockImplementation(function (this: Intl.Segmenter, input: string) {
            segmented += input.length;
            return original.call(this, input);
        });
        try {
            return { lines: wrapText(text, width, TYPE.detail.size), segmented };
        } finally {
            spy.mockRestore();
        }
    }

    it('measures each word a bounded number of times, not the whole line again for every word', () => {
        const words = Array.from({ length: 3000 }, (_, i) => `étape${i}`);
        const text = words.join(' ');
        // Wide enough that many words share a line: re-measuring the line per word costs words × line length.
        const { lines, segmented } = segmentedCharacters(text, 4000);
        expect(lines.join(' ')).toBe(text);
        expect(lines.length).toBeGreaterThan(10);
        expect(segmented).toBeLessThan(4 * text.length);
    });

    it('wraps as measuring each candidate line would', () => {
        const text = 'Le client pressé compare prix, délais, avis. Puis il hésite… 東京 👍🏽 e\u0301té ' + 'très-long-mot-composé-'.repeat(8);
        for (const width of [30, 60, 120, 250, 1000]) {
            const lines = wrapText(text, width, TYPE.detail.size);
            expect(lines.join(' ').replace(/ /g, '')).toBe(text.replace(/ /g, ''));
            const words = new Set(text.split(' '));
            for (let i = 0; i + 1 < lines.length; i++) {
                const next = lines[i + 1].split(' ')[0];
                // A line never has room left for the next line's first word (unless that word had to be broken).
                if (words.has(next) && measureText(next, TYPE.detail.size) <= width) expect(measureText(`${lines[i]} ${next}`, TYPE.detail.size)).toBeGreaterThan(width);
            }
            for (const line of lines) expect(measureText(line, TYPE.detail.size)).toBeLessThanOrEqual(width + 1e-9);
        }
    });
});

describe('cards with CJK, emoji and French labels', () => {
    it('no text line of the rendered map is wider than its card, and none splits a cluster', async () => {
        const labels = [CJK, `${FAMILY} ${FAMILY}${FAMILY}${FAMILY}${FAMILY}${FAMILY}${FAMILY}${FAMILY}${FAMILY}${FAMILY} famille`,
            'ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ０１２３４５６７８９', '「お問い合わせ」ボタンを押すと、何も起きない！！！！！',
            'Paiement refusé ? Vraiment ! Le « support » : injoignable ; encore ?', '🇫🇷🇯🇵🇰🇷🇨🇳🇩🇪🇮🇹🇪🇸🇵🇹🇧🇷🇨🇦🇺🇸🇬🇧'];
        const touchpoints = labels.map((label, i) => `    touchpoint T${i} "${label}" { kind tool emotion 0 action "${labels[(i + 1) % labels.length]}" }`);
        const doc = await parseMap(`journey J "旅程 ${FAMILY}" {\n  stage S "ステージ" {\n${touchpoints.join('\n')}\n  }\n}\n`);
        expect(doc.parseResult.parserErrors).toEqual([]);
        const [{ layout, svg }] = await pipeline(doc);
        expect(svg).toContain('<svg');
        const model = new Map(layout.diagram.cards.map(c => [c.id, c]));
        for (const box of layout.cards) {
            const icon = model.get(box.id)!.kind === 'touchpoint' ? ICON_SIZE + 4 : 0;
            const text = model.get(box.id)!.text;
            if (box.titleLines.join('').replace(/ /g, '') === text.replace(/ /g, '')) {
                expect(box.titleLines.flatMap(graphemes).filter(g => g !== ' ')).toEqual(graphemes(text).filter(g => g !== ' '));
            }
            for (const line of box.titleLines) expect(leastWidth(line, TYPE.card.size), line).toBeLessThanOrEqual(box.width - 2 * CARD_PAD - icon);
            for (const line of box.detailLines) expect(leastWidth(line, TYPE.detail.size), line).toBeLessThanOrEqual(box.width - 2 * CARD_PAD);
        }
    });
});
