// Click-to-source from a webview (the preview, the comparison) into a text editor.
import * as vscode from 'vscode';

/**
 * How long after a reveal a report that the webview took focus is taken for the click's own.
 * VS Code's webview host learns of its focus by polling every 250 ms: the report of the click
 * that asked for the reveal may reach the workbench after the editor took focus, and would
 * leave the webview as the active editor (no cursor in the status bar, commands aimed at the
 * webview) while the keyboard types into the text.
 */
const LATE_FOCUS_REPORT_MS = 600;

/**
 * Shows `uri` in `column` with `selection` (anchor, active) and focuses it; if the webview `panel`
 * becomes active right after, because of the click's late focus report, the editor is focused again.
 */
export async function showSource(panel: vscode.WebviewPanel, uri: vscode.Uri, selection: vscode.Selection, column: vscode.ViewColumn): Promise<vscode.TextEditor> {
    const editor = await vscode.window.showTextDocument(uri, { viewColumn: column, selection });
    // The option is a range (the cursor at its end, revealed): set again, the cursor goes where `selection` says.
    editor.selection = selection;
    const lateFocus = panel.onDidChangeViewState(event => {
        if (!event.webviewPanel.active) return;
        lateFocus.dispose();
        void vscode.window.showTextDocument(editor.document, { viewColumn: editor.viewColumn, preserveFocus: false });
    });
    setTimeout(() => lateFocus.dispose(), LATE_FOCUS_REPORT_MS);
    return editor;
}
