// The bundled language server as any editor meets it: a child process speaking JSON-RPC over
// stdio. Shared by the LSP tests and the benchmarks that time the real server.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node.js';
import type { ClientCapabilities, Diagnostic, InitializeResult, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { REPO } from '../examples.js';

export interface StdioServer {
    readonly child: ChildProcessWithoutNullStreams;
    readonly connection: MessageConnection;
    /** Everything the server wrote on stderr so far. */
    stderr(): string;
    /** The exit code, once the process ends. */
    readonly exited: Promise<number | null>;
    /** The diagnostics the server last published, by document URI. */
    readonly diagnostics: ReadonlyMap<string, Diagnostic[]>;
    /**
     * Resolves once `ready()` holds: checked now and after each diagnostics notification, the
     * event that can change it, so no sleep decides how long a loaded machine may take. Rejects,
     * saying what it waited for, when the server exits or after `withinMs` (a server that never
     * publishes fails the test instead of hanging it). Ask for the diagnostics that prove the
     * state (a message naming what was written), not for any: a file read half-written, or
     * published before, also has some.
     */
    waitForDiagnostics(ready: () => boolean, what: string, withinMs?: number): Promise<void>;
    /** `initialize` with the folder as root and only workspace folder, or several folders, the first as root (and `params`, e.g. the client's `locale`), then `initialized`. */
    initialize(folder: string | readonly string[], capabilities: ClientCapabilities, params?: { locale?: string }): Promise<InitializeResult>;
    stop(): void;
}

/** How long a wait for diagnostics may take before it fails: far above what a loaded machine takes (under 0.5 s at a load of 14 on 2 cores). */
export const DIAGNOSTICS_WITHIN_MS = 20_000;

export interface StdioServerOptions {
    /** The answer to `workspace/configuration` (default: empty settings for each item). */
    configuration?: (items: unknown[]) => unknown;
    /** Called with the method of each request the server sends the client. */
    onServerRequest?: (method: string) => void;
}

/** Starts `node args…` (default: out/server.cjs --stdio) from the repository and connects to it. */
export function startStdioServer(args: string[] = ['out/server.cjs', '--stdio'], options: StdioServerOptions = {}): StdioServer {
    const child = spawn(process.execPath, args, { cwd: REPO });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', chunk => { stderr += chunk; });
    const exited = new Promise<number | null>(resolve => child.on('exit', code => resolve(code)));
    const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    const diagnostics = new Map<string, Diagnostic[]>();
    const published = new Set<() => void>();
    connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
        diagnostics.set(params.uri, params.diagnostics);
        published.forEach(check => check());
    });
    connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => {
        options.onServerRequest?.('workspace/configuration');
        return options.configuration ? options.configuration(params.items) : params.items.map(() => ({}));
    });
    connection.onRequest('client/registerCapability', () => {
        options.onServerRequest?.('client/registerCapability');
        return null;
    });
    connection.listen();
    let exitCode: number | null | undefined;
    void exited.then(code => {
        exitCode = code;
        published.forEach(check => check());
    });
    return {
        child, connection, exited, diagnostics,
        stderr: () => stderr,
        waitForDiagnostics(ready, what, withinMs = DIAGNOSTICS_WITHIN_MS) {
            return new Promise((resolve, reject) => {
                const finish = (error?: Error) => {
                    published.delete(check);
                    clearTimeout(timer);
                    if (error) reject(error); else resolve();
                };
                const fail = (why: string) => finish(new Error(`no diagnostics showing ${what}: ${why}; server stderr:\n${stderr}`));
                const check = () => {
                    if (ready()) finish();
                    else if (exitCode !== undefined) fail(`the server exited (code ${exitCode})`);
                };
                const timer = setTimeout(() => fail(`none within ${withinMs} ms`), withinMs);
                published.add(check);
                check();
            });
        },
        async initialize(folder, capabilities, params = {}) {
            const uris = (typeof folder === 'string' ? [folder] : folder).map(path => pathToFileURL(path).toString());
            const result = await connection.sendRequest<InitializeResult>('initialize', {
                processId: process.pid, rootUri: uris[0], workspaceFolders: uris.map((uri, i) => ({ uri, name: i === 0 ? 'maps' : `maps${i + 1}` })), capabilities, ...params
            });
            await connection.sendNotification('initialized', {});
            return result;
        },
        stop() {
            connection.dispose();
            if (child.exitCode === null) child.kill();
        }
    };
}
