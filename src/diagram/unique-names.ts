// Names made unique within one scope: diagram ids (`touchpoint:T#2`) and the identifiers
// the Mermaid importer writes (`T2`). Pure: used by src/diagram and src/import.

/**
 * Hands out each name once: the first free one of `base`, `suffixed(base, 2)`,
 * `suffixed(base, 3)`, …. Where the search for a base stopped is remembered, so
 * 16,000 equal names cost about 16,000 look-ups instead of 128 million.
 */
export class UniqueNames {
    private readonly used = new Set<string>();
    /** The suffix to try next for each base that was already taken. */
    private readonly nextSuffix = new Map<string, number>();
    /** Look-ups in the set of used names so far (for tests that check the work stays linear). */
    probes = 0;

    constructor(private readonly suffixed: (base: string, n: number) => string) {}

    take(base: string): string {
        this.probes++;
        if (!this.used.has(base)) {
            this.used.add(base);
            return base;
        }
        // Names are never given back, so every suffix below the remembered one is still taken.
        let n = this.nextSuffix.get(base) ?? 2;
        let name: string;
        do {
            name = this.suffixed(base, n++);
            this.probes++;
        } while (this.used.has(name));
        this.nextSuffix.set(base, n);
        this.used.add(name);
        return name;
    }
}
