// How a KPI (a metric with a target, an actual, a direction and a unit) is written for a
// reader: the one wording of the map's cards, the editor's hover and the Markdown export.
// Its fixed words are here, in one place, for translation. Pure: runs in the webview too.

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

const WORDS = {
    target: 'Target',
    actual: 'Actual',
    gap: 'Gap',
    /** The gap between two percentages is in percentage points. */
    points: 'pts',
    good: 'meets target',
    bad: 'misses target',
    lower: '≤',
    higher: '≥'
} as const;

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

function round(n: number): number {
    return Math.round(n * 100) / 100;
}

/** `−` (minus sign) for negatives, as in print. */
function number(n: number, signed = false): string {
    const r = round(n);
    const sign = r > 0 ? (signed ? '+' : '') : r < 0 ? '−' : signed ? '±' : '';
    return `${sign}${Math.abs(r)}`;
}

/** A number and its unit never part at a line break: joined by a no-break space. */
const NBSP = '\u00a0';

export function formatKpiValue(value: KpiValue, unit?: string, signed = false): string {
    return `${number(value.value, signed)}${value.percent ? '%' : unit ? `${NBSP}${unit}` : ''}`;
}

export function kpiDirection(kpi: Kpi): KpiDirection {
    return kpi.direction ?? 'higher';
}

export function formatKpi(kpi: Kpi): FormattedKpi {
    const direction = kpiDirection(kpi);
    const target = kpi.target && `${WORDS[direction]}${NBSP}${formatKpiValue(kpi.target, kpi.unit)}`;
    const actual = kpi.actual && formatKpiValue(kpi.actual, kpi.unit);
    const values = [target && `${WORDS.target} ${target}`, actual && `${WORDS.actual} ${actual}`].filter(Boolean).join(' · ') || undefined;
    if (!kpi.target || !kpi.actual) return { ...(target && { target }), ...(actual && { actual }), ...(values && { values }) };
    const difference = kpi.actual.value - kpi.target.value;
    const percent = kpi.target.percent && kpi.actual.percent;
    const gap = `${number(difference, true)}${percent ? `${NBSP}${WORDS.points}` : kpi.unit ? `${NBSP}${kpi.unit}` : ''}`;
    const good = direction === 'higher' ? difference >= 0 : difference <= 0;
    const verdict = good ? 'good' : 'bad';
    const verdictText = WORDS[verdict];
    return { target, actual, gap, verdict, verdictText, values, result: `${WORDS.gap} ${gap} · ${verdictText}` };
}
