/**
 * Startup target (bench/targets.ts): the extension activates in ≤ 50 ms. Measured by VS Code
 * itself: the built .vsix installed in code-server (real VS Code, the window of
 * `npm run test:e2e`: test/e2e/workbench.ts), a .journey file opened (activation event
 * `onLanguage:journey`), then the activation time that "Developer: Show Running Extensions"
 * reports. Each run reloads the window, so each is a fresh extension host; the reload restores the
 * open .journey editor, so from the second run on the extension activates while the extension
 * host starts, as when VS Code reopens a window.
 *
 * That number is VS Code's `codeLoadingTime + activateCallTime`, and its code-loading clock
 * starts before an `await` (the extension host's `_doLoadModule`: `codeLoadingStart()`, then
 * `await initializeLocalizedMessages()`, then `require`). Extensions whose activation was
 * requested in the same batch (at start-up github-authentication, for the Accounts menu; on the
 * first file of any language emmet, on the event `onLanguage`) load their code in that gap,
 * and VS Code adds their loading to ours. So each run also reads "Developer: Startup
 * Performance": VS Code's split (load code / call activate / finish activate), its own marks
 * around our `require` (willLoadExtensionCode → didLoadExtensionCode), and which other
 * extensions' code loaded inside our code-loading window.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { openFromExplorer, openWorkbench, runCommand } from '../test/e2e/workbench.js';
import { formatMs, machine, median, RUNS } from './harness.js';
import { TARGETS } from './targets.js';

const FILE = 'retail-ideal.journey';
const DISPLAY_NAME_START = 'Journey';
const EXTENSION_ID = 'journey-maps.journey-maps';
/** How long the control waits after the text file opens: start-up's activations (git, github, emmet) are done by then. */
const SETTLE_MS = 5_000;

interface Parts {
    /** VS Code's activationTimes for the extension. */
    codeLoading: number;
    activateCall: number;
    activateResolved: number;
    /**
     * Our `require` of out/extension.cjs alone: the extension host's marks around it. Undefined when
     * activation came after start-up: the host sends its marks to the window only once, then.
     */
    ownRequire?: number;
    /** Other extensions whose code loaded inside our code-loading window, with their loading time. */
    others: { id: string; ms: number }[];
}

console.log(`activation: ${machine()}, code-server (VS Code) in headless Chromium`);
const { page, workspace, close } = await openWorkbench();
try {
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    // The running extensions are a virtual list, slowest first: a fast activation sits at the
    // bottom, where a window of ordinary height renders no row for it.
    await page.setViewportSize({ width: 1600, height: 4000 });
    await measureActivation('activation (onLanguage:journey)', async run => {
        if (run > 0) await reload();
    });
    // Control: the same window, but the .journey file is not restored and opens after a text file
    // (emmet activates on that one) and after start-up's activations: nothing else is in our batch.
    writeFileSync(join(workspace, 'notes.txt'), 'a text file\n');
    await measureActivation('  control: activating alone', async () => {
        await runCommand(page, 'View: Close All Editors');
        await page.locator('.tab').first().waitFor({ state: 'detached' });
        await reload();
        await openFromExplorer(page, 'notes.txt');
        await page.waitForTimeout(SETTLE_MS);
    });
} finally {
    await close();
}

async function reload(): Promise<void> {
    await page.reload();
    await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
}

/** RUNS activations, each in a fresh extension host (`prepare` reloads): VS Code's number, its split, and ours. */
async function measureActivation(name: string, prepare: (run: number) => Promise<void>): Promise<void> {
    console.log(`  ${name}:`);
    const activations: number[] = [];
    const split: Parts[] = [];
    for (let run = 0; run < RUNS; run++) {
        await prepare(run);
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
        const parts = partsOf(await startupPerformance(page));
        split.push(parts);
        console.log(`    run ${run + 1}: ${formatMs(Number(ms[1]))} (${text.trim()}) = load code ${parts.codeLoading} + call activate ${parts.activateCall} ms` +
            ` (activate resolved after ${parts.activateResolved} ms); ` +
            (parts.ownRequire === undefined ? '(no marks after start-up)' : `our require ${parts.ownRequire} ms; other extensions' code loaded in our window: ` +
            (parts.others.map(other => `${other.id} ${other.ms} ms`).join(', ') || 'none')));
    }
    const column = (pick: (parts: Parts) => number) => formatMs(median(split.map(pick))).padStart(6);
    console.log(`  ${name.padEnd(34)} median ${formatMs(median(activations)).padStart(8)}   runs ${activations.map(formatMs).join(', ')}   (target ≤ ${TARGETS.activationMs} ms)`);
    console.log(`  ${'  of which'.padEnd(34)} load code ${column(p => p.codeLoading)}, call activate ${column(p => p.activateCall)}, activate resolved ${column(p => p.activateResolved)}`);
    const own = split.flatMap(p => p.ownRequire === undefined ? [] : [p.ownRequire + p.activateCall]);
    if (own.length) console.log(`  ${`  our own (require + call), ${own.length} run(s) with marks`.padEnd(34)} median ${formatMs(median(own)).padStart(8)}   runs ${own.map(formatMs).join(', ')}`);
}

/** The text of "Developer: Startup Performance" (a markdown editor, read through the clipboard), which is then closed. */
async function startupPerformance(page: Page): Promise<string> {
    // Running Extensions is a modal editor: close it first.
    await page.keyboard.press('Escape');
    await page.locator('.monaco-modal-editor-block').waitFor({ state: 'hidden' });
    await runCommand(page, 'Developer: Startup Performance');
    await page.locator('.tab.active', { hasText: /Startup Performance/i }).waitFor({ timeout: 30_000 });
    // The report fills in as VS Code gathers it: copy it until it lists the extension's activation.
    let text = '';
    for (const deadline = Date.now() + 30_000; !text.includes(`| ${EXTENSION_ID} `) && Date.now() < deadline;) {
        await page.waitForTimeout(250);
        await page.locator('.editor-instance .monaco-editor .view-lines').last().click();
        await page.keyboard.press('Control+A');
        await page.keyboard.press('Control+C');
        text = await page.evaluate(() => navigator.clipboard.readText());
    }
    // A markdown editor restored by the next reload would activate markdown's extensions in that run.
    await runCommand(page, 'View: Close Editor');
    await page.locator('.tab', { hasText: /Startup Performance/i }).waitFor({ state: 'detached' });
    return text;
}

/** Our row of "Extension Activation Stats" and the remote extension host's raw marks around code loading. */
function partsOf(report: string): Parts {
    const stats = report.split('\n').map(line => line.split('|').map(cell => cell.trim()))
        .find(cells => cells[1] === EXTENSION_ID);
    if (!stats) throw new Error(`no activation stats for ${EXTENSION_ID} in Developer: Startup Performance`);
    const [codeLoading, activateCall, activateResolved] = stats.slice(3, 6).map(Number);
    // "code/extHost/willLoadExtensionCode/<id>\t<epoch ms>\t…": start and end of each extension's require.
    const loads = new Map<string, { start?: number; end?: number }>();
    const raw = report.slice(report.indexOf('## Raw Perf Marks: remoteExtHost'));
    for (const match of raw.matchAll(/^code\/extHost\/(will|did)LoadExtensionCode\/(\S+)\t(\d+)/gm)) {
        const load = loads.get(match[2]) ?? {};
        load[match[1] === 'will' ? 'start' : 'end'] = Number(match[3]);
        loads.set(match[2], load);
    }
    const own = loads.get(EXTENSION_ID);
    const ownEnd = own?.end;
    if (own?.start === undefined || ownEnd === undefined) return { codeLoading, activateCall, activateResolved, others: [] };
    // VS Code's clock for us started codeLoading ms before our require ended (± 1 ms: the marks are rounded).
    const windowStart = ownEnd - codeLoading - 1;
    const others = [...loads].flatMap(([id, { start, end }]) =>
        id !== EXTENSION_ID && start !== undefined && end !== undefined && start >= windowStart && end <= ownEnd ? [{ id, ms: end - start }] : []);
    return { codeLoading, activateCall, activateResolved, ownRequire: ownEnd - own.start, others };
}
