// A block the parser cannot read, whose braces do not balance: a misspelt block whose `{` is
// never closed, a stray block in a persona left open. The designer sees one error at the
// word that went wrong, the block's entries nowhere else, and the rest of the map in the
// outline as written.
import type { DocumentSymbol } from 'vscode-languageserver';
import { describe, expect, test } from 'vitest';
import { buildWorkspace } from '../test-services.js';

/** The outline as `name` lines, children indented under their parent. */
function outlineOf(symbols: readonly DocumentSymbol[], indent = ''): string[] {
    return symbols.flatMap(symbol => [`${indent}${symbol.name}`, ...outlineOf(symbol.children ?? [], `${indent}  `)]);
}

/** Every diagnostic as `line:column rule message` (1-based), and the outline. */
async function read(text: string): Promise<{ diagnostics: string[]; outline: string[] }> {
    const workspace = await buildWorkspace(text);
    const document = workspace.documents.get('main.journey')!;
    const symbols = await workspace.Journey.lsp.DocumentSymbolProvider!.getSymbols(document, { textDocument: { uri: document.uri.toString() } });
    return {
        diagnostics: workspace.diagnostics().map(d => `${d.range.start.line + 1}:${d.range.start.character + 1} ${String(d.code)} ${d.message}`),
        outline: outlineOf(symbols as DocumentSymbol[])
    };
}

describe('a misspelt block whose { is never closed', () => {
    // The designer is writing the stage's last touchpoint: its keyword misspelt, its `}`, the
    // stage's and the journey's not yet written.
    const TYPING = `journey Essai "Essai" {
  channel Site "Site web" digital
  persona Lea "Léa"
  team Equipe "Équipe"
  stage Decouverte "Découverte" {
    goal "Trouver"
    touchpoint Annonce "Annonce" { channel Site personas Lea emotion 1 owner Equipe }
    toucpoint Devis "Devis" {
      channel Site
      personas Lea
      emotion 2
      owner Equipe
`;

    test('one error at the misspelt word, the stage open at the end of the file, the block\'s entries read nowhere', async () => {
        const { diagnostics } = await read(TYPING);
        expect(diagnostics).toEqual([
            expect.stringMatching(/^8:5 syntax Unexpected 'toucpoint' in this stage: .* Did you mean 'touchpoint'\?$/),
            expect.stringMatching(/^12:13 syntax Missing '}' to close this stage: the file ends before it\.$/)
        ]);
    });

    test('the outline shows the map as written, without the misspelt touchpoint\'s channel as a second journey channel', async () => {
        const { outline } = await read(TYPING);
        expect(outline).toEqual(['Essai', '  Site', '  Lea', '  Equipe', '  Decouverte', '    Annonce']);
    });

    test('a misspelt journey whose } is missing: its entries are not read as the file\'s', async () => {
        const text = `persona Lea "Léa"\njourny Essai "Essai" {\n  persona Karim "Karim"\n  channel Site "Site web" digital\n  stage Decouverte "Découverte" {\n    goal "Trouver"\n  }\n`;
        const { diagnostics, outline } = await read(text);
        expect(diagnostics).toEqual([expect.stringMatching(/^2:1 syntax Unexpected 'journy'.* Did you mean 'journey'\?$/)]);
        expect(outline).toEqual(['Lea']);
    });
});

describe('a stray block in a persona left open', () => {
    // The persona's `}` is missing, and a block no persona holds follows its goals, its own `}`
    // missing too: its `{` takes the journey's `}` at the end of the file.
    const MAP = `journey Essai "Essai" {
  channel Site "Site web" digital
  persona Lea "Léa" {
    goal "Trouver vite"
    notes Entretien {
      frustration "Trop de formulaires"
  stage Decouverte "Découverte" {
    goal "Trouver"
    touchpoint Annonce "Annonce" { channel Site personas Lea emotion 1 }
  }
  stage Achat "Achat" {
    goal "Payer"
    touchpoint Panier "Panier" { channel Site personas Lea emotion -1 }
  }
}
`;

    test('one error at the stray word; the stages after it are the journey\'s, as written', async () => {
        const { diagnostics, outline } = await read(MAP);
        expect(diagnostics.filter(d => d.includes(' syntax '))).toEqual([
            expect.stringMatching(/^5:5 syntax Unexpected 'notes' in this persona/)
        ]);
        expect(outline).toEqual(['Essai', '  Site', '  Lea', '  Decouverte', '    Annonce', '  Achat', '    Panier']);
    });

    test('a stray block whose } is there is still skipped whole, up to it', async () => {
        const closed = MAP.replace('      frustration "Trop de formulaires"\n', '      frustration "Trop de formulaires"\n    }\n');
        const { diagnostics, outline } = await read(closed);
        expect(diagnostics.filter(d => d.includes(' syntax '))).toEqual([expect.stringMatching(/^5:5 syntax Unexpected 'notes' in this persona/)]);
        expect(outline).toEqual(['Essai', '  Site', '  Lea', '  Decouverte', '    Annonce', '  Achat', '    Panier']);
    });
});

describe('a stray block whose braces balance is skipped whole, whatever it holds', () => {
    // Touchpoints grouped inside a touchpoint: the group is a stray, its `}` and the touchpoint's are there.
    const GROUPED = `journey Essai "Essai" {
  channel Site "Site web" digital
  persona Lea "Léa"
  stage Decouverte "Découverte" {
    goal "Trouver"
    touchpoint Annonce "Annonce" {
      channel Site
      variantes {
        touchpoint Mobile "Mobile" { channel Site }
        goal "Comparer"
      }
      emotion 1
    }
    touchpoint Devis "Devis" { channel Site }
  }
  stage Achat "Achat" { goal "Payer" touchpoint Panier "Panier" { channel Site } }
}
`;

    test('one error at the stray word; the touchpoint, the next one and the next stage read as written', async () => {
        const { diagnostics, outline } = await read(GROUPED);
        expect(diagnostics.filter(d => d.includes(' syntax '))).toEqual([expect.stringMatching(/^8:7 syntax Unexpected 'variantes' in this touchpoint/)]);
        expect(outline).toEqual(['Essai', '  Site', '  Lea', '  Decouverte', '    Annonce', '    Devis', '  Achat', '    Panier']);
    });
});
