import { spawn } from 'node:child_process';
import { watch, readFileSync, writeFileSync, type FSWatcher } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, dirname, join, resolve } from 'node:path';
import { URI } from 'vscode-uri';
import type { DiagramOptions } from '../diagram/index.js';
import { JOURNEY_FILE_EXTENSION } from '../language/config.js';
import { diagramResult } from '../diagram/document-result.js';
import type { DiagramMessage, WebviewToHostMessage } from '../shared/protocol.js';
import { createNonce, previewHtml } from '../preview-host/page.js';
import { CliError, type CliCommand, type CliIO } from './command.js';
import { parseCommandArgs } from './map-io.js';
import { loadWorkspace } from './workspace.js';

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
    summary: 'serve the live preview of a map to any browser (reloads on save)',
    help: [
        'Usage: journey preview FILE [--port N] [--no-open]',
        '',
        'Serves the same preview as VS Code on http://127.0.0.1 (loopback only) and redraws it',
        'each time FILE or another .journey file of its folder is saved. Clicking a card',
        'prints its file:line:column; the toolbar\'s exports are saved in the current folder.',
        'Ctrl+C stops the server.',
        '',
        'Options:',
        '  --port N    port to listen on (default 0: any free port; the URL is printed)',
        '  --no-open   do not open the browser',
        '',
        'Exit codes: 0 stopped, 2 usage or I/O error (file missing, port taken).',
        '',
        'Examples:',
        '  journey preview maps/checkout.journey',
        '  journey preview maps/checkout.journey --port 4000 --no-open'
    ].join('\n'),
    async run(args, io) {
        const { values, file } = parseCommandArgs('preview', args, {
            port: { type: 'string', default: '0' },
            'no-open': { type: 'boolean', default: false }
        });
        if (!/^\d+$/.test(values.port!) || Number(values.port) > 65535) throw new CliError(`--port expects a number from 0 to 65535, not '${values.port}'`);
        if (file === '-') throw new CliError('preview needs a file to watch, not standard input');
        const preview = new PreviewServer(file, io);
        await preview.diagram(); // a missing or unreadable file fails here, before anything listens
        const url = await preview.listen(Number(values.port));
        io.stdout.write(`Journey preview of ${file}: ${url}\nPress Ctrl+C to stop.\n`);
        if (!values['no-open']) openBrowser(url);
        await preview.untilStopped();
        return 0;
    }
};

class PreviewServer {
    private readonly server = createServer((request, response) => this.handle(request, response));
    private readonly clients = new Set<ServerResponse>();
    private readonly watchers: FSWatcher[] = [];
    private options: DiagramOptions = {};
    private origin = '';
    private readonly assetsDir = join(__dirname, 'webview');
    private stopped?: () => void;

    constructor(private readonly file: string, private readonly io: CliIO) {}

    async listen(port: number): Promise<string> {
        await new Promise<void>((done, fail) => {
            this.server.once('error', (error: NodeJS.ErrnoException) => fail(new CliError(
                error.code === 'EADDRINUSE' ? `port ${port} is already in use (try --port 0)` : `cannot listen on 127.0.0.1:${port} (${error.message})`)));
            this.server.listen(port, '127.0.0.1', () => done());
        });
        this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
        this.watchFolder();
        return `${this.origin}/`;
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
        for (const watcher of this.watchers) watcher.close();
        for (const client of this.clients) client.end();
        this.server.close(() => this.stopped?.());
        this.server.closeAllConnections();
    }

    /** The page's message: what the language server answers the VS Code preview, for this file. */
    async diagram(): Promise<DiagramMessage> {
        // The map with the rest of its workspace (the same root as lint's), so shared names resolve.
        const [loaded] = (await loadWorkspace([this.file], this.io)).documents;
        if (!loaded) throw new CliError(`'${this.file}' is not a single ${JOURNEY_FILE_EXTENSION} file`);
        return { type: 'diagram', uri: URI.file(loaded.path).toString(), options: this.options, ...diagramResult(loaded.document, { options: this.options }) };
    }

    /** Editors often save by replacing the file, which ends a watch on the file itself: the folder is watched. */
    private watchFolder(): void {
        const folder = dirname(resolve(this.io.cwd, this.file));
        let timer: NodeJS.Timeout | undefined;
        this.watchers.push(watch(folder, (_event, name) => {
            if (name !== null && !name.toString().endsWith(JOURNEY_FILE_EXTENSION)) return;
            clearTimeout(timer);
            timer = setTimeout(() => void this.push(), 40); // one redraw for the burst of events a save makes
        }));
    }

    /** Sends the diagram to every page (or to one new connection). */
    private async push(only?: ServerResponse): Promise<void> {
        let message: DiagramMessage;
        try {
            message = await this.diagram();
        } catch (error) {
            // Deleted or unreadable for a moment (a save in progress): the page keeps its map and shows why.
            message = { type: 'diagram', uri: URI.file(resolve(this.io.cwd, this.file)).toString(), options: this.options, diagrams: [], errors: [{ message: error instanceof Error ? error.message : String(error), line: 1, column: 1 }] };
        }
        const event = `event: diagram\ndata: ${JSON.stringify(message)}\n\n`;
        for (const client of only ? [only] : this.clients) client.write(event);
    }

    private handle(request: IncomingMessage, response: ServerResponse): void {
        // Only this page may talk to the server: no other site (Origin) nor a rebound DNS name (Host).
        const host = request.headers.host ?? '';
        if (host !== this.origin.slice('http://'.length) && host !== `localhost:${this.origin.split(':').pop()}`) {
            return void response.writeHead(403).end('Forbidden');
        }
        const path = (request.url ?? '/').split('?')[0];
        if (request.method === 'GET' && path === '/') {
            const nonce = createNonce();
            response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
            return void response.end(previewHtml({
                cspSource: this.origin, nonce, connectSrc: this.origin,
                scriptUri: '/webview/preview.js', styleUri: '/webview/preview.css',
                hostScriptUris: ['/webview/preview-host.js'], extraStyleUris: ['/webview/standalone-theme.css']
            }));
        }
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
            response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
            this.clients.add(response);
            request.on('close', () => this.clients.delete(response));
            return void this.push(response);
        }
        if (request.method === 'POST' && path === '/message') {
            if (request.headers.origin !== undefined && request.headers.origin !== this.origin) return void response.writeHead(403).end('Forbidden');
            const chunks: Buffer[] = [];
            request.on('data', (chunk: Buffer) => chunks.push(chunk));
            request.on('end', () => {
                try {
                    this.received(JSON.parse(Buffer.concat(chunks).toString('utf8')) as WebviewToHostMessage);
                    response.writeHead(204).end();
                } catch (error) {
                    response.writeHead(400).end(error instanceof Error ? error.message : 'Bad message');
                }
            });
            return;
        }
        // Browsers ask for a favicon on their own; "none" without an error in the console.
        if (path === '/favicon.ico') return void response.writeHead(204).end();
        response.writeHead(404).end('Not found');
    }

    private received(message: WebviewToHostMessage): void {
        switch (message.type) {
            case 'ready':
                return;
            case 'options':
                this.options = message.options ?? {};
                return void this.push();
            case 'reveal': {
                const { start } = message.range;
                return void this.io.stdout.write(`${URI.parse(message.uri).fsPath}:${start.line + 1}:${start.character + 1}\n`);
            }
            case 'export': {
                const name = basename(message.fileName).replace(/[^\p{L}\p{N}._-]/gu, '_') || `journey.${message.format}`;
                const target = resolve(this.io.cwd, name);
                writeFileSync(target, message.format === 'png' ? Buffer.from(message.data, 'base64') : message.data);
                return void this.io.stdout.write(`saved ${name}\n`);
            }
        }
    }
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
