// The standalone preview page's map font (src/preview-host/map-font.ts), served by `journey
// preview` from its own origin: the page's CSP takes fonts from there only, no data: URL.
import { ARIMO_WOFF2 } from '../diagram/generated/fonts.js';
import { mapFontStylesheet } from '../preview-host/map-font.js';

/** The stylesheet's URL path: the page's `mapFontUri`. */
export const PREVIEW_FONT_CSS = '/webview/embedded-font.css';

const fontFile = (weight: 400 | 600) => `/webview/arimo-${weight}.woff2`;

/** The stylesheet or a font file at the URL `path`, with its content type; undefined for any other path. */
export function previewFontAsset(path: string): { type: string; body: Buffer } | undefined {
    if (path === PREVIEW_FONT_CSS) return { type: 'text/css; charset=utf-8', body: Buffer.from(mapFontStylesheet(fontFile)) };
    const weight = ([400, 600] as const).find(w => fontFile(w) === path);
    return weight === undefined ? undefined : { type: 'font/woff2', body: Buffer.from(ARIMO_WOFF2[weight], 'base64') };
}
