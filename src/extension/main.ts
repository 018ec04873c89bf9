// The extension's entry: the language client and the preview. The only code importing `vscode`
// lives in src/extension/.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node.js';
import { createLanguageClient } from './client.js';
import { compareJourneys } from './compare.js';
import { PreviewManager } from './preview.js';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
    client = createLanguageClient(context);
    const previews = new PreviewManager(context, client);
    context.subscriptions.push(
        previews,
        vscode.commands.registerCommand('journey.openPreview', (uri?: vscode.Uri) => previews.open(uri, false)),
        vscode.commands.registerCommand('journey.openPreviewToSide', (uri?: vscode.Uri) => previews.open(uri, true)),
        vscode.commands.registerCommand('journey.compareJourneys', () => compareJourneys(client!))
    );
    // Not awaited: activation must stay fast; the client queues requests until the server is up.
    client.start().catch(error => console.error('journey: the language server failed to start:', error));
}

export async function deactivate(): Promise<void> {
    await client?.stop();
}
