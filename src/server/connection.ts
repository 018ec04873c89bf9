import { format } from 'node:util';
import {
    createConnection, ErrorCodes, Message, ProposedFeatures, ResponseError,
    type Connection, type ConnectionOptions, type MessageStrategy
} from 'vscode-languageserver/node.js';
import { MessageFramingGuard } from './message-framing.js';

/** Requests that come before `initialize` are answered by this handler only. */
const NOT_INITIALIZED_METHOD = 'journey/$notInitialized';

/**
 * The server's connection, on the transport the command line names
 * (`--node-ipc` for the VS Code client, `--stdio` for other editors), hardened:
 * - a request before `initialize` gets ServerNotInitialized (-32002), as the
 *   protocol requires, and notifications before it are dropped (except `exit`);
 * - over stdio, a badly framed message is dropped and reading goes on at the
 *   next one (see MessageFramingGuard) instead of leaving the server deaf.
 */
export function createJourneyConnection(): Connection {
    const options: ConnectionOptions = { messageStrategy: untilInitialized() };
    const connection = process.argv.includes('--stdio')
        ? createStdioConnection(options)
        : createConnection(ProposedFeatures.all, options);
    connection.onRequest(NOT_INITIALIZED_METHOD, (params: { method?: string }) =>
        new ResponseError(ErrorCodes.ServerNotInitialized, `The server is not initialized: send 'initialize' before '${params?.method ?? 'this request'}'.`));
    return connection;
}

function untilInitialized(): MessageStrategy {
    let initializeSeen = false;
    return {
        handleMessage(message, next) {
            if (initializeSeen) return next(message);
            if (Message.isRequest(message)) {
                if (message.method === 'initialize') {
                    initializeSeen = true;
                    return next(message);
                }
                // Same id, so the answer goes to the request; the handler above gives the error.
                return next({ ...message, method: NOT_INITIALIZED_METHOD, params: { method: message.method } } as Message);
            }
            if (Message.isNotification(message) && message.method === 'exit') return next(message);
            // Other notifications before initialize are dropped (the protocol says so); responses pass.
            if (!Message.isNotification(message)) next(message);
        }
    };
}

/**
 * stdin through the framing guard. Given streams (rather than `--stdio`),
 * vscode-languageserver no longer sends console output to the client, so that
 * is done here: a stray `console.log` must never corrupt stdout.
 */
function createStdioConnection(options: ConnectionOptions): Connection {
    const input = process.stdin.pipe(new MessageFramingGuard(problem => process.stderr.write(`${problem}\n`)));
    const connection = createConnection(ProposedFeatures.all, input, process.stdout, options);
    const send = (level: 'log' | 'info' | 'warn' | 'error') => (...args: unknown[]) => connection.console[level](format(...args));
    console.log = send('log');
    console.info = send('info');
    console.debug = send('log');
    console.warn = send('warn');
    console.error = send('error');
    return connection;
}
