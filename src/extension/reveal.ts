// Click-to-source from a webview (the preview, the comparison) into a text editor.
import * as vscode from 'vscode';

/**
 * How long after a reveal a report that the webview took focus is taken for the click's own.
 * VS Code's webview host learns of its focus by polling every 250 ms: the report of the click
 * that asked for the reveal may reach the workbench after the editor took focus, and would
 * leave the webview as the active editor (no cursor in the status bar, commands aimed at the
 * webview) while the keyboard types into the text.
 */
export const LATE_FOCUS_REPORT_MS = 600;

/** Per webview, the watch for the late focus report of its last click: a newer click replaces it. */
const watches = new WeakMap<vscode.WebviewPanel, vscode.Disposable>();

/**
 * Shows `uri` in `column` with `selection` (anchor, active) and focuses it. If the webview `panel`
 * becomes active right after, by the click's late focus report, the editor is shown again.
 */
export async function showSource(panel: vscode.WebviewPanel, uri: vscode.Uri, selection: vscode.Selection, column: vscode.ViewColumn): Promise<vscode.TextEditor> {
    watches.get(panel)?.dispose();
    const show = async () => {
        const editor = await vscode.window.showTextDocument(uri, { viewColumn: column, selection });
        // The option is a range (the cursor at its end, revealed): set again, the cursor goes where `selection` says.
        editor.selection = selection;
        return editor;
    };
    // A panel already active when the click's message arrives has had its focus reported: none is pending.
    const watch = panel.active ? undefined : watchLateFocus(panel, show);
    const editor = await show();
    if (watch) setTimeout(() => watch.dispose(), LATE_FOCUS_REPORT_MS);
    return editor;
}

function watchLateFocus(panel: vscode.WebviewPanel, showAgain: () => Promise<unknown>): vscode.Disposable {
    const listener = panel.onDidChangeViewState(event => {
        if (!event.webviewPanel.active) return;
        listener.dispose();
        // Best effort: the document may have been closed in the meantime, and then there is nothing to focus.
        showAgain().catch(() => undefined);
    });
    watches.set(panel, listener);
    return listener;
}
