// The preview page in two languages at once: the toolbar in the editor's (the page's <html lang>,
// VS Code's display language), the map in its own (the model's locale, from journey.config.json).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { diagramMessage, loadExamples, openPreviewPage, type PreviewPage } from './harness.js';

describe('preview page languages', () => {
    let french: PreviewPage;
    beforeAll(async () => { french = await openPreviewPage({ locale: 'fr' }); }, 60_000);
    afterAll(async () => { await french?.close(); });

    async function toolbarText(page: PreviewPage): Promise<string> {
        return page.page.evaluate(() => {
            const toolbar = document.getElementById('toolbar')!;
            const titles = [...toolbar.querySelectorAll('[title],[aria-label]')].map(e => `${e.getAttribute('title') ?? ''} ${e.getAttribute('aria-label') ?? ''}`);
            const shadow = [...toolbar.querySelectorAll('*')].map(e => e.shadowRoot?.textContent ?? '');
            return [toolbar.innerText, toolbar.textContent, ...titles, ...shadow].join('\n');
        });
    }

    test('a French editor gets a French toolbar; an English map stays English', async () => {
        const examples = await loadExamples();
        const journeyDoc = [...examples].find(([path]) => path.endsWith('media-subscription.journey'))![1];
        await french.showDiagram(diagramMessage(journeyDoc, {}, 'en'));
        const text = await toolbarText(french);
        for (const word of ['Couloirs', 'Ajuster', 'Tous les personas', 'Lignes par', 'Exporter en SVG']) expect(text).toContain(word);
        for (const word of ['Lanes', 'Fit', 'All personas', 'Rows by', 'Export SVG']) expect(text).not.toContain(word);
        expect(await french.page.evaluate(() => document.documentElement.lang)).toBe('fr');
        const map = await french.page.evaluate(() => document.querySelector('#canvas svg')!.textContent);
        expect(map).toContain('Customer goal');
        expect(await french.page.evaluate(() => document.querySelector('#canvas svg')!.getAttribute('xml:lang'))).toBe('en');
    }, 60_000);

    test('a French map under a French toolbar', async () => {
        const examples = await loadExamples();
        const journeyDoc = [...examples].find(([path]) => path.endsWith('media-subscription.journey'))![1];
        await french.showDiagram(diagramMessage(journeyDoc, {}, 'fr'));
        const map = await french.page.evaluate(() => document.querySelector('#canvas svg')!.textContent);
        expect(map).toContain('Objectif du client');
        expect(map).not.toContain('Customer goal');
        expect(await french.problems()).toEqual([]);
    }, 60_000);
});
