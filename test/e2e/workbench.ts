// One real VS Code window for an end-to-end test file: the built .vsix installed into a fresh
// code-server, a copy of the examples as the workspace, the workbench in headless Chromium.
// Plus the few gestures the tests share (palette commands, the cursor, a webview's DOM).
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { chromium, type BrowserContext, type FrameLocator, type Page } from 'playwright-core';
import { afterEach, expect } from 'vitest';
import { ensureCodeServer, freshUserData, installExtension, ROOT, startCodeServer, type RunningCodeServer } from './code-server.js';
import { EXAMPLES } from '../examples.js';

const VSIX = join(ROOT, 'journey-maps.vsix');
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface Workbench {
    page: Page;
    /** The workspace folder: a copy of `examples/` without the invalid maps. */
    workspace: string;
    close(): Promise<void>;
}

/** What a test file adds to the standard window, each step before VS Code sees it. */
export interface WorkbenchOptions {
    /** After the examples are copied (a journey.config.json, say). */
    workspace?(dir: string): void;
    /** After the extension is installed into the fresh profile (another extension, a display language). */
    profile?(userData: string): void;
    /** Before the page opens the workbench (listeners for its console). */
    page?(page: Page): void;
}

/**
 * Installs code-server once and packages the extension as a user gets it (journey-maps.vsix):
 * once per run, by the e2e suite's global set-up or the bench, before any window opens.
 */
export function packageExtension(): void {
    ensureCodeServer();
    execFileSync('npm', ['run', 'package'], { cwd: ROOT, stdio: 'inherit' });
}

/** Installs the packaged extension into a fresh code-server and opens the workbench on a copy of the examples. */
export async function openWorkbench(options: WorkbenchOptions = {}): Promise<Workbench> {
    ensureCodeServer();
    if (!existsSync(VSIX)) throw new Error(`${VSIX} is missing: packageExtension() first`);
    const userData = freshUserData();
    const browserData = mkdtempSync(join(tmpdir(), 'journey-e2e-browser-'));
    const workspace = mkdtempSync(join(tmpdir(), 'journey-e2e-workspace-'));
    let server: RunningCodeServer | undefined;
    let context: BrowserContext | undefined;
    const close = async () => {
        await context?.close();
        await server?.stop();
        for (const dir of [userData, browserData, workspace]) rmSync(dir, { recursive: true, force: true });
    };
    try {
        cpSync(EXAMPLES, workspace, { recursive: true, filter: source => !source.includes('/invalid') });
        options.workspace?.(workspace);
        installExtension(VSIX, userData);
        options.profile?.(userData);
        server = await startCodeServer(userData);
        context = await chromium.launchPersistentContext(browserData, {
            executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS, viewport: { width: 1600, height: 1000 }
        });
        const page = context.pages()[0] ?? await context.newPage();
        options.page?.(page);
        await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}`, { timeout: 60_000 });
        await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
        return { page, workspace, close };
    } catch (error) {
        await close();
        throw error;
    }
}

/**
 * After each failed test of the file: a picture of the workbench in test-results/ (CI keeps that
 * folder), and on stdout (which CI's log keeps) what the picture would show: the focus, the tabs,
 * the status bar and any notification or dialog.
 */
export function reportFailures(page: () => Page | undefined): void {
    afterEach(async context => {
        const shown = page();
        if (context.task.result?.state !== 'fail' || !shown) return;
        const file = basename(context.task.file.name).replace(/\.test\.ts$/, '');
        const name = `${file}-${context.task.name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`;
        await shown.screenshot({ path: join(ROOT, `test-results/e2e-failed-${name}.png`) }).catch(() => undefined);
        console.log(`e2e: the workbench after "${context.task.name}" failed:\n${JSON.stringify(await workbenchState(shown), null, 2)}`);
    });
}

async function workbenchState(page: Page): Promise<object> {
    return page.evaluate(() => {
        const texts = (selector: string) => Array.from(document.querySelectorAll(selector), e => (e.textContent ?? '').replace(/\s+/g, ' ').trim());
        const active = document.activeElement;
        return {
            focus: active ? `${active.tagName.toLowerCase()}.${Array.from(active.classList).join('.')}` : 'none',
            activeTabs: texts('.tab.active'),
            tabs: texts('.tab'),
            groups: document.querySelectorAll('.editor-group-container').length,
            status: Array.from(document.querySelectorAll('.statusbar-item'), e => e.id).filter(Boolean),
            notifications: texts('.notification-toast, .notifications-center .notification-list-item'),
            dialogs: texts('.monaco-dialog-box')
        };
    }).catch(error => ({ error: String(error) }));
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
    // Absent while no text editor is active: asked briefly, so that a poll asks again instead of hanging.
    const text = await page.locator('#status\\.editor\\.selection').textContent({ timeout: 1_000 }).catch(() => undefined);
    const match = /Ln (\d+), Col (\d+)(?: \((\d+) selected\))?/.exec(text ?? '');
    return match ? { line: Number(match[1]), column: Number(match[2]), selected: Number(match[3] ?? 0) } : undefined;
}

/** Puts the cursor at the end of a 1-based line of the editor in the first group (Go to Line). */
export async function goToLineEnd(page: Page, line: number): Promise<void> {
    await goTo(page, line);
    await page.keyboard.press('End');
    await expect.poll(() => cursor(page)).toMatchObject({ line });
}

/**
 * Puts the cursor at a 1-based line (and column) of the editor in the first group, through Go to Line,
 * and checks that it went there. Under load the Go to Line box may open after the keys meant for it,
 * and once (a fresh clone's CI run) its Enter left the cursor where a click on a webview had put it:
 * then it is asked again, up to three times.
 */
export async function goTo(page: Page, line: number, column?: number): Promise<void> {
    const wanted = column === undefined ? { line } : { line, column };
    for (let attempt = 1; ; attempt++) {
        await page.locator('.editor-group-container').first().locator('.monaco-editor').first().click({ position: { x: 300, y: 40 } });
        await page.keyboard.press('Control+G');
        const input = page.locator('.quick-input-widget input');
        await input.waitFor();
        await input.fill(column === undefined ? `:${line}` : `:${line}:${column}`);
        await page.keyboard.press('Enter');
        await input.waitFor({ state: 'hidden' });
        try {
            await expect.poll(() => cursor(page), { timeout: 3_000 }).toMatchObject(wanted);
            return;
        } catch (error) {
            if (attempt === 3) throw error;
        }
    }
}
