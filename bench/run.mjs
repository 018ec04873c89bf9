// `npm run bench [-- name...]`: runs every bench/<name>.bench.ts (or the named
// ones). Each is bundled with esbuild on the fly and run in its own Node
// process from the repository root. To add a benchmark, add one such file;
// bench/harness.ts has the timing helpers (medians over BENCH_RUNS runs).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { cpus } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleBenchScript } from './bundle.mjs';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const wanted = process.argv.slice(2);
const benches = readdirSync(join(repo, 'bench'))
    .filter(file => file.endsWith('.bench.ts'))
    .map(file => basename(file, '.bench.ts'))
    .filter(name => wanted.length === 0 || wanted.includes(name))
    // Activation last: the code-server it starts keeps both cores busy for a while after it
    // stops, which slowed every bench after it (the bare-parse baseline of lint by 2×).
    .sort((a, b) => Number(a === 'activation') - Number(b === 'activation') || a.localeCompare(b));
if (benches.length === 0) {
    console.error(`no benchmark named ${wanted.join(', ')}`);
    process.exit(2);
}

// Benchmarks that spawn bin/journey.js need the current bundles.
execFileSync(process.execPath, ['esbuild.mjs'], { cwd: repo, stdio: 'inherit' });

const cpu = cpus();
console.log(`machine: ${cpu.length} × ${cpu[0]?.model.trim()}, Node ${process.version}, ${process.platform}/${process.arch}`);
console.log(`runs per measurement: ${process.env.BENCH_RUNS ?? 3} (medians)\n`);

// Inside the repository, so that what is left unbundled (below) resolves from its node_modules.
mkdirSync(join(repo, 'node_modules', '.cache'), { recursive: true });
const outdir = mkdtempSync(join(repo, 'node_modules', '.cache', 'journey-bench-'));
let failed = false;
try {
    for (const name of benches) {
        const outfile = join(outdir, `${name}.mjs`);
        await bundleBenchScript(join(repo, 'bench', `${name}.bench.ts`), outfile);
        try {
            execFileSync(process.execPath, [outfile], { cwd: repo, stdio: 'inherit' });
        } catch {
            failed = true;
            console.error(`benchmark ${name} failed`);
        }
        console.log();
    }
} finally {
    rmSync(outdir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
