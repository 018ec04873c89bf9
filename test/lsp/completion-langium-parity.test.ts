import { DefaultCompletionProvider, type CompletionContext, type CompletionValueItem } from 'langium/lsp';
import { expectCompletion } from 'langium/test';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { CompletionItem } from 'vscode-languageserver';
import { buildWorkspace, readExample, type TestWorkspace } from '../test-services.js';

/**
 * Reference proposals are filled by our own fillCompletionItem and buildCompletionTextEdit
 * (journey-completion-provider.ts), shorter copies of Langium's. Here each reference item we
 * answer is compared with what Langium's own two methods make of the same proposal, so that a
 * Langium upgrade that fills items differently, or fills more fields, is noticed.
 */
const media = readExample('media-subscription.journey');

/** The fields Langium 4.2.1's fillCompletionItem writes: a new one means our copy must be looked at again. */
const LANGIUM_FIELDS = ['additionalTextEdits', 'command', 'commitCharacters', 'data', 'detail', 'documentation', 'filterText', 'insertText',
    'insertTextFormat', 'insertTextMode', 'kind', 'label', 'labelDetails', 'preselect', 'sortText', 'tags', 'textEdit', 'textEditText'];

type Filling = (context: CompletionContext, item: CompletionValueItem) => CompletionItem | undefined;

let workspace: TestWorkspace;
let complete: ReturnType<typeof expectCompletion>;
const compared: Array<{ ours: CompletionItem | undefined; langiums: CompletionItem | undefined }> = [];
let provider: { fillCompletionItem: Filling };
let own: Filling;

beforeAll(async () => {
    workspace = await buildWorkspace({ 'common.journey': readExample('common.journey') });
    complete = expectCompletion(workspace.Journey);
    provider = workspace.Journey.lsp.CompletionProvider as unknown as { fillCompletionItem: Filling };
    own = provider.fillCompletionItem;
    // Langium's filling, with Langium's edit, on our provider (its fuzzy matcher and name provider).
    const langiums = DefaultCompletionProvider.prototype as unknown as { fillCompletionItem: Filling; buildCompletionTextEdit: unknown };
    const langium = Object.create(provider, { buildCompletionTextEdit: { value: langiums.buildCompletionTextEdit } });
    const langiumFill = langiums.fillCompletionItem;
    provider.fillCompletionItem = function (context, item) {
        const ours = own.call(this, context, item);
        if ('nodeDescription' in item) {
            const langiums = langiumFill.call(langium, context, item);
            if (langiums) expect(Object.keys(langiums).sort()).toEqual(LANGIUM_FIELDS);
            compared.push({ ours, langiums });
        }
        return ours;
    };
});

afterAll(() => {
    provider.fillCompletionItem = own;
});

/** Without the fields left undefined, as the item is sent. */
const sent = (item: CompletionItem | undefined) => item && JSON.parse(JSON.stringify(item)) as CompletionItem;

test('reference items are those Langium would fill, at several positions', async () => {
    const texts = [
        media.replace('personas Lectrice, Abonné', 'personas <|>'),
        media.replace('personas Lectrice, Abonné', 'personas Lec<|>'),
        media.replace('channel Email', 'channel E<|>mail'),
        media.replace('next Bienvenue', 'next <|>'),
        media.replace('in Découverte', 'in Déc<|>'),
        // Documented declarations: the items carry their documentation.
        'journey J {\n  /** Reads on the train. */\n  persona Lectrice "L"\n  persona Abonne "A"\n  stage S { touchpoint T { personas <|> } }\n}\n'
    ];
    for (const text of texts) {
        compared.length = 0;
        await complete({ text, index: 0, assert: () => undefined, disposeAfterCheck: true });
        expect(compared.length, text.slice(text.indexOf('<|>') - 30, text.indexOf('<|>'))).toBeGreaterThan(0);
        for (const { ours, langiums } of compared) expect(sent(ours)).toEqual(sent(langiums));
    }
    // The comparison saw items with documentation, and proposals the typed word filters out.
    expect(compared.some(c => c.ours?.documentation)).toBe(true);
});

test('proposals the typed word does not match are left out by both', async () => {
    compared.length = 0;
    await complete({ text: media.replace('personas Lectrice, Abonné', 'personas Lec<|>'), index: 0, assert: () => undefined, disposeAfterCheck: true });
    expect(compared.some(c => c.ours === undefined && c.langiums === undefined)).toBe(true);
    expect(compared.some(c => c.ours !== undefined)).toBe(true);
});
