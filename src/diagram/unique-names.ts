// Names made unique within one scope: diagram ids (`touchpoint:T#2`), the identifiers
// the Mermaid importer writes (`T2`) and the CLI's picture file names (`Checkout-2.svg`).
// Pure: used by src/diagram, src/import and src/cli.

/**
 * Hands out each name once: the first free one of `base`, `suffixed(base, 2)`,
 * `suffixed(base, 3)`, …. Where the search for a base stopped is remembered, so
 * 16,000 equal names cost about 16,000 look-ups instead of 128 million. Two names are the
 * same when their `key`s are (file names: `Checkout` and `checkout` on a case-insensitive disk).
 */
export class UniqueNames {
    private readonly used = new Set<string>();
    /** The suffix to try next for each base that was already taken. */
    private readonly nextSuffix = new Map<string, number>();
    /** Look-ups in the set of used names so far (for tests that check the work stays linear). */
    probes = 0;

    constructor(
        private readonly suffixed: (base: string, n: number) => string,
        private readonly key: (name: string) => string = name => name
    ) {}

    take(base: string): string {
        this.probes++;
        const baseKey = this.key(base);
        if (!this.used.has(baseKey)) {
            this.used.add(baseKey);
            return base;
        }
        // Names are never given back, so every suffix below the remembered one is still taken.
        let n = this.nextSuffix.get(baseKey) ?? 2;
        let name: string, nameKey: string;
        do {
            name = this.suffixed(base, n++);
            nameKey = this.key(name);
            this.probes++;
        } while (this.used.has(nameKey));
        this.nextSuffix.set(baseKey, n);
        this.used.add(nameKey);
        return name;
    }
}
