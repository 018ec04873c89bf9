// VS Code's Compare Journeys page (src/preview-host/compare-page.ts) in headless Chromium: the
// comparison picture is drawn in Arimo, the font its layout measured text with, whatever font
// VS Code's own page sets (--vscode-font-family), and the page's policy lets the font load.
import { chromium } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { compareJourneys } from '../../src/compare/index.js';
import { comparisonSvg } from '../../src/compare/svg.js';
import { exportModel } from '../../src/export/model.js';
import { comparePageHtml } from '../../src/preview-host/compare-page.js';
import { parseMap } from '../diagram/fixtures.js';
import { CHROMIUM, PAGE_WITHIN_MS } from './harness.js';

const FROM = 'journey Avant "Avant" {\n  state current\n  stage S "Attendre la décision" { touchpoint T "Décision de crédit" { emotion -1 } }\n}\n';
const TO = 'journey Apres "Après" {\n  state ideal\n  stage S "Attendre la décision" { touchpoint T "Décision de crédit sous 48 h" { emotion 1 } }\n}\n';

describe('Compare Journeys page', () => {
    test('draws the picture in Arimo (loaded under the page\'s policy), not in VS Code\'s font', async () => {
        const ref = async (text: string) => ({ ref: null, journey: exportModel((await parseMap(text)).parseResult.value).journeys[0] });
        const [from, to] = [await ref(FROM), await ref(TO)];
        const { svg } = comparisonSvg(from, to, compareJourneys(from, to), { theme: 'vscode', locale: 'fr' });
        // VS Code's webview sets its UI font on the page's root, as here.
        const html = comparePageHtml({ body: svg, nonce: 'n0nce', locale: 'fr' })
            .replace('<html lang="fr">', '<html lang="fr" style="--vscode-font-family: Georgia, serif">');
        const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
        try {
            const page = await browser.newPage();
            page.setDefaultTimeout(PAGE_WITHIN_MS);
            const violations: string[] = [];
            page.on('console', message => { if (/Content Security Policy/i.test(message.text())) violations.push(message.text()); });
            await page.setContent(html);
            const seen = await page.evaluate(async () => {
                await Promise.all(['12px Arimo', '600 13px Arimo'].map(font => document.fonts.load(font)));
                const item = document.querySelector('.journey-compare .jc-item')!;
                return {
                    family: getComputedStyle(item).fontFamily,
                    loaded: [...document.fonts].filter(face => face.family.replace(/["']/g, '') === 'Arimo' && face.status === 'loaded').map(face => face.weight)
                };
            });
            expect(seen.family).toMatch(/^"?Arimo"?,/);
            expect(seen.loaded.sort()).toEqual(['400', '600']);
            expect(violations).toEqual([]);
        } finally {
            await browser.close();
        }
    });
});
