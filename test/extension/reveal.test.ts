// Click-to-source from a webview (src/extension/reveal.ts) against a stand-in extension host:
// the selection keeps its direction, and a focus report of the webview that lands just after
// the reveal (VS Code polls a webview's focus) gives the focus back to the editor, once.
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';

const host = vi.hoisted(() => ({ shown: [] as { uri: string; column: number; selection: unknown }[] }));

vi.mock('vscode', () => ({
    window: {
        showTextDocument: async (uri: { toString(): string }, options: { viewColumn: number; selection: unknown }) => {
            host.shown.push({ uri: uri.toString(), column: options.viewColumn, selection: options.selection });
            return { selection: undefined, document: uri, viewColumn: options.viewColumn };
        }
    }
}));

const { LATE_FOCUS_REPORT_MS, showSource } = await import('../../src/extension/reveal.js');

/** A webview panel whose focus the test reports, as the workbench does. */
function panel(active = false) {
    const listeners = new Set<(event: { webviewPanel: { active: boolean } }) => void>();
    const stub = {
        active,
        onDidChangeViewState: (listener: (event: { webviewPanel: { active: boolean } }) => void) => {
            listeners.add(listener);
            return { dispose: () => listeners.delete(listener) };
        },
        report(nowActive: boolean) {
            stub.active = nowActive;
            for (const listener of [...listeners]) listener({ webviewPanel: stub });
        }
    };
    return stub;
}

const uri = (text: string) => ({ toString: () => text });
/** A selection as vscode.Selection holds it: the anchor at the end, the cursor at the start. */
const backwards = { anchor: { line: 9, character: 3 }, active: { line: 4, character: 4 } };

describe('click-to-source', () => {
    beforeEach(() => { vi.useFakeTimers(); host.shown = []; });
    afterEach(() => vi.useRealTimers());

    test('the editor gets the selection as given, cursor at its start, not the option\'s range (cursor at the end)', async () => {
        const editor = await showSource(panel() as never, uri('file:///a.journey') as never, backwards as never, 1);
        expect(editor.selection).toBe(backwards);
        expect(host.shown).toEqual([{ uri: 'file:///a.journey', column: 1, selection: backwards }]);
    });

    test('the webview becoming active just after the reveal shows the editor again, once', async () => {
        const view = panel();
        await showSource(view as never, uri('file:///a.journey') as never, backwards as never, 1);
        view.report(false);
        expect(host.shown).toHaveLength(1);
        view.report(true);
        await vi.advanceTimersByTimeAsync(0);
        view.report(true);
        await vi.advanceTimersByTimeAsync(0);
        expect(host.shown.map(shown => shown.uri)).toEqual(['file:///a.journey', 'file:///a.journey']);
    });

    test('after the window for a late report, a click into the webview is the user\'s: the editor stays behind', async () => {
        const view = panel();
        await showSource(view as never, uri('file:///a.journey') as never, backwards as never, 1);
        await vi.advanceTimersByTimeAsync(LATE_FOCUS_REPORT_MS + 1);
        view.report(true);
        await vi.advanceTimersByTimeAsync(0);
        expect(host.shown).toHaveLength(1);
    });

    test('a webview already active when the click arrives has no report pending: its activations are left alone', async () => {
        const view = panel(true);
        await showSource(view as never, uri('file:///a.journey') as never, backwards as never, 1);
        view.report(true);
        await vi.advanceTimersByTimeAsync(0);
        expect(host.shown).toHaveLength(1);
    });

    test('a second click replaces the first one\'s watch: a late report shows the file last clicked', async () => {
        const view = panel();
        await showSource(view as never, uri('file:///before.journey') as never, backwards as never, 1);
        await showSource(view as never, uri('file:///after.journey') as never, backwards as never, 1);
        view.report(true);
        await vi.advanceTimersByTimeAsync(0);
        expect(host.shown.map(shown => shown.uri)).toEqual(['file:///before.journey', 'file:///after.journey', 'file:///after.journey']);
    });
});
