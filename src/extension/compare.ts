// *Journey: Compare Journeys…*: two quick picks (current journeys offered first as the
// "before", ideal ones first as the "after"), then the comparison picture beside the editor,
// redrawn as either file is edited. The language server draws it (journey/compare).
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node.js';
import { CompareRequest, JourneysRequest, type CompareParams, type CompareResult, type JourneyEntry } from '../common/compare-protocol.js';
import { showSource } from './reveal.js';
import { errorMessage } from '../common/errors.js';
import { DEFAULT_LOCALE, matchLocale, t, type Locale } from '../i18n/index.js';
import { escapeAttribute } from '../common/html-page.js';
import { comparePageHtml } from '../preview-host/compare-page.js';

const VIEW_TYPE = 'journey.compare';
/** Edits are redrawn after this pause, so typing does not redraw on every key. */
const REDRAW_DELAY_MS = 300;

/** The command `journey.compareJourneys` (registered in main.ts). */
export async function compareJourneys(client: LanguageClient): Promise<void> {
    const journeys = await client.sendRequest<JourneyEntry[]>(JourneysRequest.method);
    if (journeys.length < 2) {
        void vscode.window.showInformationMessage(vscode.l10n.t('Compare Journeys needs two journeys in the workspace.'));
        return;
    }
    const from = await pick(journeys, vscode.l10n.t('Compare Journeys (1/2): the journey before, e.g. the current one'), 'current');
    if (!from) return;
    const to = await pick(journeys.filter(j => j !== from), vscode.l10n.t('Compare Journeys (2/2): {0} → which journey?', from.label), 'ideal');
    if (!to) return;
    openComparison(client, { from: { uri: from.uri, id: from.id }, to: { uri: to.uri, id: to.id } }, `${from.label} → ${to.label}`);
}

async function pick(journeys: JourneyEntry[], title: string, first: 'current' | 'ideal'): Promise<JourneyEntry | undefined> {
    const ordered = [...journeys.filter(j => j.state === first), ...journeys.filter(j => j.state !== first)];
    const chosen = await vscode.window.showQuickPick(ordered.map(entry => ({
        label: entry.label,
        description: [entry.id, entry.state && stateWord(entry.state)].filter(Boolean).join(' · '),
        detail: vscode.workspace.asRelativePath(vscode.Uri.parse(entry.uri)),
        entry
    })), { title, matchOnDescription: true, matchOnDetail: true });
    return chosen?.entry;
}

/** `current` / `ideal`, as the quick pick says them: the map's words (src/i18n), in VS Code's display language. */
function stateWord(state: string): string {
    if (state !== 'current' && state !== 'ideal') return state;
    const locale = displayLocale();
    return t(locale, `map.state.${state}`).toLocaleLowerCase(locale);
}

/** VS Code's display language, as the product's locales have it. */
function displayLocale(): Locale {
    return matchLocale(vscode.env.language) ?? DEFAULT_LOCALE;
}

function openComparison(client: LanguageClient, params: CompareParams, title: string): void {
    const panel = vscode.window.createWebviewPanel(VIEW_TYPE, vscode.l10n.t('Compare: {0}', title), { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, { enableScripts: true });
    let timer: NodeJS.Timeout | undefined;
    let sources: CompareResult['sources'] = { from: {}, to: {} };
    // Requests overlap when the server is slower than the redraw pause: only the newest one's
    // answer (or failure) is shown, whatever order the answers arrive in.
    let newest = 0;
    const draw = async () => {
        const request = ++newest;
        try {
            const result = await client.sendRequest<CompareResult>(CompareRequest.method, params);
            if (request !== newest) return;
            sources = result.sources;
            panel.webview.html = page(result);
        } catch (error) {
            if (request === newest) panel.webview.html = page(undefined, error instanceof Error ? error.message : String(error));
        }
    };
    // Click-to-source: the element's name in its file, in the editor column.
    panel.webview.onDidReceiveMessage(async (message: { side?: 'from' | 'to'; key?: string }) => {
        const range = message.side && message.key ? sources[message.side]?.[message.key] : undefined;
        if (!range || !message.side) return;
        const selection = new vscode.Selection(range.start.line, range.start.character, range.end.line, range.end.character);
        await showSource(panel, vscode.Uri.parse(params[message.side].uri), selection, vscode.ViewColumn.One)
            .catch(error => vscode.window.showErrorMessage(vscode.l10n.t('Could not show the source: {0}', errorMessage(error))));
    });
    const watched = new Set([params.from.uri, params.to.uri]);
    const listener = vscode.workspace.onDidChangeTextDocument(event => {
        if (!watched.has(event.document.uri.toString())) return;
        clearTimeout(timer);
        timer = setTimeout(() => void draw(), REDRAW_DELAY_MS);
    });
    panel.onDidDispose(() => { clearTimeout(timer); listener.dispose(); });
    void draw();
}

/** The picture, its colours VS Code's theme variables (comparePageHtml). */
function page(result: CompareResult | undefined, error?: string): string {
    const body = result ? result.svg : `<p>${escapeAttribute(error ?? '')}</p>`;
    return comparePageHtml({ body, nonce: randomBytes(16).toString('base64'), locale: displayLocale() });
}
