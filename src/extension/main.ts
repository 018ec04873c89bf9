// The extension's entry: the language client and the preview. The only code importing `vscode`
// lives in src/extension/.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node.js';
import { createLanguageClient } from './client.js';
import { PreviewManager } from './preview.js';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
    // One log for the extension and the language server (the client writes the server's console
    // there): Output › Journey, with levels and timestamps, filterable with "Developer: Set Log Level".
    const log = vscode.window.createOutputChannel('Journey', { log: true });
    client = createLanguageClient(context, log);
    const previews = new PreviewManager(context, client, log);
    context.subscriptions.push(
        log,
        previews,
        vscode.commands.registerCommand('journey.openPreview', (uri?: vscode.Uri) => previews.open(uri, false)),
        vscode.commands.registerCommand('journey.openPreviewToSide', (uri?: vscode.Uri) => previews.open(uri, true))
    );
    // Not awaited: activation must stay fast; the client queues requests until the server is up.
    client.start().catch(error => log.error('the language server failed to start:', error));
}

export async function deactivate(): Promise<void> {
    await client?.stop();
}
