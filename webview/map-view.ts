// The drawn map, kept between updates and patched by key (webview/svg-pieces.ts): a piece whose
// markup is unchanged keeps its element (a card that only moved is just moved), a changed piece
// is replaced, a gone one removed. Cards and flows are drawn only while their box meets the view
// (plus a margin), so the cost of a paint follows the screen, not the map. The markup of a big
// map's cards and flows far from the view may come after the map (deferred: see `fill`).
import type { Rect } from '../src/diagram/types.js';
import type { EchoedLeaf, FilledLeaf, SvgPiece, SvgPieces } from './svg-pieces.js';
import { BoxIndex, intersects } from './box-index.js';

const SVG_NS = 'http://www.w3.org/2000/svg';
/**
 * Main-thread time (ms) a frame spends drawing what a pan brought into view: the style, layout
 * and paint of the new elements come on top (about twice as much), within the 16 ms of a frame.
 */
const SLICE_BUDGET_MS = 2;
/** Pieces parsed at once within a slice: one parse of many is much cheaper than many of one. */
const SLICE_BATCH = 24;

interface Drawn {
    /** Undefined while deferred: drawn once its markup has come. */
    markup?: string;
    deferred?: number;
    /** Undefined until the piece is first in view. */
    element?: SVGElement;
    offset?: { x: number; y: number };
    box?: Rect;
    /** Where a piece queued for creation goes once created (undefined: the root orders it). */
    parent?: SVGElement;
}

interface Container {
    open: string;
    element: SVGElement;
    children: Map<string, Drawn>;
    /** The boxed children by place, built when the view first moves after they changed. */
    index?: BoxIndex<Drawn>;
    /** The children the last patch dropped or replaced, by key (see MapView.spare). */
    spare?: Map<string, Drawn>;
}

export class MapView {
    private root?: SVGSVGElement;
    private rootOpen = '';
    /** The root's children in order: leaves and containers. */
    private parts = new Map<string, Drawn | Container>();
    /**
     * The leaves the last update dropped or replaced, with their elements, by key: a toolbar click
     * back to the view before finds its pieces with the same markup already parsed.
     */
    private spare = new Map<string, Drawn>();
    private view?: Rect;
    /** Pieces still to be attached, a slice a frame: those a pan brought into view (the window's first), or a click's margin (update). */
    private pending: Drawn[] = [];
    private sliceFrame?: number;
    /** Resolves the promise of the last sliced setView or update once its last slice is drawn (or another view replaced it). */
    private slicesDone?: () => void;
    private indexing?: number;
    /** The deferred leaves held, by id, with the container they are in (the markup that comes goes there). */
    private deferred = new Map<number, { group: string; key: string; drawn: Drawn }>();

    /** `nonce`: the page's, which the SVG's `<style>` needs to pass the CSP. */
    constructor(private readonly canvas: HTMLElement, private readonly nonce: string) {}

    /**
     * The part of the map (map coordinates, margin included) in which cards and flows are drawn;
     * undefined: all. Drawn at once, or with `window` (the part on screen: a pan or zoom) in
     * slices of SLICE_BUDGET_MS, one a frame, what meets the window first: a pan that brings a
     * band of the map into view spreads its drawing over a few frames instead of missing one.
     * Resolves once all of it is drawn, or another view or update replaced it.
     */
    setView(view: Rect | undefined, window?: Rect): Promise<void> {
        this.cancelSlices();
        const previous = this.view;
        this.view = view;
        const created: Drawn[] = [];
        for (const part of this.parts.values()) {
            if (!('children' in part)) continue;
            for (const drawn of this.movedBy(part, previous, view)) this.place(drawn, part.element, created, !!window);
        }
        if (!window) {
            this.createElements(created);
            return Promise.resolve();
        }
        // Those meeting the window first, in the order found (stable).
        const inWindow = (drawn: Drawn) => !drawn.box || intersects(drawn.box, window);
        this.pending = [...created.filter(inWindow), ...created.filter(drawn => !inWindow(drawn))];
        return new Promise(resolve => {
            this.slicesDone = resolve;
            this.drawSlice();
        });
    }

    /** Attaches pending pieces for up to SLICE_BUDGET_MS (parsing them a batch at a time), and asks a frame for the rest. */
    private drawSlice(): void {
        this.sliceFrame = undefined;
        const start = performance.now();
        let next = 0;
        while (next < this.pending.length && performance.now() - start < SLICE_BUDGET_MS) {
            const batch = this.pending.slice(next, next + SLICE_BATCH);
            next += batch.length;
            this.attach(batch);
        }
        this.pending = this.pending.slice(next);
        if (this.pending.length > 0) this.sliceFrame = requestAnimationFrame(() => this.drawSlice());
        else this.finishSlices();
    }

    /** Attaches pieces queued by `place` (deferred): those held detached are put back, the others parsed at once. */
    private attach(queued: Drawn[]): void {
        const created: Drawn[] = [];
        for (const drawn of queued) {
            if (!drawn.element) {
                created.push(drawn);
            } else if (drawn.parent && drawn.element.parentNode !== drawn.parent) {
                drawn.parent.appendChild(drawn.element);
            }
            if (drawn.element) drawn.parent = undefined;
        }
        this.createElements(created);
    }

    /** Drops the slices still to come (a new view or update places every piece they held anew). */
    private cancelSlices(): void {
        if (this.sliceFrame !== undefined) cancelAnimationFrame(this.sliceFrame);
        this.sliceFrame = undefined;
        for (const drawn of this.pending) drawn.parent = undefined;
        this.pending = [];
        this.finishSlices();
    }

    private finishSlices(): void {
        const done = this.slicesDone;
        this.slicesDone = undefined;
        done?.();
    }

    /**
     * The children a move of the view from `previous` to `next` may attach or detach: those near
     * either view (all of them when either is the whole map). The others stay out of view: every
     * change of view or of children places the children for the view it leaves drawn.
     */
    private movedBy(container: Container, previous: Rect | undefined, next: Rect | undefined): Iterable<Drawn> {
        if (!previous || !next) return container.children.values();
        container.index ??= new BoxIndex(container.children.values());
        return container.index.near([previous, next]);
    }

    clear(): void {
        this.cancelSlices();
        this.canvas.replaceChildren();
        this.root = undefined;
        this.rootOpen = '';
        this.parts = new Map();
        this.spare = new Map();
        this.deferred = new Map();
    }

    /** Some leaves held await their markup (see fill). */
    get awaitsMarkup(): boolean {
        return this.deferred.size > 0;
    }

    /**
     * The markup of deferred leaves (by their id): those still held take it, and are drawn if in
     * view. Ids not held any more (the map changed meanwhile) are ignored.
     */
    fill(leaves: FilledLeaf[]): void {
        const created: Drawn[] = [];
        for (const { id, markup, offset, box } of leaves) {
            const held = this.deferred.get(id);
            if (!held) continue;
            this.deferred.delete(id);
            const { group, key, drawn } = held;
            const container = this.parts.get(group);
            if (drawn.deferred !== id || !container || !('children' in container) || container.children.get(key) !== drawn) continue;
            drawn.markup = markup;
            drawn.deferred = undefined;
            drawn.box = box;
            drawn.offset = offset;
            container.index?.add(drawn);
            this.place(drawn, container.element, created);
        }
        this.createElements(created);
    }

    /**
     * Shows `pieces`, reusing the elements of unchanged ones (and of `kept` ones, which come without
     * markup). `view`: the part of the map now drawn (as setView's), taken in the same pass: a piece
     * drawn before and still in it stays attached (detached and attached again, it would be styled
     * and laid out anew). With `view.window`, only what meets the window is attached now; the rest
     * of the view comes in slices from the frame after the next (a toolbar click's frame draws the
     * window alone). Resolves once all of it is drawn, or another view or update replaced it.
     */
    update(pieces: SvgPieces, view: { rect: Rect | undefined; window?: Rect }): Promise<void> {
        // Required: the slices cancelled here held pieces of kept groups, which only the view's pass places again.
        this.cancelSlices();
        const previousView = this.view;
        this.view = view.rect;
        const window = view.window;
        const kept: Container[] = [];
        if (!this.root || !this.canvas.contains(this.root)) this.clear();
        if (pieces.open !== this.rootOpen || !this.root) this.setRoot(pieces.open);
        const root = this.root!;
        const parts = new Map<string, Drawn | Container>();
        const spare = new Map<string, Drawn>();
        const created: Drawn[] = [];
        const containers: { container: Container; piece: SvgPiece }[] = [];
        for (const piece of pieces.children) {
            const old = this.parts.get(piece.key);
            if (piece.kept && piece.open !== undefined) {
                // A group held with all its children as they are.
                if (!old || !('children' in old) || old.open !== piece.open) throw new Error(`piece ${piece.key} was never drawn`);
                parts.set(piece.key, old);
                kept.push(old);
            } else if (piece.children) {
                let container = old && 'children' in old && old.open === piece.open ? old : undefined;
                if (!container) {
                    if (old) this.remove(old);
                    if (old && 'children' in old) this.forgetDeferred(old);
                    container = { open: piece.open!, element: this.parseOne(`${piece.open}${piece.close}`), children: new Map() };
                }
                containers.push({ container, piece });
                parts.set(piece.key, container);
            } else {
                let drawn = old && !('children' in old) && (piece.kept || old.markup === piece.markup) ? old : undefined;
                if (!drawn) {
                    if (piece.kept) throw new Error(`piece ${piece.key} was never drawn`);
                    if (old) this.drop(piece.key, old, spare);
                    const again = this.spare.get(piece.key);
                    if (again?.element && again.markup === piece.markup) {
                        drawn = again;
                    } else {
                        drawn = { markup: piece.markup! };
                        created.push(drawn);
                    }
                }
                parts.set(piece.key, drawn);
            }
        }
        for (const [key, old] of this.parts) if (!parts.has(key)) this.drop(key, old, spare);
        this.spare = spare;
        this.createElements(created);
        // The root's children in the pieces' order (later ones paint over earlier ones).
        let previous: Element | null = null;
        for (const part of parts.values()) {
            const element = part.element!;
            const expected: ChildNode | null = previous ? previous.nextSibling : root.firstChild;
            if (expected !== element) root.insertBefore(element, expected);
            previous = element;
        }
        this.parts = parts;
        const placed: Drawn[] = [];
        // A kept group's children move with the view only (those of the others are all placed anew).
        for (const container of kept) {
            for (const drawn of this.movedBy(container, previousView, this.view)) this.place(drawn, container.element, placed, !!window);
        }
        for (const { container, piece } of containers) this.patchChildren(piece.key, container, piece.children!, placed, !!window);
        this.indexWhenIdle();
        if (!window) {
            this.createElements(placed);
            return Promise.resolve();
        }
        const inWindow = (drawn: Drawn) => !drawn.box || intersects(drawn.box, window);
        this.attach(placed.filter(inWindow));
        this.pending = placed.filter(drawn => !inWindow(drawn));
        return new Promise(resolve => {
            this.slicesDone = resolve;
            this.sliceFrame = requestAnimationFrame(() => {
                this.sliceFrame = requestAnimationFrame(() => this.drawSlice());
            });
        });
    }

    /**
     * Builds the containers' box indexes in idle time, one a callback (at 10,000 touchpoints
     * each takes 10-20 ms): else the first pan after a map is drawn would build them and miss frames.
     */
    private indexWhenIdle(): void {
        if (this.indexing !== undefined || typeof requestIdleCallback !== 'function') return;
        this.indexing = requestIdleCallback(() => {
            this.indexing = undefined;
            const next = [...this.parts.values()].find((part): part is Container => 'children' in part && !part.index);
            if (!next) return;
            next.index = new BoxIndex(next.children.values());
            this.indexWhenIdle();
        });
    }

    /**
     * New markup for some leaves of a container (cards whose text an echoed keystroke changed):
     * only their elements are parsed anew and put in place of the old ones, at the same offset.
     */
    replaceLeaves(containerKey: string, leaves: EchoedLeaf[]): void {
        const container = this.parts.get(containerKey);
        if (!container || !('children' in container)) throw new Error(`no ${containerKey} drawn`);
        const replaced: { drawn: Drawn; old: SVGElement }[] = [];
        const created: Drawn[] = [];
        for (const leaf of leaves) {
            const drawn = container.children.get(leaf.key);
            if (!drawn) throw new Error(`piece ${leaf.key} was never drawn`);
            if (drawn.markup === leaf.markup) continue;
            drawn.markup = leaf.markup;
            if (drawn.deferred !== undefined) {
                // Its markup came with the edit (its place too): drawn now if in view.
                this.deferred.delete(drawn.deferred);
                drawn.deferred = undefined;
                drawn.offset = leaf.offset;
                drawn.box = leaf.box;
                container.index?.add(drawn);
                this.place(drawn, container.element, created);
            } else if (drawn.element?.parentNode) {
                replaced.push({ drawn, old: drawn.element });
            } else {
                // Out of view it is drawn from its new markup once in view.
                drawn.element = undefined;
            }
        }
        this.createElements(created);
        if (replaced.length === 0) return;
        const elements = this.parseMany(replaced.map(r => r.drawn.markup).join(''));
        replaced.forEach(({ drawn, old }, i) => {
            const element = elements[i];
            setOffset(element, drawn.offset);
            if (old.classList.contains('highlighted')) element.classList.add('highlighted');
            old.replaceWith(element);
            drawn.element = element;
        });
    }

    private patchChildren(group: string, container: Container, pieces: SvgPiece[], created: Drawn[], deferred: boolean): void {
        const children = new Map<string, Drawn>();
        const spare = new Map<string, Drawn>();
        for (const piece of pieces) {
            const old = container.children.get(piece.key);
            let drawn: Drawn;
            if (old && (piece.kept || holds(old, piece))) {
                drawn = old;
            } else {
                if (piece.kept) throw new Error(`piece ${piece.key} was never drawn`);
                if (old) this.drop(piece.key, old, spare);
                const again = container.spare?.get(piece.key);
                drawn = again && holds(again, piece) ? again
                    : piece.deferred !== undefined ? { deferred: piece.deferred } : { markup: piece.markup ?? '' };
            }
            if (drawn.deferred !== undefined) this.deferred.set(drawn.deferred, { group, key: piece.key, drawn });
            // A kept piece without a place and box keeps its own.
            const moved = !piece.kept || piece.offset !== undefined || piece.box !== undefined;
            if (moved) drawn.box = piece.box;
            if (moved && !sameOffset(drawn.offset, piece.offset)) {
                drawn.offset = piece.offset;
                if (drawn.element) setOffset(drawn.element, drawn.offset);
            }
            children.set(piece.key, drawn);
            this.place(drawn, container.element, created, deferred);
        }
        for (const [key, old] of container.children) if (!children.has(key)) this.drop(key, old, spare);
        container.children = children;
        container.spare = spare;
        container.index = undefined;
    }

    /**
     * Attaches a piece in view (queueing its creation), detaches one out of view (keeping its
     * element). `deferred`: a detached element is queued too, to be attached later (in a slice, or
     * at once by a click's update when it meets the window).
     */
    private place(drawn: Drawn, parent: SVGElement, created: Drawn[], deferred = false): void {
        const wanted = !drawn.box || !this.view || intersects(drawn.box, this.view);
        // Its markup is still to come (fill draws it then).
        if (drawn.markup === undefined) return;
        if (wanted) {
            if (!drawn.element || (deferred && drawn.element.parentNode !== parent)) {
                drawn.parent = parent;
                created.push(drawn);
            } else if (drawn.element.parentNode !== parent) {
                parent.appendChild(drawn.element);
            }
        } else if (drawn.element?.parentNode) {
            drawn.element.classList.remove('highlighted');
            drawn.element.remove();
        }
    }

    /** Parses the markup of many pieces at once (one parse is much cheaper than many) and attaches them. */
    private createElements(created: Drawn[]): void {
        if (created.length === 0) return;
        const elements = this.parseMany(created.map(d => d.markup!).join(''));
        created.forEach((drawn, i) => {
            drawn.element = elements[i];
            if (drawn.offset) setOffset(drawn.element, drawn.offset);
            drawn.parent?.appendChild(drawn.element);
            drawn.parent = undefined;
        });
    }

    private remove(part: Drawn | Container): void {
        part.element?.remove();
    }

    /** Removes a piece from the map, and keeps a leaf in `spare` (unmarked) for the next update. */
    private drop(key: string, part: Drawn | Container, spare: Map<string, Drawn>): void {
        this.remove(part);
        if ('children' in part) {
            this.forgetDeferred(part);
            return;
        }
        // A deferred leaf dropped waits for nothing any more (taken again from `spare`, it is listed again).
        if (part.deferred !== undefined) this.deferred.delete(part.deferred);
        part.element?.classList.remove('highlighted');
        spare.set(key, part);
    }

    /** A container's deferred children wait for nothing once it is gone (else the page would ask for their markup for good). */
    private forgetDeferred(container: Container): void {
        for (const drawn of container.children.values()) if (drawn.deferred !== undefined) this.deferred.delete(drawn.deferred);
    }

    private setRoot(open: string): void {
        const fresh = this.parseSvg(`${open}</svg>`);
        if (this.root) {
            // Same map, new size: keep the children, and touch only the attributes that differ:
            // removing and setting again the class or font-family restyles every element of the map.
            const root = this.root;
            for (const name of root.getAttributeNames()) if (!fresh.hasAttribute(name)) root.removeAttribute(name);
            for (const { name, value } of Array.from(fresh.attributes)) if (root.getAttribute(name) !== value) root.setAttribute(name, value);
        } else {
            this.root = fresh;
            this.canvas.replaceChildren(fresh);
        }
        this.rootOpen = open;
    }

    private parseOne(markup: string): SVGElement {
        return this.parseMany(markup)[0];
    }

    /**
     * A `<template>` parses inertly (a DOMParser document would already apply, and the CSP
     * refuse, a `<style>`); each `<style>` gets the nonce (the property, not the attribute, is
     * what the CSP check reads) before it enters the page.
     */
    private parseMany(markup: string): SVGElement[] {
        const svg = this.parseSvg(`<svg xmlns="${SVG_NS}">${markup}</svg>`);
        return Array.from(svg.children) as SVGElement[];
    }

    private parseSvg(markup: string): SVGSVGElement {
        const template = document.createElement('template');
        template.innerHTML = markup;
        const svg = template.content.firstElementChild;
        if (!(svg instanceof SVGSVGElement)) throw new Error('the renderer produced no SVG');
        for (const style of Array.from(svg.querySelectorAll('style'))) style.nonce = this.nonce;
        return svg;
    }
}

/** A held leaf `drawn` is `piece` as it comes: the same markup, or the same deferred one still to come. */
function holds(drawn: Drawn, piece: SvgPiece): boolean {
    return piece.markup !== undefined ? drawn.markup === piece.markup : piece.deferred !== undefined && drawn.deferred === piece.deferred;
}

function setOffset(element: SVGElement, offset: { x: number; y: number } | undefined): void {
    if (offset) element.setAttribute('transform', `translate(${offset.x} ${offset.y})`);
    else element.removeAttribute('transform');
}

function sameOffset(a: { x: number; y: number } | undefined, b: { x: number; y: number } | undefined): boolean {
    return a === b || (!!a && !!b && a.x === b.x && a.y === b.y);
}

