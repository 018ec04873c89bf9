// The page of VS Code's Compare Journeys view: the comparison picture (src/compare/svg.ts, VS Code
// theme) drawn in Arimo, the font its layout measured text with (as the preview's map), and one
// nonce'd script that posts clicks on marked elements. Pure, so a test loads it in Chromium.
import { mapFontStylesheet } from './map-font.js';

export interface ComparePageOptions {
    /** The picture's SVG, or an error paragraph (HTML). */
    body: string;
    nonce: string;
    /** VS Code's display language, the page's `lang`. */
    lang: string;
}

export function comparePageHtml({ body, nonce, lang }: ComparePageOptions): string {
    return `<!DOCTYPE html>
<html lang="${lang.replace(/[^\w-]/g, '')}"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; font-src data:; script-src 'nonce-${nonce}'">
<style>body { margin: 0; padding: 8px; } svg { display: block; }
${mapFontStylesheet(undefined, '.journey-compare')}</style>
</head><body>${body}
<script nonce="${nonce}">
const vscode = acquireVsCodeApi();
document.addEventListener('click', event => {
  const link = event.target instanceof Element ? event.target.closest('[data-side]') : null;
  if (link) vscode.postMessage({ side: link.getAttribute('data-side'), key: link.getAttribute('data-key') });
});
</script></body></html>`;
}
