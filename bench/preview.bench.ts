/**
 * Preview budget. A label edit is first echoed by the extension host (src/common/label-echo.ts
 * decides it, on the change event VS Code reports; the page patches the edited card): timed as
 * "keystroke → painted (label edit, echoed)", the host's function plus the posted `echo`
 * message to the painted frame in the real page. The server's full answer still follows
 * ("server confirms"), end to end in two measured halves (same run, same maps):
 * - server: a keystroke (`didChange` over a real LSP session with out/server.cjs) until
 *   the `journey/diagramChanges` answer arrives and is applied to the models held, as the
 *   extension does (re-parse, validation, documentChanged, models, what changed in them); its
 *   runs taken in turn with those of the same keystroke answered whole (`journey/diagram`, 7 MB
 *   of JSON at 10,000 touchpoints), printed beside it;
 * - webview: the message the extension posts for those models (src/common/webview-messages.ts:
 *   pageDiagramMessage: what changed since the models the page holds, or the models whole as
 *   JSON text when it holds none, as for the first map), built in the extension host ("host":
 *   counted in the totals), posted to the built preview page in headless Chromium
 *   (same CSP as in VS Code) until the new map is painted (its worker applies the changes or
 *   parses the models; ELK in its worker, SVG, DOM), with the longest main-thread task
 *   meanwhile: ELK must not block the UI thread.
 * The peer: Mermaid's `journey` diagram of the same map in the same Chromium, text → painted
 * (bench/mermaid-peer.ts); the ratio Mermaid / Journey is printed per map size.
 * Also in the page: a structural edit (a touchpoint removed) and a toolbar click (rows by persona), to the painted frame;
 * and the structural edit end to end (a touchpoint typed in or out: the server's didChange → diagram answer, plus that answer posted → painted).
 * At 10,000 touchpoints: the first map (didOpen → painted), a keystroke, and frames per second
 * while a script pans and zooms (one wheel event per frame, frames counted by requestAnimationFrame).
 * Targets: keystroke → repainted map ≤ 16 ms median at 60 touchpoints, ≤ 250 ms and ≥ 4 × faster than Mermaid at 1,000;
 * structural edit ≤ 50 ms and toolbar click ≤ 16 ms at 60 touchpoints; at 10,000 the first map ≤ 3 s,
 * keystroke → painted ≤ 1 s and pan/zoom at 60 frames/s.
 * "cpu" of the server half is the server process's own (Linux /proc, 10 ms ticks, so its mean over
 * the runs is printed too), not the bench's. Long tasks are only reported from 50 ms up, so each paint
 * also reports its longest frame: the longest gap between two animation frames while it ran.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DiagramChangesRequest, DiagramRequest, DocumentChangedNotification, type DocumentChangedParams } from '../src/common/server-protocol.js';
import { diagramAnswer, takeDiagramAnswer, type DiagramAnswer, type HeldDiagrams } from '../src/common/diagram-answers.js';
import { pageDiagramMessage, type DiagramMessage, type EchoMessage, type HostToWebviewMessage } from '../src/common/webview-messages.js';
import { echoChanges, echoSpans, spansAgree, type TextChange } from '../src/common/label-echo.js';
import { TARGETS } from './targets.js';
import { startStdioServer } from '../test/lsp/stdio-server.js';
import { diagramMessage, loadExamples, openPreviewPage, ROOT } from '../test/webview/harness.js';
import { SHARED_DECLARATIONS, generateMap } from './generate-maps.js';
import { formatMs, machine, measure, measureInterleaved, median, RUNS } from './harness.js';
import { mermaidText, openMermaidPage } from './mermaid-peer.js';

/** Keystrokes typed before the timed ones: a preview open while typing runs warm (JIT-compiled) code. */
const KEYSTROKES_TYPED_BEFORE = 10;
/** Issue 14's target for a structural edit at 60 touchpoints, keystroke → painted. */
const STRUCTURAL_TARGET_MS = 50;
/**
 * Echoed keystrokes, and the in-page structural edit and toolbar click, take milliseconds: each
 * lands somewhere in the 16.7 ms between two frames and waits for the next one, so a median of 3
 * is mostly the luck of that phase. They are timed at least 9 times (every run counted).
 */
const ECHO_RUNS = Math.max(RUNS, 9);
const IN_PAGE_RUNS = Math.max(RUNS, 9);

/** The target of keystroke → painted for a map of `touchpoints`, in ms. */
function keystrokeTarget(touchpoints: number): number {
    const { upTo60, upTo1000, beyond } = TARGETS.keystrokePaintedMs;
    return touchpoints <= 60 ? upTo60 : touchpoints <= 1000 ? upTo1000 : beyond;
}

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
/** The answer the client holds by document, as the extension keeps it: the next one is what changed since. */
const heldAnswers = new Map<string, HeldDiagrams>();
// As VS Code: the client watches the files (the server's own watcher would load each map the bench
// writes before it is opened, and an open of a text already parsed is no first map).
await server.initialize(folder, { workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } } });

async function untilChanged(uri: string, count: number): Promise<void> {
    while (changed.filter(c => c.uris.includes(uri)).length < count) await new Promise(resolve => setImmediate(resolve));
}

/** CPU milliseconds the server process used so far (user + system, /proc, in 10 ms ticks). */
function serverCpuMs(): number {
    const fields = readFileSync(`/proc/${server.child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Mermaid refuses texts above its default maxTextSize (50,000 characters): asked with its defaults, does it draw? */
const MERMAID_TIMED_UP_TO = Number(process.env.BENCH_MERMAID_MAX_TOUCHPOINTS ?? 1000);
const SIZES = (process.env.BENCH_PREVIEW_SIZES ?? '60,1000,10000').split(',').map(Number);

const VIEWPORT = { width: 1600, height: 1000 };
const preview = await openPreviewPage(VIEWPORT);
const mermaid = await openMermaidPage(preview.page.context().browser()!, ROOT, VIEWPORT);
/** One line per map size for the README's table. */
const summary: string[] = [];
const summaryExtras: string[] = [];
try {
    for (const touchpoints of SIZES) {
        const huge = touchpoints > 1000;
        // One journey name per size: the maps share the server's workspace, and two 'Parcours0' would be a duplicate.
        const text = generateMap(touchpoints, touchpoints);
        const path = join(folder, `map-${touchpoints}.journey`);
        writeFileSync(path, text);
        const uri = pathToFileURL(path).toString();
        console.log(`\n${touchpoints} touchpoints (${(text.length / 1024).toFixed(0)} KiB)`);

        // The first map, server side: a map opened until its diagram is answered, the median of
        // RUNS maps of this size (each a map of its own: a text the server has parsed before is not re-parsed).
        const firstRuns: number[] = [];
        for (let k = 1; k < RUNS; k++) firstRuns.push(await firstDiagram(path.replace(/\.journey$/, `-first${k}.journey`), generateMap(touchpoints * 10 + k, touchpoints), true));
        firstRuns.push(await firstDiagram(path, text, false));
        const serverFirst = median(firstRuns);
        console.log(`  ${'server: opened → first diagram'.padEnd(34)} median ${formatMs(serverFirst).padStart(8)}   (runs ${firstRuns.map(formatMs).join(', ')})`);
        let version = 1;
        const serverCpu: number[] = [];
        /** One keystroke until its diagram is answered: `whole`, as journey/diagram answers; else as the extension asks (what changed since the answer it holds). */
        const keystroke = async (whole: boolean) => {
            version++;
            const count = changed.filter(c => c.uris.includes(uri)).length + 1;
            const cpuBefore = serverCpuMs();
            await connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text: typed(text, version) }] });
            await untilChanged(uri, count);
            if (whole) await connection.sendRequest(DiagramRequest, { uri });
            else await changesAnswer(uri);
            const childCpuMs = serverCpuMs() - cpuBefore;
            if (!whole) serverCpu.push(childCpuMs);
            return { childCpuMs };
        };
        // Runs taken in turn, so both see the same machine.
        const [server] = await measureInterleaved([
            { name: 'server: keystroke → diagram answer', task: () => keystroke(false), warmUp: huge ? 2 : KEYSTROKES_TYPED_BEFORE },
            { name: '  the same, the models whole', task: () => keystroke(true), warmUp: huge ? 2 : KEYSTROKES_TYPED_BEFORE }
        ]);
        const timedCpu = serverCpu.slice(-RUNS);
        console.log(`  ${'  server process cpu, mean'.padEnd(34)} ${formatMs(timedCpu.reduce((a, b) => a + b, 0) / timedCpu.length).padStart(15)}`);

        // The page gets what the extension would post: models the server's function built.
        const documents = await loadExamples([join(folder, 'common.journey'), path]);
        const message = diagramMessage(documents.get(path)!);
        if (message.errors.length) throw new Error(`generated map has errors: ${message.errors[0].message}`);
        // The first map, page side: a document the page has not shown (so it fits it anew), whole; the median of RUNS.
        const firstPaints: Awaited<ReturnType<typeof paint>>[] = [];
        // Each run's texts its own (`·k` after each card's): the layout's text measures of the run before are no help.
        const retexted = (k: number): DiagramMessage => ({ ...message, uri: `${message.uri}?first${k}`, diagrams: message.diagrams.map(d => ({ ...d, cards: d.cards.map(c => ({ ...c, text: `${c.text}·${k}` })) })) });
        for (let k = 0; k < RUNS; k++) firstPaints.push(await paint(retexted(k)));
        const first = { host: median(firstPaints.map(p => p.host)), ms: median(firstPaints.map(p => p.ms)), longestFrame: median(firstPaints.map(p => p.longestFrame)) };
        console.log(`  ${'extension host: the message whole'.padEnd(34)} ${formatMs(first.host).padStart(15)}`);
        console.log(`  ${'page: first map, posted → painted'.padEnd(34)} ${formatMs(first.ms).padStart(15)}   (longest frame ${formatMs(first.longestFrame)})`);
        if (huge) console.log(`  first map ≈ ${formatMs(serverFirst)} + ${formatMs(first.host)} + ${formatMs(first.ms)} = ${formatMs(serverFirst + first.host + first.ms)} (target ≤ 3 s)`);
        let step = 0;
        const longest: number[] = [];
        const longestFrame: number[] = [];
        const inDom: number[] = [];
        const inPage: number[] = [];
        const inHost: number[] = [];
        // The page holds this document's models (whole first), as after the extension's first post: each keystroke's answer goes as changes.
        await paint(message);
        await measure('webview: message → painted map', async () => {
            const next: DiagramMessage = { ...message, diagrams: message.diagrams.map(d => ({ ...d, stages: d.stages.map((s, i) => i === 0 ? { ...s, label: `${s.label}${++step}` } : s) })) };
            const result = await paint(next);
            longest.push(result.longestTask);
            longestFrame.push(result.longestFrame);
            inDom.push(result.inDomMs);
            inPage.push(result.ms);
            inHost.push(result.host);
        }, { warmUp: huge ? 2 : KEYSTROKES_TYPED_BEFORE });
        // The timed runs only, not the warm-up.
        for (const list of [inDom, inPage, inHost, longest, longestFrame]) list.splice(0, list.length - RUNS);
        console.log(`  ${'  of which: message → map in DOM'.padEnd(34)} median ${formatMs(median(inDom)).padStart(8)}   (runs ${inDom.map(formatMs).join(', ')})`);
        console.log(`  ${'long tasks (≥ 50 ms) per paint'.padEnd(34)} median ${longTask(median(longest)).padStart(8)}   (runs ${longest.map(longTask).join(', ')})`);
        console.log(`  ${'longest frame per paint'.padEnd(34)} median ${formatMs(median(longestFrame)).padStart(8)}   (runs ${longestFrame.map(formatMs).join(', ')})`);
        // The page's own clock, from postMessage to the painted frame: the wall time above also
        // counts Playwright carrying the message (1 MB at 1,000 touchpoints) into the page.
        console.log(`  ${'  in the page: posted → painted'.padEnd(34)} median ${formatMs(median(inPage)).padStart(8)}   (runs ${inPage.map(formatMs).join(', ')})`);
        console.log(`  ${'  extension host: the message'.padEnd(34)} median ${formatMs(median(inHost)).padStart(8)}   (runs ${inHost.map(formatMs).join(', ')})`);
        // The preview's share: the extension host's message and the page, run by run.
        const page = median(inPage.map((ms, i) => ms + inHost[i]));
        const total = server.median + page;
        const target = keystrokeTarget(touchpoints);
        console.log(`  server confirms: keystroke → the server's map painted ≈ ${formatMs(server.median)} + ${formatMs(page)} (host + page) = ${formatMs(total)}; preview share ${(page / total * 100).toFixed(0)} %`);
        // A journey renamed (its id typed in): the models' array is replaced whole, and that change goes to the page as text.
        const renamed = await paint({ ...message, diagrams: message.diagrams.map(d => ({ ...d, id: `${d.id}x` })) });
        console.log(`  ${'journey renamed: posted → painted'.padEnd(34)} ${formatMs(renamed.ms).padStart(15)}   (extension host ${formatMs(renamed.host)}; longest frame ${formatMs(renamed.longestFrame)})`);
        await paint(message);
        const echoed = await echoedKeystrokes(message, text);
        console.log(`  keystroke → painted (label edit, echoed) median ${formatMs(echoed.total)} = host ${formatMs(echoed.host)} + page ${formatMs(echoed.page)} (target ≤ ${formatMs(target)}: ${echoed.total <= target ? 'met' : 'NOT met'}; runs ${echoed.runs.map(formatMs).join(', ')}; longest frame ${formatMs(echoed.longestFrame)})`);
        console.log(`  ${'page: server confirms the echo'.padEnd(34)} median ${formatMs(echoed.confirm).padStart(8)}   (its map posted after an echo of the same text → painted)`);
        if (huge) {
            const motion = await panAndZoom();
            console.log(`  page: pan and zoom, ${motion.frames} frames in ${formatMs(motion.ms)}: ${motion.fps.toFixed(0)} frames/s (target 60), longest frame ${formatMs(motion.longestFrame)}, ${motion.drawnCards} cards drawn at the end`);
            const refusal = await mermaid.refusal(mermaidText(message.diagrams[0]));
            console.log(`  Mermaid journey with its default limits: ${refusal ? `refused (${refusal})` : 'drew it'}; not timed with raised limits (set BENCH_MERMAID_MAX_TOUCHPOINTS=${touchpoints} to time it)`);
            summary.push(`| ${touchpoints.toLocaleString('en')} touchpoints | echoed ${formatMs(echoed.total)}; server confirms ${formatMs(total)} (${formatMs(server.median)} + ${formatMs(page)}; longest frame ${formatMs(median(longestFrame))}); first map ${formatMs(serverFirst + first.ms)}; pan/zoom ${motion.fps.toFixed(0)} frames/s | ${refusal ? 'refused by default' : 'drawn'} | |`);
            if (touchpoints > MERMAID_TIMED_UP_TO) {
                // Typing outside a string (a touchpoint added) re-parses the map: the keystroke the echo cannot answer.
                const endToEnd = await structuralEndToEnd(uri, text, () => ++version);
                console.log(`  structural edit: keystroke → painted median ${formatMs(endToEnd.total)} = server ${formatMs(endToEnd.server)} + page ${formatMs(endToEnd.page)} (target ≤ 1 s: ${endToEnd.total <= 1000 ? 'met' : 'NOT met'}; runs ${endToEnd.runs.map(formatMs).join(', ')})`);
                summaryExtras.push(`| ${touchpoints.toLocaleString('en')} touchpoints | structural edit ${formatMs(endToEnd.total)} end to end (server ${formatMs(endToEnd.server)} + page ${formatMs(endToEnd.page)}) | | |`);
                await connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
                continue;
            }
        }

        // A structural edit (the last touchpoint gone, then back) and a toolbar click (rows by
        // persona, then by channel), each timed in the page to the painted frame.
        const diagram0 = message.diagrams[0];
        const lastTouchpoint = [...diagram0.cards].reverse().find(c => c.kind === 'touchpoint')!;
        const without: DiagramMessage = { ...message, diagrams: [{ ...diagram0, cards: diagram0.cards.filter(c => c !== lastTouchpoint && c.touchpoint !== lastTouchpoint.id), flows: diagram0.flows.filter(f => f.source !== lastTouchpoint.id && f.target !== lastTouchpoint.id) }] };
        let removed = false;
        const structural = await inPageMedian('page: structural edit → painted', async () => {
            removed = !removed;
            const painted = await paint(removed ? without : message);
            return painted.host + painted.ms;
        });
        if (removed) await paint(message);
        const endToEnd = await structuralEndToEnd(uri, text, () => ++version);
        console.log(`  structural edit: keystroke → painted median ${formatMs(endToEnd.total)} = server ${formatMs(endToEnd.server)} + page ${formatMs(endToEnd.page)} (${touchpoints <= 60 ? `target ≤ ${formatMs(STRUCTURAL_TARGET_MS)}: ${endToEnd.total <= STRUCTURAL_TARGET_MS ? 'met' : 'NOT met'}; ` : ''}runs ${endToEnd.runs.map(formatMs).join(', ')})`);
        let byPersona = false;
        const toolbar = await inPageMedian('page: toolbar click → painted', async () => {
            byPersona = !byPersona;
            return clickRadio(byPersona ? 'persona' : 'channel');
        });
        if (byPersona) await clickRadio('channel');
        summaryExtras.push(`| ${touchpoints.toLocaleString('en')} touchpoints | structural edit ${formatMs(structural)}, toolbar click ${formatMs(toolbar)} (page only, medians of ${IN_PAGE_RUNS}) | | |`);

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
        const ratio = peer.median / echoed.total;
        const fullRatio = peer.median / total;
        console.log(`  Mermaid / Journey = ${ratio.toFixed(2)} × against the echoed keystroke (${ratio >= 1 ? 'Journey faster' : 'Mermaid faster'}${touchpoints === 1000 ? '; target ≥ 4 ×' : ''}), ${fullRatio.toFixed(2)} × against the server's full answer`);
        summary.push(`| ${touchpoints.toLocaleString('en')} touchpoints | echoed ${formatMs(echoed.total)}; server confirms ${formatMs(total)} (${formatMs(server.median)} + ${formatMs(page)}; longest frame ${formatMs(median(longestFrame))}) | ${formatMs(peer.median)} (longest task ${formatMs(median(mermaidLongest))}) | ${ratio.toFixed(2)} × echoed, ${fullRatio.toFixed(2)} × confirmed |`);
        await connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    }
    const problems = await preview.problems();
    if (problems.length) throw new Error(`the page reported problems:\n${problems.join('\n')}`);
    console.log(`\nkeystroke → painted, medians of ${RUNS} runs (echoed, and in the page only: ${ECHO_RUNS}), ${machine()}:`);
    console.log('| map | Journey preview: label edit echoed by the extension host; the server\'s full answer (server + webview) | Mermaid journey, same map | Mermaid / Journey |');
    console.log('|---|---|---|---|');
    for (const line of summary) console.log(line);
    for (const line of summaryExtras) console.log(line);
} finally {
    await mermaid.close();
    await preview.close();
    server.stop();
}

/**
 * Label edits as the extension host echoes them: one keystroke at a time at the end of the first
 * stage's goal (typing a character, then deleting it, so the text keeps its wrapping), each the
 * change event VS Code reports, decided by the host's own function (its spans moved as the host
 * moves them), posted to the page as the host posts it, to the painted frame. Then the server's
 * map of the same text posted after an echo: what the page does when the truth arrives.
 */
async function echoedKeystrokes(message: DiagramMessage, text: string): Promise<{ total: number; host: number; page: number; runs: number[]; longestFrame: number; confirm: number }> {
    await paint(message);
    const diagram = message.diagrams[0];
    const goalId = `goal:${diagram.stages[0].id}:0`;
    const goal = diagram.cards.find(c => c.id === goalId)!;
    const spans = echoSpans(message.diagrams);
    const lines = text.split('\n');
    const span = goal.textSpan!;
    const line = span.line;
    let end = span.end;
    const keystroke = async (insert: boolean): Promise<{ host: number; page: number; longestFrame: number }> => {
        const start = performance.now();
        const at = { line, character: insert ? end : end - 1 };
        const change: TextChange & { rangeOffset: number; rangeLength: number } = insert
            ? { range: { start: at, end: at }, rangeOffset: 0, rangeLength: 0, text: 'x' }
            : { range: { start: at, end: { line, character: end } }, rangeOffset: 0, rangeLength: 1, text: '' };
        lines[line] = lines[line].slice(0, change.range.start.character) + change.text + lines[line].slice(change.range.end.character);
        const echo = echoChanges(spans, [change]);
        if (!echo || !spansAgree([...echo.lines.values()].flat(), l => lines[l])) throw new Error('the goal edit was not echoed');
        for (const [l, moved] of echo.lines) spans.set(l, moved);
        const posted: EchoMessage = { type: 'echo', uri: message.uri, edits: echo.edits };
        const host = performance.now() - start;
        end += insert ? 1 : -1;
        const painted = await paint(posted);
        return { host, page: painted.ms, longestFrame: painted.longestFrame };
    };
    for (let i = 0; i < KEYSTROKES_TYPED_BEFORE; i++) await keystroke(i % 2 === 0);
    const runs: { host: number; page: number; longestFrame: number }[] = [];
    for (let i = 0; i < ECHO_RUNS; i++) runs.push(await keystroke(i % 2 === 0));
    if ((KEYSTROKES_TYPED_BEFORE + ECHO_RUNS) % 2 === 1) await keystroke(false);
    // The server's answer after an echo of the same text: timed after a typed 'x' echoed.
    const confirms: number[] = [];
    const withX: DiagramMessage = { ...message, diagrams: message.diagrams.map(d => ({ ...d, cards: d.cards.map(c => c.id === goalId ? { ...c, text: `${c.text}x` } : c) })) };
    for (let i = 0; i < RUNS + 1; i++) {
        await keystroke(true);
        const confirmed = await paint(withX);
        if (i > 0) confirms.push(confirmed.ms);
        await keystroke(false);
        await paint(message);
    }
    const totals = runs.map(r => r.host + r.page);
    return {
        total: median(totals), host: median(runs.map(r => r.host)), page: median(runs.map(r => r.page)), runs: totals,
        longestFrame: median(runs.map(r => r.longestFrame)), confirm: median(confirms)
    };
}

/** The document's models as the extension gets them: journey/diagramChanges, applied to the answer held. */
async function changesAnswer(uri: string): Promise<{ held: HeldDiagrams; answer: DiagramAnswer }> {
    const before = heldAnswers.get(uri);
    const answer = await connection.sendRequest(DiagramChangesRequest, { uri, ...(before && { base: before.answer }) });
    const held = takeDiagramAnswer(before, answer);
    heldAnswers.set(uri, held);
    return { held, answer };
}

// ---------------------------------------------------------------- the extension host's side of the page
/** The models the page holds (the last posted, for one document), as the extension keeps them. */
let pageHolds: { uri: string; held: HeldDiagrams } | undefined;
let benchAnswers = 0;

/** The message the extension posts for models it took from the server (`answer`), and its time to build it. */
function hostMessage(uri: string, held: HeldDiagrams, answer: DiagramAnswer): { message: HostToWebviewMessage; host: number } {
    const start = performance.now();
    const page = pageHolds?.uri === uri ? pageHolds.held : undefined;
    const message = pageDiagramMessage(uri, {}, page, held, answer);
    const host = performance.now() - start;
    pageHolds = { uri, held };
    return { message, host };
}

/**
 * Models the bench made (not the server's): answered as the server answers the extension (what
 * changed since the models the page holds), untimed: the server's work, not the preview's.
 */
function benchAnswer(message: DiagramMessage): { held: HeldDiagrams; answer: DiagramAnswer } {
    const held: HeldDiagrams = { answer: `bench:${++benchAnswers}`, result: { diagrams: message.diagrams, errors: message.errors } };
    const page = pageHolds?.uri === message.uri ? pageHolds.held : undefined;
    return { held, answer: diagramAnswer(page, page?.answer, held.answer, held.result) };
}

/**
 * A structural edit end to end: a touchpoint typed in after the map's last one (then taken out
 * again), the `didChange` until the server's `journey/diagramChanges` answer is applied, plus that answer posted
 * to the page until painted. Warm-up edits first, as for the keystrokes above.
 */
async function structuralEndToEnd(uri: string, text: string, nextVersion: () => number): Promise<{ total: number; server: number; page: number; runs: number[] }> {
    const lines = text.split('\n');
    const last = lines.length - 1 - [...lines].reverse().findIndex(line => line.startsWith('    touchpoint '));
    const withExtra = [...lines.slice(0, last + 1), '    touchpoint Ajout { channel Site personas Lectrice emotion 0 owner Marketing }', ...lines.slice(last + 1)].join('\n');
    const runs: { server: number; page: number }[] = [];
    for (let i = 0; i < 4 + RUNS; i++) {
        const count = changed.filter(c => c.uris.includes(uri)).length + 1;
        const start = performance.now();
        await connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: nextVersion() }, contentChanges: [{ text: i % 2 === 0 ? withExtra : text }] });
        await untilChanged(uri, count);
        const taken = await changesAnswer(uri);
        const server = performance.now() - start;
        const { errors } = taken.held.result;
        if (errors.length) throw new Error(`structural edit: ${errors[0].message}`);
        const painted = await paint({ uri, ...taken });
        runs.push({ server, page: painted.host + painted.ms });
    }
    // The timed runs only; the map ends as it began (an even number of edits).
    if ((4 + RUNS) % 2 === 1) {
        await connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: nextVersion() }, contentChanges: [{ text }] });
    }
    const timed = runs.slice(4);
    return { total: median(timed.map(r => r.server + r.page)), server: median(timed.map(r => r.server)), page: median(timed.map(r => r.page)), runs: timed.map(r => r.server + r.page) };
}

/** Runs `task` (it returns in-page milliseconds) after warm-up runs and prints the median of IN_PAGE_RUNS timed runs (all of them). */
async function inPageMedian(name: string, task: () => Promise<number>): Promise<number> {
    for (let i = 0; i < 4; i++) await task();
    const runs: number[] = [];
    for (let i = 0; i < IN_PAGE_RUNS; i++) runs.push(await task());
    console.log(`  ${name.padEnd(34)} median ${formatMs(median(runs)).padStart(8)}   (of ${IN_PAGE_RUNS} runs: ${runs.map(formatMs).join(', ')})`);
    return median(runs);
}

/**
 * Opens the map `text` at `path` (on disk, or not: `close`d then, it leaves the workspace) and
 * resolves with the wall ms until its first diagram is answered.
 */
async function firstDiagram(path: string, text: string, close: boolean): Promise<number> {
    const uri = pathToFileURL(path).toString();
    const openedAt = performance.now();
    await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'journey', version: 1, text } });
    await untilChanged(uri, 1);
    const answer = await connection.sendRequest(DiagramRequest, { uri });
    const ms = performance.now() - openedAt;
    if (answer.errors.length) throw new Error(`the server finds errors in the generated map: ${answer.errors[0].message}`);
    if (close) await connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    return ms;
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
 * Posts the models as the extension does (what changed since those the page holds, or whole:
 * built in the extension host, `host` ms) or an echo, and resolves once the frame that shows it
 * is painted (a task queued from that frame's animation callback runs after its paint), with the
 * time the map reached the DOM and the longest main-thread task meanwhile. `message`: models the
 * bench made, or the server's answer as the extension took it.
 */
async function paint(message: DiagramMessage | EchoMessage | { uri: string; held: HeldDiagrams; answer: DiagramAnswer }): Promise<{ ms: number; host: number; inDomMs: number; longestTask: number; longestFrame: number }> {
    if ('type' in message && message.type === 'echo') return { ...await paintPosted(message), host: 0 };
    const taken = 'held' in message ? message : benchAnswer(message);
    const { message: posted, host } = hostMessage(message.uri, taken.held, taken.answer);
    return { ...await paintPosted(posted), host };
}

function paintPosted(message: HostToWebviewMessage): Promise<{ ms: number; inDomMs: number; longestTask: number; longestFrame: number }> {
    return preview.page.evaluate(async posted => {
        const canvas = document.getElementById('canvas')!;
        const before = canvas.dataset.revision;
        let longestTask = 0;
        const observer = new PerformanceObserver(list => {
            for (const entry of list.getEntries()) longestTask = Math.max(longestTask, entry.duration);
        });
        observer.observe({ type: 'longtask' });
        // The longest frame: the longest gap between two animation frames from the post to the paint.
        let longestFrame = 0;
        let lastFrame = performance.now();
        let framing = true;
        const frame = (now: number) => {
            longestFrame = Math.max(longestFrame, now - lastFrame);
            lastFrame = now;
            if (framing) requestAnimationFrame(frame);
        };
        requestAnimationFrame(frame);
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
        framing = false;
        longestFrame = Math.max(longestFrame, performance.now() - lastFrame);
        for (const entry of observer.takeRecords()) longestTask = Math.max(longestTask, entry.duration);
        observer.disconnect();
        return { ms, inDomMs, longestTask, longestFrame };
    }, message);
}

/** "< 50 ms" when no task reached the 50 ms from which Chromium reports long tasks. */
function longTask(ms: number): string {
    return ms === 0 ? '< 50 ms' : formatMs(ms);
}

/**
 * A scripted pan and zoom of the map shown: one wheel event per animation frame (sideways to
 * pan, up and down to zoom), as a trackpad sends them, for about two seconds; frames counted.
 */
function panAndZoom(): Promise<{ frames: number; ms: number; fps: number; longestFrame: number; drawnCards: number }> {
    return preview.page.evaluate(async () => {
        const viewport = document.getElementById('viewport')!;
        const { left, top, width, height } = viewport.getBoundingClientRect();
        const STEPS = 120;
        let longestFrame = 0;
        const start = performance.now();
        let last = start;
        for (let step = 0; step < STEPS; step++) {
            const now = await new Promise<number>(resolve => requestAnimationFrame(resolve));
            longestFrame = Math.max(longestFrame, now - last);
            last = now;
            // Pan right for a second, then zoom out a little, zoom back in, and pan on.
            const phase = Math.floor(step / 20) % 6;
            const zoom = phase === 2 ? 15 : phase === 3 ? -15 : 0;
            viewport.dispatchEvent(new WheelEvent('wheel', {
                deltaX: zoom ? 0 : 80, deltaY: zoom, clientX: left + width / 2, clientY: top + height / 2, bubbles: true, cancelable: true
            }));
        }
        // The frame after the last event has painted too.
        await new Promise<void>(resolve => requestAnimationFrame(() => setTimeout(resolve, 0)));
        const ms = performance.now() - start;
        return { frames: STEPS, ms, fps: STEPS / (ms / 1000), longestFrame, drawnCards: document.querySelectorAll('#canvas .card').length };
    });
}
