// DiagramModel → LaidOutDiagram. The grid is known, so positions are computed directly:
// columns = stages (width from their content), rows = lanes (height from their tallest cell),
// cards stacked inside a cell. ELK orders the touchpoints to limit flow crossings
// (elk-order.ts); the flows are routed orthogonally through the free gutters between
// columns and corridors between rows (routing.ts), so no edge crosses a card.
import { orderFlows } from './elk-order.js';
import { planRoutes, type PlacedCard } from './routing.js';
import { measureText, wrapLines } from './text.js';
import type {
    CardBox, ColumnBox, DiagramCard, DiagramLane, DiagramModel, DiagramPersona, ElkApi, EmotionLine, LaidOutDiagram, LaneBox,
    HeaderBox, MetricCard, NotesBox, PersonaBox, RowBox, StyledLine, TouchpointCard
} from './types.js';
import { mapWords, wordsOf } from './words.js';
import { formatKpi } from '../common/kpi.js';

/** Font sizes and line heights (px); svg.ts draws with the same numbers. */
export const TYPE = {
    title: { size: 20, line: 26 },
    subtitle: { size: 12, line: 18 },
    stage: { size: 13, line: 17 },
    lane: { size: 12, line: 16 },
    card: { size: 12, line: 16 },
    detail: { size: 10.5, line: 14 }
} as const;

export const CARD_PAD = 8;
const CELL_PAD = 10;
const CARD_GAP = 10;
const CARD_MIN_WIDTH = 150;
const CARD_MAX_WIDTH = 232;
export const MARGIN = 20;
export const LABEL_WIDTH = 150;
/** Persona names in the emotion legend wrap before the scale labels. */
export const LEGEND_WIDTH = LABEL_WIDTH - 60;
const HEADER_HEIGHT = 70;
const LANE_MIN_HEIGHT = 44;
const TOUCHPOINT_LANE_HEAD = 24;
export const METRIC_BAR_HEIGHT = 26;
export const EMOTION_UNIT = 22;
const EMOTION_PAD = 22;
const CURVE_NUDGE = 3;

type Words = ReturnType<typeof mapWords>;

/**
 * Texts measured and wrapped in the last two layouts, by text and measure: the preview lays a
 * map out again after every keystroke, and at 10,000 touchpoints measuring every card's texts
 * anew was a third of that layout. A layout looks the others up and measures what changed.
 * Texts kept over two layouts only, so the memory follows the maps shown, not the ones typed.
 */
class TextMemo {
    private young = new Map<string, unknown>();
    private old = new Map<string, unknown>();

    /** A layout starts: what the one before it used stays, the rest goes. */
    nextLayout(): void {
        if (this.young.size === 0) return;
        this.old = this.young;
        this.young = new Map();
    }

    get<T>(key: string, make: () => T): T {
        if (this.young.has(key)) return this.young.get(key) as T;
        const value = this.old.has(key) ? this.old.get(key) as T : make();
        this.young.set(key, value);
        return value;
    }
}

const memo = new TextMemo();
/** Longer texts are not remembered: their key would cost what measuring them does (only what fits is measured). */
const MEMO_MAX_CHARS = 2000;

/** wrapLines, remembered. The lines are shared between layouts: nothing may change them. */
function wrap(text: string, maxWidth: number, fontSize: number, maxLines: number): string[] {
    if (text.length > MEMO_MAX_CHARS) return wrapLines(text, maxWidth, fontSize, maxLines);
    return memo.get(`w${maxWidth}\u0000${fontSize}\u0000${maxLines}\u0000${text}`, () => wrapLines(text, maxWidth, fontSize, maxLines));
}

/** measureText, remembered. */
function measure(text: string, fontSize: number): number {
    if (text.length > MEMO_MAX_CHARS) return measureText(text, fontSize);
    return memo.get(`m${fontSize}\u0000${text}`, () => measureText(text, fontSize));
}

/**
 * The most lines each text shows on the map, the last ending in '…' when the text needs
 * more: a card stays a card, and a text of millions of characters costs what a short one
 * does (only what fits is measured). The exports and the model keep the full text.
 */
export const MAX_LINES = { title: 3, cardText: 8, detail: 3, label: 4, personaLine: 4, note: 10 } as const;
/** Characters of a text measured for a column's width: past the widest card, more cannot widen it. */
const WIDTH_PROBE = 400;


/** The secondary lines of a card, before wrapping (type-specific facts), in the map's words. */
export function cardDetails(card: DiagramCard, words: Words = mapWords(undefined)): string[] {
    switch (card.kind) {
        case 'touchpoint': {
            const lines: string[] = [];
            const kind = card.touchpointKind ? words.kind(card.touchpointKind) : undefined;
            const channels = card.channels.map(c => c.label).join(', ');
            const head = [kind, channels].filter(Boolean).join(' · ');
            if (head) lines.push(head);
            if (card.personas.length > 0) lines.push(words.personas(card.personas.map(p => p.label)));
            if (card.owner) lines.push(words.owner(card.owner.label));
            return lines;
        }
        case 'friction':
            return [...onTouchpoint(card, words), ...(card.severity ? [words.severity(card.severity)] : [])];
        case 'opportunity': {
            const parts = [card.impact && words.impact(card.impact), card.effort && words.effort(card.effort)].filter(Boolean);
            return [...onTouchpoint(card, words), ...(parts.length > 0 ? [parts.join(' · ')] : [])];
        }
        case 'metric': {
            const kpi = formatKpi(card, words.locale);
            return [kpi.values, kpi.result].filter((line): line is string => line !== undefined);
        }
        default:
            return [];
    }
}

function onTouchpoint(card: DiagramCard, words: Words): string[] {
    return card.touchpointLabel !== undefined ? [words.on(card.touchpointLabel)] : [];
}

/** The evidence marker of a touchpoint card, before wrapping. */
export function evidenceMarker(card: DiagramCard, words: Words = mapWords(undefined)): string | undefined {
    return card.kind === 'touchpoint' && card.evidenceNote !== undefined ? words.evidenceMarker(card.evidence.length, card.evidenceNote) : undefined;
}

interface SizedCard { card: DiagramCard; width: number; height: number; titleLines: string[]; detailLines: string[]; evidenceLines: string[] }

/** Room kept at the top right of a touchpoint card for its kind icon. */
export const ICON_SIZE = 14;

/**
 * Each card's size and lines by the card object, for its width and the map's words: a model that
 * shares its unchanged cards with the one before (as the preview's worker makes it) has them
 * sized without as much as a look-up of their texts. Cards are never changed in place.
 */
const sizedCards = new WeakMap<DiagramCard, { width: number; locale: string | undefined; sized: SizedCard }>();

function sizeCard(card: DiagramCard, width: number, words: Words): SizedCard {
    const known = sizedCards.get(card);
    if (known && known.width === width && known.locale === words.locale) return known.sized;
    const sized = measureCard(card, width, words);
    sizedCards.set(card, { width, locale: words.locale, sized });
    return sized;
}

/**
 * Whether a KPI is drawn with its target/actual bar: a bare number with no target has
 * nothing to be measured against (an NPS of 12 drawn 80 % full would lie); a lone
 * percentage is a share of 100 %. The layout sizes the card and svg.ts draws by this.
 */
export function hasMetricBar(card: MetricCard): boolean {
    return card.target !== undefined || card.actual?.percent === true;
}

function measureCard(card: DiagramCard, width: number, words: Words): SizedCard {
    const inner = width - 2 * CARD_PAD;
    const iconRoom = card.kind === 'touchpoint' && card.touchpointKind ? ICON_SIZE + 4 : 0;
    const titleLines = wrap(card.text, inner - iconRoom, TYPE.card.size, MAX_LINES.cardText);
    const detailLines = cardDetails(card, words).flatMap(line => wrap(line, inner, TYPE.detail.size, MAX_LINES.detail));
    const marker = evidenceMarker(card, words);
    const evidenceLines = marker ? wrap(marker, inner, TYPE.detail.size, MAX_LINES.detail) : [];
    const details = detailLines.length + evidenceLines.length;
    const height = 2 * CARD_PAD + titleLines.length * TYPE.card.line
        + (details > 0 ? 4 + details * TYPE.detail.line : 0)
        + (card.kind === 'metric' && hasMetricBar(card) ? METRIC_BAR_HEIGHT : 0);
    return { card, width, height, titleLines, detailLines, evidenceLines };
}

/** The width of a card's text on one line (as far as WIDTH_PROBE), by the card object (see sizedCards). */
const textWidths = new WeakMap<DiagramCard, { text: string; width: number }>();

function textWidth(card: DiagramCard): number {
    const known = textWidths.get(card);
    if (known && known.text === card.text) return known.width;
    const width = measure(card.text.slice(0, WIDTH_PROBE), TYPE.card.size);
    textWidths.set(card, { text: card.text, width });
    return width;
}

/** Card width of a column: its longest one-line text, kept between the min and max widths. */
function columnCardWidth(cards: DiagramCard[], stageLabel: string): number {
    let widest = measure(stageLabel.slice(0, WIDTH_PROBE), TYPE.stage.size);
    for (const card of cards) widest = Math.max(widest, textWidth(card));
    return Math.round(Math.min(CARD_MAX_WIDTH, Math.max(CARD_MIN_WIDTH, widest + 2 * CARD_PAD)));
}

/**
 * The boxes of the cards `ids` wrapped anew after their texts changed in `laidOut.diagram`, when
 * nothing else of the layout moves: their columns keep their widths and the cards their heights
 * (the preview's local echo of a keystroke patches those cards alone). Undefined when the map
 * must be laid out again.
 */
export function rewrappedCards(laidOut: LaidOutDiagram, ids: ReadonlySet<string>): CardBox[] | undefined {
    const { diagram } = laidOut;
    const grid = gridOf(diagram);
    const columns = new Set<number>();
    for (const card of diagram.cards) if (ids.has(card.id)) columns.add(grid.columnOf(card));
    const byColumn = new Map<number, DiagramCard[]>([...columns].map(c => [c, []]));
    for (const card of diagram.cards) byColumn.get(grid.columnOf(card))?.push(card);
    const widths = new Map([...byColumn].map(([c, cards]) => [c, columnCardWidth(cards, diagram.stages[c]?.label ?? '')]));
    const boxes = new Map(laidOut.cards.map(box => [box.id, box]));
    const words = wordsOf(diagram);
    const rewrapped: CardBox[] = [];
    for (const card of diagram.cards) {
        if (!ids.has(card.id)) continue;
        const box = boxes.get(card.id);
        const s = sizeCard(card, widths.get(grid.columnOf(card))!, words);
        if (!box || s.width !== box.width || s.height !== box.height) return undefined;
        const next: CardBox = { ...box, titleLines: s.titleLines, detailLines: s.detailLines };
        if (s.evidenceLines.length > 0) next.evidenceLines = s.evidenceLines; else delete next.evidenceLines;
        rewrapped.push(next);
    }
    return rewrapped;
}

/**
 * The column of stage `id` with its label wrapped anew after it changed in `laidOut.diagram`, when
 * nothing else of the layout moves: the column keeps its width (the label is not its widest text,
 * or no wider than before) and the stage header row its height (the preview's local echo of a
 * keystroke in a stage label patches that heading alone). Undefined when the map must be laid out again.
 */
export function rewrappedStage(laidOut: LaidOutDiagram, id: string): ColumnBox | undefined {
    const { diagram, columns } = laidOut;
    const index = diagram.stages.findIndex(s => s.id === id);
    const column = columns[index];
    if (!column) return undefined;
    const grid = gridOf(diagram);
    const cardWidth = columnCardWidth(diagram.cards.filter(c => grid.columnOf(c) === index), diagram.stages[index].label);
    if (cardWidth + 2 * CELL_PAD !== column.width) return undefined;
    const label = stageLabel(diagram.stages[index].label, column.width);
    const tallest = (lines: (c: ColumnBox, i: number) => number) => Math.max(1, ...columns.map(lines));
    if (tallest((c, i) => i === index ? label.length : c.label.length) !== tallest(c => c.label.length)) return undefined;
    return { ...column, label };
}

/**
 * The phases: size every card (column widths from content), order the touchpoints (ELK),
 * fill the cells, stack the lanes top to bottom (the touchpoint lane's corridors come from
 * the routing plan), place the cards vertically, route the flows (which fixes the gutter
 * widths), then place the columns left to right.
 */
export async function layoutDiagram(diagram: DiagramModel, elk: ElkApi): Promise<LaidOutDiagram> {
    memo.nextLayout();
    const grid = gridOf(diagram);
    const { cardWidths, sized } = sizeCards(diagram, grid);
    const touchpoints = diagram.cards.filter(c => c.kind === 'touchpoint');
    // Rows keep their first-use order (the same channels line up the same way in every map);
    // ELK's rank orders the touchpoints inside each cell. It gets them in source order: its
    // model order then follows the flows, which is also its fastest input.
    const order = await orderFlows(diagram, touchpoints.map(c => c.id), elk);
    const cells = fillCells(diagram, grid, sized, order.rank);

    // Horizontal placement comes after routing (gutter widths depend on the tracks); vertical now.
    const columnWidths = cardWidths.map(w => w + 2 * CELL_PAD);
    // The touchpoint lane's corridors need the routing plan, which needs only indices.
    const plan = planRoutes(diagram, touchpoints, grid.stageIndex, grid.rowOf, grid.rowOrder.length);
    const placeRows = (top: number) => {
        const stack = stackLanes(diagram, grid, cells, plan, top, cardWidths);
        const cardY = cardPositions(cells, stack.rowY);
        const vertical: PlacedCard[] = touchpoints.map(card => ({
            id: card.id, column: grid.columnOf(card), row: grid.rowOf.get(card.row)!, y: cardY.get(card.id)!, height: sized.get(card.id)!.height
        }));
        // Routing fixes the gutter widths; then x positions follow.
        return { stack, cardY, routed: plan.route(vertical, stack.corridorBands, cardWidths) };
    };
    // The title wraps to the map's width, known once the flows are routed; the routing depends on
    // where the rows are relative to each other only, so a title taller than one line moves the
    // rows down and the widths stay.
    let head = headerGeometry(diagram, columnWidths, 1);
    let rows = placeRows(head.stageHeaderY + head.stageHeaderHeight);
    const { gutterX, columnX, right } = placeColumns(columnWidths, rows.routed.gutterWidth);
    const width = right + MARGIN;
    const title = headerTitle(diagram, width - 2 * MARGIN);
    if (title.length > 1) {
        head = headerGeometry(diagram, columnWidths, title.length);
        rows = placeRows(head.stageHeaderY + head.stageHeaderHeight);
    }
    const { stack, cardY, routed } = rows;
    const gridBottom = stack.bottom;
    const notes = evidenceNotes(diagram, gridBottom, width);
    const height = (notes ? notes.y + notes.height : gridBottom) + MARGIN;
    const edges = routed.edges(gutterX, columnX.map(cx => cx + CELL_PAD));
    stretchAcross(stack, right);

    const columns: ColumnBox[] = diagram.stages.map((stage, i) => ({
        stage: stage.id, label: head.stageLabels[i], x: columnX[i], y: head.stageHeaderY, width: columnWidths[i], height: gridBottom - head.stageHeaderY
    }));
    const cards: CardBox[] = diagram.cards.map(card => {
        const s = sized.get(card.id)!;
        return {
            id: card.id, x: columnX[grid.columnOf(card)] + CELL_PAD, y: cardY.get(card.id)!, width: s.width, height: s.height,
            titleLines: s.titleLines, detailLines: s.detailLines, ...(s.evidenceLines.length > 0 && { evidenceLines: s.evidenceLines })
        };
    });
    const personas: PersonaBox[] = stack.band ? stack.band.cards.place(columnX, stack.band.top) : [];

    const emotionLane = stack.lanes.find(l => l.lane === 'emotion');
    const header: HeaderBox = { x: MARGIN, y: MARGIN, width: width - 2 * MARGIN, height: head.headerHeight - 10, title };
    return {
        diagram, width, height, header, columns, lanes: stack.lanes, rows: stack.rows, cards, edges, personas,
        ...(notes && { notes }),
        ...(emotionLane && { emotion: emotionGeometry(diagram, emotionLane, columnX, columnWidths, grid.stageIndex) }),
        ordering: order.ordering,
        ...(order.note && { orderingNote: order.note })
    };
}

/** The grid's indices: column of each stage, the touchpoint lane's rows in order. */
interface Grid {
    stageIndex: Map<string, number>;
    rowOrder: string[];
    rowOf: Map<string, number>;
    columnOf(card: DiagramCard): number;
}

function gridOf(diagram: DiagramModel): Grid {
    const stageIndex = new Map(diagram.stages.map(s => [s.id, s.index]));
    const touchpointLane = diagram.lanes.find(l => l.id === 'touchpoints');
    const rowOrder = touchpointLane ? touchpointLane.rows.map(r => r.id) : [];
    return { stageIndex, rowOrder, rowOf: new Map(rowOrder.map((id, i) => [id, i])), columnOf: card => stageIndex.get(card.stage) ?? 0 };
}

/** Every card wrapped to the card width of its column. */
function sizeCards(diagram: DiagramModel, grid: Grid): { cardWidths: number[]; sized: Map<string, SizedCard> } {
    const byStage = diagram.stages.map(() => [] as DiagramCard[]);
    for (const card of diagram.cards) byStage[grid.columnOf(card)]?.push(card);
    const cardWidths = diagram.stages.map((s, i) => columnCardWidth(byStage[i], s.label));
    const sized = new Map<string, SizedCard>();
    const words = wordsOf(diagram);
    for (const card of diagram.cards) sized.set(card.id, sizeCard(card, cardWidths[grid.columnOf(card)], words));
    return { cardWidths, sized };
}

/** Cards per cell (lane/row × column), top to bottom: touchpoints in ELK's rank when there is one, the rest in model order. */
class Cells {
    readonly entries = new Map<string, SizedCard[]>();

    static key(lane: string, row: string, column: number): string {
        return `${lane}\u0000${row}\u0000${column}`;
    }

    add(key: string, entry: SizedCard): void {
        const list = this.entries.get(key);
        if (list) list.push(entry); else this.entries.set(key, [entry]);
    }

    /** Height of a cell's stack of cards (0 when empty). */
    stackHeight(lane: string, row: string, column: number): number {
        const list = this.entries.get(Cells.key(lane, row, column));
        return list ? list.reduce((h, c) => h + c.height, 0) + (list.length - 1) * CARD_GAP : 0;
    }
}

function fillCells(diagram: DiagramModel, grid: Grid, sized: Map<string, SizedCard>, rank: Map<string, number> | undefined): Cells {
    const cellCards = rank
        ? [...diagram.cards].map((card, i) => ({ card, i }))
            .sort((a, b) => (a.card.kind === 'touchpoint' && b.card.kind === 'touchpoint' ? (rank.get(a.card.id) ?? 0) - (rank.get(b.card.id) ?? 0) : 0) || a.i - b.i)
            .map(c => c.card)
        : diagram.cards;
    const cells = new Cells();
    for (const card of cellCards) cells.add(Cells.key(card.lane, card.row, grid.columnOf(card)), sized.get(card.id)!);
    return cells;
}

/** A stage's label wrapped in its column's heading. */
function stageLabel(label: string, columnWidth: number): string[] {
    return wrap(label, columnWidth - 16, TYPE.stage.size, MAX_LINES.label);
}

/** The title block (its title on `titleLines` lines) and the stage header row above the lanes. */
function headerGeometry(diagram: DiagramModel, columnWidths: number[], titleLines: number) {
    const stageLabels = diagram.stages.map((s, i) => stageLabel(s.label, columnWidths[i]));
    const stageHeaderHeight = 34 + Math.max(1, ...stageLabels.map(l => l.length)) * TYPE.stage.line;
    const headerHeight = HEADER_HEIGHT + (titleLines - 1) * TYPE.title.line + (diagram.description ? TYPE.subtitle.line : 0);
    return { stageLabels, stageHeaderHeight, headerHeight, stageHeaderY: MARGIN + headerHeight };
}

/** The title is semibold: wider than the regular text measureText knows, by about this much. */
export const SEMIBOLD = 1.1;

/** Padding inside the header, left and right of its texts. */
export const HEADER_PAD = 16;

/** Width of the state pill at the header's top right (its label in 11 px semibold). */
export function pillWidth(label: string): number {
    return label.length * 6.4 + 16;
}

/**
 * The map's title wrapped in a header `headerWidth` wide, clear of the state pill: on as many
 * lines as MAX_LINES.title, the last ending in '…' when it needs more (the SVG's <title> has it whole).
 */
function headerTitle(diagram: DiagramModel, headerWidth: number): string[] {
    const state = diagram.state && wordsOf(diagram).state(diagram.state);
    const room = headerWidth - 2 * HEADER_PAD - (state ? pillWidth(state) + 8 : 0);
    return wrap(diagram.title.replace(/[\r\n]+/g, ' '), Math.max(room / SEMIBOLD, TYPE.title.size), TYPE.title.size, MAX_LINES.title);
}

/** The lanes stacked from `top` down (x and width come later, see stretchAcross). */
interface LaneStack {
    lanes: LaneBox[];
    rows: RowBox[];
    /** Top of each touchpoint row (by row id), and of each other lane's cards (by `<lane>\u0000`). */
    rowY: Map<string, number>;
    /** The corridors above, between and below the touchpoint rows, where flows run horizontally. */
    corridorBands: { y: number; height: number }[];
    /** The persona band's cards, wrapped and sized (placed once the columns are), and the top of the band. */
    band?: { cards: ReturnType<typeof personaBand>; top: number };
    bottom: number;
}

function stackLanes(diagram: DiagramModel, grid: Grid, cells: Cells, plan: ReturnType<typeof planRoutes>, top: number, cardWidths: readonly number[]): LaneStack {
    const stack: LaneStack = { lanes: [], rows: [], rowY: new Map(), corridorBands: [], bottom: top };
    for (const lane of diagram.lanes) {
        const label = wrap(lane.label, LABEL_WIDTH - 20, TYPE.lane.size, MAX_LINES.label);
        const laneTop = stack.bottom;
        if (lane.id === 'touchpoints') stackTouchpointRows(diagram, lane, grid, cells, plan, stack);
        else if (lane.id === 'personas') {
            const band = personaBand(diagram.personas.filter(p => !diagram.options.persona || p.id === diagram.options.persona), cardWidths, wordsOf(diagram));
            stack.bottom += Math.max(LANE_MIN_HEIGHT, band.height + 2 * CELL_PAD, label.length * TYPE.lane.line + 2 * CELL_PAD);
            stack.rows.push({ lane: lane.id, row: lane.id, label: [], x: 0, y: laneTop, width: 0, height: stack.bottom - laneTop });
            stack.band = { cards: band, top: laneTop + CELL_PAD };
        } else if (lane.id === 'emotion') {
            const legend = diagram.emotions.reduce((h, c) => h + 2 + TYPE.detail.line * legendLines(c.persona?.label, wordsOf(diagram).anonymousCurve).length, 0);
            stack.bottom += Math.max(4 * EMOTION_UNIT + 2 * EMOTION_PAD, 40 + legend);
            stack.rows.push({ lane: lane.id, row: lane.id, label: [], x: 0, y: laneTop, width: 0, height: stack.bottom - laneTop });
        } else {
            const content = Math.max(0, ...diagram.stages.map((_, c) => cells.stackHeight(lane.id, lane.id, c)));
            stack.bottom += Math.max(LANE_MIN_HEIGHT, content + 2 * CELL_PAD, label.length * TYPE.lane.line + 2 * CELL_PAD);
            stack.rows.push({ lane: lane.id, row: lane.id, label: [], x: 0, y: laneTop, width: 0, height: stack.bottom - laneTop });
            stack.rowY.set(`${lane.id}\u0000`, laneTop + CELL_PAD);
        }
        stack.lanes.push({ lane: lane.id, label, x: 0, y: laneTop, width: 0, height: stack.bottom - laneTop });
    }
    return stack;
}

/** The touchpoint lane: its head, then a corridor above each row and one below the last. */
function stackTouchpointRows(diagram: DiagramModel, lane: DiagramLane, grid: Grid, cells: Cells, plan: ReturnType<typeof planRoutes>, stack: LaneStack): void {
    stack.bottom += TOUCHPOINT_LANE_HEAD;
    for (let k = 0; k <= grid.rowOrder.length; k++) {
        const corridor = { y: stack.bottom, height: plan.corridorHeight(k) };
        stack.corridorBands.push(corridor);
        stack.bottom += corridor.height;
        if (k === grid.rowOrder.length) break;
        const row = lane.rows.find(r => r.id === grid.rowOrder[k])!;
        const rowHeight = 8 + Math.max(LANE_MIN_HEIGHT - 16, ...diagram.stages.map((_, c) => cells.stackHeight('touchpoints', row.id, c)));
        stack.rows.push({ lane: lane.id, row: row.id, label: wrap(row.label, LABEL_WIDTH - 32, TYPE.detail.size, MAX_LINES.label), x: 0, y: stack.bottom, width: 0, height: rowHeight });
        stack.rowY.set(row.id, stack.bottom);
        stack.bottom += rowHeight;
    }
}

/** The y of every card: stacked down its cell from the top of its row. */
function cardPositions(cells: Cells, rowY: Map<string, number>): Map<string, number> {
    const cardY = new Map<string, number>();
    for (const [key, list] of cells.entries) {
        const [lane, row] = key.split('\u0000');
        let cy = lane === 'touchpoints' ? rowY.get(row)! + 4 : rowY.get(`${lane}\u0000`)!;
        for (const entry of list) { cardY.set(entry.card.id, cy); cy += entry.height + CARD_GAP; }
    }
    return cardY;
}

/** Gutters and columns left to right from the lane labels; `right` is the grid's right edge. */
function placeColumns(columnWidths: number[], gutterWidth: (gutter: number) => number): { gutterX: number[]; columnX: number[]; right: number } {
    const gutterX: number[] = [];
    const columnX: number[] = [];
    let x = MARGIN + LABEL_WIDTH;
    for (let g = 0; g <= columnWidths.length; g++) {
        gutterX.push(x);
        x += gutterWidth(g);
        if (g < columnWidths.length) { columnX.push(x); x += columnWidths[g]; }
    }
    return { gutterX, columnX, right: x };
}

/** Lanes span the labels and the grid; rows span the grid. */
function stretchAcross(stack: LaneStack, right: number): void {
    const gridLeft = MARGIN + LABEL_WIDTH;
    for (const lane of stack.lanes) { lane.x = MARGIN; lane.width = right - MARGIN; }
    for (const row of stack.rows) { row.x = gridLeft; row.width = right - gridLeft; }
}

function emotionGeometry(diagram: DiagramModel, lane: LaneBox, columnX: number[], columnWidths: number[], stageIndex: Map<string, number>): LaidOutDiagram['emotion'] {
    const zeroY = lane.y + EMOTION_PAD + 2 * EMOTION_UNIT;
    // One x slot per touchpoint with an emotion, spread across its stage column: shared touchpoints line up across curves.
    // (A touchpoint drawn in several persona rows has one slot: the id of its first card.)
    const slots = new Map<string, number>();
    const perStage = new Map<string, Set<string>>();
    const copyOf = new Map(diagram.cards.flatMap(c => c.kind === 'touchpoint' && c.copyOf ? [[c.id, c.copyOf] as const] : []));
    const slotOf = (card: string) => copyOf.get(card) ?? card;
    for (const curve of diagram.emotions) for (const p of curve.points) {
        const set = perStage.get(p.stage);
        if (set) set.add(slotOf(p.card)); else perStage.set(p.stage, new Set([slotOf(p.card)]));
    }
    const cardOrder = new Map(diagram.cards.map((c, i) => [c.id, i]));
    for (const [stage, set] of perStage) {
        const c = stageIndex.get(stage) ?? 0;
        const list = [...set].sort((a, b) => cardOrder.get(a)! - cardOrder.get(b)!);
        list.forEach((card, i) => slots.set(card, columnX[c] + (columnWidths[c] * (i + 1)) / (list.length + 1)));
    }
    // Personas sharing touchpoints would draw one line over another: each curve is nudged a few px.
    const count = diagram.emotions.length;
    const lines: EmotionLine[] = diagram.emotions.map((curve, i) => ({
        ...(curve.persona && { persona: curve.persona }),
        colour: curve.colour,
        points: curve.points
            .map(p => ({
                x: slots.get(slotOf(p.card))!,
                y: zeroY - Math.max(-2, Math.min(2, p.emotion)) * EMOTION_UNIT + (i - (count - 1) / 2) * CURVE_NUDGE,
                card: p.card, emotion: p.emotion
            }))
            .sort((a, b) => a.x - b.x)
    }));
    return {
        band: { x: lane.x, y: lane.y, width: lane.width, height: lane.height },
        zeroY, topY: zeroY - 2 * EMOTION_UNIT, bottomY: zeroY + 2 * EMOTION_UNIT, lines
    };
}

/** Height of a styled line (persona cards, notes). */
export function lineHeight(line: StyledLine): number {
    return line.style === 'title' ? TYPE.card.line : TYPE.detail.line;
}

/** Font size of a styled line. */
export function lineSize(line: StyledLine): number {
    return line.style === 'title' ? TYPE.card.size : TYPE.detail.size;
}

function styled(text: string, style: StyledLine['style'], width: number, maxLines: number, indent = 0): StyledLine[] {
    return wrap(text, width - indent, style === 'title' ? TYPE.card.size : TYPE.detail.size, maxLines).map(t => ({ text: t, style }));
}

/** A curve's legend (its persona's name, else the map's word for all customers), wrapped: layout sizes the lane with it, svg.ts draws it. */
export function legendLines(personaLabel: string | undefined, anonymous: string): string[] {
    return wrap(personaLabel ?? anonymous, LEGEND_WIDTH, TYPE.detail.size, MAX_LINES.label);
}

/**
 * The persona cards, wrapped and sized: one per stage column, as wide as its touchpoint cards
 * (inside the column's borders), then the next row.
 */
function personaBand(personas: DiagramPersona[], cardWidths: readonly number[], words: Words) {
    const perRow = Math.max(1, cardWidths.length);
    const cards = personas.map((p, i) => {
        const width = cardWidths[i % perRow] ?? CARD_MIN_WIDTH;
        const inner = width - 2 * CARD_PAD - 4;
        const lines: StyledLine[] = [
            ...styled(p.label, 'title', inner - 14, MAX_LINES.label),
            ...(p.segment ? styled(p.segment, 'segment', inner, MAX_LINES.personaLine) : []),
            ...(p.goals.length > 0 ? [{ text: words.goals, style: 'heading' as const }, ...p.goals.flatMap(g => styled(words.bullet(g), 'item', inner, MAX_LINES.personaLine))] : []),
            ...(p.frustrations.length > 0 ? [{ text: words.frustrations, style: 'heading' as const }, ...p.frustrations.flatMap(f => styled(words.bullet(f), 'item', inner, MAX_LINES.personaLine))] : [])
        ];
        const height = 2 * CARD_PAD + lines.reduce((h, l) => h + lineHeight(l), 0) + 4;
        return { persona: p, lines, width, height };
    });
    const rowHeights: number[] = [];
    cards.forEach((c, i) => { const r = Math.floor(i / perRow); rowHeights[r] = Math.max(rowHeights[r] ?? 0, c.height); });
    const height = rowHeights.reduce((h, r) => h + r, 0) + Math.max(0, rowHeights.length - 1) * CARD_GAP;
    return {
        height,
        /** The cards in the columns starting at `columnX`, the first row's top at `y`. */
        place(columnX: readonly number[], y: number): PersonaBox[] {
            return cards.map((c, i) => {
                const r = Math.floor(i / perRow);
                const top = y + rowHeights.slice(0, r).reduce((h, v) => h + v + CARD_GAP, 0);
                const x = (columnX[i % perRow] ?? columnX[0]) + CELL_PAD;
                return { persona: c.persona.id, colour: c.persona.colour, lines: c.lines, x, y: top, width: c.width, height: rowHeights[r] };
            });
        }
    };
}

/** The evidence notes under the grid: one numbered block per touchpoint with evidence (its first card). */
function evidenceNotes(diagram: DiagramModel, gridBottom: number, width: number): NotesBox | undefined {
    const cards = diagram.cards.filter((c): c is TouchpointCard => c.kind === 'touchpoint' && c.evidenceNote !== undefined && c.copyOf === undefined);
    if (cards.length === 0) return undefined;
    const inner = width - 2 * MARGIN - 2 * CARD_PAD;
    const words = wordsOf(diagram);
    const lines: StyledLine[] = [{ text: words.notesTitle, style: 'title' }];
    for (const card of cards) {
        lines.push(...styled(words.note(card.evidenceNote!, card.text), 'heading', inner, MAX_LINES.label));
        for (const item of card.evidence) lines.push(...styled(words.noteItem(item), 'note', inner, MAX_LINES.note, 10));
    }
    const height = 2 * CARD_PAD + lines.reduce((h, l) => h + lineHeight(l), 0);
    return { x: MARGIN, y: gridBottom + CARD_GAP, width: width - 2 * MARGIN, height, lines };
}
