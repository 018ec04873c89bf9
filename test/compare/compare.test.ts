import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { compareJourneys, diffJourneys, sameValue, type Change, type Comparison } from '../../src/compare/index.js';
import type { ExportedJourney, ExportedTouchpoint } from '../../src/export/model.js';
import { measureText } from '../../src/diagram/text.js';
import { EXAMPLES, journey, tempTree } from '../cli/run-cli.js';

const FROM = 'examples/banque-actuel.journey';
const TO = 'examples/banque-cible.journey';

/** Touchpoint emotions of a map file, read from its text (id → emotion), to check the report against the source. */
function emotionsIn(file: string): Map<string, number> {
    const text = readFileSync(join(EXAMPLES, '..', file), 'utf8');
    return new Map([...text.matchAll(/touchpoint (\S+) "[^"]*" \{[^}]*?emotion (-?\d)/g)].map(m => [m[1], Number(m[2])]));
}

function frictionsIn(file: string): string[] {
    return [...readFileSync(join(EXAMPLES, '..', file), 'utf8').matchAll(/friction "([^"]*)"/g)].map(m => m[1]);
}

describe('journey compare on the bank pair (examples/banque-*.journey)', () => {
    test('JSON: every changed emotion, every resolved friction, every KPI change, and nothing unchanged', async () => {
        const run = await journey(['compare', FROM, TO, '--format', 'json']);
        expect(run.stderr).toBe('');
        expect(run.code).toBe(0);
        const comparison = JSON.parse(run.stdout) as Comparison;
        expect(comparison.schemaVersion).toBe(1);
        expect(comparison.from).toEqual({ file: FROM, journey: 'PrêtImmoActuel' });
        expect(comparison.to).toEqual({ file: TO, journey: 'PrêtImmoCible' });
        const { changes } = comparison;
        // Emotions: exactly the touchpoints on both sides whose emotion differs in the source text.
        const before = emotionsIn(FROM), after = emotionsIn(TO);
        const expected = [...after].filter(([id, v]) => before.has(id) && before.get(id) !== v).map(([id, v]) => [id, before.get(id), v]);
        expect(expected.length).toBeGreaterThanOrEqual(4);
        const emotionChanges = changes.filter(c => c.field === 'emotion').map(c => [c.id, c.before, c.after]);
        expect(emotionChanges.sort()).toEqual(expected.sort());
        // Frictions: resolved = text on the current side and not in the same place on the ideal side.
        const resolved = changes.filter(c => c.element === 'friction' && c.change === 'removed').map(c => c.id).sort();
        expect(resolved).toEqual([
            'Aucun suivi de l\'avancement du dossier', 'Délai d\'accord de trois semaines', 'Le simulateur ignore l\'apport personnel',
            'Pièces justificatives demandées trois fois', 'Premier rendez-vous sous trois semaines'
        ].sort());
        expect(frictionsIn(FROM)).toEqual(expect.arrayContaining(resolved));
        // KPIs: targets changed, one added; actuals unchanged are not listed.
        expect(changes.filter(c => c.element === 'metric').map(c => [c.change, c.id, c.field, c.before, c.after])).toEqual([
            ['changed', 'DélaiAccord', 'target', { value: 10, percent: false }, { value: 5, percent: false }],
            ['changed', 'TauxAbandon', 'target', { value: 15, percent: true }, { value: 8, percent: true }],
            ['changed', 'NPS', 'target', { value: 20, percent: false }, { value: 40, percent: false }],
            ['added', 'DossiersEnLigne', undefined, undefined, expect.objectContaining({ label: 'Dossiers 100 % en ligne' })]
        ]);
        // Nothing unchanged: every `changed` differs, and the identical touchpoint, personas, teams and stages never appear.
        for (const change of changes.filter(c => c.change === 'changed')) expect(sameValue(change.before, change.after), JSON.stringify(change)).toBe(false);
        expect(changes.filter(c => c.id === 'DéblocageFonds' || c.touchpoint === 'DéblocageFonds')).toEqual([]);
        expect(changes.filter(c => c.element === 'persona' || c.element === 'team' || c.element === 'stage')).toEqual([]);
        // Moved and replaced touchpoints.
        expect(changes).toContainEqual(expect.objectContaining({ change: 'moved', element: 'touchpoint', id: 'AppelConseiller', field: 'stage', before: 'Accord', after: 'Dossier' }));
        expect(changes).toContainEqual(expect.objectContaining({ change: 'removed', element: 'touchpoint', id: 'EnvoiPièces', stage: 'Dossier' }));
        expect(changes).toContainEqual(expect.objectContaining({ change: 'added', element: 'touchpoint', id: 'EspaceDocuments', stage: 'Dossier' }));
    });

    // The report speaks the maps' language (French: examples/journey.config.json), as a user running it from the repository reads it.
    test('Markdown: stage by stage, frictions resolved, emotion per persona and KPIs before → after, nothing unchanged', async () => {
        const run = await journey(['compare', FROM, TO]);
        expect(run.code).toBe(0);
        const md = run.stdout;
        expect(md).toContain('## Étape par étape');
        expect(md).toContain('- Point de contact Signature de l\'offre en agence (`SignatureAgence`)\u00a0: émotion +1 → +2');
        expect(md).toContain('- Point de contact Enquête de satisfaction (`EnquêteNPS`)\u00a0: canaux «\u00a0E-mail\u00a0» → «\u00a0Application mobile\u00a0»\u202f; émotion −1 → 0');
        for (const friction of ['Délai d\'accord de trois semaines', 'Pièces justificatives demandées trois fois', 'Premier rendez-vous sous trois semaines']) {
            expect(md).toMatch(new RegExp(`## Points de friction résolus[^]*- ~~${friction}~~`));
        }
        expect(md).toContain('| Camille, 32 ans, primo-accédante | Constituer le dossier | −2 | +1 |');
        expect(md).toContain('| Marc, 51 ans, investisseur locatif | Constituer le dossier | −2 | +0,5 |');
        expect(md).toContain('| Délai d\'accord (jours) | Obtenir l\'accord | ≤\u00a010 → ≤\u00a05 | 21 |');
        expect(md).toContain('| Dossiers 100 % en ligne (ajouté) | Constituer le dossier | — → ≥\u00a060\u202f% | — |');
        expect(md).not.toContain('Déblocage');
        expect(md).not.toContain('Camille, 32 ans, primo-accédante | Après la signature | −1 | −1');
        expect(md).not.toMatch(/Persona (ajouté|supprimé)|Équipe /);
        // The same report in English, --locale over the folder's.
        const english = (await journey(['compare', FROM, TO, '--locale', 'en'])).stdout;
        expect(english).toContain('## Stage by stage');
        expect(english).toContain('- Touchpoint Enquête de satisfaction (`EnquêteNPS`): channels “E-mail” → “Application mobile”; emotion −1 → 0');
        expect(english).toContain('| Marc, 51 ans, investisseur locatif | Constituer le dossier | −2 | +0.5 |');
        expect(english).toContain('| Dossiers 100 % en ligne (added) | Constituer le dossier | — → ≥\u00a060% | — |');
    });

    test('the picture: both curves per persona (before dashed, after solid), resolved frictions struck, KPIs before → after', async () => {
        const run = await journey(['compare', FROM, TO, '--format', 'svg']);
        expect(run.code).toBe(0);
        const svg = run.stdout;
        for (const style of [0, 1]) {
            expect(svg).toMatch(new RegExp(`<path class="jc-curve jc-curve-${style} jc-before" d="M`));
            expect(svg).toMatch(new RegExp(`<path class="jc-curve jc-curve-${style}" d="M`));
        }
        expect(svg).toContain('Camille, 32 ans,');
        expect(svg.match(/class="jc-strike jc-strike-positive"/g)?.length).toBeGreaterThanOrEqual(5);
        expect(svg).toContain('cible ≤\u00a010 → ≤\u00a05');
        expect(svg).toContain('class="jc-item jc-item-added">Rendez-vous en visio sous 48 h');
        expect(svg).toContain('class="jc-item jc-item-removed">Rendez-vous en agence');
        const dark = await journey(['compare', FROM, TO, '--format', 'svg', '--theme', 'dark']);
        expect(dark.stdout).toContain('.jc-bg{fill:#1e1e1e}');
        const png = await journey(['compare', FROM, TO, '--format', 'png', '-o', join(tempTree({}), 'c.png')]);
        expect(png.code).toBe(0);
    });
});

describe('journey compare: choosing the journeys', () => {
    const map = (name: string, state: string, emotion: number) => `journey ${name} "${name}" {
  state ${state}
  persona Ana "Ana"
  channel Web "Web" digital
  stage Achat "Achat" {
    touchpoint Panier "Panier" { channel Web personas Ana emotion ${emotion} }
  }
}
`;

    test('with no arguments: the one current and the one ideal journey of the workspace', async () => {
        const root = tempTree({ 'a/now.journey': map('Maintenant', 'current', -1), 'b/later.journey': map('Demain', 'ideal', 1) });
        const run = await journey(['compare', '-f', 'json'], { cwd: root });
        expect(run.stderr).toBe('');
        const comparison = JSON.parse(run.stdout) as Comparison;
        expect(comparison.from).toEqual({ file: 'a/now.journey', journey: 'Maintenant' });
        expect(comparison.changes.filter(c => c.element === 'touchpoint')).toEqual([
            { change: 'changed', element: 'touchpoint', id: 'Panier', journey: 'Demain', stage: 'Achat', field: 'emotion', before: -1, after: 1 }
        ]);
    });

    test('with no arguments and two current journeys: a usage error naming them', async () => {
        const root = tempTree({ 'a.journey': map('Un', 'current', 0), 'b.journey': map('Deux', 'current', 1), 'c.journey': map('Trois', 'ideal', 1) });
        const run = await journey(['compare'], { cwd: root });
        expect(run.code).toBe(2);
        expect(run.stderr).toContain('expected exactly one journey with `state current`');
        expect(run.stderr).toContain('a.journey#Un, b.journey#Deux');
    });

    test('FILE#Id picks a journey of a file with several; a wrong id names the ids', async () => {
        const root = tempTree({ 'both.journey': map('Un', 'current', 0) + map('Deux', 'ideal', 2) });
        const run = await journey(['compare', 'both.journey#Un', 'both.journey#Deux', '-f', 'json'], { cwd: root });
        expect(JSON.parse(run.stdout).changes.map((c: Change) => c.field)).toEqual(['label', 'state', 'emotion']);
        const wrong = await journey(['compare', 'both.journey#Un', 'both.journey#Trois'], { cwd: root });
        expect(wrong.code).toBe(2);
        expect(wrong.stderr).toContain("both.journey has no journey 'Trois' (journeys: Un, Deux)");
        const ambiguous = await journey(['compare', 'both.journey', 'both.journey#Deux'], { cwd: root });
        expect(ambiguous.stderr).toContain('both.journey has 2 journeys (Un, Deux): name one as both.journey#ID');
    });

    test('a syntax error stops with file:line:column, exit 1', async () => {
        const root = tempTree({ 'a.journey': map('Un', 'current', 0), 'b.journey': 'journey Deux {\n  stage S {\n' });
        const run = await journey(['compare', 'a.journey', 'b.journey'], { cwd: root });
        expect(run.code).toBe(1);
        expect(run.stderr).toMatch(/^journey compare: b\.journey:\d+:\d+: /);
    });
});

describe('journey compare in French, as a client reads it', () => {
    // A current and an ideal map with a long title, a state, a kind, a severity and KPIs with direction and unit.
    const map = (id: string, state: string, title: string, kind: string, severity: string, actual: number) => `journey ${id} "${title}" {
  state ${state}
  persona Ines "Inès"
  channel Site "Site" digital
  stage Decouvrir "Découvrir" {
    touchpoint Comparateur "Comparateur" { kind ${kind} channel Site personas Ines emotion -1 friction "Jargon" severity ${severity} }
  }
  metric Abandon "Abandon" in Decouvrir target <= 30% actual ${actual}%
  metric Delai "Délai d'envoi" in Decouvrir target <= 5 actual ${actual === 55 ? 12 : 4} unit "jours"
}
`;
    const files = {
        'journey.config.json': '{ "locale": "fr" }',
        'actuel.journey': map('Actuel', 'current', 'Adhérer à une mutuelle santé', 'tool', 'high', 55),
        'cible.journey': map('Cible', 'ideal', 'Adhérer à une mutuelle santé (cible, fin 2027)', 'person', 'low', 25)
    };

    test('the report names states, kinds and levels in French, and writes KPIs as the map does (direction, unit)', async () => {
        const run = await journey(['compare', 'actuel.journey', 'cible.journey'], { cwd: tempTree(files) });
        expect(run.stderr).toBe('');
        const md = run.stdout;
        expect(md).toContain('état actuel → cible');
        expect(md).toContain('type outil → personne');
        expect(md).toContain('gravité élevée → faible');
        expect(md).not.toMatch(/current|ideal|\btool\b|\bperson\b|\bhigh\b/);
        // French typography between the changed fields too: a narrow no-break space before `;`.
        expect(md).not.toMatch(/[^\u202f]; /);
        expect(md).toContain('| Abandon | Découvrir | ≤\u00a030\u202f% | 55\u202f% → 25\u202f% |');
        expect(md).toContain('| Délai d\'envoi | Découvrir | ≤\u00a05\u00a0jours | 12\u00a0jours → 4\u00a0jours |');
    });

    test('the picture: the title never runs under the legend; KPIs with direction and unit', async () => {
        const root = tempTree(files);
        const run = await journey(['compare', 'actuel.journey', 'cible.journey', '-f', 'svg'], { cwd: root });
        expect(run.stderr).toBe('');
        const svg = run.stdout;
        const legend = Number(/<line class="jc-legend jc-before" x1="([\d.]+)"/.exec(svg)![1]);
        const titles = [...svg.matchAll(/<text x="([\d.]+)" y="[\d.]+" class="jc-title">([^<]*)<\/text>/g)];
        expect(titles.map(m => m[2]).join(' ')).toBe('Adhérer à une mutuelle santé → Adhérer à une mutuelle santé (cible, fin 2027)');
        // Semibold 20 px: measured as regular text plus 10 %.
        for (const [, x, line] of titles) expect(Number(x) + measureText(line, 20) * 1.1).toBeLessThan(legend);
        const width = Number(/<svg [^>]*width="([\d.]+)"/.exec(svg)![1]);
        for (const [, x, line] of svg.matchAll(/<text x="([\d.]+)" y="[\d.]+" class="jc-subtitle">([^<]*)<\/text>/g)) {
            expect(Number(x) + measureText(line, 12)).toBeLessThan(width - 20);
        }
        expect(svg).toContain('cible ≤\u00a05\u00a0jours');
        expect(svg).toContain('réel 55\u202f% → 25\u202f%');
        expect(svg).toContain('type outil → personne');
    });

    test('the picture: a moved touchpoint names the stage it left by its label, and its changed fields before → after', async () => {
        const pair = (id: string, state: string, stages: string) => `journey ${id} "${id}" {
  state ${state}
  persona Ines "Inès"
  channel Site "Site" digital
${stages}
}
`;
        const root = tempTree({
            'journey.config.json': '{ "locale": "fr" }',
            'actuel.journey': pair('Actuel', 'current', `  stage S1 "Découvrir → comparer" {
    touchpoint Avis "Avis" { channel Site personas Ines emotion 0 }
  }
  stage S2 "Acheter" {
    touchpoint Panier "Panier" { channel Site personas Ines emotion -2 }
  }`),
            'cible.journey': pair('Cible', 'ideal', `  stage S1 "Découvrir → comparer" {
  }
  stage S2 "Acheter" {
    touchpoint Avis "Avis" { channel Site personas Ines emotion 1 }
    touchpoint Panier "Panier" { channel Site personas Ines emotion -2 }
  }`)
        });
        const run = await journey(['compare', 'actuel.journey', 'cible.journey', '-f', 'svg'], { cwd: root });
        expect(run.stderr).toBe('');
        const texts = [...run.stdout.matchAll(/class="jc-detail"[^>]*>([^<]*)</g)].map(m => m[1]).join(' ');
        // It read `venu de l'étape « S1 »` (the id) and `émotion 0` (the new value cut off).
        expect(texts).toContain('venu de l&#39;étape «\u00a0Découvrir → comparer\u00a0» émotion 0 → +1');
    });
});

describe('the diff on the export model', () => {
    const tp = (id: string, extra: Partial<ExportedTouchpoint> = {}): ExportedTouchpoint => ({
        id, label: id, channels: [], personas: [], actions: [], backstage: [], support: [], evidence: [], frictions: [], opportunities: [], next: [], ...extra
    });
    const journeyOf = (stages: Array<[string, string, ExportedTouchpoint[]]>, extra: Partial<ExportedJourney> = {}): ExportedJourney => ({
        id: 'J', label: 'J', personas: [], channels: [], teams: [], metrics: [],
        stages: stages.map(([id, label, touchpoints]) => ({ id, label, goals: [], touchpoints, frictions: [], opportunities: [] })), ...extra
    });

    test('a renamed stage and touchpoint are matched by label; a renamed label by id', () => {
        const before = journeyOf([['S1', 'Choisir', [tp('A', { label: 'Panier' })]]]);
        const after = journeyOf([['Choix', 'Choisir', [tp('B', { label: 'Panier' })]]]);
        expect(diffJourneys(before, after)).toEqual([]);
        const relabelled = journeyOf([['S1', 'Sélection', [tp('A', { label: 'Caddie' })]]]);
        expect(diffJourneys(before, relabelled).map(c => [c.element, c.id, c.field, c.before, c.after])).toEqual([
            ['stage', 'S1', 'label', 'Choisir', 'Sélection'], ['touchpoint', 'A', 'label', 'Panier', 'Caddie']
        ]);
    });

    test('fields the export model gains flow in: emotions per persona key by key, metric direction and unit', () => {
        const before = journeyOf([['S', 'S', [tp('A', { emotion: 0, emotions: { Ana: -1, Bob: 1 } } as Partial<ExportedTouchpoint>)]]], {
            metrics: [{ id: 'M', label: 'M', stage: 'S', target: { value: 5, percent: false }, direction: 'down' } as never]
        });
        const after = journeyOf([['S', 'S', [tp('A', { emotion: 0, emotions: { Ana: 1, Bob: 1, Cleo: 2 } } as Partial<ExportedTouchpoint>)]]], {
            metrics: [{ id: 'M', label: 'M', stage: 'S', target: { value: 5, percent: false }, direction: 'up', unit: 'jours' } as never]
        });
        expect(diffJourneys(before, after).map(c => [c.element, c.field, c.before, c.after])).toEqual([
            ['touchpoint', 'emotions.Ana', -1, 1], ['touchpoint', 'emotions.Cleo', undefined, 2],
            ['metric', 'direction', 'down', 'up'], ['metric', 'unit', undefined, 'jours']
        ]);
    });

    test('deterministic, and a whole journey added lists its contents as added', () => {
        const after = journeyOf([['S', 'S', [tp('A', { frictions: [{ text: 'Lent', severity: 'high' }] })]]]);
        const added = compareJourneys({ ref: null }, { ref: { file: 'x.journey', journey: 'J' }, journey: after });
        expect(added.changes.map(c => [c.change, c.element, c.id])).toEqual([
            ['added', 'journey', 'J'], ['added', 'stage', 'S'], ['added', 'touchpoint', 'A'], ['added', 'friction', 'Lent']
        ]);
        expect(JSON.stringify(compareJourneys({ ref: null, journey: after }, { ref: null, journey: after }))).toBe('{"schemaVersion":1,"from":null,"to":null,"changes":[]}');
    });
});
