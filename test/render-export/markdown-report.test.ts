// The Markdown report carries what the map draws (customer actions, backstage, support, the
// `next` arrows) in the report's language, and writes signed numbers one way.
import { describe, expect, it } from 'vitest';
import { exportModel } from '../../src/export/model.js';
import { toMarkdown } from '../../src/export/markdown.js';
import { formatKpi } from '../../src/common/kpi.js';
import { formatValue } from '../../src/compare/markdown.js';
import { signed } from '../../src/diagram/words.js';
import { parseMap } from '../diagram/fixtures.js';
import { journey, tempTree } from '../cli/run-cli.js';
import type { Locale } from '../../src/i18n/index.js';

const LOAN = `journey Pret "Prêt" {
  persona Bernard "Bernard"
  stage Simuler "Simuler" {
    touchpoint Simulateur "Simulateur" {
      personas Bernard
      action "Saisit ses revenus"
      action "Compare | deux offres"
      emotion 0
      emotion Bernard -2
      next Dossier
    }
    touchpoint RendezVous "Rendez-vous" {
      backstage "Le conseiller prépare une pré-étude"
      emotion -1.5
      next Dossier, Simulateur
    }
  }
  stage Constituer "Constituer le dossier" {
    touchpoint Dossier "Dépôt des justificatifs" {
      support "Outil GED"
      emotion -1
    }
  }
  metric Delai "Délai" in Simuler target <= 7 actual 5
}`;

async function report(text: string, locale: Locale): Promise<string> {
    return toMarkdown(exportModel((await parseMap(text)).parseResult.value), locale);
}

/** The cells of the table row that starts with `label` (split at unescaped pipes). */
function row(markdown: string, label: string): string[] {
    const line = markdown.split('\n').find(l => l.startsWith(`| ${label} |`));
    expect(line, label).toBeDefined();
    return line!.split(/(?<!\\)\|/).slice(1, -1).map(cell => cell.trim());
}

function header(markdown: string, first: string): string[] {
    return row(markdown, first);
}

describe('Markdown report: dollar signs', () => {
    // GitHub reads text between two dollar signs as maths (its PR comments and job summaries show
    // these reports); a backslash before any ASCII punctuation makes it literal (CommonMark).
    it('escapes $ in user text', async () => {
        const md = await report(LOAN.replace('"Saisit ses revenus"', '"Compare $x$ et $y$"'), 'en');
        const columns = header(md, 'Touchpoint');
        const cell = row(md, 'Simulateur')[columns.indexOf('Customer actions')];
        expect(cell).toBe('Compare \\$x\\$ et \\$y\\$<br>Compare \\| deux offres');
    });
});

describe('Markdown report: the lanes the map draws', () => {
    it('French: "Actions du client", "Coulisses", "Processus support" (the lane names of the picture) and what follows, per touchpoint', async () => {
        const md = await report(LOAN, 'fr');
        const columns = header(md, 'Point de contact');
        expect(columns).toEqual(['Point de contact', 'Type', 'Canaux', 'Personas', 'Émotion', 'Responsable', 'Actions du client', 'Coulisses', 'Processus support', 'Suite']);
        const cell = (label: string, column: string) => row(md, label)[columns.indexOf(column)];
        expect(cell('Simulateur', 'Actions du client')).toBe('Saisit ses revenus<br>Compare \\| deux offres');
        expect(cell('Simulateur', 'Suite')).toBe('Dépôt des justificatifs');
        expect(cell('Rendez-vous', 'Coulisses')).toBe('Le conseiller prépare une pré-étude');
        expect(cell('Rendez-vous', 'Suite')).toBe('Dépôt des justificatifs<br>Simulateur');
        expect(cell('Dépôt des justificatifs', 'Processus support')).toBe('Outil GED');
        expect(cell('Dépôt des justificatifs', 'Suite')).toBe('');
    });

    it('English: the same columns with the English lane names', async () => {
        const md = await report(LOAN, 'en');
        expect(header(md, 'Touchpoint').slice(6)).toEqual(['Customer actions', 'Backstage', 'Support', 'Next']);
    });

    it('a map without actions, backstage, support or next keeps its six columns', async () => {
        const md = await report('journey J "J" { stage S "S" { touchpoint T "T" { emotion 1 } } }', 'en');
        expect(header(md, 'Touchpoint')).toEqual(['Touchpoint', 'Kind', 'Channels', 'Personas', 'Emotion', 'Owner']);
    });

    it('a `next` to a touchpoint the map does not declare is written as it is named', async () => {
        const md = await report('journey J "J" { stage S "S" { touchpoint T "T" { next Ailleurs } } }', 'en');
        const columns = header(md, 'Touchpoint');
        expect(row(md, 'T')[columns.indexOf('Next')]).toBe('Ailleurs');
    });

    it('journey export -f markdown in a French folder (real CLI)', async () => {
        const folder = tempTree({ 'journey.config.json': JSON.stringify({ locale: 'fr' }), 'pret.journey': LOAN });
        const run = await journey(['export', 'pret.journey', '-f', 'markdown'], { cwd: folder });
        expect(run.code, run.stderr).toBe(0);
        expect(run.stdout).toContain('| Point de contact | Type | Canaux | Personas | Émotion | Responsable | Actions du client | Coulisses | Processus support | Suite |');
        expect(row(run.stdout, 'Simulateur')[6]).toBe('Saisit ses revenus<br>Compare \\| deux offres');
    });
});

describe('signed numbers in reports: one rule', () => {
    const MINUS = '\u2212';

    it('the map report writes emotions with the minus sign (U+2212), as its gaps and the compare report do', async () => {
        for (const locale of ['fr', 'en'] as const) {
            const md = await report(LOAN, locale);
            const emotions = row(md, 'Simulateur')[4];
            expect(emotions, locale).toContain(`😠 ${MINUS}2`);
            expect(row(md, 'Rendez-vous')[4], locale).toContain(`${MINUS}1${locale === 'fr' ? ',' : '.'}5`);
            expect(md, locale).not.toMatch(/(?<![\w-])-\d/);
            expect(row(md, 'Délai')[4], locale).toBe(`${MINUS}2`);
        }
    });

    it('a KPI finer than hundredths keeps the digits written, and its gap as many as its values', async () => {
        const kpis = LOAN.replace('metric Delai', `metric Erreurs "Taux d'erreur" in Simuler target <= 0.001 actual 0.0005
  metric Ecart "Écart" in Simuler target 0.3 actual 0.1
  metric Delai`);
        for (const locale of ['fr', 'en'] as const) {
            const md = await report(kpis, locale);
            const dot = (text: string) => locale === 'fr' ? text.replace('.', ',') : text;
            // It was `≤ 0 | 0 | ±0 | misses target`: rounded to hundredths, and a verdict the numbers contradicted.
            expect(row(md, "Taux d'erreur").slice(2, 5), locale).toEqual([`≤\u00a0${dot('0.001')}`, dot('0.0005'), `\u2212${dot('0.0005')}`]);
            expect(row(md, 'Écart').slice(2, 5), locale).toEqual([`≥\u00a0${dot('0.3')}`, dot('0.1'), `\u2212${dot('0.2')}`]);
        }
    });

    it('the map report, the compare report, the KPIs and the picture write a value the same way', () => {
        for (const locale of ['fr', 'en'] as const) {
            for (const value of [-2, -0.5, 0, 1.5]) {
                const written = signed(locale, value);
                expect(formatValue(value, locale), `${locale} ${value}`).toBe(written);
                if (value !== 0) expect(formatKpi({ target: { value: 0, percent: false }, actual: { value, percent: false } }, locale).gap).toBe(written);
            }
        }
    });
});
