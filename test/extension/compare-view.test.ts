// The VS Code comparison view (src/extension/compare.ts) against a stand-in extension host:
// edits redraw the picture, and an older answer arriving last never replaces a newer one.
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';

const host = vi.hoisted(() => ({
    panel: { webview: { html: '', onDidReceiveMessage: () => ({ dispose() {} }) }, onDidDispose: () => ({ dispose() {} }) },
    onEdit: undefined as undefined | ((event: { document: { uri: { toString(): string } } }) => void),
    /** VS Code's display language. */
    language: 'en',
    /** The descriptions of each quick pick's items, in order. */
    picks: [] as string[][]
}));

vi.mock('vscode', () => ({
    Uri: { parse: (text: string) => ({ toString: () => text, path: text }) },
    ViewColumn: { One: 1, Beside: -2 },
    l10n: { t: (message: string, ...args: unknown[]) => message.replace(/\{(\d+)\}/g, (_: string, index: string) => String(args[Number(index)])) },
    env: { get language() { return host.language; } },
    window: {
        createWebviewPanel: () => host.panel,
        // The first offered journey each time: the current one, then the ideal one.
        showQuickPick: async (items: { entry: unknown; description: string }[]) => {
            host.picks.push(items.map(item => item.description));
            return items[0];
        },
        showInformationMessage: async () => undefined
    },
    workspace: {
        asRelativePath: (uri: { path: string }) => uri.path,
        onDidChangeTextDocument: (listener: typeof host.onEdit) => { host.onEdit = listener; return { dispose() {} }; }
    }
}));

const { compareJourneys } = await import('../../src/extension/compare.js');

const JOURNEYS = [
    { uri: 'file:///w/a.journey', id: 'A', label: 'Before', state: 'current' },
    { uri: 'file:///w/b.journey', id: 'B', label: 'After', state: 'ideal' }
];

/** A language client whose journey/compare answers the test releases one by one, in any order. */
function slowClient() {
    const pending: ((svg: string) => void)[] = [];
    const client = {
        sendRequest: (method: string) => method === 'journey/journeys'
            ? Promise.resolve(JOURNEYS)
            : new Promise(resolve => pending.push(svg => resolve({ svg, title: '', changes: 0, sources: { from: {}, to: {} } })))
    };
    return { client, pending };
}

describe('Compare Journeys view', () => {
    beforeEach(() => { vi.useFakeTimers(); host.panel.webview.html = ''; });
    afterEach(() => vi.useRealTimers());

    test('an answer to an older request arriving after a newer one does not replace the newer picture', async () => {
        const { client, pending } = slowClient();
        await compareJourneys(client as never);
        expect(pending).toHaveLength(1);
        pending[0]('<svg id="first"/>');
        await vi.runAllTimersAsync();
        expect(host.panel.webview.html).toContain('id="first"');

        // Two edits, each redrawn after the pause; the answers come back in reverse order.
        host.onEdit!({ document: { uri: { toString: () => JOURNEYS[0].uri } } });
        await vi.advanceTimersByTimeAsync(1000);
        host.onEdit!({ document: { uri: { toString: () => JOURNEYS[1].uri } } });
        await vi.advanceTimersByTimeAsync(1000);
        const [older, newer] = pending.slice(1);
        expect(newer).toBeDefined();
        newer('<svg id="newer"/>');
        await vi.runAllTimersAsync();
        older('<svg id="older"/>');
        await vi.runAllTimersAsync();
        expect(host.panel.webview.html).toContain('id="newer"');
        expect(host.panel.webview.html).not.toContain('id="older"');
    });

    test("the quick picks say a journey's state in VS Code's language with the map's words (French: état actuel, état cible)", async () => {
        const { client, pending } = slowClient();
        host.picks = [];
        host.language = 'fr';
        try {
            await compareJourneys(client as never);
        } finally {
            host.language = 'en';
        }
        pending[0]('<svg/>');
        expect(host.picks).toEqual([['A · état actuel', 'B · état cible'], ['B · état cible']]);
    });
});
