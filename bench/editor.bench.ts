/**
 * Editor target, measured on the bundled server as an editor sees it: one
 * 2,000-touchpoint file (plus the shared declarations) opened over stdio.
 * Re-validation is timed from `didChange` to the `publishDiagnostics` that
 * reflects the edit; completion and hover from request to answer.
 * Targets: bench/targets.ts.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { MessageConnection } from 'vscode-jsonrpc/node.js';
import type { ClientCapabilities, CompletionList, Hover, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { startStdioServer } from '../test/lsp/stdio-server.js';
import { generateMap, SHARED_DECLARATIONS } from './generate-maps.js';
import { performance } from 'node:perf_hooks';
import { measure, median, RUNS } from './harness.js';
import { TARGETS } from './targets.js';

const TOUCHPOINTS = 2000;
const folder = mkdtempSync(join(tmpdir(), 'journey-editor-bench-'));
const commonPath = join(folder, 'common.journey');
const mapPath = join(folder, 'big.journey');
writeFileSync(commonPath, SHARED_DECLARATIONS);
const original = generateMap(0, TOUCHPOINTS);
writeFileSync(mapPath, original);
const mapUri = pathToFileURL(mapPath).toString();

/** What VS Code's language client (vscode-languageclient 9) declares for completion and hover. */
const VSCODE_CLIENT: ClientCapabilities = {
    textDocument: {
        completion: { completionItem: { snippetSupport: true }, completionList: { itemDefaults: ['commitCharacters', 'editRange', 'insertTextFormat', 'insertTextMode', 'data'] } },
        hover: { contentFormat: ['markdown', 'plaintext'] }
    }
};
/** A client that declares nothing (no list-wide edit range, as Neovim 0.7). */
const PLAIN_CLIENT: ClientCapabilities = {};

interface Editor {
    readonly connection: MessageConnection;
    /** Resolves with the first diagnostics of the big file that `accept` takes. */
    diagnosticsOfMap(accept: (count: number) => boolean): Promise<void>;
    /** Runs `request`, returning the server's CPU for it as the measurement's CPU (undefined, printed n/a, when it cannot be read). */
    withServerCpu(request: () => Promise<void>): Promise<{ childCpuMs: number | undefined }>;
    close(): Promise<void>;
}

/** Starts the bundled server for `capabilities` and opens the big file in it, once it is validated. */
async function openEditor(capabilities: ClientCapabilities): Promise<Editor> {
    // BENCH_CPU_PROF=dir: the server writes a V8 CPU profile there when it exits (for `--cpu-prof`).
    const profileDir = process.env.BENCH_CPU_PROF;
    const server = startStdioServer([...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []), 'out/server.cjs', '--stdio']);
    const connection = server.connection;
    let onDiagnostics: (params: PublishDiagnosticsParams) => void = () => undefined;
    connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => onDiagnostics(params));
    const diagnosticsOfMap = (accept: (count: number) => boolean) => new Promise<void>(resolve => {
        onDiagnostics = params => {
            if (params.uri === mapUri && accept(params.diagnostics.length)) resolve();
        };
    });
    /**
     * The server's CPU time so far in ms, all its threads (GC included), from Linux's schedstat
     * (nanoseconds, unlike the 10 ms ticks of /proc/<pid>/stat); undefined elsewhere. On a
     * shared machine a request's wall time mostly measures the neighbours; its CPU does not.
     */
    const serverCpuMs = (): number | undefined => {
        const tasks = `/proc/${server.child.pid}/task`;
        if (!existsSync(tasks)) return undefined;
        let ns = 0;
        for (const task of readdirSync(tasks)) {
            try { ns += Number(readFileSync(`${tasks}/${task}/schedstat`, 'utf8').split(' ')[0]); } catch { /* a thread that ended */ }
        }
        return ns / 1e6;
    };
    await server.initialize(folder, capabilities);
    const opened = diagnosticsOfMap(count => count === 0);
    connection.sendNotification('textDocument/didOpen', { textDocument: { uri: mapUri, languageId: 'journey', version: 1, text: original } });
    await opened;
    return {
        connection, diagnosticsOfMap,
        async withServerCpu(request) {
            const before = serverCpuMs();
            await request();
            const after = serverCpuMs();
            // Not the bench's own CPU instead: the footer says this is the server's.
            return { childCpuMs: before === undefined || after === undefined ? undefined : after - before };
        },
        async close() {
            await connection.sendRequest('shutdown');
            connection.sendNotification('exit');
            // A CPU profile is written as the server exits: wait for that, but not forever.
            await Promise.race([server.exited, new Promise(resolve => setTimeout(resolve, 5_000))]);
            server.stop();
        }
    };
}

const editor = await openEditor(VSCODE_CLIENT);
const { connection, diagnosticsOfMap, withServerCpu } = editor;
let version = 1;
console.log(`editor: one file of ${TOUCHPOINTS} touchpoints (${(Buffer.byteLength(original) / 1024).toFixed(0)} KB) open in the bundled server over stdio, as VS Code's client declares itself`);

// Each edit renames one persona reference to an unknown name and back, so the
// diagnostics that answer it are told apart by their count (1, then 0).
const persona = original.indexOf('personas ') + 'personas '.length;
const at = (offset: number) => {
    const before = original.slice(0, offset);
    return { line: before.split('\n').length - 1, character: offset - before.lastIndexOf('\n') - 1 };
};
const personaName = original.slice(persona).match(/^\S+/)![0];
const range = { start: at(persona), end: at(persona + personaName.length) };
let broken = false;
await measure('re-validation after an edit', async () => {
    broken = !broken;
    const answered = diagnosticsOfMap(count => count === (broken ? 1 : 0));
    connection.sendNotification('textDocument/didChange', {
        textDocument: { uri: mapUri, version: ++version },
        contentChanges: [{ range: broken ? range : { start: range.start, end: at(persona + 'Nobody'.length) }, text: broken ? 'Nobody' : personaName }]
    });
    await answered;
}, { warmUp: true });
if (broken) {
    // Undo the last edit so that completion and hover see the clean file.
    const answered = diagnosticsOfMap(count => count === 0);
    connection.sendNotification('textDocument/didChange', {
        textDocument: { uri: mapUri, version: ++version },
        contentChanges: [{ range: { start: range.start, end: at(persona + 'Nobody'.length) }, text: personaName }]
    });
    await answered;
}

const lastNext = original.lastIndexOf(' next ') + ' next '.length;
/** Times completion after the last `next ` of the map, then prints what the answer costs to carry and read. */
async function measureCompletion(name: string, { connection, withServerCpu }: Editor): Promise<void> {
    let answer: CompletionList | undefined;
    await measure(name, () => withServerCpu(async () => {
        const list = await connection.sendRequest<CompletionList>('textDocument/completion', { textDocument: { uri: mapUri }, position: at(lastNext) });
        if (list.items.length < TOUCHPOINTS - 1) throw new Error(`completion listed ${list.items.length} touchpoints`);
        answer = list;
    }), { warmUp: true });
    // The answer's JSON as the server writes it, and the client's parse of it.
    const json = JSON.stringify(answer);
    const bytes = Buffer.byteLength(json);
    const parses = Array.from({ length: 7 }, () => { const start = performance.now(); JSON.parse(json); return performance.now() - start; });
    console.log(`    answer: ${answer!.items.length} items, ${(bytes / 1024).toFixed(0)} KB of JSON (${(bytes / answer!.items.length).toFixed(0)} bytes an item${answer!.itemDefaults ? ', edit range in itemDefaults' : ''}), client parse ${median(parses).toFixed(1)} ms`);
}
await measureCompletion('completion after `next `', editor);
await measure('hover on a persona reference', () => withServerCpu(async () => {
    const hover = await connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri: mapUri }, position: at(persona + 1) });
    if (!hover) throw new Error('no hover');
}), { warmUp: true });

await editor.close();

// The same completion for a client that takes no list-wide edit range: every item carries its edit.
const plain = await openEditor(PLAIN_CLIENT);
await measureCompletion('… client without itemDefaults', plain);
await plain.close();
console.log(`  (${RUNS} runs each; completion's and hover's cpu is the server's; targets: re-validation ≤ ${TARGETS.revalidationMs} ms, completion ≤ ${TARGETS.completionMs} ms and hover ≤ ${TARGETS.hoverMs} ms)`);
