// One projection of the AST that every view of a map builds on: the diagram model
// (src/diagram/model.ts) and the export model (src/export/model.ts) take labels,
// references and a journey's personas, channels and teams from here, so they cannot
// disagree. Pure (types of the AST and Langium only): it runs in Node, a worker and the webview.
//
// Unresolved names, the one rule: a touchpoint keeps what its author wrote (`personas Nobody`
// shows and exports `Nobody`; the validator reports it), but an unresolved name is not a
// persona, channel or team of the journey. It gets no entry in the journey's lists, no
// emotion curve and no persona row: a designer reading the map sees the declared cast only.
// (A channel row is a place, not a member of the cast: it keeps the channel name as written.)
import type { AstNode, Reference } from 'langium';
import type { Channel, Journey, Persona, Team, Touchpoint } from './generated/ast.js';
import { referencedName } from './references/referenced-name.js';

export { referencedName };

/** What a declaration shows: its label, else its name, else the fallback (a declaration still being typed has neither). */
export function labelOf(node: { label?: string; name?: string }, fallback = ''): string {
    return node.label || node.name || fallback;
}

/** A journey's title, else its name, else the fallback. */
export function titleOf(journey: Journey, fallback = ''): string {
    return journey.title || journey.name || fallback;
}

/** A reference as shown on the element that makes it: the target's name and label, or the written text twice when it does not resolve. */
export function shownReference<T extends AstNode & { name?: string; label?: string }>(reference: Reference<T>): { id: string; label: string } {
    const id = referencedName(reference);
    return { id, label: reference.ref ? labelOf(reference.ref, id) : id };
}

/** The personas of a journey: its own declarations, then the resolved ones its touchpoints name (once each, by name). */
export function journeyPersonas(journey: Journey): Persona[] {
    return declaredThenReferenced(journey.personas, touchpointsOf(journey).flatMap(tp => tp.personas));
}

/** The personas of a journey as `journeyPersonas` lists them, from the personas its touchpoints name (resolved, in order; repeats allowed). */
export function journeyPersonasNamed(journey: Journey, named: Iterable<Persona>): Persona[] {
    return declaredThenNamed(journey.personas, named);
}

/** The channels of a journey, by the same rule as its personas. */
export function journeyChannels(journey: Journey): Channel[] {
    return declaredThenReferenced(journey.channels, touchpointsOf(journey).flatMap(tp => tp.channels));
}

/** The teams of a journey (declared, then owners of its touchpoints), by the same rule. */
export function journeyTeams(journey: Journey): Team[] {
    return declaredThenReferenced(journey.teams, touchpointsOf(journey).flatMap(tp => (tp.owner ? [tp.owner] : [])));
}

/** Every touchpoint of a journey, stage by stage in file order. */
export function touchpointsOf(journey: Journey): Touchpoint[] {
    return journey.stages.flatMap(stage => stage.touchpoints);
}

/** Local declarations, then the targets of the references that resolve; a name seen once is not repeated. */
function declaredThenReferenced<T extends AstNode & { name?: string }>(declared: readonly T[], references: ReadonlyArray<Reference<T>>): T[] {
    return declaredThenNamed(declared, references.map(r => r.ref).filter((n): n is T => n !== undefined));
}

/** Local declarations, then the nodes named; a name seen once is not repeated. */
function declaredThenNamed<T extends AstNode & { name?: string }>(declared: readonly T[], named: Iterable<T>): T[] {
    const seen = new Set<string>();
    const result: T[] = [];
    const add = (node: T) => {
        const name = node.name ?? '';
        if (seen.has(name)) return;
        seen.add(name);
        result.push(node);
    };
    declared.forEach(add);
    for (const node of named) add(node);
    return result;
}
