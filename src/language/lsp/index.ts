import type { Module } from 'langium';
import type { LangiumSharedServices, PartialLangiumSharedServices } from 'langium/lsp';
import type { JourneyServices } from '../journey-module.js';
import { JourneyConfigurationProvider, JourneyDocumentUpdateHandler, JourneyWorkspaceManager } from './journey-client-compat.js';
import { JourneyDocumentBuilder } from './journey-document-builder.js';
import { JourneyCodeActionProvider } from './journey-code-actions.js';
import { JourneyCompletionProvider } from './journey-completion-provider.js';
import { JourneyFoldingRangeProvider } from './journey-folding.js';
import { JourneyFormatter } from './journey-formatter.js';
import { JourneyFuzzyMatcher } from './journey-fuzzy-matcher.js';
import { JourneyHoverProvider } from './journey-hover-provider.js';
import { JourneyInlayHintProvider } from './journey-inlay-hints.js';
import { JourneyNodeKindProvider } from './journey-node-kinds.js';
import { JourneyIndexManager, JourneyReferenceDescriptionProvider } from './journey-reference-index.js';
import { JourneyRenameProvider } from './journey-rename-provider.js';
import { JourneySemanticTokenProvider } from './journey-semantic-tokens.js';
import { JourneyDocumentSymbolProvider, JourneyWorkspaceSymbolProvider } from './journey-symbols.js';

/**
 * The editor features of the language (`lsp` group of the Journey services).
 * Definition, references and highlights are Langium's defaults,
 * which the scoping already makes right.
 */
export const JourneyLspProviders = {
    CompletionProvider: (services: JourneyServices) => new JourneyCompletionProvider(services),
    HoverProvider: (services: JourneyServices) => new JourneyHoverProvider(services),
    RenameProvider: (services: JourneyServices) => new JourneyRenameProvider(services),
    Formatter: (services: JourneyServices) => new JourneyFormatter(services),
    CodeActionProvider: (services: JourneyServices) => new JourneyCodeActionProvider(services),
    SemanticTokenProvider: (services: JourneyServices) => new JourneySemanticTokenProvider(services),
    InlayHintProvider: (services: JourneyServices) => new JourneyInlayHintProvider(services),
    DocumentSymbolProvider: (services: JourneyServices) => new JourneyDocumentSymbolProvider(services),
    FoldingRangeProvider: (services: JourneyServices) => new JourneyFoldingRangeProvider(services)
};

/** The editor's language services outside the `lsp` group: the reference index's descriptions (see JourneyIndexManager). */
export const JourneyLspWorkspace = {
    ReferenceDescriptionProvider: (services: JourneyServices) => new JourneyReferenceDescriptionProvider(services)
};

/** Editor services shared by the whole server. */
export const JourneySharedLspModule: Module<LangiumSharedServices, PartialLangiumSharedServices> = {
    lsp: {
        NodeKindProvider: () => new JourneyNodeKindProvider(),
        FuzzyMatcher: () => new JourneyFuzzyMatcher(),
        WorkspaceSymbolProvider: (services) => new JourneyWorkspaceSymbolProvider(services),
        DocumentUpdateHandler: (services) => new JourneyDocumentUpdateHandler(services)
    },
    workspace: {
        ConfigurationProvider: (services) => new JourneyConfigurationProvider(services),
        DocumentBuilder: (services) => new JourneyDocumentBuilder(services),
        IndexManager: (services) => new JourneyIndexManager(services),
        WorkspaceManager: (services) => new JourneyWorkspaceManager(services)
    }
};
