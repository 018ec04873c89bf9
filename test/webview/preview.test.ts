// The built preview page in headless Chromium, under the extension's CSP, fed by a stub host
// with models the real pipeline built from the examples.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { LangiumDocument } from 'langium';
import { packDiagramMessage, type DiagramMessage, type PackedDiagramMessage, type RevealMessage } from '../../src/common/webview-messages.js';
import { escapeXml } from '../../src/diagram/svg.js';
import ELK from 'elkjs/lib/elk.bundled.js';
import { layoutDiagram } from '../../src/diagram/layout.js';
import type { DiagramOptions, ElkApi } from '../../src/diagram/types.js';
import { applyViewOptions } from '../../src/diagram/view-options.js';
import { diagramMessage, EXAMPLES, inlineDiagramMessage, listenForAheadOver as listenIn, loadExamples, openPreviewPage, ROOT, type PreviewPage } from './harness.js';
import { eventually } from './eventually.js';
import type { SvgPieces } from '../../webview/svg-pieces.js';

let preview: PreviewPage;
let examples: Map<string, LangiumDocument>;
const listenForAheadOver = () => listenIn(preview.page);
const retail = () => examples.get(join(EXAMPLES, 'retail-ideal.journey'))!;

beforeAll(async () => {
    examples = await loadExamples();
    preview = await openPreviewPage();
}, 60_000);

afterAll(async () => {
    await preview?.close();
});

/** Card text as drawn (wrapped lines joined), whitespace ignored. */
async function cardTexts(): Promise<Map<string, string>> {
    const entries = await preview.page.$$eval('#canvas g.card', cards => cards.map(card => [card.getAttribute('data-id')!, card.textContent ?? '']));
    return new Map(entries.map(([id, text]) => [id, text.replace(/\s+/g, '')]));
}

describe('preview page', () => {
    test.each(['media-subscription.journey', 'retail-ideal.journey', 'taxi-vs-vtc.journey'])('%s: every card is drawn with its text', async file => {
        const message = diagramMessage(examples.get(join(EXAMPLES, file))!);
        expect(message.errors).toEqual([]);
        for (const diagram of message.diagrams) {
            await preview.showDiagram({ ...message, diagrams: [diagram] });
            // The first view is the map's readable top; all of it (key 0) puts every card in view, so every card is drawn.
            await preview.page.keyboard.press('0');
            await preview.page.waitForFunction(count => document.querySelectorAll('#canvas g.card').length === count, diagram.cards.length);
            const drawn = await cardTexts();
            const touchpoints = diagram.cards.filter(card => card.kind === 'touchpoint');
            expect(touchpoints.length).toBeGreaterThan(0);
            for (const card of diagram.cards) {
                expect(drawn.get(card.id), card.id).toContain(card.text.replace(/\s+/g, ''));
            }
        }
    });

    test('the layout (ELK included) runs in a Web Worker started from a blob: URL', async () => {
        await preview.showDiagram(diagramMessage(retail()));
        const workers = await preview.page.evaluate(() => (window as unknown as { __workers: string[] }).__workers);
        expect(workers.length).toBeGreaterThanOrEqual(1);
        for (const url of workers) expect(url).toMatch(/^blob:/);
    });

    test.each([
        // Each with its own journey names: the page remembers the journey picked.
        ['with the models as objects (journey preview)', (message: DiagramMessage): DiagramMessage | PackedDiagramMessage => message, ''],
        ['with the models as JSON text (the extension)', packDiagramMessage, 'Packed']
    ])('the journey picker switches between the journeys of a file; the persona filter is applied in the page; %s', async (_, form, suffix) => {
        const source = await inlineDiagramMessage(`persona P "Pia" { goal "g" }
persona Q "Quentin" { goal "g" }
channel C "Web" digital
journey First${suffix} "Premier parcours" {
  stage S "S" { touchpoint A "Alpha" { channel C personas P emotion 1 } }
}
journey Second${suffix} "Second parcours" {
  stage S "S" {
    touchpoint B "Bravo" { channel C personas Q emotion 1 }
    touchpoint B2 "Bravo deux" { channel C personas P emotion 1 }
  }
}
`);
        expect(source.diagrams.map(d => d.id)).toEqual([`First${suffix}`, `Second${suffix}`]);
        const message = form(source);
        await preview.showDiagram(message);
        expect(await preview.page.textContent('#canvas svg title')).toBe('Premier parcours');
        await preview.page.locator('vscode-dropdown[aria-label="Journey"]').click();
        await preview.page.locator('vscode-dropdown[aria-label="Journey"] vscode-option', { hasText: 'Second parcours' }).click();
        await eventually(() => preview.page.textContent('#canvas svg title')).toBe('Second parcours');
        expect(await preview.page.$$eval('#canvas g.card', cards => cards.map(c => c.getAttribute('data-id')))).toContain('touchpoint:B');
        // The choice survives the next update of the same document.
        await preview.showDiagram(message);
        expect(await preview.page.textContent('#canvas svg title')).toBe('Second parcours');
        await preview.page.locator('vscode-dropdown[aria-label="Persona"]').click();
        const postedBefore = (await preview.posted()).length;
        const revision = await preview.page.$eval('#canvas', canvas => canvas.dataset.revision);
        await preview.page.locator('vscode-dropdown[aria-label="Persona"] vscode-option', { hasText: 'Quentin' }).click();
        // Quentin does not go through Bravo deux: it goes, with no message to the host.
        await preview.page.waitForFunction(previous => document.getElementById('canvas')!.dataset.revision !== previous, revision);
        const drawn = await preview.page.$$eval('#canvas g.card', cards => cards.map(c => c.getAttribute('data-id')));
        expect(drawn).toContain('touchpoint:B');
        expect(drawn).not.toContain('touchpoint:B2');
        expect(await preview.page.textContent('#canvas svg')).toContain('persona: Quentin');
        await preview.page.locator('vscode-dropdown[aria-label="Persona"]').click();
        await preview.page.locator('vscode-dropdown[aria-label="Persona"] vscode-option', { hasText: 'All personas' }).click();
        await preview.page.waitForSelector('#canvas g.card[data-id="touchpoint:B2"]');
        expect((await preview.posted()).slice(postedBefore)).toEqual([]);
    });

    test('a click on a card posts a reveal message with its source range', async () => {
        const message = diagramMessage(retail());
        await preview.showDiagram(message);
        const card = message.diagrams[0].cards.find(c => c.id === 'touchpoint:Comptoir')!;
        await preview.page.click('#canvas g.card[data-id="touchpoint:Comptoir"]');
        // The worker keeps the map and answers with the card's source.
        const reveals = async () => (await preview.posted()).filter((m): m is RevealMessage => m.type === 'reveal');
        await eventually(async () => (await reveals()).at(-1)).toEqual({ type: 'reveal', uri: message.uri, range: card.range });
        // The range is the touchpoint's declaration in the file.
        expect(retail().textDocument.getText(card.range)).toMatch(/^touchpoint Comptoir "Comptoir retrait" \{[\s\S]*\}$/);
    });

    test('the cursor highlights the innermost card under it', async () => {
        const message = diagramMessage(retail());
        await preview.showDiagram(message);
        const card = message.diagrams[0].cards.find(c => c.id === 'touchpoint:Paiement')!;
        await preview.send({ type: 'cursor', uri: message.uri, position: { line: card.range.start.line + 2, character: 4 } });
        await eventually(() => preview.page.$$eval('#canvas g.card.highlighted', cards => cards.map(c => c.getAttribute('data-id')))).toEqual(['touchpoint:Paiement']);
    });

    test('text errors keep the last good map under a banner naming the first error', async () => {
        const good = diagramMessage(retail());
        await preview.showDiagram(good);
        const cards = (await cardTexts()).size;
        const broken: DiagramMessage = {
            ...good, diagrams: good.diagrams.map(d => ({ ...d, cards: d.cards.slice(0, 1) })),
            errors: [{ message: "Expecting '}' but found 'stage'.", line: 12, column: 3 }, { message: 'later', line: 20, column: 1 }]
        };
        await preview.showDiagram(broken);
        expect(await preview.page.textContent('#banner')).toContain("12:3 Expecting '}' but found 'stage'.");
        expect((await cardTexts()).size).toBe(cards);
        await preview.showDiagram(good);
        // The map itself is unchanged, so the page may be drawn before the banner goes: wait for it (bounded).
        await eventually(() => preview.page.isHidden('#banner')).toBe(true);
    });

    test('a text without journeys clears the map; one with errors and no good map shows no map and says why', async () => {
        await preview.showDiagram(diagramMessage(retail()));
        const empty: DiagramMessage = { type: 'diagram', uri: 'file:///empty.journey', options: {}, diagrams: [], errors: [] };
        await preview.send(empty);
        await eventually(() => preview.page.textContent('#status')).toBe('This file has no journey.');
        expect(await preview.page.$$eval('#canvas g.card', cards => cards.length)).toBe(0);
        await preview.send({ ...empty, errors: [{ message: 'Unexpected character', line: 3, column: 7 }] });
        await eventually(() => preview.page.textContent('#banner')).toBe('3:7 Unexpected character');
        expect(await preview.page.textContent('#status')).toBe('No map: the text has errors.');
    });

    test('a wheel zoom right after the error banner moved the map down keeps the point under the cursor in place', async () => {
        const good = diagramMessage(retail());
        await preview.showDiagram(good);
        await eventually(() => preview.page.isHidden('#banner')).toBe(true);
        const broken: DiagramMessage = { ...good, errors: [{ message: 'Expecting a stage.', line: 3, column: 1 }] };
        // In one task: the banner appears (the viewport moves down) and a wheel event comes, before any observer could say so.
        const drift = await preview.page.evaluate(message => {
            const canvas = document.getElementById('canvas')!;
            const viewport = document.getElementById('viewport')!;
            const transform = () => {
                const match = /translate\(([-\d.]+)px, ([-\d.]+)px\) scale\(([\d.]+)\)/.exec(canvas.style.transform)!;
                return { x: Number(match[1]), y: Number(match[2]), scale: Number(match[3]) };
            };
            window.dispatchEvent(new MessageEvent('message', { data: message }));
            const rect = viewport.getBoundingClientRect();
            const at = { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
            const before = transform();
            const mapPoint = { x: (at.x - rect.left - before.x) / before.scale, y: (at.y - rect.top - before.y) / before.scale };
            viewport.dispatchEvent(new WheelEvent('wheel', { deltaY: -200, clientX: at.x, clientY: at.y, bubbles: true, cancelable: true }));
            const after = transform();
            return { x: rect.left + after.x + mapPoint.x * after.scale - at.x, y: rect.top + after.y + mapPoint.y * after.scale - at.y, banner: !document.getElementById('banner')!.hidden };
        }, broken);
        expect(drift.banner).toBe(true);
        expect(Math.abs(drift.x)).toBeLessThan(0.5);
        expect(Math.abs(drift.y)).toBeLessThan(0.5);
        await preview.showDiagram(good);
        await eventually(() => preview.page.isHidden('#banner')).toBe(true);
    });

    test('zoom (wheel, keys, Fit) and pan (drag); a drag over a card is not a click', async () => {
        await preview.showDiagram(diagramMessage(retail()));
        const transform = () => preview.page.$eval('#canvas', canvas => {
            const match = /translate\(([-\d.]+)px, ([-\d.]+)px\) scale\(([\d.]+)\)/.exec((canvas as HTMLElement).style.transform)!;
            return { x: Number(match[1]), y: Number(match[2]), scale: Number(match[3]) };
        });
        await preview.page.click('vscode-button[aria-label="Fit"]');
        const fitted = await transform();
        const box = (await preview.page.locator('#viewport').boundingBox())!;
        await preview.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
        await preview.page.mouse.wheel(0, -300);
        await eventually(async () => (await transform()).scale).toBeGreaterThan(fitted.scale);
        await preview.page.keyboard.press('0');
        expect(await transform()).toEqual(fitted);
        const before = (await preview.posted()).length;
        const card = (await preview.page.locator('#canvas g.card[data-id="touchpoint:Paiement"]').boundingBox())!;
        await preview.page.mouse.move(card.x + 10, card.y + 10);
        await preview.page.mouse.down();
        await preview.page.mouse.move(card.x + 90, card.y + 50, { steps: 5 });
        await preview.page.mouse.up();
        const panned = await transform();
        expect(panned.x - fitted.x).toBeCloseTo(80, 0);
        expect(panned.y - fitted.y).toBeCloseTo(40, 0);
        expect((await preview.posted()).length).toBe(before);
        await preview.page.click('vscode-button[aria-label="Zoom in"]');
        expect((await transform()).scale).toBeCloseTo(fitted.scale * 1.2, 5);
        await preview.page.click('vscode-button[aria-label="Fit"]');
        expect(await transform()).toEqual(fitted);
        // The window's size is kept between layouts: after a resize, Fit and the wheel's anchor use the new one.
        const size = preview.page.viewportSize()!;
        try {
            const content = await preview.page.$eval('#canvas > svg', svg => ({ width: Number(svg.getAttribute('width')), height: Number(svg.getAttribute('height')) }));
            await preview.page.setViewportSize({ width: Math.round(size.width / 3), height: size.height });
            const area = (await preview.page.locator('#viewport').boundingBox())!;
            // Fit: the whole map inside the window less a 16 px margin on each side.
            const fitScale = Math.min((area.width - 32) / content.width, (area.height - 32) / content.height, 1);
            await eventually(async () => {
                await preview.page.keyboard.press('0');
                return (await transform()).scale;
            }).toBeCloseTo(fitScale, 5);
            const narrow = await transform();
            const svg = (await preview.page.locator('#canvas > svg').boundingBox())!;
            expect(Math.abs(svg.x - area.x + svg.width / 2 - area.width / 2)).toBeLessThan(2);
            // Zooming at the pointer keeps the map point under it in place.
            const at = { x: area.x + area.width / 4, y: area.y + area.height / 2 };
            await preview.page.mouse.move(at.x, at.y);
            await preview.page.mouse.wheel(0, -100);
            await eventually(async () => (await transform()).scale).toBeGreaterThan(narrow.scale);
            const zoomed = await transform();
            const mapPoint = (t: typeof zoomed) => (at.x - area.x - t.x) / t.scale;
            // (Within a pixel: the pointer's position is whole pixels.)
            expect(Math.abs(mapPoint(zoomed) - mapPoint(narrow))).toBeLessThan(1 / narrow.scale);
        } finally {
            await preview.page.setViewportSize(size);
        }
    });

    test('a hostile title renders as text', async () => {
        const hostile = '</text><script>alert(1)</script>';
        const message = await inlineDiagramMessage(`journey J "${hostile}" {
  persona P "<img src=x onerror=alert(2)>" { goal "g" }
  channel C "C" digital
  stage S "<b>S</b>" {
    touchpoint T "</text><script>alert(3)</script>" { channel C personas P emotion 1 }
  }
}
`);
        expect(message.errors).toEqual([]);
        await preview.showDiagram(message);
        await preview.page.waitForSelector('#canvas g.card[data-id="touchpoint:T"]');
        expect(await preview.page.textContent('#canvas svg')).toContain(hostile);
        expect(await preview.page.textContent('#canvas g.card[data-id="touchpoint:T"]')).toContain('</text><script>alert(3)</script>');
        expect(await preview.page.$$eval('#canvas script, #canvas img, #canvas b', elements => elements.length)).toBe(0);
    });

    test('a toolbar click redraws the map in the page and sends no message to the host', async () => {
        const message = diagramMessage(retail());
        await preview.showDiagram(message);
        const postedBefore = (await preview.posted()).length;
        const rowLabels = () => preview.page.$$eval('#canvas .jm-row-label', labels => labels.map(l => l.textContent));
        const channelRows = await rowLabels();
        let revision = await preview.page.$eval('#canvas', canvas => canvas.dataset.revision);
        const redrawn = async () => {
            await preview.page.waitForFunction(previous => document.getElementById('canvas')!.dataset.revision !== previous, revision);
            revision = await preview.page.$eval('#canvas', canvas => canvas.dataset.revision);
        };
        await preview.page.click('vscode-radio[value="persona"]');
        await redrawn();
        const personaRows = await rowLabels();
        expect(personaRows).not.toEqual(channelRows);
        for (const persona of message.diagrams[0].personas) expect(personaRows.join('\n')).toContain(persona.label.split(' ')[0]);
        expect(await preview.page.$$eval('#canvas g.card[data-kind="backstage"]', cards => cards.length)).toBeGreaterThan(0);
        await preview.page.click('details.lanes > summary');
        await preview.page.click('vscode-checkbox:has-text("Backstage")');
        await redrawn();
        expect(await preview.page.$$eval('#canvas g.card[data-kind="backstage"]', cards => cards.length)).toBe(0);
        expect(await preview.page.$$eval('#canvas g.card[data-kind="touchpoint"]', cards => cards.length)).toBeGreaterThan(0);
        // The toolbar's choice survives the host's next update of the same document.
        await preview.showDiagram(message);
        expect(await preview.page.$$eval('#canvas g.card[data-kind="backstage"]', cards => cards.length)).toBe(0);
        expect((await preview.posted()).slice(postedBefore)).toEqual([]);
        // Back to the defaults for the other tests.
        await preview.page.click('vscode-checkbox:has-text("Backstage")');
        await redrawn();
        await preview.page.click('details.lanes > summary');
        await preview.page.click('vscode-radio[value="channel"]');
        await eventually(rowLabels).toEqual(channelRows);
    });

    test('toolbar clicks on models sent as text (views laid out ahead) draw the chosen view of the newest model', async () => {
        const message = diagramMessage(retail());
        const diagram = message.diagrams[0];
        const drawnRows = async () => (await preview.page.$$eval('#canvas .jm-row-label', labels => labels.map(l => l.textContent ?? ''))).join('').replace(/\s+/g, '');
        const expectedRows = (d: typeof diagram, options: DiagramOptions) =>
            (applyViewOptions(d, options).lanes.find(l => l.id === 'touchpoints')?.rows ?? []).map(r => r.label).join('').replace(/\s+/g, '');
        const cardIds = () => preview.page.$$eval('#canvas g.card', cards => cards.map(c => c.getAttribute('data-id')!).sort());
        const expectedCards = (d: typeof diagram, options: DiagramOptions) => applyViewOptions(d, options).cards.map(c => c.id).sort();
        let revision = await preview.page.$eval('#canvas', canvas => canvas.dataset.revision);
        const redrawn = async () => {
            await preview.page.waitForFunction(previous => document.getElementById('canvas')!.dataset.revision !== previous, revision);
            revision = await preview.page.$eval('#canvas', canvas => canvas.dataset.revision);
            // All of the map in the window, so every card is drawn.
            await preview.page.keyboard.press('0');
        };
        let aheadOver = await listenForAheadOver();
        await preview.showDiagram(packDiagramMessage(message));
        revision = await preview.page.$eval('#canvas', canvas => canvas.dataset.revision);
        // Back and forth, each click once the worker's work ahead is over: the views a click away
        // laid out, or none on a machine too slow for that. Each click must draw the right view
        // either way, so no assertion depends on which.
        for (const groupBy of ['persona', 'channel', 'persona'] as const) {
            await aheadOver();
            aheadOver = await listenForAheadOver();
            await preview.page.click(`vscode-radio[value="${groupBy}"]`);
            await redrawn();
            expect(await drawnRows()).toContain(expectedRows(diagram, { groupBy }));
            await eventually(cardIds).toEqual(expectedCards(diagram, { groupBy }));
        }
        // A new model (a touchpoint renamed, another removed) while grouped by persona: the next click draws it, not a view of the old one.
        const [renamed, removed] = diagram.cards.filter(c => c.kind === 'touchpoint');
        const edited = {
            ...diagram,
            cards: diagram.cards.filter(c => c !== removed && c.touchpoint !== removed.id).map(c => c === renamed ? { ...c, text: 'Renommé' } : c),
            flows: diagram.flows.filter(f => f.source !== removed.id && f.target !== removed.id)
        };
        await preview.showDiagram(packDiagramMessage({ ...message, diagrams: [edited, ...message.diagrams.slice(1)] }));
        revision = await preview.page.$eval('#canvas', canvas => canvas.dataset.revision);
        await preview.page.click('vscode-radio[value="channel"]');
        await redrawn();
        expect(await drawnRows()).toContain(expectedRows(edited, { groupBy: 'channel' }));
        await eventually(cardIds).toEqual(expectedCards(edited, { groupBy: 'channel' }));
        expect(await preview.page.textContent(`#canvas g.card[data-id="${renamed.id}"]`)).toContain('Renommé');
    });

    test('a toolbar click whose view the worker sent ahead is drawn in the click itself (no round trip), and is the view asked for', async () => {
        const message = diagramMessage(retail());
        const diagram = message.diagrams[0];
        const drawnRows = async () => (await preview.page.$$eval('#canvas .jm-row-label', labels => labels.map(l => l.textContent ?? ''))).join('').replace(/\s+/g, '');
        const expectedRows = (options: DiagramOptions) =>
            (applyViewOptions(diagram, options).lanes.find(l => l.id === 'touchpoints')?.rows ?? []).map(r => r.label).join('').replace(/\s+/g, '');
        const cardIds = () => preview.page.$$eval('#canvas g.card', cards => cards.map(c => c.getAttribute('data-id')!).sort());
        const expectedCards = (options: DiagramOptions) => applyViewOptions(diagram, options).cards.map(c => c.id).sort();
        await preview.showDiagram(packDiagramMessage(message));
        // Clicks the other grouping; says whether the map was redrawn before the click returned (else waits for it).
        const clickOther = () => preview.page.evaluate(async () => {
            const canvas = document.getElementById('canvas')!;
            const before = canvas.dataset.revision;
            const other = (document.querySelector('vscode-radio-group') as HTMLElement & { value: string }).value === 'persona' ? 'channel' : 'persona';
            (document.querySelector(`vscode-radio[value="${other}"]`) as HTMLElement).click();
            const atOnce = canvas.dataset.revision !== before;
            if (!atOnce) {
                await new Promise<void>(resolve => new MutationObserver((_, watcher) => {
                    if (canvas.dataset.revision === before) return;
                    watcher.disconnect();
                    resolve();
                }).observe(canvas, { attributes: true, attributeFilter: ['data-revision'] }));
            }
            return { atOnce, groupBy: other as 'persona' | 'channel' };
        });
        // The worker sends the views it has laid out after it answers: soon one click draws at once.
        let click = await clickOther();
        await eventually(async () => (click = await clickOther()).atOnce).toBe(true);
        await preview.page.keyboard.press('0');
        expect(await drawnRows()).toContain(expectedRows({ groupBy: click.groupBy }));
        await eventually(cardIds).toEqual(expectedCards({ groupBy: click.groupBy }));
        // The worker keeps the version drawn: a card's click still finds its source.
        const card = diagram.cards.find(c => c.kind === 'touchpoint')!;
        const posted = (await preview.posted()).length;
        await preview.page.click(`#canvas g.card[data-id="${card.id}"]`);
        await eventually(async () => (await preview.posted()).slice(posted).some(m => m.type === 'reveal')).toBe(true);
        if (click.groupBy === 'persona') await preview.page.click('vscode-radio[value="channel"]');
        await eventually(drawnRows).toContain(expectedRows({ groupBy: 'channel' }));
        expect(await preview.problems()).toEqual([]);
    });

    test('a toolbar click back to the view before reuses the elements of its cards and flows (no markup parsed again)', async () => {
        const message = diagramMessage(retail());
        await preview.showDiagram(packDiagramMessage(message));
        await preview.page.keyboard.press('0');
        const click = async (groupBy: 'persona' | 'channel') => {
            const before = await preview.page.$eval('#canvas', canvas => canvas.dataset.revision);
            await preview.page.click(`vscode-radio[value="${groupBy}"]`);
            await preview.page.waitForFunction(previous => document.getElementById('canvas')!.dataset.revision !== previous, before);
            await preview.page.waitForFunction(() => document.getElementById('canvas')!.dataset.drawing === undefined);
        };
        await click('persona');
        // Tag every element of the persona view; those that come back keep their tag.
        const tagged = await preview.page.$$eval('#canvas g.card, #canvas [data-key^="flow:"]', elements => elements.map(element => {
            (element as unknown as { __tag: string }).__tag = element.getAttribute('data-id') ?? element.getAttribute('data-key')!;
            return (element as unknown as { __tag: string }).__tag;
        }));
        await click('channel');
        // Cards only the persona view draws (a touchpoint's copy per persona) are gone meanwhile.
        const inChannels = new Set(await preview.page.$$eval('#canvas g.card', cards => cards.map(c => c.getAttribute('data-id'))));
        const personaOnly = tagged.filter(id => id.startsWith('touchpoint:') && !inChannels.has(id));
        expect(personaOnly.length).toBeGreaterThan(0);
        await click('persona');
        const back = await preview.page.$$eval('#canvas g.card, #canvas [data-key^="flow:"]', elements =>
            elements.map(element => [element.getAttribute('data-id') ?? element.getAttribute('data-key')!, (element as unknown as { __tag?: string }).__tag ?? null] as const));
        expect(back.map(([id]) => id).sort()).toEqual([...tagged].sort());
        for (const [id, tag] of back) expect(tag, id).toBe(id);
        await click('channel');
    });

    test('a label edit patches the drawn map: the unchanged cards keep their DOM nodes', async () => {
        const message = diagramMessage(retail());
        await preview.showDiagram(message);
        // Tag every drawn card element; an element that survives the update keeps its tag.
        const tagged = await preview.page.$$eval('#canvas g.card', cards => cards.map((card, i) => {
            (card as unknown as { __tag: number }).__tag = i;
            return card.getAttribute('data-id')!;
        }));
        const diagram = message.diagrams[0];
        const edited = diagram.cards.find(c => c.kind === 'touchpoint')!;
        const next: DiagramMessage = { ...message, diagrams: [{ ...diagram, cards: diagram.cards.map(c => c === edited ? { ...c, text: `${c.text}!` } : c) }, ...message.diagrams.slice(1)] };
        await preview.showDiagram(next);
        const after = await preview.page.$$eval('#canvas g.card', cards => cards.map(card => [card.getAttribute('data-id')!, (card as unknown as { __tag?: number }).__tag ?? null] as const));
        expect(after.map(([id]) => id).sort()).toEqual([...tagged].sort());
        for (const [id, tag] of after) {
            if (id === edited.id) expect(tag, id).toBeNull();
            else expect(tag, id).not.toBeNull();
        }
        expect(await preview.page.textContent(`#canvas g.card[data-id="${edited.id}"]`)).toContain('!');
        // A structural edit (a card removed) re-lays out, and still reuses the other cards' elements.
        const removed = diagram.cards.find(c => c.kind === 'goal')!;
        await preview.showDiagram({ ...message, diagrams: [{ ...diagram, cards: diagram.cards.filter(c => c !== removed) }, ...message.diagrams.slice(1)] });
        const afterRemoval = await preview.page.$$eval('#canvas g.card', cards => cards.map(card => [card.getAttribute('data-id')!, (card as unknown as { __tag?: number }).__tag ?? null] as const));
        expect(afterRemoval.map(([id]) => id)).not.toContain(removed.id);
        expect(afterRemoval.filter(([, tag]) => tag !== null).length).toBeGreaterThan(afterRemoval.length / 2);
    });

    test('the worker keeps the laid-out map: the page gets only the pieces that changed, never the model', async () => {
        const message = diagramMessage(retail());
        await preview.showDiagram(message);
        const diagram = message.diagrams[0];
        const edited = diagram.cards.find(c => c.kind === 'touchpoint')!;
        const untouched = diagram.cards.filter(c => c.kind === 'touchpoint' && c !== edited);
        await preview.page.evaluate(() => { (window as unknown as { __workerAnswers: string[] }).__workerAnswers = []; });
        await preview.showDiagram({ ...message, diagrams: [{ ...diagram, cards: diagram.cards.map(c => c === edited ? { ...c, text: `${c.text} edited` } : c) }, ...message.diagrams.slice(1)] });
        const answers = await preview.page.evaluate(() => {
            const window_ = window as unknown as { __workerAnswers?: string[] };
            const answers = window_.__workerAnswers!;
            delete window_.__workerAnswers;
            // The map's answer (others answer the page's questions: the card at the cursor).
            return answers.filter(answer => answer.includes('"pieces":'));
        });
        expect(answers.length).toBe(1);
        const [answer] = answers;
        // The edited card's new markup crosses; no unchanged card's text, and no model (source ranges) does.
        expect(answer).toContain(' edited');
        // (A card's markup carries its data-id; its key alone may cross, with its place.)
        for (const card of untouched) expect(answer, card.id).not.toContain(JSON.stringify(`data-id="${escapeXml(card.id)}"`).slice(1, -1));
        expect(answer).not.toContain('"range"');
        expect(answer.length).toBeLessThan(JSON.stringify(diagram).length / 2);
        expect(await preview.page.textContent(`#canvas g.card[data-id="${edited.id}"]`)).toContain('edited');
    });

    test('a stage renamed (its column as wide as before): the cards, flows and curves cross as kept wholes, and no card element is replaced', async () => {
        for (const send of [(m: DiagramMessage) => m, packDiagramMessage]) {
            const message = diagramMessage(retail());
            await preview.showDiagram(send(message));
            const tagged = await preview.page.$$eval('#canvas g.card', cards => cards.map((card, i) => {
                (card as unknown as { __tag: number }).__tag = i;
                return card.getAttribute('data-id')!;
            }));
            const diagram = message.diagrams[0];
            await preview.page.evaluate(() => { (window as unknown as { __workerAnswers: string[] }).__workerAnswers = []; });
            const renamed: DiagramMessage = { ...message, diagrams: [{ ...diagram, stages: diagram.stages.map((s, i) => i === 0 ? { ...s, label: `${s.label}1` } : s) }, ...message.diagrams.slice(1)] };
            await preview.showDiagram(send(renamed));
            const answer = await preview.page.evaluate(() => {
                const window_ = window as unknown as { __workerAnswers?: string[] };
                const answers = window_.__workerAnswers!;
                delete window_.__workerAnswers;
                return answers.find(answer => answer.includes('"pieces":'))!;
            });
            const parts = (JSON.parse(answer) as { pieces: SvgPieces }).pieces.children;
            for (const key of ['cards', 'edges', 'emotion-points']) {
                const part = parts.find(p => p.key === key);
                expect(part?.kept, key).toBe(true);
                expect(part?.children, key).toBeUndefined();
            }
            expect(answer).toContain(`${diagram.stages[0].label}1`);
            const after = await preview.page.$$eval('#canvas g.card', cards => cards.map(card => (card as unknown as { __tag?: number }).__tag ?? null));
            expect(after).toHaveLength(tagged.length);
            expect(after.filter(tag => tag === null)).toEqual([]);
            expect(await preview.page.textContent('#canvas svg')).toContain(`${diagram.stages[0].label}1`);
        }
    });

    test('a map wider than the window draws only the cards in view, and the rest as the view moves', async () => {
        const stages = Array.from({ length: 40 }, (_, s) => `  stage S${s} "Stage ${s}" {\n${Array.from({ length: 4 }, (_, t) =>
            `    touchpoint T${s}_${t} "Touchpoint ${s}.${t}" { channel C${t % 2} }`).join('\n')}\n  }`).join('\n');
        const message = await inlineDiagramMessage(`channel C0 "Web" digital\nchannel C1 "Shop" physical\njourney Wide "Wide" {\n${stages}\n}\n`);
        const total = message.diagrams[0].cards.length;
        await preview.showDiagram(message);
        const drawn = () => preview.page.$$eval('#canvas g.card', cards => cards.length);
        const stagesDrawn = () => preview.page.$$eval('#canvas g.jm-stage', stages => stages.length);
        await preview.page.keyboard.press('0');
        await eventually(drawn).toBe(total);
        expect(await stagesDrawn()).toBe(40);
        for (let i = 0; i < 12; i++) await preview.page.keyboard.press('+');
        await eventually(drawn).toBeLessThan(total / 2);
        expect(await drawn()).toBeGreaterThan(0);
        // The stages' headings too (one per column, with its separator).
        expect(await stagesDrawn()).toBeLessThan(20);
        expect(await stagesDrawn()).toBeGreaterThan(0);
        // What is drawn is where the window is.
        const inWindow = await preview.page.evaluate(() => {
            const view = document.getElementById('viewport')!.getBoundingClientRect();
            return Array.from(document.querySelectorAll('#canvas g.card')).filter(card => {
                const box = card.getBoundingClientRect();
                return box.right > view.left && box.left < view.right && box.bottom > view.top && box.top < view.bottom;
            }).length;
        });
        expect(inWindow).toBeGreaterThan(0);
        const ids = async () => new Set(await preview.page.$$eval('#canvas g.card', cards => cards.map(c => c.getAttribute('data-id'))));
        const before = await ids();
        // Pan right with the wheel (horizontal): other cards come into view.
        const area = (await preview.page.locator('#viewport').boundingBox())!;
        await preview.page.mouse.move(area.x + area.width / 2, area.y + area.height / 2);
        for (let i = 0; i < 3; i++) await preview.page.mouse.wheel(800, 0);
        await eventually(async () => [...await ids()].some(id => !before.has(id))).toBe(true);
        await preview.page.keyboard.press('0');
        await eventually(drawn).toBe(total);
    });

    test('after every pan and zoom, each card, emotion point and stretch of curve in the window is drawn, and none far from it', async () => {
        // 60 stages with an emotion curve per persona and evidence notes: thousands of pieces, a few in view.
        const stages = Array.from({ length: 60 }, (_, s) => `  stage S${s} "Stage ${s}" {\n${Array.from({ length: 3 }, (_, t) =>
            `    touchpoint T${s}_${t} "Touchpoint ${s}.${t}" { channel C${t % 2} personas ${t % 2 ? 'P' : 'Q'} emotion ${(s + t) % 5 - 2}${t === 0 ? ` evidence "Interview ${s}"` : ''} }`).join('\n')}\n  }`).join('\n');
        const message = await inlineDiagramMessage(`persona P "Pia" { goal "g" }\npersona Q "Quentin" { goal "g" }\nchannel C0 "Web" digital\nchannel C1 "Shop" physical\njourney Long "Long" {\n${stages}\n}\n`);
        const laidOut = await layoutDiagram(message.diagrams[0], new ELK.default() as ElkApi);
        // As the SVG prints them (one decimal).
        const r = (v: number) => String(Math.round(v * 10) / 10);
        const points = laidOut.emotion!.lines.flatMap(line => line.points).map(p => ({ x: p.x, y: p.y, key: `${r(p.x)},${r(p.y)}` }));
        expect(points.length).toBe(180);
        await preview.showDiagram(packDiagramMessage(message));
        const area = (await preview.page.locator('#viewport').boundingBox())!;
        /** The window in map coordinates, from the canvas's transform. */
        const windowRect = async () => {
            const [x, y, scale] = await preview.page.$eval('#canvas', canvas => (/translate\(([-\d.]+)px, ([-\d.]+)px\) scale\(([\d.]+)\)/.exec((canvas as HTMLElement).style.transform)!).slice(1).map(Number));
            return { x: -x / scale, y: -y / scale, width: area.width / scale, height: area.height / scale };
        };
        const meets = (a: { x: number; y: number; width: number; height: number }, b: typeof a) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
        const drawnNow = () => preview.page.evaluate(() => ({
            cards: Array.from(document.querySelectorAll('#canvas g.card'), c => c.getAttribute('data-id')!),
            points: Array.from(document.querySelectorAll('#canvas circle.jm-point'), c => `${c.getAttribute('cx')},${c.getAttribute('cy')}`),
            curves: document.querySelectorAll('#canvas path.jm-curve').length
        }));
        await preview.page.mouse.move(area.x + area.width / 2, area.y + area.height / 2);
        const moves: [number, number][] = [[0, -200], [900, 0], [900, 0], [1500, 0], [0, 400], [2500, 0], [0, -500], [3000, 0], [-4000, 0], [5000, 0]];
        let sawCurves = false;
        for (const [dx, dy] of moves) {
            await preview.page.mouse.wheel(dx, dy);
            // The view follows in the next frame; what came into view is drawn in slices over the next few.
            await preview.page.evaluate(() => new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(resolve))));
            await preview.page.waitForFunction(() => document.getElementById('canvas')!.dataset.drawing === undefined);
            const view = await windowRect();
            const drawn = await drawnNow();
            const cardsInView = laidOut.cards.filter(c => meets(c, view)).map(c => c.id);
            for (const id of cardsInView) expect(drawn.cards, `${id} in ${JSON.stringify(view)}`).toContain(id);
            const pointsInView = points.filter(p => meets({ x: p.x - 1, y: p.y - 1, width: 2, height: 2 }, view)).map(p => p.key);
            for (const point of pointsInView) expect(drawn.points).toContain(point);
            if (pointsInView.length > 1) {
                expect(drawn.curves).toBeGreaterThan(0);
                sawCurves = true;
            }
            // Few others: the drawn part (the window and a margin, renewed when the window leaves it or sees a quarter of it) stays near the window.
            const near = { x: view.x - 4 * view.width, y: view.y - 4 * view.height, width: 9 * view.width, height: 9 * view.height };
            const cardBoxes = new Map(laidOut.cards.map(c => [c.id, c]));
            for (const id of drawn.cards) expect(meets(cardBoxes.get(id)!, near), id).toBe(true);
            const far = points.filter(p => !meets({ x: p.x - 1, y: p.y - 1, width: 2, height: 2 }, near)).map(p => p.key);
            for (const point of drawn.points) expect(far).not.toContain(point);
        }
        expect(sawCurves).toBe(true);
        // All of the map: everything is drawn.
        await preview.page.keyboard.press('0');
        await eventually(async () => (await drawnNow()).points.length).toBe(points.length);
        expect((await drawnNow()).cards.length).toBe(laidOut.cards.length);
    });

    test('what a pan or zoom brings into view is drawn in slices across frames: what meets the window first, then the margin, at the end all of it', async () => {
        const stages = Array.from({ length: 120 }, (_, s) => `  stage S${s} "Stage ${s}" {\n${Array.from({ length: 4 }, (_, t) =>
            `    touchpoint T${s}_${t} "Touchpoint ${s}.${t}" { channel C${t % 2} }`).join('\n')}\n  }`).join('\n');
        const message = await inlineDiagramMessage(`channel C0 "Web" digital\nchannel C1 "Shop" physical\njourney Wide "Wide" {\n${stages}\n}\n`);
        const laidOut = await layoutDiagram(message.diagrams[0], new ELK.default() as ElkApi);
        await preview.showDiagram(packDiagramMessage(message));
        const area = (await preview.page.locator('#viewport').boundingBox())!;
        const meets = (a: { x: number; y: number; width: number; height: number }, b: typeof a) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
        /** Dispatches a wheel event, then records the drawn cards at the end of every frame until no slice is left. */
        const wheel = (deltaX: number, deltaY: number) => preview.page.evaluate(async ({ deltaX, deltaY, x, y }) => {
            const canvas = document.getElementById('canvas')!;
            const ids = () => Array.from(canvas.querySelectorAll('g.card'), c => c.getAttribute('data-id')!);
            const before = ids();
            document.getElementById('viewport')!.dispatchEvent(new WheelEvent('wheel', { deltaX, deltaY, clientX: x, clientY: y, bubbles: true, cancelable: true }));
            const frames: string[][] = [];
            // Registered after the pan's own frame callback: runs after it in each frame.
            do frames.push(await new Promise<string[]>(resolve => requestAnimationFrame(() => resolve(ids()))));
            while (canvas.dataset.drawing !== undefined && frames.length < 500);
            const [tx, ty, scale] = (/translate\(([-\d.]+)px, ([-\d.]+)px\) scale\(([\d.]+)\)/.exec(canvas.style.transform)!).slice(1).map(Number);
            return { before, frames, still: canvas.dataset.drawing !== undefined, tx, ty, scale };
        }, { deltaX, deltaY, x: area.x + area.width / 2, y: area.y + area.height / 2 });
        let sliced = false;
        // The page's CPU slowed 6 times, as on a slow machine: whether a view's pieces fit one slice of a frame (2 ms)
        // must not depend on how fast this one is (here, some pans fit one slice now and then).
        const cdp = await preview.page.context().newCDPSession(preview.page);
        await cdp.send('Emulation.setCPUThrottlingRate', { rate: 6 });
        try {
            for (const [dx, dy] of [[2000, 0], [3000, 0], [0, 300], [0, 300], [4000, 0], [0, -600]] as const) {
                const { before, frames, still, tx, ty, scale } = await wheel(dx, dy);
                expect(still).toBe(false);
                const view = { x: -tx / scale, y: -ty / scale, width: area.width / scale, height: area.height / scale };
                const inWindow = laidOut.cards.filter(c => meets(c, view)).map(c => c.id);
                const old = new Set(before);
                for (const drawn of frames) {
                    // A card of the margin newly drawn while one in the window is not: the wrong order.
                    const drawnSet = new Set(drawn);
                    const marginNew = drawn.filter(id => !old.has(id) && !inWindow.includes(id));
                    if (marginNew.length > 0) for (const id of inWindow) expect(drawnSet.has(id), `${id} before the margin's ${marginNew[0]}`).toBe(true);
                }
                // At the end of the slices, every card in the window is drawn.
                const last = new Set(frames[frames.length - 1]);
                for (const id of inWindow) expect(last.has(id), id).toBe(true);
                if (frames.length > 1) sliced = true;
            }
            // Zoomed out to all of the map: drawn over several frames, every card at the end.
            for (let i = 0; i < 2; i++) {
                const { frames } = await wheel(0, 2000);
                if (frames.length > 1) sliced = true;
            }
        } finally {
            await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
            await cdp.detach();
        }
        await preview.page.keyboard.press('0');
        await eventually(() => preview.page.$$eval('#canvas g.card', cards => cards.length)).toBe(laidOut.cards.length);
        expect(sliced).toBe(true);
    });

    test('Export SVG posts a standalone SVG of the shown journey', async () => {
        await preview.showDiagram(diagramMessage(retail()));
        await preview.page.click('vscode-button:has-text("Export SVG")');
        await eventually(async () => (await preview.posted()).some(m => m.type === 'export')).toBe(true);
        const exported = (await preview.posted()).find(m => m.type === 'export');
        expect(exported).toMatchObject({ type: 'export', format: 'svg', fileName: 'RetraitMagasin.svg' });
        expect(exported?.type === 'export' && exported.data).toMatch(/^<\?xml[\s\S]*Commander en ligne, retirer en magasin[\s\S]*<\/svg>$/);
    });

    test('Export PNG draws the map on a canvas and posts a PNG', async () => {
        await preview.showDiagram(diagramMessage(retail()));
        await preview.page.click('vscode-button:has-text("Export PNG")');
        await eventually(async () => (await preview.posted()).some(m => m.type === 'export' && m.format === 'png')).toBe(true);
        const png = (await preview.posted()).find(m => m.type === 'export' && m.format === 'png');
        const bytes = Buffer.from(png?.type === 'export' ? png.data : '', 'base64');
        expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
        expect(bytes.length).toBeGreaterThan(10_000);
    });

    test('the map is drawn in Arimo, the font the layout measures text with (the page carries it, the CSP lets it load); the toolbar keeps VS Code\'s font', async () => {
        await preview.showDiagram(diagramMessage(retail()));
        const fonts = await preview.page.evaluate(async () => {
            // check() says true when no face of the family exists at all: the faces are looked at themselves.
            await Promise.all(['13px Arimo', '600 13px Arimo'].map(font => document.fonts.load(font)));
            const arimo = [...document.fonts].filter(face => face.family.replace(/["']/g, '') === 'Arimo');
            const family = (selector: string) => getComputedStyle(document.querySelector(selector)!).fontFamily;
            return { faces: arimo.map(face => `${face.weight} ${face.status}`).sort(), title: family('#canvas .jm-card-title'), toolbar: family('#toolbar') };
        });
        expect(fonts.faces).toEqual(['400 loaded', '600 loaded']);
        expect(fonts.title).toMatch(/^"?Arimo"?,/);
        expect(fonts.toolbar).not.toMatch(/Arimo/);
    });

    test('no CSP violation, console error or dialog; screenshot', async () => {
        await preview.showDiagram(diagramMessage(retail()));
        mkdirSync(join(ROOT, 'test-results'), { recursive: true });
        await preview.page.screenshot({ path: join(ROOT, 'test-results/webview-preview.png') });
        expect(await preview.problems()).toEqual([]);
    });
});
