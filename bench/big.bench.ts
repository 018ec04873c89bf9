/**
 * One big map, as `journey lint` meets it: a generated map of about 5 MB and one of
 * about 20 MB (many touchpoints, not one giant string), each linted by a fresh
 * `bin/journey.js` process under `/usr/bin/time -v` (GNU time), which reports the
 * child's peak resident memory. Target: the 20 MB map lints in under 2 GB.
 * `BENCH_BIG_MB=5,20` chooses the sizes.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generateMap, SHARED_DECLARATIONS } from './generate-maps.js';
import { formatMs } from './harness.js';

const JOURNEY = resolve('bin/journey.js');
const SIZES_MB = (process.env.BENCH_BIG_MB ?? '5,20').split(',').map(Number);
const BYTES_PER_TOUCHPOINT = Buffer.byteLength(generateMap(0, 1000)) / 1000;

const folder = mkdtempSync(join(tmpdir(), 'journey-bench-big-'));
try {
    writeFileSync(join(folder, 'common.journey'), SHARED_DECLARATIONS);
    console.log('big: one generated map linted by a fresh process (wall, CPU and peak RSS of the child)');
    for (const mb of SIZES_MB) {
        const map = join(folder, `map-${mb}mb.journey`);
        const text = generateMap(0, Math.round((mb * 1e6) / BYTES_PER_TOUCHPOINT));
        writeFileSync(map, text);
        const run = spawnSync('/usr/bin/time', ['-v', process.execPath, JOURNEY, 'lint', map, '--quiet'], { encoding: 'utf8', maxBuffer: 1 << 28 });
        if (run.status !== 0) throw new Error(`lint of the ${mb} MB map: exit ${run.status}\n${run.stdout}${run.stderr.slice(-2000)}`);
        const field = (name: string) => Number(new RegExp(`${name}.*: ([\\d.:]+)`).exec(run.stderr)?.[1].split(':').reduce((a, b) => a * 60 + Number(b), 0) ?? NaN);
        const wallMs = field('Elapsed \\(wall clock\\) time') * 1000;
        const cpuMs = (field('User time \\(seconds\\)') + field('System time \\(seconds\\)')) * 1000;
        const peakMb = field('Maximum resident set size \\(kbytes\\)') / 1024;
        console.log(`  lint ${(Buffer.byteLength(text) / 1e6).toFixed(1)} MB map`.padEnd(36)
            + ` wall ${formatMs(wallMs).padStart(8)}, cpu ${formatMs(cpuMs).padStart(8)}, peak RSS ${peakMb.toFixed(0)} MB${mb >= 20 ? ' (target < 2048 MB)' : ''}`);
    }
} finally {
    rmSync(folder, { recursive: true, force: true });
}
