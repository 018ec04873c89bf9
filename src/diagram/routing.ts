// Orthogonal routing of the `next` flows through the free space of the grid: vertical
// segments run in the gutters between columns, horizontal ones in the corridors between
// touchpoint rows, and a segment crosses a column only where no card stands. Parallel
// segments get separate tracks (greedy interval partitioning), and gutters and corridors
// grow with their tracks. About rows × flows plus flows × tracks, deterministic, never throws.
import type { DiagramCard, DiagramFlow, DiagramModel, EdgeRoute, Point } from './types.js';

const TRACK = 6;
const TRACK_PAD = 9;
const GUTTER_MIN = 28;
const CORRIDOR_MIN = 10;
/** Clearance kept between a straight segment and a card it passes. */
const CLEARANCE = 6;

/** A touchpoint card with its grid cell and vertical extent (x comes later). */
export interface PlacedCard { id: string; column: number; row: number; y: number; height: number }

type Shape = 'same-column' | 'adjacent' | 'far' | 'backwards';

interface FlowPlan {
    flow: DiagramFlow;
    source: { column: number; row: number };
    target: { column: number; row: number };
    shape: Shape;
    /** Corridor (k = above touchpoint row k) and track, for 'far' and 'backwards'. */
    corridor: number;
    corridorTrack: number;
}

interface Interval { start: number; end: number }

/** Greedy interval partitioning: the fewest tracks so that no two intervals on a track overlap. */
function assignTracks(intervals: Interval[]): { tracks: number[]; count: number } {
    const order = intervals.map((_, i) => i).sort((a, b) => intervals[a].start - intervals[b].start || intervals[a].end - intervals[b].end || a - b);
    const lastEnd: number[] = [];
    const tracks = new Array<number>(intervals.length);
    for (const i of order) {
        let track = lastEnd.findIndex(end => end < intervals[i].start);
        if (track < 0) { track = lastEnd.length; lastEnd.push(0); }
        lastEnd[track] = intervals[i].end;
        tracks[i] = track;
    }
    return { tracks, count: lastEnd.length };
}

function bandSize(tracks: number, minimum: number): number {
    return Math.max(minimum, 2 * TRACK_PAD + Math.max(0, tracks - 1) * TRACK);
}

/**
 * Plans the routes from grid indices only (which gutters and corridor each flow uses),
 * so the corridor heights are known before the rows are placed.
 */
export function planRoutes(diagram: DiagramModel, touchpoints: DiagramCard[], stageIndex: Map<string, number>, rowOf: Map<string, number>, rowCount: number) {
    const cell = new Map(touchpoints.map(c => [c.id, { column: stageIndex.get(c.stage) ?? 0, row: rowOf.get(c.row) ?? 0 }]));
    const plans: FlowPlan[] = [];
    for (const flow of diagram.flows) {
        const source = cell.get(flow.source);
        const target = cell.get(flow.target);
        if (!source || !target) continue;
        const shape: Shape = target.column === source.column ? 'same-column'
            : target.column === source.column + 1 ? 'adjacent'
                : target.column > source.column ? 'far' : 'backwards';
        const corridor = target.row < source.row ? source.row : Math.min(rowCount, source.row + 1);
        plans.push({ flow, source, target, shape, corridor, corridorTrack: 0 });
    }
    // Horizontal corridor segments span gutters [from, to].
    const corridorCount = new Array<number>(rowCount + 1).fill(0);
    for (let k = 0; k <= rowCount; k++) {
        const users = plans.filter(p => p.corridor === k && (p.shape === 'far' || p.shape === 'backwards'));
        const gutters = users.map(p => p.shape === 'far'
            ? { start: p.source.column + 1, end: p.target.column }
            : { start: p.target.column, end: p.source.column });
        const { tracks, count } = assignTracks(gutters);
        users.forEach((p, i) => { p.corridorTrack = tracks[i]; });
        corridorCount[k] = count;
    }

    return {
        corridorHeight: (k: number) => bandSize(corridorCount[k] ?? 0, CORRIDOR_MIN),
        /** With the cards' vertical positions known: ports, straight shortcuts and gutter tracks. */
        route: (placed: PlacedCard[], corridors: { y: number; height: number }[], cardWidths: number[]) =>
            routeVertically(plans, placed, corridors, corridorCount, cardWidths)
    };
}

type Side = 'east' | 'west';

interface Geometry { sy: number; ty: number; cy?: number; straight: boolean; segments: { gutter: number; from: number; to: number }[] }

/**
 * The phases: spread the ports along the card sides, choose each flow's vertical geometry
 * (straight across when the way is clear, else down a gutter, along a corridor and up
 * another), then give the vertical segments tracks in their gutters.
 */
function routeVertically(plans: FlowPlan[], placed: PlacedCard[], corridors: { y: number; height: number }[], corridorCount: number[], cardWidths: number[]) {
    const portY = spreadPorts(plans, placed);
    const clear = clearanceCheck(placed);
    const geometry = plans.map((plan, i) => flowGeometry(plan, portY.get(`${i}:source`)!, portY.get(`${i}:target`)!, corridors, corridorCount, clear));
    const tracks = gutterTracks(geometry);
    return {
        gutterWidth: tracks.gutterWidth,
        /** The routes, given the left x of every gutter and of every column's cards. */
        edges: (gutterX: number[], cardX: number[]): EdgeRoute[] => plans.map((plan, i) => {
            const trackX = (j: number) => tracks.trackX(gutterX, i, geometry[i].segments[j].gutter, j);
            return edgeRoute(plan, geometry[i], trackX, cardX, cardWidths);
        })
    };
}

/** Ports: the flows leaving or entering a side of a card are spread along it, ordered by the other end. Key `<plan>:<end>`. */
function spreadPorts(plans: FlowPlan[], placed: PlacedCard[]): Map<string, number> {
    const byId = new Map(placed.map(p => [p.id, p]));
    const centre = (id: string) => { const p = byId.get(id)!; return p.y + p.height / 2; };
    const sides = new Map<string, { plan: number; end: 'source' | 'target'; other: number }[]>();
    const sideOf = (plan: FlowPlan, end: 'source' | 'target'): Side =>
        plan.shape === 'backwards' ? 'west' : plan.shape === 'same-column' ? 'east' : end === 'source' ? 'east' : 'west';
    plans.forEach((plan, i) => {
        for (const end of ['source', 'target'] as const) {
            const id = end === 'source' ? plan.flow.source : plan.flow.target;
            const key = `${id}\u0000${sideOf(plan, end)}`;
            const other = centre(end === 'source' ? plan.flow.target : plan.flow.source);
            const list = sides.get(key);
            if (list) list.push({ plan: i, end, other }); else sides.set(key, [{ plan: i, end, other }]);
        }
    });
    const portY = new Map<string, number>();
    for (const [key, list] of sides) {
        const card = byId.get(key.split('\u0000')[0])!;
        list.sort((a, b) => a.other - b.other || a.plan - b.plan || (a.end === 'source' ? -1 : 1));
        list.forEach((entry, i) => portY.set(`${entry.plan}:${entry.end}`, round(card.y + (card.height * (i + 1)) / (list.length + 1))));
    }
    return portY;
}

/** Whether a horizontal line at y crosses the columns from..to without passing near a card. */
function clearanceCheck(placed: PlacedCard[]): (y: number, from: number, to: number) => boolean {
    const columns = new Map<number, PlacedCard[]>();
    for (const p of placed) { const list = columns.get(p.column); if (list) list.push(p); else columns.set(p.column, [p]); }
    return (y, from, to) => {
        for (let c = from; c <= to; c++) {
            for (const p of columns.get(c) ?? []) if (y > p.y - CLEARANCE && y < p.y + p.height + CLEARANCE) return false;
        }
        return true;
    };
}

/** The vertical segments of one flow (in which gutter, from which y to which y), and its corridor y when it takes one. */
function flowGeometry(plan: FlowPlan, sy: number, ty: number, corridors: { y: number; height: number }[], corridorCount: number[], clear: (y: number, from: number, to: number) => boolean): Geometry {
    const { source, target } = plan;
    const corridor = corridors[plan.corridor];
    const cy = corridor ? round(corridor.y + (corridor.height - (corridorCount[plan.corridor] - 1) * TRACK) / 2 + plan.corridorTrack * TRACK) : sy;
    switch (plan.shape) {
        case 'same-column':
        case 'adjacent':
            return { sy, ty, straight: false, segments: [{ gutter: source.column + 1, from: sy, to: ty }] };
        case 'far':
            if (clear(sy, source.column + 1, target.column - 1)) {
                return { sy, ty, straight: true, segments: [{ gutter: target.column, from: sy, to: ty }] };
            }
            return { sy, ty, cy, straight: false, segments: [{ gutter: source.column + 1, from: sy, to: cy }, { gutter: target.column, from: cy, to: ty }] };
        case 'backwards':
            return { sy, ty, cy, straight: false, segments: [{ gutter: source.column, from: sy, to: cy }, { gutter: target.column, from: cy, to: ty }] };
    }
}

/** Tracks for the vertical segments of each gutter, so that parallel segments do not overlap; gutters widen with them. */
function gutterTracks(geometry: Geometry[]) {
    const trackCount = new Map<number, number>();
    const segmentTrack = new Map<string, number>();
    const byGutter = new Map<number, { key: string; interval: Interval }[]>();
    geometry.forEach((g, i) => g.segments.forEach((s, j) => {
        const entry = { key: `${i}:${j}`, interval: { start: Math.min(s.from, s.to) - 3, end: Math.max(s.from, s.to) + 3 } };
        const list = byGutter.get(s.gutter);
        if (list) list.push(entry); else byGutter.set(s.gutter, [entry]);
    }));
    for (const [gutter, list] of byGutter) {
        const { tracks, count } = assignTracks(list.map(e => e.interval));
        list.forEach((e, i) => segmentTrack.set(e.key, tracks[i]));
        trackCount.set(gutter, count);
    }
    const gutterWidth = (g: number) => bandSize(trackCount.get(g) ?? 0, GUTTER_MIN);
    return {
        gutterWidth,
        /** The x of segment j of flow i, in its gutter whose left edge is gutterX[gutter]. */
        trackX: (gutterX: number[], i: number, gutter: number, j: number) => {
            const count = trackCount.get(gutter) ?? 1;
            return round(gutterX[gutter] + (gutterWidth(gutter) - (count - 1) * TRACK) / 2 + segmentTrack.get(`${i}:${j}`)! * TRACK);
        }
    };
}

/** The points of one flow, from the side of its source card to the side of its target card. */
function edgeRoute(plan: FlowPlan, g: Geometry, trackX: (segment: number) => number, cardX: number[], cardWidths: number[]): EdgeRoute {
    const s = plan.source.column, t = plan.target.column;
    const sourceEast = cardX[s] + cardWidths[s], sourceWest = cardX[s];
    const targetEast = cardX[t] + cardWidths[t], targetWest = cardX[t];
    let points: Point[];
    if (plan.shape === 'same-column') {
        points = [{ x: sourceEast, y: g.sy }, { x: trackX(0), y: g.sy }, { x: trackX(0), y: g.ty }, { x: targetEast, y: g.ty }];
    } else if (plan.shape === 'adjacent' || g.straight) {
        points = [{ x: sourceEast, y: g.sy }, { x: trackX(0), y: g.sy }, { x: trackX(0), y: g.ty }, { x: targetWest, y: g.ty }];
    } else {
        const start = plan.shape === 'far' ? sourceEast : sourceWest;
        points = [
            { x: start, y: g.sy }, { x: trackX(0), y: g.sy }, { x: trackX(0), y: g.cy! },
            { x: trackX(1), y: g.cy! }, { x: trackX(1), y: g.ty }, { x: targetWest, y: g.ty }
        ];
    }
    return { id: plan.flow.id, source: plan.flow.source, target: plan.flow.target, backwards: plan.flow.backwards, points: simplify(points) };
}

/** Drops repeated points and the middle of straight runs. */
function simplify(points: Point[]): Point[] {
    const unique = points.filter((p, i) => i === 0 || p.x !== points[i - 1].x || p.y !== points[i - 1].y);
    return unique.filter((p, i) => {
        if (i === 0 || i === unique.length - 1) return true;
        const a = unique[i - 1], b = unique[i + 1];
        return !((a.x === p.x && p.x === b.x) || (a.y === p.y && p.y === b.y));
    });
}

function round(n: number): number {
    return Math.round(n * 10) / 10;
}
