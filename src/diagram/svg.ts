// LaidOutDiagram → SVG text. Deterministic (same diagram, same bytes), every user string
// escaped, no script, no event attribute, no remote reference: safe to inline in the
// webview and to ship as a file. The map's parts carry a `data-key` that stays the same across
// edits (the part's name, or its card or flow id): the preview patches its drawn map by key.
import { CARD_PAD, HEADER_PAD, ICON_SIZE, METRIC_BAR_HEIGHT, hasMetricBar, MARGIN, TYPE, legendLines, lineHeight, lineSize, pillWidth } from './layout.js';
import { ARIMO_UNICODE_RANGE, ARIMO_WOFF2 } from './generated/fonts.js';
import { clampChars, wrapLines } from './text.js';
import { CURVE_TOKENS, colour, type ColourToken, type Theme } from './palette.js';
import type { CardBox, DiagramCard, EdgeRoute, EmotionLine, LaidOutDiagram, MetricCard, Point, Rect, StyledLine, SvgOptions, TouchpointKind } from './types.js';
import { formatKpi } from '../common/kpi.js';
import { wordsOf } from './words.js';

type Words = ReturnType<typeof wordsOf>;

const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Escapes text for XML content and attribute values; characters XML cannot hold become U+FFFD. */
/**
 * The most characters of a text drawn on one line (the header's title and description) or
 * shown in a tooltip; longer texts end in '…' (the exports keep them whole).
 */
const MAX_LINE_CHARS = 300;
const MAX_TOOLTIP_CHARS = 2000;

export function escapeXml(text: string): string {
    return text.replace(INVALID_XML, '\uFFFD').replace(/[&<>"']/g, ch =>
        ch === '&' ? '&amp;' : ch === '<' ? '&lt;' : ch === '>' ? '&gt;' : ch === '"' ? '&quot;' : '&#39;');
}

/** Numbers printed the same way on every platform: at most one decimal. */
function n(value: number): string {
    const rounded = Math.round(value * 10) / 10;
    return Object.is(rounded, -0) ? '0' : String(rounded);
}

export function renderSvg(layout: LaidOutDiagram, options: SvgOptions = {}): string {
    return render(layout, options, () => true);
}

/**
 * renderSvg with only the emotion points (by their `data-key`) that `drawPoint` keeps: the
 * preview renders a big map's points near the view first, the others later (webview/map-pieces.ts).
 */
export function renderSvgWithPoints(layout: LaidOutDiagram, options: SvgOptions, drawPoint: (key: string) => boolean): string {
    return render(layout, options, drawPoint);
}

function render(layout: LaidOutDiagram, options: SvgOptions, drawPoint: (key: string) => boolean): string {
    const theme: Theme = options.theme ?? (options.standalone ? 'light' : 'vscode');
    const out: string[] = [];
    const { diagram } = layout;
    if (options.standalone) out.push('<?xml version="1.0" encoding="UTF-8"?>');
    // The map's language, for screen readers and hyphenation; a map built without one (the default, English) has none.
    const lang = diagram.options.locale ? ` xml:lang="${diagram.options.locale}" lang="${diagram.options.locale}"` : '';
    out.push(`<svg xmlns="http://www.w3.org/2000/svg" class="journey-map" width="${n(layout.width)}" height="${n(layout.height)}" viewBox="0 0 ${n(layout.width)} ${n(layout.height)}" font-family="sans-serif"${lang} role="img" aria-label="${escapeXml(clampChars(diagram.title, MAX_LINE_CHARS))}">`);
    out.push(`<title>${escapeXml(clampChars(diagram.title, MAX_LINE_CHARS))}</title>`);
    out.push(`<defs><style>${stylesheet(theme)}</style>`);
    out.push('<marker id="jm-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path class="jm-arrow" d="M0 1L9 5L0 9z"/></marker></defs>');
    out.push(`<rect class="jm-bg" x="0" y="0" width="${n(layout.width)}" height="${n(layout.height)}"/>`);
    renderHeader(layout, out);
    renderLanes(layout, out);
    renderColumns(layout, out);
    renderEmotion(layout, out, drawPoint);
    renderPersonas(layout, out);
    renderCards(layout, out);
    renderEdges(layout.edges, out);
    renderNotes(layout, out);
    out.push('</svg>');
    return out.join('\n');
}

export const EMBEDDED_FONT_FAMILY = 'Arimo';
const EMOJI_FONT_FAMILIES = '"Apple Color Emoji","Segoe UI Emoji","Noto Color Emoji"';

/** The font files draw with: Arimo, then the usual sans-serifs, then the platforms' colour emoji fonts. */
export const EMBEDDED_FONT_STACK = `${EMBEDDED_FONT_FAMILY},Arial,Helvetica,sans-serif,${EMOJI_FONT_FAMILIES}`;

/** Arimo's regular and semibold faces, each from `source(weight)`: by default the font data itself (a file carries its font). */
export function embeddedFontFaces(source: (weight: 400 | 600) => string = weight => `data:font/woff2;base64,${ARIMO_WOFF2[weight]}`): string[] {
    return ([400, 600] as const).map(weight => `@font-face{font-family:${EMBEDDED_FONT_FAMILY};font-weight:${weight};`
        + `src:url(${source(weight)}) format("woff2");unicode-range:${ARIMO_UNICODE_RANGE}}`);
}

function stylesheet(theme: Theme): string {
    const c = (token: ColourToken) => colour(token, theme);
    // The preview page sets --vscode-font-family to Arimo on the map (src/preview-host/map-font.ts);
    // files carry theirs (Arimo has the widths text.ts measures with), then the platforms' colour
    // emoji fonts for what Arimo and the sans-serif lack.
    const font = theme === 'vscode' ? 'var(--vscode-font-family, sans-serif)' : EMBEDDED_FONT_STACK;
    const kindStripes = (['goal', 'action', 'touchpoint', 'backstage', 'support', 'metric', 'opportunity'] as const)
        .map(kind => `.jm-stripe-${kind}{fill:${c(kind)}}`).join('');
    const curves = CURVE_TOKENS.map((token, i) => `.jm-curve-${i}{stroke:${c(token)}}.jm-point-${i}{fill:${c(token)}}`).join('');
    return [
        ...(theme === 'vscode' ? [] : embeddedFontFaces()),
        `.journey-map{font-family:${font}}`,
        `.jm-bg{fill:${c('background')}}`,
        `.jm-header{fill:${c('headerBand')}}`,
        `.jm-title{fill:${c('foreground')};font-size:${TYPE.title.size}px;font-weight:600}`,
        `.jm-subtitle{fill:${c('muted')};font-size:${TYPE.subtitle.size}px}`,
        `.jm-pill{fill:none;stroke:${c('accent')}}.jm-pill-text{fill:${c('accent')};font-size:11px;font-weight:600}`,
        `.jm-lane-band{fill:${c('laneBand')}}`,
        `.jm-rule{stroke:${c('border')};stroke-width:1}`,
        `.jm-grid{stroke:${c('gridLine')};stroke-width:1}`,
        `.jm-lane-label{fill:${c('foreground')};font-size:${TYPE.lane.size}px;font-weight:600}`,
        `.jm-row-label{fill:${c('muted')};font-size:${TYPE.detail.size}px}`,
        `.jm-stage-band{fill:${c('headerBand')}}`,
        `.jm-stage-index{fill:${c('muted')};font-size:10px;letter-spacing:.06em}`,
        `.jm-stage-label{fill:${c('foreground')};font-size:${TYPE.stage.size}px;font-weight:600}`,
        `.jm-card{fill:${c('cardBackground')};stroke:${c('cardBorder')};stroke-width:1}`,
        `.jm-card-title{fill:${c('foreground')};font-size:${TYPE.card.size}px}`,
        `.jm-card-detail{fill:${c('muted')};font-size:${TYPE.detail.size}px}`,
        `.jm-icon{fill:none;stroke:${c('touchpoint')};stroke-width:1.4}`,
        kindStripes,
        `.jm-severity-high{fill:${c('severityHigh')}}.jm-severity-medium{fill:${c('severityMedium')}}.jm-severity-low{fill:${c('severityLow')}}.jm-severity-none{fill:${c('muted')}}`,
        `.jm-detail-high{fill:${c('severityHigh')};font-weight:600}.jm-detail-medium{fill:${c('severityMedium')};font-weight:600}.jm-detail-low{fill:${c('severityLow')};font-weight:600}`,
        `.jm-bar-track{fill:${c('laneBand')};stroke:${c('cardBorder')}}`,
        `.jm-bar-actual{fill:${c('actual')}}.jm-bar-good{fill:${c('positive')}}.jm-bar-bad{fill:${c('negative')}}.jm-bar-gap{fill:${c('gap')};opacity:.35}.jm-bar-target{stroke:${c('target')};stroke-width:2}.jm-bar-zero{stroke:${c('muted')};stroke-width:1}`,
        `.jm-zero{stroke:${c('muted')};stroke-dasharray:4 3}`,
        `.jm-emotion-pos{fill:${c('positive')};opacity:.07}.jm-emotion-neg{fill:${c('negative')};opacity:.07}`,
        `.jm-scale{fill:${c('muted')};font-size:10px}`,
        `.jm-curve{fill:none;stroke-width:2.5;stroke-linecap:round;stroke-linejoin:round}`,
        curves,
        `.jm-point{stroke:${c('background')};stroke-width:1.5}`,
        `.jm-edge{fill:none;stroke:${c('edge')};stroke-width:1.5}.jm-edge-back{stroke-dasharray:5 3}`,
        `.jm-arrow{fill:${c('edge')}}`,
        `.card{cursor:pointer}`,
        `.jm-evidence{fill:${c('accent')};font-size:${TYPE.detail.size}px;font-weight:600}`,
        `.jm-persona-title{fill:${c('foreground')};font-size:${TYPE.card.size}px;font-weight:600}`,
        `.jm-persona-segment{fill:${c('muted')};font-size:${TYPE.detail.size}px;font-style:italic}`,
        `.jm-persona-heading{fill:${c('foreground')};font-size:${TYPE.detail.size}px;font-weight:600}`,
        `.jm-persona-item,.jm-persona-note{fill:${c('foreground')};font-size:${TYPE.detail.size}px}`,
        `.jm-notes{fill:${c('laneBand')};stroke:${c('border')}}`
    ].join('');
}

function text(out: string[], x: number, y: number, cls: string, content: string, anchor?: 'end' | 'middle'): void {
    out.push(`<text x="${n(x)}" y="${n(y)}" class="${cls}"${anchor ? ` text-anchor="${anchor}"` : ''}>${escapeXml(content)}</text>`);
}

function renderHeader(layout: LaidOutDiagram, out: string[]): void {
    const { header, diagram } = layout;
    const words = wordsOf(diagram);
    out.push('<g class="jm-header-group" data-key="header">');
    out.push(`<rect class="jm-header" x="${n(header.x)}" y="${n(header.y)}" width="${n(header.width)}" height="${n(header.height)}" rx="8"/>`);
    const left = header.x + HEADER_PAD;
    const pillLabel = diagram.state && words.state(diagram.state);
    // The title as the layout wrapped it (clear of the state pill, the header as tall as its lines).
    header.title.forEach((line, i) => text(out, left, header.y + 32 + i * TYPE.title.line, 'jm-title', line));
    if (pillLabel) {
        const pillX = header.x + header.width - pillWidth(pillLabel) - HEADER_PAD;
        out.push(`<rect class="jm-pill" x="${n(pillX)}" y="${n(header.y + 17)}" width="${n(pillWidth(pillLabel))}" height="20" rx="10"/>`);
        text(out, pillX + pillWidth(pillLabel) / 2, header.y + 31, 'jm-pill-text', pillLabel, 'middle');
    }
    const persona = diagram.options.persona && (diagram.personas.find(p => p.id === diagram.options.persona)?.label ?? diagram.options.persona);
    const facts = words.facts(diagram, persona && clampChars(persona, MAX_LINE_CHARS));
    const subtitles = diagram.description ? [diagram.description, facts] : [facts];
    // One line each, as wide as a narrow map allows: a longer text ends in '…' rather than running off the picture.
    const top = header.y + 50 + (header.title.length - 1) * TYPE.title.line;
    subtitles.forEach((line, i) => text(out, left, top + i * TYPE.subtitle.line, 'jm-subtitle', oneLine(line, header.x + header.width - HEADER_PAD - left, TYPE.subtitle.size)));
    out.push('</g>');
}

function oneLine(text: string, width: number, size: number): string {
    return wrapLines(text.replace(/[\r\n]+/g, ' '), Math.max(width, size), size, 1)[0];
}

function renderLanes(layout: LaidOutDiagram, out: string[]): void {
    out.push('<g class="jm-lanes" data-key="lanes">');
    layout.lanes.forEach((lane, i) => {
        if (i % 2 === 0) out.push(`<rect class="jm-lane-band" x="${n(lane.x)}" y="${n(lane.y)}" width="${n(lane.width)}" height="${n(lane.height)}"/>`);
        out.push(`<line class="jm-rule" x1="${n(lane.x)}" y1="${n(lane.y)}" x2="${n(lane.x + lane.width)}" y2="${n(lane.y)}"/>`);
        lane.label.forEach((line, j) => text(out, lane.x + 10, lane.y + 20 + j * TYPE.lane.line, 'jm-lane-label', line));
    });
    const last = layout.lanes[layout.lanes.length - 1];
    if (last) out.push(`<line class="jm-rule" x1="${n(last.x)}" y1="${n(last.y + last.height)}" x2="${n(last.x + last.width)}" y2="${n(last.y + last.height)}"/>`);
    for (const row of layout.rows) {
        if (row.lane !== 'touchpoints') continue;
        const medium = layout.diagram.lanes.find(l => l.id === 'touchpoints')?.rows.find(r => r.id === row.row)?.medium;
        out.push(`<line class="jm-grid" x1="${n(row.x)}" y1="${n(row.y)}" x2="${n(row.x + row.width)}" y2="${n(row.y)}"/>`);
        row.label.forEach((line, j) => text(out, MARGIN + 22, row.y + 14 + j * TYPE.detail.line, 'jm-row-label', line));
        if (medium) text(out, MARGIN + 22, row.y + 14 + row.label.length * TYPE.detail.line, 'jm-stage-index', wordsOf(layout.diagram).medium(medium));
    }
    const emotion = layout.emotion;
    if (emotion) {
        let y = emotion.band.y + 40;
        emotion.lines.forEach(line => {
            out.push(`<line class="jm-curve jm-curve-${line.colour % CURVE_TOKENS.length}" x1="${n(MARGIN + 12)}" y1="${n(y - 4)}" x2="${n(MARGIN + 26)}" y2="${n(y - 4)}"/>`);
            for (const part of legendLines(line.persona?.label, wordsOf(layout.diagram).anonymousCurve)) {
                text(out, MARGIN + 32, y, 'jm-row-label', part);
                y += TYPE.detail.line;
            }
            y += 2;
        });
    }
    out.push('</g>');
}

function renderColumns(layout: LaidOutDiagram, out: string[]): void {
    out.push('<g class="jm-columns" data-key="columns">');
    const top = layout.columns[0]?.y ?? 0;
    const firstLane = layout.lanes[0]?.y ?? top;
    for (const [i, column] of layout.columns.entries()) {
        const stage = layout.diagram.stages[i];
        out.push(`<g class="jm-stage" data-key="${escapeXml(`stage:${stage.id}`)}" data-id="${escapeXml(`stage:${stage.id}`)}">`);
        out.push(`<rect class="jm-stage-band" x="${n(column.x)}" y="${n(top)}" width="${n(column.width)}" height="${n(firstLane - top - 6)}" rx="6"/>`);
        text(out, column.x + 10, top + 15, 'jm-stage-index', wordsOf(layout.diagram).stageIndex(i + 1));
        column.label.forEach((line, j) => text(out, column.x + 10, top + 32 + j * TYPE.stage.line, 'jm-stage-label', line));
        out.push('</g>');
        // Separators hug the column edge: the middle of a gutter is where flows run.
        if (i < layout.columns.length - 1) {
            const x = column.x + column.width;
            out.push(`<line class="jm-grid" data-key="separator:${i}" x1="${n(x)}" y1="${n(firstLane)}" x2="${n(x)}" y2="${n(column.y + column.height)}"/>`);
        }
    }
    out.push('</g>');
}

/**
 * Points of an emotion curve per path: a long curve is drawn as several paths, each a keyed
 * piece of the map, so a preview draws only the ones in view (at 10,000 touchpoints a single
 * path and its points were 27,000 elements, always drawn).
 */
export const CURVE_CHUNK = 32;

/**
 * The emotion lane's keyed parts (each a `data-key` of the `emotion` group, the points of the
 * `emotion-points` one) and their boxes:
 * the two band halves, the zero line and the scale are drawn always; each curve's points and
 * the chunks of its path where they are.
 */
export function emotionPieceBoxes(layout: LaidOutDiagram): Map<string, Rect> {
    const boxes = new Map<string, Rect>();
    layout.emotion?.lines.forEach((line, l) => {
        for (const [c, chunk] of curveChunks(line.points).entries()) {
            const xs = chunk.map(p => p.x), ys = chunk.map(p => p.y);
            const x = Math.min(...xs), y = Math.min(...ys);
            // A stroke's width past its points, and the smoothing's bulge between them.
            boxes.set(curveKey(l, c), { x: x - 4, y: y - 8, width: Math.max(...xs) - x + 8, height: Math.max(...ys) - y + 16 });
        }
        for (const p of line.points) boxes.set(pointKey(l, p.card), { x: p.x - 6, y: p.y - 6, width: 12, height: 12 });
    });
    return boxes;
}

const curveKey = (line: number, chunk: number) => `curve:${line}:${chunk}`;
const pointKey = (line: number, card: string) => `point:${line}:${card}`;

/** The points each path of a curve goes through: CURVE_CHUNK segments per path, the paths meeting at a point. */
function curveChunks<P extends Point>(points: P[]): P[][] {
    const chunks: P[][] = [];
    for (let start = 0; start < points.length - 1; start += CURVE_CHUNK) chunks.push(points.slice(start, start + CURVE_CHUNK + 1));
    return chunks;
}

function renderEmotion(layout: LaidOutDiagram, out: string[], drawPoint: (key: string) => boolean): void {
    const emotion = layout.emotion;
    if (!emotion) return;
    const words = wordsOf(layout.diagram);
    const left = layout.columns[0]?.x ?? emotion.band.x;
    const last = layout.columns[layout.columns.length - 1];
    const right = last ? last.x + last.width : emotion.band.x + emotion.band.width;
    out.push('<g class="jm-emotion" data-key="emotion">');
    out.push(`<rect class="jm-emotion-pos" data-key="band:positive" x="${n(left)}" y="${n(emotion.topY)}" width="${n(right - left)}" height="${n(emotion.zeroY - emotion.topY)}"/>`);
    out.push(`<rect class="jm-emotion-neg" data-key="band:negative" x="${n(left)}" y="${n(emotion.zeroY)}" width="${n(right - left)}" height="${n(emotion.bottomY - emotion.zeroY)}"/>`);
    out.push(`<line class="jm-zero" data-key="zero" x1="${n(left)}" y1="${n(emotion.zeroY)}" x2="${n(right)}" y2="${n(emotion.zeroY)}"/>`);
    for (const [value, y] of [['+2', emotion.topY], ['0', emotion.zeroY], ['−2', emotion.bottomY]] as const) {
        out.push(`<text data-key="scale:${value}" x="${n(left - 6)}" y="${n(y + 3)}" class="jm-scale" text-anchor="end">${escapeXml(value)}</text>`);
    }
    const persona = (line: EmotionLine) => line.persona ? ` data-persona="${escapeXml(line.persona.id)}"` : '';
    emotion.lines.forEach((line, l) => {
        const segments = smoothSegments(line.points);
        for (const [c, [from]] of curveChunks(line.points).entries()) {
            const d = `M${n(from.x)} ${n(from.y)}${segments.slice(c * CURVE_CHUNK, (c + 1) * CURVE_CHUNK).join('')}`;
            out.push(`<path class="jm-curve jm-curve-${line.colour % CURVE_TOKENS.length}" data-key="${curveKey(l, c)}"${persona(line)} d="${d}"/>`);
        }
    });
    out.push('</g>');
    // The points in a group of their own, after the curves, so they stay on top of them whatever a preview draws first.
    out.push('<g class="jm-emotion-points" data-key="emotion-points">');
    // A point's tooltip names its touchpoint: points of several curves share a column.
    const touchpointLabels = new Map(layout.diagram.cards.map(c => [c.id, c.text]));
    emotion.lines.forEach((line, l) => {
        const label = clampChars(line.persona?.label ?? words.anonymousCurve, MAX_LINE_CHARS);
        for (const p of line.points) {
            if (!drawPoint(pointKey(l, p.card))) continue;
            const title = words.emotionPoint(label, clampChars(touchpointLabels.get(p.card) ?? '', MAX_LINE_CHARS), p.emotion);
            out.push(`<circle class="jm-point jm-point-${line.colour % CURVE_TOKENS.length}" data-key="${escapeXml(pointKey(l, p.card))}"${persona(line)} cx="${n(p.x)}" cy="${n(p.y)}" r="4.5" data-card="${escapeXml(p.card)}"><title>${escapeXml(title)}</title></circle>`);
        }
    });
    out.push('</g>');
}

/**
 * A monotone cubic through the points (Fritsch–Carlson, as d3's curveMonotoneX): smooth,
 * and never overshooting a point, so the curve stays within −2…+2.
 */
export function smoothPath(points: Point[]): string {
    return `M${n(points[0].x)} ${n(points[0].y)}${smoothSegments(points).join('')}`;
}

/** The cubic segments of smoothPath, one per pair of neighbouring points (a path cut between them draws the same curve). */
function smoothSegments(points: Point[]): string[] {
    const count = points.length;
    const widths: number[] = [];
    const slopes: number[] = [];
    for (let i = 0; i < count - 1; i++) {
        widths.push(points[i + 1].x - points[i].x || 1);
        slopes.push((points[i + 1].y - points[i].y) / widths[i]);
    }
    const tangents = points.map((_, i) => {
        if (i === 0) return slopes[0];
        if (i === count - 1) return slopes[count - 2];
        const s0 = slopes[i - 1], s1 = slopes[i], h0 = widths[i - 1], h1 = widths[i];
        const blend = (s0 * h1 + s1 * h0) / (h0 + h1);
        return (Math.sign(s0) + Math.sign(s1)) * Math.min(Math.abs(s0), Math.abs(s1), 0.5 * Math.abs(blend));
    });
    const segments: string[] = [];
    for (let i = 0; i < count - 1; i++) {
        const p = points[i], q = points[i + 1], third = (q.x - p.x) / 3;
        segments.push(`C${n(p.x + third)} ${n(p.y + tangents[i] * third)} ${n(q.x - third)} ${n(q.y - tangents[i + 1] * third)} ${n(q.x)} ${n(q.y)}`);
    }
    return segments;
}

function renderCards(layout: LaidOutDiagram, out: string[]): void {
    const model = new Map(layout.diagram.cards.map(c => [c.id, c]));
    const words = wordsOf(layout.diagram);
    out.push('<g class="jm-cards" data-key="cards">');
    for (const box of layout.cards) {
        const card = model.get(box.id);
        if (card) renderCard(card, box, out, words);
    }
    out.push('</g>');
}

function stripeClass(card: DiagramCard): string {
    if (card.kind === 'friction') return `jm-severity-${card.severity ?? 'none'}`;
    return `jm-stripe-${card.kind}`;
}

function renderCard(card: DiagramCard, box: CardBox, out: string[], words: Words): void {
    out.push(`<g class="card" data-key="${escapeXml(card.id)}" data-id="${escapeXml(card.id)}" data-kind="${card.kind}">`);
    out.push(`<rect class="jm-card" x="${n(box.x)}" y="${n(box.y)}" width="${n(box.width)}" height="${n(box.height)}" rx="6"/>`);
    out.push(`<rect class="${stripeClass(card)}" x="${n(box.x)}" y="${n(box.y)}" width="4" height="${n(box.height)}" rx="2"/>`);
    const x = box.x + CARD_PAD + 2;
    let y = box.y + CARD_PAD + TYPE.card.size;
    for (const line of box.titleLines) { text(out, x, y, 'jm-card-title', line); y += TYPE.card.line; }
    if (box.detailLines.length > 0) y += 4 - TYPE.card.line + TYPE.detail.line;
    // The severity line (the last) in its colour; the touchpoint line above it stays plain.
    const severityClass = card.kind === 'friction' && card.severity ? `jm-card-detail jm-detail-${card.severity}` : 'jm-card-detail';
    box.detailLines.forEach((line, i) => {
        text(out, x, y, i === box.detailLines.length - 1 ? severityClass : 'jm-card-detail', line);
        y += TYPE.detail.line;
    });
    if (card.kind === 'touchpoint' && box.evidenceLines) {
        if (box.detailLines.length === 0) y += 4 - TYPE.card.line + TYPE.detail.line;
        // The texts on hover (preview, HTML); the SVG and PNG list them in the numbered notes.
        out.push(`<g class="jm-evidence-marker"><title>${escapeXml(clampChars(card.evidence.map(e => `• ${clampChars(e, MAX_TOOLTIP_CHARS)}`).join('\n'), MAX_TOOLTIP_CHARS))}</title>`);
        for (const line of box.evidenceLines) { text(out, x, y, 'jm-evidence', line); y += TYPE.detail.line; }
        out.push('</g>');
    }
    if (card.kind === 'touchpoint' && card.touchpointKind) renderKindIcon(card.touchpointKind, box.x + box.width - CARD_PAD - ICON_SIZE, box.y + CARD_PAD, out, words);
    if (card.kind === 'metric') renderMetricBars(card, box, out, words);
    out.push('</g>');
}

/** Lines of a persona card or of the notes, from the top of their box. */
function styledLines(lines: StyledLine[], x: number, top: number, out: string[]): void {
    for (const [, line, y] of lineTops(lines, top)) out.push(styledLine(line, x, y));
}

/** One of those lines, its top at `top`; `key` when it is a piece of its own. */
function styledLine(line: StyledLine, x: number, top: number, key?: string): string {
    const indent = line.style === 'note' ? 10 : 0;
    return `<text${key === undefined ? '' : ` data-key="${key}"`} x="${n(x + indent)}" y="${n(top + lineSize(line))}" class="jm-persona-${line.style}">${escapeXml(line.text)}</text>`;
}

/** The persona band: one card per persona, its stripe in the colour of its emotion curve. */
function renderPersonas(layout: LaidOutDiagram, out: string[]): void {
    if (layout.personas.length === 0) return;
    out.push('<g class="jm-personas" data-key="personas">');
    for (const box of layout.personas) {
        out.push(`<g class="jm-persona" data-key="${escapeXml(`persona:${box.persona}`)}" data-persona="${escapeXml(box.persona)}">`);
        out.push(`<rect class="jm-card" x="${n(box.x)}" y="${n(box.y)}" width="${n(box.width)}" height="${n(box.height)}" rx="6"/>`);
        out.push(`<rect class="jm-point-${box.colour % CURVE_TOKENS.length}" x="${n(box.x)}" y="${n(box.y)}" width="4" height="${n(box.height)}" rx="2"/>`);
        out.push(`<line class="jm-curve jm-curve-${box.colour % CURVE_TOKENS.length}" x1="${n(box.x + box.width - CARD_PAD - 14)}" y1="${n(box.y + CARD_PAD + 7)}" x2="${n(box.x + box.width - CARD_PAD)}" y2="${n(box.y + CARD_PAD + 7)}"/>`);
        styledLines(box.lines, box.x + CARD_PAD + 2, box.y + CARD_PAD, out);
        out.push('</g>');
    }
    out.push('</g>');
}

/** The numbered evidence notes under the grid (nothing can be hovered in an SVG file or a PNG). */
function renderNotes(layout: LaidOutDiagram, out: string[]): void {
    const notes: Rect & { lines?: StyledLine[] } | undefined = layout.notes;
    if (!notes?.lines) return;
    out.push('<g class="jm-evidence-notes" data-key="notes">');
    out.push(`<rect class="jm-notes" data-key="frame" x="${n(notes.x)}" y="${n(notes.y)}" width="${n(notes.width)}" height="${n(notes.height)}" rx="6"/>`);
    // Each line a keyed piece too: 10,000 touchpoints' notes are thousands of lines, drawn in a preview only where they are.
    const x = notes.x + CARD_PAD;
    for (const [i, line, top] of lineTops(notes.lines, notes.y + CARD_PAD)) out.push(styledLine(line, x, top, `line:${i}`));
    out.push('</g>');
}

/** The keyed parts of the evidence notes (each a `data-key` of the `notes` group) and their boxes. */
export function notesPieceBoxes(layout: LaidOutDiagram): Map<string, Rect> {
    const notes: Rect & { lines?: StyledLine[] } | undefined = layout.notes;
    const boxes = new Map<string, Rect>();
    if (!notes?.lines) return boxes;
    boxes.set('frame', { x: notes.x, y: notes.y, width: notes.width, height: notes.height });
    for (const [i, line, top] of lineTops(notes.lines, notes.y + CARD_PAD)) boxes.set(`line:${i}`, { x: notes.x, y: top, width: notes.width, height: lineHeight(line) + 4 });
    return boxes;
}

/** Each line with its index and top, the lines stacked from `top`. */
function* lineTops(lines: StyledLine[], top: number): Generator<[number, StyledLine, number]> {
    let y = top;
    for (const [i, line] of lines.entries()) {
        yield [i, line, y];
        y += lineHeight(line);
    }
}

/** Small line icons: a person, a tool (a screen), a place (a map pin). */
function renderKindIcon(kind: TouchpointKind, x: number, y: number, out: string[], words: Words): void {
    const s = ICON_SIZE;
    const path = kind === 'person'
        ? `M${n(x + s / 2)} ${n(y + 1)}a3.2 3.2 0 1 0 0.01 0zM${n(x + 1.5)} ${n(y + s - 1)}c0-4 2.5-5.5 ${n(s / 2 - 1.5)}-5.5s${n(s / 2 - 1.5)} 1.5 ${n(s / 2 - 1.5)} 5.5`
        : kind === 'tool'
            ? `M${n(x + 1)} ${n(y + 2)}h${n(s - 2)}v${n(s - 6)}h${n(-(s - 2))}zM${n(x + s / 2 - 3)} ${n(y + s - 1)}h6M${n(x + s / 2)} ${n(y + s - 4)}v3`
            : `M${n(x + s / 2)} ${n(y + s - 0.5)}c-3-4-5-6-5-8.5a5 5 0 0 1 10 0c0 2.5-2 4.5-5 8.5zM${n(x + s / 2)} ${n(y + 4)}a1.6 1.6 0 1 0 0.01 0z`;
    out.push(`<path class="jm-icon" d="${path}"><title>${escapeXml(words.kindValue(kind))}</title></path>`);
}

/**
 * The values a KPI's bar spans, zero included: with a target, a quarter more than the values
 * on each side of zero reach (room past the furthest); a percentage with no target, 0–100 %.
 */
function metricBarRange(card: MetricCard): { low: number; high: number } {
    const target = card.target?.value, actual = card.actual?.value;
    if (!card.target) return { low: Math.min(0, actual!), high: Math.max(100, actual!) };
    const low = Math.min(0, target ?? 0, actual ?? 0) * 1.25, high = Math.max(0, target ?? 0, actual ?? 0) * 1.25;
    return high > low ? { low, high } : { low: 0, high: 1 };
}

/**
 * Target vs actual: a bar for the actual value, a tick for the target, the gap shaded between
 * them. The bar grows from zero: rightwards for a positive value, leftwards for a negative one,
 * from a zero line drawn when the range goes below zero.
 */
function renderMetricBars(card: MetricCard, box: CardBox, out: string[], words: Words): void {
    if (!hasMetricBar(card)) return;
    const target = card.target?.value, actual = card.actual?.value;
    const { low, high } = metricBarRange(card);
    const x0 = box.x + CARD_PAD + 2, width = box.width - 2 * CARD_PAD - 4;
    const y = box.y + box.height - CARD_PAD - METRIC_BAR_HEIGHT + 8;
    const at = (v: number) => x0 + ((Math.max(low, Math.min(high, v)) - low) / (high - low)) * width;
    const zero = at(0);
    // The actual bar is coloured by the verdict (which way is good is the metric's direction).
    const kpi = formatKpi(card, words.locale);
    const verdict = kpi.verdict ? ` jm-bar-${kpi.verdict}` : '';
    out.push(`<rect class="jm-bar-track" x="${n(x0)}" y="${n(y)}" width="${n(width)}" height="10" rx="3"/>`);
    if (actual !== undefined) {
        const from = Math.min(zero, at(actual)), to = Math.max(zero, at(actual));
        out.push(`<rect class="jm-bar-actual${verdict}" x="${n(from)}" y="${n(y)}" width="${n(to - from)}" height="10" rx="3"><title>${escapeXml(clampChars([kpi.values, kpi.result].filter(Boolean).join('\n'), MAX_TOOLTIP_CHARS))}</title></rect>`);
    }
    if (low < 0) out.push(`<line class="jm-bar-zero" x1="${n(zero)}" y1="${n(y - 2)}" x2="${n(zero)}" y2="${n(y + 12)}"/>`);
    if (actual !== undefined && target !== undefined && actual !== target) {
        const from = Math.min(at(actual), at(target)), to = Math.max(at(actual), at(target));
        out.push(`<rect class="jm-bar-gap" x="${n(from)}" y="${n(y)}" width="${n(to - from)}" height="10"/>`);
    }
    if (target !== undefined) out.push(`<line class="jm-bar-target" x1="${n(at(target))}" y1="${n(y - 4)}" x2="${n(at(target))}" y2="${n(y + 14)}"><title>${escapeXml(clampChars(kpi.values ?? '', MAX_TOOLTIP_CHARS))}</title></line>`);
}

function renderEdges(edges: EdgeRoute[], out: string[]): void {
    out.push('<g class="jm-edges" data-key="edges">');
    for (const edge of edges) {
        if (edge.points.length < 2) continue;
        out.push(`<path class="jm-edge${edge.backwards ? ' jm-edge-back' : ''}" data-key="${escapeXml(edge.id)}" data-id="${escapeXml(edge.id)}" d="${roundedPath(edge.points)}" marker-end="url(#jm-arrow)"/>`);
    }
    out.push('</g>');
}

/** An orthogonal polyline with its corners rounded. */
function roundedPath(points: Point[]): string {
    const parts = [`M${n(points[0].x)} ${n(points[0].y)}`];
    for (let i = 1; i < points.length - 1; i++) {
        const a = points[i - 1], p = points[i], b = points[i + 1];
        const r = Math.min(5, Math.hypot(p.x - a.x, p.y - a.y) / 2, Math.hypot(b.x - p.x, b.y - p.y) / 2);
        const inX = Math.sign(p.x - a.x), inY = Math.sign(p.y - a.y), outX = Math.sign(b.x - p.x), outY = Math.sign(b.y - p.y);
        parts.push(`L${n(p.x - inX * r)} ${n(p.y - inY * r)}Q${n(p.x)} ${n(p.y)} ${n(p.x + outX * r)} ${n(p.y + outY * r)}`);
    }
    const end = points[points.length - 1];
    parts.push(`L${n(end.x)} ${n(end.y)}`);
    return parts.join('');
}
