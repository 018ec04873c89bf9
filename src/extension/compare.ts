// *Journey: Compare Journeys…*: two quick picks (current journeys offered first as the
// "before", ideal ones first as the "after"), then the comparison picture beside the editor,
// redrawn as either file is edited. The language server draws it (journey/compare).
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node.js';
import { CompareRequest, JourneysRequest, type CompareParams, type CompareResult, type JourneyEntry } from '../shared/compare-protocol.js';

const VIEW_TYPE = 'journey.compare';
/** Edits are redrawn after this pause, so typing does not redraw on every key. */
const REDRAW_DELAY_MS = 300;

export function registerCompareCommand(client: LanguageClient): vscode.Disposable {
    return vscode.commands.registerCommand('journey.compareJourneys', async () => {
        const journeys = await client.sendRequest<JourneyEntry[]>(JourneysRequest.method);
        if (journeys.length < 2) {
            void vscode.window.showInformationMessage('Compare Journeys needs two journeys in the workspace.');
            return;
        }
        const from = await pick(journeys, 'Compare Journeys (1/2): the journey before, e.g. the current one', 'current');
        if (!from) return;
        const to = await pick(journeys.filter(j => j !== from), `Compare Journeys (2/2): ${from.label} → which journey?`, 'ideal');
        if (!to) return;
        openComparison(client, { from: { uri: from.uri, id: from.id }, to: { uri: to.uri, id: to.id } }, `${from.label} → ${to.label}`);
    });
}

async function pick(journeys: JourneyEntry[], title: string, first: 'current' | 'ideal'): Promise<JourneyEntry | undefined> {
    const ordered = [...journeys.filter(j => j.state === first), ...journeys.filter(j => j.state !== first)];
    const chosen = await vscode.window.showQuickPick(ordered.map(entry => ({
        label: entry.label,
        description: [entry.id, entry.state].filter(Boolean).join(' · '),
        detail: vscode.workspace.asRelativePath(vscode.Uri.parse(entry.uri)),
        entry
    })), { title, matchOnDescription: true, matchOnDetail: true });
    return chosen?.entry;
}

function openComparison(client: LanguageClient, params: CompareParams, title: string): void {
    const panel = vscode.window.createWebviewPanel(VIEW_TYPE, `Compare: ${title}`, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, { enableScripts: false });
    let timer: NodeJS.Timeout | undefined;
    const draw = async () => {
        try {
            const result = await client.sendRequest<CompareResult>(CompareRequest.method, params);
            panel.webview.html = page(result);
        } catch (error) {
            panel.webview.html = page(undefined, error instanceof Error ? error.message : String(error));
        }
    };
    const watched = new Set([params.from.uri, params.to.uri]);
    const listener = vscode.workspace.onDidChangeTextDocument(event => {
        if (!watched.has(event.document.uri.toString())) return;
        clearTimeout(timer);
        timer = setTimeout(() => void draw(), REDRAW_DELAY_MS);
    });
    panel.onDidDispose(() => { clearTimeout(timer); listener.dispose(); });
    void draw();
}

/** The picture alone: no script; its styles are inline, its colours VS Code's theme variables. */
function page(result: CompareResult | undefined, error?: string): string {
    const body = result ? result.svg : `<p>${(error ?? '').replace(/[&<>]/g, ch => ch === '&' ? '&amp;' : ch === '<' ? '&lt;' : '&gt;')}</p>`;
    return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<style>body { margin: 0; padding: 8px; } svg { display: block; }</style>
</head><body>${body}</body></html>`;
}
