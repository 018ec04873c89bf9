// The preview panel: one webview that follows the active journey editor, asks the language
// server for diagram models whenever the document is rebuilt (no save needed), and turns
// the webview's clicks and exports into editor selections and files.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node.js';
import { LSPErrorCodes, ResponseError } from 'vscode-languageserver-protocol';
import type { DiagramOptions, SourceRange } from '../diagram/types.js';
import { DiagramChangesRequest, DocumentChangedNotification, type DiagramChangesParams } from '../common/server-protocol.js';
import { takeDiagramAnswer, type DiagramAnswer, type HeldDiagrams } from '../common/diagram-answers.js';
import {
    checkWebviewMessage, packDiagramMessage, pageDiagramMessage, PREVIEW_VIEW_TYPE, restoredPreviewState, type ExportMessage, type HostToWebviewMessage, type PreviewState, type WebviewToHostMessage
} from '../common/webview-messages.js';
import { echoChanges, echoSpans, spansAgree, type EchoSpan } from '../common/label-echo.js';
import { createNonce, previewHtml } from '../preview-host/page.js';
import { matchLocale } from '../i18n/index.js';
import { showSource } from './reveal.js';
import { previewOptionsFromSettings, PREVIEW_SECTION } from './settings.js';
import { errorMessage } from '../common/errors.js';

/** Loaded on first use (src/extension/main.ts registers the serializer and commands that load it). */
export class PreviewManager implements vscode.WebviewPanelSerializer<PreviewState>, vscode.Disposable {
    private preview?: Preview;
    private readonly disposables: vscode.Disposable[] = [];

    constructor(private readonly context: vscode.ExtensionContext, private readonly client: LanguageClient, private readonly log: vscode.LogOutputChannel) {
        this.disposables.push(
            vscode.window.onDidChangeActiveTextEditor(editor => {
                if (editor && isJourney(editor.document)) this.preview?.show(editor.document.uri);
            }),
            vscode.window.onDidChangeTextEditorSelection(event => {
                this.preview?.cursorMoved(event.textEditor.document.uri, event.selections[0].active);
            }),
            vscode.workspace.onDidChangeTextDocument(event => {
                this.preview?.textChanged(event);
            }),
            vscode.workspace.onDidChangeConfiguration(event => {
                if (event.affectsConfiguration(PREVIEW_SECTION)) this.preview?.settingsChanged();
            }),
            client.onNotification(DocumentChangedNotification, params => {
                this.preview?.documentChanged(params.uris);
            })
        );
    }

    /** "Journey: Open Preview" (same column) and "… to the Side" (beside). */
    open(uri: vscode.Uri | undefined, beside: boolean): void {
        const document = uri ?? vscode.window.activeTextEditor?.document.uri;
        if (!document) {
            void vscode.window.showInformationMessage(vscode.l10n.t('Open a .journey file to preview it.'));
            return;
        }
        const column = beside ? vscode.ViewColumn.Beside : vscode.window.activeTextEditor?.viewColumn ?? vscode.ViewColumn.Active;
        if (this.preview) {
            this.preview.panel.reveal(column, beside);
            this.preview.show(document);
            return;
        }
        const panel = vscode.window.createWebviewPanel(PREVIEW_VIEW_TYPE, vscode.l10n.t('Journey Preview'), { viewColumn: column, preserveFocus: beside },
            webviewOptions(this.context.extensionUri));
        this.adopt(panel, document, undefined);
    }

    /**
     * Brings a preview back after a restart: on the active journey editor when there is one
     * (the preview follows it, and no editor change will come to say so), else on the
     * document it showed.
     */
    async deserializeWebviewPanel(panel: vscode.WebviewPanel, saved: PreviewState | undefined): Promise<void> {
        const state = restoredPreviewState(saved);
        const active = vscode.window.activeTextEditor?.document;
        const uri = active && isJourney(active) ? active.uri : state?.uri ? vscode.Uri.parse(state.uri) : undefined;
        this.adopt(panel, uri, state?.options);
    }

    dispose(): void {
        this.preview?.panel.dispose();
        for (const disposable of this.disposables) disposable.dispose();
    }

    private adopt(panel: vscode.WebviewPanel, uri: vscode.Uri | undefined, options: DiagramOptions | undefined): void {
        // One preview follows the editor; a second restored panel replaces the first.
        this.preview?.panel.dispose();
        const preview = new Preview(panel, this.context.extensionUri, this.client, this.log, options);
        this.preview = preview;
        panel.onDidDispose(() => {
            if (this.preview === preview) this.preview = undefined;
            preview.dispose();
        });
        if (uri) preview.show(uri);
    }
}

class Preview {
    private uri?: vscode.Uri;
    private options: DiagramOptions;
    private ready = false;
    private timer?: ReturnType<typeof setTimeout>;
    private inFlight = false;
    private again = false;
    /**
     * A change came while the panel was hidden with its page kept (retainContextWhenHidden, not
     * ours today): ask once it shows again. A discarded page asks itself, with its new `ready`.
     */
    private stale = false;
    /**
     * The literals of the texts the page draws, where they are in the document now (the last
     * diagram posted, moved by the edits echoed since); undefined when unknown (an edit was not
     * echoed, the text has errors): then only the server's answer shows the next edits.
     */
    private spans?: Map<number, readonly EchoSpan[]>;
    /** The shown document's version of the last edit echoed: an answer to an older request would undo it on screen. */
    private echoedVersion = -1;
    /** The server's last answer for the shown document: the next one is what changed since (see src/common/diagram-answers.ts). */
    private held?: HeldDiagrams;
    /**
     * The answer whose models the page holds (the last one posted, whole or as changes): the next
     * answer goes to it as what changed since. Undefined: it holds none we know of (not posted
     * yet, another document, the page reloaded or asked for the models whole).
     */
    private pageHolds?: HeldDiagrams;
    private readonly disposables: vscode.Disposable[] = [];

    constructor(readonly panel: vscode.WebviewPanel, private readonly extensionUri: vscode.Uri,
        private readonly client: LanguageClient, private readonly log: vscode.LogOutputChannel, options: DiagramOptions | undefined) {
        this.options = options ?? previewOptionsFromSettings();
        panel.webview.options = webviewOptions(extensionUri);
        panel.iconPath = vscode.Uri.joinPath(extensionUri, 'images', 'preview.svg');
        panel.webview.html = this.html();
        this.disposables.push(
            panel.webview.onDidReceiveMessage((message: unknown) => this.receivedUnchecked(message)),
            panel.onDidChangeViewState(() => {
                if (!panel.visible && !panel.options.retainContextWhenHidden) this.discarded();
                else if (this.stale) this.refresh();
            })
        );
    }

    dispose(): void {
        clearTimeout(this.timer);
        for (const disposable of this.disposables) disposable.dispose();
    }

    /**
     * The panel was hidden: VS Code discarded its page (no retainContextWhenHidden). Shown again,
     * the page loads anew, holds no models and says `ready`: only then is it sent them (whole, once).
     */
    private discarded(): void {
        this.ready = false;
        this.pageHolds = undefined;
        // The spans are of the texts the old page drew: echoes to the new one would move nothing it holds.
        this.spans = undefined;
    }

    show(uri: vscode.Uri): void {
        if (this.uri?.toString() === uri.toString()) return;
        this.uri = uri;
        // Spans, versions and answers are the document's: another one starts with none.
        this.spans = undefined;
        this.echoedVersion = -1;
        this.held = undefined;
        this.pageHolds = undefined;
        this.panel.title = vscode.l10n.t('Preview {0}', uri.path.slice(uri.path.lastIndexOf('/') + 1));
        this.refresh();
    }

    documentChanged(uris: string[]): void {
        // No debounce: the server sends this once per finished build, and a request in
        // flight makes the next ones wait and merge (see request()).
        const shown = this.uri;
        if (shown && uris.some(uri => sameUri(shown, uri))) this.refresh();
    }

    /** Echoes a label edit to the page at once (the server's diagram follows); else forgets the spans, which it moved. */
    textChanged(event: vscode.TextDocumentChangeEvent): void {
        if (!this.uri || event.document.uri.toString() !== this.uri.toString() || event.contentChanges.length === 0) return;
        const echo = this.spans && this.ready && this.panel.visible ? echoChanges(this.spans, event.contentChanges) : undefined;
        const lineText = (line: number) => line < event.document.lineCount ? event.document.lineAt(line).text : undefined;
        if (!echo || !spansAgree([...echo.lines.values()].flat(), lineText)) {
            this.spans = undefined;
            return;
        }
        for (const [line, spans] of echo.lines) this.spans!.set(line, spans);
        this.echoedVersion = event.document.version;
        this.post({ type: 'echo', uri: this.uri.toString(), edits: echo.edits });
    }

    cursorMoved(uri: vscode.Uri, position: vscode.Position): void {
        if (!this.ready || !this.uri || this.uri.toString() !== uri.toString()) return;
        this.post({ type: 'cursor', uri: uri.toString(), position: { line: position.line, character: position.character } });
    }

    settingsChanged(): void {
        this.options = { ...previewOptionsFromSettings(this.uri), ...(this.options.persona ? { persona: this.options.persona } : {}) };
        this.refresh();
    }

    /** A message as the webview sent it: checked first (a page must not poison the options). */
    private receivedUnchecked(message: unknown): void {
        let checked: WebviewToHostMessage;
        try {
            checked = checkWebviewMessage(message);
        } catch (error) {
            this.log.warn(vscode.l10n.t('ignored a preview message:'), errorMessage(error));
            return;
        }
        this.received(checked);
    }

    private received(message: WebviewToHostMessage): void {
        switch (message?.type) {
            case 'ready':
                // A page (re)loaded holds no models.
                this.ready = true;
                this.pageHolds = undefined;
                this.refresh();
                break;
            case 'resend':
                this.pageHolds = undefined;
                this.refresh();
                break;
            case 'reveal':
                revealSource(this.panel, message.uri, message.range)
                    .catch(error => this.log.error(vscode.l10n.t('could not reveal the card source:'), error));
                break;
            case 'options':
                // Pages before 0.2 sent their toolbar here; the page applies it itself now.
                this.options = message.options;
                break;
            case 'export':
                void this.save(message);
                break;
        }
    }

    /** Asks for the models on the next turn; one request at a time, the last change always wins. */
    private refresh(): void {
        clearTimeout(this.timer);
        this.timer = setTimeout(() => void this.request(), 0);
    }

    private async request(): Promise<void> {
        if (!this.ready || !this.uri) return;
        // A hidden preview costs the server nothing: it asks when it shows again (see `stale`).
        if (!this.panel.visible) {
            this.stale = true;
            return;
        }
        this.stale = false;
        if (this.inFlight) {
            this.again = true;
            return;
        }
        this.inFlight = true;
        const uri = this.uri.toString();
        const options = this.options;
        const version = this.document()?.version;
        try {
            // The full models: the page applies the view options (toolbar) in its worker.
            const taken = await this.diagrams(uri);
            if (!taken) return;
            const { result } = taken.held;
            // Built from the text before the last echoed edit (asked before it, or answered from the
            // build before it): the page shows newer text, and that edit's own answer is coming.
            const built = result.version ?? version;
            if (this.uri?.toString() !== uri || (built !== undefined && built < this.echoedVersion)) return;
            this.post(this.diagramMessage(uri, options, taken.held, taken.answer));
            // The spans hold only for the text they were built from, and only a map without errors is drawn.
            this.spans = undefined;
            const document = this.document();
            if (document && document.version === built && result.errors.length === 0) {
                const spans = echoSpans(result.diagrams);
                const lineText = (line: number) => line < document.lineCount ? document.lineAt(line).text : undefined;
                if (spansAgree([...spans.values()].flat(), lineText)) this.spans = spans;
            }
        } catch (error) {
            // A cancelled build (or a document not built yet) is answered by the next documentChanged;
            // anything else is a failure the user must see: logged, and on the map's error banner.
            if (isCancellation(error)) return;
            this.log.error(vscode.l10n.t('journey/diagram failed for {0}:', uri), error);
            if (this.uri?.toString() === uri) {
                this.pageHolds = undefined;
                this.post(packDiagramMessage({ type: 'diagram', uri, options, diagrams: [], errors: [{ message: vscode.l10n.t('The language server could not draw the map: {0}', errorMessage(error)), line: 1, column: 1 }] }));
            }
        } finally {
            this.inFlight = false;
            if (this.again) {
                this.again = false;
                this.refresh();
            }
        }
    }

    /**
     * The document's models, from the server's answer: what changed since the answer held, or
     * whole. Undefined when the answer came for a document no longer shown, or fitted no answer
     * held (asked again whole at once).
     */
    private async diagrams(uri: string): Promise<{ held: HeldDiagrams; answer: DiagramAnswer } | undefined> {
        const held = this.held;
        const params: DiagramChangesParams = { uri, ...(held && { base: held.answer }) };
        const answer = await this.client.sendRequest(DiagramChangesRequest, params);
        if (this.uri?.toString() !== uri) return undefined;
        try {
            this.held = takeDiagramAnswer(held, answer);
        } catch (error) {
            this.log.warn(vscode.l10n.t('journey/diagramChanges: {0}; asking for the whole map', errorMessage(error)));
            this.held = undefined;
            this.again = true;
            return undefined;
        }
        return { held: this.held, answer };
    }

    /** The message that gives the page the models of `held`: the page holds them from then on. */
    private diagramMessage(uri: string, options: DiagramOptions, held: HeldDiagrams, answer: DiagramAnswer): HostToWebviewMessage {
        const page = this.pageHolds;
        this.pageHolds = held;
        return pageDiagramMessage(uri, options, page, held, answer);
    }

    /** The shown document, when it is open. */
    private document(): vscode.TextDocument | undefined {
        const uri = this.uri?.toString();
        return vscode.workspace.textDocuments.find(document => document.uri.toString() === uri);
    }

    private post(message: HostToWebviewMessage): void {
        void this.panel.webview.postMessage(message);
    }

    private async save(message: ExportMessage): Promise<void> {
        const format = message.format === 'png' ? 'png' : 'svg';
        const name = String(message.fileName).replace(/[\\/:*?"<>|]/g, '_') || `journey.${format}`;
        const folder = this.uri ? vscode.Uri.joinPath(this.uri, '..') : vscode.workspace.workspaceFolders?.[0]?.uri;
        const target = await vscode.window.showSaveDialog({
            defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined,
            filters: format === 'png' ? { [vscode.l10n.t('PNG image')]: ['png'] } : { [vscode.l10n.t('SVG image')]: ['svg'] }
        });
        if (!target) return;
        const bytes = format === 'png' ? Buffer.from(message.data, 'base64') : new TextEncoder().encode(message.data);
        try {
            await vscode.workspace.fs.writeFile(target, bytes);
            void vscode.window.showInformationMessage(vscode.l10n.t('Exported {0}', vscode.workspace.asRelativePath(target)));
        } catch (error) {
            void vscode.window.showErrorMessage(vscode.l10n.t('Could not export the map: {0}', errorMessage(error)));
        }
    }

    private html(): string {
        const webview = this.panel.webview;
        const asset = (file: string) => webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'out', 'webview', file)).toString();
        // The toolbar speaks VS Code's display language; the map, its journey.config.json's (the server's model carries it).
        const locale = matchLocale(vscode.env.language);
        return previewHtml({ cspSource: webview.cspSource, nonce: createNonce(), scriptUri: asset('preview.js'), styleUri: asset('preview.css'), ...(locale && { locale }) });
    }
}

function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
        enableScripts: true,
        enableFindWidget: true,
        localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'out', 'webview')]
    };
}

/** Selects the card's source in an editor of that document (the editor's column, not the preview's). */
async function revealSource(panel: vscode.WebviewPanel, uri: string, range: SourceRange): Promise<void> {
    const target = vscode.Uri.parse(uri);
    const visible = vscode.window.visibleTextEditors.find(editor => editor.document.uri.toString() === target.toString());
    const column = visible?.viewColumn
        ?? vscode.window.visibleTextEditors.find(editor => editor.viewColumn !== panel.viewColumn)?.viewColumn
        ?? vscode.ViewColumn.One;
    const start = new vscode.Position(range.start.line, range.start.character);
    const end = new vscode.Position(range.end.line, range.end.character);
    // Anchor at the end, cursor at the start: the declaration is selected and its first line is in view.
    const editor = await showSource(panel, target, new vscode.Selection(end, start), column);
    editor.revealRange(new vscode.Range(start, start), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}

/** The server gave up on the request because the document changed or the build was cancelled: not a failure. */
function isCancellation(error: unknown): boolean {
    return error instanceof ResponseError
        && (error.code === LSPErrorCodes.RequestCancelled || error.code === LSPErrorCodes.ServerCancelled || error.code === LSPErrorCodes.ContentModified);
}

function sameUri(uri: vscode.Uri, other: string): boolean {
    return uri.toString() === vscode.Uri.parse(other).toString();
}

export function isJourney(document: vscode.TextDocument): boolean {
    return document.languageId === 'journey';
}
