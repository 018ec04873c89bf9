// Issue 11: a map a service designer can hand to a client (personas, evidence, frictions tied
// to their touchpoint, persona rows, header counts).
import { describe, expect, test } from 'vitest';
import { buildDiagramModels, layoutDiagram, measureText, renderSvg, type MetricCard, type TouchpointCard } from '../../src/diagram/index.js';
import { CARD_PAD, METRIC_BAR_HEIGHT, TYPE } from '../../src/diagram/layout.js';
import { formatKpi } from '../../src/common/kpi.js';
import { elk, parseMap, pipeline } from './fixtures.js';
import { assertGrid, checkSafeSvg } from './checks.js';
import { textLines } from './xml.js';

const SHARED = `journey Bank "Bank" {
    persona Karim "Karim, self-employed" { segment "Self-employed" goal "A loan in a week" frustration "Income ignored" }
    persona Lea "Léa, salaried" { goal "Compare rates" frustration "Hidden fees" }
    stage Find "Find" {
        touchpoint Ad "Ad" { personas Karim, Lea emotion +1 next Sim }
    }
    stage Simulate "Simulate" {
        touchpoint Sim "Loan simulator" {
            personas Karim, Lea
            emotion -1
            evidence "12 of 20 interviews mention it"
            evidence "Analytics: 62% drop-off"
            friction "Ignores self-employed income" severity high
        }
        touchpoint Call "Call back" { personas Karim }
        friction "Slow branch answers"
    }
}`;

const touchpoints = (cards: { kind: string }[]) => cards.filter((c): c is TouchpointCard => c.kind === 'touchpoint');

describe('group by persona', () => {
    test('a touchpoint shared by several personas sits in each of their rows', async () => {
        const doc = await parseMap(SHARED);
        const [model] = buildDiagramModels(doc.parseResult.value, { groupBy: 'persona' });
        const rows = model.lanes.find(l => l.id === 'touchpoints')!.rows.map(r => r.id);
        // Léa has no touchpoint of her own (all are shared with Karim): she still gets her row.
        expect(rows).toEqual(['Karim', 'Lea']);
        const where = (name: string) => touchpoints(model.cards).filter(c => c.name === name).map(c => c.row);
        expect(where('Sim')).toEqual(['Karim', 'Lea']);
        expect(where('Ad')).toEqual(['Karim', 'Lea']);
        expect(where('Call')).toEqual(['Karim']);
        const layout = await layoutDiagram(model, elk);
        assertGrid(layout);
        // Each persona's flow runs in its own row.
        for (const edge of layout.edges) {
            const source = touchpoints(model.cards).find(c => c.id === edge.source)!;
            const target = touchpoints(model.cards).find(c => c.id === edge.target)!;
            expect(source.row).toBe(target.row);
        }
        expect(layout.edges).toHaveLength(2);
    });
});

describe('header', () => {
    test('counts do not depend on the lanes shown', async () => {
        const doc = await parseMap(SHARED);
        for (const lanes of [undefined, ['emotion' as const], ['frictions' as const, 'goal' as const]]) {
            const [model] = buildDiagramModels(doc.parseResult.value, lanes ? { lanes } : {});
            const svg = renderSvg(await layoutDiagram(model, elk));
            expect(textLines(checkSafeSvg(svg)).join('\n'), String(lanes)).toContain('2 stages · 3 touchpoints');
        }
        const [byPersona] = buildDiagramModels(doc.parseResult.value, { groupBy: 'persona' });
        expect(textLines(checkSafeSvg(renderSvg(await layoutDiagram(byPersona, elk)))).join('\n')).toContain('2 stages · 3 touchpoints');
    });
});

describe('personas and evidence on the map', () => {
    test('the rendered SVG shows each persona\'s goals and frustrations and each touchpoint\'s evidence', async () => {
        const doc = await parseMap(SHARED);
        const [model] = buildDiagramModels(doc.parseResult.value);
        const layout = await layoutDiagram(model, elk);
        assertGrid(layout);
        const svg = renderSvg(layout, { standalone: true });
        const text = textLines(checkSafeSvg(svg)).join('\n');
        for (const shown of ['Karim, self-employed', 'Self-employed', '• A loan in a week', '• Income ignored', 'Léa, salaried', '• Compare rates', '• Hidden fees']) {
            expect(text).toContain(shown);
        }
        // The marker on the card (count and note number), and the numbered note under the map.
        expect(text).toContain('Evidence (2) · note 1');
        expect(text).toContain('[1] Loan simulator');
        expect(text).toContain('– 12 of 20 interviews mention it');
        expect(text).toContain('– Analytics: 62% drop-off');
        // Hover in the preview and the HTML page: the texts in the marker's <title>.
        expect(svg).toContain('<title>• 12 of 20 interviews mention it\n• Analytics: 62% drop-off</title>');
        // A persona card's stripe has the colour of its emotion curve.
        const karim = layout.personas.find(p => p.persona === 'Karim')!;
        expect(karim.colour).toBe(layout.emotion!.lines.find(l => l.persona?.id === 'Karim')!.colour);
        expect(svg).toContain(`<g class="jm-persona" data-key="persona:Karim" data-persona="Karim">`);
        // Nothing of the band or the notes overlaps a card.
        const rects = [...layout.cards, ...layout.personas, ...(layout.notes ? [layout.notes] : [])];
        for (let i = 0; i < rects.length; i++) for (let j = i + 1; j < rects.length; j++) {
            const a = rects[i], b = rects[j];
            expect(a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height).toBe(false);
        }
    });

    test('the persona lane turns off like the others', async () => {
        const doc = await parseMap(SHARED);
        const [model] = buildDiagramModels(doc.parseResult.value, { lanes: ['touchpoints', 'frictions'] });
        const layout = await layoutDiagram(model, elk);
        expect(layout.personas).toEqual([]);
        expect(renderSvg(layout)).not.toContain('Hidden fees');
    });

    test('a friction declared in a touchpoint names it on its card; a stage-level one does not', async () => {
        const doc = await parseMap(SHARED);
        const [model] = buildDiagramModels(doc.parseResult.value);
        const layout = await layoutDiagram(model, elk);
        const box = (text: string) => layout.cards.find(c => model.cards.find(m => m.id === c.id)!.text === text)!;
        expect(box('Ignores self-employed income').detailLines).toEqual(['On: Loan simulator', 'Severity: high']);
        expect(box('Slow branch answers').detailLines).toEqual([]);
        // It sits in the column of its touchpoint.
        const sim = layout.cards.find(c => c.id === 'touchpoint:Sim')!;
        expect(box('Ignores self-employed income').x).toBe(sim.x);
    });
});

describe('evidence in the exports', () => {
    test('Markdown lists it under its touchpoint; CSV has an evidence column', async () => {
        const { exportModel } = await import('../../src/export/model.js');
        const { toCsv } = await import('../../src/export/csv.js');
        const { toMarkdown } = await import('../../src/export/markdown.js');
        const { parse: parseCsv } = await import('csv-parse/sync');
        const model = exportModel((await parseMap(SHARED)).parseResult.value);
        const md = toMarkdown(model);
        expect(md).toContain('## Evidence\n\n### Simulate › Loan simulator\n\n- 12 of 20 interviews mention it\n- Analytics: 62% drop-off\n');
        const rows: string[][] = parseCsv(toCsv(model));
        const evidence = rows[0].indexOf('evidence');
        expect(rows.find(r => r[2] === 'Loan simulator')![evidence]).toBe('12 of 20 interviews mention it; Analytics: 62% drop-off');
    });
});

describe('the bank example: per-persona emotions and KPIs', () => {
    const bank = async () => parseMap((await import('node:fs')).readFileSync(new URL('../../examples/en/bank-loan.journey', import.meta.url), 'utf8'));

    test('three personas, three distinct curves where they differ', async () => {
        const [model] = buildDiagramModels((await bank()).parseResult.value);
        const curve = (id: string) => model.emotions.find(c => c.persona?.id === id)!.points.map(p => [p.card, p.emotion]);
        expect(curve('Karim')).toEqual([['touchpoint:LoanPage', 1], ['touchpoint:Simulator', -2], ['touchpoint:Appointment', 1], ['touchpoint:Application', 0], ['touchpoint:Decision', -1], ['touchpoint:Signature', 2]]);
        expect(curve('Lea')).toEqual([['touchpoint:LoanPage', 1], ['touchpoint:Simulator', 1], ['touchpoint:Application', 1], ['touchpoint:Decision', 1], ['touchpoint:Signature', 2]]);
        expect(curve('Marc')).toEqual([['touchpoint:BranchVisit', 1], ['touchpoint:Appointment', 2], ['touchpoint:Application', -2], ['touchpoint:Decision', 0], ['touchpoint:Signature', -1]]);
        const layout = await layoutDiagram(model, elk);
        assertGrid(layout);
        const paths = layout.emotion!.lines.map(l => l.points.map(p => `${p.x},${p.y}`).join(' '));
        expect(new Set(paths).size).toBe(3);
        expect(new Set(layout.emotion!.lines.map(l => l.colour)).size).toBe(3);
    });

    test('JSON, CSV and Markdown carry the per-persona values', async () => {
        const { exportModel } = await import('../../src/export/model.js');
        const { toCsv } = await import('../../src/export/csv.js');
        const { toMarkdown } = await import('../../src/export/markdown.js');
        const { toMermaid } = await import('../../src/export/mermaid.js');
        const { parse: parseCsv } = await import('csv-parse/sync');
        const model = exportModel((await bank()).parseResult.value);
        const simulator = model.journeys[0].stages[1].touchpoints[0];
        expect(JSON.parse(JSON.stringify(simulator))).toMatchObject({ id: 'Simulator', emotion: 1, emotions: { Karim: -2 } });
        expect(model.journeys[0].stages[3].touchpoints[0]).not.toHaveProperty('emotion');
        expect(model.journeys[0].stages[3].touchpoints[0].emotions).toEqual({ Karim: -1, Lea: 1, Marc: 0 });
        const rows: string[][] = parseCsv(toCsv(model));
        const row = rows.find(r => r[2] === 'Credit decision')!;
        expect(row[rows[0].indexOf('persona emotions')]).toBe('Karim, self-employed plumber: -1; Léa, salaried nurse: +1; Marc, retired teacher: 0');
        expect(toMarkdown(model)).toContain('| Loan simulator | tool | Website<br>Mobile app | Karim, self-employed plumber<br>Léa, salaried nurse | 🙂 +1<br>Karim, self-employed plumber: 😠 −2 | Digital banking |');
        // Mermaid has one score per task: the shared value, else the mean (0 → score 3).
        const mermaid = toMermaid(model.journeys[0]);
        expect(mermaid).toContain('      Loan simulator: 4: ');
        expect(mermaid).toContain('      Credit decision: 3: ');
    });

    test('a lower-is-better KPI above its target is bad, one below is good, with its unit, on the map and in Markdown alike', async () => {
        const doc = await parseMap(`journey K "K" { stage S "S" { touchpoint T "T" }
            metric Over "Wait" in S target <= 3 actual 14 unit "min"
            metric Under "Abandonment" in S target <= 30% actual 22%
            metric Low "Response rate" in S target >= 25% actual 8%
            metric Bare "NPS" in S target 40 actual 45 }`);
        const [model] = buildDiagramModels(doc.parseResult.value);
        const layout = await layoutDiagram(model, elk);
        assertGrid(layout);
        const svg = renderSvg(layout, { standalone: true });
        // Numbers and units are joined by no-break spaces (they never part at a line break).
        const lines = (id: string) => layout.cards.find(c => c.id === `metric:${id}`)!.detailLines.join(' ').replaceAll('\u00a0', ' ');
        expect(lines('Over')).toBe('Target ≤ 3 min · Actual 14 min Gap +11 min · misses target');
        expect(lines('Under')).toBe('Target ≤ 30% · Actual 22% Gap −8 pts · meets target');
        expect(lines('Low')).toBe('Target ≥ 25% · Actual 8% Gap −17 pts · misses target');
        expect(lines('Bare')).toBe('Target ≥ 40 · Actual 45 Gap +5 · meets target');
        const bar = (id: string) => new RegExp(`data-id="metric:${id}"[^]*?class="jm-bar-actual jm-bar-(good|bad)"`).exec(svg)![1];
        expect([bar('Over'), bar('Under'), bar('Low'), bar('Bare')]).toEqual(['bad', 'good', 'bad', 'good']);
        const { exportModel } = await import('../../src/export/model.js');
        const { toMarkdown } = await import('../../src/export/markdown.js');
        const md = toMarkdown(exportModel(doc.parseResult.value)).replaceAll('\u00a0', ' ');
        expect(md).toContain('| Wait | S | ≤ 3 min | 14 min | +11 min | misses target |');
        expect(md).toContain('| Abandonment | S | ≤ 30% | 22% | −8 pts | meets target |');
        expect(md).toContain('| Response rate | S | ≥ 25% | 8% | −17 pts | misses target |');
        const json = exportModel(doc.parseResult.value).journeys[0].metrics;
        expect(json.map(m => [m.id, m.direction, m.unit])).toEqual([['Over', 'lower', 'min'], ['Under', 'lower', undefined], ['Low', 'higher', undefined], ['Bare', 'higher', undefined]]);
    });

    test('a KPI with an actual and no target: a percentage fills its share of 100 %, a bare number draws no bar (nothing to measure it against)', async () => {
        const doc = await parseMap(`journey K "K" { stage S "S" { touchpoint T "T" }
            metric Share "Mobile share" in S actual 38%
            metric Nps "NPS" in S actual 12 }`);
        const [model] = buildDiagramModels(doc.parseResult.value);
        const svg = renderSvg(await layoutDiagram(model, elk), { standalone: true });
        const card = (id: string) => new RegExp(`data-id="metric:${id}"[^]*?</g>`).exec(svg)![0];
        const track = Number(/class="jm-bar-track" x="[\d.]+" y="[\d.]+" width="([\d.]+)"/.exec(card('Share'))![1]);
        const actual = Number(/class="jm-bar-actual" x="[\d.]+" y="[\d.]+" width="([\d.]+)"/.exec(card('Share'))![1]);
        expect(actual / track).toBeCloseTo(0.38, 2);
        expect(card('Nps')).not.toContain('jm-bar');
    });

    test('a KPI drawn with no bar is no taller than its text: no blank strip where the bar would be', async () => {
        const doc = await parseMap(`journey K "K" { stage S "S" { touchpoint T "T" }
            metric Share "Part" in S actual 38%
            metric Nps "NPS" in S actual 12 }`);
        const [{ layout }] = await pipeline(doc);
        const height = (id: string) => layout.cards.find(box => box.id === `metric:${id}`)!.height;
        // Same title and detail lines ('Actual 38%' / 'Actual 12'): the only difference is the bar.
        expect(height('Share') - height('Nps')).toBe(METRIC_BAR_HEIGHT);
    });
});

describe('text a client reads in one piece', () => {
    const MAP = `journey J "J" {
    persona Camille "Camille" {
        goal "https://www.exemple-de-banque.fr/simulateur-de-capacite-d-emprunt-immobilier"
        frustration "Ne jamais savoir où en est son dossier"
    }
    stage Accord "Accord" { touchpoint Offre "Offre de prêt" { emotion 0 } }
    metric Délai "Délai" in Accord target <= 5 actual 12 unit "jours"
    metric Taux "Taux" in Accord target >= 95% actual 80%
}`;

    test('a persona\'s goal that is a long URL keeps its bullet with the start of the URL', async () => {
        const [{ layout, svg }] = await pipeline(await parseMap(MAP), { locale: 'fr' });
        const [camille] = layout.personas;
        const items = camille.lines.filter(l => l.style === 'item');
        // Every bullet's line holds a word after it: the URL is broken inside, not before it.
        for (const line of items.filter(l => l.text.startsWith('•'))) expect(line.text).toMatch(/^• \S/);
        expect(items[0].text).toMatch(/^• https:/);
        const inner = camille.width - 2 * CARD_PAD - 4;
        for (const line of items) expect(measureText(line.text, TYPE.detail.size), line.text).toBeLessThanOrEqual(inner);
        expect(textLines(checkSafeSvg(svg))).toContain(items[0].text);
    });

    test('a KPI line keeps each label with its value and each number with its unit', async () => {
        for (const locale of ['fr', 'en'] as const) {
            const [{ layout }] = await pipeline(await parseMap(MAP), { locale });
            for (const id of ['Délai', 'Taux']) {
                const card = layout.cards.find(c => c.id.endsWith(id))!;
                const kpi = formatKpi(layout.diagram.cards.find(c => c.id === card.id) as MetricCard, locale);
                // The KPI needs more than one line in this column: where it breaks is what is tested.
                expect(card.detailLines.length, `${locale} ${id}`).toBeGreaterThan(2);
                expect(card.detailLines.join(' ').replace(/\s/g, '')).toBe([kpi.values, kpi.result].join(' ').replace(/\s/g, ''));
                for (const line of card.detailLines) {
                    // No line starts with a value (a number, signed or compared), or with a unit left from its number.
                    expect(line, `${locale} ${id}`).not.toMatch(/^([≤≥+−±\d]|jours|days|%|pts)/);
                    // No line ends with a label whose value went to the next line.
                    expect(line, `${locale} ${id}`).not.toMatch(/(Cible|Réel|Écart|Target|Actual|Gap)$/);
                }
            }
        }
    });
});
