// `journey render` lays out on an ELK worker thread started with the command
// (src/cli/elk-thread.ts), warmed by small layouts of its own before the map's: its answers must
// be ELK's on this thread, byte for byte in the SVG, and a worker that cannot run must not
// change the picture. Uses the built worker (out/cli-elk-worker.cjs: `npm run build`).
import { PassThrough } from 'node:stream';
import { join } from 'node:path';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import type { ElkNode } from 'elkjs/lib/elk-api.js';
import { generateMap, SHARED_DECLARATIONS } from '../../bench/generate-maps.js';
import { main } from '../../src/cli/main.js';
import { startElkThread } from '../../src/cli/elk-thread.js';
import type { DiagramModel, ElkApi } from '../../src/diagram/index.js';
import { errorMessage } from '../../src/common/errors.js';
import { clearOrderCache, flowGraph, warmUpGraphs } from '../../src/diagram/elk-order.js';
import { elk as elkHere } from '../diagram/fixtures.js';
import { journey, REPO, tempTree } from './run-cli.js';

const WORKER = join(REPO, 'out', 'cli-elk-worker.cjs');
/** The bench's 60-touchpoint map with one branch: ELK orders its cards. */
const branching = generateMap(0, 60).replace(/next P1\b/, 'next P1, P3');
const positions = (node: ElkNode) => (node.children ?? []).map(({ id, x, y }) => ({ id, x, y }));
/** Where `elk` puts the cards of `graph` (laid out on a copy: ELK writes into what it is given). */
const layoutOf = async (elk: ElkApi, graph: ElkNode) => positions(await elk.layout(structuredClone(graph)));

/** `use` of an ELK thread started on `workerFile`, the thread stopped whatever happens. */
async function onElkThread(workerFile: string, use: (elk: ElkApi) => Promise<void>): Promise<void> {
    const thread = startElkThread(undefined, workerFile);
    try {
        await use(thread.elk);
    } finally {
        thread.stop();
    }
}

/**
 * ELK graphs as the pipeline builds them (flowGraph: stages as partitions), of random flow
 * topologies with branches, merges and backward flows, from a fixed seed.
 */
function randomFlowGraphs(count: number): ElkNode[] {
    let seed = 14;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    return Array.from({ length: count }, () => {
        const stages = Array.from({ length: 1 + Math.floor(random() * 6) }, (_, index) => ({ id: `S${index}`, index }));
        const cards = Array.from({ length: 2 + Math.floor(random() * 40) }, (_, i) => ({ id: `T${i}`, stage: stages[Math.floor(random() * stages.length)].id }));
        const flows = Array.from({ length: Math.floor(random() * cards.length * 1.5) }, (_, i) => {
            const [source, target] = [cards[Math.floor(random() * cards.length)].id, cards[Math.floor(random() * cards.length)].id];
            return { id: `F${i}`, source, target };
        }).filter(flow => flow.source !== flow.target);
        // flowGraph reads only these fields of the model.
        return flowGraph({ stages, cards, flows } as unknown as DiagramModel, cards.map(card => card.id));
    });
}

/**
 * The SVGs of `text` with the thread off, then on, rendered once per text for the file: with
 * JOURNEY_ELK_THREAD set, the load average (which only the default reads, elk-thread.ts
 * `wantsElkThread`) decides nothing, so the idle and the busy case of one map compare with the same two.
 */
const forcedSvgs = new Map<string, Promise<[string, string]>>();
function forcedRenders(text: string, render: (env: NodeJS.ProcessEnv) => Promise<string>): Promise<[string, string]> {
    let svgs = forcedSvgs.get(text);
    if (!svgs) forcedSvgs.set(text, svgs = (async () => [await render({ JOURNEY_ELK_THREAD: 'off' }), await render({ JOURNEY_ELK_THREAD: 'on' })] as [string, string])());
    return svgs;
}

describe("render's ELK thread", () => {
    test("the worker's answers are ELK's on this thread, for graphs of every flow topology", async () => {
        const graphs = [...warmUpGraphs(), ...randomFlowGraphs(40)];
        await onElkThread(WORKER, async elkThere => {
            let failures = 0;
            for (const graph of graphs) {
                // ELK fails on some topologies (the pipeline then keeps the source order, saying why): the same error there.
                // Only ELK's own rejection is an answer: anything else thrown fails the test.
                const answer = (elk: ElkApi) => elk.layout(structuredClone(graph)).then(positions, (error: unknown) => `error: ${errorMessage(error)}`);
                const [there, here] = await Promise.all([answer(elkThere), answer(elkHere)]);
                expect(there).toEqual(here);
                if (typeof here === 'string') failures++;
            }
            expect(failures).toBeLessThan(graphs.length / 2);
        });
    });

    test("the worker keeps ELK's code cache by its first answer, made after that layout: render stops it once answered", async () => {
        const folder = tempTree({});
        const graph = warmUpGraphs().at(-1)!;
        const thread = startElkThread(folder, WORKER);
        try {
            expect(await layoutOf(thread.elk, graph)).toEqual(await layoutOf(elkHere, graph));
            expect(readdirSync(join(folder, 'v8'))).toEqual([expect.stringMatching(/^elk-[0-9a-f]{32}-\d+\.bin$/)]);
        } finally {
            thread.stop();
        }
    });

    test('a worker that fails to start, or no worker file, leaves the layout to ELK on this thread', async () => {
        const graph = warmUpGraphs().at(-1)!;
        const broken = join(tempTree({ 'broken.mjs': "throw new Error('no ELK here');\n" }), 'broken.mjs');
        const here = await layoutOf(elkHere, graph);
        for (const file of [broken, join(REPO, 'out', 'no-such-worker.mjs')]) {
            await onElkThread(file, async elk => expect(await layoutOf(elk, graph)).toEqual(here));
        }
    });

    test('a worker that dies while a layout waits for it leaves that layout to ELK on this thread', async () => {
        const graph = warmUpGraphs().at(-1)!;
        const dying = join(tempTree({ 'dying.mjs': "import { parentPort } from 'node:worker_threads';\nparentPort.on('message', () => process.exit(3));\n" }), 'dying.mjs');
        const here = await layoutOf(elkHere, graph);
        await onElkThread(dying, async elk => {
            expect(await layoutOf(elk, graph)).toEqual(here);
            // And the next one too, without asking the dead worker.
            expect(await layoutOf(elk, graph)).toEqual(here);
        });
    });

    // By default the thread starts when the map's text says ELK may be needed (elk-guess.ts) and a core is idle: both kinds of
    // map and a wrong guess, drawn the same each way. JOURNEY_TEST_LOAD_AVERAGE makes the machine idle or busy (elk-thread.ts),
    // so that each default path named is the one taken, whatever the load of the machine running the tests.
    test.each([
        ['a map ELK orders, on an idle machine (the thread starts)', branching, '0'],
        ['a map ELK orders, on a busy machine (no thread)', branching, '1000'],
        ['a chain (no thread)', generateMap(0, 60), '0'],
        ['a chain whose text fools the guess, on an idle machine (a thread for nothing)', generateMap(0, 60).replace('touchpoint P59 {', 'touchpoint P59 { // next P1, P2\n'), '0']
    ])('`journey render` by default, of %s: the same SVG as with the thread off or on', async (_, text, load) => {
        const folder = tempTree({ 'common.journey': SHARED_DECLARATIONS, 'map.journey': text });
        const render = async (env: NodeJS.ProcessEnv) => {
            const run = await journey(['render', 'map.journey', '-f', 'svg'], { cwd: folder, env: { JOURNEY_CACHE_DIR: 'off', JOURNEY_TEST_LOAD_AVERAGE: load, ...env } });
            expect(run.stderr).toBe('');
            expect(run.code).toBe(0);
            return run.stdout;
        };
        const byDefault = await render({});
        expect(byDefault).toContain('<svg');
        const [off, on] = await forcedRenders(text, render);
        expect(off).toBe(byDefault);
        expect(on).toBe(byDefault);
    });

    test('`journey render` of a map ELK orders: the SVG of ELK on this thread, and the process ends', async () => {
        const folder = tempTree({ 'common.journey': SHARED_DECLARATIONS, 'map.journey': branching });
        const args = ['render', 'map.journey', '-f', 'svg', '-o', 'map.svg'];
        // On the worker whatever the machine's load (by default it starts only when a core is idle).
        const run = await journey(args, { cwd: folder, env: { JOURNEY_CACHE_DIR: 'off', JOURNEY_ELK_THREAD: 'on' } });
        expect(run.stderr).toBe('');
        expect(run.code).toBe(0);
        const byWorker = readFileSync(join(folder, 'map.svg'), 'utf8');
        // In this process the sources run, with no worker file beside them: ELK runs on this thread.
        const stdout = new PassThrough();
        let svg = '';
        stdout.on('data', chunk => { svg += chunk; });
        const io = { cwd: folder, stdout, stderr: new PassThrough(), stdin: new PassThrough(), env: { JOURNEY_CACHE_DIR: 'off' } };
        clearOrderCache();
        expect(await main(['render', 'map.journey', '-f', 'svg'], io)).toBe(0);
        expect(byWorker).toContain('<svg');
        expect(byWorker).toBe(svg);
    });
});
