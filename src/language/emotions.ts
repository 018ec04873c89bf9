// The emotions of a touchpoint: `emotion N` (shared by all of its personas) and
// `emotion Persona N` (one persona's own), both `Emotion` entries of `touchpoint.emotions`.
import type { Emotion, Touchpoint } from './generated/ast.js';
import { referencedName } from './references/referenced-name.js';

/** The shared `emotion N` entries, in order (the last one is the value; a second one is an error). */
export function sharedEmotionEntries(tp: Touchpoint): Emotion[] {
    return tp.emotions.filter(e => e.persona === undefined);
}

/** The touchpoint's shared emotion (the last `emotion N`), undefined without one or when its number is missing. */
export function sharedEmotion(tp: Touchpoint): number | undefined {
    const value = sharedEmotionEntries(tp).at(-1)?.value;
    return value === undefined || Number.isNaN(value) ? undefined : value;
}

/** The `emotion Persona N` entries, in order. */
export function personaEmotionEntries(tp: Touchpoint): Emotion[] {
    return tp.emotions.filter(e => e.persona !== undefined);
}

/** Per-persona values by persona id (the last one of a persona wins); undefined without any. */
export function personaEmotions(tp: Touchpoint): Record<string, number> | undefined {
    const result: Record<string, number> = {};
    for (const entry of personaEmotionEntries(tp)) {
        const id = entry.persona ? referencedName(entry.persona) : '';
        if (id && entry.value !== undefined && !Number.isNaN(entry.value)) result[id] = entry.value;
    }
    return Object.keys(result).length > 0 ? result : undefined;
}
