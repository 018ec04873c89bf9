// The preview lays a map out again after every keystroke: at 10,000 touchpoints measuring every
// card's texts anew was a third of that layout. Texts measured in the layouts before are looked
// up, so an answer that changes one card measures that card's texts, not the map's. Counted
// through the real layout: the measuring functions are the real ones, wrapped to count calls.
import { describe, expect, test, vi } from 'vitest';
import { generateMap, SHARED_DECLARATIONS } from '../../bench/generate-maps.js';
import { applyViewOptions, layoutDiagram, renderSvg, type DiagramModel } from '../../src/diagram/index.js';
import { rewrappedStage } from '../../src/diagram/layout.js';
import { buildDiagramModels } from '../../src/diagram/index.js';
import { elk, parse } from './fixtures.js';

const measured = vi.hoisted(() => ({ texts: [] as string[] }));
vi.mock('../../src/diagram/text.js', async original => {
    const real = await original<typeof import('../../src/diagram/text.js')>();
    return {
        ...real,
        wrapLines: (text: string, ...rest: [number, number, number]) => { measured.texts.push(text); return real.wrapLines(text, ...rest); },
        measureText: (text: string, size: number) => { measured.texts.push(text); return real.measureText(text, size); }
    };
});

let common: Promise<unknown> | undefined;
const maps = new Map<number, Promise<DiagramModel>>();
/** The bench's map of `touchpoints` (parsed once; copy it before changing it). */
function bigMap(touchpoints: number): Promise<DiagramModel> {
    if (!maps.has(touchpoints)) maps.set(touchpoints, (async () => {
        await (common ??= parse(SHARED_DECLARATIONS, { documentUri: 'file:///measures/common.journey' }));
        const doc = await parse(generateMap(0, touchpoints), { documentUri: `file:///measures/map-${touchpoints}.journey` });
        return buildDiagramModels(doc.parseResult.value)[0];
    })());
    return maps.get(touchpoints)!;
}

/** The model as a new message brings it: the same content in new objects. */
const copy = (model: DiagramModel): DiagramModel => JSON.parse(JSON.stringify(model)) as DiagramModel;

describe('the layout measures only the texts that changed', () => {
    test('an answer changing one card at 1,000 touchpoints measures that card, and lays out as a fresh layout does', async () => {
        const model = await bigMap(1000);
        await layoutDiagram(applyViewOptions(copy(model)), elk);
        const edited = copy(model);
        const card = edited.cards.find(c => c.kind === 'touchpoint' && c.stage === edited.stages[3].id)!;
        // Short: its column keeps its width (a wider text would wrap the column's cards anew).
        card.text = `${card.text} bis`;
        measured.texts.length = 0;
        const laidOut = await layoutDiagram(applyViewOptions(edited), elk);
        expect(measured.texts).toContain(card.text);
        // Its title (measured for the column's width, then wrapped) and nothing else of its 1,000 touchpoints' cards.
        expect(measured.texts.length).toBeLessThanOrEqual(4);
        expect(new Set(measured.texts)).toEqual(new Set([card.text]));
        // The same map as laid out from nothing remembered (another module instance of the layout).
        vi.resetModules();
        const fresh = await import('../../src/diagram/layout.js');
        const expected = await fresh.layoutDiagram(applyViewOptions(edited), elk);
        expect(renderSvg(laidOut)).toBe(renderSvg(expected));
    });

    test('a stage label changed: its header is measured again, and its column', async () => {
        const model = await bigMap(200);
        await layoutDiagram(applyViewOptions(copy(model)), elk);
        const edited = copy(model);
        edited.stages[2].label = `${edited.stages[2].label} b`;
        measured.texts.length = 0;
        await layoutDiagram(applyViewOptions(edited), elk);
        expect(new Set(measured.texts)).toEqual(new Set([edited.stages[2].label]));
    });

    test('a stage label rewrapped alone is its column as a new layout has it; one that widens its column is not', async () => {
        const model = await bigMap(200);
        const before = await layoutDiagram(applyViewOptions(copy(model)), elk);
        const edited = applyViewOptions(copy(model));
        edited.stages[2] = { ...edited.stages[2], label: `${edited.stages[2].label} b` };
        const fresh = await layoutDiagram(edited, elk);
        expect(rewrappedStage({ ...before, diagram: edited }, edited.stages[2].id)).toEqual(fresh.columns[2]);
        edited.stages[2] = { ...edited.stages[2], label: 'Une étape dont le nom est bien plus long que ses cartes' };
        expect(rewrappedStage({ ...before, diagram: edited }, edited.stages[2].id)).toBeUndefined();
    });
});
