/**
 * Editor target, measured on the bundled server as an editor sees it: one
 * 2,000-touchpoint file (plus the shared declarations) opened over stdio.
 * Re-validation is timed from `didChange` to the `publishDiagnostics` that
 * reflects the edit; completion and hover from request to answer.
 * Targets: bench/targets.ts.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CompletionList, Hover, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { startStdioServer } from '../test/lsp/stdio-server.js';
import { generateMap, SHARED_DECLARATIONS } from './generate-maps.js';
import { measure, RUNS } from './harness.js';
import { TARGETS } from './targets.js';

const TOUCHPOINTS = 2000;
const folder = mkdtempSync(join(tmpdir(), 'journey-editor-bench-'));
const commonPath = join(folder, 'common.journey');
const mapPath = join(folder, 'big.journey');
writeFileSync(commonPath, SHARED_DECLARATIONS);
const original = generateMap(0, TOUCHPOINTS);
writeFileSync(mapPath, original);
const mapUri = pathToFileURL(mapPath).toString();

const server = startStdioServer();
const connection = server.connection;
let onDiagnostics: (params: PublishDiagnosticsParams) => void = () => undefined;
connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => onDiagnostics(params));
await server.initialize(folder, {});

/** Resolves with the first diagnostics of the big file that `accept` takes. */
function diagnosticsOfMap(accept: (count: number) => boolean): Promise<void> {
    return new Promise(resolve => {
        onDiagnostics = params => {
            if (params.uri === mapUri && accept(params.diagnostics.length)) resolve();
        };
    });
}

let version = 1;
const opened = diagnosticsOfMap(count => count === 0);
connection.sendNotification('textDocument/didOpen', { textDocument: { uri: mapUri, languageId: 'journey', version, text: original } });
await opened;
console.log(`editor: one file of ${TOUCHPOINTS} touchpoints (${(Buffer.byteLength(original) / 1024).toFixed(0)} KB) open in the bundled server over stdio`);

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
await measure('completion after `next `', async () => {
    const list = await connection.sendRequest<CompletionList>('textDocument/completion', { textDocument: { uri: mapUri }, position: at(lastNext) });
    if (list.items.length < TOUCHPOINTS - 1) throw new Error(`completion listed ${list.items.length} touchpoints`);
}, { warmUp: true });
await measure('hover on a persona reference', async () => {
    const hover = await connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri: mapUri }, position: at(persona + 1) });
    if (!hover) throw new Error('no hover');
}, { warmUp: true });

await connection.sendRequest('shutdown');
connection.sendNotification('exit');
console.log(`  (${RUNS} runs each; targets: re-validation ≤ ${TARGETS.revalidationMs} ms, completion ≤ ${TARGETS.completionMs} ms and hover ≤ ${TARGETS.hoverMs} ms)`);
