// The laid-out map in keyed pieces for the page (webview/svg-pieces.ts), drawn by the pipeline's
// renderer, with each piece's markup remembered by what it draws: a layout after a keystroke
// renders the cards, flows, emotion curves and notes that changed, not the whole map again (at
// 10,000 touchpoints the whole map is 13 MB of SVG, rendered and split in about half a second).
// The markup of an unchanged piece is the very string sent before, so the worker's comparison
// with what the page holds is a pointer's. Given the part of the map the page draws, only the
// cards and flows near it are rendered at once (at 10,000 touchpoints a hundred of 13,500 cards):
// the others come as deferred leaves, rendered later by `fill`.
import { emotionPieceBoxes, notesPieceBoxes, renderSvg, renderSvgWithPoints } from '../src/diagram/svg.js';
import type { CardBox, DiagramCard, EdgeRoute, EmotionLine, LaidOutDiagram, Rect } from '../src/diagram/types.js';
import { splitSvg, type FilledLeaf, type SvgPiece, type SvgPieces } from './svg-pieces.js';
import { intersects } from './box-index.js';

/** A card's markup and what it was drawn from (its card object, kept while unchanged: webview/shared-models.ts). */
interface DrawnCard { width: number; height: number; titleLines: string[]; detailLines: string[]; evidenceLines?: string[]; locale?: string; markup: string }

/** The markup of parts drawn whole (the emotion curves and points, the notes), by the JSON of what they draw. */
interface DrawnPart { key: string; pieces: SvgPiece[]; later?: DeferredLeaf[] }

/**
 * Maps of fewer cards are rendered whole, a view given or not (as before the deferral): the bench's
 * 1,000-touchpoint map (1,350 cards) renders whole in some 100 ms, near its first view in some 55 ms,
 * not worth a round trip and blank areas when scrolled early; at 2,700 cards whole takes 0.7 s and
 * more, near the view 70 ms.
 */
export const DEFER_MIN_CARDS = 2000;

/** A leaf whose markup is still to come, and the group it is in (`cards`, `edges` or `emotion-points`). */
export interface DeferredLeaf { group: string; leaf: SvgPiece }

/** The ids of a laid-out map's cards and flows, indexed once for the fills of its deferred leaves. */
interface MapIndex { boxes: Map<string, CardBox>; cards: Map<string, DiagramCard>; edges: Map<string, EdgeRoute>; points: Map<string, { line: number; point: EmotionLine['points'][number] }> }

export class MapPieces {
    private cards = new WeakMap<DiagramCard, DrawnCard>();
    /** Flows' markup by their JSON, from the last two maps (the older ones go). */
    private edges = new Map<string, string>();
    private parts = new Map<string, DrawnPart>();
    private indexes = new WeakMap<LaidOutDiagram, MapIndex>();
    /** Deferred leaves' ids, never reused: the page matches the markup that comes later by id. */
    private nextDeferred = 1;
    /** The deferred leaves of the pieces made (listed as they are made: no pass over all the pieces). */
    private later = new WeakMap<SvgPieces, DeferredLeaf[]>();

    /**
     * The map in keyed pieces, each card drawn at the origin: its markup is then its own, drawn at
     * its place as an offset (a card that only moved, as when a column widens, keeps its markup
     * and so its element in the page); cards, flows and the stages' headings and separators, the
     * emotion curves' points and paths and the evidence notes' lines carry their box (the page
     * draws those in view only). Nothing else of the map depends on where cards are.
     * `near`: render only the cards and flows (not drawn before) whose box meets one of these
     * rects; the others are deferred leaves (their place and box, no markup): see `fill`. Maps
     * of fewer than DEFER_MIN_CARDS cards are rendered whole.
     */
    pieces(laidOut: LaidOutDiagram, view?: Rect[]): SvgPieces {
        const near = laidOut.cards.length >= DEFER_MIN_CARDS ? view : undefined;
        const later: DeferredLeaf[] = [];
        const wanted = (box: Rect) => !near || near.some(rect => intersects(rect, box));
        const locale = laidOut.diagram.options.locale;
        const model = new Map(laidOut.diagram.cards.map(c => [c.id, c]));
        const cardMarkup = new Map<string, string>();
        const newCards: CardBox[] = [];
        for (const box of laidOut.cards) {
            const drawn = this.cards.get(model.get(box.id)!);
            if (drawn && drawnFrom(drawn, box, locale)) cardMarkup.set(box.id, drawn.markup);
            else if (wanted(box)) newCards.push({ ...box, x: 0, y: 0 });
        }
        const edgeKeys = laidOut.edges.map(edge => JSON.stringify(edge));
        // A flow of fewer than two points draws nothing (the renderer skips it): never deferred.
        const deferredEdge = laidOut.edges.map((edge, i) => !this.edges.has(edgeKeys[i]) && edge.points.length >= 2 && !wanted(boundingBox(edge.points)));
        const newEdges = laidOut.edges.filter((_, i) => !this.edges.has(edgeKeys[i]) && !deferredEdge[i]);
        // The emotion lane's curves and points, and the notes, depend on their geometry alone (and the map's words).
        const emotionKey = laidOut.emotion && JSON.stringify([laidOut.emotion, laidOut.columns[0]?.x, lastRight(laidOut), locale, legendNames(laidOut), pointTouchpoints(laidOut, model)]);
        // Kept points still deferred are reused only near a view: a map rendered whole gets them all now.
        const keptEmotion = emotionKey === undefined ? undefined : this.parts.get('emotion');
        const emotion = keptEmotion && keptEmotion.key === emotionKey && (near || !keptEmotion.later?.some(({ leaf }) => leaf.deferred !== undefined)) ? keptEmotion : undefined;
        const notesKey = laidOut.notes && JSON.stringify([laidOut.notes, locale]);
        const notes = notesKey === undefined ? undefined : this.parts.get('notes')?.key === notesKey ? this.parts.get('notes') : undefined;
        // The emotion points near the view (all, drawn before: the part is kept whole then).
        let emotionBoxes: Map<string, Rect> | undefined;
        const boxesOfEmotion = () => emotionBoxes ??= emotionPieceBoxes(laidOut);
        const pointsLater: DeferredLeaf[] = [];
        const drawPoint = (key: string) => !near || wanted(boxesOfEmotion().get(key)!);
        const rendered = splitSvg(renderSvgWithPoints({
            ...laidOut, cards: newCards, edges: newEdges,
            // Drawn before: rendered without points (the lanes' legend still needs the curves).
            ...(emotion && laidOut.emotion && { emotion: { ...laidOut.emotion, lines: laidOut.emotion.lines.map(line => ({ ...line, points: [] })) } }),
            ...(notes && { notes: undefined })
        }, { theme: 'vscode' }, drawPoint));

        const nextEdges = new Map<string, string>();
        const children: SvgPiece[] = [];
        for (const part of rendered.children) {
            if (part.key === 'cards') {
                const fresh = new Map(asContainer(part).children!.map(card => [card.key, card.markup!]));
                for (const box of newCards) {
                    const markup = fresh.get(box.id)!;
                    cardMarkup.set(box.id, markup);
                    this.rememberCard(model.get(box.id)!, box, locale, markup);
                }
                children.push({ ...asContainer(part), children: laidOut.cards.map(box => {
                    const markup = cardMarkup.get(box.id);
                    const place = { offset: { x: box.x, y: box.y }, box: { x: box.x, y: box.y, width: box.width, height: box.height } };
                    if (markup !== undefined) return { key: box.id, markup, ...place };
                    const leaf = { key: box.id, deferred: this.nextDeferred++, ...place };
                    later.push({ group: 'cards', leaf });
                    return leaf;
                }) });
            } else if (part.key === 'edges') {
                const fresh = new Map(asContainer(part).children!.map(edge => [edge.key, edge.markup!]));
                const all = laidOut.edges.flatMap((edge, i): SvgPiece[] => {
                    if (deferredEdge[i]) {
                        const leaf = { key: edge.id, deferred: this.nextDeferred++, box: boundingBox(edge.points) };
                        later.push({ group: 'edges', leaf });
                        return [leaf];
                    }
                    const markup = this.edges.get(edgeKeys[i]) ?? fresh.get(edge.id);
                    if (markup === undefined) return [];
                    nextEdges.set(edgeKeys[i], markup);
                    return [{ key: edge.id, markup, box: boundingBox(edge.points) }];
                });
                children.push({ ...asContainer(part), children: all });
            } else if ((part.key === 'emotion' || part.key === 'emotion-points') && laidOut.emotion) {
                const drawn = emotion?.pieces.find(p => p.key === part.key);
                if (drawn) children.push(drawn);
                else if (part.key === 'emotion' || !near) children.push(withBoxes(part, boxesOfEmotion()));
                else children.push(this.withDeferredPoints(asContainer(part), laidOut.emotion.lines, boxesOfEmotion(), pointsLater));
            } else if (part.key === 'columns') {
                // A stage's heading and the separator after it: at 10,000 touchpoints, 2,000 pieces.
                children.push(withBoxes(part, columnPieceBoxes(laidOut)));
            } else if (part.key === 'notes') {
                children.push(withBoxes(part, notesPieceBoxes(laidOut)));
            } else {
                children.push(part);
            }
        }
        if (notes) children.push(...notes.pieces);
        this.edges = nextEdges;
        if (emotionKey !== undefined && !emotion) this.parts.set('emotion', { key: emotionKey, pieces: children.filter(p => p.key === 'emotion' || p.key === 'emotion-points'), later: pointsLater });
        // Points kept from the map before may still await their markup (the same leaves: filled once).
        later.push(...(emotion ? emotion.later?.filter(({ leaf }) => leaf.deferred !== undefined) ?? [] : pointsLater));
        if (notesKey !== undefined && !notes) this.parts.set('notes', { key: notesKey, pieces: children.filter(p => p.key === 'notes') });
        const result = { open: rendered.open, children };
        if (later.length > 0) this.later.set(result, later);
        return result;
    }

    /** The leaves of `pieces` (made by `pieces`) whose markup was still to come when they were made. */
    deferredOf(pieces: SvgPieces): DeferredLeaf[] {
        return this.later.get(pieces) ?? [];
    }

    /** The points' group, in the renderer's order, with those it did not render as deferred leaves. */
    private withDeferredPoints(part: SvgPiece, lines: EmotionLine[], boxes: Map<string, Rect>, later: DeferredLeaf[]): SvgPiece {
        const rendered = new Map(part.children!.map(child => [child.key, child]));
        const children = lines.flatMap((line, l) => line.points.map(p => {
            const key = `point:${l}:${p.card}`;
            const drawn = rendered.get(key);
            if (drawn) return { ...drawn, box: boxes.get(key) };
            const leaf = { key, deferred: this.nextDeferred++, box: boxes.get(key) };
            later.push({ group: 'emotion-points', leaf });
            return leaf;
        }));
        return { ...part, children };
    }

    /**
     * Renders the markup of `leaves`, deferred leaves of the pieces of `laidOut`, and sets it on
     * them (they are no longer deferred): the markup by id, for the page. Leaves filled before are skipped.
     */
    fill(laidOut: LaidOutDiagram, leaves: DeferredLeaf[]): FilledLeaf[] {
        const index = this.indexOf(laidOut);
        const todo = leaves.filter(({ leaf }) => leaf.deferred !== undefined);
        const cardIds = new Set(todo.filter(l => l.group === 'cards').map(l => l.leaf.key));
        const edges = todo.filter(l => l.group === 'edges').map(l => index.edges.get(l.leaf.key)!);
        const pointKeys = new Set(todo.filter(l => l.group === 'emotion-points').map(l => l.leaf.key));
        // The cards the points' tooltips name, besides the cards drawn.
        const pointsOf = (line: number) => [...pointKeys].map(key => index.points.get(key)!).filter(p => p.line === line).map(p => p.point);
        const named = new Set([...cardIds, ...[...pointKeys].map(key => index.points.get(key)!.point.card)]);
        // Drawn as pieces() draws them: the cards at the origin, the flows and points where they are.
        const alone: LaidOutDiagram = {
            ...laidOut, diagram: { ...laidOut.diagram, cards: [...named].flatMap(id => index.cards.get(id) ?? []) },
            cards: [...cardIds].map(id => ({ ...index.boxes.get(id)!, x: 0, y: 0 })), edges,
            columns: [], lanes: [], rows: [], personas: [], notes: undefined,
            // Only the points' markup is taken: the curves through these points alone are not.
            emotion: laidOut.emotion && pointKeys.size > 0 ? { ...laidOut.emotion, lines: laidOut.emotion.lines.map((line, l) => ({ ...line, points: pointsOf(l) })) } : undefined
        };
        const rendered = splitSvg(renderSvg(alone, { theme: 'vscode' })).children;
        const markup = new Map<string, string>();
        for (const group of rendered) for (const child of ['cards', 'edges', 'emotion-points'].includes(group.key) ? group.children ?? [] : []) markup.set(`${group.key}/${child.key}`, child.markup!);
        const locale = laidOut.diagram.options.locale;
        for (const edge of edges) this.edges.set(JSON.stringify(edge), markup.get(`edges/${edge.id}`)!);
        return todo.map(({ group, leaf }) => {
            const id = leaf.deferred!;
            leaf.markup = markup.get(`${group}/${leaf.key}`)!;
            delete leaf.deferred;
            if (group === 'cards') this.rememberCard(index.cards.get(leaf.key)!, index.boxes.get(leaf.key)!, locale, leaf.markup);
            return { id, markup: leaf.markup, ...(leaf.offset && { offset: leaf.offset }), ...(leaf.box && { box: leaf.box }) };
        });
    }

    private rememberCard(card: DiagramCard, box: CardBox, locale: string | undefined, markup: string): void {
        this.cards.set(card, { width: box.width, height: box.height, titleLines: box.titleLines, detailLines: box.detailLines, evidenceLines: box.evidenceLines, locale, markup });
    }

    private indexOf(laidOut: LaidOutDiagram): MapIndex {
        let index = this.indexes.get(laidOut);
        if (!index) {
            index = {
                boxes: new Map(laidOut.cards.map(box => [box.id, box])), cards: new Map(laidOut.diagram.cards.map(card => [card.id, card])),
                edges: new Map(laidOut.edges.map(edge => [edge.id, edge])),
                points: new Map(laidOut.emotion?.lines.flatMap((line, l) => line.points.map(point => [`point:${l}:${point.card}`, { line: l, point }] as const)) ?? [])
            };
            this.indexes.set(laidOut, index);
        }
        return index;
    }
}

/** The leaves of `pieces` whose markup is still to come. */
export function deferredLeaves(pieces: SvgPieces): DeferredLeaf[] {
    const leaves: DeferredLeaf[] = [];
    for (const group of pieces.children) for (const leaf of group.children ?? []) if (leaf.deferred !== undefined) leaves.push({ group: group.key, leaf });
    return leaves;
}

/** Whether a card's markup was drawn from a box of this size with these lines (the card itself is the same object). */
function drawnFrom(drawn: DrawnCard, box: CardBox, locale: string | undefined): boolean {
    return drawn.width === box.width && drawn.height === box.height && drawn.locale === locale
        && sameLines(drawn.titleLines, box.titleLines) && sameLines(drawn.detailLines, box.detailLines) && sameLines(drawn.evidenceLines ?? [], box.evidenceLines ?? []);
}

function sameLines(a: string[], b: string[]): boolean {
    return a === b || (a.length === b.length && a.every((line, i) => line === b[i]));
}

/** A keyed group rendered with no child (all of them drawn before) comes as a leaf: its tags, to hold children. */
function asContainer(part: SvgPiece): SvgPiece {
    if (part.children) return part;
    const markup = part.markup ?? '';
    const openEnd = markup.indexOf('>') + 1;
    return { key: part.key, open: markup.slice(0, openEnd), close: markup.slice(openEnd), children: [] };
}

/** The curves' legend names (the lanes draw them; the points' tooltips name them too). */
function legendNames(laidOut: LaidOutDiagram): (string | undefined)[] {
    return laidOut.emotion?.lines.map(line => line.persona?.label) ?? [];
}

/** The touchpoint labels the points' tooltips name, point by point. */
function pointTouchpoints(laidOut: LaidOutDiagram, cards: Map<string, { text: string }>): (string | undefined)[] {
    return laidOut.emotion?.lines.flatMap(line => line.points.map(p => cards.get(p.card)?.text)) ?? [];
}

function lastRight(laidOut: LaidOutDiagram): number | undefined {
    const last = laidOut.columns[laidOut.columns.length - 1];
    return last && last.x + last.width;
}

function withBoxes(part: SvgPiece, boxes: Map<string, Rect>): SvgPiece {
    for (const child of part.children ?? []) {
        const box = boxes.get(child.key);
        if (box) child.box = box;
    }
    return part;
}

/** The boxes of the columns' pieces by key (as src/diagram/svg.ts keys them): each stage's column, and the line at its right edge. */
function columnPieceBoxes(laidOut: LaidOutDiagram): Map<string, Rect> {
    const boxes = new Map<string, Rect>();
    laidOut.columns.forEach((column, i) => {
        const stage = laidOut.diagram.stages[i];
        if (stage) boxes.set(`stage:${stage.id}`, { x: column.x, y: column.y, width: column.width, height: column.height });
        boxes.set(`separator:${i}`, { x: column.x + column.width - 1, y: column.y, width: 2, height: column.height });
    });
    return boxes;
}

function boundingBox(points: EdgeRoute['points']): Rect {
    const xs = points.map(p => p.x), ys = points.map(p => p.y);
    const x = Math.min(...xs), y = Math.min(...ys);
    // Arrow heads and strokes reach a few pixels past the line.
    return { x: x - 8, y: y - 8, width: Math.max(...xs) - x + 16, height: Math.max(...ys) - y + 16 };
}
