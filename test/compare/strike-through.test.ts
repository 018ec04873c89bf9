// The compare picture strikes out what the target map no longer has: each line must span its
// text as drawn (Arimo, the font the SVG embeds and resvg gets), not run past its end.
import { createRequire } from 'node:module';
import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { compareJourneys } from '../../src/compare/index.js';
import { comparisonSvg } from '../../src/compare/svg.js';
import { exportModel } from '../../src/export/model.js';
import { parseMap } from '../diagram/fixtures.js';

const require = createRequire(import.meta.url);
const FONT_FILES = ['400Regular/Arimo_400Regular.ttf', '600SemiBold/Arimo_600SemiBold.ttf'].map(file => require.resolve(`@expo-google-fonts/arimo/${file}`));

/** Font size and weight of the classes the picture strikes through (its stylesheet). */
const FONTS: Record<string, { size: number; weight: number }> = { 'jc-item': { size: 12, weight: 400 }, 'jc-stage-label': { size: 13, weight: 600 } };

/** Where the ink of `content` (XML-escaped, as in the SVG) ends when drawn from x = 0. */
function inkEnd(content: string, font: { size: number; weight: number }): number {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="3000" height="60"><text x="0" y="40" font-family="Arimo" font-size="${font.size}" font-weight="${font.weight}">${content}</text></svg>`;
    const box = new Resvg(svg, { font: { fontFiles: FONT_FILES, loadSystemFonts: false, defaultFontFamily: 'Arimo' } }).getBBox();
    return box!.x + box!.width;
}

const FROM = `journey Avant "Avant" {
  stage Attendre "Attendre la décision" {
    touchpoint Decision "Décision de crédit" {
      friction "Aucune nouvelle pendant l'étude du dossier" severity high
      friction "Courriers de décision remplis de jargon, illisibles pour Bernard" severity low
    }
    touchpoint Agence "Rendez-vous en agence"
  }
  stage Ancienne "Étape supprimée, Ancienne"
}`;
const TO = `journey Apres "Après" {
  stage Attendre "Attendre la décision" {
    touchpoint Decision "Décision de crédit"
  }
}`;

describe('compare picture: strike-through lines', () => {
    it('end where their text ends (not past it by more than a pixel), for resolved frictions, removed touchpoints and removed stages', async () => {
        const from = exportModel((await parseMap(FROM)).parseResult.value).journeys[0];
        const to = exportModel((await parseMap(TO)).parseResult.value).journeys[0];
        const ref = (journey: typeof from) => ({ ref: null, journey });
        const { svg } = comparisonSvg(ref(from), ref(to), compareJourneys(ref(from), ref(to)), { locale: 'fr' });
        const struck = [...svg.matchAll(/<text x="([\d.]+)" y="[\d.]+" class="(jc-item|jc-stage-label)[^"]*">([^<]*)<\/text>\s*<line class="jc-strike[^"]*" x1="([\d.]+)" y1="[\d.]+" x2="([\d.]+)"/g)];
        const texts = struck.map(m => m[3]).join('\n');
        for (const start of ['− Étape supprimée', 'Rendez-vous en agence', 'Aucune nouvelle pendant', 'Courriers de décision']) expect(texts).toContain(start);
        expect(struck.length).toBeGreaterThanOrEqual(4);
        for (const [, x, cls, content, x1, x2] of struck) {
            const end = Number(x) + inkEnd(content, FONTS[cls]);
            expect(Number(x1), content).toBe(Number(x));
            expect(Number(x2), content).toBeLessThanOrEqual(end + 1);
            // Semibold stage names are measured with regular metrics and a factor: a few % short at worst.
            expect(Number(x2), content).toBeGreaterThanOrEqual(end - Math.max(2, 0.03 * (end - Number(x))));
        }
    });
});
