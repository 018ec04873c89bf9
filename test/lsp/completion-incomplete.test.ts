import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ClientCapabilities, CompletionItem, CompletionList, Position, PublishDiagnosticsParams, Range } from 'vscode-languageserver-protocol';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startStdioServer, type StdioServer } from './stdio-server.js';

/**
 * `isIncomplete` over stdio, as VS Code meets it. A list that says it is complete is kept
 * by the client and filtered as the user goes on typing the word; one that says it is
 * incomplete is asked for again at every keystroke. So a complete answer must be one that
 * the client's own filtering keeps right: for every word typed letter by letter, the
 * first answer filtered as VS Code filters it proposes what a fresh request would. The
 * server says complete always, which holds because a proposal either replaces the word typed
 * so far from its start, or starts a new token where one may start (after a space, a line
 * start or a punctuation mark): nothing is glued to a name, a number or a string that the next
 * keystroke would lengthen, and nothing is proposed inside a string.
 */

/** What vscode-languageclient 9 declares for completion. */
const VSCODE: ClientCapabilities = {
    textDocument: {
        completion: {
            completionItem: { snippetSupport: true },
            completionList: { itemDefaults: ['commitCharacters', 'editRange', 'insertTextFormat', 'insertTextMode', 'data'] }
        }
    }
};

const SHARED = `persona Ana "Ana"
persona Bruno "Bruno"
persona Persona1 "Persona one"
channel Web "Site web" digital
channel Phone "Téléphone" physical
`;

/** The journey with `find` replaced by `at`, whose `@` is the cursor. */
function journeyWith(find = '', at = ''): string {
    return `journey Achat "Acheter" {
  state current
  stage Choix "Choisir" {
    touchpoint Fiche "Fiche produit" {
      kind tool
      channel Web
      personas Ana
      emotion 1
      friction "Lent" severity high
    }
  }
  stage Paiement "Payer" {
    touchpoint Form "Formulaire" { channel Web personas Ana emotion 0 }
  }
  metric Conversion "Conversion" in Choix target 3%
}
`.replace(find, at);
}

/** Where a word is typed: `find` in the journey replaced by `at`, whose `@` is the cursor; the word is typed one character at a time. */
/** `expected` undefined: once the whole word is typed, nothing is proposed. */
const SITES: Array<{ what: string; find: string; at: string; word: string; expected?: string }> = [
    { what: 'keywords on a blank line of a stage', find: '    }\n  }\n  stage Paiement', at: '    }\n    @\n  }\n  stage Paiement', word: 'touchpoint', expected: 'touchpoint' },
    { what: 'keywords on a blank line of a journey', find: '  }\n  metric', at: '  }\n  @\n  metric', word: 'stage', expected: 'stage' },
    { what: 'a persona reference after a comma', find: '      personas Ana\n', at: '      personas Ana, @\n', word: 'Bruno', expected: 'Bruno' },
    { what: 'a persona reference right after the comma (no space): the lexer reads it apart from the comma', find: '      personas Ana\n', at: '      personas Ana,@\n', word: 'Bruno', expected: 'Bruno' },
    { what: 'a persona reference whose name ends in a digit', find: '      personas Ana\n', at: '      personas Ana, @\n', word: 'Persona1', expected: 'Persona1' },
    { what: 'a channel reference', find: '{ channel Web personas', at: '{ channel @ personas', word: 'Phone', expected: 'Phone' },
    { what: 'a stage reference', find: '"Conversion" in Choix', at: '"Conversion" in @', word: 'Paiement', expected: 'Paiement' },
    { what: 'a value (severity)', find: 'severity high', at: 'severity @', word: 'medium', expected: 'medium' },
    { what: 'a value (kind)', find: 'kind tool', at: 'kind @', word: 'person', expected: 'person' },
    { what: 'a value (state)', find: 'state current', at: 'state @', word: 'ideal', expected: 'ideal' },
    { what: 'a digit typed after a name ending in a digit', find: '      personas Ana\n', at: '      personas Ana, @\n', word: 'Persona12' },
    { what: 'a number, a dot, a digit', find: '      emotion 1\n', at: '      emotion @\n', word: '1.5' },
    // The emotion scale's values are proposed as value keywords are, the one typed included.
    { what: 'a digit after `emotion `, where persona names and the emotion scale are proposed', find: '{ channel Web personas Ana emotion 0 }', at: '{ channel Web personas Ana emotion @ }', word: '0', expected: '0' },
    { what: 'a negative emotion value, `-` then a digit', find: '{ channel Web personas Ana emotion 0 }', at: '{ channel Web personas Ana emotion @ }', word: '-1', expected: '-1' },
    { what: 'a negative emotion value on a line of its own', find: '      emotion 1\n', at: '      emotion @\n', word: '-2', expected: '-2' },
    { what: 'a positive emotion value with its sign', find: '      emotion 1\n', at: '      emotion @\n', word: '+1', expected: '+1' },
    { what: 'a string left open', find: '      friction "Lent" severity high\n', at: '      @\n', word: 'friction "Lent s' }
];

let folder: string;
let server: StdioServer;
let version = 1;
const uri = () => pathToFileURL(join(folder, 'achat.journey')).toString();

beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'journey-incomplete-'));
    writeFileSync(join(folder, 'shared.journey'), SHARED);
    writeFileSync(join(folder, 'achat.journey'), journeyWith());
    server = startStdioServer();
    let validated: () => void = () => undefined;
    const opened = new Promise<void>(resolve => { validated = resolve; });
    server.connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => { if (params.uri === uri()) validated(); });
    await server.initialize(folder, VSCODE);
    await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uri(), languageId: 'journey', version, text: journeyWith() } });
    await opened;
}, 30_000);

afterAll(() => {
    server?.stop();
    rmSync(folder, { recursive: true, force: true });
});

/** Puts `text` in the editor and asks for completion at its `@` (taken out). */
async function completeAt(textWithCursor: string): Promise<{ list: CompletionList; text: string; cursor: Position }> {
    const offset = textWithCursor.indexOf('@');
    const text = textWithCursor.replace('@', '');
    await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri: uri(), version: ++version }, contentChanges: [{ text }] });
    const before = text.slice(0, offset).split('\n');
    const cursor = { line: before.length - 1, character: before[before.length - 1].length };
    const list = await server.connection.sendRequest<CompletionList | null>('textDocument/completion', { textDocument: { uri: uri() }, position: cursor });
    // No answer (in a comment or a string) proposes nothing, and leaves the client nothing to keep.
    return { list: list ?? { isIncomplete: false, items: [] }, text, cursor };
}

function rangeOf(list: CompletionList, item: CompletionItem): Range {
    if (item.textEdit && 'range' in item.textEdit) return item.textEdit.range;
    const range = list.itemDefaults?.editRange;
    if (!range || !('start' in range)) throw new Error(`${item.label}: no edit range`);
    return range;
}

/**
 * VS Code's first filtering rules (fuzzyScore as its suggest widget calls it): the text from the
 * item's range start to the cursor must match the label's characters in order, ignoring case, the
 * first one at a word start (the label's start, after `_`, `-`, `.` or a space, or an upper-case letter).
 */
function vscodeMatches(word: string, label: string): boolean {
    if (word === '') return true;
    const strongStart = (i: number) => i === 0 || /[_\-. ]/.test(label[i - 1]) || (label[i] !== label[i].toLowerCase());
    const lower = label.toLowerCase(), typed = word.toLowerCase();
    for (let start = 0; start < label.length; start++) {
        if (lower[start] !== typed[0] || !strongStart(start)) continue;
        let next = 1;
        for (let i = start + 1; i < label.length && next < typed.length; i++) if (lower[i] === typed[next]) next++;
        if (next === typed.length) return true;
    }
    return false;
}

/** The items a client keeps of `list` once the text is `text` and the cursor at `cursor`. */
function clientFiltered(list: CompletionList, text: string, cursor: Position): string[] {
    const line = text.split('\n')[cursor.line];
    return list.items.filter(item => {
        const range = rangeOf(list, item);
        return range.start.line === cursor.line && range.start.character <= cursor.character
            && vscodeMatches(line.slice(range.start.character, cursor.character), item.filterText ?? item.label);
    }).map(shown).sort();
}

const shown = (item: CompletionItem) => `${item.kind}:${item.label}`;

describe('completion says its list is complete where the client can filter it, over stdio', () => {
    for (const { what, find, at, word, expected } of SITES) {
        test(`${what}: isIncomplete false, and the client's filtering of the first answer is each later answer`, async () => {
            const first = await completeAt(journeyWith(find, at));
            expect(first.list.items.length, 'proposals before typing').toBeGreaterThan(0);
            expect(first.list.isIncomplete).toBe(false);
            for (let typed = 1; typed <= word.length; typed++) {
                const now = await completeAt(journeyWith(find, at.replace('@', `${word.slice(0, typed)}@`)));
                const fresh = now.list.items.map(shown).sort();
                expect(now.list.isIncomplete, `after typing ${word.slice(0, typed)}`).toBe(false);
                expect(clientFiltered(first.list, now.text, now.cursor), `after typing ${word.slice(0, typed)}`).toEqual(fresh);
            }
            const last = await completeAt(journeyWith(find, at.replace('@', `${word}@`)));
            if (expected === undefined) expect(last.list.items.map(shown)).toEqual([]);
            else expect(last.list.items.map(item => item.label)).toContain(expected);
        });
    }

    test('nothing is glued to the name, number, `%` or string before the cursor: a next word is proposed after a space', async () => {
        const glued = [['personas Ana\n', 'personas Ana1@\n'], ['emotion 1\n', 'emotion 1@\n'], ['emotion 1\n', 'emotion 1.@\n'], ['"Lent" severity high', '"Lent"@'], ['target 3%\n', 'target 3%@\n']];
        for (const [find, at] of glued) {
            const { list, cursor } = await completeAt(journeyWith(find, at));
            const atCursor = list.items.filter(item => rangeOf(list, item).start.character === cursor.character).map(shown);
            expect(atCursor, at).toEqual([]);
            expect(list.isIncomplete, at).toBe(false);
        }
        // `1friction` would be one more word: after a space, `friction` is the next word.
        const spaced = await completeAt(journeyWith('      emotion 1\n', '      emotion 1 @\n'));
        expect(spaced.list.items.map(item => item.label)).toContain('friction');
    });

    test('inside a string, closed or not, nothing is proposed', async () => {
        for (const at of ['      friction "Lent @\n', '      friction "Lent s@\n', '      friction "Le@nt" severity high\n']) {
            const { list } = await completeAt(journeyWith('      friction "Lent" severity high\n', at));
            expect(list.items.map(shown), at).toEqual([]);
        }
    });
});
