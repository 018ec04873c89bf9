// The preview page's HTML and Content-Security-Policy, shared by every host: the VS Code
// extension, the CLI's browser preview and the webview tests. Runs in Node, not in the page.
import { randomBytes } from 'node:crypto';
import { DEFAULT_LOCALE, t, type Locale } from '../i18n/index.js';
import { escapeAttribute, htmlPageStart } from '../common/html-page.js';
import { mapFontStylesheet } from './map-font.js';

export interface PreviewPageOptions {
    /** Origin the page may load its own files from (`webview.cspSource`, or `http://127.0.0.1:port`). */
    cspSource: string;
    /** A fresh random nonce per page load (`createNonce()`). */
    nonce: string;
    /** URL of out/webview/preview.js. */
    scriptUri: string;
    /** URL of out/webview/preview.css. */
    styleUri: string;
    /**
     * Scripts run before the preview (nonce-checked), e.g. a host shim that defines
     * `acquireVsCodeApi` outside VS Code. Not used by the extension.
     */
    hostScriptUris?: string[];
    /** Extra stylesheets, e.g. out/webview/standalone-theme.css outside VS Code. */
    extraStyleUris?: string[];
    /**
     * Where the map's font comes from (Arimo, which the layout measures text with): the URL of a
     * stylesheet of `mapFontStylesheet` the host serves with its font files (`journey preview`).
     * By default the page carries it: its faces as data: URLs in a nonce'd style (VS Code's webview).
     */
    mapFontUri?: string;
    /** Where the page may connect (fetch, EventSource): the CLI's preview server. Default none. */
    connectSrc?: string;
    /**
     * The CLI server's per-run secret, which its host shim sends with every request
     * (`<meta name="journey-preview-secret">`): only a page the server served can talk to it.
     */
    hostSecret?: string;
    /**
     * The language of the page's own words (toolbar, labels), written in `<html lang>` where the
     * page's script reads it: VS Code's display language, or the map's in `journey preview`.
     * Default English. The map carries its own language (`xml:lang` on its SVG).
     */
    locale?: Locale;
}

/**
 * The policy every host serves: scripts only by nonce, styles only from the host's files
 * or by nonce (the SVG's own `<style>` gets the nonce), no remote loads, and workers only
 * from `blob:` URLs (ELK runs in one). No `unsafe-inline`, no `unsafe-eval`. Fonts from the
 * host's files, and from data: URLs when the page carries its map font (`fontData`).
 */
export function previewCsp(cspSource: string, nonce: string, connectSrc?: string, fontData = false): string {
    return [
        `default-src 'none'`,
        `script-src 'nonce-${nonce}'`,
        `style-src ${cspSource} 'nonce-${nonce}'`,
        `img-src ${cspSource} data: blob:`,
        `worker-src blob:`,
        `font-src ${cspSource}${fontData ? ' data:' : ''}`,
        ...(connectSrc ? [`connect-src ${connectSrc}`] : [])
    ].join('; ');
}

/** The meta tag the CLI's host shim reads its server's secret from. */
export const HOST_SECRET_META = 'journey-preview-secret';

/** 24 random bytes, base64url (node:crypto: VS Code 1.82's extension host has no global `crypto`). */
export function createNonce(): string {
    return randomBytes(24).toString('base64url');
}

/** The `csp-nonce` meta is where the toolkit (FAST) finds the nonce for the `<style>` it probes focus-visible with. */
export function previewHtml(options: PreviewPageOptions): string {
    const { nonce } = options;
    const locale = options.locale ?? DEFAULT_LOCALE;
    const styles = [options.styleUri, ...(options.extraStyleUris ?? []), ...(options.mapFontUri ? [options.mapFontUri] : [])]
        .map(uri => `<link rel="stylesheet" href="${escapeAttribute(uri)}">`);
    if (!options.mapFontUri) styles.push(`<style nonce="${nonce}">\n${mapFontStylesheet()}</style>`);
    const scripts = [...(options.hostScriptUris ?? []), options.scriptUri]
        .map(uri => `<script nonce="${nonce}" src="${escapeAttribute(uri)}"></script>`);
    return `${htmlPageStart(locale, previewCsp(options.cspSource, nonce, options.connectSrc, !options.mapFontUri))}
<meta property="csp-nonce" content="${nonce}">
${options.hostSecret ? `<meta name="${HOST_SECRET_META}" content="${escapeAttribute(options.hostSecret)}">\n` : ''}${styles.join('\n')}
<title>${escapeAttribute(t(locale, 'preview.title'))}</title>
</head>
<body>
<div id="toolbar" role="toolbar" aria-label="${escapeAttribute(t(locale, 'preview.toolbar'))}"></div>
<div id="banner" role="alert" hidden></div>
<div id="viewport" tabindex="0" aria-label="${escapeAttribute(t(locale, 'preview.map'))}"><div id="canvas"></div></div>
<div id="status" aria-live="polite"></div>
${scripts.join('\n')}
</body>
</html>
`;
}
