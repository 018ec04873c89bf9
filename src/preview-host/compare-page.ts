// The page of VS Code's Compare Journeys view: the comparison picture (src/compare/svg.ts, VS Code
// theme) drawn in Arimo, the font its layout measured text with (as the preview's map), and one
// nonce'd script that posts clicks on marked elements. Pure, so a test loads it in Chromium.
import { htmlPageStart } from '../common/html-page.js';
import type { Locale } from '../i18n/index.js';
import { mapFontStylesheet } from './map-font.js';

export interface ComparePageOptions {
    /** The picture's SVG, or an error paragraph (HTML). */
    body: string;
    nonce: string;
    /** VS Code's display language, as the product's locales have it. */
    locale: Locale;
}

export function comparePageHtml({ body, nonce, locale }: ComparePageOptions): string {
    const csp = `default-src 'none'; style-src 'unsafe-inline'; font-src data:; script-src 'nonce-${nonce}'`;
    return `${htmlPageStart(locale, csp)}
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
