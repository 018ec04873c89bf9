// `journey render -f html` in headless Chromium: the zoom/pan hint sits in a bar of its own under
// the map's area, so it never covers a card, however the map is fitted or panned (it used to
// float over the map's bottom-right corner).
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLES, journey } from './run-cli.js';
import { CHROMIUM, PAGE_WITHIN_MS } from '../webview/harness.js';

let browser: Browser;
beforeAll(async () => { browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] }); });
afterAll(async () => { await browser?.close(); });

interface Box { x: number; y: number; width: number; height: number }
const overlap = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** The hint's box, the map area's box, and the parts of the cards that show (the map area clips them). */
function boxes(page: Page) {
    return page.evaluate(() => {
        const box = (e: Element) => { const r = e.getBoundingClientRect(); return { x: r.x, y: r.y, width: r.width, height: r.height }; };
        const viewport = box(document.getElementById('viewport')!);
        const shown = (r: { x: number; y: number; width: number; height: number }) => {
            const x = Math.max(r.x, viewport.x, 0), y = Math.max(r.y, viewport.y, 0);
            const right = Math.min(r.x + r.width, viewport.x + viewport.width, innerWidth), bottom = Math.min(r.y + r.height, viewport.y + viewport.height, innerHeight);
            return { x, y, width: right - x, height: bottom - y };
        };
        return {
            hint: box(document.getElementById('hint')!),
            viewport,
            cards: [...document.querySelectorAll('#canvas .card')].map(e => shown(box(e))).filter(r => r.width > 0 && r.height > 0),
            // What is drawn at the middle of the hint: the hint itself, nothing over it.
            onTop: (() => { const h = box(document.getElementById('hint')!); return document.elementFromPoint(h.x + h.width / 2, h.y + h.height / 2)?.id; })(),
            window: { width: innerWidth, height: innerHeight }
        };
    });
}

describe('render -f html: the zoom and pan hint', () => {
    it.each([['en', 'wheel'], ['fr', 'molette']])('%s: shown in full under the map area, never over a card', async (locale, word) => {
        const run = await journey(['render', join(EXAMPLES, 'en/bank-loan.journey'), '-f', 'html', '--locale', locale]);
        expect(run.code, run.stderr).toBe(0);
        const page = await browser.newPage({ viewport: { width: 1400, height: 800 } });
        page.setDefaultTimeout(PAGE_WITHIN_MS);
        try {
            await page.setContent(run.stdout);
            await page.waitForFunction(() => (document.getElementById('canvas') as HTMLElement).style.transform !== '');
            const check = async (view: string) => {
                const { hint, viewport, cards, onTop, window } = await boxes(page);
                expect(await page.textContent('#hint'), view).toContain(word);
                // In the window, its text whole (not cut by the window's edge).
                expect(hint.height, view).toBeGreaterThan(0);
                expect(onTop, view).toBe('hint');
                expect(hint.y + hint.height, view).toBeLessThanOrEqual(window.height);
                expect(await page.$eval('#hint', e => e.scrollWidth <= e.clientWidth), view).toBe(true);
                // Outside the area the map is drawn in, and over no card.
                expect(overlap(hint, viewport), view).toBe(false);
                expect(cards.length, view).toBeGreaterThan(0);
                for (const card of cards) expect(overlap(hint, card), view).toBe(false);
            };
            await check('first view (the map\'s width)');
            // Panned so the map's bottom-right corner (a Sign-stage card, the metrics) reaches the window's.
            await page.mouse.move(1300, 700);
            await page.mouse.down();
            await page.mouse.move(200, 0, { steps: 5 });
            await page.mouse.up();
            await check('panned to the bottom right');
            await page.keyboard.press('0');
            await check('all of the map (key 0)');
        } finally {
            await page.close();
        }
    });
});
