// The bundled language server as any editor meets it: a child process speaking JSON-RPC over
// stdio. Shared by the LSP tests and the benchmarks that time the real server.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node.js';
import type { ClientCapabilities, InitializeResult } from 'vscode-languageserver-protocol';
import { REPO } from '../examples.js';

export interface StdioServer {
    readonly child: ChildProcessWithoutNullStreams;
    readonly connection: MessageConnection;
    /** Everything the server wrote on stderr so far. */
    stderr(): string;
    /** The exit code, once the process ends. */
    readonly exited: Promise<number | null>;
    /** `initialize` with the folder as root and only workspace folder, or several folders, the first as root (and `params`, e.g. the client's `locale`), then `initialized`. */
    initialize(folder: string | readonly string[], capabilities: ClientCapabilities, params?: { locale?: string }): Promise<InitializeResult>;
    stop(): void;
}

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
    connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => {
        options.onServerRequest?.('workspace/configuration');
        return options.configuration ? options.configuration(params.items) : params.items.map(() => ({}));
    });
    connection.onRequest('client/registerCapability', () => {
        options.onServerRequest?.('client/registerCapability');
        return null;
    });
    connection.listen();
    return {
        child, connection, exited,
        stderr: () => stderr,
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
