// Zoom (wheel, +/-, fit) and pan (drag) of the map, as one CSS transform on the canvas.
// The transform is set through the CSSOM, which the CSP allows (style attributes it would not).

const MIN_SCALE = 0.1;
const MAX_SCALE = 4;
/** Pointer travel (px) after which a press is a drag, not a click. */
const DRAG_THRESHOLD = 4;
/** Below this scale a map's 12 px text cannot be read: the first view is never smaller (pan or press 0 to see all). */
const READABLE_SCALE = 0.75;
const MARGIN = 16;

export class Viewport {
    private scale = 1;
    private x = 0;
    private y = 0;
    private contentWidth = 0;
    private contentHeight = 0;
    private drag?: { pointerId: number; startX: number; startY: number; originX: number; originY: number; moved: boolean };
    /** Set when the last press was a drag, so the click that ends it selects nothing. */
    private suppressClick = false;
    /**
     * The viewport's box, kept from the last layout (a ResizeObserver renews it, and the page when
     * what is above the viewport changes: see moved): reading it
     * from the element after the map or the toolbar changed would force a layout of the whole
     * page in the middle of a toolbar click or a pan, and again in the frame.
     */
    private rect?: DOMRect;

    /** `onChange` hears of every pan and zoom (the map draws what came into view). */
    constructor(private readonly viewport: HTMLElement, private readonly canvas: HTMLElement, private readonly onChange: () => void = () => undefined) {
        new ResizeObserver(() => {
            // Called after layout: reading the box here costs no layout of its own.
            this.rect = viewport.getBoundingClientRect();
            this.onChange();
        }).observe(viewport);
        viewport.addEventListener('wheel', event => this.onWheel(event), { passive: false });
        viewport.addEventListener('pointerdown', event => this.onPointerDown(event));
        viewport.addEventListener('pointermove', event => this.onPointerMove(event));
        viewport.addEventListener('pointerup', event => this.onPointerUp(event));
        viewport.addEventListener('pointercancel', event => this.onPointerUp(event));
        viewport.addEventListener('click', event => {
            if (this.suppressClick) {
                event.stopPropagation();
                this.suppressClick = false;
            }
        }, true);
        // Keys work wherever the page has focus, except in controls that read typed keys themselves.
        window.addEventListener('keydown', event => {
            if (!(event.target instanceof Element && event.target.closest('[data-own-keys], input, textarea, select'))) this.onKey(event);
        });
    }

    /**
     * The page above the viewport changed (the banner came or went): the kept box may be stale
     * before the observer says so. The next use reads it anew (once, and not on every pan).
     */
    moved(): void {
        this.rect = undefined;
    }

    /** The map changed size; `reset` also resets the view to its first, readable one (fitWidth). */
    setContentSize(width: number, height: number, reset: boolean): void {
        this.contentWidth = width;
        this.contentHeight = height;
        if (reset) this.fitWidth(); else this.apply();
    }

    /** All of the map in the window (key 0, the Fit button). */
    fit(): void {
        const { width, height } = this.box();
        if (!this.contentWidth || !this.contentHeight || !width || !height) return;
        this.scale = clamp(Math.min((width - 2 * MARGIN) / this.contentWidth, (height - 2 * MARGIN) / this.contentHeight, 1));
        this.x = (width - this.contentWidth * this.scale) / 2;
        this.y = Math.max(MARGIN, (height - this.contentHeight * this.scale) / 2);
        this.apply();
    }

    /**
     * The first view (key 1): the map's width in the window, its top at the top, the rest
     * below (drag to see it); never below a readable scale, the left edge then in view.
     */
    fitWidth(): void {
        const box = this.box();
        if (!this.contentWidth || !this.contentHeight || !box.width || !box.height) return;
        ({ scale: this.scale, x: this.x, y: this.y } = firstView({ width: this.contentWidth, height: this.contentHeight }, box));
        this.apply();
    }

    zoomBy(factor: number, centerX?: number, centerY?: number): void {
        const rect = this.box();
        const cx = centerX ?? rect.width / 2;
        const cy = centerY ?? rect.height / 2;
        const next = clamp(this.scale * factor);
        // Keep the point under (cx, cy) where it is.
        this.x = cx - (cx - this.x) * (next / this.scale);
        this.y = cy - (cy - this.y) * (next / this.scale);
        this.scale = next;
        this.apply();
    }

    /** Pans so that a box of the map (map coordinates) is in view, if it is not already. */
    reveal(box: { x: number; y: number; width: number; height: number }): void {
        const rect = this.box();
        const left = this.x + box.x * this.scale;
        const top = this.y + box.y * this.scale;
        const right = left + box.width * this.scale;
        const bottom = top + box.height * this.scale;
        if (left >= 0 && top >= 0 && right <= rect.width && bottom <= rect.height) return;
        this.x += rect.width / 2 - (left + right) / 2;
        this.y += rect.height / 2 - (top + bottom) / 2;
        this.apply();
    }

    /** The part of the map (map coordinates) in the window, grown by `margin` times its size on each side. */
    visibleRect(margin: number): { x: number; y: number; width: number; height: number } {
        return rectInView({ scale: this.scale, x: this.x, y: this.y }, this.box(), margin);
    }

    /** The viewport's size (px): with the map's, what the first view of a map will show (firstView). */
    size(): Size {
        const { width, height } = this.box();
        return { width, height };
    }

    /** The viewport's box: the kept one, or (before the first observation) the element's own. */
    private box(): DOMRect {
        return this.rect ??= this.viewport.getBoundingClientRect();
    }

    private apply(): void {
        this.canvas.style.transform = `translate(${this.x}px, ${this.y}px) scale(${this.scale})`;
        this.onChange();
    }

    private onWheel(event: WheelEvent): void {
        event.preventDefault();
        const rect = this.box();
        if (event.ctrlKey || event.metaKey || Math.abs(event.deltaY) >= Math.abs(event.deltaX)) {
            this.zoomBy(Math.exp(-event.deltaY * 0.002), event.clientX - rect.left, event.clientY - rect.top);
        } else {
            this.x -= event.deltaX;
            this.apply();
        }
    }

    private onPointerDown(event: PointerEvent): void {
        if (event.button !== 0) return;
        this.suppressClick = false;
        this.drag = { pointerId: event.pointerId, startX: event.clientX, startY: event.clientY, originX: this.x, originY: this.y, moved: false };
    }

    private onPointerMove(event: PointerEvent): void {
        const drag = this.drag;
        if (!drag || drag.pointerId !== event.pointerId) return;
        const dx = event.clientX - drag.startX;
        const dy = event.clientY - drag.startY;
        if (!drag.moved && Math.hypot(dx, dy) < DRAG_THRESHOLD) return;
        if (!drag.moved) {
            drag.moved = true;
            this.viewport.setPointerCapture(event.pointerId);
            this.viewport.classList.add('dragging');
        }
        this.x = drag.originX + dx;
        this.y = drag.originY + dy;
        this.apply();
    }

    private onPointerUp(event: PointerEvent): void {
        const drag = this.drag;
        if (!drag || drag.pointerId !== event.pointerId) return;
        this.drag = undefined;
        this.viewport.classList.remove('dragging');
        if (drag.moved) {
            this.suppressClick = true;
            if (this.viewport.hasPointerCapture(event.pointerId)) this.viewport.releasePointerCapture(event.pointerId);
        }
    }

    private onKey(event: KeyboardEvent): void {
        if (event.ctrlKey || event.metaKey || event.altKey) return;
        if (event.key === '+' || event.key === '=') this.zoomBy(1.2);
        else if (event.key === '-' || event.key === '_') this.zoomBy(1 / 1.2);
        else if (event.key === '0') this.fit();
        else if (event.key === '1') this.fitWidth();
        else return;
        event.preventDefault();
    }
}

interface Size { width: number; height: number }
interface View { scale: number; x: number; y: number }

/**
 * The first view of a map of size `content` in a viewport of size `box` (fitWidth): the layout
 * worker renders first what this view shows, before the page has the map.
 */
export function firstView(content: Size, box: Size): View {
    const scale = clamp(Math.max(READABLE_SCALE, Math.min((box.width - 2 * MARGIN) / content.width, 1)));
    const drawn = content.width * scale;
    return { scale, x: drawn <= box.width - 2 * MARGIN ? (box.width - drawn) / 2 : MARGIN, y: MARGIN };
}

/** The part of the map (map coordinates) a viewport of size `box` shows in `view`, grown by `margin` times its size on each side. */
export function rectInView(view: View, box: Size, margin: number): { x: number; y: number; width: number; height: number } {
    const w = box.width / view.scale, h = box.height / view.scale;
    return { x: -view.x / view.scale - margin * w, y: -view.y / view.scale - margin * h, width: w * (1 + 2 * margin), height: h * (1 + 2 * margin) };
}

function clamp(scale: number): number {
    return Math.min(MAX_SCALE, Math.max(MIN_SCALE, scale));
}
