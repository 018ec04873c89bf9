// Records keyed by names the user wrote (per-persona emotions by persona id, JSON fields): a
// name may be one every object inherits (`__proto__`, `constructor`, `toString`).

/** The record's own value for `key`: an inherited property is absent, not a value. */
export function ownField<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
    return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}
