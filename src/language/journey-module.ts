import { inject, type DeepPartial, type Module } from 'langium';
import {
    createDefaultModule, createDefaultSharedModule,
    type DefaultSharedModuleContext, type LangiumServices, type LangiumSharedServices, type PartialLangiumServices,
    type PartialLangiumSharedServices
} from 'langium/lsp';
import { JourneyGeneratedSharedModule, JourneyMapsGeneratedModule } from './generated/module.js';
import { JourneyLspProviders, JourneyLspWorkspace, JourneySharedLspModule } from './lsp/index.js';
import { JourneyCoreModule, JourneySharedModule, registerJourneyLanguage, type JourneyAddedServices } from './journey-core-module.js';

export type { JourneyAddedServices, JourneyCoreServices, JourneyCoreServiceSet } from './journey-core-module.js';

/** The language's services with the editor features (the language server's). */
export type JourneyServices = LangiumServices & JourneyAddedServices;

/** The language's services (journey-core-module.ts) plus its editor features: each bound once. */
export const JourneyModule: Module<JourneyServices, PartialLangiumServices & JourneyAddedServices> = {
    ...(JourneyCoreModule as Module<JourneyServices, PartialLangiumServices & JourneyAddedServices>),
    lsp: JourneyLspProviders,
    workspace: JourneyLspWorkspace
};

export interface JourneyServiceSet<Added extends object = object> {
    shared: LangiumSharedServices;
    Journey: JourneyServices & Added;
}

/**
 * Creates the shared and language services with the editor features: for the language
 * server (with its connection), the editor's tests (`EmptyFileSystem`) and `journey lsp`.
 * One-shot commands take `createJourneyCoreServices` (journey-core-module.ts) instead.
 * `sharedOverrides` replaces shared services for one use;
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
    registerJourneyLanguage(shared, Journey, Boolean(context.connection));
    return { shared, Journey };
}
