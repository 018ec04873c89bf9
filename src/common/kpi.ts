// How a KPI (a metric with a target, an actual, a direction and a unit) is written for a
// reader: the one wording of the map's cards, the editor's hover and the Markdown export.
// Its fixed words are in the catalogue (src/i18n), in the reader's locale. Pure: runs in the webview too.
import { numberMarks, percentSign, t, type Locale } from '../i18n/index.js';

export type KpiDirection = 'higher' | 'lower';

export interface KpiValue { value: number; percent: boolean }

export interface Kpi {
    target?: KpiValue;
    actual?: KpiValue;
    /** Which way is good: `target <= V` lower, `target >= V` or a bare `target V` higher. */
    direction?: KpiDirection;
    /** `unit "min"`: written after the numbers (a `%` value needs none). */
    unit?: string;
}

const DIRECTION_SIGNS = { lower: '≤', higher: '≥' } as const;

export interface FormattedKpi {
    /** `≤ 30%` */
    target?: string;
    /** `62%` */
    actual?: string;
    /** `+32 pts` (actual − target, signed); with both values only. */
    gap?: string;
    /** good: the actual is on the good side of the target (or on it); with both values only. */
    verdict?: 'good' | 'bad';
    /** `meets target` / `misses target` */
    verdictText?: string;
    /** `Target ≤ 30% · Actual 62%` */
    values?: string;
    /** `Gap +32 pts · misses target` */
    result?: string;
}

/** The digits after the decimal point of `n` as JavaScript writes it (`0.0005`: 4; `1e-7`: 7). */
function decimals(n: number): number {
    const [mantissa, exponent = '0'] = String(n).split('e');
    return Math.max(0, (mantissa.split('.')[1]?.length ?? 0) - Number(exponent));
}

/**
 * A difference of two values, to the decimals of the finer one: `0.3 - 0.1` is `0.2`, not
 * `0.19999999999999998`, and `0.0005 - 0.001` keeps its digits.
 */
function difference(actual: number, target: number): number {
    return Number((actual - target).toFixed(Math.min(100, Math.max(decimals(actual), decimals(target)))));
}

/**
 * The plain decimal digits of `n` ≥ 0 as JavaScript writes it, without its exponent: the digits
 * written, the point moved (`1e-7`: `0.0000001`, `3.5e+25`: `35` and 24 zeros), as Intl writes them.
 */
function plainDigits(n: number): string {
    const [mantissa, exponent] = String(n).split('e');
    if (exponent === undefined) return mantissa;
    const digits = mantissa.replace('.', '');
    const point = (mantissa.includes('.') ? mantissa.indexOf('.') : mantissa.length) + Number(exponent);
    if (point <= 0) return `0.${'0'.repeat(-point)}${digits}`;
    return point >= digits.length ? digits.padEnd(point, '0') : `${digits.slice(0, point)}.${digits.slice(point)}`;
}

/**
 * `n`'s magnitude as the locale writes it (`12,000.5`, French `12 000,5` with a narrow no-break
 * space, as Intl.NumberFormat writes them), every decimal digit written kept (`0.001` is not `0`).
 * By hand: making the first Intl.NumberFormat loads ICU's number data, ~25 ms of every render's start.
 */
function grouped(n: number, locale: Locale | undefined): string {
    const magnitude = Math.abs(n);
    if (magnitude === Infinity) return '∞';
    const [whole, fraction] = plainDigits(magnitude).split('.');
    const { decimal, group } = numberMarks(locale);
    const groups = whole.replace(/\B(?=(\d{3})+$)/g, group);
    return fraction ? `${groups}${decimal}${fraction}` : groups;
}

/** Signed the reports' way (as `formatSigned`: `+`, U+2212 minus), thousands grouped; a signed zero is `±0`. */
function number(n: number, signed = false, locale?: Locale): string {
    const sign = n < 0 ? '\u2212' : n > 0 && signed ? '+' : n === 0 && signed ? '±' : '';
    return `${sign}${grouped(n, locale)}`;
}

/** A number and its unit never part at a line break: joined by a no-break space. */
const NBSP = '\u00a0';

export function formatKpiValue(value: KpiValue, unit?: string, signed = false, locale?: Locale): string {
    return `${number(value.value, signed, locale)}${value.percent ? percentSign(locale) : unit ? `${NBSP}${unit}` : ''}`;
}

export function kpiDirection(kpi: Kpi): KpiDirection {
    return kpi.direction ?? 'higher';
}

/** The KPI's lines in `locale` (default English): `Cible ≤ 30 % · Réel 62 %`, `Écart +32 pts · objectif manqué`. */
export function formatKpi(kpi: Kpi, locale?: Locale): FormattedKpi {
    const direction = kpiDirection(kpi);
    const target = kpi.target && `${DIRECTION_SIGNS[direction]}${NBSP}${formatKpiValue(kpi.target, kpi.unit, false, locale)}`;
    const actual = kpi.actual && formatKpiValue(kpi.actual, kpi.unit, false, locale);
    const values = [target && t(locale, 'card.target', { value: target }), actual && t(locale, 'card.actual', { value: actual })].filter(Boolean).join(' · ') || undefined;
    if (!kpi.target || !kpi.actual) return { ...(target && { target }), ...(actual && { actual }), ...(values && { values }) };
    const gapValue = difference(kpi.actual.value, kpi.target.value);
    const percent = kpi.target.percent && kpi.actual.percent;
    const signed = number(gapValue, true, locale);
    const gap = percent ? t(locale, 'card.gapPoints', { value: signed }).replace(' ', NBSP) : `${signed}${kpi.unit ? `${NBSP}${kpi.unit}` : ''}`;
    const good = direction === 'higher' ? gapValue >= 0 : gapValue <= 0;
    const verdict = good ? 'good' : 'bad';
    const verdictText = t(locale, good ? 'kpi.meets' : 'kpi.misses');
    return { target, actual, gap, verdict, verdictText, values, result: t(locale, 'kpi.result', { gap, verdict: verdictText }) };
}
