import { CstUtils, EmptyFileSystem, type LeafCstNode } from 'langium';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { describe, expect, it } from 'vitest';
import { createJourneyServices } from '../../src/language/journey-module.js';

// The parser's CST leaves work out their ranges from the line starts (src/language/journey-parser.ts):
// every leaf must still say what the LSP document says about its offsets.
describe('CST leaf ranges', () => {
    it('match the text document positions with \\n, \\r\\n and \\r line ends, block comments and non-ASCII text', () => {
        const text = [
            'persona Inès "Inès 東京 👍🏽" { goal "Lire" }\r\n',
            '/* a block\r\n   comment */ channel Site "Site" digital\r',
            'team Data "Data"\n',
            'journey J "J" {\n  stage S "S" {\r\n    touchpoint P { channel Site personas Inès emotion -1 owner Data }\n  }\n}\n'
        ].join('');
        const { shared } = createJourneyServices(EmptyFileSystem);
        const document = shared.workspace.LangiumDocumentFactory.fromString(text, URI.parse('memory:///ranges.journey'));
        expect(document.parseResult.parserErrors).toEqual([]);
        const lsp = TextDocument.create('memory:///ranges.journey', 'journey', 0, text);
        const leaves = CstUtils.streamCst(document.parseResult.value.$cstNode!).filter((node): node is LeafCstNode => 'tokenType' in node).toArray();
        expect(leaves.length).toBeGreaterThan(30);
        for (const leaf of leaves) {
            expect(leaf.range, `${leaf.text} at ${leaf.offset}`).toEqual({ start: lsp.positionAt(leaf.offset), end: lsp.positionAt(leaf.end) });
        }
    });
});
