// Zoom and pan for the page `journey render --format html` writes: the preview's Viewport
// on the inline SVG (the script is inlined into that page, allowed by its CSP hash).
import { Viewport } from '../../../webview/viewport.js';

const viewportElement = document.getElementById('viewport')!;
const viewport = new Viewport(viewportElement, document.getElementById('canvas')!);
viewport.setContentSize(Number(viewportElement.dataset.width), Number(viewportElement.dataset.height), true);
viewportElement.focus();
