import type { ValidationAcceptor, ValidationChecks } from 'langium';
import type { Journey, JourneyAstType, Stage, Touchpoint } from '../generated/ast.js';
import { RuleIds } from '../rules.js';
import { containsSyntaxError, report } from './diagnostics.js';

/**
 * The `next` flow between touchpoints. The entry touchpoints are those of the
 * first stage that has any (an empty first stage is already `stage-empty`);
 * every later touchpoint should be the `next` of some other touchpoint.
 */
export function flowChecks(): ValidationChecks<JourneyAstType> {
    const checkFlow = (journey: Journey, accept: ValidationAcceptor): void => {
        const stageIndex = new Map<Stage, number>(journey.stages.map((stage, index) => [stage, index]));
        const reached = new Set<Touchpoint>();
        let usesNext = false;
        for (const stage of journey.stages) {
            for (const touchpoint of stage.touchpoints) {
                touchpoint.next.forEach((reference, index) => {
                    usesNext = true;
                    const target = reference.ref;
                    if (!target || target === touchpoint) return;
                    reached.add(target);
                    const from = stageIndex.get(stage) ?? 0;
                    const to = stageIndex.get(target.$container) ?? from;
                    if (to < from) {
                        report(accept, RuleIds.nextBackwards,
                            { key: 'diag.nextBackwards', params: { name: touchpoint.name, target: target.name, stage: target.$container.name } },
                            { node: touchpoint, property: 'next', index });
                    }
                });
            }
        }
        // A syntax error may have cut a `next` list short: do not guess what is unreachable.
        if (!usesNext || containsSyntaxError(journey)) return;
        const entry = journey.stages.findIndex(stage => stage.touchpoints.length > 0);
        for (const stage of journey.stages.slice(entry + 1)) {
            for (const touchpoint of stage.touchpoints) {
                if (reached.has(touchpoint)) continue;
                report(accept, RuleIds.unreachableTouchpoint,
                    { key: 'diag.unreachableTouchpoint', params: { name: touchpoint.name, stage: stage.name, journey: journey.name } },
                    { node: touchpoint, property: 'name' });
            }
        }
    };
    return { Journey: checkFlow };
}
