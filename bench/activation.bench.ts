/**
 * Startup target (bench/targets.ts): the extension activates in ≤ 50 ms. Measured by VS Code
 * itself: the built .vsix installed in code-server (real VS Code, the window of
 * `npm run test:e2e`: test/e2e/workbench.ts), a .journey file opened (activation event
 * `onLanguage:journey`), then the activation time that "Developer: Show Running Extensions"
 * reports. Each run reloads the window, so each is a fresh extension host.
 */
import { openFromExplorer, openWorkbench, runCommand } from '../test/e2e/workbench.js';
import { formatMs, machine, median, RUNS } from './harness.js';
import { TARGETS } from './targets.js';

const FILE = 'retail-ideal.journey';
const DISPLAY_NAME_START = 'Journey';

console.log(`activation: ${machine()}, code-server (VS Code) in headless Chromium`);
const { page, close } = await openWorkbench();
try {
    // The running extensions are a virtual list, slowest first: a fast activation sits at the
    // bottom, where a window of ordinary height renders no row for it.
    await page.setViewportSize({ width: 1600, height: 4000 });
    const activations: number[] = [];
    for (let run = 0; run < RUNS; run++) {
        if (run > 0) {
            await page.reload();
            await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
        }
        await openFromExplorer(page, FILE);
        await page.locator('#status\\.editor\\.mode', { hasText: 'Journey' }).waitFor({ timeout: 30_000 });
        await runCommand(page, 'Developer: Show Running Extensions');
        const row = page.locator('.runtime-extensions-editor .monaco-list-row', { has: page.locator('.name', { hasText: DISPLAY_NAME_START }) });
        // The row shows "Activating..." until the extension has activated: wait for its time.
        const time = row.locator('.activation-time', { hasText: /\d+(?:\.\d+)?\s*ms/ });
        await time.waitFor({ timeout: 30_000 }).catch(async error => {
            // What the view showed instead, for whoever reads the failure.
            const rows = await page.locator('.runtime-extensions-editor .monaco-list-row').allTextContents().catch(() => []);
            console.log(`  run ${run + 1}: no activation time for ${DISPLAY_NAME_START}; the view lists ${rows.length} rows: ${rows.filter(r => r.includes(DISPLAY_NAME_START)).join(' | ') || '(none named so)'}`);
            throw error;
        });
        const text = await time.textContent() ?? '';
        const ms = /(\d+(?:\.\d+)?)\s*ms/.exec(text);
        if (!ms) throw new Error(`no activation time in "${text}"`);
        activations.push(Number(ms[1]));
        console.log(`  run ${run + 1}: ${formatMs(Number(ms[1]))} (${text.trim()})`);
    }
    console.log(`  ${'activation (onLanguage:journey)'.padEnd(34)} median ${formatMs(median(activations)).padStart(8)}   runs ${activations.map(formatMs).join(', ')}   (target ≤ ${TARGETS.activationMs} ms)`);
} finally {
    await close();
}
