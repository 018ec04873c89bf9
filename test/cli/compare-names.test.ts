// Compare's field changes name personas, teams, channels and `next` touchpoints as the designer
// wrote them (their label), as the rest of the report names stages and touchpoints, in the
// Markdown report and in the picture (SVG, HTML), in English and in French.
import { describe, expect, test } from 'vitest';
import { journey, tempTree } from './run-cli.js';

const before = `journey Shop "Shop" {
  persona Kar "Karim, plumber"
  persona Lea "Léa, nurse"
  channel Web "Website" digital
  channel Shopfront "Corner shop" physical
  team Dig "Digital banking"
  team Adv "Branch advisors"
  stage S "Browse" {
    touchpoint A "Product page" { channel Web personas Kar owner Dig emotion +1 emotion Kar -1 next B }
    touchpoint B "Basket" { personas Kar }
    touchpoint C "Help desk" { personas Kar }
  }
}
`;
const after = before
    .replace('channel Web personas Kar owner Dig emotion +1 emotion Kar -1 next B', 'channel Shopfront personas Lea owner Adv emotion +1 emotion Kar +2 next C');

/** The two maps, with a journey.config.json saying `locale`. */
function pair(locale: string): string {
    return tempTree({ 'before.journey': before, 'after.journey': after, 'journey.config.json': JSON.stringify({ locale }) });
}

/** The picture's text with its markup taken out (a label may be split into tspans). */
function textOf(svg: string): string {
    return svg.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ');
}

describe('compare names what field changes refer to by their label', () => {
    /** A label in the locale's quotes, as the report writes it. */
    const quoted = { en: (label: string) => `“${label}”`, fr: (label: string) => `«\u00a0${label}\u00a0»` };
    test.each([
        ['en', ['personas {Karim, plumber} → {Léa, nurse}', 'owner {Digital banking} → {Branch advisors}', 'channels {Website} → {Corner shop}',
            'next {Basket} → {Help desk}', 'emotion {Karim, plumber} −1 → +2']],
        ['fr', ['personas {Karim, plumber} → {Léa, nurse}', 'responsable {Digital banking} → {Branch advisors}',
            'suite {Basket} → {Help desk}', 'émotion de {Karim, plumber} −1 → +2']]
    ] as const)('Markdown (%s): personas, owner, channels, next and a persona\'s emotion', async (locale, changes) => {
        const run = await journey(['compare', 'before.journey', 'after.journey'], { cwd: pair(locale) });
        expect(run.stderr).toBe('');
        const line = run.stdout.split('\n').find(l => l.includes('Product page'))!;
        // Quoted: a label may hold a comma, as these do.
        for (const change of changes) expect(line).toContain(change.replace(/\{([^}]*)\}/g, (_, label: string) => quoted[locale](label)));
        expect(line).not.toMatch(/\bKar\b|\bDig\b|\bAdv\b|→ C\b/);
    });

    test.each(['svg', 'html'])('the picture (%s), in French too', async format => {
        for (const locale of ['en', 'fr']) {
            const run = await journey(['compare', 'before.journey', 'after.journey', '-f', format], { cwd: pair(locale) });
            expect(run.stderr).toBe('');
            const text = textOf(run.stdout);
            expect(text).toContain('Branch advisors');
            expect(text).toContain('Help desk');
            expect(text).toContain('Corner shop');
            expect(text).toMatch(/Léa, nurse/);
            expect(text).not.toMatch(/→ (Adv|C|Lea|Shopfront)\b/);
        }
    });
});
