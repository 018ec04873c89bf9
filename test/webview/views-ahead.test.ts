// The views the layout worker sends the preview page ahead (a toolbar click away), drawn at the
// click without asking the worker: each drawn one must still be a version the worker keeps (a
// card's click finds its source, an export draws it), and they must not pile up.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { packDiagramMessage, type RevealMessage } from '../../src/common/webview-messages.js';
import { inlineDiagramMessage, listenForAheadOver, openPreviewPage, type PreviewPage } from './harness.js';
import { eventually } from './eventually.js';

let preview: PreviewPage;

beforeAll(async () => {
    preview = await openPreviewPage();
}, 60_000);

afterAll(async () => {
    await preview?.close();
});

const rowLabels = () => preview.page.$$eval('#canvas .jm-row-label', labels => labels.map(l => (l.textContent ?? '').trim()).join('|'));

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
});
