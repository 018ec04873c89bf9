// *Journey: Compare Journeys…* end to end in real VS Code: the command from the palette, the
// two quick picks, the comparison beside the editor, redrawn after an unsaved edit, and
// click-to-source from the picture into the other journey's file.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ROOT } from './code-server.js';
import { cursor, goToLineEnd, openFromExplorer, openWorkbench, reportFailures, runCommand, webview, type Workbench } from './workbench.js';
import { EXAMPLES } from '../examples.js';

const BEFORE = { file: 'banque-actuel.journey', id: 'PrêtImmoActuel', label: "Obtenir un prêt immobilier — aujourd'hui" };
const AFTER = { file: 'banque-cible.journey', id: 'PrêtImmoCible', label: 'Obtenir un prêt immobilier — cible' };

let workbench: Workbench | undefined;
let page: Page;

/** 1-based line and column where `text` first occurs in an example, at or after the line holding `after`. */
function find(file: string, text: string, after = ''): { line: number; column: number } {
    const lines = readFileSync(join(EXAMPLES, file), 'utf8').split('\n');
    const from = lines.findIndex(line => line.includes(after));
    const index = lines.findIndex((line, i) => i >= from && line.includes(text));
    if (from < 0 || index < 0) throw new Error(`${file} has no ${text} after ${after}`);
    return { line: index + 1, column: lines[index].indexOf(text) + 1 };
}

beforeAll(async () => {
    workbench = await openWorkbench();
    page = workbench.page;
    await openFromExplorer(page, BEFORE.file);
});

afterAll(async () => {
    await workbench?.close();
});

reportFailures(() => page);

/** Waits for the quick pick titled `title`, narrows it to the journey `id` and takes it. */
async function pickJourney(title: string, id: string): Promise<string[]> {
    const widget = page.locator('.quick-input-widget');
    await widget.locator('.quick-input-title', { hasText: title }).waitFor({ timeout: 30_000 });
    const offered = await widget.locator('.quick-input-list .monaco-list-row').allTextContents();
    await widget.locator('input').fill(id);
    await expect.poll(() => widget.locator('.quick-input-list .monaco-list-row').allTextContents()).toEqual([expect.stringContaining(id)]);
    await page.keyboard.press('Enter');
    return offered;
}

/** The text of the picture's group for an element (`touchpoint:Id`), or '' while it is not drawn. */
async function itemText(key: string): Promise<string> {
    const item = webview(page).locator(`svg g[data-key="${key}"]`);
    return await item.count() ? (await item.first().textContent()) ?? '' : '';
}

describe('Compare Journeys in VS Code', () => {
    test('the command offers the workspace journeys, current ones first, then ideal ones first', async () => {
        await runCommand(page, 'Journey: Compare Journeys…');
        const first = await pickJourney('(1/2)', BEFORE.id);
        expect(first[0]).toContain('current');
        expect(first.join('\n')).toContain(AFTER.id);
        const second = await pickJourney('(2/2)', AFTER.id);
        expect(second[0]).toContain('ideal');
        // The journey taken first is not offered again.
        expect(second.join('\n')).not.toContain(BEFORE.id);
    });

    test('the comparison opens beside the editor with both journeys and their emotion curves', async () => {
        await expect.poll(() => page.locator('.editor-group-container').count()).toBe(2);
        await page.locator('.tab', { hasText: `Compare: ${BEFORE.label} → ${AFTER.label}` }).waitFor({ timeout: 15_000 });
        const title = webview(page).locator('svg .jc-title');
        await title.waitFor({ timeout: 30_000 });
        expect(await title.textContent()).toBe(`${BEFORE.label} → ${AFTER.label}`);
        // The picture speaks the maps' language (examples/journey.config.json: French), the quick picks VS Code's (English).
        expect(await webview(page).locator('svg .jc-subtitle').textContent()).toMatch(
            new RegExp(`${BEFORE.file}#${BEFORE.id} \\(actuel\\) → .*${AFTER.file}#${AFTER.id} \\(cible\\) · \\d+ changements`));
        // Each persona's curve from both sides: before dashed, after solid.
        for (const persona of ['Camille', 'Marc']) {
            const points = await webview(page).locator('svg circle.jc-point title').allTextContents();
            expect(points.filter(p => p.startsWith(persona) && p.includes('avant\u00a0:')).length).toBeGreaterThan(0);
            expect(points.filter(p => p.startsWith(persona) && p.includes('après\u00a0:')).length).toBeGreaterThan(0);
        }
        expect(await webview(page).locator('svg path.jc-curve.jc-before').count()).toBe(2);
        expect(await webview(page).locator('svg path.jc-curve:not(.jc-before)').count()).toBe(2);
        expect(await itemText('touchpoint:SimulateurEnLigne')).toContain('émotion 0 → +1');
        mkdirSync(join(ROOT, 'test-results'), { recursive: true });
        await page.screenshot({ path: join(ROOT, 'test-results/vscode-compare.png') });
    });

    test('an unsaved edit of the "before" journey redraws the comparison', async () => {
        // `emotion 0` of SimulateurEnLigne becomes `emotion -2`.
        await goToLineEnd(page, find(BEFORE.file, 'emotion 0', 'touchpoint SimulateurEnLigne').line);
        await page.keyboard.press('Backspace');
        await page.keyboard.type('-2');
        await expect.poll(() => itemText('touchpoint:SimulateurEnLigne')).toContain('émotion −2 → +1');
        expect(await page.locator('.tab.dirty', { hasText: BEFORE.file }).count()).toBe(1);
    });

    test('a click on a touchpoint of the "after" journey shows its name in its file', async () => {
        const name = find(AFTER.file, 'RendezVousVisio', 'touchpoint RendezVousVisio');
        await webview(page).locator('svg g[data-key="touchpoint:RendezVousVisio"]').click();
        await page.locator('.tab.active', { hasText: AFTER.file }).waitFor({ timeout: 15_000 });
        // The name selected, the cursor at its end.
        await expect.poll(() => cursor(page)).toMatchObject({ line: name.line, column: name.column + 'RendezVousVisio'.length, selected: 'RendezVousVisio'.length });
        // The comparison stays open beside it.
        expect(await page.locator('.tab', { hasText: 'Compare: ' }).count()).toBe(1);
    });

    test('an unsaved edit of the "after" journey redraws it too, and click-to-source follows moved lines', async () => {
        // `emotion 1` of SimulateurEnLigne becomes `emotion 2`, then a line is added above everything.
        await goToLineEnd(page, find(AFTER.file, 'emotion 1', 'touchpoint SimulateurEnLigne').line);
        await page.keyboard.press('Backspace');
        await page.keyboard.type('2');
        await expect.poll(() => itemText('touchpoint:SimulateurEnLigne')).toContain('émotion −2 → +2');
        await goToLineEnd(page, 1);
        await page.keyboard.press('Enter');
        await page.keyboard.type('// edited');
        await expect.poll(() => cursor(page)).toMatchObject({ line: 2 });
        const name = find(AFTER.file, 'RendezVousVisio', 'touchpoint RendezVousVisio');
        // The picture looks the same: click until the redrawn one answers with the new line.
        await expect.poll(async () => {
            await webview(page).locator('svg g[data-key="touchpoint:RendezVousVisio"]').click();
            return cursor(page);
        }, { interval: 500 }).toMatchObject({ line: name.line + 1, selected: 'RendezVousVisio'.length });
    });

    test('a click on a removed touchpoint shows its name in the "before" journey', async () => {
        const name = find(BEFORE.file, 'RendezVousAgence', 'touchpoint RendezVousAgence');
        await webview(page).locator('svg g[data-side="from"][data-key="touchpoint:RendezVousAgence"]').click();
        await page.locator('.tab.active', { hasText: BEFORE.file }).waitFor({ timeout: 15_000 });
        await expect.poll(() => cursor(page)).toMatchObject({ line: name.line, column: name.column + 'RendezVousAgence'.length, selected: 'RendezVousAgence'.length });
        // Still the edited text, not the file on disk.
        expect(await page.locator('.tab.dirty', { hasText: BEFORE.file }).count()).toBe(1);
    });
});
