// Splits the pipeline's SVG text into keyed pieces (its `data-key` groups) in the layout worker,
// so the page can patch the drawn map piece by piece instead of parsing and painting it whole.
// The text is the pipeline's own (src/diagram/svg.ts): every `<` and `>` in content and attribute
// values is escaped, so tags can be found without an XML parser (the worker has none).
import type { Rect } from '../src/diagram/types.js';

/** A keyed part of the map: its markup, or (a container) its own tags around keyed children. */
export interface SvgPiece {
    key: string;
    /** The element's whole markup (leaves only). */
    markup?: string;
    /**
     * A leaf without markup: the page holds it unchanged from the version it drew (and its place
     * and box too, when those are absent). A group (`open`) without children: the page holds it
     * and all its children unchanged.
     */
    kept?: true;
    /**
     * A leaf whose markup comes later (a map far bigger than the view: only what is near it is
     * rendered first): a `fill` message brings the markup of this id, and its place and box (it
     * comes without: at 10,000 touchpoints 36,000 of them, each box an object to copy into the
     * page). Ids are never reused.
     */
    deferred?: number;
    /** Containers: the opening and closing tags, and the keyed children in between. */
    open?: string;
    close?: string;
    children?: SvgPiece[];
    /** Map box of the piece (cards and flows): drawn only when it meets the view. */
    box?: Rect;
    /** Drawn at this offset (`markup` is then relative to it): a card that only moved keeps its element. */
    offset?: { x: number; y: number };
}

export interface SvgPieces { open: string; children: SvgPiece[] }

/** A leaf's markup that comes after its map (a deferred leaf's, an echoed card's), with its place and box (the page may lack them). */
export interface LeafMarkup { markup: string; offset?: { x: number; y: number }; box?: Rect }

/** The markup of a deferred leaf, by its id (a `fill` message). */
export interface FilledLeaf extends LeafMarkup { id: number }

/** A leaf's new markup, by its key (an echoed keystroke's card or stage heading). */
export interface EchoedLeaf extends LeafMarkup { key: string }

interface Element { start: number; openEnd: number; end: number; key?: string; children: Element[] }

const TAG = /<(\/?)([A-Za-z][\w:-]*)((?:[^>"]|"[^"]*")*?)(\/?)>/g;
const KEY = /\sdata-key="([^"]*)"/;

/** The root `<svg>` split into its children; a keyed child whose children are all keyed is a container. */
export function splitSvg(svg: string): SvgPieces {
    const root = parseElements(svg);
    if (!root) throw new Error('the renderer produced no SVG');
    const piece = (element: Element, index: number): SvgPiece => {
        const key = element.key ?? `#${index}`;
        if (element.key && element.children.length > 0 && element.children.every(child => child.key)) {
            return {
                key, open: svg.slice(element.start, element.openEnd), close: svg.slice(lastChildEnd(element), element.end),
                children: element.children.map(piece)
            };
        }
        return { key, markup: svg.slice(element.start, element.end) };
    };
    return { open: svg.slice(root.start, root.openEnd), children: root.children.map(piece) };
}

function lastChildEnd(element: Element): number {
    return element.children[element.children.length - 1].end;
}

/** The element tree of the first root element, with each element's key. */
function parseElements(text: string): Element | undefined {
    const stack: Element[] = [];
    let root: Element | undefined;
    TAG.lastIndex = 0;
    for (let match = TAG.exec(text); match; match = TAG.exec(text)) {
        const [tag, closing, , attributes, selfClosing] = match;
        const start = match.index, end = start + tag.length;
        if (closing) {
            const element = stack.pop();
            if (!element) throw new Error(`unbalanced ${tag} at ${start}`);
            element.end = end;
            if (stack.length === 0) return element;
            continue;
        }
        const key = KEY.exec(attributes)?.[1];
        const element: Element = { start, openEnd: end, end, children: [], ...(key !== undefined && { key: unescapeXml(key) }) };
        const parent = stack[stack.length - 1];
        if (parent) parent.children.push(element);
        if (!root) root = element;
        if (!selfClosing) stack.push(element);
        else if (stack.length === 0) return element;
    }
    if (stack.length > 0) throw new Error('unclosed element in the SVG');
    return root;
}

function unescapeXml(text: string): string {
    return text.replace(/&(amp|lt|gt|quot|#39);/g, (_, name: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[name]!);
}
