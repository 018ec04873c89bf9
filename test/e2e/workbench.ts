// One real VS Code window for an end-to-end test file: the built .vsix installed into a fresh
// code-server, a copy of the examples as the workspace, the workbench in headless Chromium.
// Plus the few gestures the tests share (palette commands, the cursor, a webview's DOM).
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type FrameLocator, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { ensureCodeServer, freshUserData, installExtension, ROOT, startCodeServer, type RunningCodeServer } from './code-server.js';
import { EXAMPLES } from '../examples.js';

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface Workbench {
    page: Page;
    /** The workspace folder: a copy of `examples/` without the invalid maps. */
    workspace: string;
    close(): Promise<void>;
}

/** Packages the extension, installs it into a fresh code-server and opens the workbench on a copy of the examples. */
export async function openWorkbench(): Promise<Workbench> {
    ensureCodeServer();
    execFileSync('npm', ['run', 'package'], { cwd: ROOT, stdio: 'inherit' });
    const userData = freshUserData();
    const browserData = mkdtempSync(join(tmpdir(), 'journey-e2e-browser-'));
    const workspace = mkdtempSync(join(tmpdir(), 'journey-e2e-workspace-'));
    cpSync(EXAMPLES, workspace, { recursive: true, filter: source => !source.includes('/invalid') });
    installExtension(join(ROOT, 'journey-maps.vsix'), userData);
    let server: RunningCodeServer | undefined;
    let context: BrowserContext | undefined;
    const close = async () => {
        await context?.close();
        await server?.stop();
        for (const dir of [userData, browserData, workspace]) rmSync(dir, { recursive: true, force: true });
    };
    try {
        server = await startCodeServer(userData);
        context = await chromium.launchPersistentContext(browserData, {
            executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS, viewport: { width: 1600, height: 1000 }
        });
        const page = context.pages()[0] ?? await context.newPage();
        await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}`);
        await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
        return { page, workspace, close };
    } catch (error) {
        await close();
        throw error;
    }
}

/** Opens a file of the workspace from the explorer and waits for its editor. */
export async function openFromExplorer(page: Page, file: string): Promise<void> {
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: file }).click({ timeout: 30_000 });
    await page.locator('.tab.active', { hasText: file }).waitFor();
    await page.waitForSelector('.monaco-editor .view-lines');
}

/**
 * Runs a command from the palette (F1) by its title. Until the extension host has registered
 * the extension's contributions the palette does not list its commands, and an open palette
 * does not refresh its list: it is opened again until the command shows.
 */
export async function runCommand(page: Page, title: string, timeout = 60_000): Promise<void> {
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
    const deadline = Date.now() + timeout;
    for (;;) {
        await page.keyboard.press('F1');
        await page.locator('.quick-input-widget input').fill(`>${title}`);
        try {
            await row.waitFor({ timeout: 5_000 });
            break;
        } catch (error) {
            if (Date.now() > deadline) throw error;
            await page.keyboard.press('Escape');
        }
    }
    await page.keyboard.press('Enter');
}

/** The DOM of the one webview shown: VS Code nests the extension's page in two iframes. */
export function webview(page: Page): FrameLocator {
    return page.frameLocator('iframe.webview').frameLocator('iframe#active-frame');
}

/** The cursor of the active editor as the status bar shows it (1-based), with the number of selected characters. */
export async function cursor(page: Page): Promise<{ line: number; column: number; selected: number } | undefined> {
    const text = await page.locator('#status\\.editor\\.selection').textContent();
    const match = /Ln (\d+), Col (\d+)(?: \((\d+) selected\))?/.exec(text ?? '');
    return match ? { line: Number(match[1]), column: Number(match[2]), selected: Number(match[3] ?? 0) } : undefined;
}

/** Puts the cursor at the end of a 1-based line of the editor in the first group (Go to Line). */
export async function goToLineEnd(page: Page, line: number): Promise<void> {
    await page.locator('.editor-group-container').first().locator('.monaco-editor').first().click({ position: { x: 300, y: 40 } });
    // Under load the Go to Line box may open after the keys meant for it: wait for it, and check where the cursor went.
    await page.keyboard.press('Control+G');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill(`:${line}`);
    await page.keyboard.press('Enter');
    await input.waitFor({ state: 'hidden' });
    await page.keyboard.press('End');
    await expect.poll(() => cursor(page)).toMatchObject({ line });
}
