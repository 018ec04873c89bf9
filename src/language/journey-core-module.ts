import {
    createDefaultCoreModule, createDefaultSharedCoreModule, inject,
    type DeepPartial, type DefaultSharedCoreModuleContext, type LangiumCoreServices, type LangiumSharedCoreServices, type Module,
    type PartialLangiumCoreServices, type PartialLangiumSharedCoreServices
} from 'langium';
import { JourneyGeneratedSharedModule, JourneyMapsGeneratedModule } from './generated/module.js';
import { JourneyLinker } from './references/journey-linker.js';
import { JourneyScopeComputation } from './references/journey-scope-computation.js';
import { JourneyScopeProvider } from './references/journey-scope-provider.js';
import { SingleWorkspaceRoot, type WorkspaceRoots } from './references/workspace-roots.js';
import { createJourneyParser } from './journey-parser.js';
import { JourneyDocumentFactory } from './journey-document-factory.js';
import { JourneyCommentProvider } from './journey-comment-provider.js';
import { JourneyTokenBuilder } from './journey-token-builder.js';
import { JourneyValueConverter } from './journey-value-converter.js';
import { JourneyServiceRegistry } from './journey-service-registry.js';
import { DefaultRuleSeverities, type RuleSeverities } from './config.js';
import { MessageLocale } from './message-locale.js';
import {
    JourneyDocumentValidator, JourneyLexer, JourneyLexerErrorMessageProvider, JourneyParserErrorMessageProvider,
    JourneyValidationRegistry, ReferenceDiagnostics, registerValidationChecks, WorkspaceFacts
} from './validation/index.js';

// The language without the editor: parser, linker, scopes, checks and configuration. The
// one-shot CLI commands (lint, format, render, export, compare, diff, import) and their lint
// workers build only these (src/cli/workspace.ts), so they never load Langium's LSP layer
// nor vscode-languageserver; the language server adds the editor features on top of the
// same module (journey-module.ts), so every binding here is made once for both.

/** Services this language adds to Langium's: each is bound once below, so a test or the CLI overrides it in one place. */
export interface JourneyAddedServices {
    config: {
        /** Rule severities from defaults, the `journey.rules` setting and journey.config.json. */
        RuleSeverities: RuleSeverities;
        /** The language of diagnostics, hovers, completion, quick fixes and hints: the client's, else the config's. */
        MessageLocale: MessageLocale;
    };
    validation: {
        /** Workspace-wide facts the checks share (declarations by name, what is referenced), once per build. */
        WorkspaceFacts: WorkspaceFacts;
        /** Linking errors as `unresolved-reference` / `metric-stage` diagnostics with suggestions. */
        ReferenceDiagnostics: ReferenceDiagnostics;
    };
    references: {
        /** Which documents see each other's top-level names: those of one workspace root. */
        WorkspaceRoots: WorkspaceRoots;
    };
}

/** The language's services without the editor features (what the checks and the CLI need). */
export type JourneyCoreServices = LangiumCoreServices & JourneyAddedServices;

/** The one place where the language's (non-editor) services are wired. */
export const JourneyCoreModule: Module<JourneyCoreServices, PartialLangiumCoreServices & JourneyAddedServices> = {
    parser: {
        TokenBuilder: () => new JourneyTokenBuilder(),
        ValueConverter: () => new JourneyValueConverter(),
        Lexer: (services) => new JourneyLexer(services),
        LangiumParser: (services) => createJourneyParser(services),
        ParserErrorMessageProvider: (services) => new JourneyParserErrorMessageProvider(() => services.Grammar),
        LexerErrorMessageProvider: () => new JourneyLexerErrorMessageProvider()
    },
    validation: {
        DocumentValidator: (services) => new JourneyDocumentValidator(services),
        ValidationRegistry: (services) => new JourneyValidationRegistry(services),
        WorkspaceFacts: (services) => new WorkspaceFacts(services),
        ReferenceDiagnostics: (services) => new ReferenceDiagnostics(services)
    },
    config: {
        RuleSeverities: (services) => new DefaultRuleSeverities(services),
        MessageLocale: (services) => new MessageLocale(() => services.config.RuleSeverities)
    },
    documentation: {
        CommentProvider: (services) => new JourneyCommentProvider(services)
    },
    references: {
        Linker: (services) => new JourneyLinker(services),
        ScopeComputation: (services) => new JourneyScopeComputation(services),
        ScopeProvider: (services) => new JourneyScopeProvider(services),
        WorkspaceRoots: () => new SingleWorkspaceRoot()
    }
};

export interface JourneyCoreServiceSet<Added extends object = object> {
    shared: LangiumSharedCoreServices;
    Journey: JourneyCoreServices & Added;
}

/** A module over the language's services (a host's own, or a test's stand-in). */
export type JourneyLanguageModule<Services> = Module<Services, DeepPartial<Services>>;

/**
 * Registers the language with its shared services and its checks; without a language
 * client nothing sends the configuration, so it is marked ready with the defaults.
 */
export function registerJourneyLanguage(shared: LangiumSharedCoreServices, Journey: JourneyCoreServices, withClient: boolean): void {
    shared.ServiceRegistry.register(Journey);
    registerValidationChecks(Journey);
    if (!withClient) void shared.workspace.ConfigurationProvider.initialized({});
}

/** Shared services of every Journey service set (language server, CLI, tests). */
export const JourneySharedModule: Module<LangiumSharedCoreServices, PartialLangiumSharedCoreServices> = {
    ServiceRegistry: (services) => new JourneyServiceRegistry(services),
    workspace: {
        LangiumDocumentFactory: (services) => new JourneyDocumentFactory(services)
    }
};

/**
 * The language's services without the editor (no LSP module, no connection): for the
 * one-shot CLI commands and their lint workers, with `NodeFileSystem`, or `EmptyFileSystem`
 * for texts held in memory. Arguments as `createJourneyServices`' (journey-module.ts).
 */
export function createJourneyCoreServices<Added extends object = object>(
    context: DefaultSharedCoreModuleContext,
    sharedOverrides: Module<LangiumSharedCoreServices, PartialLangiumSharedCoreServices> = {},
    ...languageModules: Array<JourneyLanguageModule<JourneyCoreServices & Added> | JourneyLanguageModule<JourneyCoreServices>>
): JourneyCoreServiceSet<Added> {
    const shared = inject(createDefaultSharedCoreModule(context), JourneyGeneratedSharedModule, JourneySharedModule, sharedOverrides);
    const Journey = inject(createDefaultCoreModule({ shared }), JourneyMapsGeneratedModule, JourneyCoreModule,
        ...languageModules as Array<JourneyLanguageModule<JourneyCoreServices>>) as JourneyCoreServices & Added;
    registerJourneyLanguage(shared, Journey, false);
    return { shared, Journey };
}
