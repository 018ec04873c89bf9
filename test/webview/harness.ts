// Runs the built preview page (out/webview) in headless Chromium, with the extension's CSP,
// behind a stub host: used by the webview tests and the screenshot script.
import type { Locale } from '../../src/i18n/index.js';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { extname, join } from 'node:path';
import { EmptyFileSystem, URI, type LangiumDocument } from 'langium';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import type { DiagramOptions } from '../../src/diagram/types.js';
import { createJourneyServices } from '../../src/language/journey-module.js';
import { diagramResult } from '../../src/diagram/document-result.js';
import type { DiagramMessage, HostToWebviewMessage, PackedDiagramMessage, WebviewToHostMessage } from '../../src/common/webview-messages.js';
import { createNonce, previewHtml } from '../../src/preview-host/page.js';
import { CLEAN_EXAMPLES, EXAMPLES, REPO as ROOT } from '../examples.js';
import { AHEAD_OVER_MARK } from '../../webview/prepared-layouts.js';

export { EXAMPLES, ROOT };
// Loaded from the repository's node_modules at run time: bundles of this file (benchmarks) cannot inline it.
const { chromium } = createRequire(join(ROOT, 'package.json'))('playwright-core') as typeof import('playwright-core');
export const CHROMIUM = '/usr/bin/chromium';
/**
 * How long the page may take to reach a state before a wait fails: every Playwright wait's
 * default (page.setDefaultTimeout), and expect.poll's in eventually.ts. Below vitest's 30 s
 * test timeout, so a page that never gets there fails saying what was awaited; far above what
 * a loaded machine takes.
 */
export const PAGE_WITHIN_MS = 20_000;
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.html': 'text/html', '.map': 'application/json' };

/** Every example outside invalid/, parsed, linked and validated together as one workspace (they share common.journey). */
export async function loadExamples(paths: string[] = exampleFiles()): Promise<Map<string, LangiumDocument>> {
    const { shared } = createJourneyServices(EmptyFileSystem);
    const documents = paths.map(path => {
        const document = shared.workspace.LangiumDocumentFactory.fromString(readFileSync(path, 'utf8'), URI.file(path));
        shared.workspace.LangiumDocuments.addDocument(document);
        return document;
    });
    await shared.workspace.DocumentBuilder.build(documents, { validation: true });
    return new Map(documents.map(d => [d.uri.fsPath, d]));
}

export function exampleFiles(): string[] {
    // Every clean example (common.journey first: the others name its personas and channels).
    return [...CLEAN_EXAMPLES].sort((a, b) => (a === 'common.journey' ? -1 : b === 'common.journey' ? 1 : a.localeCompare(b))).map(f => join(EXAMPLES, f));
}

/** The `diagram` message the extension would post for a document: the server's own function builds it. */
export function diagramMessage(document: LangiumDocument, options: DiagramOptions = {}, locale?: Locale): DiagramMessage {
    // The map's locale is the host's to set (as the server does from journey.config.json): not one of the page's options.
    return { type: 'diagram', uri: document.uri.toString(), options, ...diagramResult(document, { options: { ...options, ...(locale && { locale }) } }) };
}

/** Parses one inline map on its own and returns its `diagram` message. */
export async function inlineDiagramMessage(text: string, uri = 'file:///inline/test.journey'): Promise<DiagramMessage> {
    const { shared } = createJourneyServices(EmptyFileSystem);
    const document = shared.workspace.LangiumDocumentFactory.fromString(text, URI.parse(uri));
    shared.workspace.LangiumDocuments.addDocument(document);
    await shared.workspace.DocumentBuilder.build([document], { validation: true });
    return diagramMessage(document);
}

export interface PreviewPage {
    page: Page;
    /** Messages the page posted to its host, oldest first. */
    posted(): Promise<WebviewToHostMessage[]>;
    /** CSP violations the page reported, plus console errors and uncaught exceptions. */
    problems(): Promise<string[]>;
    send(message: HostToWebviewMessage): Promise<void>;
    /** Sends a diagram and waits until the page has drawn its chosen journey's cards, or put up a banner for it. */
    showDiagram(message: DiagramMessage | PackedDiagramMessage): Promise<void>;
    close(): Promise<void>;
}

/** One preview page for the test file (or describe block) that calls this: opened before its tests, closed after; `take` receives it. */
export function usePreviewPage(take: (page: PreviewPage) => void): void {
    let page: PreviewPage | undefined;
    beforeAll(async () => {
        page = await openPreviewPage();
        take(page);
    }, 60_000);
    afterAll(async () => {
        await page?.close();
    });
}

/** Clicks the page's toolbar radio `value` and waits until its map is drawn, margin included (`#canvas[data-drawing]` gone). */
export async function clickRadio(page: Page, value: string): Promise<void> {
    const before = await page.$eval('#canvas', canvas => (canvas as HTMLElement).dataset.revision);
    await page.click(`vscode-radio[value="${value}"]`);
    await page.waitForFunction(previous => {
        const canvas = document.getElementById('canvas')!;
        return canvas.dataset.revision !== previous && canvas.dataset.drawing === undefined;
    }, before);
}

/**
 * Serves out/webview and the page on a loopback port, and opens it in Chromium. `locale`: the
 * page's own words (the toolbar), as VS Code's display language sets them.
 */
export async function openPreviewPage(options: { theme?: 'light' | 'dark'; width?: number; height?: number; locale?: Locale } = {}): Promise<PreviewPage> {
    const bundle = join(ROOT, 'out/webview/preview.js');
    if (!existsSync(bundle)) throw new Error(`${bundle} is missing: run npm run build`);
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
    const server = await serve(options.locale);
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    let browser: Browser | undefined;
    try {
        browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
        const page = await browser.newPage({ viewport: { width: options.width ?? 1400, height: options.height ?? 900 } });
        page.setDefaultTimeout(PAGE_WITHIN_MS);
        const consoleProblems: string[] = [];
        page.on('console', message => {
            if (message.type() === 'error') consoleProblems.push(`console: ${message.text()}`);
        });
        page.on('pageerror', error => consoleProblems.push(`page error: ${error.message}`));
        page.on('dialog', dialog => {
            consoleProblems.push(`dialog: ${dialog.message()}`);
            void dialog.dismiss();
        });
        await page.goto(`${origin}/?theme=${options.theme ?? 'light'}`);
        await page.waitForSelector('#toolbar vscode-dropdown');
        const opened = browser;
        return {
            page,
            posted: () => page.evaluate(() => (window as unknown as { __posted: WebviewToHostMessage[] }).__posted),
            problems: async () => [...await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations), ...consoleProblems],
            send: message => page.evaluate(m => window.postMessage(m, '*'), message),
            async showDiagram(message) {
                // The answer is a new revision, or a banner that comes up or changes: one up already (a text broken before) says nothing of this message.
                const before = await page.evaluate(() => {
                    const banner = document.getElementById('banner')!;
                    return { revision: document.getElementById('canvas')!.dataset.revision ?? '0', banner: banner.hidden ? null : banner.textContent };
                });
                await page.evaluate(m => window.postMessage(m, '*'), message);
                await page.waitForFunction(previous => {
                    const banner = document.getElementById('banner')!;
                    const text = banner.hidden ? null : banner.textContent;
                    return (document.getElementById('canvas')!.dataset.revision ?? '0') !== previous.revision || (text !== null && text !== previous.banner);
                }, before);
            },
            async close() {
                await opened.close();
                server.close();
            }
        };
    } catch (error) {
        await browser?.close();
        server.close();
        throw error;
    }

    function serve(locale: Locale | undefined): Promise<Server> {
        const files: Record<string, string> = {
            '/host.js': join(ROOT, 'test/webview/stub-host.js'),
            '/webview/preview.js': bundle,
            '/webview/preview.css': join(ROOT, 'out/webview/preview.css'),
            '/webview/standalone-theme.css': join(ROOT, 'out/webview/standalone-theme.css')
        };
        const http = createServer((request, response) => {
            const path = new URL(request.url ?? '/', 'http://localhost').pathname;
            if (path === '/') {
                const origin = `http://${request.headers.host}`;
                const html = previewHtml({
                    cspSource: origin, nonce: createNonce(),
                    scriptUri: `${origin}/webview/preview.js`, styleUri: `${origin}/webview/preview.css`,
                    hostScriptUris: [`${origin}/host.js`], extraStyleUris: [`${origin}/webview/standalone-theme.css`],
                    ...(locale && { locale })
                });
                response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
            } else if (path === '/favicon.ico') {
                response.writeHead(204).end();
            } else if (files[path]) {
                response.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' }).end(readFileSync(files[path]));
            } else {
                response.writeHead(404).end();
            }
        });
        return new Promise(resolve => http.listen(0, '127.0.0.1', () => resolve(http)));
    }
}

/**
 * Listens in the page's workers for the layout worker's next AHEAD_OVER_MARK (its work ahead is
 * over) and returns the wait for it: call it before what starts that work.
 */
export async function listenForAheadOver(page: Page): Promise<() => Promise<void>> {
    type Listening = { aheadOver: Promise<void> };
    // Every worker listens: ELK's, which the layout worker starts, never makes the mark.
    const workers = page.workers();
    if (workers.length === 0) throw new Error('the page has not started its layout worker');
    await Promise.all(workers.map(worker => worker.evaluate(name => {
        (self as unknown as Listening).aheadOver = new Promise(resolve => {
            const observer = new PerformanceObserver(list => {
                if (list.getEntriesByName(name).length === 0) return;
                observer.disconnect();
                resolve();
            });
            observer.observe({ type: 'mark' });
        });
    }, AHEAD_OVER_MARK)));
    // A path that never marks fails with what it waited for, not the test's bare timeout.
    const timedOut = () => new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no ${AHEAD_OVER_MARK} mark from the layout worker within ${PAGE_WITHIN_MS} ms`)), PAGE_WITHIN_MS).unref());
    return () => Promise.race([...workers.map(worker => worker.evaluate(() => (self as unknown as Listening).aheadOver)), timedOut()]);
}
