import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import {
    applyViewOptions, buildDiagramModels, layoutDiagram, measureText, renderSvg, wrapText, type ElkApi, type LaidOutDiagram, type TouchpointCard
} from '../../src/diagram/index.js';
import { ELK_MAX_NODES, flowGraph } from '../../src/diagram/elk-order.js';
import { LANE_IDS } from '../../src/diagram/types.js';
import { generateMap } from '../../bench/generate-maps.js';
import { elk, examplesDir, loadExamples, parseMap, pipeline } from './fixtures.js';
import { assertGrid, checkSafeSvg } from './checks.js';
import { parseXml, textLines } from './xml.js';

const touchpoints = (cards: { kind: string }[]) => cards.filter((c): c is TouchpointCard => c.kind === 'touchpoint');

describe('diagram options', () => {
    beforeAll(async () => { await loadExamples(); }); // shared personas and channels of common.journey

    test('a persona filter keeps only that persona\'s touchpoints, their flows and their curve', async () => {
        const doc = await parseMap(readFileSync(join(examplesDir, 'media-subscription.journey'), 'utf8'));
        const [all] = buildDiagramModels(doc.parseResult.value);
        const [abonne] = buildDiagramModels(doc.parseResult.value, { persona: 'Abonné' });
        const kept = touchpoints(abonne.cards);
        expect(kept.map(c => c.name)).toEqual(touchpoints(all.cards).filter(c => c.personas.some(p => p.id === 'Abonné')).map(c => c.name));
        expect(kept.map(c => c.name)).toEqual(['Kiosque', 'Partage', 'Bienvenue', 'Résiliation']);
        expect(abonne.emotions.map(c => c.persona?.id)).toEqual(['Abonné']);
        expect(abonne.flows.map(f => f.id)).toEqual(['flow:touchpoint:Bienvenue->touchpoint:Résiliation']);
        // Frictions hanging on hidden touchpoints go with them; the filter picker still lists everyone.
        expect(abonne.cards.filter(c => c.kind === 'friction').map(c => c.text)).toEqual(['Résiliation uniquement par téléphone']);
        expect(abonne.personas.map(p => p.id)).toEqual(['Lectrice', 'Abonné']);
        expect(abonne.stages).toEqual(all.stages);
        const layout = await layoutDiagram(abonne, elk);
        assertGrid(layout);
        const text = textLines(checkSafeSvg(renderSvg(layout))).join('\n');
        expect(text).not.toContain('Lecture de');
        expect(text).toContain('4 touchpoints · persona: Paul, abonné fidèle');
    });

    test('groupBy splits the touchpoint lane into one row per channel or per persona', async () => {
        const doc = await parseMap(readFileSync(join(examplesDir, 'retail-ideal.journey'), 'utf8'));
        const [byChannel] = buildDiagramModels(doc.parseResult.value);
        const [byPersona] = buildDiagramModels(doc.parseResult.value, { groupBy: 'persona' });
        const lane = (m: typeof byChannel) => m.lanes.find(l => l.id === 'touchpoints')!;
        expect(lane(byChannel).rows.map(r => r.id)).toEqual(['SiteWeb', 'SMS', 'Magasin', 'Casier']);
        expect(lane(byChannel).rows.map(r => r.medium)).toEqual(['digital', 'digital', 'physical', 'physical']);
        expect(lane(byPersona).rows.map(r => r.label)).toEqual(['Sofiane, 41 ans, bricoleur du week-end', 'Inès, 27 ans, achète surtout sur mobile']);
        // A touchpoint shared by several personas sits in each of their rows (copies after the first).
        for (const tp of touchpoints(byPersona.cards)) expect(tp.personas.map(p => p.id)).toContain(tp.row);
        for (const tp of touchpoints(byPersona.cards).filter(c => !c.copyOf)) expect(tp.row).toBe(tp.personas[0].id);
        for (const tp of touchpoints(byChannel.cards)) expect(tp.row).toBe(tp.channels[0].id);
        const layout = await layoutDiagram(byPersona, elk);
        assertGrid(layout);
        expect(layout.rows.filter(r => r.lane === 'touchpoints').map(r => r.row)).toEqual(['Sofiane', 'Inès']);
    });

    test('grouped by persona with a persona filter, every touchpoint shown sits in that persona\'s row', async () => {
        // Inès is the second persona of the shared touchpoints: they must not land in Sofiane's row.
        const doc = await parseMap(readFileSync(join(examplesDir, 'retail-ideal.journey'), 'utf8'));
        const [ines] = buildDiagramModels(doc.parseResult.value, { groupBy: 'persona', persona: 'Inès' });
        expect(touchpoints(ines.cards).some(tp => tp.personas[0].id !== 'Inès')).toBe(true);
        expect(touchpoints(ines.cards).map(tp => tp.row)).toEqual(touchpoints(ines.cards).map(() => 'Inès'));
        expect(ines.lanes.find(l => l.id === 'touchpoints')!.rows.map(r => r.label)).toEqual(['Inès, 27 ans, achète surtout sur mobile']);
    });

    test('touchpoints without a channel get their own row', async () => {
        const doc = await parseMap(`journey J { stage S { touchpoint A "A" touchpoint B "B" { channel Web } } channel Web "Web" digital }`);
        const [model] = buildDiagramModels(doc.parseResult.value);
        expect(model.lanes.find(l => l.id === 'touchpoints')!.rows.map(r => r.label)).toEqual(['Web', 'No channel']);
    });

    test('empty lanes fold away, and the lanes option hides lanes', async () => {
        const doc = await parseMap(`journey Bare "Bare" { stage S1 { touchpoint A "A" { next B } } stage S2 { touchpoint B "B" } }`);
        const [bare] = buildDiagramModels(doc.parseResult.value);
        expect(bare.lanes.map(l => l.id)).toEqual(['touchpoints']);
        const taxi = (await loadExamples()).find(e => e.file === 'taxi-vs-vtc.journey')!.doc;
        const [full] = buildDiagramModels(taxi.parseResult.value);
        expect(full.lanes.map(l => l.id)).toEqual(['personas', 'goal', 'touchpoints', 'emotion', 'frictions', 'opportunities', 'metrics']);
        const [some] = buildDiagramModels(taxi.parseResult.value, { lanes: ['metrics', 'goal', 'backstage'] });
        expect(some.lanes.map(l => l.id)).toEqual(['goal', 'metrics']);
        expect(new Set(some.cards.map(c => c.lane))).toEqual(new Set(['goal', 'metrics']));
        expect(some.flows).toEqual([]);
        const layout = await layoutDiagram(some, elk);
        expect(layout.rows.map(r => r.lane)).toEqual(['goal', 'metrics']);
        expect(layout.edges).toEqual([]);
        expect(layout.emotion).toBeUndefined();
    });

    test('a hostile title and hostile labels render as text', async () => {
        const hostile = '</text><script>alert(1)</script>';
        const doc = await parseMap(`journey X "${hostile}" {
            stage S "<b>&amp; \\"quoted\\" 'single'" { goal "]]> <!-- -->" touchpoint T "${hostile}" { channel C emotion 1 friction "onload=alert(1)" severity high } }
            channel C "<img src=x onerror=alert(1)>" digital
        }`);
        const [{ svg, layout }] = await pipeline(doc);
        const root = checkSafeSvg(svg);
        expect(svg).not.toContain('<img');
        expect(root.children.find(c => typeof c !== 'string' && c.name === 'title')).toMatchObject({ children: [hostile] });
        const text = textLines(root).join('\n');
        expect(text).toContain(hostile);
        expect(text).toContain('<b>&amp; "quoted" \'single\'');
        expect(text).toContain('onload=alert(1)');
        expect(layout.diagram.title).toBe(hostile);
        // Characters XML cannot carry do not break the document.
        const [control] = await pipeline(await parseMap(`journey Y "bell \\u0007 ok" { stage S { touchpoint T "a\u0001b" } }`));
        parseXml(control.svg);
    });

    test('a broken document still gives a diagram (unresolved names keep their text)', async () => {
        for (const file of readdirSync(join(examplesDir, 'invalid'))) {
            const doc = await parseMap(readFileSync(join(examplesDir, 'invalid', file), 'utf8'));
            for (const { layout, svg } of await pipeline(doc)) {
                checkSafeSvg(svg);
                assertGrid(layout);
            }
        }
        const doc = await parseMap(`journey Z { stage S { touchpoint T { channel Nowhere personas Nobody owner NoTeam next Missing } } metric M in NoStage target 5 }`);
        const [model] = buildDiagramModels(doc.parseResult.value);
        const [tp] = touchpoints(model.cards);
        expect(tp.channels).toEqual([{ id: 'Nowhere', label: 'Nowhere' }]);
        expect(tp.owner).toEqual({ id: 'NoTeam', label: 'NoTeam' });
        expect(model.flows).toEqual([]);
        // Half-typed declarations (no name yet) still get distinct ids.
        const [partial] = buildDiagramModels((await parseMap(`journey P { stage S { touchpoint touchpoint { emotion 1 } } metric in S }`)).parseResult.value);
        const ids = partial.cards.map(c => c.id);
        expect(ids.some(id => id.includes('undefined'))).toBe(false);
        expect(new Set(ids).size).toBe(ids.length);
    });

    test('ELK orders the touchpoints of a cell so that flows do not cross, and caches its answer by topology', async () => {
        const map = (label: string) => `journey K { channel W "Web" digital
            stage S1 { touchpoint A "${label}" { channel W next D } touchpoint B { channel W next C } }
            stage S2 { touchpoint C { channel W } touchpoint D { channel W } } }`;
        const doc = await parseMap(map('A'));
        const [model] = buildDiagramModels(doc.parseResult.value);
        const y = (layout: LaidOutDiagram, name: string) => layout.cards.find(c => c.id === `touchpoint:${name}`)!.y;
        // In source order (A over B, C over D) the two flows cross.
        const plain = await layoutDiagram(model, { layout: () => Promise.reject(new Error('no ELK')) });
        expect(y(plain, 'A') < y(plain, 'B') && y(plain, 'C') < y(plain, 'D')).toBe(true);
        const ordered = await layoutDiagram(model, elk);
        expect(ordered.ordering).toBe('elk');
        expect(y(ordered, 'A') < y(ordered, 'B')).toBe(y(ordered, 'D') < y(ordered, 'C'));
        assertGrid(ordered);
        // Typing a label changes no flow: the order comes from the cache, the same way.
        const [relabelled] = buildDiagramModels((await parseMap(map('A longer label'))).parseResult.value);
        const again = await layoutDiagram(relabelled, elk);
        expect(again.ordering).toBe('elk-cached');
        expect(y(again, 'A') < y(again, 'B')).toBe(y(ordered, 'A') < y(ordered, 'B'));
    });

    test('a map whose flows go from each touchpoint to the next one in the text is not given to ELK: ELK would keep that order', async () => {
        const notAsked: ElkApi = { layout: () => Promise.reject(new Error('ELK was asked')) };
        // Seeded stand-in for Math.random: the same maps on every run.
        let seed = 11;
        const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
        for (let trial = 0; trial < 12; trial++) {
            const stages = 1 + Math.floor(random() * 8), channels = 1 + Math.floor(random() * 5);
            const lines = ['journey P "P" {', ...Array.from({ length: channels }, (_, c) => `  channel C${c} "C${c}" digital`)];
            let count = 0;
            for (let s = 0; s < stages; s++) {
                lines.push(`  stage S${s} {`);
                for (let k = 1 + Math.floor(random() * 10); k > 0; k--, count++) lines.push(`    touchpoint T${count} { channel C${Math.floor(random() * channels)} next T${count + 1} }`);
                lines.push('  }');
            }
            lines.push('}');
            // The last touchpoint points nowhere: its `next` is dropped with its line.
            const text = lines.join('\n').replace(` next T${count} }`, ' }');
            const [model] = buildDiagramModels((await parseMap(text)).parseResult.value);
            const order = touchpoints(model.cards).map(c => c.id);
            expect(model.flows).toHaveLength(order.length - 1);
            const layout = await layoutDiagram(model, notAsked);
            expect(layout.ordering).toBe('source');
            expect(layout.orderingNote).toBeUndefined();
            // ELK itself, asked anyway: in every cell its order is the source order.
            const placed = await elk.layout(flowGraph(model, order));
            const y = new Map((placed.children ?? []).map(n => [n.id, [n.y ?? 0, n.x ?? 0]]));
            for (const card of touchpoints(model.cards)) {
                const cell = touchpoints(model.cards).filter(c => c.stage === card.stage && c.row === card.row).map(c => c.id);
                const byElk = [...cell].sort((a, b) => y.get(a)![0] - y.get(b)![0] || y.get(a)![1] - y.get(b)![1]);
                expect(byElk).toEqual(cell);
            }
        }
        // A branch, or a flow that skips a touchpoint, still goes to ELK.
        for (const flows of ['next B, C', 'next C']) {
            const doc = await parseMap(`journey Q { channel W "W" digital stage S { touchpoint A { channel W ${flows} } touchpoint B { channel W next C } touchpoint C { channel W } } }`);
            const [model] = buildDiagramModels(doc.parseResult.value);
            expect((await layoutDiagram(model, notAsked)).orderingNote).toContain('ELK was asked');
        }
    });

    test('when ELK fails the layout falls back to source order and says so', async () => {
        const failing: ElkApi = { layout: () => Promise.reject(new Error('worker died')) };
        const doc = await parseMap(`journey F { stage S1 { touchpoint A { next B } touchpoint X } stage S2 { touchpoint B } }`);
        const [model] = buildDiagramModels(doc.parseResult.value);
        const layout = await layoutDiagram(model, failing);
        expect(layout.ordering).toBe('source');
        expect(layout.orderingNote).toContain('worker died');
        expect(layout.edges).toHaveLength(1);
    });

    test('a 10,000-touchpoint chain lays out without ELK and without throwing', async () => {
        const count = 10_000, stages = 20;
        const lines = ['journey Chain "Chain" {', '  channel C1 "Web" digital', '  channel C2 "Shop" physical'];
        for (let s = 0; s < stages; s++) {
            lines.push(`  stage S${s} {`);
            for (let i = (s * count) / stages; i < ((s + 1) * count) / stages; i++) {
                lines.push(`    touchpoint T${i} "Step ${i}" { channel C${(i % 2) + 1} emotion ${(i % 5) - 2}${i + 1 < count ? ` next T${i + 1}` : ''} }`);
            }
            lines.push('  }');
        }
        lines.push('}');
        const doc = await parseMap(lines.join('\n'));
        const [model] = buildDiagramModels(doc.parseResult.value);
        expect(model.flows).toHaveLength(count - 1);
        const layout = await layoutDiagram(model, elk);
        expect(layout.ordering).toBe('source');
        expect(layout.orderingNote).toContain(`${count} touchpoints`);
        expect(count).toBeGreaterThan(ELK_MAX_NODES);
        expect(layout.edges).toHaveLength(count - 1);
        expect(layout.edges.every(e => e.points.length >= 2)).toBe(true);
        expect(renderSvg(layout).length).toBeGreaterThan(count * 100);
    }, 120_000);
});

describe('text measure', () => {
    test('wrapping keeps every character and every line fits', () => {
        const samples = ['Résiliation uniquement par téléphone, sauf par courrier recommandé', 'Supercalifragilisticexpialidocious-and-then-some', '', 'a\nb', '中文字符测试中文字符测试中文字符测试'];
        for (const text of samples) {
            const lines = wrapText(text, 120, 12);
            expect(lines.join('').replace(/\s/g, '')).toBe(text.replace(/\s/g, ''));
            for (const line of lines) if ([...line].length > 1) expect(measureText(line, 12)).toBeLessThanOrEqual(120);
        }
        expect(wrapText('a\nb', 500, 12)).toEqual(['a', 'b']);
    });

    test('French spaced punctuation never starts or ends a line away from its word', () => {
        const text = 'SMS « votre commande est prête » : venez ! Vraiment ?';
        for (let width = 80; width <= 240; width += 5) {
            const lines = wrapText(text, width, 12);
            expect(lines.join('').replace(/\s/g, '')).toBe(text.replace(/\s/g, ''));
            for (const line of lines) expect(line, `width ${width}`).not.toMatch(/^[»:;!?]|«$/);
        }
    });

    test('widths follow the glyphs: wide letters, accents as their base, CJK as a full em', () => {
        expect(measureText('WWW', 12)).toBeGreaterThan(measureText('iii', 12) * 3);
        expect(measureText('é', 12)).toBe(measureText('e', 12));
        expect(measureText('中', 10)).toBeGreaterThan(measureText('a', 10) * 1.5);
    });
});

describe('the XML check used by these tests', () => {
    test('rejects what an XML parser rejects', () => {
        for (const bad of ['<a><b></a>', '<a x=1/>', '<a>&</a>', '<a>&nbsp;</a>', '<a x="1" x="2"/>', '<a/><b/>', '<a>', 'text<a/>', '<a x="<"/>']) {
            expect(() => parseXml(bad), bad).toThrow();
        }
        expect(parseXml('<?xml version="1.0"?>\n<a b="&lt;&#38;"><c>&amp;&#x41;</c></a>')).toEqual({ name: 'a', attributes: { b: '<&' }, children: [{ name: 'c', attributes: {}, children: ['&A'] }] });
    });
});

describe('view options applied to the full model (the preview worker\'s path)', () => {
    beforeAll(async () => { await loadExamples(); });

    test('the full model, filtered later, draws what render draws; unfiltering restores it', async () => {
        const doc = await parseMap(readFileSync(join(examplesDir, 'media-subscription.journey'), 'utf8'));
        const [full] = buildDiagramModels(doc.parseResult.value);
        for (const options of [{ persona: 'Abonné' }, { groupBy: 'persona' as const }, { lanes: ['touchpoints' as const, 'emotion' as const] }, { persona: 'Lectrice', groupBy: 'persona' as const, lanes: ['goal' as const, 'touchpoints' as const] }]) {
            const [built] = buildDiagramModels(doc.parseResult.value, options);
            const applied = applyViewOptions(JSON.parse(JSON.stringify(full)), options);
            expect(applied).toEqual(built);
            expect(renderSvg(await layoutDiagram(applied, elk))).toBe(renderSvg(await layoutDiagram(built, elk)));
            expect(applyViewOptions(full, {})).toEqual(full);
        }
        expect(full.cards.length).toBeGreaterThan(applyViewOptions(full, { persona: 'Abonné' }).cards.length);
    });

    test('options that show the full view build, byte for byte, what applying them to the full model gives', async () => {
        const maps = readdirSync(examplesDir).filter(file => file.endsWith('.journey')).map(file => readFileSync(join(examplesDir, file), 'utf8'));
        const fullViews = [{}, { groupBy: 'channel' as const }, { persona: '' }, { lanes: [...LANE_IDS].reverse() }, { locale: 'fr' as const }];
        for (const text of [...maps, generateMap(3, 200)]) {
            const model = (await parseMap(text)).parseResult.value;
            for (const options of fullViews) {
                const full = buildDiagramModels(model, { locale: options.locale });
                expect(JSON.stringify(buildDiagramModels(model, options)), JSON.stringify(options)).toBe(JSON.stringify(full.map(d => applyViewOptions(d, options))));
            }
        }
    });
});
