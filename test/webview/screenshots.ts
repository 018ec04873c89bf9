// `npm run screenshots`: the preview of every journey of the examples, light and dark, each in
// its language (the "locale" of its journey.config.json, as the extension sends it), as the webview
// page draws it in headless Chromium, into docs/; and one map with the page's toolbar in French too.
import { mkdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { folderConfigLocale } from '../../src/cli/locale.js';
import { diagramMessage, loadExamples, openPreviewPage, ROOT, type PreviewPage } from './harness.js';

const docs = join(ROOT, 'docs');
mkdirSync(docs, { recursive: true });
const examples = await loadExamples();

/** Draws with a page opened with `options`, fails if the page reported problems, and closes it. */
async function onPreviewPage(options: Parameters<typeof openPreviewPage>[0], draw: (preview: PreviewPage) => Promise<void>): Promise<void> {
    const preview = await openPreviewPage(options);
    try {
        await draw(preview);
        const problems = await preview.problems();
        if (problems.length) throw new Error(`the page reported problems:\n${problems.join('\n')}`);
    } finally {
        await preview.close();
    }
}

/** What the page shows, saved as docs/preview-NAME.png. */
async function screenshot(preview: PreviewPage, name: string): Promise<void> {
    const file = join(docs, `preview-${name}.png`);
    await preview.page.screenshot({ path: file });
    console.log(`wrote ${file.slice(ROOT.length + 1)}`);
}

for (const theme of ['light', 'dark'] as const) {
    // Tall enough for the whole of each map at a readable scale (the preview opens fitted to the width; `0` shows it all).
    await onPreviewPage({ theme, width: 1600, height: 1800 }, async preview => {
        for (const [path, document] of examples) {
            const message = diagramMessage(document, {}, folderConfigLocale(dirname(path)));
            for (const diagram of message.diagrams) {
                await preview.showDiagram({ ...message, diagrams: [diagram] });
                await preview.page.keyboard.press('0');
                const name = message.diagrams.length > 1 ? `${basename(path, '.journey')}-${diagram.id}` : basename(path, '.journey');
                await screenshot(preview, `${name}-${theme}`);
            }
        }
    });
}

// A French map with the toolbar in French too (VS Code in French), the map in its locale ("locale": "fr").
await onPreviewPage({ theme: 'light', width: 1600, height: 1000, locale: 'fr' }, async french => {
    const document = [...examples].find(([path]) => basename(path) === 'media-subscription.journey')![1];
    await french.showDiagram(diagramMessage(document, {}, 'fr'));
    await screenshot(french, 'media-subscription-fr');
});
