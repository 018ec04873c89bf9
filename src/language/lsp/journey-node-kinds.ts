import type { AstNode, AstNodeDescription } from 'langium';
import type { NodeKindProvider } from 'langium/lsp';
import { CompletionItemKind, SymbolKind } from 'vscode-languageserver';
import { Channel, Journey, Metric, Persona, Stage, Team, Touchpoint } from '../generated/ast.js';

interface Kinds { symbol: SymbolKind; completion: CompletionItemKind }

/** One icon per kind of declaration, the same in outline, workspace symbols and completion. */
const KINDS: Record<string, Kinds> = {
    [Journey.$type]: { symbol: SymbolKind.Module, completion: CompletionItemKind.Module },
    [Stage.$type]: { symbol: SymbolKind.Namespace, completion: CompletionItemKind.Folder },
    [Touchpoint.$type]: { symbol: SymbolKind.Event, completion: CompletionItemKind.Event },
    [Persona.$type]: { symbol: SymbolKind.Class, completion: CompletionItemKind.Class },
    [Channel.$type]: { symbol: SymbolKind.Interface, completion: CompletionItemKind.Interface },
    [Team.$type]: { symbol: SymbolKind.Struct, completion: CompletionItemKind.Struct },
    [Metric.$type]: { symbol: SymbolKind.Number, completion: CompletionItemKind.Value }
};

export class JourneyNodeKindProvider implements NodeKindProvider {
    getSymbolKind(node: AstNode | AstNodeDescription): SymbolKind {
        return KINDS[typeOf(node)]?.symbol ?? SymbolKind.Field;
    }

    getCompletionItemKind(node: AstNode | AstNodeDescription): CompletionItemKind {
        return KINDS[typeOf(node)]?.completion ?? CompletionItemKind.Reference;
    }
}

function typeOf(node: AstNode | AstNodeDescription): string {
    return '$type' in node ? node.$type : node.type;
}
