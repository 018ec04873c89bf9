/**
 * Cold start of the `journey` CLI, each a fresh Node process as a user runs it, against
 * `node -e 0` in the same run: `--version`, a one-file lint, and a one-file `render -f svg`
 * of 60 touchpoints (targets: bench/targets.ts). Each command loads only its own chunk
 * (src/cli/main.ts), and render loads ELK on its first layout. The generated map's flows go
 * from each touchpoint to the next, an order ELK keeps, so ELK is not asked
 * (src/diagram/elk-order.ts); the same map with one branch shows a render that needs ELK, which
 * by default loads ELK on a thread of its own when a core is idle (src/cli/elk-guess.ts, elk-thread.ts):
 * it is timed cold and as a new map with the code caches made, each by default, with the thread and
 * without, their runs interleaved. With a cache
 * folder, render's own code and ELK's are compiled from V8 code caches kept there (render-loader.ts,
 * elk-code-cache.ts; the first, unmeasured run makes them); "no cache" (JOURNEY_CACHE_DIR=off) has neither.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generateMap, SHARED_DECLARATIONS } from './generate-maps.js';
import { formatMs, measure, measureInterleaved, spawnNodeMeasured, type Measurement } from './harness.js';
import { TARGETS } from './targets.js';

const JOURNEY = resolve('bin/journey.js');
const folder = mkdtempSync(join(tmpdir(), 'journey-bench-cli-'));
const preloadDir = mkdtempSync(join(tmpdir(), 'journey-bench-cpu-'));
const branchFolder = mkdtempSync(join(tmpdir(), 'journey-bench-cli-branching-'));
try {
    // The map's folder holds the shared declarations too, as a real project does.
    writeFileSync(join(folder, 'common.journey'), SHARED_DECLARATIONS);
    const map = join(folder, 'map.journey');
    writeFileSync(map, generateMap(0, 60));
    // Its own workspace (folder), so the first map's commands read no extra file.
    writeFileSync(join(branchFolder, 'common.journey'), SHARED_DECLARATIONS);
    const branching = join(branchFolder, 'map.journey');
    writeFileSync(branching, generateMap(0, 60).replace(/next P1\b/, 'next P1, P3'));
    console.log('cli: cold start, one process per run (wall and CPU of the child)');

    console.log(`  load average ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores at the start`);
    const spawn = (name: string, args: string[], env?: NodeJS.ProcessEnv, before?: () => void) => async () => {
        before?.();
        const run = spawnNodeMeasured(args, preloadDir, env);
        if (run.status !== 0) throw new Error(`${name}: exit ${run.status}\n${run.stderr}`);
        return { childCpuMs: run.childCpuMs };
    };
    const node = (name: string, args: string[], env?: NodeJS.ProcessEnv, before?: () => void) => measure(name, spawn(name, args, env, before), { warmUp: true });
    /** Several ways of one command, their runs taken in turn (harness.ts), each warmed up first. */
    const ways = (tasks: readonly [name: string, args: string[], env: NodeJS.ProcessEnv, before?: () => void][]) =>
        measureInterleaved(tasks.map(([name, args, env, before]) => ({ name, task: spawn(name, args, env, before), warmUp: true })));

    const baseline = await node('node -e 0', ['-e', '0']);
    const version = await node('journey --version', [JOURNEY, '--version']);
    const lint = await node('journey lint (1 map + common)', [JOURNEY, 'lint', map, join(folder, 'common.journey'), '--quiet']);
    const renderHelp = await node('journey render --help (no command code)', [JOURNEY, 'render', '--help']);
    const renderArgs = [JOURNEY, 'render', map, '-f', 'svg', '-o', join(folder, 'map.svg')];
    const cacheDir = join(folder, 'cache');
    const renderCold = await node('journey render -f svg, cold (no cache)', renderArgs, { JOURNEY_CACHE_DIR: 'off' });
    const render = await node('journey render -f svg, warm (cached)', renderArgs, { JOURNEY_CACHE_DIR: cacheDir });
    const branchArgs = [JOURNEY, 'render', branching, '-f', 'svg', '-o', join(branchFolder, 'map.svg')];
    const branchWarm = await node('… one branch (ELK), warm (cached)', branchArgs, { JOURNEY_CACHE_DIR: cacheDir });
    // By default ELK loads on a thread of its own when the map's text says ELK may be needed (src/cli/elk-guess.ts)
    // and a core is idle (elk-thread.ts): the branching map by default, with the thread and without, in turn.
    const [branchCold, branchColdThread, branchNoThread] = await ways([
        ['… one branch (ELK), cold (no cache)', branchArgs, { JOURNEY_CACHE_DIR: 'off' }],
        ['… one branch (ELK), cold, ELK thread on', branchArgs, { JOURNEY_CACHE_DIR: 'off', JOURNEY_ELK_THREAD: 'on' }],
        ['… one branch (ELK), cold, ELK thread off', branchArgs, { JOURNEY_CACHE_DIR: 'off', JOURNEY_ELK_THREAD: 'off' }]
    ]);
    // A new map in a project that rendered before (what every render after the first meets): its ordering is not
    // kept, the V8 code caches of render and ELK are (render-loader.ts, src/cli/elk-code-cache.ts).
    const newMap = () => rmSync(join(cacheDir, 'elk'), { recursive: true, force: true });
    const [codeCached, codeCachedThread, codeCachedNoThread] = await ways([
        ['… one branch (ELK), new map, code cached', branchArgs, { JOURNEY_CACHE_DIR: cacheDir }, newMap],
        ['… the same, ELK thread on', branchArgs, { JOURNEY_CACHE_DIR: cacheDir, JOURNEY_ELK_THREAD: 'on' }, newMap],
        ['… the same, ELK thread off', branchArgs, { JOURNEY_CACHE_DIR: cacheDir, JOURNEY_ELK_THREAD: 'off' }, newMap]
    ]);
    // What a wrong guess costs: the chain, which needs no ELK, with the thread.
    const renderThread = await node('journey render -f svg, cold, ELK thread on', renderArgs, { JOURNEY_CACHE_DIR: 'off', JOURNEY_ELK_THREAD: 'on' });

    const ratio = (m: Measurement) => `${(m.median / baseline.median).toFixed(2)}× wall, ${(m.cpuMedian / baseline.cpuMedian).toFixed(2)}× cpu`;
    console.log(`  --version ÷ node -e 0: ${ratio(version)} (target ≤ ${TARGETS.versionOverNode}×)`);
    console.log(`  lint ÷ node -e 0: ${ratio(lint)}`);
    console.log(`  render --help ÷ node -e 0: ${ratio(renderHelp)} (the help's own module: no command's code, no ELK)`);
    console.log(`  render -f svg, cold: ${formatMs(renderCold.median)} wall (target ≤ ${TARGETS.renderMs} ms), ${ratio(renderCold)}`);
    console.log(`  render -f svg, warm: ${formatMs(render.median)} wall (target ≤ ${TARGETS.renderMs} ms), ${ratio(render)}`);
    console.log(`  render -f svg of a map ELK orders, its ordering kept (warm): ${formatMs(branchWarm.median)} wall (target ≤ ${TARGETS.renderMs} ms), ${ratio(branchWarm)}`);
    // By default the branching map gets the thread only while a core is idle (the load average above says which).
    console.log(`  render -f svg of a new map ELK orders, render's and ELK's code cached: ${formatMs(codeCached.median)} wall by default (target ≤ ${TARGETS.renderMs} ms), ${formatMs(codeCachedThread.median)} with ELK's thread, ${formatMs(codeCachedNoThread.median)} without; ${ratio(codeCached)}`);
    console.log(`  render -f svg of a map ELK orders, cold (no cache): ${formatMs(branchCold.median)} wall by default (target ≤ ${TARGETS.renderMs} ms), ${formatMs(branchColdThread.median)} with ELK's thread, ${formatMs(branchNoThread.median)} without`);
    console.log(`  ELK's thread for a map that needs no ELK (a wrong guess): cold ${formatMs(renderThread.median)}, against ${formatMs(renderCold.median)} without`);
} finally {
    rmSync(folder, { recursive: true, force: true });
    rmSync(preloadDir, { recursive: true, force: true });
    rmSync(branchFolder, { recursive: true, force: true });
}
