// The fixed words the map draws (besides the user's text), in the map's locale: one place where
// layout.ts and svg.ts find them. The words themselves are in the catalogue (src/i18n).
import { formatNumber, formatSigned, t, tn, type Locale } from '../i18n/index.js';
import type { DiagramModel, LaneId, TouchpointKind } from './types.js';

/** The name of a lane in `locale` (default English): the map's lane labels and the toolbar's lane boxes. */
export function laneLabel(lane: LaneId, locale?: Locale): string {
    return t(locale, `lane.${lane}`);
}

export function mapWords(locale: Locale | undefined) {
    return {
        locale,
        goals: t(locale, 'map.goals'),
        frustrations: t(locale, 'map.frustrations'),
        /** Detail line of a friction or opportunity declared inside a touchpoint. */
        on: (touchpoint: string) => t(locale, 'map.on', { touchpoint }),
        /** The evidence marker of a touchpoint card: count and the number of its note under the map. */
        evidenceMarker: (count: number, note: number) => t(locale, 'map.evidence', { count, note }),
        notesTitle: t(locale, 'map.evidenceNotes'),
        note: (note: number, touchpoint: string) => `[${formatNumber(locale, note)}] ${touchpoint}`,
        bullet: (text: string) => `• ${text}`,
        noteItem: (text: string) => `– ${text}`,
        /** Legend of the curve of touchpoints that name no persona. */
        anonymousCurve: t(locale, 'map.allCustomers'),
        /** A point of an emotion curve (its tooltip): `Karim — Loan page: −2`. */
        emotionPoint: (persona: string, touchpoint: string, emotion: number) => t(locale, 'map.emotionPointAt', { persona, touchpoint, emotion: signed(locale, emotion) }),
        /** The personas line of a touchpoint card: their display names. */
        personas: (labels: readonly string[]) => labels.join(t(locale, 'map.personaSeparator')),
        kind: (kind: TouchpointKind) => t(locale, `kind.${kind}`),
        kindValue: (kind: TouchpointKind) => t(locale, `kindValue.${kind}`),
        owner: (owner: string) => t(locale, 'card.owner', { owner }),
        severity: (level: 'high' | 'medium' | 'low') => t(locale, 'card.severity', { level: t(locale, `severity.${level}`) }),
        impact: (level: 'high' | 'medium' | 'low') => t(locale, 'card.impact', { level: t(locale, `level.${level}`) }),
        effort: (level: 'high' | 'medium' | 'low') => t(locale, 'card.effort', { level: t(locale, `level.${level}`) }),
        stageIndex: (n: number) => t(locale, 'map.stageIndex', { n }),
        state: (state: 'current' | 'ideal') => t(locale, `map.state.${state}`),
        medium: (medium: 'digital' | 'physical') => t(locale, `medium.${medium}`),
        /** `3 stages · 5 touchpoints · persona: Karim` */
        facts: (diagram: DiagramModel, persona: string | undefined) => [
            tn(locale, 'count.stage', diagram.counts.stages),
            tn(locale, 'count.touchpoint', diagram.counts.touchpoints),
            ...(persona ? [t(locale, 'map.persona', { persona })] : [])
        ].join(' · ')
    };
}

/** An emotion value with its sign (`+1`, `−2`, `0`), in the locale's digits: the minus sign (U+2212) of the emotion axis and of the KPIs. */
export function signed(locale: Locale | undefined, value: number): string {
    return formatSigned(locale, value);
}

/** The words of `diagram`'s own locale. */
export function wordsOf(diagram: DiagramModel) {
    return mapWords(diagram.options.locale);
}
