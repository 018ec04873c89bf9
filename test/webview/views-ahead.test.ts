// The views the layout worker sends the preview page ahead (a toolbar click away), drawn at the
// click without asking the worker: each drawn one must still be a version the worker keeps (a
// card's click finds its source, an export draws it), and they must not pile up.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { join } from 'node:path';
import type { LangiumDocument } from 'langium';
import { packDiagramMessage, type RevealMessage } from '../../src/common/webview-messages.js';
import { clickRadio, diagramMessage, EXAMPLES, inlineDiagramMessage, listenForAheadOver, loadExamples, openPreviewPage, type PreviewPage } from './harness.js';
import { eventually } from './eventually.js';
import { nextOptions } from '../../webview/prepared-layouts.js';
import { LANE_IDS, type DiagramOptions } from '../../src/diagram/types.js';

let preview: PreviewPage;
let examples: Map<string, LangiumDocument>;
const retail = () => examples.get(join(EXAMPLES, 'retail-ideal.journey'))!;

beforeAll(async () => {
    examples = await loadExamples();
    preview = await openPreviewPage();
}, 60_000);

afterAll(async () => {
    await preview?.close();
});

const rowLabels = () => preview.page.$$eval('#canvas .jm-row-label', labels => labels.map(l => (l.textContent ?? '').trim()).join('|'));

const highlighted = () => preview.page.$$eval('#canvas g.card.highlighted', cards => [...new Set(cards.map(c => c.getAttribute('data-id')))]);

/** The messages the page posted since `from` of a type. */
async function postedSince<T extends string>(from: number, type: T) {
    return (await preview.posted()).slice(from).filter(m => m.type === type);
}

describe('views sent ahead', () => {
    test('a click right after another journey was picked and picked back draws a version the worker keeps (a card click reveals, an export draws)', async () => {
        const message = packDiagramMessage(await inlineDiagramMessage(`persona P "Pia" { goal "g" }
persona Q "Quentin" { goal "g" }
channel C "Web" digital
journey One "Premier" {
  stage S "S" {
    touchpoint A "Alpha" { channel C personas P emotion 1 }
    touchpoint A2 "Alpha deux" { channel C personas Q emotion 1 }
  }
}
journey Two "Second" {
  stage S "S" { touchpoint B "Bravo" { channel C personas Q emotion 1 } }
}
`, 'file:///inline/two-journeys.journey'));
        const aheadOver = await listenForAheadOver(preview.page);
        await preview.showDiagram(message);
        await aheadOver();
        expect(await preview.page.textContent('#canvas svg title')).toBe('Premier');
        const byChannel = await rowLabels();
        // The other journey, back, and a click on the grouping: all in one task, before the worker answers.
        await preview.page.evaluate(() => {
            const picker = document.querySelector('vscode-dropdown[aria-label="Journey"]') as HTMLElement & { value: string };
            for (const journey of ['Two', 'One']) {
                picker.value = journey;
                picker.dispatchEvent(new Event('change'));
            }
            (document.querySelector('vscode-radio[value="persona"]') as HTMLElement).click();
        });
        // Grouped by persona: a row per persona, the first journey's cards.
        await eventually(rowLabels).not.toEqual(byChannel);
        expect(await rowLabels()).toContain('Quentin');
        expect(await preview.page.textContent('#canvas svg title')).toBe('Premier');
        const posted = (await preview.posted()).length;
        await preview.page.click('#canvas g.card[data-id="touchpoint:A2"]');
        await eventually(async () => (await postedSince(posted, 'reveal')).length).toBe(1);
        expect((await postedSince(posted, 'reveal') as RevealMessage[])[0].uri).toBe(message.uri);
        await preview.page.click('vscode-button:has-text("Export SVG")');
        await eventually(async () => (await postedSince(posted, 'export')).length).toBe(1);
        expect(await preview.page.isHidden('#banner')).toBe(true);
        // Back to the defaults for the next test.
        await preview.page.click('vscode-radio[value="channel"]');
        await eventually(rowLabels).toEqual(byChannel);
        expect(await preview.problems()).toEqual([]);
    });

    test('the card at the cursor, in the margin around the window, is marked after a click drawn ahead (the margin drawn in slices)', async () => {
        const message = diagramMessage(retail());
        const card = message.diagrams[0].cards.find(c => c.id === 'touchpoint:Paiement')!;
        let aheadOver = await listenForAheadOver(preview.page);
        await preview.showDiagram(packDiagramMessage(message));
        await aheadOver();
        for (let i = 0; i < 6; i++) await preview.page.keyboard.press('+');
        aheadOver = await listenForAheadOver(preview.page);
        await clickRadio(preview.page, 'persona');
        await aheadOver();
        // The cursor in the card: it is marked and brought into view.
        await preview.send({ type: 'cursor', uri: message.uri, position: { line: card.range.start.line + 2, character: 4 } });
        // By persona, the card at the cursor is one persona's copy of it.
        await eventually(async () => (await highlighted()).length).toBe(1);
        const [marked] = await highlighted();
        expect(marked).toMatch(new RegExp(`^${card.id}@`));
        // Panned so that it is just left of the window: in the margin drawn around it.
        const [box, area] = await Promise.all([
            preview.page.locator(`#canvas g.card[data-id="${marked}"]`).first().boundingBox(),
            preview.page.locator('#viewport').boundingBox()
        ]);
        await preview.page.mouse.move(area!.x + area!.width / 2, area!.y + area!.height / 2);
        await preview.page.mouse.wheel(box!.x + box!.width - area!.x + 10, 0);
        await preview.page.waitForFunction(() => document.getElementById('canvas')!.dataset.drawing === undefined);
        const inWindow = () => preview.page.$$eval(`#canvas g.card[data-id="${marked}"]`, (cards, view) => cards.some(c => {
            const r = c.getBoundingClientRect();
            return r.right > view.x && r.left < view.x + view.width && r.bottom > view.y && r.top < view.y + view.height;
        }), area!);
        await eventually(highlighted).toEqual([marked]);
        expect(await inWindow()).toBe(false);
        // Away and back, each view sent ahead: the window drawn first, the margin after.
        aheadOver = await listenForAheadOver(preview.page);
        await clickRadio(preview.page, 'channel');
        await aheadOver();
        await clickRadio(preview.page, 'persona');
        expect(await inWindow()).toBe(false);
        expect(await preview.page.$$eval(`#canvas g.card[data-id="${marked}"]`, cards => cards.length)).toBeGreaterThan(0);
        await eventually(highlighted).toEqual([marked]);
        await preview.send({ type: 'cursor', uri: 'file:///elsewhere.journey', position: { line: 0, character: 0 } });
        await clickRadio(preview.page, 'channel');
        await preview.page.keyboard.press('0');
        expect(await preview.problems()).toEqual([]);
    });

    test('the map sent again (nothing to draw) still has its views a click away laid out ahead', async () => {
        // The same message twice, as the host sends it again (the preview shown again, a confirmed echo): the
        // second is answered "unchanged", and its work ahead is not skipped. (It was: under load the work
        // ahead of the first had been stopped by a later request, and no view a click away was laid out.)
        const message = diagramMessage(retail());
        let aheadOver = await listenForAheadOver(preview.page);
        await preview.showDiagram(packDiagramMessage(message));
        await aheadOver();
        aheadOver = await listenForAheadOver(preview.page);
        await preview.page.evaluate(m => window.postMessage(m, '*'), packDiagramMessage(message));
        await aheadOver();
        expect(Number(await preview.page.$eval('#canvas', canvas => canvas.dataset.ahead))).toBeGreaterThan(0);
    });

    test('only the views a click away from the one shown are kept, by the page and the worker alike, however many clicks came before', async () => {
        const message = diagramMessage(retail());
        const diagram = message.diagrams[0];
        let aheadOver = await listenForAheadOver(preview.page);
        await preview.showDiagram(packDiagramMessage(message));
        await aheadOver();
        const lanes = diagram.lanes.map(l => l.id).filter(id => id !== 'touchpoints');
        expect(lanes.length).toBeGreaterThan(1);
        let options: DiagramOptions = {};
        const revisionBefore = () => preview.page.$eval('#canvas', canvas => canvas.dataset.revision);
        // The grouping, a lane hidden, the grouping, the lane shown again, … and a persona now and then: 24 clicks, many views.
        for (let i = 0; i < 24; i++) {
            const before = await revisionBefore();
            aheadOver = await listenForAheadOver(preview.page);
            if (i % 2 === 0) {
                options = { ...options, groupBy: options.groupBy === 'persona' ? 'channel' : 'persona' };
                await preview.page.click(`vscode-radio[value="${options.groupBy}"]`);
            } else {
                const lane = lanes[Math.floor(i / 4) % lanes.length];
                const shown = options.lanes ?? [...LANE_IDS];
                options = { ...options, lanes: shown.includes(lane) ? shown.filter(l => l !== lane) : LANE_IDS.filter(l => l === lane || shown.includes(l)) };
                await preview.page.evaluate(() => { (document.querySelector('details.lanes') as HTMLDetailsElement).open = true; });
                await preview.page.locator('vscode-checkbox').nth(LANE_IDS.indexOf(lane)).click();
            }
            await preview.page.waitForFunction(previous => document.getElementById('canvas')!.dataset.revision !== previous, before);
            await aheadOver();
        }
        // The page took the views sent since (the worker posts them before its mark).
        await preview.page.evaluate(() => new Promise(resolve => setTimeout(resolve, 0)));
        const aClickAway = nextOptions(diagram, options).length;
        const pageKeeps = Number(await preview.page.$eval('#canvas', canvas => canvas.dataset.ahead));
        const workerKeeps = (await Promise.all(preview.page.workers().map(w => w.evaluate(() => (self as unknown as { journeyKept?: () => { kept: number; offered: number; offeredChars: number } }).journeyKept?.()))))
            .find(kept => kept !== undefined)!;
        // (None on a machine too slow to lay views out ahead: AHEAD_MAX_MS.)
        expect(pageKeeps).toBeLessThanOrEqual(aClickAway + 1);
        expect(workerKeeps.offered).toBeLessThanOrEqual(aClickAway + 1);
        // Besides those: the version shown (and an echo's).
        expect(workerKeeps.kept).toBeLessThanOrEqual(workerKeeps.offered + 2);
        // Every view kept still draws, and is a version the worker keeps: a card's click finds its source.
        const before = await revisionBefore();
        options = { ...options, groupBy: options.groupBy === 'persona' ? 'channel' : 'persona' };
        await preview.page.click(`vscode-radio[value="${options.groupBy}"]`);
        await preview.page.waitForFunction(previous => document.getElementById('canvas')!.dataset.revision !== previous, before);
        await preview.page.keyboard.press('0');
        const posted = (await preview.posted()).length;
        await preview.page.locator('#canvas g.card[data-kind="touchpoint"]').first().click();
        await eventually(async () => (await postedSince(posted, 'reveal')).length).toBe(1);
        expect(await preview.problems()).toEqual([]);
    });
});
