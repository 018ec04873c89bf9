import { describe, expect, test, vi } from 'vitest';

// The extension host's API, as far as the preview panel uses it; `env.language` is VS Code's display language.
const display = vi.hoisted(() => ({ language: 'en' }));
vi.mock('vscode', () => {
    const uri = (path: string) => ({ path, toString: () => `file://${path}` });
    const disposable = { dispose() {} };
    return {
        Uri: { parse: (text: string) => uri(text.replace('file://', '')), joinPath: (base: { path: string }, ...parts: string[]) => uri([base.path, ...parts].join('/')) },
        ViewColumn: { One: 1, Active: -1, Beside: -2 },
        // English, as VS Code says a message without a bundle: the placeholders filled in.
        l10n: { t: (message: string, ...args: unknown[]) => message.replace(/\{(\d+)\}/g, (_: string, index: string) => String(args[Number(index)])) },
        env: display,
        window: {
            activeTextEditor: undefined,
            registerWebviewPanelSerializer: () => disposable,
            onDidChangeActiveTextEditor: () => disposable,
            onDidChangeTextEditorSelection: () => disposable
        },
        workspace: {
            onDidChangeConfiguration: () => disposable,
            getConfiguration: () => ({ get: () => undefined })
        }
    };
});

const { PreviewManager } = await import('../../src/extension/preview.js');

/** A preview restored on a document, its webview's message handler, and the diagrams it posts to the page. */
async function openPreview() {
    const posted: { type: string; options?: unknown; [field: string]: unknown }[] = [];
    const client = {
        onNotification: () => ({ dispose() {} }),
        sendRequest: async () => ({ diagrams: [MODEL], errors: [] })
    };
    let handler: ((message: unknown) => void) | undefined;
    const panel = {
        webview: {
            html: '',
            cspSource: 'vscode-resource:', asWebviewUri: (u: unknown) => u, postMessage: async (message: { type: string }) => { posted.push(message); return true; },
            onDidReceiveMessage: (listener: (message: unknown) => void) => { handler = listener; return { dispose() {} }; }
        },
        onDidDispose: () => ({ dispose() {} }),
        onDidChangeViewState: () => ({ dispose() {} }),
        visible: true,
        dispose() {}
    };
    const log = { warn() {}, error() {}, info() {} };
    const manager = new PreviewManager({ extensionUri: { path: '/ext' } } as never, client as never, log as never);
    await manager.deserializeWebviewPanel(panel as never, { uri: 'file:///maps/a.journey', options: { groupBy: 'channel' } } as never);
    const send = async (message: unknown) => {
        handler!(message);
        await new Promise(resolve => setTimeout(resolve, 10));
    };
    /** The options of the last map posted, after the page asks for a redraw. */
    const shownOptions = async () => { await send({ type: 'ready' }); return posted.filter(m => m.type === 'diagram').at(-1)?.options; };
    return { send, shownOptions, posted, html: () => panel.webview.html };
}

/** A server's answer: one small journey. */
const MODEL = {
    id: 'J', title: 'Un parcours', stages: [], lanes: [], cards: [], flows: [], emotions: [], personas: [], counts: { stages: 0, touchpoints: 0 },
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, options: {}
};

describe('the preview panel posts the models as JSON text', () => {
    test('the page hands the text to its worker unparsed: only the journeys\' names come as objects', async () => {
        const { send, posted } = await openPreview();
        await send({ type: 'ready' });
        const diagram = posted.filter(m => m.type === 'diagram').at(-1)!;
        expect(diagram).toMatchObject({ type: 'diagram', uri: 'file:///maps/a.journey', errors: [], journeys: [{ id: 'J', title: 'Un parcours' }] });
        expect(diagram).not.toHaveProperty('diagrams');
        expect(JSON.parse(diagram.models as string)).toEqual([MODEL]);
    });
});

describe('the preview panel checks what its webview sends', () => {
    test('options from the webview that are not valid are never kept', async () => {
        const { send, shownOptions } = await openPreview();
        expect(await shownOptions()).toEqual({ groupBy: 'channel' });
        await send({ type: 'options', options: { groupBy: 'evil', lanes: 'all', persona: { $ne: 1 } } });
        expect(await shownOptions()).toEqual({ groupBy: 'channel' });
        await send({ type: 'options', options: { groupBy: 'persona', persona: 'Ana' } });
        expect(await shownOptions()).toEqual({ groupBy: 'persona', persona: 'Ana' });
    });

    test('a message that is not one the webview sends is ignored, without an exception', async () => {
        const { send } = await openPreview();
        await expect(send('not an object')).resolves.toBeUndefined();
        await expect(send({ type: 'unknown' })).resolves.toBeUndefined();
    });

    test('the page is written in VS Code\'s display language (its toolbar follows it)', async () => {
        display.language = 'fr-ca';
        try {
            expect((await openPreview()).html()).toMatch(/<html lang="fr">[^]*<title>Aperçu du parcours<\/title>/);
            display.language = 'de';
            expect((await openPreview()).html()).toContain('<html lang="en">');
        } finally {
            display.language = 'en';
        }
    });
});
