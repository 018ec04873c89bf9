// The editor's reference index is built for a document when first read (JourneyIndexManager),
// not after every build: what find references, rename and the builder's relinking read
// must be what Langium's eager index held, edit after edit.
import { DefaultIndexManager, DocumentState, EmptyFileSystem, URI, type LangiumDocument } from 'langium';
import { referenceParams } from 'langium/test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { describe, expect, test } from 'vitest';
import { createJourneyServices } from '../../src/language/journey-module.js';
import { JourneyIndexManager } from '../../src/language/lsp/journey-reference-index.js';
import { offsetOf, readExample } from '../test-services.js';

const common = readExample('common.journey');
const media = readExample('media-subscription.journey');

/** A workspace of common.journey and media.journey with the index given (the editor's, or Langium's eager one). */
async function workspace(eager: boolean) {
    const services = createJourneyServices(EmptyFileSystem, eager ? { workspace: { IndexManager: shared => new DefaultIndexManager(shared) } } : {});
    const { LangiumDocumentFactory, LangiumDocuments, DocumentBuilder, TextDocuments } = services.shared.workspace;
    const documents = new Map<string, LangiumDocument>();
    let version = 0;
    const open = (name: string, text: string) => {
        const uri = URI.file(`/ws/${name}`);
        TextDocuments!.set(TextDocument.create(uri.toString(), 'journey', ++version, text));
        return uri;
    };
    for (const [name, text] of [['common.journey', common], ['media.journey', media]]) {
        const document = LangiumDocumentFactory.fromString(text, open(name, text));
        LangiumDocuments.addDocument(document);
        documents.set(name, document);
    }
    await DocumentBuilder.build([...documents.values()], { validation: true });
    /** Types `text` into the file, as the client's didChange does. */
    const edit = async (name: string, text: string) => DocumentBuilder.update([open(name, text)], []);
    /** Uses of the declaration at `search` in common.journey, as `file:line` sorted. */
    const uses = async (search: string) => {
        const document = LangiumDocuments.getDocument(URI.file('/ws/common.journey'))!;
        const found = await services.Journey.lsp.ReferencesProvider!.findReferences(document, referenceParams(document, offsetOf(document.textDocument.getText(), search, search.indexOf(' ') + 1), false));
        return found.map(l => `${l.uri.split('/').pop()}:${l.range.start.line}:${l.range.start.character}`).sort();
    };
    const errors = (name: string) => (LangiumDocuments.getDocument(URI.file(`/ws/${name}`))!.diagnostics ?? []).filter(d => d.severity === 1).map(d => d.message);
    return { services, edit, uses, errors };
}

describe('reference index built when read', () => {
    test('the editor binds it', async () => {
        const { services } = await workspace(false);
        expect(services.shared.workspace.IndexManager).toBeInstanceOf(JourneyIndexManager);
    });

    test('find references after edits: the same uses as Langium\'s eager index', async () => {
        const lazy = await workspace(false), eager = await workspace(true);
        // A touchpoint using Réseaux added, then the map typed further: the uses follow each edit.
        const more = media.replace(/(\n\s*touchpoint )/, '\n    touchpoint Ajout { channel Réseaux personas Lectrice }$1');
        for (const text of [more, more.replace('Ajout', 'Ajout2'), media]) {
            await lazy.edit('media.journey', text);
            await eager.edit('media.journey', text);
            for (const search of ['channel Réseaux', 'persona Lectrice']) {
                const expected = await eager.uses(search);
                expect(expected.length).toBeGreaterThan(0);
                expect(await lazy.uses(search)).toEqual(expected);
            }
        }
    });

    test('a declaration renamed in another file relinks the map that uses it, and renamed back, clears it', async () => {
        const lazy = await workspace(false);
        expect(lazy.errors('media.journey')).toEqual([]);
        // Read nothing first: the map's references were never asked for until the builder needs them.
        await lazy.edit('common.journey', common.replace('persona Lectrice', 'persona Liseuse'));
        expect(lazy.errors('media.journey').join('\n')).toMatch(/Lectrice/);
        await lazy.edit('common.journey', common);
        expect(lazy.errors('media.journey')).toEqual([]);
        const state = lazy.services.shared.workspace.LangiumDocuments.getDocument(URI.file('/ws/media.journey'))!.state;
        expect(state).toBe(DocumentState.Validated);
    });
});
