// One picture of a comparison: both journeys aligned stage by stage. Each persona's emotion
// curve from both sides (before dashed, after solid), touchpoints marked added / removed /
// changed, resolved frictions struck through, KPIs before → after. The palette, font and
// curve drawing are the map's own (src/diagram). Pure and deterministic.
import type { ExportedFriction, ExportedJourney, ExportedMetric, ExportedStage } from '../export/model.js';
import { CURVE_TOKENS, colour, type ColourToken, type Theme } from '../diagram/palette.js';
import { EMBEDDED_FONT_FAMILY, embeddedFontFaces, escapeXml, smoothPath } from '../diagram/svg.js';
import { drawnTextWidth, wrapText } from '../diagram/text.js';
import { alignMetrics, alignStages, personaCurves, type AlignedStage } from './align.js';
import type { Change, Comparison } from './diff.js';
import { sameValue } from './diff.js';
import type { ComparedJourney } from './markdown.js';
import { fieldName, formatFieldValue, formatValue, kpiValueText, labelIndex } from './markdown.js';
import { DEFAULT_LOCALE, t, tn, type Locale } from '../i18n/index.js';

const MARGIN = 20;
const LABEL_WIDTH = 160;
const COLUMN = 230;
const PAD = 10;
const FONT = 12;
const DETAIL = 10.5;
const LINE = 16;
const DETAIL_LINE = 14;
const UNIT = 20;
const HEADER = 64;
const TITLE = 20;
const TITLE_LINE = 24;
const SUBTITLE = 12;
const SUBTITLE_LINE = 15;
/** The title is semibold: wider than the regular text measureText knows, by about this much. */
const SEMIBOLD = 1.1;
/** Arimo SemiBold's advance over the regular metrics drawnTextWidth knows (3–6 % on stage names): a struck stage name's line. */
const SEMIBOLD_DRAWN = 1.04;

export interface ComparisonPicture { svg: string; width: number; height: number; title: string }

type Status = 'added' | 'removed' | 'changed' | 'moved' | 'same';
/** Where an item comes from: `data-side` and `data-key` on its group, for click-to-source in an editor. */
export interface SourceKey { side: 'from' | 'to'; key: string }
interface Item { text: string; status: Status; struck?: boolean; details: string[]; tone?: ColourToken; source?: SourceKey }

/** The key of an element for click-to-source: `stage:Id`, `touchpoint:Id`, `metric:Id`. */
export function sourceKey(element: 'stage' | 'touchpoint' | 'metric', id: string): string {
    return `${element}:${id}`;
}

const MARKS: Record<Status, string> = { added: '+', removed: '−', changed: '~', moved: '→', same: '·' };

/** The picture of a comparison; its fixed words (lanes, legend, details) in `options.locale`, default English. */
export function comparisonSvg(from: ComparedJourney, to: ComparedJourney, comparison: Comparison, options: { theme?: Theme; locale?: Locale } = {}): ComparisonPicture {
    const theme: Theme = options.theme ?? 'light';
    const { locale } = options;
    const empty: ExportedJourney = { id: '', label: '', personas: [], channels: [], teams: [], stages: [], metrics: [] };
    const before = from.journey ?? empty, after = to.journey ?? empty;
    const title = before.label === after.label || !from.journey || !to.journey ? (after.label || before.label) : `${before.label} → ${after.label}`;
    const columns = alignStages(before, after);
    const curves = personaCurves(before, after, columns, locale);
    const names = labelIndex(before, after);
    const rows: Array<{ label: string; cells: Item[][] }> = [
        { label: t(locale, 'compare.lane.touchpoints'), cells: columns.map(c => touchpointItems(c, comparison.changes, before, names, locale)) },
        { label: t(locale, 'compare.lane.frictions'), cells: columns.map(c => frictionItems(c, locale)) },
        { label: t(locale, 'compare.lane.kpis'), cells: columns.map(c => metricItems(c, before, after, locale)) }
    ];
    const width = MARGIN * 2 + LABEL_WIDTH + Math.max(1, columns.length) * COLUMN;
    const out: string[] = [];
    let y = MARGIN;
    const body: string[] = [];
    // Header: title, what is compared, the legend of the two line styles. The title wraps
    // before the legend and the subtitle before the right edge: a picture is only as wide as its stages.
    const legendX = width - MARGIN - 190;
    const titleLines = wrapText(title, (legendX - MARGIN - 32) / SEMIBOLD, TITLE);
    const subtitleLines = wrapText(`${side(from, before, locale)} → ${side(to, after, locale)} · ${tn(locale, 'count.change', comparison.changes.length)}`, width - 2 * MARGIN - 32, SUBTITLE);
    const headerHeight = HEADER + (titleLines.length - 1) * TITLE_LINE + (subtitleLines.length - 1) * SUBTITLE_LINE;
    body.push(`<rect class="jc-header" x="${MARGIN}" y="${y}" width="${width - 2 * MARGIN}" height="${headerHeight}" rx="8"/>`);
    titleLines.forEach((line, k) => text(body, MARGIN + 16, y + 28 + k * TITLE_LINE, 'jc-title', line));
    const subtitleTop = y + 48 + (titleLines.length - 1) * TITLE_LINE;
    subtitleLines.forEach((line, k) => text(body, MARGIN + 16, subtitleTop + k * SUBTITLE_LINE, 'jc-subtitle', line));
    body.push(`<line class="jc-legend jc-before" x1="${legendX}" y1="${y + 24}" x2="${legendX + 28}" y2="${y + 24}"/>`);
    text(body, legendX + 34, y + 28, 'jc-detail', t(locale, 'compare.before'));
    body.push(`<line class="jc-legend" x1="${legendX + 90}" y1="${y + 24}" x2="${legendX + 118}" y2="${y + 24}"/>`);
    text(body, legendX + 124, y + 28, 'jc-detail', t(locale, 'compare.after'));
    y += headerHeight + 12;
    // Stage headers.
    const x0 = MARGIN + LABEL_WIDTH;
    const headerLines = columns.map(c => wrapText(c.label, COLUMN - 2 * PAD, 13));
    const stageHeight = Math.max(1, ...headerLines.map(l => l.length)) * 17 + 2 * PAD;
    columns.forEach((column, i) => {
        const x = x0 + i * COLUMN;
        const status: Status = !column.before ? 'added' : !column.after ? 'removed' : 'same';
        const stage = (column.after ?? column.before)!;
        body.push(`<g class="jc-link"${linkAttributes({ side: column.after ? 'to' : 'from', key: sourceKey('stage', stage.id) })}>`);
        body.push(`<rect class="jc-stage jc-stage-${status}" x="${x + 2}" y="${y}" width="${COLUMN - 4}" height="${stageHeight}" rx="4"/>`);
        headerLines[i].forEach((line, k) => {
            const ty = y + PAD + 13 + k * 17;
            text(body, x + PAD, ty, `jc-stage-label jc-${status}`, (k === 0 && status !== 'same' ? `${MARKS[status]} ` : '') + line);
            if (status === 'removed') strike(body, x + PAD, ty, drawnTextWidth(`${MARKS[status]} ${line}`, 13) * SEMIBOLD_DRAWN, 13);
        });
        body.push('</g>');
    });
    y += stageHeight + 8;
    // Emotion: one band per persona, both curves in it.
    const bandHeight = 4 * UNIT + 2 * PAD + 8;
    curves.forEach((curve, index) => {
        const style = index % CURVE_TOKENS.length;
        body.push(`<rect class="jc-band" x="${MARGIN}" y="${y}" width="${width - 2 * MARGIN}" height="${bandHeight}"/>`);
        const zero = y + PAD + 4 + 2 * UNIT;
        for (const wrapped of [wrapText(curve.label, LABEL_WIDTH - 2 * PAD, FONT)]) {
            wrapped.forEach((line, k) => text(body, MARGIN + PAD, y + PAD + 12 + k * LINE, 'jc-lane-label', line));
        }
        text(body, MARGIN + LABEL_WIDTH - 6, zero - 2 * UNIT + 4, 'jc-scale', '+2', 'end');
        text(body, MARGIN + LABEL_WIDTH - 6, zero + 4, 'jc-scale', '0', 'end');
        text(body, MARGIN + LABEL_WIDTH - 6, zero + 2 * UNIT + 4, 'jc-scale', '−2', 'end');
        body.push(`<line class="jc-zero" x1="${x0}" y1="${zero}" x2="${width - MARGIN}" y2="${zero}"/>`);
        for (const [values, dashed] of [[curve.before, true], [curve.after, false]] as const) {
            const points = values.flatMap((v, i) => v === undefined ? [] : [{ x: x0 + i * COLUMN + COLUMN / 2, y: zero - v * UNIT, v }]);
            const cls = `jc-curve jc-curve-${style}${dashed ? ' jc-before' : ''}`;
            if (points.length > 1) body.push(`<path class="${cls}" d="${smoothPath(points)}"/>`);
            for (const p of points) {
                body.push(`<circle class="jc-point jc-point-${style}${dashed ? ' jc-point-before' : ''}" cx="${n(p.x)}" cy="${n(p.y)}" r="${dashed ? 3.5 : 4.5}"><title>${escapeXml(t(locale, 'map.emotionPoint', { persona: `${curve.label}, ${t(locale, dashed ? 'compare.before' : 'compare.after')}`, emotion: formatValue(p.v, locale) }))}</title></circle>`);
            }
        }
        y += bandHeight + 4;
    });
    // Touchpoints, frictions, KPIs: a row each, cells listed with their marks.
    for (const row of rows) {
        const laid = row.cells.map(items => layoutItems(items));
        const height = Math.max(LINE, ...laid.map(l => l.height)) + 2 * PAD;
        body.push(`<rect class="jc-band" x="${MARGIN}" y="${y}" width="${width - 2 * MARGIN}" height="${height}"/>`);
        text(body, MARGIN + PAD, y + PAD + 12, 'jc-lane-label', row.label);
        laid.forEach((cell, i) => drawItems(body, cell.items, x0 + i * COLUMN + PAD, y + PAD));
        y += height + 4;
    }
    const height = y + MARGIN - 4;
    if (theme !== 'vscode') out.push('<?xml version="1.0" encoding="UTF-8"?>');
    out.push(`<svg xmlns="http://www.w3.org/2000/svg" class="journey-compare" width="${n(width)}" height="${n(height)}" viewBox="0 0 ${n(width)} ${n(height)}" font-family="sans-serif"${options.locale ? ` xml:lang="${options.locale}" lang="${options.locale}"` : ''} role="img" aria-label="${escapeXml(title)}">`);
    out.push(`<title>${escapeXml(title)}</title>`);
    out.push(`<defs><style>${stylesheet(theme)}</style></defs>`);
    out.push(`<rect class="jc-bg" x="0" y="0" width="${n(width)}" height="${n(height)}"/>`);
    out.push(...body, '</svg>');
    return { svg: out.join('\n') + '\n', width, height, title };
}

function side(compared: ComparedJourney, journey: ExportedJourney, locale: Locale | undefined): string {
    if (!compared.ref) return t(locale, 'compare.none');
    return `${compared.ref.file}#${compared.ref.journey}${journey.state ? ` (${t(locale, `md.state.${journey.state}`)})` : ''}`;
}

/** The stage's touchpoints of the newer side, then those it lost; each with its changed fields (a moved one: the older stage it left, by label). */
function touchpointItems(column: AlignedStage, changes: readonly Change[], before: ExportedJourney, names: ReadonlyMap<string, string>, locale: Locale | undefined): Item[] {
    const olderStage = (id: unknown) => before.stages.find(stage => stage.id === id)?.label ?? id;
    const ofTouchpoint = (id: string) => changes.filter(c => c.element === 'touchpoint' && c.id === id && c.stage === (column.after ?? column.before)!.id);
    const items: Item[] = [];
    for (const tp of column.after?.touchpoints ?? []) {
        const own = ofTouchpoint(tp.id);
        const status: Status = own.some(c => c.change === 'added') ? 'added' : own.some(c => c.change === 'moved') ? 'moved'
            : own.some(c => c.change === 'changed') ? 'changed' : 'same';
        const details = own.filter(c => c.change === 'changed' || c.change === 'moved')
            .map(c => c.change === 'moved' ? t(locale, 'compare.movedFrom', { stage: plain(olderStage(c.before), locale) }) : fieldText(c.field ?? '', c.before, c.after, names, locale));
        items.push({ text: tp.label, status, details, source: { side: 'to', key: sourceKey('touchpoint', tp.id) } });
    }
    const kept = new Set((column.after?.touchpoints ?? []).map(tp => tp.id));
    for (const tp of column.before?.touchpoints ?? []) {
        if (kept.has(tp.id)) continue;
        if (ofTouchpoint(tp.id).some(c => c.change === 'removed')) items.push({ text: tp.label, status: 'removed', struck: true, details: [], source: { side: 'from', key: sourceKey('touchpoint', tp.id) } });
    }
    return items;
}

/** `owner “Digital” → “Advisors”`: a changed field, ids named by their labels (`names`). */
function fieldText(field: string, old: unknown, now: unknown, names: ReadonlyMap<string, string>, locale: Locale | undefined): string {
    const value = (v: unknown) => unescaped(formatFieldValue(field, v, locale, names));
    return `${fieldName(field, locale, names)} ${value(old)} → ${value(now)}`;
}

/** Every friction of the stage on either side: kept, added, or resolved (struck through). */
function frictionItems(column: AlignedStage, locale: Locale | undefined): Item[] {
    const all = (stage: ExportedStage | undefined): ExportedFriction[] =>
        stage ? [...stage.frictions, ...stage.touchpoints.flatMap(tp => tp.frictions)] : [];
    const old = all(column.before), now = all(column.after);
    const remaining = [...old];
    const items: Item[] = now.map(f => {
        const at = remaining.findIndex(o => o.text === f.text);
        const found = at >= 0 ? remaining.splice(at, 1)[0] : undefined;
        const status: Status = !found ? 'added' : sameValue(found, f) ? 'same' : 'changed';
        const severity = (level: ExportedFriction['severity']) => level ? t(locale, `severity.${level}`) : '—';
        const level = `${found && found.severity !== f.severity ? `${severity(found.severity)} → ` : ''}${severity(f.severity)}`;
        return { text: f.text, status, details: f.severity ? [t(locale, 'compare.severity', { level })] : [] };
    });
    for (const f of remaining) items.push({ text: f.text, status: 'removed', struck: true, details: [t(locale, 'compare.resolved')], tone: 'positive' });
    return items;
}

/** The KPIs measured in the stage: label, then target and actual before → after. */
function metricItems(column: AlignedStage, before: ExportedJourney, after: ExportedJourney, locale: Locale | undefined): Item[] {
    const ids = new Set([column.after?.id, column.before?.id].filter(Boolean));
    return alignMetrics(before, after)
        .filter(pair => ids.has((pair.after ?? pair.before)!.stage))
        .map(pair => {
            const status: Status = !pair.before ? 'added' : !pair.after ? 'removed' : sameValue(pair.before, pair.after) ? 'same' : 'changed';
            const source: SourceKey = pair.after ? { side: 'to', key: sourceKey('metric', pair.after.id) } : { side: 'from', key: sourceKey('metric', pair.before!.id) };
            return { text: pair.label, status, struck: status === 'removed', source, details: [metricLine('target', pair.before, pair.after, locale), metricLine('actual', pair.before, pair.after, locale)].filter((l): l is string => l !== undefined) };
        });
}

function metricLine(key: 'target' | 'actual', old: ExportedMetric | undefined, now: ExportedMetric | undefined, locale: Locale | undefined): string | undefined {
    const value = kpiValueText(key, old, now, locale);
    return value === undefined ? undefined : t(locale, key === 'target' ? 'compare.metricTarget' : 'compare.metricActual', { value });
}

/** formatValue without the Markdown escapes. */
function plain(value: unknown, locale: Locale | undefined = DEFAULT_LOCALE): string {
    return unescaped(formatValue(value, locale));
}

function unescaped(markdown: string): string {
    return markdown.replace(/\\(.)/g, '$1');
}

interface LaidItem { item: Item; lines: string[]; details: string[][]; y: number }

function layoutItems(items: Item[]): { items: LaidItem[]; height: number } {
    let y = 0;
    const laid = items.map(item => {
        const lines = wrapText(item.text, COLUMN - 2 * PAD - 14, FONT);
        const details = item.details.map(d => wrapText(d, COLUMN - 2 * PAD - 14, DETAIL));
        const at = y;
        y += lines.length * LINE + details.reduce((sum, d) => sum + d.length * DETAIL_LINE, 0) + 6;
        return { item, lines, details, y: at };
    });
    return { items: laid, height: y };
}

function drawItems(out: string[], items: LaidItem[], x: number, top: number): void {
    for (const { item, lines, details, y } of items) {
        let ty = top + y + 12;
        out.push(item.source ? `<g class="jc-link"${linkAttributes(item.source)}>` : '<g>');
        text(out, x, ty, `jc-mark jc-${item.status}`, MARKS[item.status]);
        for (const line of lines) {
            text(out, x + 14, ty, `jc-item jc-item-${item.status}`, line);
            if (item.struck) strike(out, x + 14, ty, drawnTextWidth(line, FONT), FONT, item.tone);
            ty += LINE;
        }
        ty -= LINE - DETAIL_LINE;
        for (const line of details.flat()) {
            text(out, x + 14, ty, 'jc-detail', line);
            ty += DETAIL_LINE;
        }
        out.push('</g>');
    }
}

function linkAttributes(source: SourceKey): string {
    return ` data-side="${source.side}" data-key="${escapeXml(source.key)}"`;
}

/** A line through the text drawn from x, `width` wide (its drawn width: measureText's margin would overshoot it). */
function strike(out: string[], x: number, y: number, width: number, size: number, tone?: ColourToken): void {
    out.push(`<line class="jc-strike${tone ? ` jc-strike-${tone}` : ''}" x1="${n(x)}" y1="${n(y - size * 0.32)}" x2="${n(x + width)}" y2="${n(y - size * 0.32)}"/>`);
}

function text(out: string[], x: number, y: number, cls: string, content: string, anchor?: 'end'): void {
    out.push(`<text x="${n(x)}" y="${n(y)}" class="${cls}"${anchor ? ` text-anchor="${anchor}"` : ''}>${escapeXml(content)}</text>`);
}

function n(value: number): string {
    const rounded = Math.round(value * 10) / 10;
    return Object.is(rounded, -0) ? '0' : String(rounded);
}

function stylesheet(theme: Theme): string {
    const c = (token: ColourToken) => colour(token, theme);
    const curves = CURVE_TOKENS.map((token, i) => `.jc-curve-${i}{stroke:${c(token)}}.jc-point-${i}{fill:${c(token)}}`).join('');
    return [
        // In VS Code the editor's font and theme colours; files carry their font (as `render`).
        ...(theme === 'vscode' ? [] : embeddedFontFaces()),
        `.journey-compare{font-family:${theme === 'vscode' ? 'var(--vscode-font-family, sans-serif)' : `${EMBEDDED_FONT_FAMILY},Arial,Helvetica,sans-serif`}}`,
        `.jc-bg{fill:${c('background')}}`,
        `.jc-header{fill:${c('headerBand')}}`,
        `.jc-title{fill:${c('foreground')};font-size:20px;font-weight:600}`,
        `.jc-subtitle{fill:${c('muted')};font-size:12px}`,
        `.jc-band{fill:${c('laneBand')}}`,
        `.jc-stage{fill:${c('headerBand')};stroke:${c('border')}}.jc-stage-added{stroke:${c('positive')}}.jc-stage-removed{stroke:${c('negative')};stroke-dasharray:4 3}`,
        `.jc-stage-label{fill:${c('foreground')};font-size:13px;font-weight:600}`,
        `.jc-lane-label{fill:${c('foreground')};font-size:12px;font-weight:600}`,
        `.jc-scale{fill:${c('muted')};font-size:10px}`,
        `.jc-zero{stroke:${c('muted')};stroke-dasharray:4 3}`,
        `.jc-curve{fill:none;stroke-width:2.5;stroke-linecap:round;stroke-linejoin:round}`,
        `.jc-legend{stroke:${c('foreground')};stroke-width:2.5}`,
        `.jc-before{stroke-dasharray:6 4;stroke-width:2;opacity:.75}`,
        curves,
        `.jc-point{stroke:${c('background')};stroke-width:1.5}.jc-point-before{opacity:.75}`,
        `.jc-item{fill:${c('foreground')};font-size:${FONT}px}.jc-item-same{fill:${c('muted')}}`,
        `.jc-detail{fill:${c('muted')};font-size:${DETAIL}px}`,
        `.jc-mark{font-size:${FONT}px;font-weight:600}`,
        `.jc-added{fill:${c('positive')}}.jc-removed{fill:${c('negative')}}.jc-changed{fill:${c('severityMedium')}}.jc-moved{fill:${c('accent')}}.jc-same{fill:${c('muted')}}`,
        `.jc-stage-label.jc-same{fill:${c('foreground')}}`,
        `.jc-link{cursor:pointer}`,
        `.jc-strike{stroke:${c('negative')};stroke-width:1.5}.jc-strike-positive{stroke:${c('positive')}}`
    ].join('');
}
