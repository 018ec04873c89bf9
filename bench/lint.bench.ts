/**
 * `journey lint` on 1,000 generated maps of 60 touchpoints (≈ 6.7 MB): on every core
 * (worker threads, src/cli/lint-workers.ts) ≤ 4 s wall on 2 cores and ≤ 1.2× the time
 * bare Langium takes to parse the same files on one thread; on one thread (`--threads 1`)
 * for comparison. The in-process run is one thread (its bundle has no worker file beside it).
 *
 * The floor the target names is a process of its own per run, as the CLI's runs are:
 * bench/lint-floor.ts reads the maps and parses them with bare Langium (V8's defaults), results
 * dropped, and reports the time of that alone (its start-up is not the floor's). Measured in this process after a warm-up, the floor was bimodal: ~1.7–2.3 s, or 8–13 s
 * for every run of a process (CPU above wall, 105 MB of heap where fast runs keep 27 MB: the mark
 * of V8 allocating the parser's short-lived objects in the old generation, which the CLI's lint
 * turns off, v8-flags.ts; seen once in 25 probe processes, never on demand). A slow process then
 * weighs one run of the median, not all of them. The in-process floor is printed for reference.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { EmptyFileSystem, URI } from 'langium';
import { lintCommand } from '../src/cli/lint.js';
import { createJourneyServices } from '../src/language/journey-module.js';
import { bundleBenchScript } from './bundle.mjs';
import { writeMaps } from './generate-maps.js';
import { formatMs, measure, measureInterleaved, spawnNodeMeasured, type Measurement } from './harness.js';
import { TARGETS } from './targets.js';

const MAPS = Number(process.env.BENCH_MAPS ?? 1000);
const TOUCHPOINTS = 60;

const folder = mkdtempSync(join(tmpdir(), 'journey-bench-lint-'));
const preloadDir = mkdtempSync(join(tmpdir(), 'journey-bench-cpu-'));
try {
    const { files, bytes } = writeMaps(folder, MAPS, TOUCHPOINTS);
    const texts = files.map(file => readFileSync(file, 'utf8'));
    const floorScript = await bundleFloor(preloadDir);
    console.log(`lint: ${MAPS} maps × ${TOUCHPOINTS} touchpoints + 1 shared file, ${(bytes / 1e6).toFixed(1)} MB`);
    // Wall-clock ratios mean something only on an otherwise idle machine: the load says whether it was.
    const load = () => `load average ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores`;
    console.log(`  before: ${load()}`);

    const cliRun = (threads: string[]) => () => {
        const run = spawnNodeMeasured(['bin/journey.js', 'lint', '--format', 'json', ...threads, folder], preloadDir);
        if (run.status !== 0) throw new Error(`journey lint exited ${run.status}: ${run.stderr || run.stdout.slice(0, 2000)}`);
        return run;
    };
    // The floor: the parser alone, each result dropped at once, in a process of its own and, for reference, in
    // this one. Their runs alternate with the CLI's (floor, lint, floor, lint…), so that all see the same machine.
    const floorRun = () => {
        const run = spawnNodeMeasured([floorScript, folder], preloadDir);
        if (run.status !== 0) throw new Error(`the floor's process exited ${run.status}: ${run.stderr}`);
        // Its reading and parsing only: not its start-up (see lint-floor.ts).
        const { wallMs, cpuMs } = JSON.parse(run.stdout) as { wallMs: number; cpuMs: number };
        return { childCpuMs: cpuMs, wallMs };
    };
    const services = createJourneyServices(EmptyFileSystem);
    const parser = services.Journey.parser.LangiumParser;
    const [parse, warmParse, cli, cliOne] = await measureInterleaved([
        { name: 'Langium parse, results dropped, fresh process', task: floorRun },
        {
            name: 'Langium parse, results dropped, in this process', warmUp: true, task: () => {
                for (const text of texts) {
                    const result = parser.parse(text);
                    if (result.parserErrors.length + result.lexerErrors.length > 0) throw new Error('a generated map does not parse');
                }
            }
        },
        { name: 'journey lint, CLI, every core', task: cliRun([]) },
        { name: 'journey lint, CLI, --threads 1', task: cliRun(['--threads', '1']) }
    ]);
    // In this process, after the floor's runs (they would leave their heap and their parser's feedback to the floor's):
    // Langium's parse into documents that are all kept, as any whole-workspace tool must, and lint itself.
    const factory = services.shared.workspace.LangiumDocumentFactory;
    const parseKept = await measure('Langium parse into kept documents', () => {
        const documents = texts.map((text, index) => factory.fromString(text, URI.file(files[index])));
        if (documents.length !== files.length) throw new Error('lost a document');
    });
    const inProcess = await measure('journey lint, in-process', async () => {
        const stdout = new PassThrough().resume();
        const code = await lintCommand.run(['--format', 'json', folder], { cwd: folder, stdout, stderr: process.stderr, stdin: process.stdin, env: {} });
        if (code !== 0) throw new Error(`lint exited ${code} on the generated maps`);
    });

    /** `a / b`, with both medians: wall, and cpu. */
    const ratio = (a: Measurement, b: Measurement) =>
        `wall ${formatMs(a.median)} / ${formatMs(b.median)} = ${(a.median / b.median).toFixed(2)}×, cpu ${formatMs(a.cpuMedian)} / ${formatMs(b.cpuMedian)} = ${(a.cpuMedian / b.cpuMedian).toFixed(2)}×`;
    console.log(`  CLI on every core / parse, results dropped (interleaved): ${ratio(cli, parse)}  (target ≤ ${TARGETS.lintOverParse}× wall)`);
    console.log(`  CLI --threads 1 / parse, results dropped (interleaved): ${ratio(cliOne, parse)}`);
    console.log(`  CLI on every core / parse, results dropped, in this process after a warm-up: ${ratio(cli, warmParse)}`);
    console.log(`  CLI on every core / --threads 1 (interleaved): ${ratio(cli, cliOne)}`);
    console.log(`  CLI on every core / parse into kept documents: ${ratio(cli, parseKept)}`);
    console.log(`  in-process / parse, results dropped: ${ratio(inProcess, parse)}`);
    console.log(`  in-process / parse into kept documents: ${ratio(inProcess, parseKept)}`);
    console.log(`  CLI on ${MAPS} maps: ${formatMs(cli.median)} wall on every core, ${formatMs(cliOne.median)} on one (target ≤ ${formatMs(TARGETS.lintMs)} on 2 cores)`);
    console.log(`  after the full lints: ${load()}`);

    // One file of the same workspace (lint-staged, a pre-commit hook): the other maps are
    // parsed and indexed so names resolve, but neither linked nor checked. Whether the shared
    // file's personas are used depends on every map: on one thread it links them all, on
    // every core the whole workspace is linted and that file alone reported (lint-workers.ts).
    const lintOne = (file: string, threads: string[]) => () => {
        const run = spawnNodeMeasured(['bin/journey.js', 'lint', '--format', 'json', ...threads, file], preloadDir);
        if (run.status !== 0) throw new Error(`journey lint exited ${run.status}: ${run.stderr || run.stdout.slice(0, 2000)}`);
        if ((JSON.parse(run.stdout) as unknown[]).length !== 1) throw new Error('lint reported other files than the one given');
        return run;
    };
    for (const [label, file] of [['one map', files[1]], ['the shared file', files[0]]] as const) {
        const one = await measure(`journey lint ${label} of ${MAPS + 1}, CLI process`, lintOne(file, []));
        console.log(`  lint ${label} / full lint: ${ratio(one, cli)}  (target: well under 1×)`);
        if (file !== files[0]) continue;
        const oneThread = await measure(`journey lint ${label} of ${MAPS + 1}, CLI process, --threads 1`, lintOne(file, ['--threads', '1']));
        console.log(`  lint ${label}, every core / --threads 1: ${ratio(one, oneThread)}`);
    }
    await neighbourOnOneLine();
} finally {
    rmSync(folder, { recursive: true, force: true });
    rmSync(preloadDir, { recursive: true, force: true });
}

/** bench/lint-floor.ts bundled as every bench is (bundle.mjs), beside the bench's other files. */
async function bundleFloor(outdir: string): Promise<string> {
    const outfile = join(outdir, 'lint-floor.mjs');
    await bundleBenchScript('bench/lint-floor.ts', outfile);
    return outfile;
}

/**
 * One small map linted beside a neighbour of 2000 stages (≈ 108 KB) written on one line, and
 * beside the same stages one per line: lint reads the neighbour for its declarations only,
 * its journey's body blanked (src/language/journey-bodies.ts). That blanking was quadratic
 * in a line's length (18 s for this neighbour on 2 cores, against 1.7 s one per line).
 */
async function neighbourOnOneLine(): Promise<void> {
    const stages = Array.from({ length: 2000 }, (_, i) => `stage S${i} "s" { touchpoint T${i} "t" { emotion 1 } }`);
    const lintSmall = (separator: string) => {
        const dir = mkdtempSync(join(tmpdir(), 'journey-bench-long-line-'));
        writeFileSync(join(dir, 'journey.config.json'), '{}\n');
        writeFileSync(join(dir, 'small.journey'), 'journey Small "a" {\n  description " "\n}\n');
        writeFileSync(join(dir, 'neighbour.journey'), `journey B "b" {${separator}${stages.join(separator)}${separator}}\n`);
        return {
            dir, task: () => {
                const run = spawnNodeMeasured(['bin/journey.js', 'lint', '--format', 'json', join(dir, 'small.journey')], preloadDir);
                if (run.status !== 0) throw new Error(`journey lint exited ${run.status}: ${run.stderr || run.stdout.slice(0, 2000)}`);
                return run;
            }
        };
    };
    const oneLine = lintSmall(' ');
    const perLine = lintSmall('\n');
    try {
        console.log('lint one small map beside a neighbour of 2000 stages:');
        const [long, lines] = await measureInterleaved([
            { name: 'neighbour on one line (108 KB)', task: oneLine.task },
            { name: 'neighbour one stage per line', task: perLine.task }
        ]);
        console.log(`  one line / one stage per line: wall ${(long.median / lines.median).toFixed(2)}×, cpu ${(long.cpuMedian / lines.cpuMedian).toFixed(2)}×  (target ≈ 1×)`);
    } finally {
        for (const { dir } of [oneLine, perLine]) rmSync(dir, { recursive: true, force: true });
    }
}
