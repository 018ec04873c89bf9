// The touchpoint inventory as CSV (RFC 4180): one row per touchpoint, for spreadsheets, with every
// list the map draws for it (its lanes of the service blueprint, and the touchpoints it leads to).
import type { ExportedFriction, ExportedModel, ExportedOpportunity } from './model.js';
import { formatNumber, t, type Locale, type MessageKey } from '../i18n/index.js';

/** The columns' catalogue keys: the header row is in the file's locale. */
const CSV_COLUMN_KEYS = [
    'csv.journey', 'csv.stage', 'csv.touchpoint', 'csv.kind', 'csv.channels', 'csv.personas', 'csv.emotion', 'csv.owner',
    'csv.frictions', 'csv.opportunities', 'csv.evidence', 'csv.personaEmotions',
    // Added after the first twelve, which spreadsheets made from earlier exports address by position.
    'csv.actions', 'csv.backstage', 'csv.support', 'csv.next'
] as const satisfies readonly MessageKey[];

/** The header row in `locale` (English: journey, stage, touchpoint, …). */
export function csvColumns(locale?: Locale): string[] {
    return CSV_COLUMN_KEYS.map(key => t(locale, key));
}

export const CSV_COLUMNS: readonly string[] = csvColumns();

export interface CsvOptions {
    /** The field separator: `,` (RFC 4180, the default) or e.g. `;` for spreadsheets in locales whose decimal mark is a comma. */
    readonly delimiter?: string;
    /** Start with a UTF-8 byte order mark, which Excel needs to read the file as UTF-8. */
    readonly bom?: boolean;
    /** The language of the header row and of the fixed words in cells (kinds, levels); default English. */
    readonly locale?: Locale;
}

/** Header plus one CRLF-terminated row per touchpoint; lists inside a cell are joined with "; ". */
export function toCsv(model: ExportedModel, options: CsvOptions = {}): string {
    const delimiter = options.delimiter ?? ',';
    const { locale } = options;
    const rows: string[][] = [csvColumns(locale)];
    for (const journey of model.journeys) {
        const labelOf = new Map<string, string>([
            ...journey.channels.map(c => [`c:${c.id}`, c.label] as const),
            ...journey.personas.map(p => [`p:${p.id}`, p.label] as const),
            ...journey.teams.map(t => [`t:${t.id}`, t.label] as const)
        ]);
        const label = (prefix: string, id: string) => labelOf.get(`${prefix}:${id}`) ?? id;
        const touchpointLabel = new Map(journey.stages.flatMap(stage => stage.touchpoints.map(tp => [tp.id, tp.label] as const)));
        for (const stage of journey.stages) {
            for (const tp of stage.touchpoints) {
                rows.push([
                    journey.label, stage.label, tp.label, tp.kind ? t(locale, `kindValue.${tp.kind}`) : '',
                    tp.channels.map(id => label('c', id)).join('; '),
                    tp.personas.map(id => label('p', id)).join('; '),
                    tp.emotion === undefined ? '' : formatNumber(locale, tp.emotion),
                    tp.owner === undefined ? '' : label('t', tp.owner),
                    tp.frictions.map(f => frictionText(f, locale)).join('; '),
                    tp.opportunities.map(o => opportunityText(o, locale)).join('; '),
                    tp.evidence.join('; '),
                    // `Karim: -2; Léa: +1`: each persona's own value, where the map draws it instead of `emotion`.
                    Object.entries(tp.emotions ?? {}).map(([id, n]) => t(locale, 'map.emotionPoint', { persona: label('p', id), emotion: `${n > 0 ? '+' : ''}${formatNumber(locale, n)}` })).join('; '),
                    tp.actions.join('; '), tp.backstage.join('; '), tp.support.join('; '),
                    tp.next.map(id => touchpointLabel.get(id) ?? id).join('; ')
                ]);
            }
        }
    }
    const text = rows.map(row => row.map(cell => csvField(cell, delimiter)).join(delimiter) + '\r\n').join('');
    return options.bom ? '\uFEFF' + text : text;
}

export function frictionText(friction: ExportedFriction, locale?: Locale): string {
    return friction.severity ? `${friction.text} (${t(locale, `severity.${friction.severity}`)})` : friction.text;
}

export function opportunityText(opportunity: ExportedOpportunity, locale?: Locale): string {
    const facets = [
        opportunity.impact && t(locale, 'csv.impact', { level: t(locale, `level.${opportunity.impact}`) }),
        opportunity.effort && t(locale, 'csv.effort', { level: t(locale, `level.${opportunity.effort}`) })
    ].filter(Boolean);
    return facets.length > 0 ? `${opportunity.text} (${facets.join(', ')})` : opportunity.text;
}

/**
 * Neutralised when a spreadsheet would run it as a formula, then quoted when it
 * holds the delimiter, a quote, CR or LF (or edge spaces), quotes doubled.
 */
export function csvField(value: string, delimiter = ','): string {
    const text = neutralised(value);
    const special = text.includes(delimiter) || /["\r\n]|^\s|\s$/.test(text);
    return special ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * OWASP's CSV injection defence: a cell starting with `=`, `+`, `-`, `@`, tab or
 * CR gets a leading `'`, so Excel, LibreOffice and Sheets show it as text
 * instead of evaluating it. A plain number (an emotion of `-2`) is no formula
 * and stays a number.
 */
function neutralised(value: string): string {
    if (!/^[=+\-@\t\r]/.test(value) || /^[+-]?\d+(\.\d+)?$/.test(value)) return value;
    return `'${value}`;
}
