// Persona cards sit in the stage columns like touchpoint cards: each inside its column's
// borders, its text wrapped to the card.
import { describe, expect, it } from 'vitest';
import { measureText } from '../../src/diagram/text.js';
import { CARD_PAD, lineSize } from '../../src/diagram/layout.js';
import { parseMap, pipeline } from './fixtures.js';

const LONG = `journey Long "Long" {
  persona Ana "Anaïs-Marie de La Tour d'Auvergne, aidante familiale et salariée à temps partiel" { goal "Comprendre les droits et les démarches auprès du département" }
  persona Bernard "Bernard, 63 ans, artisan à la retraite" { segment "Client historique, agence" frustration "Être renvoyé vers l'appli pour tout" }
  persona Chloe "Chloé, 29 ans, infirmière"
  stage S1 "Se renseigner" { touchpoint A "A" }
  stage S2 "Déposer" { touchpoint B "Dépôt" }
}`;

describe('persona cards', () => {
    it('each card lies inside a stage column (one per column, then a new row) and its lines fit the card', async () => {
        const [{ layout, svg }] = await pipeline(await parseMap(LONG));
        expect(layout.personas).toHaveLength(3);
        layout.personas.forEach((box, i) => {
            const column = layout.columns[i % layout.columns.length];
            expect(box.x, box.persona).toBeGreaterThanOrEqual(column.x);
            expect(box.x + box.width, box.persona).toBeLessThanOrEqual(column.x + column.width);
            box.lines.forEach((line, k) => {
                // The first line (the name) leaves room for the curve's colour mark at the right.
                const room = box.width - 2 * CARD_PAD - 4 - (k === 0 ? 14 : 0);
                expect(measureText(line.text, lineSize(line)), line.text).toBeLessThanOrEqual(room);
            });
            expect(svg).toContain(`<rect class="jm-card" x="${box.x}" y="${box.y}" width="${box.width}"`);
        });
        // The third card starts a second row, under the first.
        expect(layout.personas[2].y).toBeGreaterThan(layout.personas[0].y + layout.personas[0].height - 1);
    });
});
