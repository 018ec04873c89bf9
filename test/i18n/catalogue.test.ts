// The two catalogues (src/i18n): complete, with matching placeholders, French typography, and
// no English fixed word left in a map, a Markdown report, a CSV file or a comparison rendered in
// French. The English words looked for come from the English catalogue, not from a hand list.
import { describe, expect, it } from 'vitest';
import { CATALOGUES, formatNumber, formatPercent, frenchTypography, pickLocale, t, tn, type MessageKey } from '../../src/i18n/index.js';
import { en } from '../../src/i18n/en.js';
import { exportModel, type ExportedModel } from '../../src/export/model.js';
import { toMarkdown } from '../../src/export/markdown.js';
import { csvColumns, toCsv } from '../../src/export/csv.js';
import { comparisonMarkdown, comparisonSvg, compareJourneys, type ComparedJourney } from '../../src/compare/index.js';
import { formatKpi } from '../../src/common/kpi.js';
import { assertGrid } from '../diagram/checks.js';
import { loadExamples, pipeline } from '../diagram/fixtures.js';
import { elements, parseXml, type XmlElement } from '../diagram/xml.js';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map(m => m[1]).sort();

describe('catalogues', () => {
    it('have the same keys in English and French, none empty', () => {
        for (const catalogue of Object.values(CATALOGUES)) {
            expect(Object.keys(catalogue).sort()).toEqual(Object.keys(en).sort());
            for (const [key, text] of Object.entries(catalogue)) expect(text.trim(), key).not.toBe('');
        }
    });

    it('have the same placeholders for each key', () => {
        for (const key of Object.keys(en) as MessageKey[]) {
            expect(placeholders(CATALOGUES.fr[key]), key).toEqual(placeholders(en[key]));
        }
    });

    it('have both plural forms of each counted noun', () => {
        for (const key of Object.keys(en).filter(k => k.endsWith('.one'))) {
            expect(Object.keys(en)).toContain(key.replace(/\.one$/, '.other'));
        }
        expect(tn('fr', 'count.stage', 0)).toBe('0 étape');
        expect(tn('fr', 'count.touchpoint', 2)).toBe('2 points de contact');
        expect(tn('en', 'count.stage', 0)).toBe('0 stages');
        expect(tn('en', 'count.touchpoint', 1)).toBe('1 touchpoint');
    });
});

describe('French typography', () => {
    it('puts non-breaking spaces before : ; ! ? and %, and inside « »', () => {
        expect(frenchTypography('Responsable : X ; vraiment ? oui ! « mot » 30 %'))
            .toBe('Responsable\u00A0: X\u202F; vraiment\u202F? oui\u202F! «\u00A0mot\u00A0» 30\u202F%');
        expect(frenchTypography('10:30 https://exemple.fr')).toBe('10:30 https://exemple.fr');
    });

    it('types the catalogue, never the user text in the placeholders', () => {
        expect(t('fr', 'card.owner', { owner: 'Équipe : support' })).toBe('Responsable\u00A0: Équipe : support');
        expect(t('en', 'card.owner', { owner: 'Team' })).toBe('Owner: Team');
    });

    it('writes numbers with a decimal comma and a spaced percent sign', () => {
        expect(formatNumber('fr', 2.5)).toBe('2,5');
        expect(formatNumber('en', 2.5)).toBe('2.5');
        expect(formatPercent('fr', 30)).toBe('30\u202F%');
        expect(formatPercent('en', 30)).toBe('30%');
    });

    it('writes a KPI the French way, and the English one as before', () => {
        const kpi = { target: { value: 30, percent: true }, actual: { value: 62.5, percent: true }, direction: 'lower' as const };
        expect(formatKpi(kpi, 'fr')).toMatchObject({
            values: 'Cible ≤\u00A030\u202F% · Réel 62,5\u202F%', result: 'Écart +32,5\u00A0pts · objectif manqué'
        });
        expect(formatKpi(kpi)).toMatchObject({ values: 'Target ≤\u00A030% · Actual 62.5%', result: 'Gap +32.5\u00A0pts · misses target' });
        expect(formatKpi({ target: { value: 4.5, percent: false }, actual: { value: 3, percent: false }, unit: 'min' }, 'fr').result)
            .toBe('Écart −1,5\u00A0min · objectif manqué');
    });
});

describe('locale lookup', () => {
    it('reads POSIX locales and language tags, first one set wins, English otherwise', () => {
        expect(pickLocale(undefined, '', 'fr_FR.UTF-8')).toBe('fr');
        expect(pickLocale('fr-CA')).toBe('fr');
        expect(pickLocale('C', 'fr_FR.UTF-8')).toBe('en');
        expect(pickLocale(undefined)).toBe('en');
        expect(pickLocale('de_DE.UTF-8')).toBe('en');
    });
});

/** The catalogue sections the map, the exports, the preview and the comparisons draw from. */
const MAP_SECTIONS = ['lane.', 'map.', 'kind.person', 'kind.tool', 'kind.place', 'kindValue.', 'medium.', 'card.', 'severity.', 'level.',
    'count.stage', 'count.touchpoint', 'count.change', 'count.fileChanged', 'kpi.', 'md.', 'csv.', 'page.', 'compare.', 'diff.', 'field.'];

/**
 * The English fixed words that French must replace: the literal parts of each English message
 * of these sections (placeholders and punctuation cut out) that its French message does not hold.
 */
function englishWords(prefixes: readonly string[]): string[] {
    const words = new Set<string>();
    for (const key of Object.keys(en) as MessageKey[]) {
        if (!prefixes.some(p => key.startsWith(p))) continue;
        for (const part of en[key].split(/\{\w+\}/)) {
            const word = part.replace(/[-·:;,.()[\]*_~#|→≤≥]/g, ' ').trim();
            if (word.length >= 3 && !CATALOGUES.fr[key].toLowerCase().includes(word.toLowerCase())) words.add(word);
        }
    }
    return [...words];
}

/** Whole-word matches only: "Support" must not match "supporter"; case matters ("Impact" is French too). */
function foundWords(text: string, words: readonly string[]): string[] {
    return words.filter(word => new RegExp(`(^|[^\\p{L}])${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\p{L}])`, 'u').test(text));
}

/** Every string the maps' authors wrote (labels, texts, ids): English there is theirs, not ours. */
function userStrings(model: ExportedModel): string[] {
    const out: string[] = [];
    const walk = (value: unknown): void => {
        if (typeof value === 'string') out.push(value);
        else if (Array.isArray(value)) value.forEach(walk);
        else if (value && typeof value === 'object') Object.entries(value).forEach(([key, v]) => { out.push(key); walk(v); });
    };
    walk(model);
    return out.filter(s => s.trim().length > 1).sort((a, b) => b.length - a.length);
}

/** The text left once the authors' words are taken out: the fixed words only (and punctuation). */
function fixedText(lines: readonly string[], model: ExportedModel): string {
    const users = userStrings(model);
    return lines.map(line => {
        const trimmed = line.trim();
        // A wrapped line of a user's text is part of it.
        if (trimmed.length > 0 && users.some(u => u.includes(trimmed))) return '';
        let rest = line;
        for (const user of users) rest = rest.split(user).join(' ');
        return rest;
    }).join('\n');
}

/** The text shown (text elements) and the tooltips (title elements) of an SVG. */
function svgTexts(svg: string): string[] {
    const text = (e: XmlElement): string => e.children.map(c => typeof c === 'string' ? c : text(c)).join('');
    return [...elements(parseXml(svg))].filter(e => e.name === 'text' || e.name === 'title').map(text)
        .map(s => s.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'"));
}

/**
 * The map's words French writes as English does (`Persona`, `Impact : …`): a word left in
 * English by mistake would drop out of the list above, so those are named here, one by one.
 */
const SAME_IN_FRENCH: readonly string[] = [
    'card.gapPoints', 'lane.personas', 'map.frustrations', 'md.personas', 'md.col.personas', 'md.col.impact', 'md.col.effort',
    'csv.personas', 'csv.impact', 'csv.effort', 'preview.persona', 'preview.byPersona', 'compare.col.persona', 'compare.element.persona',
    'field.description', 'field.frustrations', 'field.segment', 'field.personas', 'field.actions', 'field.impact', 'field.effort'
];

describe('every example rendered in French', () => {
    const words = englishWords(MAP_SECTIONS);

    it('translates every word of the map, exports, preview and comparisons (but the few French shares)', () => {
        const same = (Object.keys(en) as MessageKey[])
            .filter(key => [...MAP_SECTIONS, 'preview.'].some(p => key.startsWith(p)) && en[key] === CATALOGUES.fr[key]);
        expect(same).toEqual(SAME_IN_FRENCH);
    });

    it('has English words to look for (the check can fail)', () => {
        expect(words).toEqual(expect.arrayContaining([
            'Customer goal', 'STAGE', 'Owner', 'Severity', 'Target', 'Actual', 'Gap', 'misses target', 'Current state', 'Ideal state',
            'stages', 'Goals', 'Evidence notes', 'No channel', 'All customers', 'Stage by stage', 'Frictions resolved', 'before', 'after'
        ]));
    });

    it('SVG: no English fixed word in the text or the tooltips, xml:lang="fr", and the text stays inside its card', async () => {
        let maps = 0;
        for (const { file, doc } of await loadExamples()) {
            const model = exportModel(doc.parseResult.value);
            for (const groupBy of ['channel', 'persona'] as const) {
                for (const { svg, layout } of await pipeline(doc, { locale: 'fr', groupBy }, { standalone: true, theme: 'light' })) {
                    maps++;
                    expect(foundWords(fixedText(svgTexts(svg), model), words), `${file} by ${groupBy}`).toEqual([]);
                    expect(svg).toMatch(/^<\?xml[^>]*>\s*<svg [^>]*xml:lang="fr" lang="fr"/);
                    assertGrid(layout);
                }
            }
            // The same map in English does have them: the list is the right one, and the filter keeps them.
            const english = (await pipeline(doc, { locale: 'en' }, { standalone: true })).flatMap(r => svgTexts(r.svg));
            if (model.journeys.length > 0) expect(foundWords(fixedText(english, model), words).length, file).toBeGreaterThan(3);
        }
        expect(maps).toBeGreaterThan(6);
    });

    it('SVG: the numbers are written with a decimal comma and a spaced %', async () => {
        const bank = (await loadExamples()).find(e => e.file === 'media-subscription.journey')!;
        const texts = (await pipeline(bank.doc, { locale: 'fr' }, { standalone: true })).flatMap(r => svgTexts(r.svg)).join('\n');
        expect(texts).toMatch(/Réel \d+,\d/);
        expect(texts).toMatch(/\d\u202F%/);
        expect(texts).not.toMatch(/\d\.\d/);
        expect(texts).not.toMatch(/\d%/);
    });

    it('Markdown and CSV: no English fixed word, headings and header row in French', async () => {
        for (const { file, doc } of await loadExamples()) {
            const model = exportModel(doc.parseResult.value);
            if (model.journeys.length === 0) continue;
            const markdown = toMarkdown(model, 'fr');
            expect(foundWords(fixedText(markdown.split('\n'), model), words), file).toEqual([]);
            expect(markdown).toContain('## Étapes');
            expect(foundWords(fixedText(toMarkdown(model, 'en').split('\n'), model), words).length, file).toBeGreaterThan(3);
            const csv = toCsv(model, { locale: 'fr' });
            const [header] = csv.split('\r\n');
            expect(header).toBe(csvColumns('fr').map(c => c.includes(',') ? `"${c}"` : c).join(','));
            expect(header).toContain('point de contact');
            expect(foundWords(fixedText(csv.split('\r\n'), model), words), file).toEqual([]);
        }
    });

    it('compare banque-actuel → banque-cible: the report and the picture have no English fixed word', async () => {
        const examples = await loadExamples();
        const side = (file: string): ComparedJourney => {
            const journey = exportModel(examples.find(e => e.file === file)!.doc.parseResult.value).journeys[0];
            return { ref: { file: `examples/${file}`, journey: journey.id }, journey };
        };
        const from = side('banque-actuel.journey'), to = side('banque-cible.journey');
        const comparison = compareJourneys(from, to);
        expect(comparison.changes.length).toBeGreaterThan(5);
        // The file names are the user's too.
        const model = { journeys: [from.journey!, to.journey!], files: [from.ref!.file, to.ref!.file] } as unknown as ExportedModel;
        const markdown = comparisonMarkdown(from, to, comparison, 1, 'fr');
        expect(foundWords(fixedText(markdown.split('\n'), model), words)).toEqual([]);
        expect(markdown).toContain('## Étape par étape');
        expect(foundWords(fixedText(comparisonMarkdown(from, to, comparison).split('\n'), model), words).length).toBeGreaterThan(3);
        const picture = comparisonSvg(from, to, comparison, { locale: 'fr' });
        expect(picture.svg).toMatch(/<svg [^>]*xml:lang="fr"/);
        expect(foundWords(fixedText(svgTexts(picture.svg), model), words)).toEqual([]);
        expect(foundWords(fixedText(svgTexts(comparisonSvg(from, to, comparison).svg), model), words).length).toBeGreaterThan(2);
    });
});
