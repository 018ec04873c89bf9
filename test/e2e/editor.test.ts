// The extension end to end in real VS Code (code-server) driven through Chromium: the built
// .vsix installed as a user would, a copy of the examples as the workspace.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ROOT } from './code-server.js';
import { cursor, goTo, goToLineEnd, openFromExplorer, openWorkbench, reportFailures, runCommand, webview, type Workbench } from './workbench.js';
import { EXAMPLES } from '../examples.js';

const FILE = 'retail-ideal.journey';

let workbench: Workbench | undefined;
let page: Page;
let workspace = '';
/** Console messages of the workbench and its webviews that report a Content-Security-Policy violation. */
const cspViolations: string[] = [];
const original = readFileSync(join(EXAMPLES, FILE), 'utf8').split('\n');

reportFailures(() => page);

/** 1-based line and column of the first line starting (after indentation) with `text`. */
function find(text: string): { line: number; column: number } {
    const index = original.findIndex(line => line.trimStart().startsWith(text));
    if (index < 0) throw new Error(`${FILE} has no line starting with ${text}`);
    return { line: index + 1, column: original[index].indexOf(text) + 1 };
}

beforeAll(async () => {
    workbench = await openWorkbench({
        page: page => page.on('console', message => {
            if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
        })
    });
    page = workbench.page;
    workspace = workbench.workspace;
    await openFromExplorer(page, FILE);
});

afterAll(async () => {
    await workbench?.close();
});

const preview = (): FrameLocator => webview(page);

/** True once `path` holds the whole of what is being written to it: a save may be read half-way. */
function written(path: string, ending: RegExp): boolean {
    return existsSync(path) && ending.test(readFileSync(path).subarray(-16).toString('latin1'));
}

describe('Journey in VS Code', () => {
    test('the language mode of a .journey file is Journey', async () => {
        await expect.poll(() => page.locator('#status\\.editor\\.mode').textContent(), { timeout: 30_000 }).toContain('Journey');
    });

    test('completion after `personas ` lists the personas', async () => {
        await goToLineEnd(page, find('touchpoint Comptoir').line);
        await page.keyboard.press('Enter');
        await page.keyboard.type('personas ');
        // The server may still be loading the workspace: ask again until it answers.
        await expect.poll(async () => {
            await page.keyboard.press('Escape');
            await page.keyboard.press('Control+Space');
            const rows = page.locator('.suggest-widget .monaco-list-row');
            await rows.first().waitFor({ timeout: 10_000 });
            return rows.locator('.label-name').allTextContents();
        }, { timeout: 45_000, interval: 500 }).toContain('Inès');
        // Only personas (this map's, and the workspace-wide ones of common.journey); the touchpoint already names Sofiane.
        const labels = await page.locator('.suggest-widget .monaco-list-row .label-name').allTextContents();
        for (const label of labels) expect(['Inès', 'Sofiane', 'Lectrice', 'Abonné']).toContain(label);
        await page.keyboard.press('Escape');
        await page.keyboard.press('Control+Shift+K');
    });

    test('the preview opens beside the editor with the map', async () => {
        await runCommand(page, 'Journey: Open Preview to the Side');
        await expect.poll(() => page.locator('.editor-group-container').count()).toBe(2);
        await expect(page.locator('.tab', { hasText: `Preview ${FILE}` }).isVisible()).resolves.toBe(true);
        const card = preview().locator('#canvas g.card[data-id="touchpoint:FicheProduit"]');
        await card.waitFor({ timeout: 30_000 });
        expect(await card.textContent()).toContain('Fiche produit');
        expect(await preview().locator('#canvas g.card').count()).toBeGreaterThan(10);
        mkdirSync(join(ROOT, 'test-results'), { recursive: true });
        await page.screenshot({ path: join(ROOT, 'test-results/vscode-preview.png') });
    });

    test('typing into a label updates its card (the extension echoes the keystrokes), and undoing restores it', async () => {
        const declaration = find('touchpoint FicheProduit');
        const label = 'Fiche produit avec stock en magasin';
        const inside = original[declaration.line - 1].indexOf(label) + label.length + 1;
        const card = preview().locator('#canvas g.card[data-id="touchpoint:FicheProduit"]');
        const squashed = async () => (await card.textContent() ?? '').replace(/\s+/g, '');
        await goTo(page, declaration.line, inside);
        await page.keyboard.type(' proche', { delay: 50 });
        await expect.poll(squashed).toContain(`${label} proche`.replace(/\s+/g, ''));
        await page.keyboard.press('Control+Z');
        await expect.poll(squashed).not.toContain('proche');
        expect(await squashed()).toContain(label.replace(/\s+/g, ''));
    });

    test('a click on a card moves the editor cursor to that touchpoint', async () => {
        const declaration = find('touchpoint CasierRetrait');
        await preview().locator('#canvas g.card[data-id="touchpoint:CasierRetrait"]').click();
        await expect.poll(() => cursor(page)).toMatchObject(declaration);
    });

    test('moving the cursor in the editor highlights the card under it', async () => {
        const highlighted = () => preview().locator('#canvas g.card.highlighted').getAttribute('data-id', { timeout: 2_000 }).catch(() => null);
        await expect.poll(highlighted).toBe('touchpoint:CasierRetrait');
        await goToLineEnd(page, find('touchpoint Comptoir').line + 1);
        await expect.poll(highlighted).toBe('touchpoint:Comptoir');
    });

    test('the preview follows an unsaved edit', async () => {
        await goToLineEnd(page, find('stage Retrait').line);
        await page.keyboard.press('Enter');
        await page.keyboard.type('touchpoint Borne "Borne express" { channel Magasin personas Sofiane owner Vendeurs emotion 1 }');
        // While typing, the map may already show the touchpoint with a partial text: wait for the whole of it.
        const card = preview().locator('#canvas g.card[data-id="touchpoint:Borne"]');
        await expect.poll(async () => await card.count() ? card.textContent() : '').toContain('Borne express');
        expect(await page.locator('.tab.dirty', { hasText: FILE }).count()).toBe(1);
    });

    test('a typed mistake gets an error squiggle; the preview keeps its map under a banner', async () => {
        await goToLineEnd(page, find('metric NPS').line);
        await page.keyboard.press('Enter');
        await page.keyboard.type('metric Oops "Oops" in Retrait target');
        await page.locator('.editor-group-container').first().locator('.squiggly-error').first().waitFor({ timeout: 30_000 });
        await expect.poll(() => preview().locator('#banner').isVisible()).toBe(true);
        expect(await preview().locator('#canvas g.card[data-id="touchpoint:Borne"]').count()).toBe(1);
    });

    test('the preview follows the active journey editor', async () => {
        await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'taxi-vs-vtc.journey' }).click();
        await page.locator('.tab', { hasText: 'Preview taxi-vs-vtc.journey' }).waitFor({ timeout: 15_000 });
        await preview().locator('#canvas g.card[data-id="touchpoint:SiteTaxis"]').waitFor({ timeout: 15_000 });
        expect(await preview().locator('#banner').isVisible()).toBe(false);
    });

    test('Export SVG and PNG save the shown journey through a save dialog', async () => {
        for (const format of ['SVG', 'PNG']) {
            await preview().locator('vscode-button', { hasText: `Export ${format}` }).click();
            // VS Code in a browser asks with its own dialog: a path in a quick input, the map's folder and name proposed.
            const input = page.locator('.quick-input-widget input');
            await expect.poll(() => input.inputValue()).toContain(`TaxiVsVTC.${format.toLowerCase()}`);
            await page.keyboard.press('Enter');
        }
        const svg = join(workspace, 'TaxiVsVTC.svg');
        const png = join(workspace, 'TaxiVsVTC.png');
        // A PNG ends with its IEND chunk (its type and CRC): only then is the file whole.
        await expect.poll(() => written(svg, /<\/svg>\s*$/) && written(png, /IEND\xae\x42\x60\x82$/)).toBe(true);
        expect(readFileSync(svg, 'utf8')).toMatch(/^<\?xml[\s\S]*Marie : taxi ou VTC \?[\s\S]*<\/svg>\s*$/);
        expect(readFileSync(png).subarray(1, 4).toString('latin1')).toBe('PNG');
    });

    test('the preview comes back after a reload of the window', async () => {
        await page.reload();
        await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
        // The workbench restores the editors it last saved (the newest change may not be saved
        // yet); the preview must come back beside them, drawn.
        await page.locator('.tab', { hasText: /^Preview .*\.journey/ }).waitFor({ timeout: 30_000 });
        // A reload starts a new extension host and language server: on a busy machine that alone takes tens of seconds.
        await preview().locator('#canvas g.card').first().waitFor({ timeout: 60_000 });
        await page.screenshot({ path: join(ROOT, 'test-results/vscode-after-reload.png') });
    }, 180_000);

    test('no Content-Security-Policy violation was reported', () => {
        expect(cspViolations).toEqual([]);
    });
});
