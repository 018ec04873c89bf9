// What each stage of a journey gives its diagram model: its column and its cards (goals,
// touchpoints and what hangs on them, its frictions and opportunities), in card order. A
// keystroke on a 10,000-touchpoint map changes one stage, so the parts of the last model are kept
// per journey and reused where none of the tree's edits since (src/language/tree-edits.ts)
// touched them: the stage is the same node, no edit changed a value in it or moved its lines,
// its references lead to the same declarations, which show the same names and labels, and its
// ids are still the only ones of the journey. Anything else builds the parts again, whole.
// A part also keeps its flows while each `next` leads to the same card in the same column, and
// the personas its touchpoints name, which the journey's model gathers. A reused part's cards are the very objects of the last model, so comparing the two models
// (src/common/json-changes.ts) skips them. test/diagram/incremental-model.test.ts checks
// the models against a fresh build after random edits.
import { AstUtils, type AstNode, type CstNode, type LangiumDocument, type Reference } from 'langium';
import { isStage, type Channel, type Journey, type Persona, type Stage, type Touchpoint } from '../language/generated/ast.js';
import { treeEditsSince, treeGeneration, type TreeEdit } from '../language/tree-edits.js';
import type { ChannelRef, DiagramCard, DiagramFlow, DiagramStage, NamedRef, TouchpointCard } from './types.js';
import { labelOf, shownReference } from '../language/projection.js';
import { touchpointEmotions } from '../language/emotions.js';
import { labelSpan, labelSpanOf, propertyNodes, rangeOf, stringsOf, textSpanOf } from './source-spans.js';
import { UniqueNames } from './unique-names.js';
import { UNGROUPED_ROW } from './view-options.js';
import { t, type Locale } from '../i18n/index.js';

/** One stage's share of its journey's model. */
export interface StagePart {
    /** The node it was built from. */
    readonly stage: Stage;
    readonly index: number;
    readonly column: DiagramStage;
    /** Its cards, in card order. */
    readonly cards: readonly DiagramCard[];
    /** Its touchpoints and their cards, in order. */
    readonly touchpoints: readonly Touchpoint[];
    readonly touchpointCards: readonly TouchpointCard[];
    /** The ids its cards asked for, in order (each card got it unless another card of the journey asked first). */
    readonly ids: readonly string[];
    /** The touchpoints with evidence before this stage's, when its cards' evidence notes were numbered. */
    readonly evidenceBefore: number;
    /** Its touchpoints with evidence. */
    readonly evidence: number;
    /** The lines of the stage's source, first and last (every range of its cards is within them). */
    readonly firstLine: number;
    readonly lastLine: number;
    /** What each reference its cards show led to, in the order `referencesOf` reads them. */
    readonly targets: readonly (AstNode | undefined)[];
    /** The personas its touchpoints name (resolved), each once, in order. */
    readonly personas: readonly Persona[];
    /** Its flows as last made, and what they were made from (see `partFlows`). */
    flows?: PartFlows;
}

interface PartFlows {
    readonly flows: readonly DiagramFlow[];
    /** The column of the part's stage. */
    readonly from: number;
    /** Each `next` of its touchpoints, in order: the touchpoint it led to, that one's card id and column. */
    readonly targets: readonly (Touchpoint | undefined)[];
    readonly ids: readonly (string | undefined)[];
    readonly to: readonly number[];
}

/** Hands out card ids. */
interface IdTaker {
    take(base: string): string;
}

/** The parts of a journey's last model, and what they were built from. */
interface JourneyParts {
    readonly locale: Locale | undefined;
    readonly generation: number;
    readonly parts: readonly StagePart[];
    /** Which stage's part took each id: made at the first edit, not on the first map's way. */
    readonly owners?: Map<string, Stage>;
    /** What each declaration the parts' references lead to showed when they were built. */
    readonly shown: Map<AstNode, string>;
}

const lastParts = new WeakMap<Journey, JourneyParts>();

/** The parts of the journey's stages, reusing the last model's where nothing they show changed. */
export function stageParts(journey: Journey, locale: Locale | undefined): StagePart[] {
    const document = AstUtils.findRootNode(journey).$document;
    const last = document && lastParts.get(journey);
    const reused = last && last.locale === locale ? partsReused(journey, document, last) : undefined;
    if (reused) return reused;
    const ids = new UniqueIds();
    const parts = allPartsBuilt(journey, locale, ids);
    // Kept when each card got the id it asked for; else every model builds them anew.
    if (document && !ids.clashed) remember(journey, document, locale, parts);
    else lastParts.delete(journey);
    return parts;
}

/** Every part built anew, ids handed out in card order as the journey's only id source. */
function allPartsBuilt(journey: Journey, locale: Locale | undefined, ids: UniqueIds): StagePart[] {
    let evidence = 0;
    return journey.stages.map((stage, index) => {
        const part = buildPart(stage, index, locale, ids, evidence);
        evidence += part.evidence;
        return part;
    });
}

/** Keeps the parts for the next model. */
function remember(journey: Journey, document: LangiumDocument, locale: Locale | undefined, parts: StagePart[]): void {
    lastParts.set(journey, { locale, generation: treeGeneration(document), parts, shown: shownBy(parts) });
}

/**
 * The parts with the last ones reused where they still hold, those of changed stages built
 * anew; undefined when the last parts cannot be trusted (edits unknown, a declaration shows
 * something else, two cards ask for one id): then all are built.
 */
function partsReused(journey: Journey, document: LangiumDocument, last: JourneyParts): StagePart[] | undefined {
    const edits = treeEditsSince(document, last.generation);
    if (!edits || !stillShown(last.shown)) return undefined;
    const stale = staleParts(last.parts, edits);
    const parts: StagePart[] = [];
    const built: StagePart[] = [];
    const dropped = new Set(last.parts);
    const ids = new AskedIds();
    let evidence = 0;
    for (const [index, stage] of journey.stages.entries()) {
        const old = last.parts[index];
        let part: StagePart;
        if (old && old.stage === stage && !stale.has(old) && sameTargets(old)) {
            part = old.evidenceBefore === evidence ? old : renumbered(old, evidence);
            dropped.delete(old);
        } else {
            part = buildPart(stage, index, last.locale, ids, evidence);
            built.push(part);
        }
        evidence += part.evidence;
        parts.push(part);
    }
    // The last parts' ids are distinct (each got the one it asked for): they take them without a clash.
    const owners = last.owners ?? new Map<string, Stage>();
    if (!last.owners) takeOver(owners, [], last.parts);
    if (!takeOver(owners, dropped, built)) {
        lastParts.delete(journey);
        return undefined;
    }
    lastParts.set(journey, { ...last, generation: treeGeneration(document), parts, owners, shown: shownBy(parts) });
    return parts;
}

/**
 * The ids of the parts dropped given up, those of the parts built taken; false when a built part
 * asks for an id another holds (in a full build, one of them would get a suffix).
 */
function takeOver(owners: Map<string, Stage>, dropped: Iterable<StagePart>, built: readonly StagePart[]): boolean {
    for (const old of dropped) {
        for (const id of old.ids) if (owners.get(id) === old.stage) owners.delete(id);
    }
    for (const part of built) {
        for (const id of part.ids) {
            if (owners.has(id)) return false;
            owners.set(id, part.stage);
        }
    }
    return true;
}

/** The last parts that an edit since touched: a value changed in their stage, or their lines moved or shared with an edit. */
function staleParts(parts: readonly StagePart[], edits: readonly TreeEdit[]): Set<StagePart> {
    const stale = new Set<StagePart>();
    const byStage = new Map(parts.map(part => [part.stage as AstNode, part]));
    for (const edit of edits) {
        if (edit.kind === 'value') {
            const stage = AstUtils.getContainerOfType(edit.node, isStage);
            const part = stage && byStage.get(stage);
            if (part) stale.add(part);
            for (const other of parts) if (other.firstLine <= edit.line && edit.line <= other.lastLine) stale.add(other);
        } else if (edit.kind === 'stage') {
            for (const other of parts) {
                const shares = other.firstLine <= edit.endLine && edit.startLine <= other.lastLine;
                const moved = other.firstLine > edit.endLine && edit.lineDelta !== 0;
                if (other.stage === edit.stage || shares || moved) stale.add(other);
            }
        }
    }
    return stale;
}

/** The part with its evidence notes numbered after `before` notes: new cards for those that change. */
function renumbered(part: StagePart, before: number): StagePart {
    const shift = before - part.evidenceBefore;
    const moved = new Map<DiagramCard, TouchpointCard>();
    for (const card of part.touchpointCards) {
        if (card.evidenceNote !== undefined) moved.set(card, { ...card, evidenceNote: card.evidenceNote + shift });
    }
    return {
        ...part,
        evidenceBefore: before,
        cards: part.cards.map(card => moved.get(card) ?? card),
        touchpointCards: part.touchpointCards.map(card => moved.get(card) ?? card)
    };
}

/** Builds a stage's part: its column, then its cards in card order, ids asked of `ids`. */
function buildPart(stage: Stage, index: number, locale: Locale | undefined, ids: IdTaker, evidenceBefore: number): StagePart {
    const asked: string[] = [];
    const take = (base: string) => {
        asked.push(base);
        return ids.take(base);
    };
    // The CST nodes of the stage's properties, found in one walk: the goals' ranges and the label's literal.
    const stageNodes = propertyNodes(stage);
    const stageId = stage.name ?? `#${index}`;
    const column: DiagramStage = {
        id: stageId,
        label: labelOf(stage, t(locale, 'map.untitledStage', { n: index + 1 })),
        ...(stage.description !== undefined && { description: stage.description }),
        index,
        range: rangeOf(stage),
        ...labelSpanOf(stage, stageNodes, 'labelSpan')
    };
    const cards: DiagramCard[] = [];
    const touchpointCards: TouchpointCard[] = [];
    let evidence = 0;
    /** The friction and opportunity cards of a stage or of a touchpoint (which they then hang from). */
    const frictionAndOpportunityCards = (owner: Stage | Touchpoint, scope: string, place: { stage: string; touchpoint?: string; touchpointLabel?: string }) => {
        owner.frictions.forEach((f, n) =>
            cards.push({ id: take(`friction:${scope}:${n}`), kind: 'friction', lane: 'frictions', row: 'frictions', ...place, text: f.text ?? '', range: rangeOf(f), ...textSpanOf(f), ...(f.severity && { severity: f.severity }) }));
        owner.opportunities.forEach((o, n) =>
            cards.push({ id: take(`opportunity:${scope}:${n}`), kind: 'opportunity', lane: 'opportunities', row: 'opportunities', ...place, text: o.text ?? '', range: rangeOf(o), ...textSpanOf(o), ...(o.impact && { impact: o.impact }), ...(o.effort && { effort: o.effort }) }));
    };
    const at = { stage: stageId };
    stringsOf(stage, 'goals', stageNodes).forEach(({ text, range, span }, n) =>
        cards.push({ id: take(`goal:${stageId}:${n}`), kind: 'goal', lane: 'goal', row: 'goal', ...at, text, range, ...span }));
    for (const tp of stage.touchpoints) {
        // The CST walk only for a touchpoint with a label or strings to find (most of a big map's have neither).
        const nodes = tp.label || tp.actions.length > 0 || tp.backstage.length > 0 || tp.support.length > 0 ? propertyNodes(tp) : NO_NODES;
        const card = touchpointCard(tp, stageId, take, nodes);
        if (card.evidence.length > 0) card.evidenceNote = evidenceBefore + ++evidence;
        touchpointCards.push(card);
        cards.push(card);
        if (!hasHangingCards(tp)) continue;
        const hang = { ...at, touchpoint: card.id };
        const frictionPlace = { ...hang, touchpointLabel: card.text };
        const scope = `${stageId}/${card.name}`;
        stringsOf(tp, 'actions', nodes).forEach(({ text, range, span }, n) =>
            cards.push({ id: take(`action:${scope}:${n}`), kind: 'action', lane: 'actions', row: 'actions', ...hang, text, range, ...span }));
        frictionAndOpportunityCards(tp, scope, frictionPlace);
        stringsOf(tp, 'backstage', nodes).forEach(({ text, range, span }, n) =>
            cards.push({ id: take(`backstage:${scope}:${n}`), kind: 'backstage', lane: 'backstage', row: 'backstage', ...hang, text, range, ...span }));
        stringsOf(tp, 'support', nodes).forEach(({ text, range, span }, n) =>
            cards.push({ id: take(`support:${scope}:${n}`), kind: 'support', lane: 'support', row: 'support', ...hang, text, range, ...span }));
    }
    frictionAndOpportunityCards(stage, stageId, at);
    const lines = stage.$cstNode?.range;
    const personas = new Set<Persona>();
    for (const tp of stage.touchpoints) for (const reference of tp.personas) if (reference.ref) personas.add(reference.ref);
    return {
        stage, index, column, cards, touchpoints: stage.touchpoints, touchpointCards, ids: asked, evidenceBefore, evidence,
        firstLine: lines?.start.line ?? 0, lastLine: lines?.end.line ?? 0,
        targets: referencesOf(stage).map(reference => reference.ref), personas: [...personas]
    };
}

/**
 * The flows from the part's touchpoints (`next`), in order; the last ones again when each `next`
 * leads to the same touchpoint, with the same card id, in the same column as then. `idOf` gives
 * a touchpoint's card id, `columnOf` a stage's column (for `backwards`).
 */
export function partFlows(part: StagePart, idOf: (tp: Touchpoint) => string | undefined, columnOf: (stage: Stage) => number): readonly DiagramFlow[] {
    const from = columnOf(part.stage);
    if (part.flows && sameFlowTargets(part, part.flows, from, idOf, columnOf)) return part.flows.flows;
    const flows: DiagramFlow[] = [];
    const targets: (Touchpoint | undefined)[] = [];
    const ids: (string | undefined)[] = [];
    const to: number[] = [];
    part.touchpoints.forEach((tp, k) => {
        const source = part.touchpointCards[k].id;
        // A flow's id holds its source's, which no other touchpoint's card has: repeats are within one touchpoint's `next`.
        const seen = tp.next.length > 1 ? new Set<string>() : undefined;
        for (const reference of tp.next) {
            const node = reference.ref;
            const target = node && idOf(node);
            const column = node ? columnOf(node.$container) : 0;
            targets.push(node);
            ids.push(target);
            to.push(column);
            if (!target) continue; // unresolved
            const id = `flow:${source}->${target}`;
            if (seen?.has(id)) continue;
            seen?.add(id);
            flows.push({ id, source, target, backwards: column < from });
        }
    });
    part.flows = { flows, from, targets, ids, to };
    return flows;
}

function sameFlowTargets(part: StagePart, last: PartFlows, from: number, idOf: (tp: Touchpoint) => string | undefined, columnOf: (stage: Stage) => number): boolean {
    if (from !== last.from) return false;
    let i = 0;
    for (const tp of part.touchpoints) {
        for (const reference of tp.next) {
            const node = reference.ref;
            if (node !== last.targets[i]) return false;
            if (node && (idOf(node) !== last.ids[i] || columnOf(node.$container) !== last.to[i])) return false;
            i++;
        }
    }
    return i === last.targets.length;
}

/** No CST nodes found: for a touchpoint without a label or strings, whose card needs none. */
const NO_NODES: Map<string, CstNode[]> = new Map();

/** Whether any card hangs from the touchpoint (actions, frictions, opportunities, backstage, support). */
function hasHangingCards(tp: Touchpoint): boolean {
    return tp.actions.length + tp.frictions.length + tp.opportunities.length + tp.backstage.length + tp.support.length > 0;
}

/**
 * The touchpoint's card, its optional fields set only when written, in the card's one key order.
 * Set one by one rather than spread from small objects: building 10,000 cards by spreading took
 * a third of the first model of a 10,000-touchpoint map.
 */
function touchpointCard(tp: Touchpoint, stage: string, take: (base: string) => string, nodes: Map<string, CstNode[]>): TouchpointCard {
    const channels: ChannelRef[] = tp.channels.map(channelRef);
    const personas: NamedRef[] = tp.personas.map(shownReference);
    const card = {
        id: take(`touchpoint:${tp.name ?? ''}`), kind: 'touchpoint', lane: 'touchpoints',
        // A touchpoint on several channels (personas) sits in the row of the first one; the card lists them all.
        row: channels[0]?.id ?? UNGROUPED_ROW,
        stage, name: tp.name ?? '', text: labelOf(tp), range: rangeOf(tp)
    } as TouchpointCard;
    const textSpan = labelSpan(tp, nodes);
    if (textSpan) card.textSpan = textSpan;
    if (tp.kind) card.touchpointKind = tp.kind;
    card.channels = channels;
    card.personas = personas;
    if (tp.owner) card.owner = shownReference(tp.owner);
    // The shared emotion and the per-persona ones (`emotion Karim -2`, by persona id), when written.
    const { emotion, emotions } = touchpointEmotions(tp);
    if (emotion !== undefined) card.emotion = emotion;
    if (emotions) card.emotions = emotions;
    if (tp.description !== undefined) card.description = tp.description;
    card.evidence = [...tp.evidence];
    return card;
}

function channelRef(reference: Reference<Channel>): ChannelRef {
    const shown: ChannelRef = shownReference(reference);
    const medium = reference.ref?.medium;
    if (medium) shown.medium = medium;
    return shown;
}

type ShownTarget = AstNode & { name?: string; label?: string; medium?: string };

/** Every reference whose target a stage's cards show (channels, personas, owners, the personas of emotions), in one order. */
function referencesOf(stage: Stage): Reference<ShownTarget>[] {
    const references: Reference<ShownTarget>[] = [];
    for (const tp of stage.touchpoints) {
        references.push(...tp.channels, ...tp.personas);
        if (tp.owner) references.push(tp.owner);
        for (const emotion of tp.emotions) if (emotion.persona) references.push(emotion.persona);
    }
    return references;
}

/** Whether the part's references lead where they led when it was built. */
function sameTargets(part: StagePart): boolean {
    const { targets } = part;
    let i = 0;
    for (const tp of part.stage.touchpoints) {
        for (const reference of tp.channels) if (reference.ref !== targets[i++]) return false;
        for (const reference of tp.personas) if (reference.ref !== targets[i++]) return false;
        if (tp.owner && tp.owner.ref !== targets[i++]) return false;
        for (const emotion of tp.emotions) if (emotion.persona && emotion.persona.ref !== targets[i++]) return false;
    }
    return i === targets.length;
}

/** What a declaration shows on the cards that name it. */
function shownOf(target: ShownTarget): string {
    return `${target.name ?? ''}\u0000${target.label ?? ''}\u0000${target.medium ?? ''}`;
}

/**
 * What the declarations the parts lead to show now, made anew for each model: a record kept
 * across models would keep every earlier version of a shared file (each declaration pins its
 * whole tree) while the map itself is not edited.
 */
function shownBy(parts: readonly StagePart[]): Map<AstNode, string> {
    const shown = new Map<AstNode, string>();
    for (const part of parts) {
        for (const target of part.targets) if (target && !shown.has(target)) shown.set(target, shownOf(target as ShownTarget));
    }
    return shown;
}

/** Every declaration the last parts show still shows the same (a label typed in the shared file changes it in place). */
function stillShown(shown: Map<AstNode, string>): boolean {
    for (const [target, was] of shown) if (shownOf(target as ShownTarget) !== was) return false;
    return true;
}

/** Ids stay unique even in a document with duplicate names (the validator reports those). */
class UniqueIds extends UniqueNames implements IdTaker {
    /** Whether some card got another id than the one it asked for. */
    clashed = false;

    constructor() { super((id, n) => `${id}#${n}`); }

    override take(base: string): string {
        const id = super.take(base);
        if (id !== base) this.clashed = true;
        return id;
    }
}

/** Each id as asked: the parts built next to reused ones are checked for clashes afterwards (`takeOver`). */
class AskedIds implements IdTaker {
    take(base: string): string {
        return base;
    }
}
