// Starts the real `journey preview` (bin/journey.js) on 127.0.0.1 for the security tests, with a
// preload that prints the process's heap after a forced GC on SIGUSR2 (its own heap, measured
// from outside), and speaks HTTP to it the way a browser or a hostile local process would.
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { request, type IncomingHttpHeaders } from 'node:http';
import { join } from 'node:path';
import { startPreview, tempTree } from '../cli/run-cli.js';
import type { DiagramMessage, PackedDiagramMessage } from '../../src/common/webview-messages.js';

export interface PreviewProcess {
    child: ChildProcessWithoutNullStreams;
    /** `http://127.0.0.1:PORT` (no slash). */
    origin: string;
    dir: string;
    stdout(): string;
    /** The heap the server uses after a full GC, in MB. */
    heapMb(): Promise<number>;
    stop(): Promise<number | null>;
}

/**
 * Loaded into the preview process (test code, not the product's): on SIGUSR2, once the server
 * has seen every /events connection close (the event that frees what it held for it, not a
 * time waited), prints the heap after a forced GC.
 */
const HEAP_PROBE = `
const http = require('node:http');
const open = new Set();
let measure;
const settled = () => {
    if (open.size > 0 || !measure) return;
    const report = measure;
    measure = undefined;
    // After the server's own 'close' listeners, which ran before this one.
    setImmediate(report);
};
const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function (event, request, response) {
    const result = emit.apply(this, arguments);
    if (event === 'request' && request.url.startsWith('/events') && !response.closed) {
        open.add(response);
        response.on('close', () => {
            open.delete(response);
            settled();
        });
    }
    return result;
};
process.on('SIGUSR2', () => {
    process.stderr.write('waiting for ' + open.size + ' /events connections to close\\n');
    measure = () => {
        for (let i = 0; i < 3; i++) global.gc();
        process.stderr.write('heap ' + process.memoryUsage().heapUsed + '\\n');
    };
    settled();
});
`;

/** How long the preview may take to print its URL or its heap: a safety net far above what a loaded machine takes. */
const WITHIN_MS = 20_000;

export async function startPreviewProcess(files: Record<string, string>, file: string): Promise<PreviewProcess> {
    const dir = tempTree(files);
    const probe = join(dir, '..', `heap-probe-${process.pid}-${Date.now()}.cjs`);
    writeFileSync(probe, HEAP_PROBE);
    const { child, url, stdout, stderr, untilPrintedOnStderr, exited } = await startPreview(file, dir, ['--expose-gc', '--require', probe]);
    return {
        child, origin: url.slice(0, -1), dir, stdout,
        async heapMb() {
            const from = stderr().length;
            child.kill('SIGUSR2');
            const [, bytes] = await untilPrintedOnStderr(/heap (\d+)\n/, 'the heap report (printed once every /events connection closed)', from);
            return Number(bytes) / 1048576;
        },
        async stop() {
            child.kill('SIGINT');
            return exited;
        }
    };
}

export interface Reply { status: number; headers: IncomingHttpHeaders; body: string }

/** One HTTP request; `body` may be a string or a function that writes it (for large or slow bodies). */
export function http(url: string, options: { method?: string; headers?: Record<string, string | number>; body?: string } = {}): Promise<Reply> {
    return new Promise((done, fail) => {
        const req = request(url, { method: options.method ?? 'GET', headers: options.headers }, response => {
            let body = '';
            response.setEncoding('utf8').on('data', c => { body += c; }).on('end', () => done({ status: response.statusCode ?? 0, headers: response.headers, body }));
        });
        req.on('error', fail);
        req.end(options.body);
    });
}

/** The per-run secret the page carries (`<meta name="journey-preview-secret">`), as the page's own script reads it. */
export async function pageSecret(origin: string): Promise<string> {
    const page = await http(`${origin}/`);
    const secret = /<meta name="journey-preview-secret" content="([^"]+)">/.exec(page.body)?.[1];
    if (!secret) throw new Error('the page carries no secret');
    return secret;
}

/** The `diagram` events of an SSE stream, parsed as they arrive (the models, sent packed as JSON text, unpacked). */
export function subscribe(url: string, headers: Record<string, string> = {}) {
    const events: DiagramMessage[] = [];
    const checks = new Set<() => void>();
    const changed = () => checks.forEach(check => check());
    let status = 0;
    let ended = false;
    const req = request(url, { headers }, response => {
        status = response.statusCode ?? 0;
        let buffer = '';
        response.setEncoding('utf8').on('data', chunk => {
            buffer += chunk;
            let end;
            while ((end = buffer.indexOf('\n\n')) >= 0) {
                const block = buffer.slice(0, end);
                buffer = buffer.slice(end + 2);
                const data = block.split('\n').find(l => l.startsWith('data: '));
                if (block.startsWith('event: diagram') && data) events.push(unpacked(JSON.parse(data.slice(6)) as PackedDiagramMessage));
            }
            changed();
        });
        response.on('close', () => {
            ended = true;
            changed();
        });
    });
    req.on('error', () => {
        ended = true;
        changed();
    }).end();
    /** Resolves once `count` diagram events came, checked as each chunk arrives; rejects once the stream ended short of them, or after `withinMs`. */
    const until = (count: number, withinMs = WITHIN_MS) => new Promise<void>((resolve, reject) => {
        const stop = () => {
            checks.delete(check);
            clearTimeout(timer);
        };
        const fail = (why: string) => {
            stop();
            reject(new Error(`${events.length} of ${count} diagram events (status ${status}): ${why}`));
        };
        const check = () => {
            if (events.length >= count) {
                stop();
                resolve();
            } else if (ended) {
                fail('the stream ended');
            }
        };
        const timer = setTimeout(() => fail(`none more within ${withinMs} ms`), withinMs);
        checks.add(check);
        check();
    });
    return { events, until, status: () => status, close: () => req.destroy() };
}

function unpacked({ models, journeys: _, ...message }: PackedDiagramMessage): DiagramMessage {
    return { ...message, diagrams: JSON.parse(models) as DiagramMessage['diagrams'] };
}
