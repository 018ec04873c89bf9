// Issue 10: a text field of millions of characters (an action, a label, a goal, a persona's
// goal, an evidence note…) never finished rendering: wrapping measured it with the grapheme
// segmenter, which slows down with the length of its input. The drawn map shows a bounded
// amount of each text (ending in '…'); the model keeps the full text for the exports.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { measureText, wrapText } from '../../src/diagram/index.js';
import { CARD_PAD, ICON_SIZE, TYPE } from '../../src/diagram/layout.js';
import { parseMap, pipeline } from './fixtures.js';

/** `unit` repeated up to `length` characters. */
const long = (unit: string, length: number) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length);

/**
 * Counts the characters handed to the grapheme segmenter (what measuring costs) and throws
 * past `limit`: the old code handed it whole multi-megabyte texts and never finished.
 */
function limitSegmenting(limit: number, longestInput = Infinity): { segmented: () => number } {
    let segmented = 0;
    const original = Intl.Segmenter.prototype.segment;
    vi.spyOn(Intl.Segmenter.prototype, 'segment').mockImplementation(function (this: Intl.Segmenter, input: string) {
        segmented += input.length;
        // V8's segmenter slows down with the length of one input (quadratic over one long string).
        if (input.length > longestInput) throw new Error(`the segmenter was handed ${input.length} characters at once`);
        if (segmented > limit) throw new Error(`the segmenter was handed more than ${limit} characters`);
        return original.call(this, input);
    });
    return { segmented: () => segmented };
}

describe('a map with huge text fields', () => {
    beforeEach(() => vi.restoreAllMocks());
    afterEach(() => vi.restoreAllMocks());

    it('renders with every card text bounded, inside its card, ending in an ellipsis', async () => {
        const size = 1_000_000;
        const text = `
persona P "${long('Léa ', size)}" {
  goal "${long('trouver vite ', size)}"
  frustration "${long('é', size)}"
  segment "${long('seg ', size)}"
}
channel C "${long('canal ', size)}" digital
team O "${long('équipe ', size)}"
journey J "${long('titre ', size)}" {
  description "${long('desc ', size)}"
  stage S "${long('étape ', size)}" {
    goal "${long('but ', size)}"
    touchpoint T "${long('東京', size)}" {
      kind tool
      channel C
      personas P
      owner O
      emotion 1
      action "${long('a', 5_000_000)}"
      evidence "${long('preuve ', size)}"
      friction "${long('👍🏽', size)}" severity high
    }
  }
}
`;
        const doc = await parseMap(text);
        expect(doc.parseResult.parserErrors).toEqual([]);
        const counter = limitSegmenting(200_000);
        const [{ layout, svg }] = await pipeline(doc);
        expect(counter.segmented()).toBeLessThan(200_000);
        // The model keeps every character (the exports read it); only the drawing abbreviates.
        const action = layout.diagram.cards.find(c => c.kind === 'action')!;
        expect(action.text).toHaveLength(5_000_000);
        // 12 long fields of a megabyte each: the SVG holds a bounded part of each.
        expect(svg.length).toBeLessThan(200_000);
        const model = new Map(layout.diagram.cards.map(c => [c.id, c]));
        for (const box of layout.cards) {
            const card = model.get(box.id)!;
            const icon = card.kind === 'touchpoint' ? ICON_SIZE + 4 : 0;
            expect(box.titleLines.length, card.kind).toBeLessThanOrEqual(8);
            expect(box.titleLines.at(-1), card.kind).toMatch(/…$/);
            for (const line of box.titleLines) expect(measureText(line, TYPE.card.size), line).toBeLessThanOrEqual(box.width - 2 * CARD_PAD - icon);
            for (const line of box.detailLines) expect(measureText(line, TYPE.detail.size), line).toBeLessThanOrEqual(box.width - 2 * CARD_PAD);
        }
        for (const column of layout.columns) expect(column.label.length).toBeLessThanOrEqual(4);
        for (const lane of layout.lanes) expect(lane.label.length).toBeLessThanOrEqual(4);
        for (const persona of layout.personas) expect(persona.lines.length).toBeLessThan(20);
        expect(layout.notes!.lines.length).toBeLessThan(20);
    });
});

describe('the header of a narrow map with a long title and description', () => {
    const description = 'Entretiens menés auprès de quarante-deux étudiants de trois villes universitaires, analytique du site et tickets du support, printemps 2026';
    async function drawHeader(title: string) {
        const doc = await parseMap(`journey J "${title}" {
  state current
  description "${description}"
  stage S "S" { touchpoint T "T" }
}`);
        const [{ layout, svg }] = await pipeline(doc, undefined, { standalone: true });
        const pill = Number(/<rect class="jm-pill" x="([\d.]+)"/.exec(svg)![1]);
        const line = (cls: string) => [...svg.matchAll(new RegExp(`<text x="([\\d.]+)" y="([\\d.]+)" class="${cls}">([^<]*)</text>`, 'g'))]
            .map(m => ({ x: Number(m[1]), y: Number(m[2]), text: m[3].replaceAll('&#39;', "'") }));
        return { layout, svg, pill, titles: line('jm-title'), subtitles: line('jm-subtitle') };
    }

    /** Every line inside the header: the title's clear of the state pill, the subtitles under the title's last line. */
    function expectInside({ layout: { header, columns }, pill, titles, subtitles }: Awaited<ReturnType<typeof drawHeader>>) {
        // Semibold 20 px: counted as regular text plus 10 %.
        for (const t of titles) expect(t.x + measureText(t.text, TYPE.title.size) * 1.1, t.text).toBeLessThanOrEqual(pill - 8);
        for (const sub of subtitles) {
            expect(sub.x + measureText(sub.text, TYPE.subtitle.size)).toBeLessThanOrEqual(header.x + header.width - 16);
            expect(sub.y - TYPE.subtitle.size).toBeGreaterThanOrEqual(titles.at(-1)!.y + 4);
            expect(sub.y + 4).toBeLessThanOrEqual(header.y + header.height);
        }
        expect(header.y + header.height).toBeLessThan(columns[0].y);
    }

    it('wraps a long title onto more lines in a taller header, every line inside it and clear of the state pill', async () => {
        const title = "Souscrire l'assurance habitation d'un studio meublé";
        const drawn = await drawHeader(title);
        expectInside(drawn);
        // The whole title, on two or three lines: nothing cut.
        expect(drawn.titles.length).toBeGreaterThan(1);
        expect(drawn.titles.length).toBeLessThanOrEqual(3);
        expect(drawn.titles.map(t => t.text).join(' ')).toBe(title);
        // The header grew by the title's extra lines: the stage headers start below it.
        const short = await drawHeader('Assurance habitation');
        expect(short.titles).toHaveLength(1);
        expect(drawn.layout.header.height - short.layout.header.height).toBe((drawn.titles.length - 1) * TYPE.title.line);
        expect(drawn.layout.columns[0].y - short.layout.columns[0].y).toBe((drawn.titles.length - 1) * TYPE.title.line);
        expect(drawn.subtitles[0].text).toMatch(/^Entretiens menés .*…$/);
        // The whole title stays readable as the picture's title (and its tooltip).
        expect(drawn.svg).toContain(`<title>${title.replaceAll("'", '&#39;')}</title>`);
    });

    it('moves the map down by the title\'s extra lines and nothing else: same widths, same flows', async () => {
        const map = (title: string) => parseMap(`journey J "${title}" {
  state current
  stage A "A" { touchpoint A1 "A1" { next B1, C1 } touchpoint A2 "A2" { next C1 } }
  stage B "B" { touchpoint B1 "B1" { next A2 } }
  stage C "C" { touchpoint C1 "C1" }
}`);
        const [short] = await pipeline(await map('Assurance'));
        const [tall] = await pipeline(await map(long('Souscrire une assurance habitation ', 160).trim()));
        const delta = (tall.layout.header.title.length - 1) * TYPE.title.line;
        expect(delta).toBeGreaterThan(0);
        expect(tall.layout.width).toBe(short.layout.width);
        expect(tall.layout.height - short.layout.height).toBe(delta);
        expect(tall.layout.cards.map(c => [c.x, c.y - delta, c.width, c.height])).toEqual(short.layout.cards.map(c => [c.x, c.y, c.width, c.height]));
        expect(tall.layout.edges.map(e => e.points.map(p => [p.x, p.y - delta]))).toEqual(short.layout.edges.map(e => e.points.map(p => [p.x, p.y])));
    });

    it('cuts a title longer than three lines with an ellipsis', async () => {
        const title = "Parcours de souscription d'une assurance habitation pour les locataires d'appartements meublés en résidence étudiante";
        const drawn = await drawHeader(title);
        expectInside(drawn);
        expect(drawn.titles).toHaveLength(3);
        expect(drawn.titles[2].text).toMatch(/…$/);
        expect(drawn.svg).toContain(`<title>${title.replaceAll("'", '&#39;')}</title>`);
    });
});

describe('wrapping a text of millions of characters', () => {
    afterEach(() => vi.restoreAllMocks());

    it('keeps every character and segments linearly (in bounded slices)', () => {
        // No space to break at: every line is cut between grapheme clusters.
        const text = long('é👍🏽e\u0301東', 300_000);
        const counter = limitSegmenting(3 * text.length, 4096);
        const lines = wrapText(text, 200, TYPE.card.size);
        expect(lines.join('')).toBe(text);
        expect(counter.segmented()).toBeLessThanOrEqual(3 * text.length);
        vi.restoreAllMocks();
        for (const line of lines) expect(measureText(line, TYPE.card.size)).toBeLessThanOrEqual(200);
    });
});
