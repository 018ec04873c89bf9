// Creating the language services again and again (each workspace load of `journey preview`,
// the CLI's batch index, a long-lived host) must not grow the heap: Chevrotain keeps every
// token type in a process-wide table, so tokens built anew per creation (the ID token
// carries ~50,000 start characters) were never freed. Measured in a child process run with
// --expose-gc, on the sources bundled by esbuild, over a bounded loop.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { expect, it } from 'vitest';

const CREATIONS = 200;
/** Before the fix: +83 MB (0.41 MB per creation); after: about +1 MB. */
const ALLOWED_GROWTH_MB = 4;

const PROBE = `
import { EmptyFileSystem, URI } from 'langium';
import { createJourneyServices } from '${join(__dirname, '../../src/language/journey-module.js').replace(/\\/g, '/')}';

const text = 'journey J { stage S { touchpoint T "Open the app" } }';
function loadOnce(index) {
    const { shared } = createJourneyServices(EmptyFileSystem);
    const document = shared.workspace.LangiumDocumentFactory.fromString(text, URI.parse('memory:///m' + index + '.journey'));
    if (document.parseResult.value === undefined) throw new Error('no AST');
}
// Each load ends with a turn of the event loop, as in a host: promises the services
// created (the configuration's readiness) settle and let go of them.
const settle = () => new Promise(resolve => setImmediate(resolve));
function heapMb() {
    for (let i = 0; i < 3; i++) global.gc();
    return process.memoryUsage().heapUsed / 1048576;
}
async function main() {
    for (let i = 0; i < 10; i++) { loadOnce(i); await settle(); } // warm up: the grammar, the first vocabulary
    const before = heapMb();
    for (let i = 0; i < ${CREATIONS}; i++) { loadOnce(i); await settle(); }
    await settle();
    const after = heapMb();
    console.log(JSON.stringify({ before, after }));
}
void main();
`;

it(`${CREATIONS} service creations grow the heap by less than ${ALLOWED_GROWTH_MB} MB`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'journey-services-memory-'));
    await build({
        stdin: { contents: PROBE, resolveDir: join(__dirname, '../..'), loader: 'ts' }, outfile: join(dir, 'probe.cjs'),
        bundle: true, platform: 'node', format: 'cjs', mainFields: ['module', 'main'], logLevel: 'error'
    });
    const output = execFileSync(process.execPath, ['--expose-gc', join(dir, 'probe.cjs')], { encoding: 'utf8', timeout: 120_000 });
    const { before, after } = JSON.parse(output) as { before: number; after: number };
    console.log(`heap before ${before.toFixed(1)} MB, after ${CREATIONS} creations ${after.toFixed(1)} MB`);
    expect(after - before).toBeLessThan(ALLOWED_GROWTH_MB);
}, 180_000);
