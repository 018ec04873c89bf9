// What a rendered map says about personas, through the real CLI: a touchpoint card lists its
// personas by their display names (`persona Gerard "Gérard, 68 ans, retraité"` draws "Gérard, 68
// ans, retraité", never the id "Gerard"), long names wrap and end in '…' inside the card as its
// other text does, and an emotion point's tooltip names the persona and the touchpoint, with
// the minus sign (U+2212) of the emotion axis.
import { describe, expect, it } from 'vitest';
import { elements, parseXml, type XmlElement } from '../diagram/xml.js';
import { journey, tempTree } from './run-cli.js';
import { measureText } from '../../src/diagram/index.js';
import { CARD_PAD, MAX_LINES, TYPE } from '../../src/diagram/layout.js';

const BANK = `persona Camille "Camille, 27 ans, salariée" { goal "Ouvrir un compte vite" }
persona Gerard "Gérard, 68 ans, retraité" { goal "Être accompagné" }
channel Site "Site web" digital
journey Ouverture "Ouvrir un compte" {
  stage Decouverte "Découvrir l'offre" {
    touchpoint PageOffres "Page des offres" {
      channel Site
      personas Camille, Gerard
      emotion 0
      emotion Camille 1
      next Justificatifs
    }
  }
  stage Verification "Vérifier" {
    touchpoint Justificatifs "Envoi des justificatifs" {
      channel Site
      personas Camille, Gerard
      emotion -1
      emotion Gerard -2
    }
  }
}
`;

const text = (e: XmlElement): string => e.children.map(c => typeof c === 'string' ? c : text(c)).join('');

/** The card group `<g data-id="…">` of the SVG. */
function card(svg: XmlElement, id: string): XmlElement {
    const found = [...elements(svg)].find(e => e.name === 'g' && e.attributes['data-id'] === id);
    if (!found) throw new Error(`no card ${id}`);
    return found;
}

/** A card's detail lines (`jm-card-detail` texts), as drawn. */
const detailLines = (group: XmlElement) =>
    [...elements(group)].filter(e => e.name === 'text' && e.attributes.class === 'jm-card-detail').map(text);

/** The `<title>` of each emotion point, in drawing order. */
const pointTitles = (svg: XmlElement) => [...elements(svg)].filter(e => e.name === 'circle' && /\bjm-point\b/.test(e.attributes.class ?? ''))
    .map(e => text(e.children.find((c): c is XmlElement => typeof c !== 'string' && c.name === 'title')!));

async function render(files: Record<string, string>, args: string[]): Promise<string> {
    const run = await journey(['render', 'map.journey', ...args], { cwd: tempTree(files) });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    return run.stdout;
}

/** The `<svg>` of an HTML page, parsed. */
const svgOfPage = (html: string) => parseXml(/<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[\s\S]*<\/svg>/.exec(html)![0]);

describe('touchpoint cards name their personas', () => {
    it.each([
        ['svg, by channel', ['-f', 'svg'], (out: string) => parseXml(out), 'touchpoint:PageOffres'],
        ['svg, by persona', ['-f', 'svg', '--group-by', 'persona'], (out: string) => parseXml(out), 'touchpoint:PageOffres'],
        ['html', ['-f', 'html'], svgOfPage, 'touchpoint:PageOffres']
    ] as const)('%s: the display names, not the ids', async (_, args, parse, id) => {
        const svg = parse(await render({ 'map.journey': BANK }, [...args]));
        const details = detailLines(card(svg, id)).join(' ');
        expect(details).toContain('Camille, 27 ans, salariée; Gérard, 68 ans, retraité');
        expect(details).not.toMatch(/\bGerard\b/);
    });

    it('French map: the names, a narrow no-break space before the semicolon', async () => {
        const svg = parseXml(await render({ 'map.journey': BANK }, ['-f', 'svg', '--locale', 'fr']));
        expect(detailLines(card(svg, 'touchpoint:PageOffres')).join(' ')).toContain('Camille, 27 ans, salariée\u202f; Gérard, 68 ans, retraité');
    });

    it('a persona without a label shows its name', async () => {
        const svg = parseXml(await render({ 'map.journey': BANK.replace(' "Gérard, 68 ans, retraité"', '') }, ['-f', 'svg']));
        expect(detailLines(card(svg, 'touchpoint:PageOffres')).join(' ')).toContain('Camille, 27 ans, salariée; Gerard');
    });

    it('long names wrap inside the card and end in …', async () => {
        const long = 'Gérard Dupont-Lefèvre de la Motte-Beuvron, 68 ans, retraité de la fonction publique territoriale, client historique de l’agence du centre-ville depuis 1979';
        const svg = parseXml(await render({ 'map.journey': BANK.replace('Gérard, 68 ans, retraité', long) }, ['-f', 'svg']));
        const group = card(svg, 'touchpoint:PageOffres');
        const box = [...elements(group)].find(e => e.name === 'rect' && e.attributes.class === 'jm-card')!;
        const inner = Number(box.attributes.width) - 2 * CARD_PAD;
        const lines = detailLines(group);
        const personaLines = lines.filter(l => !/^Tool|^Site web/.test(l));
        expect(personaLines.length).toBe(MAX_LINES.detail);
        expect(personaLines.join(' ')).toMatch(/^Camille, 27 ans, salariée; Gérard Dupont/);
        expect(personaLines[personaLines.length - 1]).toMatch(/…$/);
        for (const line of lines) expect(measureText(line, TYPE.detail.size)).toBeLessThanOrEqual(inner);
        // Every drawn line stays inside the card's box.
        const bottom = Number(box.attributes.y) + Number(box.attributes.height);
        for (const t of [...elements(group)].filter(e => e.name === 'text')) expect(Number(t.attributes.y)).toBeLessThan(bottom);
    });
});

describe('emotion point tooltips', () => {
    it('English: persona and touchpoint, minus sign U+2212', async () => {
        const titles = pointTitles(parseXml(await render({ 'map.journey': BANK }, ['-f', 'svg'])));
        expect(titles).toEqual([
            'Camille, 27 ans, salariée — Page des offres: +1',
            'Camille, 27 ans, salariée — Envoi des justificatifs: −1',
            'Gérard, 68 ans, retraité — Page des offres: 0',
            'Gérard, 68 ans, retraité — Envoi des justificatifs: −2'
        ]);
    });

    it('French: the same, with a no-break space before the colon', async () => {
        const titles = pointTitles(parseXml(await render({ 'map.journey': BANK, 'journey.config.json': '{ "locale": "fr" }' }, ['-f', 'svg'])));
        expect(titles).toEqual([
            'Camille, 27 ans, salariée — Page des offres\u00a0: +1',
            'Camille, 27 ans, salariée — Envoi des justificatifs\u00a0: −1',
            'Gérard, 68 ans, retraité — Page des offres\u00a0: 0',
            'Gérard, 68 ans, retraité — Envoi des justificatifs\u00a0: −2'
        ]);
    });

    it('touchpoints naming no persona: the all-customers curve, by touchpoint', async () => {
        const map = 'journey J { stage S { touchpoint A "Accueil" { emotion -1 } touchpoint B "Bureau" { emotion 2 } } }\n';
        expect(pointTitles(parseXml(await render({ 'map.journey': map }, ['-f', 'svg'])))).toEqual(['All customers — Accueil: −1', 'All customers — Bureau: +2']);
    });
});
