// `npm run screenshots`: the preview of every journey of the examples, light and dark,
// as the webview page draws it in headless Chromium, into docs/; and one map in French.
import { mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { diagramMessage, loadExamples, openPreviewPage, ROOT } from './harness.js';

const docs = join(ROOT, 'docs');
mkdirSync(docs, { recursive: true });
const examples = await loadExamples();
for (const theme of ['light', 'dark'] as const) {
    // Tall enough for the whole of each map at a readable scale (the preview opens fitted to the width; `0` shows it all).
    const preview = await openPreviewPage({ theme, width: 1600, height: 1800 });
    try {
        for (const [path, document] of examples) {
            const message = diagramMessage(document);
            for (const diagram of message.diagrams) {
                await preview.showDiagram({ ...message, diagrams: [diagram] });
                await preview.page.keyboard.press('0');
                const name = message.diagrams.length > 1 ? `${basename(path, '.journey')}-${diagram.id}` : basename(path, '.journey');
                const file = join(docs, `preview-${name}-${theme}.png`);
                await preview.page.screenshot({ path: file });
                console.log(`wrote ${file.slice(ROOT.length + 1)}`);
            }
        }
        const problems = await preview.problems();
        if (problems.length) throw new Error(`the page reported problems:\n${problems.join('\n')}`);
    } finally {
        await preview.close();
    }
}

// The French map: the toolbar in French (VS Code in French) and the map in its locale ("locale": "fr").
const french = await openPreviewPage({ theme: 'light', width: 1600, height: 1000, locale: 'fr' });
try {
    const document = [...examples].find(([path]) => basename(path) === 'media-subscription.journey')![1];
    await french.showDiagram(diagramMessage(document, {}, 'fr'));
    const file = join(docs, 'preview-media-subscription-fr.png');
    await french.page.screenshot({ path: file });
    console.log(`wrote ${file.slice(ROOT.length + 1)}`);
    const problems = await french.problems();
    if (problems.length) throw new Error(`the page reported problems:\n${problems.join('\n')}`);
} finally {
    await french.close();
}
