// ELK where it adds value: crossing minimisation of the `next` flows. The grid itself is
// known (columns = stages, rows = lanes), so positions are computed directly; ELK's layered
// algorithm (stages as partitions) only decides the vertical order of touchpoints, which
// then orders the touchpoint cards inside each cell.
// The ELK input depends on the flow topology only (no text, no sizes), so typing a label
// reuses the cached answer.
import type { ElkNode } from 'elkjs/lib/elk-api.js';
import type { DiagramModel, ElkApi, LaidOutDiagram } from './types.js';
import { errorMessage } from '../common/errors.js';

/** Above this size ELK costs more than it brings (≈ 150 ms at 300 touchpoints on the bench machine, and very long chains overflow its stack). */
export const ELK_MAX_NODES = 200;
export const ELK_MAX_EDGES = 400;

const LAYOUT_OPTIONS = {
    'elk.algorithm': 'layered',
    'elk.direction': 'RIGHT',
    'elk.partitioning.activate': 'true',
    'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
    // One crossing-minimisation sweep: 35 → 21 ms CPU at 60 touchpoints, ample for ordering cells.
    'elk.layered.thoroughness': '1',
    'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
    'elk.layered.cycleBreaking.strategy': 'MODEL_ORDER',
    'elk.edgeRouting': 'POLYLINE',
    'elk.randomSeed': '1'
};

/**
 * The only ELK algorithms the orderings use: ELK built with just these (`new ELK({ algorithms })`)
 * skips registering the others, which a cold start pays for (~20 ms CPU) and which change no layout.
 */
export const ELK_ALGORITHMS: readonly string[] = [LAYOUT_OPTIONS['elk.algorithm']];

export interface FlowOrder {
    /** Touchpoint card id → rank (0 = top); undefined when ELK was not used. */
    rank?: Map<string, number>;
    ordering: LaidOutDiagram['ordering'];
    note?: string;
}

const cache = new Map<string, Map<string, number>>();
const CACHE_SIZE = 32;

/** The ELK graph of the touchpoints (in the given order: ELK keeps it where crossings allow) and their flows. */
export function flowGraph(diagram: DiagramModel, touchpointOrder: string[]): ElkNode {
    const stageIndex = new Map(diagram.stages.map(s => [s.id, s.index]));
    const stageOf = new Map(diagram.cards.map(c => [c.id, c.stage]));
    return {
        id: 'root',
        layoutOptions: LAYOUT_OPTIONS,
        children: touchpointOrder.map(id => ({
            id, width: 100, height: 40,
            layoutOptions: { 'elk.partitioning.partition': String(stageIndex.get(stageOf.get(id)!) ?? 0) }
        })),
        edges: diagram.flows.map(f => ({ id: f.id, sources: [f.source], targets: [f.target] }))
    };
}

/**
 * Graphs of the kind flowGraph builds, smallest first, for a host that has time to spare before
 * its first ordering (`journey render`'s ELK thread, elk-thread.ts) to lay out beforehand: the
 * first layout of all pays for ELK's static set-up (its graph model, the JSON import, the
 * layered algorithm's first run), which is then not on the real ordering's path. An empty graph
 * runs most of it, two nodes in two partitions joined by one flow the rest: measured on the bench's
 * 60-touchpoint map (CPU, code cached), the map's layout took 114 ms unwarmed, 94 after the empty
 * graph (22 ms), 78 after both (+23 ms); the 7-node graph with a branch and a crossing used before
 * took 58 ms for 75, and a warm-up with the map's own graph 115 ms for 69.
 */
export function warmUpGraphs(): ElkNode[] {
    const node = (id: string, partition: number): ElkNode => ({ id, width: 100, height: 40, layoutOptions: { 'elk.partitioning.partition': String(partition) } });
    return [
        { id: 'root', layoutOptions: LAYOUT_OPTIONS, children: [], edges: [] },
        { id: 'root', layoutOptions: LAYOUT_OPTIONS, children: [node('a', 0), node('b', 1)], edges: [{ id: 'e', sources: ['a'], targets: ['b'] }] }
    ];
}

function hasSharedCell(diagram: DiagramModel): boolean {
    const cells = new Set<string>();
    for (const card of diagram.cards) {
        if (card.kind !== 'touchpoint') continue;
        const key = `${card.stage}\u0000${card.row}`;
        if (cells.has(key)) return true;
        cells.add(key);
    }
    return false;
}

/** Whether the flows are exactly one `next` from each touchpoint to the one after it in `touchpointOrder`, never back a stage. */
export function isSourceOrderPath(diagram: DiagramModel, touchpointOrder: readonly string[]): boolean {
    if (diagram.flows.length !== touchpointOrder.length - 1) return false;
    const position = new Map(touchpointOrder.map((id, i) => [id, i]));
    const linked = new Set<number>();
    for (const flow of diagram.flows) {
        const from = position.get(flow.source);
        if (from === undefined || flow.backwards || position.get(flow.target) !== from + 1 || linked.has(from)) return false;
        linked.add(from);
    }
    return true;
}

/** Forgets every cached ordering (benchmarks measure the uncached path with it). */
export function clearOrderCache(): void {
    cache.clear();
}

export async function orderFlows(diagram: DiagramModel, touchpointOrder: string[], elk: ElkApi): Promise<FlowOrder> {
    // Nothing to order without flows, or when no cell holds two touchpoints.
    if (diagram.flows.length === 0 || !hasSharedCell(diagram)) return { ordering: 'source' };
    if (touchpointOrder.length > ELK_MAX_NODES || diagram.flows.length > ELK_MAX_EDGES) {
        return { ordering: 'source', note: `${touchpointOrder.length} touchpoints, ${diagram.flows.length} flows: too many for ELK, source order kept` };
    }
    // One path through every touchpoint in source order: ELK lays each in its own layer on one
    // line, so its order is the source order (test/diagram/options.test.ts checks it against
    // ELK). Not asking it spares loading and warming ELK (~0.5 s of a cold `journey render`).
    if (isSourceOrderPath(diagram, touchpointOrder)) return { ordering: 'source' };
    const graph = flowGraph(diagram, touchpointOrder);
    const key = JSON.stringify(graph);
    const cached = cache.get(key);
    if (cached) {
        cache.delete(key);
        cache.set(key, cached); // most recently used last
        return { rank: cached, ordering: 'elk-cached' };
    }
    try {
        const result = await elk.layout(graph);
        const ys = (result.children ?? []).map(n => ({ id: n.id, y: n.y ?? 0, x: n.x ?? 0 }));
        ys.sort((a, b) => a.y - b.y || a.x - b.x || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)); // no locale: same order everywhere
        const rank = new Map(ys.map((n, i) => [n.id, i]));
        cache.set(key, rank);
        if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
        return { rank, ordering: 'elk' };
    } catch (error) {
        return { ordering: 'source', note: `ELK failed (${errorMessage(error)}), source order kept` };
    }
}
