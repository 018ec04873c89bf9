// The touchpoint inventory as CSV (RFC 4180): one row per touchpoint, for spreadsheets.
import type { ExportedFriction, ExportedModel, ExportedOpportunity } from './model.js';

export const CSV_COLUMNS = [
    'journey', 'stage', 'touchpoint', 'kind', 'channels', 'personas', 'emotion', 'owner', 'frictions', 'opportunities'
] as const;

/** Header plus one CRLF-terminated row per touchpoint; lists inside a cell are joined with "; ". */
export function toCsv(model: ExportedModel): string {
    const rows: string[][] = [[...CSV_COLUMNS]];
    for (const journey of model.journeys) {
        const labelOf = new Map<string, string>([
            ...journey.channels.map(c => [`c:${c.id}`, c.label] as const),
            ...journey.personas.map(p => [`p:${p.id}`, p.label] as const),
            ...journey.teams.map(t => [`t:${t.id}`, t.label] as const)
        ]);
        const label = (prefix: string, id: string) => labelOf.get(`${prefix}:${id}`) ?? id;
        for (const stage of journey.stages) {
            for (const tp of stage.touchpoints) {
                rows.push([
                    journey.label, stage.label, tp.label, tp.kind ?? '',
                    tp.channels.map(id => label('c', id)).join('; '),
                    tp.personas.map(id => label('p', id)).join('; '),
                    tp.emotion === undefined ? '' : String(tp.emotion),
                    tp.owner === undefined ? '' : label('t', tp.owner),
                    tp.frictions.map(frictionText).join('; '),
                    tp.opportunities.map(opportunityText).join('; ')
                ]);
            }
        }
    }
    return rows.map(row => row.map(csvField).join(',') + '\r\n').join('');
}

export function frictionText(friction: ExportedFriction): string {
    return friction.severity ? `${friction.text} (${friction.severity})` : friction.text;
}

export function opportunityText(opportunity: ExportedOpportunity): string {
    const facets = [opportunity.impact && `impact ${opportunity.impact}`, opportunity.effort && `effort ${opportunity.effort}`].filter(Boolean);
    return facets.length > 0 ? `${opportunity.text} (${facets.join(', ')})` : opportunity.text;
}

/** Quoted when it holds a comma, quote, CR or LF (or edge spaces), quotes doubled. */
export function csvField(value: string): string {
    return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}
