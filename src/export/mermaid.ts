// A Mermaid `journey` diagram from the model: sections = stages, tasks = touchpoints,
// score = emotion + 3 (−2…+2 → 1…5), actors = the touchpoint's personas (labels).
import type { ExportedJourney } from './model.js';

/** One diagram per journey; a touchpoint without emotion gets the neutral score 3. */
export function toMermaid(journey: ExportedJourney): string {
    const personaLabel = new Map(journey.personas.map(p => [p.id, p.label]));
    const lines = ['journey', `    title ${mermaidText(journey.label)}`];
    if (journey.description) lines.push(`    accDescr: ${mermaidText(journey.description)}`);
    for (const stage of journey.stages) {
        lines.push(`    section ${mermaidText(stage.label, ':')}`);
        for (const tp of stage.touchpoints) {
            const score = Math.min(5, Math.max(1, Math.round((tp.emotion ?? 0) + 3)));
            const actors = tp.personas.map(id => mermaidText(personaLabel.get(id) ?? id, ':,'));
            lines.push(`      ${mermaidText(tp.label, ':,')}: ${score}${actors.length > 0 ? `: ${actors.join(', ')}` : ''}`);
        }
    }
    return lines.join('\n') + '\n';
}

/**
 * User text on one line in Mermaid's syntax: `#NNN;` entity codes stand for what would end
 * the text early — `;` and `#` everywhere (Mermaid's lexer stops at both), `%%` that starts a
 * comment, and the `also` characters of the context (':' ends a section name or a task
 * name, ',' separates actors).
 */
export function mermaidText(text: string, also = ''): string {
    return text.replace(/[\r\n]+/g, ' ').trim().replace(/[#;:,]|%(?=%)/g, c => (c === ':' || c === ',') && !also.includes(c) ? c : `#${c.charCodeAt(0)};`);
}
