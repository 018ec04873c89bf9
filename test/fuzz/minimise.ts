// Shrinks a failing input while it still fails the same way: drops runs of lines, then runs
// of characters (delta debugging, halving the run length), within a budget of tries and time.

export async function minimise(text: string, stillFails: (text: string) => Promise<boolean>, budget = { tries: 300, ms: 15_000 }): Promise<string> {
    const deadline = Date.now() + budget.ms;
    let tries = 0;
    const affordable = () => tries < budget.tries && Date.now() < deadline;
    let best = text;
    for (const unit of ['line', 'char'] as const) {
        const split = (t: string) => (unit === 'line' ? t.split(/(?<=\n)/) : [...t]);
        let parts = split(best);
        for (let size = Math.max(1, parts.length >> 1); size >= 1 && affordable(); size = size === 1 ? 0 : size >> 1) {
            for (let at = 0; at < parts.length && affordable();) {
                const candidate = [...parts.slice(0, at), ...parts.slice(at + size)].join('');
                tries++;
                if (candidate.length < best.length && await stillFails(candidate)) {
                    best = candidate;
                    parts = split(best);
                } else {
                    at += size;
                }
            }
        }
    }
    return best;
}
