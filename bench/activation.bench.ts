/**
 * Startup target (bench/targets.ts): the extension activates in ≤ 50 ms. Measured by VS Code
 * itself: the built .vsix installed in code-server (real VS Code, as in
 * `npm run test:e2e`, installed once into .e2e-cache/), a .journey file opened
 * (activation event `onLanguage:journey`), then the activation time that
 * "Developer: Show Running Extensions" reports. Each run reloads the window, so
 * each is a fresh extension host.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureCodeServer, freshUserData, installExtension, ROOT, startCodeServer } from '../test/e2e/code-server.js';
import { EXAMPLES } from '../test/examples.js';
import { formatMs, machine, median, RUNS } from './harness.js';
import { TARGETS } from './targets.js';

// Loaded from the repository's node_modules at run time (the bench bundle cannot inline it).
const { chromium } = createRequire(join(ROOT, 'package.json'))('playwright-core') as typeof import('playwright-core');
const FILE = 'retail-ideal.journey';
const DISPLAY_NAME_START = 'Journey';

console.log(`activation: ${machine()}, code-server (VS Code) in headless Chromium`);
ensureCodeServer();
execFileSync('npm', ['run', 'package'], { cwd: ROOT, stdio: 'ignore' });
const userData = freshUserData();
const workspace = mkdtempSync(join(tmpdir(), 'journey-bench-activation-'));
const browserData = mkdtempSync(join(tmpdir(), 'journey-bench-browser-'));
cpSync(EXAMPLES, workspace, { recursive: true, filter: source => !source.includes('/invalid') });
installExtension(join(ROOT, 'journey-maps.vsix'), userData);
const server = await startCodeServer(userData);
const context = await chromium.launchPersistentContext(browserData, {
    executablePath: '/usr/bin/chromium', viewport: { width: 1600, height: 1000 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']
});
try {
    const page = context.pages()[0] ?? await context.newPage();
    const activations: number[] = [];
    for (let run = 0; run < RUNS; run++) {
        await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}`);
        await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
        await page.locator('.explorer-folders-view .monaco-list-row', { hasText: FILE }).click({ timeout: 30_000 });
        await page.locator('#status\\.editor\\.mode', { hasText: 'Journey' }).waitFor({ timeout: 30_000 });
        await page.keyboard.press('F1');
        await page.locator('.quick-input-widget input').fill('>Developer: Show Running Extensions');
        await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Show Running Extensions' }).first().waitFor();
        await page.keyboard.press('Enter');
        const row = page.locator('.runtime-extensions-editor .monaco-list-row', { has: page.locator('.name', { hasText: DISPLAY_NAME_START }) });
        const text = await row.locator('.activation-time').textContent({ timeout: 30_000 }) ?? '';
        const ms = /(\d+(?:\.\d+)?)\s*ms/.exec(text);
        if (!ms) throw new Error(`no activation time in "${text}"`);
        activations.push(Number(ms[1]));
    }
    console.log(`  ${'activation (onLanguage:journey)'.padEnd(34)} median ${formatMs(median(activations)).padStart(8)}   runs ${activations.map(formatMs).join(', ')}   (target ≤ ${TARGETS.activationMs} ms)`);
} finally {
    await context.close();
    await server.stop();
    for (const dir of [workspace, browserData, userData]) rmSync(dir, { recursive: true, force: true });
}
