// The extension's entry: the language client and the preview. The only code importing `vscode`
// lives in src/extension/. Activation registers commands and the preview's serializer only: the
// language client (vscode-languageclient), the preview and the comparison view live in
// ./on-demand.js, a bundle of its own (out/extension-on-demand.cjs, see esbuild.mjs) that is
// loaded on first use, so out/extension.cjs holds only this file. The client starts right after
// activation, off its clock. The bundle stays CommonJS (.cjs although package.json says
// "type": "module"): the extension host require()s a .cjs main synchronously, but import()s an
// ES module main, and the other extensions' work done while that import waits would count as ours.
// (Even so VS Code's code-loading clock starts before an await, so extensions activated in the
// same batch, e.g. emmet on the first file of any language, add their loading to our time:
// bench/activation.bench.ts shows that split.)
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node.js';
import { PREVIEW_VIEW_TYPE, type PreviewState } from '../common/webview-messages.js';
import type { PreviewManager } from './preview.js';

/** The code activation does not need (a separate file, required on first call). */
const onDemand = () => import('./on-demand.js');

let starting: Promise<LanguageClient> | undefined;
let stopped = false;

export function activate(context: vscode.ExtensionContext): void {
    stopped = false;
    // One log for the extension and the language server (the client writes the server's console
    // there): Output › Journey, with levels and timestamps, filterable with "Developer: Set Log Level".
    const log = vscode.window.createOutputChannel('Journey', { log: true });
    context.subscriptions.push(log);
    const client = () => starting ??= startClient(context, log);
    let previews: Promise<PreviewManager> | undefined;
    const preview = () => previews ??= Promise.all([onDemand(), client()]).then(([{ PreviewManager }, started]) => {
        const manager = new PreviewManager(context, started, log);
        context.subscriptions.push(manager);
        return manager;
    });
    const serializer: vscode.WebviewPanelSerializer<PreviewState> = {
        deserializeWebviewPanel: async (panel, state) => (await preview()).deserializeWebviewPanel(panel, state)
    };
    context.subscriptions.push(
        vscode.window.registerWebviewPanelSerializer(PREVIEW_VIEW_TYPE, serializer),
        vscode.commands.registerCommand('journey.openPreview', async (uri?: vscode.Uri) => (await preview()).open(uri, false)),
        vscode.commands.registerCommand('journey.openPreviewToSide', async (uri?: vscode.Uri) => (await preview()).open(uri, true)),
        vscode.commands.registerCommand('journey.compareJourneys', async () => (await onDemand()).compareJourneys(await client()))
    );
    // The server is wanted at once (diagnostics), but activation need not wait for it to load.
    setTimeout(() => void client(), 0);
}

async function startClient(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): Promise<LanguageClient> {
    const { createLanguageClient } = await onDemand();
    const client = createLanguageClient(context, log);
    // Not awaited: the client queues requests until the server is up.
    if (!stopped) client.start().catch(error => log.error(vscode.l10n.t('the language server failed to start:'), error));
    return client;
}

export async function deactivate(): Promise<void> {
    stopped = true;
    const client = await starting;
    await client?.stop();
}
