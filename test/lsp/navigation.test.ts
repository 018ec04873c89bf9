import { expectFoldings, expectHighlight, expectSymbols, expectWorkspaceSymbols, referenceParams, textDocumentPositionParams } from 'langium/test';
import { SymbolKind, type DocumentSymbol, type LocationLink } from 'vscode-languageserver';
import { beforeAll, describe, expect, test } from 'vitest';
import { buildWorkspace, offsetOf, readExample, type TestWorkspace } from '../test-services.js';

const common = readExample('common.journey');
const media = readExample('media-subscription.journey');
let ws: TestWorkspace;

beforeAll(async () => {
    ws = await buildWorkspace({ 'common.journey': common, 'media.journey': media, 'taxi.journey': readExample('taxi-vs-vtc.journey') });
});

function lineOf(text: string, offset: number): number {
    return text.slice(0, offset).split('\n').length - 1;
}

describe('definition and references across files', () => {
    test('a persona used in media.journey is defined in common.journey', async () => {
        const doc = ws.documents.get('media.journey')!;
        const links = await ws.Journey.lsp.DefinitionProvider!.getDefinition(doc, textDocumentPositionParams(doc, offsetOf(media, 'personas Lectrice', 10))) as LocationLink[];
        expect(links).toHaveLength(1);
        expect(links[0].targetUri).toBe('file:///ws/common.journey');
        expect(links[0].targetSelectionRange.start.line).toBe(lineOf(common, offsetOf(common, 'persona Lectrice')));
    });

    test('a touchpoint named by next is defined in the same journey', async () => {
        const doc = ws.documents.get('media.journey')!;
        const links = await ws.Journey.lsp.DefinitionProvider!.getDefinition(doc, textDocumentPositionParams(doc, offsetOf(media, 'next Bienvenue', 6))) as LocationLink[];
        expect(links.map(l => [l.targetUri, l.targetSelectionRange.start.line]))
            .toEqual([['file:///ws/media.journey', lineOf(media, offsetOf(media, 'touchpoint Bienvenue'))]]);
    });

    test('references of a channel: every use in both files, with the declaration on request', async () => {
        const doc = ws.documents.get('common.journey')!;
        const at = offsetOf(common, 'channel Réseaux', 9);
        const uses = await ws.Journey.lsp.ReferencesProvider!.findReferences(doc, referenceParams(doc, at, false));
        expect(uses.map(l => `${l.uri.split('/').pop()}:${l.range.start.line}`).sort())
            .toEqual([...media.matchAll(/channel Réseaux/g)].map(m => `media.journey:${lineOf(media, m.index!)}`).sort());
        const withDeclaration = await ws.Journey.lsp.ReferencesProvider!.findReferences(doc, referenceParams(doc, at, true));
        expect(withDeclaration).toHaveLength(uses.length + 1);
    });
});

describe('document features', () => {
    test('highlights: the declaration and each use of a touchpoint in the file', async () => {
        const text = 'journey J "J" {\n  stage S "S" {\n    touchpoint [[A]] "A" { next [[A]] }\n    touchpoint B "B" { next [[<|>A]], B }\n  }\n}\n';
        await expectHighlight(ws.Journey)({ text, index: 0, rangeIndex: [0, 1, 2], rangeStartMarker: '[[', rangeEndMarker: ']]', disposeAfterCheck: true });
    });

    test('outline: journey › stages › touchpoints, with personas, channels, teams and metrics', async () => {
        let symbols: DocumentSymbol[] = [];
        await expectSymbols(ws.Journey)({ text: readExample('taxi-vs-vtc.journey'), assert: s => { symbols = s; }, disposeAfterCheck: true });
        expect(symbols.map(s => s.name)).toEqual(['TaxiVsVTC']);
        const journey = symbols[0];
        expect(journey.kind).toBe(SymbolKind.Module);
        expect(journey.detail).toBe('Marie : taxi ou VTC ?');
        expect(journey.children!.map(c => c.name)).toEqual(['Marie', 'Mobile', 'Trottoir', 'Véhicule', 'Centrale', 'Chauffeurs',
            'Recherche', 'Validation', 'Commande', 'Réception', 'Utilisation', 'Feedback', 'Conversion', 'Satisfaction']);
        const validation = journey.children!.find(c => c.name === 'Validation')!;
        expect(validation.kind).toBe(SymbolKind.Namespace);
        expect(validation.children!.map(c => [c.name, c.kind, c.detail]))
            .toEqual([['AppelCentrale', SymbolKind.Event, 'Appel à la centrale'], ['Héler', SymbolKind.Event, 'Héler un taxi']]);
    });

    test('workspace symbols include stages and touchpoints of every file, with their journey', async () => {
        await expectWorkspaceSymbols(ws.shared)({
            query: 'Appel',
            assert: symbols => {
                expect(symbols.map(s => [s.name, s.containerName, s.location.uri])).toEqual(
                    expect.arrayContaining([['AppelCentrale', 'TaxiVsVTC', 'file:///ws/taxi.journey']]));
            }
        });
        await expectWorkspaceSymbols(ws.shared)({
            query: 'Lectrice',
            assert: symbols => expect(symbols.filter(s => s.name === 'Lectrice').map(s => [s.kind, s.location.uri]))
                .toEqual([[SymbolKind.Class, 'file:///ws/common.journey']])
        });
    });

    test('workspace symbols: a query in any case finds names with accented capitals (`élodie`, `Équipe`, `ÉTAPE`)', async () => {
        const french = await buildWorkspace({ 'communs.journey': 'persona Élodie "Élodie"\nteam Équipe "Équipe"\njourney Location "L" {\n  stage Étape "É" {}\n}\n' });
        const found = async (query: string) => {
            let names: string[] = [];
            await expectWorkspaceSymbols(french.shared)({ query, assert: symbols => { names = symbols.map(s => s.name); } });
            return names;
        };
        expect(await found('Élodie')).toEqual(['Élodie']);
        expect(await found('élo')).toEqual(['Élodie']);
        expect(await found('Équipe')).toEqual(['Équipe']);
        expect(await found('ÉTAPE')).toEqual(['Étape']);
    });

    test('folding: every multi-line block, up to the line before its closing brace', async () => {
        const text = '<|journey J "J" {\n  <|stage S "S" {\n    <|touchpoint T "T" {\n      emotion 1|>\n    }|>\n  }|>\n}\n';
        await expectFoldings(ws.Journey)({ text, disposeAfterCheck: true });
    });
});
