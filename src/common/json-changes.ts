// What changed from one JSON value to the next, and the next value rebuilt from the one before
// and that change. The language server answers a preview that holds its last models with the
// changes alone (a keystroke on a 10,000-touchpoint map changes one card of 7 MB of models), and
// the client rebuilds the models. Pure functions on plain JSON data; no dependency beyond src/common,
// so the server, the extension and the page may all bundle it.
import { ownField } from './own-field.js';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * A change from one JSON value to another:
 * - `set`: the new value, whole;
 * - `fields`: an object's changed fields (a new field is a `set`), and the fields dropped;
 * - `items`: an array spliced (`remove` items at `from` replaced by `insert`), then the items
 *   kept whose content changed edited, at their index in the new array.
 */
export type JsonChange =
    | { set: unknown }
    | { fields: Record<string, JsonChange>; drop?: string[] }
    | { items: { from: number; remove: number; insert: unknown[]; edits?: [number, JsonChange][] } };

/**
 * The change from `before` to `after`, undefined when they are the same JSON. Values are compared
 * as JSON.stringify would write them (a field whose value is undefined is absent). Array items
 * that are objects with a string `id` are matched by it, so an item whose content changed is sent
 * as its changed fields; other items match when equal.
 */
export function jsonChanges(before: unknown, after: unknown): JsonChange | undefined {
    if (before === after) return undefined;
    if (Array.isArray(before) && Array.isArray(after)) return arrayChanges(before, after);
    if (isObject(before) && isObject(after)) return objectChanges(before, after);
    return sameJson(before, after) ? undefined : { set: after };
}

/** `before` with `change` applied; `before` is left as it is (changed objects and arrays are copies). Throws when the change does not fit the value. */
export function applyJsonChanges<T>(before: T, change: JsonChange | undefined): T {
    if (change === undefined) return before;
    if ('set' in change) return change.set as T;
    if ('fields' in change) {
        if (!isObject(before)) throw new Error('field changes for a value that is not an object');
        const after: Record<string, unknown> = { ...before };
        for (const key of change.drop ?? []) delete after[key];
        for (const [key, field] of Object.entries(change.fields)) setField(after, key, applyJsonChanges(ownField(after, key), field));
        return after as T;
    }
    if (!Array.isArray(before)) throw new Error('item changes for a value that is not an array');
    const { from, remove, insert, edits } = change.items;
    if (from < 0 || remove < 0 || from + remove > before.length) throw new Error(`a splice of ${remove} items at ${from} in an array of ${before.length}`);
    const after = [...before.slice(0, from), ...insert, ...before.slice(from + remove)];
    for (const [index, edit] of edits ?? []) {
        if (index < 0 || index >= after.length) throw new Error(`an edit of item ${index} in an array of ${after.length}`);
        after[index] = applyJsonChanges(after[index], edit);
    }
    return after as T;
}

function objectChanges(before: Record<string, unknown>, after: Record<string, unknown>): JsonChange | undefined {
    // Allocated only when something changed: most of the 30,000 cards of a big map did not.
    let fields: Record<string, JsonChange> | undefined;
    let drop: string[] | undefined;
    for (const key in after) {
        const value = ownField(after, key), old = ownField(before, key);
        // Most fields of most cards are the same string or number: no call for them.
        if (value === old || value === undefined) continue;
        const field = old === undefined ? { set: value }
            : typeof value !== 'object' || typeof old !== 'object' ? (sameJson(old, value) ? undefined : { set: value })
            : jsonChanges(old, value);
        if (field) setField(fields ??= {}, key, field);
    }
    for (const key in before) {
        if (ownField(before, key) !== undefined && ownField(after, key) === undefined) (drop ??= []).push(key);
    }
    if (!fields && !drop) return undefined;
    return drop ? { fields: fields ?? {}, drop } : { fields: fields! };
}

/**
 * The items the two arrays start and end with (matched by id, or equal) are kept; those between
 * are replaced. A keystroke keeps every card and edits one; a touchpoint added or removed replaces
 * the few cards between.
 */
function arrayChanges(before: unknown[], after: unknown[]): JsonChange | undefined {
    const shorter = Math.min(before.length, after.length);
    let head = 0;
    while (head < shorter && sameItem(before[head], after[head])) head++;
    let tail = 0;
    while (tail < shorter - head && sameItem(before[before.length - 1 - tail], after[after.length - 1 - tail])) tail++;
    if (head === 0 && tail === 0 && after.length > 0) return { set: after };
    const offset = after.length - before.length;
    const edits = keptItemEdits(before, after, before.length - tail, before.length, offset, keptItemEdits(before, after, 0, head, 0, undefined));
    const remove = before.length - head - tail;
    if (remove === 0 && offset === 0 && !edits) return undefined;
    return { items: { from: head, remove, insert: after.slice(head, after.length - tail), ...(edits && { edits }) } };
}

/**
 * The edits of the items `from` to `to` of `before`, kept at `offset` in `after`, added to `edits`.
 * Those without an id are equal (that is how they matched); those with one may have changed.
 */
function keptItemEdits(before: unknown[], after: unknown[], from: number, to: number, offset: number, edits: [number, JsonChange][] | undefined): [number, JsonChange][] | undefined {
    for (let i = from; i < to; i++) {
        if (idOf(before[i]) === undefined) continue;
        const change = jsonChanges(before[i], after[i + offset]);
        if (change) (edits ??= []).push([i + offset, change]);
    }
    return edits;
}

/** Items with ids match when their ids do (their content may differ: see `edits`); others when they are equal. */
function sameItem(a: unknown, b: unknown): boolean {
    const idA = idOf(a), idB = idOf(b);
    if (idA !== undefined || idB !== undefined) return idA === idB;
    return sameJson(a, b);
}

function idOf(value: unknown): string | undefined {
    return isObject(value) && typeof value.id === 'string' ? value.id : undefined;
}

function sameJson(a: unknown, b: unknown): boolean {
    if (a === b) return true;
    if (typeof a === 'number' && typeof b === 'number') return JSON.stringify(a) === JSON.stringify(b);
    if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((item, i) => sameJson(item, b[i]));
    if (isObject(a) && isObject(b)) return objectChanges(a, b) === undefined;
    return false;
}

/** Sets a field as JSON.parse does: an own field, even one named `__proto__` (a persona may be so named). */
function setField(object: Record<string, unknown>, key: string, value: unknown): void {
    if (key === '__proto__') Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
    else object[key] = value;
}

function isObject(value: unknown): value is Record<string, unknown> {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
