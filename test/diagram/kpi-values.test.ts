// KPI values as a reader reads them: thousands grouped the locale's way (12,000 / 12 000 with a
// narrow no-break space, as Intl.NumberFormat writes them) on the map, in the Markdown export and
// in the compare report, the JSON keeping raw numbers; and a bar for a negative value or target,
// drawn from a zero line.
import { describe, expect, test, vi } from 'vitest';
import { buildDiagramModels, layoutDiagram, renderSvg } from '../../src/diagram/index.js';
import { formatKpi } from '../../src/common/kpi.js';
import { exportModel } from '../../src/export/model.js';
import { toMarkdown } from '../../src/export/markdown.js';
import { comparisonMarkdown, compareJourneys } from '../../src/compare/index.js';
import { elk, parseMap } from './fixtures.js';

const NNBSP = '\u202f';

describe('KPI numbers group their thousands', () => {
    test('formatKpi, English and French, keeping the decimals written', () => {
        const kpi = { target: { value: 12000, percent: false }, actual: { value: 9500.25, percent: false }, unit: 'EUR' };
        const en = formatKpi(kpi, 'en'), fr = formatKpi(kpi, 'fr');
        expect(en.target).toBe('≥\u00a012,000\u00a0EUR');
        expect(en.actual).toBe('9,500.25\u00a0EUR');
        expect(en.gap).toBe('−2,499.75\u00a0EUR');
        expect(fr.target).toBe(`≥\u00a012${NNBSP}000\u00a0EUR`);
        expect(fr.actual).toBe(`9${NNBSP}500,25\u00a0EUR`);
        expect(formatKpi({ target: { value: 0.001, percent: false } }, 'en').target).toBe('≥\u00a00.001');
        expect(formatKpi({ actual: { value: 1234567, percent: false } }, 'en').actual).toBe('1,234,567');
        expect(formatKpi({ actual: { value: 999, percent: false } }, 'fr').actual).toBe('999');
    });

    test('grouped as Intl.NumberFormat groups them, every written digit kept, without making one (~25 ms of a render\'s start)', () => {
        const values = [0, 7, 999, 1000, 1234, 12000, 9500.25, 1234567.891, 0.001, 0.0005, 1e-7, 2.5e-10, 0.30000000000000004,
            123456789012345680000, 1e21, 3.5e25, Number.MAX_SAFE_INTEGER, 1e300, Infinity];
        const made = vi.spyOn(Intl, 'NumberFormat');
        const ours = (['en', 'fr'] as const).flatMap(locale => values.flatMap(value => [value, -value].map(v => ({
            locale, value: v, written: formatKpi({ actual: { value: v, percent: false } }, locale).actual
        }))));
        expect(made).not.toHaveBeenCalled();
        made.mockRestore();
        for (const { locale, value, written } of ours) {
            const [mantissa, exponent = '0'] = String(value).split('e');
            const digits = Math.min(100, Math.max(0, (mantissa.split('.')[1]?.length ?? 0) - Number(exponent)));
            const intl = new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(Math.abs(value));
            expect(written, `${locale} ${value}`).toBe(value < 0 ? `\u2212${intl}` : intl);
        }
    });

    test('the map, the Markdown export and the compare report say 12,000; the JSON keeps 12000', async () => {
        const map = (actual: number) => `journey K "K" { stage S "S" { touchpoint T "T" }
            metric Visits "Visits" in S target 12000 actual ${actual} }`;
        const doc = await parseMap(map(9000));
        const [model] = buildDiagramModels(doc.parseResult.value);
        const layout = await layoutDiagram(model, elk);
        const lines = layout.cards.find(c => c.id === 'metric:Visits')!.detailLines.join(' ').replaceAll('\u00a0', ' ');
        expect(lines).toBe('Target ≥ 12,000 · Actual 9,000 Gap −3,000 · misses target');
        expect(renderSvg(layout, { standalone: true })).toContain('12,000');
        const exported = exportModel(doc.parseResult.value);
        expect(toMarkdown(exported).replaceAll('\u00a0', ' ')).toContain('| Visits | S | ≥ 12,000 | 9,000 | −3,000 | misses target |');
        expect(toMarkdown(exported, 'fr').replaceAll('\u00a0', ' ')).toContain(`≥ 12${NNBSP}000`);
        expect(exported.journeys[0].metrics[0].target).toEqual({ value: 12000, percent: false });
        expect(JSON.stringify(exported)).toContain('"value":12000');

        const later = exportModel((await parseMap(map(15000))).parseResult.value).journeys[0];
        const from = { ref: { file: 'a.journey', journey: 'K' }, journey: exported.journeys[0] };
        const to = { ref: { file: 'b.journey', journey: 'K' }, journey: later };
        const report = comparisonMarkdown(from, to, compareJourneys(from, to), 1, 'en').replaceAll('\u00a0', ' ');
        expect(report).toContain('| Visits | S | ≥ 12,000 | 9,000 → 15,000 |');
    });
});

/** The bar's parts in a metric card's SVG: the track, the actual bar, the target tick and the zero line, by x. */
async function bars(metric: string) {
    const doc = await parseMap(`journey K "K" { stage S "S" { touchpoint T "T" } ${metric} }`);
    const [model] = buildDiagramModels(doc.parseResult.value);
    const svg = renderSvg(await layoutDiagram(model, elk), { standalone: true });
    const rect = (cls: string) => {
        const m = new RegExp(`<rect class="${cls}[^"]*" x="([-\\d.]+)" y="[-\\d.]+" width="([-\\d.]+)"`).exec(svg);
        return m ? { x: Number(m[1]), width: Number(m[2]) } : undefined;
    };
    const line = (cls: string) => {
        const m = new RegExp(`<line class="${cls}" x1="([-\\d.]+)"`).exec(svg);
        return m ? Number(m[1]) : undefined;
    };
    return { track: rect('jm-bar-track')!, actual: rect('jm-bar-actual'), target: line('jm-bar-target'), zero: line('jm-bar-zero') };
}

describe('KPI bars of negative values', () => {
    test('a negative actual against a positive target grows left from the zero line; the target sits right of it', async () => {
        const { track, actual, target, zero } = await bars('metric M "Margin" in S target 10 actual -5');
        expect(zero).toBeDefined();
        expect(zero!).toBeGreaterThan(track.x);
        expect(actual!.width).toBeGreaterThan(0);
        expect(actual!.x + actual!.width).toBeCloseTo(zero!, 0);
        expect(target!).toBeGreaterThan(zero!);
        // Lengths in proportion: 5 below zero is half as long as 10 above it.
        expect(actual!.width).toBeCloseTo((target! - zero!) / 2, 0);
    });

    test('a negative target and a positive actual: the bar grows right of zero, the target tick left of it', async () => {
        const { actual, target, zero } = await bars('metric M "Balance" in S target >= -20 actual 10');
        expect(actual!.x).toBeCloseTo(zero!, 0);
        expect(actual!.width).toBeGreaterThan(0);
        expect(target!).toBeLessThan(zero!);
        expect(zero! - target!).toBeCloseTo(2 * actual!.width, 0);
    });

    test('values all at or above zero: drawn from the track\'s left edge as before, no zero line', async () => {
        const { track, actual, zero } = await bars('metric M "Visits" in S target 100 actual 50');
        expect(zero).toBeUndefined();
        expect(actual!.x).toBe(track.x);
        expect(actual!.width / track.width).toBeCloseTo(50 / 125, 2);
    });
});
