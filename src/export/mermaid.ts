// A Mermaid `journey` diagram from the model: sections = stages, tasks = touchpoints,
// score = emotion + 3 (−2…+2 → 1…5), actors = the touchpoint's personas (labels). Mermaid has
// one score per task: the shared `emotion`, else the mean of the per-persona values, rounded
// (half way away from neutral).
// Labels are written so that Mermaid reads them as text and `journey import` gives them
// back exactly (mermaidText below).
import { MERMAID_STATEMENT_STARTS, NO_EMOTION_COMMENT } from '../import/mermaid.js';
import type { ExportedJourney } from './model.js';

/** One diagram per journey; a touchpoint without emotion gets the neutral score 3, marked by a comment. */
export function toMermaid(journey: ExportedJourney): string {
    const personaLabel = new Map(journey.personas.map(p => [p.id, p.label]));
    const lines = ['journey', `    title ${mermaidText(journey.label)}`];
    if (journey.description) lines.push(`    accDescr: ${mermaidText(journey.description)}`);
    for (const stage of journey.stages) {
        lines.push(`    section ${mermaidText(stage.label, ':')}`);
        for (const tp of stage.touchpoints) {
            const emotion = tp.emotion ?? mean(Object.values(tp.emotions ?? {}));
            if (emotion === undefined) lines.push(`      ${NO_EMOTION_COMMENT}`);
            const score = Math.min(5, Math.max(1, 3 + roundedAwayFromZero(emotion ?? 0)));
            const actors = tp.personas.map(id => mermaidText(personaLabel.get(id) ?? id, ':,'));
            lines.push(`      ${mermaidText(tp.label, ':,')}: ${score}${actors.length > 0 ? `: ${actors.join(', ')}` : ''}`);
        }
    }
    return lines.join('\n') + '\n';
}

/** Half way rounds away from neutral, so a mean of −0.5 reads as negative as +0.5 reads positive. */
function roundedAwayFromZero(value: number): number {
    return Math.sign(value) * Math.round(Math.abs(value));
}

function mean(values: number[]): number | undefined {
    return values.length > 0 ? values.reduce((a, b) => a + b, 0) / values.length : undefined;
}

/**
 * User text on one line in Mermaid's syntax, read back exactly by Mermaid and by `journey
 * import`. `#NNN;` entity codes stand for:
 * - what would end the text early: `;` and `#` everywhere (Mermaid's lexer stops at both),
 *   the first `%` of `%%` (a comment), and the `also` characters of the context (':' ends
 *   a section name or a task name, ',' separates actors);
 * - control characters and U+2028/U+2029 (line breaks for some readers);
 * - whitespace at either end (both parsers trim it; a blank label would leave no name);
 * - the first character of text that starts like a statement (`title …`, `section …`,
 *   `accTitle:`, `accDescr:` / `accDescr {`, `journey`, any case), which a task name would become.
 */
export function mermaidText(text: string, also = ''): string {
    const body = text.replace(/[#;:,]|%(?=%)|[\p{Cc}\u2028\u2029]/gu,
        c => (c === ':' || c === ',') && !also.includes(c) ? c : entity(c));
    const edges = /^(\s*)([^]*?)(\s*)$/u.exec(body)!;
    const encoded = [...edges[1]].map(entity).join('') + edges[2] + [...edges[3]].map(entity).join('');
    return MERMAID_STATEMENT_STARTS.some(start => start.test(encoded))
        ? entity(String.fromCodePoint(encoded.codePointAt(0)!)) + encoded.slice(String.fromCodePoint(encoded.codePointAt(0)!).length)
        : encoded;
}

function entity(c: string): string {
    return `#${c.codePointAt(0)};`;
}
