// The language client: starts out/server.cjs over IPC for `journey` documents.
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node.js';

export function createLanguageClient(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): LanguageClient {
    const module = context.asAbsolutePath('out/server.cjs');
    const serverOptions: ServerOptions = {
        run: { module, transport: TransportKind.ipc },
        debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } }
    };
    // The server asks for the `journey` settings section itself (Langium registers for its changes).
    const clientOptions: LanguageClientOptions = {
        documentSelector: [{ language: 'journey' }],
        outputChannel: log
    };
    return new LanguageClient('journey', vscode.l10n.t('Journey Language Server'), serverOptions, clientOptions);
}
