// The standalone preview page's map font: Arimo, the font the layout measures text with
// (src/diagram/text.ts) and render's files carry, served by `journey preview` from its own
// origin (the page's CSP takes fonts from there only, no data: URL), so text fits its boxes as
// in a rendered SVG. The map's SVG style reads --vscode-font-family (VS Code's font in the
// editor): the page sets it to Arimo on the map alone, the toolbar keeps the system's font.
import { ARIMO_WOFF2 } from '../diagram/generated/fonts.js';
import { EMBEDDED_FONT_STACK, embeddedFontFaces } from '../diagram/svg.js';

/** The stylesheet's URL path, for the page's extra stylesheets. */
export const PREVIEW_FONT_CSS = '/webview/embedded-font.css';

const fontFile = (weight: 400 | 600) => `/webview/arimo-${weight}.woff2`;

function stylesheet(): string {
    return [...embeddedFontFaces(fontFile), `.journey-map{--vscode-font-family:${EMBEDDED_FONT_STACK}}`].join('\n') + '\n';
}

/** The stylesheet or a font file at the URL `path`, with its content type; undefined for any other path. */
export function previewFontAsset(path: string): { type: string; body: Buffer } | undefined {
    if (path === PREVIEW_FONT_CSS) return { type: 'text/css; charset=utf-8', body: Buffer.from(stylesheet()) };
    const weight = ([400, 600] as const).find(w => fontFile(w) === path);
    return weight === undefined ? undefined : { type: 'font/woff2', body: Buffer.from(ARIMO_WOFF2[weight], 'base64') };
}
