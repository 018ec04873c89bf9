// The preview page (its layout worker runs the map's pipeline) names personas as the rendered
// files do: a touchpoint card lists their display names, an emotion point's tooltip names the
// persona and the touchpoint, and a persona renamed in the text renames them on the drawn map.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { inlineDiagramMessage, openPreviewPage, type PreviewPage } from './harness.js';
import { eventually } from './eventually.js';

const map = (gerard: string) => `persona Camille "Camille, 27 ans, salariée"
persona Gerard "${gerard}"
channel Site "Site web" digital
journey Ouverture "Ouvrir un compte" {
  stage Decouverte "Découvrir l'offre" {
    touchpoint PageOffres "Page des offres" { channel Site personas Camille, Gerard emotion 0 emotion Gerard -1 }
  }
}
`;

describe('preview page: persona names', () => {
    let preview: PreviewPage;
    beforeAll(async () => { preview = await openPreviewPage(); }, 60_000);
    afterAll(async () => { await preview?.close(); });

    /** The card's text, its wrapped lines joined by spaces. */
    const cardText = async () => (await preview.page.textContent('#canvas g.card[data-id="touchpoint:PageOffres"]'))?.replace(/\s+/g, ' ');
    const pointTitles = () => preview.page.$$eval('#canvas circle.jm-point title', titles => titles.map(t => t.textContent));

    test('cards and tooltips show the names, and follow a renamed persona', async () => {
        await preview.showDiagram(await inlineDiagramMessage(map('Gérard, 68 ans, retraité')));
        expect(await cardText()).toContain('Camille, 27 ans, salariée; Gérard, 68 ans, retraité');
        expect(await cardText()).not.toContain('Gerard');
        expect(await pointTitles()).toEqual(['Camille, 27 ans, salariée — Page des offres: 0', 'Gérard, 68 ans, retraité — Page des offres: −1']);

        await preview.showDiagram(await inlineDiagramMessage(map('Gérard, 69 ans')));
        await eventually(cardText).toContain('Camille, 27 ans, salariée; Gérard, 69 ans');
        expect(await pointTitles()).toEqual(['Camille, 27 ans, salariée — Page des offres: 0', 'Gérard, 69 ans — Page des offres: −1']);
        expect(await preview.problems()).toEqual([]);
    }, 60_000);
});
