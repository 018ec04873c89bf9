/**
 * The language server's half of the preview alone, without Chromium: on the generated maps, the
 * file opened until its first diagram answer, a keystroke in a stage goal (`didChange` until the
 * `journey/diagramChanges` answer is applied, as the extension does) and a structural edit (a
 * touchpoint typed in after the last one, then out again), each with the server process's CPU
 * (Linux /proc, 10 ms ticks); then a touchpoint typed key by key into a stage (most keystrokes
 * leave a syntax error there), and keystrokes in one stage while another holds a syntax error. bench/preview.bench.ts times the same server work beside the page;
 * this one is quick enough to run old and new servers in turn (A/B) on a shared machine.
 * Environment: BENCH_SERVER_SIZES (default 60,1000,10000); BENCH_SERVERS, comma-separated server
 * bundles to compare in turn (default out/server.cjs); BENCH_SERVER_CPU_PROF, a folder for a
 * V8 CPU profile of each server (written when it exits; the time the timed runs start is printed
 * on the profile's clock, to read their samples alone).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DiagramChangesRequest, DiagramRequest, DocumentChangedNotification, type DocumentChangedParams } from '../src/common/server-protocol.js';
import { takeDiagramAnswer, type HeldDiagrams } from '../src/common/diagram-answers.js';
import { startStdioServer, type StdioServer } from '../test/lsp/stdio-server.js';
import { SHARED_DECLARATIONS, generateMap } from './generate-maps.js';
import { formatMs, machine, median, RUNS } from './harness.js';

const SIZES = (process.env.BENCH_SERVER_SIZES ?? '60,1000,10000').split(',').map(Number);
const BUNDLES = (process.env.BENCH_SERVERS ?? 'out/server.cjs').split(',');
const PROFILES = process.env.BENCH_SERVER_CPU_PROF;
/** Which edits to time: `keystroke`, `structural` or both (default; a profile of one kind reads more easily). */
const EDITS = process.env.BENCH_SERVER_EDITS ?? 'both';
/** Runs per measurement: at least 5, as the CPU ticks are coarse. */
const TIMED = Math.max(RUNS, 5);

/** One server process with the generated maps open, as the preview bench drives it. */
class Session {
    private readonly server: StdioServer;
    private readonly changed: DocumentChangedParams[] = [];
    private readonly held = new Map<string, HeldDiagrams>();
    private version = 1;

    constructor(readonly bundle: string, readonly folder: string) {
        const profile = PROFILES ? ['--cpu-prof', `--cpu-prof-dir=${PROFILES}`] : [];
        this.server = startStdioServer([...profile, bundle, '--stdio']);
        this.server.connection.onNotification(DocumentChangedNotification, params => this.changed.push(params));
        // As VS Code: the client watches the files (the server's own watcher would load a map the bench writes as it is opened).
        this.ready = this.server.initialize(folder, { workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } } }).then(() => undefined);
    }

    readonly ready: Promise<void>;

    /** CPU milliseconds the server process used so far (user + system). */
    cpuMs(): number {
        const fields = readFileSync(`/proc/${this.server.child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
        return (Number(fields[11]) + Number(fields[12])) * 10;
    }

    /** Opened until the first diagram is answered: wall ms. */
    async open(uri: string, text: string): Promise<number> {
        const start = performance.now();
        const count = this.changes(uri) + 1;
        await this.server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'journey', version: 1, text } });
        await this.untilChanged(uri, count);
        const first = await this.server.connection.sendRequest(DiagramRequest, { uri });
        if (first.errors.length) throw new Error(`the server finds errors in the generated map: ${first.errors[0].message}`);
        const ms = performance.now() - start;
        await this.answer(uri);
        return ms;
    }

    /** `text` sent as the document's new content until the changes answer is applied: wall and CPU ms. */
    async change(uri: string, text: string): Promise<{ ms: number; cpu: number }> {
        const cpu = this.cpuMs();
        const { ms, errors } = await this.keystroke(uri, text);
        if (errors.length) throw new Error(`the edit left errors: ${errors[0].message}`);
        return { ms, cpu: this.cpuMs() - cpu };
    }

    /** `text` sent as a keystroke that may leave syntax errors, until the changes answer is applied: wall ms and the map's errors. */
    async keystroke(uri: string, text: string) {
        const count = this.changes(uri) + 1;
        const start = performance.now();
        await this.server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: ++this.version }, contentChanges: [{ text }] });
        await this.untilChanged(uri, count);
        const errors = await this.answer(uri);
        return { ms: performance.now() - start, errors };
    }

    /**
     * `text` sent as a keystroke, then at once the inlay hints of the shared file (its personas' counts read
     * the edited map's references, whose index the edit left to rebuild: as the hints of a map declaring its
     * own personas) and a hover on a touchpoint named late in the map: how long each takes (wall ms).
     */
    async hoverBesideHints(uri: string, text: string): Promise<{ hover: number; hints: number }> {
        const count = this.changes(uri) + 1;
        const start = performance.now();
        await this.server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: ++this.version }, contentChanges: [{ text }] });
        const common = pathToFileURL(join(this.folder, 'common.journey')).toString();
        const hints = this.server.connection.sendRequest('textDocument/inlayHint', { textDocument: { uri: common }, range: { start: { line: 0, character: 0 }, end: { line: 100, character: 0 } } })
            .then(() => performance.now() - start);
        const offset = text.lastIndexOf(' next P') + ' next P'.length;
        const before = text.slice(0, offset).split('\n');
        const hover = await this.server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: before.length - 1, character: before[before.length - 1].length } })
            .then(answer => {
                if (!answer) throw new Error('no hover on a touchpoint');
                return performance.now() - start;
            });
        const result = { hover, hints: await hints };
        // The preview's answer too, as after every edit here: the next edit's changes are read against it.
        await this.untilChanged(uri, count);
        await this.answer(uri);
        return result;
    }

    async stop(): Promise<void> {
        // A profile is written when the process exits on its own.
        if (PROFILES) {
            await this.server.connection.sendRequest('shutdown');
            await this.server.connection.sendNotification('exit');
            await this.server.exited;
        }
        this.server.stop();
    }

    private changes(uri: string): number {
        return this.changed.filter(c => c.uris.includes(uri)).length;
    }

    private async untilChanged(uri: string, count: number): Promise<void> {
        while (this.changes(uri) < count) await new Promise(resolve => setImmediate(resolve));
    }

    private async answer(uri: string) {
        const held = this.held.get(uri);
        const answer = takeDiagramAnswer(held, await this.server.connection.sendRequest(DiagramChangesRequest, { uri, ...(held && { base: held.answer }) }));
        this.held.set(uri, answer);
        return answer.result.errors;
    }
}

/** The map with its first stage goal grown by `n` characters: one keystroke per step. */
const typed = (text: string, n: number) => text.replace(`goal "Objectif de l'étape 0"`, `goal "Objectif de l'étape 0${'x'.repeat(n)}"`);

/** The map with a touchpoint added after its last one. */
function withExtraTouchpoint(text: string): string {
    const lines = text.split('\n');
    const last = lines.length - 1 - [...lines].reverse().findIndex(line => line.startsWith('    touchpoint '));
    return [...lines.slice(0, last + 1), '    touchpoint Ajout { channel Site personas Lectrice emotion 0 owner Marketing }', ...lines.slice(last + 1)].join('\n');
}

/** The map with `typed` on a line of its own before the `}` of its middle stage. */
function typedInMiddleStage(text: string): (typed: string) => string {
    const lines = text.split('\n');
    const stages = lines.flatMap((line, index) => line.startsWith('  stage ') ? [index] : []);
    const end = lines.findIndex((line, index) => index > stages[stages.length >> 1] && line === '  }');
    return typed => [...lines.slice(0, end), `    ${typed}`, ...lines.slice(end)].join('\n');
}

/**
 * The map as each keystroke of a touchpoint typed in before the `}` of its middle stage leaves it,
 * as an editor types (a quote closed as it is opened): most leave a syntax error in that stage.
 */
function typingATouchpoint(text: string): string[] {
    const typedLine = typedInMiddleStage(text);
    const keyword = 'touchpoint Saisie ';
    const label = 'Devis';
    return [
        ...[...keyword].map((_, i) => typedLine(keyword.slice(0, i + 1))),
        ...[...label].map((_, i) => typedLine(`${keyword}"${label.slice(0, i)}"`)),
        typedLine(`${keyword}"${label}"`)
    ];
}

console.log(`server: ${machine()}; ${BUNDLES.join(' vs ')}`);
// A folder per server: each loads the maps written into its own folder only, not the other's at the same time.
const sessions = BUNDLES.map(bundle => {
    const folder = mkdtempSync(join(tmpdir(), 'journey-bench-server-'));
    writeFileSync(join(folder, 'common.journey'), SHARED_DECLARATIONS);
    return new Session(bundle, folder);
});
await Promise.all(sessions.map(s => s.ready));
try {
    for (const touchpoints of SIZES) {
        const text = generateMap(touchpoints, touchpoints);
        const paths = new Map(sessions.map(session => [session, join(session.folder, `map-${touchpoints}.journey`)]));
        const uris = new Map([...paths].map(([session, path]) => [session, pathToFileURL(path).toString()]));
        console.log(`\n${touchpoints} touchpoints (${(text.length / 1024).toFixed(0)} KiB)`);
        const warmUp = touchpoints > 1000 ? 2 : 10;
        const keystrokes = new Map<Session, { ms: number; cpu: number }[]>();
        const structural = new Map<Session, { ms: number; cpu: number }[]>();
        let n = 0;
        // Each session's step, taken in turn, so all see the same machine.
        for (const session of sessions) {
            // Written just before it is opened: the other server is not loading its copy meanwhile.
            writeFileSync(paths.get(session)!, text);
            console.log(`  ${session.bundle}: opened → first diagram ${formatMs(await session.open(uris.get(session)!, text))}`);
        }
        for (let run = 0; run < warmUp + TIMED; run++) {
            // The profile's clock (V8's) and hrtime are both the monotonic clock: where the timed runs start.
            if (PROFILES && run === warmUp) console.log(`  profile: timed runs from ${process.hrtime.bigint() / 1000n} µs`);
            const after = EDITS === 'structural' ? text : typed(text, ++n);
            for (const session of sessions) {
                const uri = uris.get(session)!;
                // A keystroke, then a touchpoint typed in and out again: back to `after`.
                const k = EDITS !== 'structural' ? await session.change(uri, after) : undefined;
                const added = EDITS !== 'keystroke' ? await session.change(uri, withExtraTouchpoint(after)) : undefined;
                const removed = EDITS !== 'keystroke' ? await session.change(uri, after) : undefined;
                if (run < warmUp) continue;
                if (k) (keystrokes.get(session) ?? keystrokes.set(session, []).get(session)!).push(k);
                if (added && removed) (structural.get(session) ?? structural.set(session, []).get(session)!).push(added, removed);
            }
        }
        // A touchpoint typed in, key by key: the keystrokes that leave a syntax error in the stage too.
        const typing = new Map<Session, Awaited<ReturnType<Session['keystroke']>>[]>();
        for (const session of sessions) {
            const runs = typing.set(session, []).get(session)!;
            // From the map as generated (the edits above left a goal grown): the first key types in one stage only.
            await session.keystroke(uris.get(session)!, text);
            for (const after of typingATouchpoint(text)) runs.push(await session.keystroke(uris.get(session)!, after));
            await session.keystroke(uris.get(session)!, text);
        }
        // Keystrokes in the first stage's goal while the middle stage holds a touchpoint left half typed (`touchpoint`, no name).
        const besideBroken = new Map<Session, Awaited<ReturnType<Session['keystroke']>>[]>();
        const broken = typedInMiddleStage(text)('touchpoint');
        for (const session of sessions) {
            const runs = besideBroken.set(session, []).get(session)!;
            await session.keystroke(uris.get(session)!, broken);
            for (let key = 1; key <= TIMED; key++) runs.push(await session.keystroke(uris.get(session)!, typed(broken, key)));
            await session.keystroke(uris.get(session)!, text);
        }
        // A keystroke, then inlay hints and a hover at once: the hover must not wait for the hints (the
        // reference index they read, rebuilt after the edit, pauses for it). A few runs: on a big map, seconds each.
        const besideHints = new Map<Session, { hover: number; hints: number }[]>();
        for (let run = 0; run < 3; run++) {
            const after = typed(text, ++n);
            for (const session of sessions) {
                const runs = besideHints.get(session) ?? besideHints.set(session, []).get(session)!;
                runs.push(await session.hoverBesideHints(uris.get(session)!, after));
            }
        }
        for (const session of sessions) {
            const show = (name: string, runs: { ms: number; cpu: number }[]) =>
                console.log(`  ${session.bundle}: ${name.padEnd(34)} median ${formatMs(median(runs.map(r => r.ms))).padStart(8)}, cpu mean ${formatMs(runs.reduce((a, r) => a + r.cpu, 0) / runs.length).padStart(8)}`);
            if (keystrokes.has(session)) show('keystroke → diagram answer', keystrokes.get(session)!);
            if (structural.has(session)) show('structural edit → diagram answer', structural.get(session)!);
            const keys = typing.get(session)!;
            const broken = keys.filter(key => key.errors.length > 0).map(key => key.ms);
            console.log(`  ${session.bundle}: ${'touchpoint typed → diagram answer'.padEnd(34)} median ${formatMs(median(keys.map(k => k.ms))).padStart(8)} of ${keys.length} keystrokes; the ${broken.length} leaving a syntax error: median ${formatMs(median(broken))}, longest ${formatMs(Math.max(...broken))}`);
            const otherBroken = besideBroken.get(session)!;
            if (otherBroken.some(key => key.errors.length === 0)) throw new Error('the half-typed touchpoint left no syntax error');
            console.log(`  ${session.bundle}: ${'keystroke, another stage broken'.padEnd(34)} median ${formatMs(median(otherBroken.map(k => k.ms))).padStart(8)}`);
            const beside = besideHints.get(session)!;
            console.log(`  ${session.bundle}: ${'keystroke + inlay hints → hover'.padEnd(34)} median ${formatMs(median(beside.map(r => r.hover))).padStart(8)}, hints ${formatMs(median(beside.map(r => r.hints)))}`);
        }
    }
} finally {
    await Promise.all(sessions.map(s => s.stop()));
}
