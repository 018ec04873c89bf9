/**
 * Startup target (bench/targets.ts): the extension activates in ≤ 50 ms. Measured by VS Code
 * itself: the built .vsix installed in code-server (real VS Code, the window of
 * `npm run test:e2e`: test/e2e/workbench.ts), a .journey file opened (activation event
 * `onLanguage:journey`), then the activation time that "Developer: Show Running Extensions"
 * reports. Each run reloads the window (the first after opening the map), so each is a fresh
 * extension host, and the reload restores the map's editor, so the extension activates while the
 * extension host starts, as when VS Code reopens a window.
 *
 * That number is VS Code's `codeLoadingTime + activateCallTime`, and its code-loading clock
 * starts before an `await` (the extension host's `_doLoadModule`: `codeLoadingStart()`, then
 * `await initializeLocalizedMessages()`, then `require`). Activation requests that reach the
 * extension host before it is ready wait on one barrier (`$activateByEvent` waits for
 * `_readyToRunExtensions`) and are released together, in the order they were sent: every
 * extension of that batch starts its clock in the same tick, then the `require`s run one after
 * the other, so each extension's number includes the loading of those requested before it.
 * Who shares our batch, and in which order, is decided by the workbench and by timing, not by
 * our manifest (`onLanguage:journey` is implicit for a contributed language, `workspaceContains`
 * and `onStartupFinished` are handled only after that batch, and the localization `await` returns
 * at once in English): github-authentication (`onAuthenticationRequest:github`, asked for by the
 * workbench at start-up) comes first; emmet (bare `onLanguage`, which the workbench sends after
 * `onLanguage:<id>` for the first text model of any language) comes before us when the restored
 * map's model is resolved before the `languages` extension point registers `journey` (the model
 * starts as plaintext), after us when the language is registered first; the JSON extensions
 * (`onLanguage:json`) come with a JSON model the window creates at start-up. So each
 * run also reads "Developer: Startup Performance": VS Code's split (load code / call activate /
 * finish activate), the extension host's marks around each `require`
 * (willLoadExtensionCode → didLoadExtensionCode) and each extension's activation event, and
 * prints our batch in the order its code loaded: which extensions loaded inside our code-loading
 * window, how long each `require` took, and which event asked for it.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { openFromExplorer, openWorkbench, packageExtension, runCommand } from '../test/e2e/workbench.js';
import { formatMs, machine, median, RUNS } from './harness.js';
import { TARGETS } from './targets.js';

const FILE = 'retail-ideal.journey';
const DISPLAY_NAME_START = 'Journey';
const EXTENSION_ID = 'journey-maps.journey-maps';
/** How long the control waits after the text file opens: start-up's activations (git, github, emmet) are done by then. */
const SETTLE_MS = 5_000;
/**
 * VS Code in a browser saves the window's state (its open editors) to IndexedDB when idle, every
 * 5 s, and its save on unload does not always land before the page goes: without this wait a
 * reload may restore the editors of an earlier moment (the Startup Performance report, a closed
 * map, or no map), and the run measures another scenario than it says.
 */
const STATE_SAVED_MS = 6_000;

/** One extension whose code loaded in our batch: its `require` (the extension host's marks) and the event that asked for it. */
interface Load {
    id: string;
    ms: number;
    event: string;
}

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
    /** Other extensions whose code loaded inside our code-loading window (requested before us in our batch), in load order. */
    others: Load[];
    /** Extensions whose code loaded right after ours, back to back (requested after us in the same batch): not in our number. */
    after: Load[];
    /** Milliseconds from the extension host's `ready` mark to the start of our code-loading clock: a few when our request waited for the host. */
    sinceReady?: number;
    /**
     * Milliseconds by which the window's start-up resolved the restored map's text model before its
     * `languages` extension point registered `journey` (the model starts as plaintext, and asks for
     * emmet's bare `onLanguage` before our `onLanguage:journey`). Undefined when no model was restored.
     */
    modelBeforeLanguage?: number;
}

console.log(`activation: ${machine()}, code-server (VS Code) in headless Chromium`);
packageExtension();
const { page, workspace, close } = await openWorkbench();
try {
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    // The running extensions are a virtual list, slowest first: a fast activation sits at the
    // bottom, where a window of ordinary height renders no row for it.
    await page.setViewportSize({ width: 1600, height: 4000 });
    // Each run restores the map's editor at start-up: the first opens it and reloads.
    await measureActivation('activation (onLanguage:journey)', async run => {
        if (run === 0) await openFromExplorer(page, FILE);
        return reloadRestoring(FILE);
    });
    // Control: the same window, but the .journey file is not restored and opens after a text file
    // (emmet activates on that one) and after start-up's activations: nothing else is in our batch.
    writeFileSync(join(workspace, 'notes.txt'), 'a text file\n');
    await measureActivation('  control: activating alone', async () => {
        await runCommand(page, 'View: Close All Editors');
        await page.locator('.tab').first().waitFor({ state: 'detached' });
        const tabs = await reload();
        if (tabs.length) throw new Error(`the reload restored ${tabs.join(', ')} after Close All Editors`);
        await openFromExplorer(page, 'notes.txt');
        await page.waitForTimeout(SETTLE_MS);
        return tabs;
    });
} finally {
    await close();
}

/**
 * Reloads the window until it restores `file`'s editor (three tries). VS Code in a browser may
 * unload before its saved state lands (one full bench run's first reload restored no editor):
 * then the map is opened again and the window reloaded again; that reload is the measured one.
 */
async function reloadRestoring(file: string): Promise<string[]> {
    for (let attempt = 1; ; attempt++) {
        const tabs = await reload();
        if (tabs.some(tab => tab.includes(file))) return tabs;
        const restored = `the reload restored ${tabs.join(', ') || 'no editor'}, not ${file}`;
        if (attempt === 3) throw new Error(restored);
        console.log(`    ${restored}: opened again, reloading again`);
        await openFromExplorer(page, file);
    }
}

/** Reloads the window once its state is saved; returns the labels of the editors it restored. */
async function reload(): Promise<string[]> {
    await page.waitForTimeout(STATE_SAVED_MS);
    await page.reload();
    await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    // The tabs are there once the window has restored its editors (its own perf mark).
    await page.waitForFunction(() => (globalThis as { MonacoPerformanceMarks?: { getMarks(): { name: string }[] } })
        .MonacoPerformanceMarks?.getMarks().some(mark => mark.name === 'code/didRestoreEditors'), undefined, { timeout: 60_000 });
    return (await page.locator('.tabs-container .tab .monaco-icon-label').allTextContents()).map(label => label.trim());
}

/** RUNS activations, each in a fresh extension host (`prepare` reloads): VS Code's number, its split, and ours. */
async function measureActivation(name: string, prepare: (run: number) => Promise<string[]>): Promise<void> {
    console.log(`  ${name}:`);
    const activations: number[] = [];
    const split: Parts[] = [];
    for (let run = 0; run < RUNS; run++) {
        const restored = await prepare(run);
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
            (parts.ownRequire === undefined ? '(no marks after start-up)' : `our require ${parts.ownRequire} ms`) +
            `; editors restored: ${restored.join(', ') || 'none'}`);
        if (parts.ownRequire !== undefined) console.log(`      ${describeBatch(parts)}`);
    }
    const column = (pick: (parts: Parts) => number) => formatMs(median(split.map(pick))).padStart(6);
    console.log(`  ${name.padEnd(34)} median ${formatMs(median(activations)).padStart(8)}   runs ${activations.map(formatMs).join(', ')}   (target ≤ ${TARGETS.activationMs} ms)`);
    console.log(`  ${'  of which'.padEnd(34)} load code ${column(p => p.codeLoading)}, call activate ${column(p => p.activateCall)}, activate resolved ${column(p => p.activateResolved)}`);
    const marked = split.filter(p => p.ownRequire !== undefined);
    if (!marked.length) return;
    const own = marked.map(p => p.ownRequire! + p.activateCall);
    const others = marked.map(p => p.others.reduce((sum, other) => sum + other.ms, 0));
    console.log(`  ${`  our own (require + call), ${own.length} run(s) with marks`.padEnd(34)} median ${formatMs(median(own)).padStart(8)}   runs ${own.map(formatMs).join(', ')}`);
    console.log(`  ${'  other extensions\' code loading'.padEnd(34)} median ${formatMs(median(others)).padStart(8)}   runs ${others.map(formatMs).join(', ')}   (counted in ours by VS Code)`);
    // Which extensions, in how many runs, and their own require times.
    const byId = new Map<string, Load[]>();
    for (const other of marked.flatMap(p => p.others)) byId.set(other.id, [...byId.get(other.id) ?? [], other]);
    for (const [id, loads] of [...byId].sort((a, b) => b[1].length - a[1].length)) {
        const events = [...new Set(loads.map(load => load.event))].join(', ');
        console.log(`      ${id} (${events}): in our window in ${loads.length} of ${marked.length} run(s), require median ${formatMs(median(loads.map(load => load.ms)))} (${loads.map(load => formatMs(load.ms)).join(', ')})`);
    }
}

/** Our batch in load order: "github-authentication 41 ms (onAuthenticationRequest:github) → emmet … → [Journey 3 ms] → …". */
function describeBatch(parts: Parts): string {
    const load = (l: Load) => `${l.id.replace(/^vscode\./, '')} ${l.ms} ms (${l.event})`;
    const chain = [...parts.others.map(load), `[ours ${parts.ownRequire} ms]`, ...parts.after.map(load)].join(' → ');
    const released = parts.sinceReady === undefined ? 'no ready mark' : `our clock started ${parts.sinceReady} ms after the extension host's ready mark`;
    const model = parts.modelBeforeLanguage === undefined ? '' : parts.modelBeforeLanguage > 0
        ? `; the map's model was resolved ${parts.modelBeforeLanguage} ms before the journey language was registered`
        : `; the journey language was registered ${-parts.modelBeforeLanguage} ms before the map's model was resolved`;
    return `our batch (${released}${model}), code loaded in request order: ${chain}`;
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
    // A middle click on its tab: the palette's first match for "View: Close Editor" may be another
    // command (one closed the map's editor too, so the next reload restored none).
    const tab = page.locator('.tab', { hasText: /Startup Performance/i });
    await tab.click({ button: 'middle' });
    await tab.waitFor({ state: 'detached' });
    return text;
}

/** Our row of "Extension Activation Stats", every extension's activation event there, and the remote extension host's raw marks around code loading. */
function partsOf(report: string): Parts {
    const rows = report.split('\n').map(line => line.split('|').map(cell => cell.trim()));
    const statsOf = (id: string) => rows.find(cells => cells[1] === id);
    const stats = statsOf(EXTENSION_ID);
    if (!stats) throw new Error(`no activation stats for ${EXTENSION_ID} in Developer: Startup Performance`);
    // | Extension | Eager | Load Code | Call Activate | Finish Activate | Event | By |
    const [codeLoading, activateCall, activateResolved] = stats.slice(3, 6).map(Number);
    const eventOf = (id: string) => statsOf(id)?.[6] ?? '?';
    // "code/extHost/willLoadExtensionCode/<id>\t<epoch ms>\t…": start and end of each extension's require.
    const raw = report.slice(report.indexOf('## Raw Perf Marks: remoteExtHost'));
    const loadsById = new Map<string, { start?: number; end?: number }>();
    for (const match of raw.matchAll(/^code\/extHost\/(will|did)LoadExtensionCode\/(\S+)\t(\d+)/gm)) {
        const load = loadsById.get(match[2]) ?? {};
        load[match[1] === 'will' ? 'start' : 'end'] = Number(match[3]);
        loadsById.set(match[2], load);
    }
    const ready = /^code\/extHost\/ready\t(\d+)/m.exec(raw);
    const own = loadsById.get(EXTENSION_ID);
    const ownEnd = own?.end;
    if (own?.start === undefined || ownEnd === undefined) return { codeLoading, activateCall, activateResolved, others: [], after: [] };
    const loads = [...loadsById].flatMap(([id, { start, end }]) => start !== undefined && end !== undefined ? [{ id, start, end }] : [])
        .sort((a, b) => a.start - b.start || a.end - b.end);
    const toLoad = ({ id, start, end }: { id: string; start: number; end: number }): Load => ({ id, ms: end - start, event: eventOf(id) });
    // VS Code's clock for us started codeLoading ms before our require ended (± 1 ms: the marks are rounded).
    const windowStart = ownEnd - codeLoading - 1;
    const others = loads.filter(l => l.id !== EXTENSION_ID && l.start >= windowStart && l.end <= ownEnd).map(toLoad);
    // The rest of the batch: requires that follow ours back to back (each starts within 1 ms of the previous end).
    const after: Load[] = [];
    let previousEnd = ownEnd;
    for (const l of loads.filter(l => l.start >= ownEnd && l.id !== EXTENSION_ID)) {
        if (l.start - previousEnd > 1) break;
        after.push(toLoad(l));
        previousEnd = l.end;
    }
    const sinceReady = ready ? Math.max(0, windowStart + 1 - Number(ready[1])) : undefined;
    return { codeLoading, activateCall, activateResolved, ownRequire: ownEnd - own.start, others, after, sinceReady, modelBeforeLanguage: modelBeforeLanguage(report) };
}

/** From the window's own marks: when start-up resolved the restored editor's text model, and when it registered the contributed languages. */
function modelBeforeLanguage(report: string): number | undefined {
    const renderer = report.slice(report.indexOf('## Raw Perf Marks: renderer'), report.indexOf('## Raw Perf Marks:', report.indexOf('## Raw Perf Marks: renderer') + 1));
    const mark = (name: string) => {
        const match = new RegExp(`^${name}\\t(\\d+)`, 'm').exec(renderer);
        return match ? Number(match[1]) : undefined;
    };
    const model = mark('code/didResolveTextFileEditorModel');
    const languages = mark('code/didHandleExtensionPoint/languages');
    return model === undefined || languages === undefined ? undefined : languages - model;
}
