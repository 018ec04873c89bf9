/**
 * Resolves with what `found()` gives once it gives something (not undefined), checked now and
 * each time the caller runs the checks in `checks` (on the events that can change it, never on a
 * timer); rejects with what `found()` throws (a state the wait can no longer leave, such as a
 * process that ended), or with `failure()`'s message after `withinMs`, a safety net far above
 * what a loaded machine takes.
 */
export function checkedFor<T>(found: () => T | undefined, checks: Set<() => void>, failure: () => string, withinMs: number): Promise<T> {
    return new Promise((resolve, reject) => {
        const stop = () => {
            checks.delete(check);
            clearTimeout(timer);
        };
        const check = () => {
            let value: T | undefined;
            try {
                value = found();
            } catch (error) {
                stop();
                return reject(error);
            }
            if (value === undefined) return;
            stop();
            resolve(value);
        };
        const timer = setTimeout(() => {
            stop();
            reject(new Error(failure()));
        }, withinMs);
        checks.add(check);
        check();
    });
}

/** `checkedFor` a condition: resolves once `ready()` holds. */
export async function checkedUntil(ready: () => boolean, checks: Set<() => void>, failure: () => string, withinMs: number): Promise<void> {
    await checkedFor(() => ready() || undefined, checks, failure, withinMs);
}
