// The start every HTML page Journey writes has in common (the preview's page, render's and
// compare's standalone HTML): the page's language, UTF-8, its Content-Security-Policy as a meta
// tag (a file or a webview has no response header to carry one) and a device-width viewport.
// Plain strings: no Node, no vscode.
import type { Locale } from '../i18n/index.js';

/** `<!DOCTYPE html>` through the viewport meta, inside an open `<head>`: the caller adds the rest of its head. */
export function htmlPageStart(locale: Locale, csp: string): string {
    return `<!DOCTYPE html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">`;
}

/** `text` inside a double-quoted attribute. */
export function escapeAttribute(text: string): string {
    return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
