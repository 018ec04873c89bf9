// The emotions of a touchpoint: `emotion N` (shared by all of its personas) and
// `emotion Persona N` (one persona's own), both `Emotion` entries of `touchpoint.emotions`.
// What every output (preview, render, export, compare) reads is the value within -2 … +2:
// one written outside it is an `emotion-range` error for lint, and is used clamped, as
// `journey import` does with Mermaid scores; `clampedEmotions` lists them so the commands
// can say so. A fraction within the range (also an `emotion-range` error) is kept as written:
// it is no value the outputs cannot show, and they write it in the map's language (`+0,5`).
import { AstUtils, GrammarUtils } from 'langium';
import { isJourney, isTouchpoint, type Emotion, type Model, type Touchpoint } from './generated/ast.js';
import { referencedName } from './references/referenced-name.js';

export const EMOTION_MIN = -2;
export const EMOTION_MAX = 2;

/** `value` as the outputs use it: within EMOTION_MIN … EMOTION_MAX. */
export function emotionInRange(value: number): number {
    return Math.min(EMOTION_MAX, Math.max(EMOTION_MIN, value));
}

/** The value of an entry as the outputs use it, undefined when its number is missing. */
function entryValue(entry: Emotion | undefined): number | undefined {
    const value = entry?.value;
    return value === undefined || Number.isNaN(value) ? undefined : emotionInRange(value);
}

/** The shared `emotion N` entries, in order (the last one is the value; a second one is an error). */
export function sharedEmotionEntries(tp: Touchpoint): Emotion[] {
    return tp.emotions.filter(e => e.persona === undefined);
}

/**
 * The entries the outputs use: the last shared `emotion N`, and per persona id the last
 * `emotion Persona N` with a number. The one source of which entry wins, for the values and
 * for the warnings about clamped ones.
 */
function winningEntries(tp: Touchpoint): { shared?: Emotion, byPersona: Map<string, Emotion> } {
    // One pass over the entries: the map's model reads those of every touchpoint.
    const byPersona = new Map<string, Emotion>();
    let shared: Emotion | undefined;
    for (const entry of tp.emotions) {
        if (entry.persona === undefined) {
            shared = entry;
            continue;
        }
        const id = referencedName(entry.persona);
        if (id && entryValue(entry) !== undefined) byPersona.set(id, entry);
    }
    return { shared, byPersona };
}

/** The touchpoint's shared emotion (the last `emotion N`, within range), undefined without one or when its number is missing. */
export function sharedEmotion(tp: Touchpoint): number | undefined {
    return entryValue(winningEntries(tp).shared);
}

/** The `emotion Persona N` entries, in order. */
export function personaEmotionEntries(tp: Touchpoint): Emotion[] {
    return tp.emotions.filter(e => e.persona !== undefined);
}

/** Per-persona values (within range) by persona id (the last one of a persona wins); undefined without any. */
export function personaEmotions(tp: Touchpoint): Record<string, number> | undefined {
    return valuesByPersona(winningEntries(tp).byPersona);
}

/** `sharedEmotion` and `personaEmotions` together, the entries read once (the map's model asks for both of every touchpoint). */
export function touchpointEmotions(tp: Touchpoint): { emotion: number | undefined; emotions: Record<string, number> | undefined } {
    const { shared, byPersona } = winningEntries(tp);
    return { emotion: entryValue(shared), emotions: valuesByPersona(byPersona) };
}

function valuesByPersona(byPersona: Map<string, Emotion>): Record<string, number> | undefined {
    if (byPersona.size === 0) return undefined;
    return Object.fromEntries([...byPersona].map(([id, entry]) => [id, entryValue(entry)!]));
}

/** An emotion written outside the range, where it is written (0-based) and the value used instead. */
export interface ClampedEmotion {
    /** The id of the journey it belongs to. */
    readonly journey: string | undefined;
    readonly touchpoint: string;
    readonly persona?: string;
    readonly written: number;
    readonly used: number;
    readonly line: number;
    readonly character: number;
}

/** Every emotion of the model that the outputs use clamped, in text order: only entries that win (a replaced one is used nowhere). */
export function clampedEmotions(model: Model): ClampedEmotion[] {
    const found: ClampedEmotion[] = [];
    for (const tp of AstUtils.streamAllContents(model).filter(isTouchpoint)) {
        const { shared, byPersona } = winningEntries(tp);
        const winners = [...(shared ? [shared] : []), ...byPersona.values()];
        for (const node of winners) {
            if (node.value === undefined || !Number.isFinite(node.value)) continue;
            const used = emotionInRange(node.value);
            if (used === node.value) continue;
            const start = (GrammarUtils.findNodeForProperty(node.$cstNode, 'value') ?? node.$cstNode)?.range.start;
            found.push({ journey: AstUtils.getContainerOfType(tp, isJourney)?.name, touchpoint: tp.name, persona: node.persona?.$refText, written: node.value, used, line: start?.line ?? 0, character: start?.character ?? 0 });
        }
    }
    return found.sort((a, b) => a.line - b.line || a.character - b.character);
}
