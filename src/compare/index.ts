// Comparing journeys: the structural diff (diff.ts), the report (markdown.ts) and the
// picture (svg.ts), all on the export model. Pure: runs wherever the diagram pipeline does.
import { COMPARISON_SCHEMA_VERSION, diffJourneys, diffWholeJourney, type Comparison } from './diff.js';
import type { ComparedJourney } from './markdown.js';

export * from './diff.js';
export { alignStages, personaCurves, alignMetrics } from './align.js';
export { comparisonMarkdown, type ComparedJourney } from './markdown.js';
export { comparisonSvg } from './svg.js';

/** The comparison of two sides; a side without a journey makes every element of the other added or removed. */
export function compareJourneys(from: ComparedJourney, to: ComparedJourney): Comparison {
    const changes = from.journey && to.journey ? diffJourneys(from.journey, to.journey)
        : to.journey ? diffWholeJourney(to.journey, 'added')
        : from.journey ? diffWholeJourney(from.journey, 'removed') : [];
    return { schemaVersion: COMPARISON_SCHEMA_VERSION, from: from.ref, to: to.ref, changes };
}
