import { spawn } from 'node:child_process';
import { timingSafeEqual } from 'node:crypto';
import { closeSync, constants as fsConstants, openSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, dirname, join, resolve } from 'node:path';
import { URI } from 'vscode-uri';
import type { DiagramOptions } from '../diagram/index.js';
import { JOURNEY_FILE_EXTENSION } from '../language/config.js';
import { checkWebviewMessage, packDiagramMessage, type DiagramMessage, type WebviewToHostMessage } from '../common/webview-messages.js';
import { createNonce, previewHtml } from '../preview-host/page.js';
import { PREVIEW_FONT_CSS, previewFontAsset } from './preview-font.js';
import { cliLocale, LOCALE_OPTION, localeOption, mapLocale } from './locale.js';
import { DEFAULT_LOCALE, t, type Locale } from '../i18n/index.js';
import { localized } from '../language/localized-messages.js';
import { CliError, type CliCommand, type CliIO } from './command.js';
import { parseCommandArgs } from './map-io.js';
import { loadWorkspace } from './workspace.js';
import { errorMessage } from '../common/errors.js';
import { watchFiles, type FileWatch } from '../node/file-watcher.js';

/** Files of out/webview the page may load, by URL path. */
const ASSETS: Record<string, string> = {
    '/webview/preview.js': 'text/javascript',
    '/webview/preview.css': 'text/css',
    '/webview/standalone-theme.css': 'text/css',
    '/webview/preview-host.js': 'text/javascript'
};

/** `journey preview`: the VS Code preview page, served to any browser, live on save. */
export const previewCommand: CliCommand = {
    name: 'preview',
    async run(args, io) {
        const { values, file } = parseCommandArgs('preview', args, {
            port: { type: 'string', default: '0' },
            'no-open': { type: 'boolean', default: false },
            ...LOCALE_OPTION
        });
        const locale = localeOption(values.locale);
        if (!/^\d+$/.test(values.port!) || Number(values.port) > 65535) throw new CliError(localized('cli.badPort', { value: values.port! }));
        if (file === '-') throw new CliError(localized('cli.previewNeedsFile'));
        const preview = new PreviewServer(file, io, locale);
        await preview.start();
        const url = await preview.listen(Number(values.port));
        io.stdout.write(`${t(cliLocale(io, locale), 'cli.previewAt', { file, url })}\n`);
        if (!values['no-open']) openBrowser(url);
        await preview.untilStopped();
        return 0;
    }
};

/** The largest message the page sends: a PNG export of a large map, as base64. */
const MAX_BODY_BYTES = 32 * 1024 * 1024;
/** Saves come in bursts of watch events: redraw once the folder is quiet this long... */
export const REDRAW_QUIET_MS = 40;
/** ...or this long after the burst began, so that continuous writes still redraw. */
const REDRAW_MAX_WAIT_MS = 100;

/** Headers of every response: no site may frame the page, no type is sniffed. */
const SAFETY_HEADERS = {
    'content-security-policy': `frame-ancestors 'none'`,
    'x-frame-options': 'DENY',
    'x-content-type-options': 'nosniff'
};

class PreviewServer {
    private readonly server = createServer((request, response) => this.handle(request, response));
    private readonly clients = new Set<ServerResponse>();
    private watcher?: FileWatch;
    /**
     * Known only to the page this server serves (a meta tag), sent back with every POST and
     * on /events: any local process can reach 127.0.0.1, and curl sends no Origin header.
     */
    private readonly secret = createNonce();
    private options: DiagramOptions = {};
    private origins: string[] = [];
    private readonly assetsDir = join(__dirname, 'webview');
    private stopped?: () => void;
    /** The last diagram event, sent to each new connection without rebuilding. */
    private latest = '';
    private building = false;
    private buildAgain = false;

    /** `mapLocale`: `--locale`, else the map's journey.config.json, else the current folder's: the map and the toolbar speak it. */
    private pageLocale: Locale = DEFAULT_LOCALE;

    constructor(private readonly file: string, private readonly io: CliIO, private readonly locale?: Locale) {}

    /** Builds the first diagram: a missing or unreadable file fails here, before anything listens. */
    async start(): Promise<void> {
        this.latest = diagramEvent(await this.diagram());
    }

    async listen(port: number): Promise<string> {
        await new Promise<void>((done, fail) => {
            this.server.once('error', (error: NodeJS.ErrnoException) => fail(new CliError(
                error.code === 'EADDRINUSE' ? localized('cli.portInUse', { port: String(port) }) : localized('cli.cannotListen', { port: String(port), reason: error.message }))));
            this.server.listen(port, '127.0.0.1', () => done());
        });
        const { port: bound } = this.server.address() as AddressInfo;
        this.origins = [`http://127.0.0.1:${bound}`, `http://localhost:${bound}`];
        this.watchFolder();
        return `${this.origins[0]}/`;
    }

    /** Resolves once Ctrl+C (SIGINT) or SIGTERM closed everything. */
    untilStopped(): Promise<void> {
        return new Promise(done => {
            this.stopped = done;
            const stop = () => this.stop();
            process.once('SIGINT', stop);
            process.once('SIGTERM', stop);
        });
    }

    private stop(): void {
        this.watcher?.close();
        for (const client of this.clients) client.end();
        this.server.close(() => this.stopped?.());
        this.server.closeAllConnections();
    }

    /** The page's message: what the language server answers the VS Code preview, for this file. */
    private async diagram(): Promise<DiagramMessage> {
        // The map with the rest of its workspace (the same root as lint's), so shared names resolve.
        const workspace = await loadWorkspace([this.file], this.io);
        const { services, documents: [loaded] } = workspace;
        if (!loaded) throw new CliError(localized('cli.notOneMapFile', { file: this.file, extension: JOURNEY_FILE_EXTENSION }));
        this.pageLocale = mapLocale(this.locale, workspace, loaded.document.uri, this.io.cwd);
        // The page's options stay the toolbar's; the map's locale is the server's to set.
        const options = { ...this.options, locale: this.pageLocale };
        return { type: 'diagram', uri: URI.file(loaded.path).toString(), options: this.options, ...services.Journey.diagram.ModelBuilder.result(loaded.document, { options }) };
    }

    /**
     * Editors often save by replacing the file, which ends a watch on the file itself: the folder
     * is watched. One redraw per burst of events, and at least one every REDRAW_MAX_WAIT_MS while
     * they keep coming.
     */
    private watchFolder(): void {
        const folder = dirname(resolve(this.io.cwd, this.file));
        this.watcher = watchFiles([folder], {
            recursive: false, quietMs: REDRAW_QUIET_MS, maxWaitMs: REDRAW_MAX_WAIT_MS,
            accept: name => name === null || name.endsWith(JOURNEY_FILE_EXTENSION)
        }, () => void this.redraw());
    }

    /** Rebuilds and sends the diagram to every page; one build at a time, the last change always drawn. */
    private async redraw(): Promise<void> {
        if (this.building) {
            this.buildAgain = true;
            return;
        }
        this.building = true;
        try {
            do {
                this.buildAgain = false;
                let message: DiagramMessage;
                try {
                    message = await this.diagram();
                } catch (error) {
                    // Deleted or unreadable for a moment (a save in progress): the page keeps its map and shows why.
                    message = { type: 'diagram', uri: URI.file(resolve(this.io.cwd, this.file)).toString(), options: this.options, diagrams: [], errors: [{ message: errorMessage(error), line: 1, column: 1 }] };
                }
                this.latest = diagramEvent(message);
                for (const client of this.clients) client.write(this.latest);
            } while (this.buildAgain);
        } finally {
            this.building = false;
        }
    }

    private handle(request: IncomingMessage, response: ServerResponse): void {
        for (const [name, value] of Object.entries(SAFETY_HEADERS)) response.setHeader(name, value);
        // Only this page may talk to the server: no rebound DNS name (Host), no other site (Origin), no other process (secret).
        if (!this.origins.some(origin => request.headers.host === origin.slice('http://'.length))) {
            return void response.writeHead(403).end('Forbidden');
        }
        const url = new URL(request.url ?? '/', this.origins[0]);
        const path = url.pathname;
        if (request.method === 'GET' && path === '/') {
            const nonce = createNonce();
            response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
            return void response.end(previewHtml({
                cspSource: this.origins[0], nonce, connectSrc: this.origins[0], hostSecret: this.secret,
                scriptUri: '/webview/preview.js', styleUri: '/webview/preview.css',
                hostScriptUris: ['/webview/preview-host.js'], extraStyleUris: ['/webview/standalone-theme.css'], mapFontUri: PREVIEW_FONT_CSS,
                locale: this.pageLocale
            }));
        }
        const font = request.method === 'GET' ? previewFontAsset(path) : undefined;
        if (font) return void response.writeHead(200, { 'content-type': font.type }).end(font.body);
        if (request.method === 'GET' && path in ASSETS) {
            let body: Buffer;
            try {
                body = readFileSync(join(this.assetsDir, basename(path)));
            } catch {
                return void response.writeHead(500).end('The preview bundle is missing: run `npm run build`.');
            }
            return void response.writeHead(200, { 'content-type': `${ASSETS[path]}; charset=utf-8` }).end(body);
        }
        if (request.method === 'GET' && path === '/events') {
            if (!this.fromThePage(request, url.searchParams.get('secret'))) return void response.writeHead(403).end('Forbidden');
            return this.subscribe(response);
        }
        if (request.method === 'POST' && path === '/message') {
            if (!this.fromThePage(request, request.headers['x-journey-secret'])) return void response.writeHead(403).end('Forbidden');
            return this.receive(request, response);
        }
        // Browsers ask for a favicon on their own; "none" without an error in the console.
        if (path === '/favicon.ico') return void response.writeHead(204).end();
        response.writeHead(404).end('Not found');
    }

    /** The page's own request: its secret, and its origin when the browser names one (same-origin GETs do not). */
    private fromThePage(request: IncomingMessage, secret: string | string[] | null | undefined): boolean {
        const origin = request.headers.origin;
        return (origin === undefined || this.origins.includes(origin)) && typeof secret === 'string' && sameSecret(secret, this.secret);
    }

    /** A server-sent event stream: the current diagram now, each redraw after; forgotten when the page goes. */
    private subscribe(response: ServerResponse): void {
        response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
        this.clients.add(response);
        response.on('close', () => this.clients.delete(response));
        response.write(this.latest);
    }

    /** Reads a message of at most MAX_BODY_BYTES (refused on its Content-Length, or once it passes the limit). */
    private receive(request: IncomingMessage, response: ServerResponse): void {
        const refuse = () => void response.writeHead(413, { connection: 'close' }).end('Message too large', () => request.destroy());
        if (Number(request.headers['content-length'] ?? 0) > MAX_BODY_BYTES) return refuse();
        const chunks: Buffer[] = [];
        let size = 0;
        request.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > MAX_BODY_BYTES) {
                request.pause();
                chunks.length = 0;
                return refuse();
            }
            chunks.push(chunk);
        });
        request.on('end', () => {
            if (size > MAX_BODY_BYTES) return;
            let message: WebviewToHostMessage;
            try {
                message = checkWebviewMessage(JSON.parse(Buffer.concat(chunks).toString('utf8')));
            } catch (error) {
                return void response.writeHead(400).end(errorMessage(error));
            }
            try {
                this.received(message);
                response.writeHead(204).end();
            } catch (error) {
                this.io.stderr.write(`journey preview: ${errorMessage(error)}\n`);
                response.writeHead(500).end(errorMessage(error));
            }
        });
    }

    private received(message: WebviewToHostMessage): void {
        switch (message.type) {
            case 'ready':
            // Its diagrams go whole (never as changes), so the page never lacks the models a message needs.
            case 'resend':
                return;
            case 'options':
                this.options = message.options;
                return void this.redraw();
            case 'reveal': {
                const { start } = message.range;
                return void this.io.stdout.write(`${URI.parse(message.uri).fsPath}:${start.line + 1}:${start.character + 1}\n`);
            }
            case 'export': {
                const name = exportFileName(message.fileName, message.format);
                writeExport(resolve(this.io.cwd, name), message.format === 'png' ? Buffer.from(message.data, 'base64') : message.data);
                return void this.io.stdout.write(`${t(cliLocale(this.io, this.locale), 'cli.saved', { file: name })}\n`);
            }
        }
    }
}

/** Creates or truncates, but never through a symbolic link (a checkout may hold `map.svg -> ~/.bashrc`). */
function writeExport(path: string, data: string | Buffer): void {
    const fd = openSync(path, fsConstants.O_WRONLY | fsConstants.O_CREAT | fsConstants.O_TRUNC | (fsConstants.O_NOFOLLOW ?? 0));
    try {
        writeFileSync(fd, data);
    } finally {
        closeSync(fd);
    }
}

/**
 * Where an export lands: NAME.svg or NAME.png in the current folder. NAME is the page's
 * suggestion without folders, leading dots or extension, so no message can write a map,
 * a config, a dotfile or outside the folder.
 */
function exportFileName(suggested: string, format: 'svg' | 'png'): string {
    const stem = basename(suggested.replace(/\\/g, '/'))
        .replace(/^\.+/, '')
        .replace(/\.[^.]*$/, '')
        .replace(/[^\p{L}\p{N}._-]/gu, '_')
        .replace(/^\.+/, '');
    return `${stem || 'journey'}.${format}`;
}

/** The message as the extension posts it: the models as JSON text, which the page's worker parses (and keeps, so a toolbar click reuses it). */
function diagramEvent(message: DiagramMessage): string {
    return `event: diagram\ndata: ${JSON.stringify(packDiagramMessage(message))}\n\n`;
}

/** Compares in constant time, so the secret cannot be guessed byte by byte from response times. */
function sameSecret(given: string, secret: string): boolean {
    const a = Buffer.from(given);
    const b = Buffer.from(secret);
    return a.length === b.length && timingSafeEqual(a, b);
}


/** The system's browser, when there is one; no browser is not an error (the URL is printed). */
function openBrowser(url: string): void {
    const command = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
    try {
        const child = spawn(command, [url], { detached: true, stdio: 'ignore' });
        child.on('error', () => undefined);
        child.unref();
    } catch {
        // Printed URL only.
    }
}
