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

const HEAP_PROBE = `
process.on('SIGUSR2', () => {
    for (let i = 0; i < 3; i++) global.gc();
    process.stderr.write('heap ' + process.memoryUsage().heapUsed + '\\n');
});
`;

export async function startPreviewProcess(files: Record<string, string>, file: string): Promise<PreviewProcess> {
    const dir = tempTree(files);
    const probe = join(dir, '..', `heap-probe-${process.pid}-${Date.now()}.cjs`);
    writeFileSync(probe, HEAP_PROBE);
    const { child, url, stdout, stderr, exited } = await startPreview(file, dir, ['--expose-gc', '--require', probe]);
    return {
        child, origin: url.slice(0, -1), dir, stdout,
        async heapMb() {
            const seen = stderr().length;
            child.kill('SIGUSR2');
            const until = Date.now() + 10_000;
            while (!/heap (\d+)\n/.test(stderr().slice(seen))) {
                if (Date.now() > until) throw new Error(`no heap report: ${stderr()}`);
                await new Promise(resolve => setTimeout(resolve, 20));
            }
            return Number(/heap (\d+)\n/.exec(stderr().slice(seen))![1]) / 1048576;
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
    const waiters: Array<() => void> = [];
    let status = 0;
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
                waiters.splice(0).forEach(w => w());
            }
        });
        response.on('end', () => waiters.splice(0).forEach(w => w()));
    });
    req.on('error', () => undefined).end();
    const until = async (count: number, withinMs = 10_000) => {
        const deadline = Date.now() + withinMs;
        while (events.length < count) {
            if (Date.now() > deadline) throw new Error(`${events.length} of ${count} diagram events (status ${status})`);
            await new Promise<void>(resolve => { waiters.push(resolve); setTimeout(resolve, 50); });
        }
    };
    return { events, until, status: () => status, close: () => req.destroy() };
}

function unpacked({ models, journeys: _, ...message }: PackedDiagramMessage): DiagramMessage {
    return { ...message, diagrams: JSON.parse(models) as DiagramMessage['diagrams'] };
}
