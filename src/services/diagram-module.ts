// The diagram model builder as a service, bound in one module that every host's container
// takes (the language server's, src/server/start.ts; the CLI's, src/cli/workspace.ts), as
// LikeC4 binds its ModelBuilder: a test or a host replaces it with one binding and the
// preview, `journey preview` and `journey render` all draw what the replacement builds.
// src/diagram itself stays free of service wiring; this file is where the two meet.
import type { LangiumDocument, Module } from 'langium';
import { diagramResult } from '../diagram/document-result.js';
import type { DiagramOptions } from '../diagram/types.js';
import type { JourneyCoreServices } from '../language/journey-core-module.js';
import type { DiagramResult } from '../common/webview-messages.js';
import { DEFAULT_LOCALE, type Locale } from '../i18n/index.js';

/** Builds what the preview shows of a document: its diagram models and its errors. */
export class DiagramModelBuilder {
    constructor(private readonly services?: JourneyCoreServices) {}

    /**
     * The models and errors of one built document; never throws. The map speaks `options.locale`,
     * else the `"locale"` of the document's journey.config.json, else English.
     */
    result(document: LangiumDocument, params: { options?: DiagramOptions }): DiagramResult {
        const locale = params.options?.locale ?? this.configLocale(document) ?? DEFAULT_LOCALE;
        return diagramResult(document, { ...params, options: { ...params.options, locale } });
    }

    private configLocale(document: LangiumDocument): Locale | undefined {
        try {
            return this.services?.config.RuleSeverities.resolve(document.uri).locale;
        } catch {
            return undefined; // an unreadable config is reported by validation; the map stays drawable
        }
    }
}

export interface JourneyDiagramServices {
    diagram: {
        /** What the preview, `journey preview` and `journey render` draw of a built document. */
        ModelBuilder: DiagramModelBuilder;
    };
}

export const JourneyDiagramModule: Module<JourneyCoreServices & JourneyDiagramServices, JourneyDiagramServices> = {
    diagram: {
        ModelBuilder: services => new DiagramModelBuilder(services)
    }
};
