/**
 * "Did you mean …?" for unresolved names and unknown rule ids: the candidate
 * with the smallest edit distance, compared without case and accents first
 * (`Ines` finds `Inès`), when it is close enough to be a plausible typo.
 */
export function closestName(name: string, candidates: Iterable<string>): string | undefined {
    const folded = fold(name);
    let best: string | undefined;
    let bestScore = Infinity;
    for (const candidate of candidates) {
        if (candidate === name) continue;
        // The distance is at least the difference in length: skip hopeless candidates cheaply.
        if (Math.abs(candidate.length - name.length) > Math.max(1, Math.floor(Math.max(candidate.length, name.length) / 3)) + 1) continue;
        const foldedCandidate = fold(candidate);
        // Accent/case differences weigh less than real edits.
        const score = editDistance(folded, foldedCandidate) + 0.1 * Math.min(1, editDistance(name, candidate));
        const limit = Math.max(1, Math.floor(Math.max(folded.length, foldedCandidate.length) / 3));
        if (score <= limit + 0.1 && (score < bestScore || (score === bestScore && best !== undefined && candidate < best))) {
            best = candidate;
            bestScore = score;
        }
    }
    return best;
}

function fold(text: string): string {
    return text.normalize('NFD').replace(/\p{Mn}/gu, '').toLowerCase();
}

/** Levenshtein distance over code points. */
function editDistance(a: string, b: string): number {
    const x = [...a];
    const y = [...b];
    let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
    for (let i = 1; i <= x.length; i++) {
        const current = [i];
        for (let j = 1; j <= y.length; j++) {
            current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1));
        }
        previous = current;
    }
    return previous[y.length];
}
