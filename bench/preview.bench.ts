/**
 * Preview budget, end to end in two measured halves (same run, same maps):
 * - server: a keystroke (`didChange` over a real LSP session with out/server.cjs) until
 *   the `journey/diagram` answer arrives (re-parse, validation, documentChanged, models);
 * - webview: the `diagram` message posted to the built preview page in headless Chromium
 *   (same CSP as in VS Code) until the new map is painted (ELK in its worker, SVG, DOM),
 *   with the longest main-thread task meanwhile: ELK must not block the UI thread.
 * The peer: Mermaid's `journey` diagram of the same map in the same Chromium, text → painted
 * (bench/mermaid-peer.ts); the ratio Mermaid / Journey is printed per map size.
 * Also in the page: a structural edit (a touchpoint removed) and a toolbar click (rows by persona), to the painted frame.
 * Targets: keystroke → repainted map ≤ 16 ms median at 60 touchpoints, ≤ 250 ms and ≥ 4 × faster than Mermaid at 1,000;
 * structural edit ≤ 50 ms and toolbar click ≤ 16 ms at 60 touchpoints.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DiagramRequest, DocumentChangedNotification, type DocumentChangedParams } from '../src/common/server-protocol.js';
import type { DiagramMessage } from '../src/common/webview-messages.js';
import { startStdioServer } from '../test/lsp/stdio-server.js';
import { diagramMessage, loadExamples, openPreviewPage, ROOT } from '../test/webview/harness.js';
import { SHARED_DECLARATIONS, generateMap } from './generate-maps.js';
import { formatMs, machine, measure, median, RUNS } from './harness.js';
import { mermaidText, openMermaidPage } from './mermaid-peer.js';

/** Keystrokes typed before the timed ones: a preview open while typing runs warm (JIT-compiled) code. */
const KEYSTROKES_TYPED_BEFORE = 10;

console.log(`preview: ${machine()}, ${process.env.CHROMIUM ?? '/usr/bin/chromium'} headless`);
const folder = mkdtempSync(join(tmpdir(), 'journey-bench-preview-'));
writeFileSync(join(folder, 'common.journey'), SHARED_DECLARATIONS);

/** The map with its first stage goal grown by `n` characters: one keystroke per step. */
const typed = (text: string, n: number) => text.replace(`goal "Objectif de l'étape 0"`, `goal "Objectif de l'étape 0${'x'.repeat(n)}"`);

// ---------------------------------------------------------------- server half
const server = startStdioServer();
const connection = server.connection;
const changed: DocumentChangedParams[] = [];
connection.onNotification(DocumentChangedNotification, params => changed.push(params));
await server.initialize(folder, { workspace: { configuration: true } });

async function untilChanged(uri: string, count: number): Promise<void> {
    while (changed.filter(c => c.uris.includes(uri)).length < count) await new Promise(resolve => setTimeout(resolve, 1));
}

const VIEWPORT = { width: 1600, height: 1000 };
const preview = await openPreviewPage(VIEWPORT);
const mermaid = await openMermaidPage(preview.page.context().browser()!, ROOT, VIEWPORT);
/** One line per map size for the README's table. */
const summary: string[] = [];
const summaryExtras: string[] = [];
try {
    for (const touchpoints of [60, 1000]) {
        const text = generateMap(0, touchpoints);
        const path = join(folder, `map-${touchpoints}.journey`);
        writeFileSync(path, text);
        const uri = pathToFileURL(path).toString();
        console.log(`\n${touchpoints} touchpoints (${(text.length / 1024).toFixed(0)} KiB)`);

        await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'journey', version: 1, text } });
        await untilChanged(uri, 1);
        let version = 1;
        const server = await measure('server: keystroke → diagram answer', async () => {
            version++;
            const count = changed.filter(c => c.uris.includes(uri)).length + 1;
            await connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text: typed(text, version) }] });
            await untilChanged(uri, count);
            await connection.sendRequest(DiagramRequest, { uri });
        }, { warmUp: KEYSTROKES_TYPED_BEFORE });

        // The page gets what the extension would post: models the server's function built.
        const documents = await loadExamples([join(folder, 'common.journey'), path]);
        const message = diagramMessage(documents.get(path)!);
        if (message.errors.length) throw new Error(`generated map has errors: ${message.errors[0].message}`);
        let step = 0;
        const longest: number[] = [];
        const inDom: number[] = [];
        const inPage: number[] = [];
        await measure('webview: message → painted map', async () => {
            const next: DiagramMessage = { ...message, diagrams: message.diagrams.map(d => ({ ...d, stages: d.stages.map((s, i) => i === 0 ? { ...s, label: `${s.label}${++step}` } : s) })) };
            const result = await paint(next);
            longest.push(result.longestTask);
            inDom.push(result.inDomMs);
            inPage.push(result.ms);
        }, { warmUp: KEYSTROKES_TYPED_BEFORE });
        // The timed runs only, not the warm-up.
        inDom.splice(0, inDom.length - RUNS);
        inPage.splice(0, inPage.length - RUNS);
        longest.splice(0, longest.length - RUNS);
        console.log(`  ${'  of which: message → map in DOM'.padEnd(34)} median ${formatMs(median(inDom)).padStart(8)}   (runs ${inDom.map(formatMs).join(', ')})`);
        console.log(`  ${'longest main-thread task per paint'.padEnd(34)} median ${formatMs(median(longest)).padStart(8)}   (runs ${longest.map(formatMs).join(', ')})`);
        // The page's own clock, from postMessage to the painted frame: the wall time above also
        // counts Playwright carrying the message (1 MB at 1,000 touchpoints) into the page.
        const page = median(inPage);
        console.log(`  ${'  in the page: posted → painted'.padEnd(34)} median ${formatMs(page).padStart(8)}   (runs ${inPage.map(formatMs).join(', ')})`);
        const total = server.median + page;
        console.log(`  keystroke → repainted map ≈ ${formatMs(server.median)} + ${formatMs(page)} = ${formatMs(total)} (${touchpoints === 60 ? 'target ≤ 16 ms' : 'target ≤ 250 ms'}); webview share ${(page / total * 100).toFixed(0)} %`);

        // A structural edit (the last touchpoint gone, then back) and a toolbar click (rows by
        // persona, then by channel), each timed in the page to the painted frame.
        const diagram0 = message.diagrams[0];
        const lastTouchpoint = [...diagram0.cards].reverse().find(c => c.kind === 'touchpoint')!;
        const without: DiagramMessage = { ...message, diagrams: [{ ...diagram0, cards: diagram0.cards.filter(c => c !== lastTouchpoint && c.touchpoint !== lastTouchpoint.id), flows: diagram0.flows.filter(f => f.source !== lastTouchpoint.id && f.target !== lastTouchpoint.id) }] };
        let removed = false;
        const structural = await inPageMedian('page: structural edit → painted', async () => {
            removed = !removed;
            return (await paint(removed ? without : message)).ms;
        });
        if (removed) await paint(message);
        let byPersona = false;
        const toolbar = await inPageMedian('page: toolbar click → painted', async () => {
            byPersona = !byPersona;
            return clickRadio(byPersona ? 'persona' : 'channel');
        });
        if (byPersona) await clickRadio('channel');
        summaryExtras.push(`| ${touchpoints.toLocaleString('en')} touchpoints | structural edit ${formatMs(structural)}, toolbar click ${formatMs(toolbar)} (page only) | | |`);

        // The peer: Mermaid's journey diagram of the same map, one keystroke (the first section's name) per run.
        const diagram = message.diagrams[0];
        let typedMermaid = 0;
        const mermaidLongest: number[] = [];
        const mermaidInPage: number[] = [];
        await measure('Mermaid journey: text → painted', async () => {
            const result = await mermaid.paint(mermaidText(diagram, 'x'.repeat(++typedMermaid)));
            mermaidLongest.push(result.longestTask);
            mermaidInPage.push(result.ms);
        }, { warmUp: 2 });
        mermaidLongest.splice(0, mermaidLongest.length - RUNS);
        mermaidInPage.splice(0, mermaidInPage.length - RUNS);
        // Timed on the page's clock too, from the text to the painted frame (parse, layout, SVG, DOM, paint).
        const peer = { median: median(mermaidInPage) };
        console.log(`  ${'  in the page: text → painted'.padEnd(34)} median ${formatMs(peer.median).padStart(8)}   (runs ${mermaidInPage.map(formatMs).join(', ')})`);
        console.log(`  ${'  longest main-thread task'.padEnd(34)} median ${formatMs(median(mermaidLongest)).padStart(8)}   (runs ${mermaidLongest.map(formatMs).join(', ')})`);
        const ratio = peer.median / total;
        console.log(`  Mermaid / Journey = ${ratio.toFixed(2)} × (${ratio >= 1 ? 'Journey faster' : 'Mermaid faster'}${touchpoints === 1000 ? '; target ≥ 4 ×' : ''})`);
        summary.push(`| ${touchpoints.toLocaleString('en')} touchpoints | ${formatMs(total)} (${formatMs(server.median)} + ${formatMs(page)}; longest task ${formatMs(median(longest))}) | ${formatMs(peer.median)} (longest task ${formatMs(median(mermaidLongest))}) | ${ratio.toFixed(2)} × |`);
        await connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    }
    const problems = await preview.problems();
    if (problems.length) throw new Error(`the page reported problems:\n${problems.join('\n')}`);
    console.log(`\nkeystroke → painted, medians of ${RUNS} runs, ${machine()}:`);
    console.log('| map | Journey preview (server + webview) | Mermaid journey, same map | Mermaid / Journey |');
    console.log('|---|---|---|---|');
    for (const line of summary) console.log(line);
    for (const line of summaryExtras) console.log(line);
} finally {
    await mermaid.close();
    await preview.close();
    server.stop();
}

/** Runs `task` (it returns in-page milliseconds) after warm-up runs and prints the median of RUNS timed runs. */
async function inPageMedian(name: string, task: () => Promise<number>): Promise<number> {
    for (let i = 0; i < 4; i++) await task();
    const runs: number[] = [];
    for (let i = 0; i < RUNS; i++) runs.push(await task());
    console.log(`  ${name.padEnd(34)} median ${formatMs(median(runs)).padStart(8)}   (runs ${runs.map(formatMs).join(', ')})`);
    return median(runs);
}

/** Clicks the toolbar's "Rows by" radio `value` and resolves with the in-page time until that map is painted. */
function clickRadio(value: 'persona' | 'channel'): Promise<number> {
    return preview.page.evaluate(async value => {
        const canvas = document.getElementById('canvas')!;
        const before = canvas.dataset.revision;
        const start = performance.now();
        const redrawn = new Promise<void>(resolve => {
            const watcher = new MutationObserver(() => {
                if (canvas.dataset.revision === before) return;
                watcher.disconnect();
                resolve();
            });
            watcher.observe(canvas, { attributes: true, attributeFilter: ['data-revision'] });
        });
        (document.querySelector(`vscode-radio[value="${value}"]`) as HTMLElement).click();
        await redrawn;
        await new Promise<void>(resolve => requestAnimationFrame(() => setTimeout(resolve, 0)));
        return performance.now() - start;
    }, value);
}

/**
 * Posts a diagram message and resolves once the frame that shows it is painted
 * (a task queued from that frame's animation callback runs after its paint), with
 * the time the map reached the DOM and the longest main-thread task meanwhile.
 */
function paint(message: DiagramMessage): Promise<{ ms: number; inDomMs: number; longestTask: number }> {
    return preview.page.evaluate(async posted => {
        const canvas = document.getElementById('canvas')!;
        const before = canvas.dataset.revision;
        let longestTask = 0;
        const observer = new PerformanceObserver(list => {
            for (const entry of list.getEntries()) longestTask = Math.max(longestTask, entry.duration);
        });
        observer.observe({ type: 'longtask' });
        const start = performance.now();
        const inDom = new Promise<number>(resolve => {
            const watcher = new MutationObserver(() => {
                if (canvas.dataset.revision === before) return;
                watcher.disconnect();
                resolve(performance.now() - start);
            });
            watcher.observe(canvas, { attributes: true, attributeFilter: ['data-revision'] });
        });
        window.postMessage(posted, '*');
        const inDomMs = await inDom;
        await new Promise<void>(resolve => requestAnimationFrame(() => setTimeout(resolve, 0)));
        const ms = performance.now() - start;
        for (const entry of observer.takeRecords()) longestTask = Math.max(longestTask, entry.duration);
        observer.disconnect();
        return { ms, inDomMs, longestTask };
    }, message);
}
