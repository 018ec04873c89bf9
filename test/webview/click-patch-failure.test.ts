// A toolbar click drawn ahead whose patch fails (webview/preview.ts `draw`): the map is cleared
// under the banner and no margin is left to wait for. On a page of its own: the map it shows first
// is laid out anew, so the worker's views ahead (and their "over" mark) always come.
import { beforeAll, expect, test } from 'vitest';
import { join } from 'node:path';
import type { LangiumDocument } from 'langium';
import { packDiagramMessage } from '../../src/common/webview-messages.js';
import { clickRadio, diagramMessage, EXAMPLES, listenForAheadOver, loadExamples, usePreviewPage, type PreviewPage } from './harness.js';
import { eventually } from './eventually.js';

let preview: PreviewPage;
let examples: Map<string, LangiumDocument>;
const retail = () => examples.get(join(EXAMPLES, 'retail-ideal.journey'))!;
usePreviewPage(page => { preview = page; });
beforeAll(async () => { examples = await loadExamples(); });

test('a click drawn ahead whose patch fails clears the map under the banner and leaves no margin to wait for (#canvas[data-drawing] gone)', async () => {
    const aheadOver = await listenForAheadOver(preview.page);
    await preview.showDiagram(packDiagramMessage(diagramMessage(retail())));
    await aheadOver();
    const next = await listenForAheadOver(preview.page);
    await clickRadio(preview.page, 'persona');
    await next();
    await eventually(() => preview.page.$eval('#canvas', c => Number(c.dataset.ahead))).toBeGreaterThan(0);
    const result = await preview.page.evaluate(async () => {
        const canvas = document.getElementById('canvas')!;
        const create = document.createElement.bind(document);
        let fail = true;
        // The next markup parsed fails (a fault in the patch, in the click's task).
        document.createElement = ((tag: string) => {
            if (tag === 'template' && fail) {
                fail = false;
                throw new Error('injected parse failure');
            }
            return create(tag);
        }) as typeof document.createElement;
        (document.querySelector('vscode-radio[value="channel"]') as HTMLElement).click();
        const failedInTheClick = !fail;
        document.createElement = create;
        await new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 0))));
        return { failedInTheClick, banner: document.getElementById('banner')!.textContent, drawing: canvas.dataset.drawing ?? null, cards: canvas.querySelectorAll('g.card').length };
    });
    expect(result.failedInTheClick).toBe(true);
    expect(result.banner).toContain('injected parse failure');
    expect(result.cards).toBe(0);
    expect(result.drawing).toBeNull();
});
