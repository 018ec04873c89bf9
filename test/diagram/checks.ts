import { expect } from 'vitest';
import { measureText, type CardBox, type LaidOutDiagram, type Point, type Rect } from '../../src/diagram/index.js';
import { CARD_PAD, ICON_SIZE, TYPE, lineHeight, lineSize } from '../../src/diagram/layout.js';
import { elements, parseXml, type XmlElement } from './xml.js';

function overlaps(a: Rect, b: Rect): boolean {
    return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** True when the axis-parallel segment a–b passes through the inside of the box (touching its border is fine). */
export function crossesInside(a: Point, b: Point, box: Rect): boolean {
    if (a.y === b.y) {
        const [x1, x2] = [Math.min(a.x, b.x), Math.max(a.x, b.x)];
        return a.y > box.y && a.y < box.y + box.height && x1 < box.x + box.width && x2 > box.x;
    }
    const [y1, y2] = [Math.min(a.y, b.y), Math.max(a.y, b.y)];
    return a.x > box.x && a.x < box.x + box.width && y1 < box.y + box.height && y2 > box.y;
}

export function onBorder(p: Point, box: Rect): boolean {
    const inY = p.y >= box.y && p.y <= box.y + box.height;
    return inY && (Math.abs(p.x - box.x) < 0.01 || Math.abs(p.x - box.x - box.width) < 0.01);
}

export function checkSafeSvg(svg: string): XmlElement {
    const root = parseXml(svg);
    expect(root.name).toBe('svg');
    expect(svg).not.toMatch(/<script/i);
    for (const element of elements(root)) {
        expect(element.name).not.toMatch(/^(script|foreignObject|image|iframe)$/i);
        for (const [name, value] of Object.entries(element.attributes)) {
            expect(name, `event attribute on <${element.name}>`).not.toMatch(/^on/i);
            if (/href$/i.test(name)) expect(value.startsWith('#')).toBe(true);
            expect(value).not.toMatch(/url\((?!#)/);
        }
    }
    return root;
}


export function assertGrid(layout: LaidOutDiagram): void {
    const cards: CardBox[] = layout.cards;
    const sorted = [...cards].sort((a, b) => a.x - b.x);
    for (let i = 0; i < sorted.length; i++) {
        for (let j = i + 1; j < sorted.length && sorted[j].x < sorted[i].x + sorted[i].width; j++) {
            expect(overlaps(sorted[i], sorted[j]), `${sorted[i].id} overlaps ${sorted[j].id}`).toBe(false);
        }
    }
    const model = new Map(layout.diagram.cards.map(c => [c.id, c]));
    for (const box of cards) {
        const card = model.get(box.id)!;
        const column = layout.columns[layout.diagram.stages.findIndex(s => s.id === card.stage)];
        expect(box.x).toBeGreaterThanOrEqual(column.x);
        expect(box.x + box.width).toBeLessThanOrEqual(column.x + column.width);
        const row = layout.rows.find(r => r.lane === card.lane && r.row === card.row)!;
        expect(box.y).toBeGreaterThanOrEqual(row.y);
        expect(box.y + box.height).toBeLessThanOrEqual(row.y + row.height);
    }
    // Text wraps inside its card (a line of one character cannot wrap further).
    for (const box of cards) {
        const icon = model.get(box.id)!.kind === 'touchpoint' ? ICON_SIZE + 4 : 0;
        for (const line of box.titleLines) if ([...line].length > 1) expect(measureText(line, TYPE.card.size), line).toBeLessThanOrEqual(box.width - 2 * CARD_PAD - icon);
        for (const line of box.detailLines) if ([...line].length > 1) expect(measureText(line, TYPE.detail.size), line).toBeLessThanOrEqual(box.width - 2 * CARD_PAD);
    }
    // The persona band and the evidence notes: their lines fit their box, and no box overlaps another or a card.
    const styled = [...layout.personas, ...(layout.notes ? [layout.notes] : [])];
    for (const box of styled) {
        let height = 0;
        for (const line of box.lines) {
            height += lineHeight(line);
            const indent = line.style === 'note' ? 10 : 0;
            if ([...line.text].length > 1) expect(measureText(line.text, lineSize(line)) + indent, line.text).toBeLessThanOrEqual(box.width - 2 * CARD_PAD);
        }
        expect(height, 'lines fit the box').toBeLessThanOrEqual(box.height - 2 * CARD_PAD);
        expect(box.x + box.width).toBeLessThanOrEqual(layout.width);
        expect(box.y + box.height).toBeLessThanOrEqual(layout.height);
    }
    const all: Rect[] = [...cards, ...styled];
    for (let i = 0; i < all.length; i++) for (let j = i + 1; j < all.length; j++) {
        if (i < cards.length && j < cards.length) continue; // cards against cards: checked above
        expect(overlaps(all[i], all[j]), 'a persona card or the notes overlap').toBe(false);
    }
    expect(Math.max(...cards.map(c => c.x + c.width), 0)).toBeLessThanOrEqual(layout.width);
    expect(Math.max(...cards.map(c => c.y + c.height), 0)).toBeLessThanOrEqual(layout.height);
}
