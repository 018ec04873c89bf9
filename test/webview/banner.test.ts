// The preview's error banner, on the real page: the extension's (behind the stub host, with
// VS Code's theme variables) and the one `journey preview` serves. It names the error to fix
// first: a syntax error before the errors it causes (a mistyped `touchpoint` leaves a `next`
// pointing nowhere, earlier in the text), and it is readable (WCAG AA, 4.5:1) in every theme.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startPreview, tempTree } from '../cli/run-cli.js';
import { CHROMIUM, inlineDiagramMessage, openPreviewPage, PAGE_WITHIN_MS, type PreviewPage } from './harness.js';

const GOOD = `journey J "J" {
  persona P "P" { goal "g" }
  stage A "A" {
    touchpoint Start "Start" { personas P emotion 1 next Selfie }
  }
  stage B "B" {
    touchpoint Selfie "Selfie" { personas P emotion 0 }
  }
}
`;
const TYPO = GOOD.replace('touchpoint Selfie', 'touchpiont Selfie');
/** Where the mistyped keyword is, as the banner writes positions (line:column, 1-based). */
const TYPO_AT = `${TYPO.split('\n').findIndex(l => l.includes('touchpiont')) + 1}:5`;

/** The banner's text and the contrast of its text on its background (WCAG 2 ratio). */
async function banner(page: Page): Promise<{ text: string; contrast: number }> {
    await page.waitForFunction(() => !document.getElementById('banner')!.hidden);
    return page.$eval('#banner', element => {
        const style = getComputedStyle(element);
        const channels = (color: string) => (color.match(/[\d.]+/g) ?? []).map(Number);
        const [fr, fg, fb] = channels(style.color);
        const [br, bg, bb, alpha = 1] = channels(style.backgroundColor);
        if (alpha < 1) throw new Error(`the banner's background is not opaque: ${style.backgroundColor}`);
        const luminance = (...rgb: number[]) => {
            const [r, g, b] = rgb.map(c => c / 255).map(c => c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
            return 0.2126 * r + 0.7152 * g + 0.0722 * b;
        };
        const [light, dark] = [luminance(fr, fg, fb), luminance(br, bg, bb)].sort((a, b) => b - a);
        return { text: element.textContent ?? '', contrast: (light + 0.05) / (dark + 0.05) };
    });
}

/**
 * The colours VS Code gives a webview in its built-in themes (the defaults of its colour
 * registry; `inputValidation.errorForeground` has none, so no variable is set for it).
 */
const VSCODE_THEMES: Record<string, { bodyClass: string; variables: Record<string, string> }> = {
    'Light Modern': { bodyClass: 'vscode-light', variables: { foreground: '#3b3b3b', 'editor-background': '#ffffff', 'inputValidation-errorBackground': '#f2dede', 'inputValidation-errorBorder': '#be1100' } },
    'Light+': { bodyClass: 'vscode-light', variables: { foreground: '#616161', 'editor-background': '#ffffff', 'inputValidation-errorBackground': '#f2dede', 'inputValidation-errorBorder': '#be1100' } },
    'Dark Modern': { bodyClass: 'vscode-dark', variables: { foreground: '#cccccc', 'editor-background': '#1f1f1f', 'inputValidation-errorBackground': '#5a1d1d', 'inputValidation-errorBorder': '#be1100' } },
    'Dark High Contrast': { bodyClass: 'vscode-high-contrast', variables: { foreground: '#ffffff', 'editor-background': '#000000', 'inputValidation-errorBackground': '#000000', 'inputValidation-errorBorder': '#6fc3df' } },
    'Light High Contrast': { bodyClass: 'vscode-high-contrast-light', variables: { foreground: '#292929', 'editor-background': '#ffffff', 'inputValidation-errorBackground': '#ffffff', 'inputValidation-errorBorder': '#0f4a85' } }
};

describe('the banner in the extension\'s page', () => {
    let preview: PreviewPage;
    beforeAll(async () => { preview = await openPreviewPage(); });
    afterAll(async () => { await preview?.close(); });

    test('a syntax error comes first, before the unresolved `next` it causes earlier in the text', async () => {
        const message = await inlineDiagramMessage(TYPO);
        // The server's own errors: the reference error is first in the text.
        expect(message.errors.map(e => `${e.line}:${e.column}`)).toContain(`4:${TYPO.split('\n')[3].indexOf('Selfie') + 1}`);
        await preview.showDiagram(message);
        const { text } = await banner(preview.page);
        expect(text.split(' ')[0]).toBe(TYPO_AT);
        expect(text).toContain('touchpiont');
    });

    for (const [name, theme] of Object.entries(VSCODE_THEMES)) {
        test(`readable in VS Code's ${name}`, async () => {
            await preview.page.evaluate(({ bodyClass, variables }) => {
                // As VS Code does: the theme's class on the body, its colours on <html>.
                document.body.className = bodyClass;
                for (const [name, value] of Object.entries(variables)) document.documentElement.style.setProperty(`--vscode-${name}`, value);
            }, theme);
            await preview.showDiagram(await inlineDiagramMessage(TYPO));
            expect((await banner(preview.page)).contrast).toBeGreaterThanOrEqual(4.5);
        });
    }
});

describe('the banner of `journey preview`', () => {
    let browser: Browser;
    beforeAll(async () => { browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] }); });
    afterAll(async () => { await browser?.close(); });

    for (const colorScheme of ['light', 'dark'] as const) {
        test(`a typo saved while it runs: the syntax error, readable (${colorScheme} browser)`, async () => {
            const dir = tempTree({ 'map.journey': GOOD });
            const running = await startPreview('map.journey', dir);
            const page = await browser.newPage({ colorScheme, viewport: { width: 1200, height: 800 } });
            page.setDefaultTimeout(PAGE_WITHIN_MS);
            try {
                await page.goto(running.url);
                await page.waitForSelector('#canvas .card[data-id="touchpoint:Selfie"]');
                writeFileSync(join(dir, 'map.journey'), TYPO);
                const { text, contrast } = await banner(page);
                expect({ at: text.split(' ')[0], contrast: Math.min(4.5, Math.floor(contrast * 10) / 10) }).toEqual({ at: TYPO_AT, contrast: 4.5 });
            } finally {
                await page.close();
                running.child.kill('SIGINT');
            }
            expect(await running.exited).toBe(0);
        });
    }
});
