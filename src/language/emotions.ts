// The emotions of a touchpoint: `emotion N` (shared by all of its personas) and
// `emotion Persona N` (one persona's own), both `Emotion` entries of `touchpoint.emotions`.
// What every output (preview, render, export, compare) reads is the value within -2 … +2:
// one written outside it is an `emotion-range` error for lint, and is used clamped, as
// `journey import` does with Mermaid scores; `clampedEmotions` lists them so the commands
// can say so. A fraction within the range (also an `emotion-range` error) is kept as written:
// it is no value the outputs cannot show, and they write it in the map's language (`+0,5`).
import { AstUtils, GrammarUtils } from 'langium';
import { isEmotion, type Emotion, type Model, type Touchpoint } from './generated/ast.js';
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

/** The touchpoint's shared emotion (the last `emotion N`, within range), undefined without one or when its number is missing. */
export function sharedEmotion(tp: Touchpoint): number | undefined {
    return entryValue(sharedEmotionEntries(tp).at(-1));
}

/** The `emotion Persona N` entries, in order. */
export function personaEmotionEntries(tp: Touchpoint): Emotion[] {
    return tp.emotions.filter(e => e.persona !== undefined);
}

/** Per-persona values (within range) by persona id (the last one of a persona wins); undefined without any. */
export function personaEmotions(tp: Touchpoint): Record<string, number> | undefined {
    const result: Record<string, number> = {};
    for (const entry of personaEmotionEntries(tp)) {
        const id = entry.persona ? referencedName(entry.persona) : '';
        const value = entryValue(entry);
        if (id && value !== undefined) result[id] = value;
    }
    return Object.keys(result).length > 0 ? result : undefined;
}

/** An emotion written outside the range, where it is written (0-based) and the value used instead. */
export interface ClampedEmotion {
    readonly touchpoint: string;
    readonly persona?: string;
    readonly written: number;
    readonly used: number;
    readonly line: number;
    readonly character: number;
}

/** Every emotion of the model that the outputs use clamped, in text order. */
export function clampedEmotions(model: Model): ClampedEmotion[] {
    const found: ClampedEmotion[] = [];
    for (const node of AstUtils.streamAllContents(model)) {
        if (!isEmotion(node) || node.value === undefined || !Number.isFinite(node.value)) continue;
        const used = emotionInRange(node.value);
        if (used === node.value) continue;
        const start = (GrammarUtils.findNodeForProperty(node.$cstNode, 'value') ?? node.$cstNode)?.range.start;
        const touchpoint = (node.$container as Touchpoint).name;
        found.push({ touchpoint, persona: node.persona?.$refText, written: node.value, used, line: start?.line ?? 0, character: start?.character ?? 0 });
    }
    return found;
}
