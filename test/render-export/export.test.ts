// journey export: the converters on the examples, and the real CLI.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toCsv } from '../../src/export/csv.js';
import { toMarkdown } from '../../src/export/markdown.js';
import { toMermaid } from '../../src/export/mermaid.js';
import { importMermaid } from '../../src/import/mermaid.js';
import { exportModel, type ExportedJourney } from '../../src/export/model.js';
import { loadExamples } from '../diagram/fixtures.js';
import { EXAMPLES, journey, tempTree } from '../cli/run-cli.js';
import { parse } from 'csv-parse/sync';

/** CSV as a spreadsheet reads it, through a kept parser: strict quoting, CRLF records, an optional BOM. */
function parseCsv(text: string, delimiter = ','): string[][] {
    return parse(text, { delimiter, record_delimiter: '\r\n', bom: true, relax_column_count: false });
}

const examples = async () => (await loadExamples()).map(({ file, doc }) => ({ file, model: exportModel(doc.parseResult.value) }));
const touchpointsOf = (j: ExportedJourney) => j.stages.flatMap(s => s.touchpoints);

/** A model of one journey, one stage and one touchpoint with the given texts. */
function oneTouchpoint(texts: { journey: string, stage: string, touchpoint: string, emotion?: number, description?: string, frictions?: { text: string }[] }) {
    const model = exportModel({ personas: [], channels: [], teams: [], journeys: [] } as never);
    model.journeys.push({
        id: 'J', label: texts.journey, description: texts.description, personas: [], channels: [], teams: [], metrics: [],
        stages: [{ id: 'S', label: texts.stage, goals: [], frictions: [], opportunities: [], touchpoints: [{
            id: 'T', label: texts.touchpoint, channels: [], personas: [], actions: [], backstage: [], support: [], evidence: [], next: [],
            emotion: texts.emotion, frictions: texts.frictions ?? [], opportunities: []
        }] }]
    });
    return model;
}

describe('export converters on the examples', () => {
    it('JSON has schemaVersion 1 and every touchpoint, with references resolved across files', async () => {
        const all = await examples();
        const media = all.find(e => e.file === 'media-subscription.journey')!.model;
        const parsed = JSON.parse(JSON.stringify(media));
        expect(parsed.schemaVersion).toBe(1);
        const journeyModel = parsed.journeys[0];
        // Lectrice is declared in common.journey: the export carries her resolved card.
        expect(journeyModel.personas.find((p: { id: string }) => p.id === 'Lectrice')).toMatchObject({ label: 'Claire, lectrice occasionnelle', segment: 'Mobile, 25-40 ans' });
        for (const { file, model } of all) {
            const doc = (await loadExamples()).find(e => e.file === file)!.doc;
            const inAst = doc.parseResult.value.journeys.flatMap(j => j.stages.flatMap(s => s.touchpoints.map(t => t.name)));
            expect(model.journeys.flatMap(j => touchpointsOf(j).map(t => t.id)), file).toEqual(inAst);
        }
        const retail = all.find(e => e.file === 'retail-ideal.journey')!.model.journeys[0];
        expect(touchpointsOf(retail).map(t => t.id)).toEqual(['FicheProduit', 'Paiement', 'Préparation', 'Comptoir', 'CasierRetrait']);
        expect(retail.metrics[0]).toEqual({ id: 'DélaiPréparation', label: 'Délai de préparation (min)', stage: 'Attente', target: { value: 60, percent: false }, actual: { value: 45, percent: false }, direction: 'higher' });
    });

    it('CSV has a header and one RFC 4180 row per touchpoint, fields intact', async () => {
        for (const { file, model } of await examples()) {
            const rows = parseCsv(toCsv(model));
            expect(rows[0]).toEqual([
                'journey', 'stage', 'touchpoint', 'kind', 'channels', 'personas', 'emotion', 'owner', 'frictions', 'opportunities', 'evidence', 'persona emotions',
                'customer actions', 'backstage', 'support', 'next'
            ]);
            const expected = model.journeys.flatMap(j => j.stages.flatMap(s => s.touchpoints.map(t => [j.label, s.label, t.label])));
            expect(rows.slice(1).map(r => r.slice(0, 3)), file).toEqual(expected);
            for (const row of rows) expect(row).toHaveLength(16);
        }
    });

    it('CSV carries the service blueprint lanes (customer actions, backstage, support) and where each touchpoint leads', async () => {
        const lanes = ['actions', 'backstage', 'support'] as const;
        let seen = 0;
        for (const { file, model } of await examples()) {
            const rows = parseCsv(toCsv(model)).slice(1);
            const touchpoints = model.journeys.flatMap(j => touchpointsOf(j).map(tp => ({ tp, labels: new Map(touchpointsOf(j).map(t => [t.id, t.label])) })));
            touchpoints.forEach(({ tp, labels }, i) => {
                expect(rows[i].slice(12, 15), `${file} ${tp.id}`).toEqual(lanes.map(lane => tp[lane].join('; ')));
                expect(rows[i][15], `${file} ${tp.id}`).toBe(tp.next.map(id => labels.get(id) ?? id).join('; '));
                seen += lanes.filter(lane => tp[lane].length > 0).length + Math.min(tp.next.length, 1);
            });
        }
        // The examples fill every one of them somewhere: the comparison above is not of empty cells only.
        expect(seen).toBeGreaterThan(10);
    });

    it('CSV quotes commas, quotes and line breaks', () => {
        const model = exportModel({ personas: [], channels: [], teams: [], journeys: [] } as never);
        model.journeys.push({
            id: 'J', label: 'Say "hi", then\nleave', personas: [], channels: [], teams: [], metrics: [],
            stages: [{ id: 'S', label: 'S', goals: [], frictions: [], opportunities: [], touchpoints: [{
                id: 'T', label: 'T', channels: [], personas: [], actions: [], backstage: [], support: [], evidence: [], next: [],
                frictions: [{ text: 'a, b', severity: 'high' }], opportunities: []
            }] }]
        });
        const csv = toCsv(model);
        expect(csv.split('\r\n')[1]).toBe('"Say ""hi"", then\nleave",S,T,,,,,,"a, b (high)",,,,,,,');
        expect(parseCsv(csv)[1][0]).toBe('Say "hi", then\nleave');
    });

    it('CSV neutralises cells a spreadsheet would run as formulas, and leaves numbers numbers', () => {
        const model = oneTouchpoint({ journey: '=HYPERLINK("http://evil.example","Cliquez")', stage: '+33 6 12', touchpoint: '@support', emotion: -2, frictions: [{ text: '-1+1' }, { text: 'b' }] });
        model.journeys[0].stages[0].touchpoints.push({ ...model.journeys[0].stages[0].touchpoints[0], label: '\tTab', emotion: 2 });
        model.journeys[0].stages[0].touchpoints.push({ ...model.journeys[0].stages[0].touchpoints[0], label: '\rCR', emotion: 0 });
        const rows = parseCsv(toCsv(model));
        expect(rows[1].slice(0, 3)).toEqual([`'=HYPERLINK("http://evil.example","Cliquez")`, "'+33 6 12", "'@support"]);
        expect(rows[1][6]).toBe('-2');
        expect(rows[1][8]).toBe("'-1+1; b");
        expect(rows.slice(2).map(r => [r[2], r[6]])).toEqual([["'\tTab", '2'], ["'\rCR", '0']]);
        // A label that is a plain number is no formula either.
        expect(parseCsv(toCsv(oneTouchpoint({ journey: '-12.5', stage: '+3', touchpoint: 'T' })))[1].slice(0, 2)).toEqual(['-12.5', '+3']);
    });

    it('CSV with another delimiter quotes the cells that hold it, and --bom starts with U+FEFF', () => {
        const model = oneTouchpoint({ journey: 'A; B', stage: 'C, D', touchpoint: 'T', frictions: [{ text: 'x' }, { text: 'y' }] });
        const csv = toCsv(model, { delimiter: ';', bom: true });
        expect(csv.startsWith('\uFEFFjourney;stage;')).toBe(true);
        expect(csv.split('\r\n')[1]).toBe('"A; B";C, D;T;;;;;;"x; y";;;;;;;');
        expect(parseCsv(csv, ';')[1].slice(0, 3)).toEqual(['A; B', 'C, D', 'T']);
    });

    it('Markdown lists in a table cell stay apart when labels hold commas, and user text is escaped', () => {
        const model = oneTouchpoint({ journey: 'J & co ~~rayé~~', stage: 'S', touchpoint: 'a | b', description: '- pas une liste' });
        const journeyModel = model.journeys[0];
        journeyModel.personas.push({ id: 'Claire', label: 'Claire, lectrice', goals: [], frustrations: [] }, { id: 'Bob', label: '<br>Bob', goals: [], frustrations: [] });
        journeyModel.stages[0].touchpoints[0].personas.push('Claire', 'Bob');
        const markdown = toMarkdown(model);
        expect(markdown).toContain('# J \\& co \\~\\~rayé\\~\\~\n');
        expect(markdown).toContain('\n\\- pas une liste\n');
        const row = markdown.split('\n').find(line => line.startsWith('| a'))!;
        expect(row).toBe('| a \\| b |  |  | Claire, lectrice<br>\\<br\\>Bob |  |  |');
        expect(row.split(/(?<!\\)\|/)).toHaveLength(8); // six cells between seven unescaped pipes
    });

    it('Markdown names every stage and ranks frictions by severity', async () => {
        for (const { file, model } of await examples()) {
            const markdown = toMarkdown(model);
            for (const j of model.journeys) {
                expect(markdown, file).toContain(`# ${j.label.replace(/([\\`*_[\]<>#])/g, '\\$1')}`);
                for (const s of j.stages) expect(markdown, file).toContain(`### ${s.label.replace(/([\\`*_[\]<>#])/g, '\\$1')}`);
            }
        }
        const media = (await examples()).find(e => e.file === 'media-subscription.journey')!.model;
        const report = toMarkdown(media);
        const section = report.slice(report.indexOf('## Frictions'), report.indexOf('## Opportunities'));
        const frictions = section.split('\n').filter(l => /^\| (high|medium|low|) \|/.test(l));
        const severities = frictions.map(l => l.split('|')[1].trim());
        expect(severities).toEqual([...severities].sort((a, b) => rank(b) - rank(a)));
        expect(severities).toContain('medium');
        expect(report).toContain('## Metrics');
    });

    it('Mermaid: a mean of per-persona emotions half way between two scores rounds away from neutral, on either side', async () => {
        const text = `journey X "X" {
  persona A "A"
  persona B "B"
  stage S "S" {
    touchpoint Low "Low" { personas A, B emotion A -1 emotion B 0 }
    touchpoint High "High" { personas A, B emotion A 1 emotion B 0 }
    touchpoint Worst "Worst" { personas A, B emotion A -2 emotion B -1 }
  }
}`;
        const [journey] = exportModel(await parseImported(text)).journeys;
        // Low's −0.5 was drawn neutral (score 3) while High's +0.5 was positive (4).
        expect(toMermaid(journey).split('\n').filter(line => /^ {6}\w+: /.test(line))).toEqual(['      Low: 2: A, B', '      High: 4: A, B', '      Worst: 1: A, B']);
    });

    it('Mermaid export parses back through the importer to the same map', async () => {
        for (const { file, model } of await examples()) {
            for (const j of model.journeys) {
                const back = exportModel(await parseImported(importMermaid(toMermaid(j)).source));
                expect(back.journeys).toHaveLength(1);
                expect(shape(back.journeys[0]), file).toEqual(shape(j));
            }
        }
    });
});

describe('journey export (real CLI)', () => {
    const retail = join(EXAMPLES, 'retail-ideal.journey');

    it('maps of several workspaces with journeys of one id go into the one file -o names; -o DIR/ is refused, not written as a file DIR', async () => {
        const files: Record<string, string> = {};
        for (const x of ['a', 'b', 'c']) {
            files[`${x}/journey.config.json`] = '{}\n';
            files[`${x}/checkout.journey`] = `journey Checkout "Checkout ${x}" { stage S { touchpoint T } }\n`;
        }
        const dir = tempTree(files);
        const maps = ['a/checkout.journey', 'b/checkout.journey', 'c/checkout.journey'];
        const one = await journey(['export', ...maps, '-o', 'all.json'], { cwd: dir });
        expect(one.code, one.stderr).toBe(0);
        expect(JSON.parse(readFileSync(join(dir, 'all.json'), 'utf8')).journeys.map((j: { label: string }) => j.label)).toEqual(['Checkout a', 'Checkout b', 'Checkout c']);
        const folder = await journey(['export', ...maps, '-f', 'json', '-o', 'out/'], { cwd: dir });
        expect(folder.code).toBe(2);
        expect(folder.stderr).toBe("journey export: -o 'out/' names a folder: export writes one file for all the maps (e.g. -o out/maps.json)\n");
        expect(existsSync(join(dir, 'out'))).toBe(false);
    });

    it('writes each format; CSV has one row per touchpoint', async () => {
        const csv = await journey(['export', retail, '--format', 'csv']);
        expect(csv.code).toBe(0);
        expect(parseCsv(csv.stdout)).toHaveLength(1 + 5);
        const json = await journey(['export', join(tempTree({ 'two.journey': TWO_JOURNEYS }), 'two.journey'), '-f', 'json']);
        expect(json.code).toBe(0);
        const parsed = JSON.parse(json.stdout);
        expect(parsed.schemaVersion).toBe(1);
        expect(parsed.journeys.map((j: { id: string }) => j.id)).toEqual(['Un', 'Deux']);
        const both = await journey(['export', join(tempTree({ 'two.journey': TWO_JOURNEYS }), 'two.journey'), '-f', 'mermaid']);
        expect(both.stdout).toBe('```mermaid\njourney\n    title Un\n    section A\n      T1: 4\n```\n\n```mermaid\njourney\n    title Deux\n    section B\n      %% no emotion\n      T2: 3\n```\n');
        const reimported = await journey(['import', '-'], { input: both.stdout });
        expect(reimported.stdout.match(/^journey \S+/gm)).toEqual(['journey Un', 'journey Deux']);
        const mermaid = await journey(['export', retail, '-f', 'mermaid']);
        expect(mermaid.stdout.split('\n').slice(0, 3)).toEqual(['journey', '    title Commander en ligne, retirer en magasin', '    accDescr: Cible à 12 mois, validée par le comité expérience client']);
    });

    it('names the journeys when --journey picks none, and fails on bad input with exit 2 or 1', async () => {
        const wrong = await journey(['export', 'two.journey', '-f', 'csv', '--journey', 'Nope'], { cwd: tempTree({ 'two.journey': TWO_JOURNEYS }) });
        expect(wrong.code).toBe(2);
        expect(wrong.stderr).toBe("journey export: two.journey has no journey 'Nope' (journeys: Un, Deux)\n");
        expect((await journey(['export', retail, '-f', 'yaml'])).stderr).toContain("unknown format 'yaml'");
        expect((await journey(['export', retail])).code).toBe(2);
        const broken = await journey(['export', '-', '-f', 'json'], { input: 'journey J {\n  stage S {\n    touchpoint T { emotion }\n' });
        expect(broken.code).toBe(1);
        expect(broken.stderr).toMatch(/^journey export: <stdin>:3:\d+: /);
    });

    it('resolves names declared in the other files of the folder, whatever the folder is called', async () => {
        const dir = tempTree({
            'maps [v2]/common.journey': readFileSync(join(EXAMPLES, 'common.journey'), 'utf8'),
            'maps [v2]/media.journey': readFileSync(join(EXAMPLES, 'media-subscription.journey'), 'utf8')
        });
        const csv = await journey(['export', 'maps [v2]/media.journey', '-f', 'csv'], { cwd: dir });
        expect(csv.code, csv.stderr).toBe(0);
        // Channel and persona labels come from common.journey.
        expect(parseCsv(csv.stdout)[1].slice(4, 6)).toEqual(['Réseaux sociaux', 'Claire, lectrice occasionnelle']);
    });

    it('csv: a =HYPERLINK label round-trips as text; --delimiter ";" --bom for Excel; the options are csv only', async () => {
        const dir = tempTree({ 'evil.journey': `journey J '=HYPERLINK("http://evil.example","Cliquez")' {
  stage S "Étape; une" {
    touchpoint T "@cmd|' /C calc'!A0" { emotion -2 }
  }
}
` });
        const plain = await journey(['export', 'evil.journey', '-f', 'csv'], { cwd: dir });
        expect(plain.code, plain.stderr).toBe(0);
        const [row] = parseCsv(plain.stdout).slice(1);
        expect(row.slice(0, 3)).toEqual([`'=HYPERLINK("http://evil.example","Cliquez")`, 'Étape; une', "'@cmd|' /C calc'!A0"]);
        expect(row[6]).toBe('-2');
        const excel = await journey(['export', 'evil.journey', '-f', 'csv', '--delimiter', ';', '--bom', '-o', 'fr.csv'], { cwd: dir });
        expect(excel.code, excel.stderr).toBe(0);
        const written = readFileSync(join(dir, 'fr.csv'));
        expect([...written.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
        expect(parseCsv(written.toString('utf8'), ';')).toEqual(parseCsv(plain.stdout));
        const tab = await journey(['export', 'evil.journey', '-f', 'csv', '--delimiter', 'tab'], { cwd: dir });
        expect(parseCsv(tab.stdout, '\t')).toEqual(parseCsv(plain.stdout));
        const misuse = await journey(['export', 'evil.journey', '-f', 'json', '--bom'], { cwd: dir });
        expect([misuse.code, misuse.stderr]).toEqual([2, 'journey export: --bom applies to --format csv only\n']);
        const bad = await journey(['export', 'evil.journey', '-f', 'csv', '--delimiter', '"'], { cwd: dir });
        expect(bad.code).toBe(2);
        expect(bad.stderr).toContain('--delimiter expects one character');
    });

    it('-o - is standard output for export, import and compare, as for render: no file named "-"', async () => {
        const dir = tempTree({ 'two.journey': TWO_JOURNEYS });
        const exported = await journey(['export', 'two.journey', '-f', 'json', '-o', '-'], { cwd: dir });
        expect(exported.code).toBe(0);
        expect(JSON.parse(exported.stdout).journeys).toHaveLength(2);
        const imported = await journey(['import', '-', '-o', '-'], { cwd: dir, input: 'journey\n  title T\n  section S\n    Task: 3\n' });
        expect(imported.code).toBe(0);
        expect(imported.stdout).toMatch(/^journey /m);
        const compared = await journey(['compare', 'two.journey#Un', 'two.journey#Deux', '-f', 'markdown', '-o', '-'], { cwd: dir });
        expect(compared.code).toBe(0);
        expect(compared.stdout).toContain('Un');
        expect(existsSync(join(dir, '-'))).toBe(false);
    });

    it('--help shows examples', async () => {
        const help = await journey(['export', '--help']);
        expect(help.code).toBe(0);
        expect(help.stdout).toContain('Examples:');
    });
});

const TWO_JOURNEYS = 'journey Un { stage A { touchpoint T1 { emotion 1 } } }\njourney Deux { stage B { touchpoint T2 } }\n';

function rank(level: string): number {
    return ({ high: 3, medium: 2, low: 1 } as Record<string, number>)[level] ?? 0;
}

/** What a Mermaid journey can carry: stage and touchpoint labels, emotions, persona labels. */
function shape(j: ExportedJourney) {
    const persona = new Map(j.personas.map(p => [p.id, p.label]));
    return {
        label: j.label,
        stages: j.stages.map(s => ({
            label: s.label,
            // Mermaid has one score per task: the shared emotion, else the mean of the per-persona ones (README).
            touchpoints: s.touchpoints.map(t => ({ label: t.label, emotion: t.emotion ?? mermaidMean(Object.values(t.emotions ?? {})), personas: t.personas.map(id => persona.get(id)) }))
        }))
    };
}

function mermaidMean(values: number[]): number {
    const mean = values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
    return Math.sign(mean) * Math.round(Math.abs(mean));
}

async function parseImported(text: string) {
    const { parseMap } = await import('../diagram/fixtures.js');
    const doc = await parseMap(text);
    expect(doc.parseResult.parserErrors).toEqual([]);
    return doc.parseResult.value;
}
