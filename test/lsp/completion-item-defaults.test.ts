import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ClientCapabilities, CompletionItem, CompletionList, Position, PublishDiagnosticsParams, Range } from 'vscode-languageserver-protocol';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { examplesDir, readExample } from '../test-services.js';
import { startStdioServer, type StdioServer } from './stdio-server.js';

/**
 * LSP 3.17 `itemDefaults.editRange`: the bundled server says the edit range once for the list
 * to a client that declares it (VS Code's language client does), and in every item to one
 * that does not (Neovim 0.7). Either way each proposal must make the same edit.
 */
const media = readExample('media-subscription.journey');
const SNIPPETS = { textDocument: { completion: { completionItem: { snippetSupport: true } } } } satisfies ClientCapabilities;
/** What vscode-languageclient 9 declares. */
const WITH_DEFAULTS: ClientCapabilities = {
    textDocument: { completion: { ...SNIPPETS.textDocument.completion, completionList: { itemDefaults: ['commitCharacters', 'editRange', 'insertTextFormat', 'insertTextMode', 'data'] } } }
};

interface Client { server: StdioServer; opened: Promise<void> }

let folder: string;
let plain: Client;
let withDefaults: Client;
const uri = () => pathToFileURL(join(folder, 'media.journey')).toString();

async function start(capabilities: ClientCapabilities): Promise<Client> {
    const server = startStdioServer();
    let validated: () => void = () => undefined;
    const opened = new Promise<void>(resolve => { validated = resolve; });
    server.connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => { if (params.uri === uri()) validated(); });
    await server.initialize(folder, capabilities);
    await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uri(), languageId: 'journey', version: 1, text: media } });
    return { server, opened };
}

beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'journey-item-defaults-'));
    copyFileSync(join(examplesDir, 'common.journey'), join(folder, 'common.journey'));
    copyFileSync(join(examplesDir, 'media-subscription.journey'), join(folder, 'media.journey'));
    [plain, withDefaults] = await Promise.all([start(SNIPPETS), start(WITH_DEFAULTS)]);
    await Promise.all([plain.opened, withDefaults.opened]);
}, 30_000);

afterAll(() => {
    plain?.server.stop();
    withDefaults?.server.stop();
    rmSync(folder, { recursive: true, force: true });
});

function positionAt(offset: number): Position {
    const before = media.slice(0, offset).split('\n');
    return { line: before.length - 1, character: before[before.length - 1].length };
}

/** The position right after `needle` (its first occurrence), minus `back` characters. */
function after(needle: string, back = 0): Position {
    const index = media.indexOf(needle);
    if (index < 0) throw new Error(`not in the example: ${needle}`);
    return positionAt(index + needle.length - back);
}

function complete(client: Client, position: Position): Promise<CompletionList> {
    return client.server.connection.sendRequest<CompletionList>('textDocument/completion', { textDocument: { uri: uri() }, position });
}

/** What accepting the item does, as the LSP says a client reads it: its own edit, else the list's range with its `textEditText` or label. */
function editOf(list: CompletionList, item: CompletionItem): { range: Range; newText: string } {
    if (item.textEdit) {
        if (!('range' in item.textEdit)) throw new Error('an insert/replace edit was not expected');
        return item.textEdit;
    }
    const range = list.itemDefaults?.editRange;
    if (!range || !('start' in range)) throw new Error(`${item.label}: no edit and no default range`);
    return { range, newText: item.textEditText ?? item.label };
}

const resolved = (list: CompletionList) => list.items.map(item => ({ label: item.label, kind: item.kind, detail: item.detail, insertTextFormat: item.insertTextFormat, ...editOf(list, item) }));

const POSITIONS: Record<string, () => Position> = {
    'after `next ` (references, empty range)': () => after('next Bienvenue', 'Bienvenue'.length),
    'inside a typed name (`personas Lec|`: the range covers `Lec`)': () => after('personas Lectrice', 'trice'.length),
    'a blank line in a stage (keywords and the touchpoint snippet)': () => after('    goal "Être suivi personnellement"\n'),
    'after `kind ` (values)': () => after('kind tool', 'tool'.length),
    'the start of the file (top-level keywords and snippets)': () => ({ line: 0, character: 0 })
};

describe('completion item defaults (LSP 3.17) only for clients that declare them', () => {
    for (const [where, position] of Object.entries(POSITIONS)) {
        test(`${where}: the same edits with and without itemDefaults`, async () => {
            const [bare, compact] = await Promise.all([complete(plain, position()), complete(withDefaults, position())]);
            expect(bare.items.length).toBeGreaterThan(0);
            // A client that did not declare the capability gets every edit in its item.
            expect(bare.itemDefaults).toBeUndefined();
            expect(bare.items.every(item => item.textEdit !== undefined && item.textEditText === undefined)).toBe(true);
            // One that did gets the range once, and items without their own edit.
            expect(compact.itemDefaults?.editRange).toEqual(bare.items[0].textEdit && 'range' in bare.items[0].textEdit ? bare.items[0].textEdit.range : undefined);
            expect(compact.items.every(item => item.textEdit === undefined)).toBe(true);
            expect(resolved(compact)).toEqual(resolved(bare));
            expect(JSON.stringify(compact).length).toBeLessThan(JSON.stringify(bare).length);
        });
    }

    test('the snippet keeps its snippet text as textEditText', async () => {
        const compact = await complete(withDefaults, POSITIONS['a blank line in a stage (keywords and the touchpoint snippet)']());
        const snippet = compact.items.find(item => item.label === 'touchpoint' && item.kind === 15 /* Snippet */);
        expect(snippet?.textEditText).toMatch(/^touchpoint \$\{1:/);
        expect(compact.items.find(item => item.label === 'touchpoint' && item.kind !== 15)?.textEditText).toBeUndefined();
    });
});
