/**
 * Resolves once `ready()` holds, checked now and each time the caller runs the checks in
 * `checks` (on the events that can change it, never on a timer); rejects with `failure()`'s
 * message after `withinMs`, a safety net far above what a loaded machine takes.
 */
export function checkedUntil(ready: () => boolean, checks: Set<() => void>, failure: () => string, withinMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
        const stop = () => {
            checks.delete(check);
            clearTimeout(timer);
        };
        const check = () => {
            if (!ready()) return;
            stop();
            resolve();
        };
        const timer = setTimeout(() => {
            stop();
            reject(new Error(failure()));
        }, withinMs);
        checks.add(check);
        check();
    });
}
