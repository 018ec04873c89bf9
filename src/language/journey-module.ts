import { inject, type DeepPartial, type Module } from 'langium';
import {
    createDefaultModule, createDefaultSharedModule,
    type DefaultSharedModuleContext, type LangiumServices, type LangiumSharedServices, type PartialLangiumServices,
    type PartialLangiumSharedServices
} from 'langium/lsp';
import { JourneyGeneratedSharedModule, JourneyMapsGeneratedModule } from './generated/module.js';
import { JourneyLinker } from './references/journey-linker.js';
import { JourneyScopeComputation } from './references/journey-scope-computation.js';
import { JourneyScopeProvider } from './references/journey-scope-provider.js';
import { createJourneyParser } from './journey-parser.js';
import { JourneyTokenBuilder } from './journey-token-builder.js';
import { JourneyValueConverter } from './journey-value-converter.js';
import { JourneyLspProviders, JourneySharedLspModule } from './lsp/index.js';
import { JourneyServiceRegistry } from './journey-service-registry.js';
import { DefaultRuleSeverities, type RuleSeverities } from './config.js';
import { MessageLocale } from './message-locale.js';
import {
    JourneyDocumentValidator, JourneyLexer, JourneyLexerErrorMessageProvider, JourneyParserErrorMessageProvider,
    JourneyValidationRegistry, ReferenceDiagnostics, registerValidationChecks, WorkspaceFacts
} from './validation/index.js';

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
}

export type JourneyServices = LangiumServices & JourneyAddedServices;

/** The one place where the language's services are wired. */
export const JourneyModule: Module<JourneyServices, PartialLangiumServices & JourneyAddedServices> = {
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
    references: {
        Linker: (services) => new JourneyLinker(services),
        ScopeComputation: (services) => new JourneyScopeComputation(services),
        ScopeProvider: (services) => new JourneyScopeProvider(services)
    },
    lsp: JourneyLspProviders
};

export interface JourneyServiceSet<Added extends object = object> {
    shared: LangiumSharedServices;
    Journey: JourneyServices & Added;
}

/** Shared services of every Journey service set (language server, CLI, tests). */
const JourneySharedModule: Module<LangiumSharedServices, PartialLangiumSharedServices> = {
    ServiceRegistry: (services) => new JourneyServiceRegistry(services)
};

/**
 * Creates the shared and language services. With `EmptyFileSystem` for tests
 * and the webview, with `NodeFileSystem` for the CLI and the language server.
 * `sharedOverrides` replaces shared services for one use (the CLI's batch index);
 * `languageModules` add or replace language services, later ones over earlier ones (a host's
 * own services, then a test's stand-in for WorkspaceFacts or the diagram builder, say).
 */
export function createJourneyServices<Added extends object = object>(
    context: DefaultSharedModuleContext,
    sharedOverrides: Module<LangiumSharedServices, PartialLangiumSharedServices> = {},
    ...languageModules: Array<Module<JourneyServices & Added, DeepPartial<JourneyServices & Added>> | Module<JourneyServices, DeepPartial<JourneyServices>>>
): JourneyServiceSet<Added> {
    const shared = inject(createDefaultSharedModule(context), JourneyGeneratedSharedModule, JourneySharedModule, JourneySharedLspModule, sharedOverrides);
    const Journey = inject(createDefaultModule({ shared }), JourneyMapsGeneratedModule, JourneyModule,
        ...languageModules as Array<Module<JourneyServices, DeepPartial<JourneyServices>>>) as JourneyServices & Added;
    shared.ServiceRegistry.register(Journey);
    registerValidationChecks(Journey);
    if (!context.connection) {
        // Without a language client nothing sends the configuration: mark it ready with the defaults.
        void shared.workspace.ConfigurationProvider.initialized({});
    }
    return { shared, Journey };
}
