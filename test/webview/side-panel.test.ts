// Issue 11, point 7: in a side panel the preview opens at a readable scale, fitted to the
// map's width (the rest below), fit-all one key away; the toolbar stays one row.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { diagramMessage, EXAMPLES, loadExamples, openPreviewPage, type PreviewPage } from './harness.js';

let preview: PreviewPage;

beforeAll(async () => {
    preview = await openPreviewPage({ width: 480, height: 900 });
}, 60_000);

afterAll(async () => {
    await preview?.close();
});

const transform = () => preview.page.$eval('#canvas', canvas => {
    const match = /translate\(([-\d.]+)px, ([-\d.]+)px\) scale\(([\d.]+)\)/.exec((canvas as HTMLElement).style.transform)!;
    return { x: Number(match[1]), y: Number(match[2]), scale: Number(match[3]) };
});

describe('preview in a side panel (480 px wide)', () => {
    test('opens at a readable scale, its top in view; 0 shows all of it, 1 comes back', async () => {
        const examples = await loadExamples();
        await preview.showDiagram(diagramMessage(examples.get(join(EXAMPLES, 'taxi-vs-vtc.journey'))!));
        const first = await transform();
        const width = await preview.page.$eval('#canvas > svg', svg => Number(svg.getAttribute('width')));
        expect(width * 0.75).toBeGreaterThan(480); // wide map: fitting it all would be unreadable
        expect(first.scale).toBeGreaterThanOrEqual(0.75);
        expect(first.y).toBe(16);
        expect(first.x).toBe(16);
        await preview.page.keyboard.press('0');
        const all = await transform();
        expect(all.scale).toBeLessThan(first.scale);
        await preview.page.keyboard.press('1');
        expect(await transform()).toEqual(first);
    });

    test('the toolbar is one row', async () => {
        // Items of one row share their vertical middle (they are centred on it).
        const middles = await preview.page.$$eval('#toolbar > *', items => items.map(item => {
            const box = item.getBoundingClientRect();
            return box.top + box.height / 2;
        }));
        expect(middles.length).toBeGreaterThan(3);
        expect(Math.max(...middles) - Math.min(...middles), String(middles)).toBeLessThan(2);
        const height = await preview.page.$eval('#toolbar', toolbar => toolbar.getBoundingClientRect().height);
        expect(height).toBeLessThan(60);
    });
});
