// A big map's markup far from the view comes after the map (webview/map-pieces.ts, fill-queue.ts),
// in the built preview page (headless Chromium): what the page holds is what gets filled, a map
// fitted anew gets its own first view rendered first, and the card at the cursor stays marked.
import { describe, expect, test } from 'vitest';
import { packDiagramMessage, type EchoMessage, type PackedDiagramMessage } from '../../src/common/webview-messages.js';
import { LANE_IDS } from '../../src/diagram/types.js';
import { inlineDiagramMessage, usePreviewPage, type PreviewPage } from './harness.js';
import { eventually } from './eventually.js';

let preview: PreviewPage;
usePreviewPage(page => { preview = page; });

/** 2,100 cards (more than DEFER_MIN_CARDS): 60 stages of 35 touchpoints, all in view zoomed out; `label` names the first one. */
function wideMap(label = 'Touchpoint 0.0', name = 'Touchpoint'): string {
    const stages = Array.from({ length: 60 }, (_, s) => `  stage S${s} "Stage ${s}" {\n${Array.from({ length: 35 }, (_, t) =>
        `    touchpoint T${s}_${t} "${s + t === 0 ? label : `${name} ${s}.${t}`}" { channel C${t % 2} }`).join('\n')}\n  }`).join('\n');
    return `channel C0 "Web" digital\nchannel C1 "Shop" physical\njourney Wide "Wide" {\n${stages}\n}\n`;
}

async function wide(uri: string, text = wideMap()): Promise<{ message: PackedDiagramMessage; total: number; ranges: Map<string, { line: number; character: number }> }> {
    const built = await inlineDiagramMessage(text, uri);
    const cards = built.diagrams[0]?.cards ?? [];
    return { message: packDiagramMessage(built), total: cards.length, ranges: new Map(cards.map(card => [card.id, card.range!.start])) };
}

const drawnCards = () => preview.page.$$eval('#canvas g.card', cards => cards.length);
const holdFills = () => preview.page.evaluate(() => { (window as unknown as { __heldFills: unknown[] }).__heldFills = []; });
const releaseFills = () => preview.page.evaluate(() => (window as unknown as { __releaseFills: () => number }).__releaseFills());
/** Deferred leaves in the worker's answers with pieces since `recordAnswers` (a map's first answer). */
const recordAnswers = () => preview.page.evaluate(() => { (window as unknown as { __workerAnswers: string[] }).__workerAnswers = []; });
const deferredAnswered = () => preview.page.evaluate(() => {
    const answers = (window as unknown as { __workerAnswers: string[] }).__workerAnswers.filter(answer => answer.includes('"pieces":') && !answer.startsWith('{"ahead":'));
    delete (window as unknown as { __workerAnswers?: string[] }).__workerAnswers;
    return answers.map(answer => answer.split('"deferred":').length - 1);
});

describe('the markup of a big map that comes after it', () => {
    test('a newer map the page drops (a valid keystroke, then a broken one before its answer): the map kept is filled whole', async () => {
        const uri = 'file:///maps/dropped.journey';
        const first = await wide(uri);
        // A touchpoint added, then a text broken.
        const typed = await wide(uri, wideMap('Typed').replace('  stage S0 "Stage 0" {\n', '  stage S0 "Stage 0" {\n    touchpoint Added "Typed" { channel C0 }\n'));
        const broken = await wide(uri, 'journey Wide "Wide" {\n  stage {');
        // Its fill waits for the page's word that it painted it (held back: the keystroke comes first).
        await preview.page.evaluate(() => { (window as unknown as { __heldPainted: unknown[] }).__heldPainted = []; });
        await preview.showDiagram(first.message);
        // The keystroke's map is held back until the broken text came.
        await preview.page.evaluate(() => { (window as unknown as { __heldMaps: unknown[] }).__heldMaps = []; });
        await preview.send(typed.message);
        await eventually(() => preview.page.evaluate(() => (window as unknown as { __heldMaps: unknown[] }).__heldMaps.length)).toBe(1);
        await preview.send(broken.message);
        await preview.page.waitForFunction(() => !document.getElementById('banner')!.hidden);
        // The keystroke's map comes now: dropped (the text stays broken).
        const revision = await preview.page.$eval('#canvas', canvas => canvas.dataset.revision);
        expect(await preview.page.evaluate(() => (window as unknown as { __releaseMaps: () => number }).__releaseMaps())).toBe(1);
        await preview.page.evaluate(() => (window as unknown as { __releasePainted: () => number }).__releasePainted());
        // The whole map in view: every card of the map kept gets drawn.
        await preview.page.keyboard.press('0');
        await eventually(drawnCards).toBe(first.total);
        expect(await preview.page.$eval('#canvas g.card[data-id="touchpoint:T0_0"]', card => card.textContent)).toContain('Touchpoint 0.0');
        expect(await preview.page.$eval('#canvas', canvas => canvas.dataset.revision)).toBe(revision);
        expect(await preview.problems()).toEqual([]);
    });

    test('a map of another document, fitted anew, has all but its first view deferred (not what the map before drew)', async () => {
        // The same journey and texts as the map kept under the banner before (a copy of its file).
        const before = await wide('file:///maps/before.journey');
        const revision = await preview.page.$eval('#canvas', canvas => canvas.dataset.revision);
        await preview.showDiagram(before.message);
        // Drawn (the banner still up from the broken text is no answer): a key pressed now zooms this map, not the one before.
        expect(await preview.page.$eval('#canvas', canvas => canvas.dataset.revision)).not.toBe(revision);
        expect(await preview.page.evaluate(() => document.getElementById('banner')!.hidden)).toBe(true);
        // The whole map before in view: the part it draws covers the next map too.
        await preview.page.keyboard.press('0');
        await eventually(drawnCards).toBe(before.total);
        // Its cards' texts differ (the markup of the cards drawn before is not rendered again: not deferred either).
        const next = await wide('file:///maps/next.journey', wideMap('Next', 'Next'));
        await holdFills();
        await recordAnswers();
        await preview.showDiagram(next.message);
        const [deferred] = await deferredAnswered();
        expect(deferred).toBeGreaterThan(next.total / 2);
        // Its first view is drawn at once.
        const drawn = await drawnCards();
        expect(drawn).toBeGreaterThan(0);
        expect(drawn).toBeLessThan(next.total / 2);
        await releaseFills();
        expect(await preview.problems()).toEqual([]);
    });

    test('a map filled whole: a keystroke echoed on a far card, then a new layout (a touchpoint added far from the first view), leave no card undrawn', async () => {
        const uri = 'file:///maps/filled.journey';
        const text = wideMap('Filled', 'Filled');
        const map = await wide(uri, text);
        await preview.showDiagram(map.message);
        await preview.page.keyboard.press('0');
        await eventually(drawnCards).toBe(map.total);
        const far = 'touchpoint:T59_34';
        const revision = await preview.page.$eval('#canvas', canvas => canvas.dataset.revision);
        await preview.send({ type: 'echo', uri, edits: [{ journey: 'Wide', kind: 'card', id: far, text: 'Filled 59.x' }] } satisfies EchoMessage);
        await preview.page.waitForFunction(previous => document.getElementById('canvas')!.dataset.revision !== previous, revision);
        expect(await drawnCards()).toBe(map.total);
        expect(await preview.page.$eval(`#canvas g.card[data-id="${far}"]`, card => card.textContent)).toContain('Filled 59.x');
        const added = await wide(uri, text.replace('    touchpoint T59_34 ', '    touchpoint Added "Added" { channel C0 }\n    touchpoint T59_34 '));
        await preview.showDiagram(added.message);
        await eventually(drawnCards).toBe(added.total);
        expect(await preview.page.$$('#canvas g.card[data-id="touchpoint:Added"]')).toHaveLength(1);
        expect(await preview.problems()).toEqual([]);
    });

    test('a map whose emotion lane is hidden before the map with it was filled: once all its markup came, a pan asks the worker for nothing', async () => {
        const uri = 'file:///maps/lanes.journey';
        // Emotions on every touchpoint: the emotion lane's points are deferred too.
        const withEmotions = await wide(uri, wideMap('Lanes', 'Lanes').replace(/\{ channel C(\d) \}/g, (_, c: string) => `{ channel C${c} emotion ${Number(c) * 2 - 1} }`));
        const hidden = { ...withEmotions.message, options: { ...withEmotions.message.options, lanes: LANE_IDS.filter(lane => lane !== 'emotion') } };
        await preview.page.evaluate(() => { (window as unknown as { __heldPainted: unknown[] }).__heldPainted = []; });
        await preview.showDiagram(withEmotions.message);
        expect(await preview.page.$$('#canvas g[data-key="emotion-points"]')).toHaveLength(1);
        await preview.showDiagram(hidden);
        await preview.page.evaluate(() => (window as unknown as { __releasePainted: () => number }).__releasePainted());
        await preview.page.keyboard.press('0');
        await eventually(drawnCards).toBe(withEmotions.total);
        // All drawn: panning tells the worker no view (it has nothing left to render).
        await preview.page.waitForTimeout(500);
        await preview.page.evaluate(() => { (window as unknown as { __toWorker: string[] }).__toWorker = []; });
        await preview.page.keyboard.press('1');
        await preview.page.waitForTimeout(200);
        await preview.page.keyboard.press('0');
        await preview.page.waitForTimeout(500);
        const told = await preview.page.evaluate(() => (window as unknown as { __toWorker: string[] }).__toWorker);
        expect(told.filter(type => type === 'view' || type === 'painted')).toEqual([]);
        expect(await preview.problems()).toEqual([]);
    });

    /** The wide map of `text` shown at `uri` with its fills held back, the cursor on its far card: brought into view, not drawn yet. */
    async function farCardAtCursorUndrawn(uri: string, text?: string): Promise<string> {
        const map = await wide(uri, text);
        await holdFills();
        await preview.showDiagram(map.message);
        const far = 'touchpoint:T59_34';
        const start = map.ranges.get(far)!;
        await preview.send({ type: 'cursor', uri, position: { line: start.line, character: start.character + 3 } });
        await preview.page.waitForFunction(() => !document.getElementById('canvas')!.dataset.drawing);
        await eventually(() => preview.page.evaluate(() => (window as unknown as { __heldFills: unknown[] }).__heldFills.length)).toBeGreaterThan(0);
        expect(await preview.page.$$(`#canvas g.card[data-id="${far}"]`)).toHaveLength(0);
        return far;
    }

    test('a card revealed at the cursor before its markup came is marked once it comes', async () => {
        const far = await farCardAtCursorUndrawn('file:///maps/cursor.journey');
        expect(await releaseFills()).toBeGreaterThan(0);
        await eventually(() => preview.page.$$eval(`#canvas g.card[data-id="${far}"]`, cards => cards.map(card => card.classList.contains('highlighted')))).toEqual([true]);
        expect(await preview.problems()).toEqual([]);
    });
    test('a card revealed at the cursor before its markup came is marked once an echo of its text brings it', async () => {
        const uri = 'file:///maps/cursor-echo.journey';
        const far = await farCardAtCursorUndrawn(uri, wideMap('Echoed', 'Echoed'));
        // Its markup comes with the echo (the fills still held back).
        const revision = await preview.page.$eval('#canvas', canvas => canvas.dataset.revision);
        await preview.send({ type: 'echo', uri, edits: [{ journey: 'Wide', kind: 'card', id: far, text: 'Echoed 59.x' }] } satisfies EchoMessage);
        await preview.page.waitForFunction(previous => document.getElementById('canvas')!.dataset.revision !== previous, revision);
        expect(await preview.page.$$eval(`#canvas g.card[data-id="${far}"]`, cards => cards.map(card => [card.textContent?.includes('Echoed 59.x'), card.classList.contains('highlighted')]))).toEqual([[true, true]]);
        await releaseFills();
        expect(await preview.problems()).toEqual([]);
    });
});
