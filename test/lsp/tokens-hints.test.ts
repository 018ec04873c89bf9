import { SemanticTokensDecoder } from 'langium/lsp';
import { textDocumentParams } from 'langium/test';
import type { InlayHint, SemanticTokens } from 'vscode-languageserver';
import { describe, expect, test } from 'vitest';
import { buildWorkspace, readExample } from '../test-services.js';

describe('semantic tokens', () => {
    test('personas, channels, teams, stages and touchpoints each get their own standard token type', async () => {
        const text = readExample('media-subscription.journey');
        const ws = await buildWorkspace({ 'common.journey': readExample('common.journey'), 'media.journey': text });
        const doc = ws.documents.get('media.journey')!;
        const provider = ws.Journey.lsp.SemanticTokenProvider!;
        const tokens = await provider.semanticHighlight(doc, textDocumentParams(doc)) as SemanticTokens;
        const legend = provider.semanticTokensOptions.legend;
        const decoded = SemanticTokensDecoder.decode(tokens, provider.tokenTypes, doc);
        const typeOf = (word: string, line: string) => {
            const lineNo = text.split('\n').findIndex(l => l.includes(line));
            const found = decoded.find(t => t.text === word && doc.textDocument.positionAt(t.offset).line === lineNo);
            return found?.tokenType;
        };
        expect(typeOf('Lectrice', 'personas Lectrice, Abonné')).toBe('class');
        expect(typeOf('Réseaux', 'channel Réseaux')).toBe('interface');
        expect(typeOf('Marketing', 'owner Marketing')).toBe('struct');
        expect(typeOf('Découverte', 'stage Découverte')).toBe('type');
        expect(typeOf('PostSocial', 'touchpoint PostSocial')).toBe('event');
        expect(typeOf('LectureArticle', 'next LectureArticle')).toBe('event');
        expect(typeOf('Consommation', 'in Consommation')).toBe('type');
        expect(typeOf('tool', 'kind tool')).toBe('enumMember');
        expect(typeOf('high', 'severity high')).toBe('enumMember');
        // Only standard LSP token types and modifiers are declared, so every client's theme colours them.
        expect(legend.tokenTypes).toEqual(['namespace', 'type', 'event', 'class', 'interface', 'struct', 'variable', 'enumMember']);
        expect(legend.tokenModifiers).toEqual(['declaration']);
    });
});

describe('semantic tokens of a per-persona emotion', () => {
    test('the persona in `emotion Karim -2` is a persona, as after `personas`', async () => {
        const text = readExample('en/bank-loan.journey');
        const ws = await buildWorkspace({ 'bank.journey': text });
        const doc = ws.documents.get('bank.journey')!;
        const provider = ws.Journey.lsp.SemanticTokenProvider!;
        const decoded = SemanticTokensDecoder.decode(await provider.semanticHighlight(doc, textDocumentParams(doc)) as SemanticTokens, provider.tokenTypes, doc);
        const at = text.indexOf('emotion Karim -2') + 'emotion '.length;
        expect(decoded.find(t => t.offset === at)).toMatchObject({ text: 'Karim', tokenType: 'class' });
    });
});

describe('inlay hints', () => {
    test('each persona says how many touchpoints and stages it goes through, counted across files', async () => {
        const common = readExample('common.journey');
        const ws = await buildWorkspace({ 'common.journey': common, 'media.journey': readExample('media-subscription.journey') });
        const doc = ws.documents.get('common.journey')!;
        const hints = await ws.Journey.lsp.InlayHintProvider!.getInlayHints(doc, {
            ...textDocumentParams(doc), range: { start: { line: 0, character: 0 }, end: doc.textDocument.positionAt(common.length) }
        }) as InlayHint[];
        expect(hints.map(h => [h.position.line, h.label])).toEqual([
            [2, 'goes through 5 touchpoints in 5 stages'],
            [8, 'goes through 4 touchpoints in 3 stages']
        ]);
        expect(hints[0].position.character).toBe(common.split('\n')[2].indexOf(' {'));
    });
});
