// A model that arrives anew (parsed from the host's message, or the changes it sent applied) shares with the one before every
// part equal to it: unchanged cards, stages and flows keep their objects. What the layout worker
// remembers by object (measured texts, drawn markup) then holds for them, and a model equal to
// the one laid out before is that very object: the server's answer confirming an echoed edit,
// or a message sent again, is recognised by identity and draws nothing.
// Where a part is in the source (a card's range, a literal's span) is not what is drawn: a card
// that only moved in the text (a line typed above it, a label it shares a line with grown by a
// character) is the same card, and takes the new place in the source where it is (the old
// object is updated), so a click on any map drawn from it reveals where it is now.

/** The keys of places in the source: their values may differ in numbers only, and are then taken over. */
const SOURCE_PLACES = new Set(['range', 'textSpan', 'labelSpan']);

/**
 * `next` with each part deep-equal to the same part of `old` replaced by that part; `old` itself
 * when all are equal (places in the source aside: the old object takes the new ones). Items of
 * arrays are matched by their `id` when they have one (a card added before others does not
 * unshare those), else by index. `next` is changed in place: pass a value of your own (fresh
 * from JSON.parse). Plain JSON values only.
 */
export function shareUnchanged<T>(old: T, next: T): T {
    return share(old as Json, next as Json) as T;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function share(old: Json | undefined, next: Json): Json {
    if (old === next || old === undefined || old === null || next === null || typeof old !== 'object' || typeof next !== 'object') return old === next ? old : next;
    if (Array.isArray(next)) return Array.isArray(old) ? shareArray(old, next) : next;
    if (Array.isArray(old)) return next;
    const keys = Object.keys(next);
    let same = keys.length === Object.keys(old).length;
    const places: string[] = [];
    for (const key of keys) {
        if (SOURCE_PLACES.has(key) && sameShape(old[key], next[key])) {
            places.push(key);
            continue;
        }
        const shared = share(old[key], next[key]);
        next[key] = shared;
        if (shared !== old[key]) same = false;
    }
    if (!same) return next;
    for (const key of places) takeNumbers(old[key], next[key]);
    return old;
}

/** Equal but for numbers: the same keys, and the same strings and booleans, all the way down. */
function sameShape(old: Json | undefined, next: Json): boolean {
    if (typeof next === 'number') return typeof old === 'number';
    if (next === null || typeof next !== 'object' || old === null || typeof old !== 'object' || old === undefined) return old === next;
    if (Array.isArray(next) || Array.isArray(old)) return false;
    const keys = Object.keys(next);
    return keys.length === Object.keys(old).length && keys.every(key => sameShape(old[key], next[key]));
}

/** Writes the numbers of `next` into `old` (of the same shape). */
function takeNumbers(old: Json, next: Json): void {
    if (old === null || typeof old !== 'object' || Array.isArray(old) || next === null || typeof next !== 'object' || Array.isArray(next)) return;
    for (const key of Object.keys(next)) {
        if (typeof next[key] === 'number') old[key] = next[key];
        else takeNumbers(old[key], next[key]);
    }
}

function shareArray(old: Json[], next: Json[]): Json[] {
    const byId = idOf(next[0]) !== undefined ? new Map(old.map(item => [idOf(item), item])) : undefined;
    let same = old.length === next.length;
    for (let i = 0; i < next.length; i++) {
        const shared = share(byId ? byId.get(idOf(next[i])) : old[i], next[i]);
        next[i] = shared;
        if (shared !== old[i]) same = false;
    }
    return same ? old : next;
}

function idOf(item: Json | undefined): string | undefined {
    return item !== null && typeof item === 'object' && !Array.isArray(item) && typeof item.id === 'string' ? item.id : undefined;
}
