// The preview bench's generated maps (bench/generate-maps.ts) are what its numbers are about: they
// must lint clean (the bench times drawing, not reporting) and carry the designer elements the
// preview draws (persona band, per-persona emotions, evidence, KPIs both ways), drawn in the page.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { LangiumDocument } from 'langium';
import { generateMap, SHARED_DECLARATIONS } from '../../bench/generate-maps.js';
import { packDiagramMessage, type DiagramMessage } from '../../src/common/webview-messages.js';
import { diagramMessage, loadExamples, openPreviewPage, type PreviewPage } from './harness.js';
import { eventually } from './eventually.js';

let preview: PreviewPage;
let map: LangiumDocument;
let message: DiagramMessage;

beforeAll(async () => {
    const folder = mkdtempSync(join(tmpdir(), 'journey-bench-maps-'));
    writeFileSync(join(folder, 'common.journey'), SHARED_DECLARATIONS);
    writeFileSync(join(folder, 'map.journey'), generateMap(0, 60));
    const documents = await loadExamples([join(folder, 'common.journey'), join(folder, 'map.journey')]);
    map = documents.get(join(folder, 'map.journey'))!;
    message = diagramMessage(map);
    preview = await openPreviewPage({ width: 1600, height: 1000 });
}, 60_000);

afterAll(async () => {
    await preview?.close();
});

describe('the preview bench map (60 touchpoints)', () => {
    test('lints with no diagnostic at all', () => {
        expect(map.diagnostics ?? []).toEqual([]);
        expect(message.errors).toEqual([]);
    });

    test('has personas that feel a shared touchpoint differently, evidence and KPIs both ways', () => {
        const [diagram] = message.diagrams;
        expect(diagram.lanes.map(l => l.id)).toContain('personas');
        const touchpoints = diagram.cards.filter(c => c.kind === 'touchpoint');
        expect(touchpoints.some(t => t.kind === 'touchpoint' && Object.entries(t.emotions ?? {}).some(([, e]) => e !== t.emotion))).toBe(true);
        expect(diagram.emotions.length).toBe(3);
        expect(touchpoints.filter(t => t.kind === 'touchpoint' && t.evidence.length > 0).length).toBeGreaterThanOrEqual(12);
        const metrics = diagram.cards.filter(c => c.kind === 'metric');
        expect(metrics.some(m => m.kind === 'metric' && m.direction === 'lower' && m.unit === 'min')).toBe(true);
        expect(metrics.some(m => m.kind === 'metric' && m.direction === 'higher' && m.target?.percent)).toBe(true);
    });

    test('is drawn with its persona band and evidence markers', async () => {
        await preview.showDiagram(message);
        await preview.page.keyboard.press('0');
        await preview.page.waitForFunction(count => document.querySelectorAll('#canvas g.card').length === count, message.diagrams[0].cards.length);
        expect(await preview.page.locator('#canvas .jm-persona').count()).toBe(3);
        expect(await preview.page.locator('#canvas .jm-evidence-marker').count()).toBeGreaterThanOrEqual(12);
        expect(await preview.problems()).toEqual([]);
    });

    test('a toolbar click (rows by) with its view sent ahead attaches what is in the window in that frame, keeps what was drawn around it in place, and the margin comes after', async () => {
        // Models sent as text (as the extension does), which the worker lays out ahead; the first, readable view (key 1): taller than the window.
        await preview.showDiagram(packDiagramMessage(message));
        await preview.page.keyboard.press('1');
        const clickOther = () => preview.page.evaluate(async () => {
            const canvas = document.getElementById('canvas')!;
            const before = canvas.dataset.revision;
            const group = document.querySelector('vscode-radio-group') as HTMLElement & { value: string };
            const watcher = new MutationObserver(() => undefined);
            watcher.observe(canvas, { childList: true, subtree: true });
            (document.querySelector(`vscode-radio[value="${group.value === 'persona' ? 'channel' : 'persona'}"]`) as HTMLElement).click();
            const atOnce = canvas.dataset.revision !== before;
            // What the click attached before the frame: every card meets the window. A card
            // element detached and attached again would be styled and laid out anew in that frame.
            const records = watcher.takeRecords();
            watcher.disconnect();
            const cardsIn = (nodes: 'addedNodes' | 'removedNodes') => new Set(records.flatMap(r => Array.from(r[nodes])).filter((n): n is Element => n instanceof Element && n.matches('g.card')));
            const added = cardsIn('addedNodes');
            const removed = cardsIn('removedNodes');
            const window = document.getElementById('viewport')!.getBoundingClientRect();
            const outside = [...added].map(card => card.getBoundingClientRect()).filter(r => r.bottom < window.top || r.top > window.bottom || r.right < window.left || r.left > window.right).length;
            const reattached = [...added].filter(card => removed.has(card)).map(card => card.getAttribute('data-id'));
            if (!atOnce) {
                await new Promise<void>(resolve => new MutationObserver((_, watcher) => {
                    if (canvas.dataset.revision === before) return;
                    watcher.disconnect();
                    resolve();
                }).observe(canvas, { attributes: true, attributeFilter: ['data-revision'] }));
            }
            const drawn = canvas.querySelectorAll('g.card').length;
            // Once the margin is drawn: a card the click detached is not back (it was out of the new view for good).
            await new Promise<void>(resolve => {
                const poll = () => canvas.dataset.drawing === undefined ? resolve() : requestAnimationFrame(poll);
                poll();
            });
            const removedThenBack = [...removed].filter(card => !added.has(card) && card.isConnected).map(card => card.getAttribute('data-id'));
            return { atOnce, drawn, attached: added.size, outside, reattached, removedThenBack };
        });
        let click = await clickOther();
        await eventually(async () => (click = await clickOther()).atOnce).toBe(true);
        expect(click.attached).toBeGreaterThan(0);
        expect(click.outside).toBe(0);
        expect(click.reattached).toEqual([]);
        expect(click.removedThenBack).toEqual([]);
        expect(click.drawn).toBeGreaterThan(0);
        // Then the margin (for a short pan) comes: more cards, some below the window.
        await preview.page.waitForFunction(() => document.getElementById('canvas')!.dataset.drawing === undefined);
        const after = await preview.page.evaluate(() => {
            const window = document.getElementById('viewport')!.getBoundingClientRect();
            const cards = Array.from(document.querySelectorAll('#canvas g.card')).map(card => card.getBoundingClientRect());
            return { drawn: cards.length, below: cards.filter(r => r.top > window.bottom).length };
        });
        expect(after.drawn).toBeGreaterThan(click.drawn);
        expect(after.below).toBeGreaterThan(0);
        expect(await preview.problems()).toEqual([]);
    });
});
