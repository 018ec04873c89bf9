import { describe, expect, test, vi } from 'vitest';

// The extension host's API, as far as the preview panel uses it.
vi.mock('vscode', () => {
    const uri = (path: string) => ({ path, toString: () => `file://${path}` });
    const disposable = { dispose() {} };
    return {
        Uri: { parse: (text: string) => uri(text.replace('file://', '')), joinPath: (base: { path: string }, ...parts: string[]) => uri([base.path, ...parts].join('/')) },
        ViewColumn: { One: 1, Active: -1, Beside: -2 },
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

/** A preview restored on a document, its webview's message handler, and the diagram requests it sends. */
async function openPreview() {
    const requests: { options: unknown }[] = [];
    const client = {
        onNotification: () => ({ dispose() {} }),
        sendRequest: async (_type: unknown, params: { options: unknown }) => {
            requests.push(params);
            return { models: [] };
        }
    };
    let handler: ((message: unknown) => void) | undefined;
    const panel = {
        webview: {
            cspSource: 'vscode-resource:', asWebviewUri: (u: unknown) => u, postMessage: async () => true,
            onDidReceiveMessage: (listener: (message: unknown) => void) => { handler = listener; return { dispose() {} }; }
        },
        onDidDispose: () => ({ dispose() {} }),
        dispose() {}
    };
    const manager = new PreviewManager({ extensionUri: { path: '/ext' } } as never, client as never);
    await manager.deserializeWebviewPanel(panel as never, { uri: 'file:///maps/a.journey', options: { groupBy: 'channel' } } as never);
    const send = async (message: unknown) => {
        handler!(message);
        await new Promise(resolve => setTimeout(resolve, 10));
    };
    return { requests, send };
}

describe('the preview panel checks what its webview sends', () => {
    test('options from the webview that are not valid never reach the language server', async () => {
        const { requests, send } = await openPreview();
        await send({ type: 'ready' });
        expect(requests.at(-1)?.options).toEqual({ groupBy: 'channel' });
        await send({ type: 'options', options: { groupBy: 'evil', lanes: 'all', persona: { $ne: 1 } } });
        expect(requests.at(-1)?.options).toEqual({ groupBy: 'channel' });
        await send({ type: 'options', options: { groupBy: 'persona', persona: 'Ana' } });
        expect(requests.at(-1)?.options).toEqual({ groupBy: 'persona', persona: 'Ana' });
    });

    test('a message that is not one the webview sends is ignored, without an exception', async () => {
        const { send } = await openPreview();
        await expect(send('not an object')).resolves.toBeUndefined();
        await expect(send({ type: 'unknown' })).resolves.toBeUndefined();
    });
});
