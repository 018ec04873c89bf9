import { describe, expect, it } from 'vitest';
import { UniqueNames } from '../../src/diagram/unique-names.js';
import { buildDiagramModels } from '../../src/diagram/index.js';
import { importMermaid } from '../../src/import/mermaid.js';
import { parseMap } from './fixtures.js';

const hashed = (base: string, n: number) => `${base}#${n}`;

describe('unique names', () => {
    it('hands out the first free suffix, as before, whatever names came earlier', () => {
        const names = new UniqueNames(hashed);
        expect(['a', 'a', 'a#3', 'a', 'a', 'b', 'a#2', 'a'].map(n => names.take(n)))
            .toEqual(['a', 'a#2', 'a#3', 'a#4', 'a#5', 'b', 'a#2#2', 'a#6']);
        const glued = new UniqueNames((base, n) => `${base}${n}`);
        expect(['T', 'T', 'T2', 'T1', 'T', 'T'].map(n => glued.take(n))).toEqual(['T', 'T2', 'T22', 'T1', 'T3', 'T4']);
    });

    it('with a key, names equal by their keys are one name (file names on a case-insensitive disk)', () => {
        const files = new UniqueNames((base, n) => `${base}-${n}`, name => name.toLowerCase());
        expect(['A', 'a', 'a', 'A-2', 'b'].map(n => files.take(n))).toEqual(['A', 'a-2', 'a-3', 'A-2-2', 'b']);
    });

    it('does a bounded amount of work per name: linear, not quadratic, in the number of equal names', () => {
        const probesFor = (count: number) => {
            const names = new UniqueNames(hashed);
            for (let i = 0; i < count; i++) names.take('touchpoint:T');
            return names.probes;
        };
        // The old loop probed 1 + 2 + … + n names: 128,000,000 for 16,000.
        expect(probesFor(16_000)).toBeLessThanOrEqual(2 * 16_000);
        expect(probesFor(16_000) / probesFor(2_000)).toBeLessThan(8.5);
    });

    it('the diagram model gives touchpoints sharing one name distinct ids', async () => {
        const touchpoints = Array.from({ length: 4 }, () => 'touchpoint T "T" { emotion 0 }').join('\n    ');
        const doc = await parseMap(`journey J "J" {\n  stage S "S" {\n    ${touchpoints}\n  }\n}\n`);
        const [model] = buildDiagramModels(doc.parseResult.value);
        expect(model.cards.filter(c => c.kind === 'touchpoint').map(c => c.id))
            .toEqual(['touchpoint:T', 'touchpoint:T#2', 'touchpoint:T#3', 'touchpoint:T#4']);
    });

    it('Mermaid import names identical tasks T, T2, T3, …', () => {
        const source = importMermaid('journey\n  section S\n' + '    Same: 3\n'.repeat(4)).source;
        expect(source.match(/touchpoint \S+/g)).toEqual(['touchpoint Same', 'touchpoint Same2', 'touchpoint Same3', 'touchpoint Same4']);
    });
});
