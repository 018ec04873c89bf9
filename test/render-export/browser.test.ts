// The CLI's pages in headless Chromium: the live preview served by `journey preview` draws the
// map, redraws after a save and reports card clicks; the `render --format html` page zooms.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLES, journey, startPreview, tempTree } from '../cli/run-cli.js';
import { CHROMIUM, PAGE_WITHIN_MS } from '../webview/harness.js';

let browser: Browser;
beforeAll(async () => { browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] }); });
afterAll(async () => { await browser?.close(); });

/** A new page whose console errors and uncaught exceptions are collected in `problems`. */
async function openPage(viewport: { width: number; height: number }): Promise<{ page: Page; problems: string[] }> {
    const page = await browser.newPage({ viewport });
    // Below vitest's test timeout: a wait that never ends fails saying what it awaited.
    page.setDefaultTimeout(PAGE_WITHIN_MS);
    const problems: string[] = [];
    page.on('console', m => { if (m.type() === 'error') problems.push(m.text()); });
    page.on('pageerror', e => problems.push(e.message));
    return { page, problems };
}

describe('CLI pages in Chromium', () => {
    it('journey preview: draws the map, redraws after a save, prints the clicked card\'s position', async () => {
        const dir = tempTree({ 'map.journey': readFileSync(join(EXAMPLES, 'retail-ideal.journey'), 'utf8') });
        const preview = await startPreview('map.journey', dir);
        const { page, problems } = await openPage({ width: 1400, height: 900 });
        try {
            await page.goto(preview.url);
            await page.waitForFunction(() => document.querySelector('#canvas svg')?.textContent?.includes('Retirer'));
            // The map is drawn in Arimo, the font the layout measured its text with, loaded from the server (under the CSP).
            const title = await page.$eval('#canvas svg .jm-card-title', e => getComputedStyle(e).fontFamily);
            expect(title.split(',')[0]).toBe('Arimo');
            expect(await page.evaluate(async () => { await document.fonts.load('12px Arimo'); return document.fonts.check('12px Arimo'); })).toBe(true);
            expect(await page.evaluate(() => [...document.fonts].some(f => f.family.replace(/"/g, '') === 'Arimo' && f.status === 'loaded'))).toBe(true);
            writeFileSync(join(dir, 'map.journey'), readFileSync(join(dir, 'map.journey'), 'utf8').replace('"Retirer"', '"Retirer vite"'));
            await page.waitForFunction(() => document.querySelector('#canvas svg')?.textContent?.includes('Retirer vite'));
            await page.click('#canvas .card[data-id="touchpoint:Comptoir"]');
            const line = readFileSync(join(dir, 'map.journey'), 'utf8').split('\n').findIndex(l => l.includes('touchpoint Comptoir')) + 1;
            await preview.untilPrinted(new RegExp(`map\\.journey:${line}:.*\\n`), 'the clicked card\'s position');
            expect(preview.stdout()).toContain(`${join(dir, 'map.journey')}:${line}:5\n`);
            expect(problems).toEqual([]);
        } finally {
            await page.close();
            preview.child.kill('SIGINT');
        }
        expect(await preview.exited).toBe(0);
    });

    it('render --format html: the self-contained page shows the map and zooms with the wheel, under its CSP', async () => {
        const run = await journey(['render', join(EXAMPLES, 'retail-ideal.journey'), '-f', 'html']);
        const { page, problems } = await openPage({ width: 1000, height: 700 });
        try {
            await page.setContent(run.stdout);
            const transform = () => page.$eval('#canvas', e => (e as HTMLElement).style.transform);
            await page.waitForFunction(() => (document.getElementById('canvas') as HTMLElement).style.transform !== '');
            const fitted = await transform();
            await page.mouse.move(500, 350);
            await page.mouse.wheel(0, -400);
            await page.waitForFunction(before => (document.getElementById('canvas') as HTMLElement).style.transform !== before, fitted);
            expect(await transform()).not.toBe(fitted);
            expect(problems).toEqual([]);
        } finally {
            await page.close();
        }
    });
});
