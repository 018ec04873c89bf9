// The preview page's map font: Arimo, the font the layout measures text with (src/diagram/text.ts)
// and render's files carry, so text fits its boxes as in a rendered SVG. The map's SVG style reads
// --vscode-font-family (VS Code's font in the editor): the stylesheet sets it on the map alone,
// the toolbar keeps VS Code's (or, in `journey preview`, the system's) font. The comparison
// picture (class journey-compare) reads the same variable.
import { EMBEDDED_FONT_STACK, embeddedFontFaces } from '../diagram/svg.js';

/** Arimo's faces, each from `source(weight)` (by default the font data itself), and the font family of the pictures `selector` matches. */
export function mapFontStylesheet(source?: (weight: 400 | 600) => string, selector = '.journey-map'): string {
    return [...embeddedFontFaces(source), `${selector}{--vscode-font-family:${EMBEDDED_FONT_STACK}}`].join('\n') + '\n';
}
