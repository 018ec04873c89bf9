// Types of the diagram pipeline: AST → DiagramModel → LaidOutDiagram → SVG.
// Everything here is plain JSON (no class, no AST node, no function) so a model can
// cross the LSP connection and the webview's postMessage unchanged.
import type { ELK } from 'elkjs/lib/elk-api.js';
import type { JourneyState, Level, Medium, TouchpointKind } from '../language/generated/ast.js';
import type { KpiDirection } from '../common/kpi.js';
import type { Locale } from '../i18n/index.js';

/** The rows of the map, top to bottom, in this order. */
export type LaneId =
    | 'personas' | 'goal' | 'actions' | 'touchpoints' | 'emotion' | 'frictions'
    | 'opportunities' | 'backstage' | 'support' | 'metrics';

/** Every lane, in drawing order. */
export const LANE_IDS: readonly LaneId[] = [
    'personas', 'goal', 'actions', 'touchpoints', 'emotion', 'frictions', 'opportunities', 'backstage', 'support', 'metrics'
];

export type GroupBy = 'channel' | 'persona';

export interface DiagramOptions {
    /** How the touchpoint lane splits into rows; default 'channel'. */
    groupBy?: GroupBy;
    /** Lanes to show (in LANE_IDS order whatever the order here); default all. Empty lanes fold away regardless. */
    lanes?: LaneId[];
    /** Persona name: keep only the touchpoints this persona goes through (and what hangs on them). */
    persona?: string;
    /**
     * The language of the map's fixed words (lane names, card details, header): the map's own,
     * from `--locale` or its journey.config.json; default English. Set when the full model is
     * built; the toolbar's options never change it.
     */
    locale?: Locale;
}

/** A 0-based LSP position and range (structurally `vscode-languageserver-types` Range). */
export interface SourcePosition { line: number; character: number }
export interface SourceRange { start: SourcePosition; end: SourcePosition }

/**
 * Where a text drawn verbatim comes from: the content of its string literal, inside the quotes
 * (a closed literal on one line: 0-based `line`, `start`–`end` in UTF-16 units as LSP counts;
 * `quote` is the one it is written with). Short, as every card carries one across the LSP
 * connection and into the page. The extension host echoes a keystroke inside it to the preview
 * before the server has re-parsed (src/common/label-echo.ts).
 */
export interface LiteralSpan { line: number; start: number; end: number; quote: '"' | "'" }

/** The grammar's value types (a type import: nothing of the language enters the webview bundle). */
export type { JourneyState, Level, Medium, TouchpointKind };

/** A referenced declaration as drawn: its name and display label (label falls back to the name). */
export interface NamedRef { id: string; label: string }
export interface ChannelRef extends NamedRef { medium?: Medium }

export interface DiagramStage {
    /** Stage name (unique in its journey). */
    id: string;
    label: string;
    description?: string;
    /** Column index, file order. */
    index: number;
    range: SourceRange;
    /** The label's literal, when the label is written as one. */
    labelSpan?: LiteralSpan;
}

/** One row of a lane. Lanes other than 'touchpoints' have exactly one row, id = lane id. */
export interface DiagramRow {
    id: string;
    label: string;
    /** For touchpoint rows: the channel medium when grouped by channel. */
    medium?: Medium;
}

export interface DiagramLane {
    id: LaneId;
    label: string;
    rows: DiagramRow[];
}

export type CardKind = 'goal' | 'action' | 'touchpoint' | 'friction' | 'opportunity' | 'backstage' | 'support' | 'metric';

interface CardBase {
    /**
     * Stable, uri-independent id: 'touchpoint:<Name>', 'metric:<Name>', and for the texts
     * '<kind>:<Stage>:<n>' or '<kind>:<Stage>/<Touchpoint>:<n>' (n = 0-based order of that kind).
     */
    id: string;
    kind: CardKind;
    lane: LaneId;
    /** Row id within the lane (see DiagramRow). */
    row: string;
    /** Stage id of the column the card sits in. */
    stage: string;
    /** The card's main text (label of a touchpoint/metric, the string of a goal/friction/...). */
    text: string;
    /** The declaration in the source, 0-based: what a click reveals. */
    range: SourceRange;
    /** The literal `text` is written as (absent when it is a name, or the literal spans lines or is not closed). */
    textSpan?: LiteralSpan;
    /** Touchpoint the card hangs on (actions, backstage, support, touchpoint-level frictions/opportunities). */
    touchpoint?: string;
    /** Label of that touchpoint, for frictions and opportunities: drawn on the card so it is clear which touchpoint it belongs to. */
    touchpointLabel?: string;
}

export interface GoalCard extends CardBase { kind: 'goal' }
export interface ActionCard extends CardBase { kind: 'action' }
export interface BackstageCard extends CardBase { kind: 'backstage' }
export interface SupportCard extends CardBase { kind: 'support' }

export interface TouchpointCard extends CardBase {
    kind: 'touchpoint';
    /** Touchpoint name. */
    name: string;
    touchpointKind?: TouchpointKind;
    channels: ChannelRef[];
    personas: NamedRef[];
    owner?: NamedRef;
    /** −2 … +2 as written (out-of-range values are kept; the validator reports them). */
    emotion?: number;
    /** Per-persona values (`emotion Karim -2`), by persona id; a persona's curve uses its own, else `emotion`. */
    emotions?: Record<string, number>;
    description?: string;
    evidence: string[];
    /** Number of the evidence note listing `evidence` under the map (1-based, in card order); absent without evidence. */
    evidenceNote?: number;
    /**
     * When grouped by persona, a touchpoint shared by several personas is drawn once in each
     * of their rows: the copies carry the id of the first card here (same name, same source).
     */
    copyOf?: string;
}

export interface FrictionCard extends CardBase { kind: 'friction'; severity?: Level }
export interface OpportunityCard extends CardBase { kind: 'opportunity'; impact?: Level; effort?: Level }

export interface MetricValue { value: number; percent: boolean }
export interface MetricCard extends CardBase {
    kind: 'metric';
    name: string;
    target?: MetricValue;
    actual?: MetricValue;
    /** Which way is good: 'lower' for `target <= V`, else 'higher'. */
    direction: KpiDirection;
    unit?: string;
}

export type DiagramCard =
    | GoalCard | ActionCard | TouchpointCard | FrictionCard | OpportunityCard | BackstageCard | SupportCard | MetricCard;

/** A `next` between two touchpoint cards. */
export interface DiagramFlow {
    /** 'flow:<Source>-><Target>' */
    id: string;
    source: string;
    target: string;
    /** The target's stage is before the source's (a loop back; drawn, just visibly). */
    backwards: boolean;
}

export interface EmotionPoint {
    /** Touchpoint card id. */
    card: string;
    stage: string;
    emotion: number;
}

/** One emotion line: per persona, or one line (persona undefined) when the journey has no personas. */
export interface EmotionCurve {
    persona?: NamedRef;
    /** Index into the curve colours (palette.ts CURVE_TOKENS, cycling): the persona's place in `personas`, so a persona keeps its colour whatever the filter. */
    colour: number;
    points: EmotionPoint[];
}

/** A persona as shown in the persona band, with the colour of its emotion curve. */
export interface DiagramPersona extends NamedRef {
    segment?: string;
    description?: string;
    goals: string[];
    frustrations: string[];
    /** Index into the curve colours, as its EmotionCurve. */
    colour: number;
}

export interface DiagramModel {
    /** Journey name. */
    id: string;
    title: string;
    state?: JourneyState;
    description?: string;
    range: SourceRange;
    stages: DiagramStage[];
    /** The visible, non-empty lanes, top to bottom. */
    lanes: DiagramLane[];
    /** Every card, in a deterministic order (lane, stage, source order). */
    cards: DiagramCard[];
    flows: DiagramFlow[];
    emotions: EmotionCurve[];
    /** Every persona of the journey (visible or not), for the persona filter and the persona band. */
    personas: DiagramPersona[];
    /** What the header counts: the journey's stages and touchpoints (after the persona filter, whatever the lanes shown or the grouping). */
    counts: { stages: number; touchpoints: number };
    /** The options this model was built with, defaults filled in. */
    options: { groupBy: GroupBy; lanes: LaneId[]; persona?: string; locale?: Locale };
}

// ---------------------------------------------------------------- layout

export interface Point { x: number; y: number }
export interface Rect { x: number; y: number; width: number; height: number }

/** A stage column: its header box and the x extent of its cells. */
export interface ColumnBox extends Rect { stage: string; label: string[] }

/** A lane row band across all columns (y extent), with its wrapped label. */
export interface RowBox extends Rect { lane: LaneId; row: string; label: string[] }

/** A lane band (union of its rows), with its wrapped label. */
export interface LaneBox extends Rect { lane: LaneId; label: string[] }

/** A placed card: absolute box plus its text already wrapped to the card's width. */
export interface CardBox extends Rect {
    id: string;
    titleLines: string[];
    /** Secondary lines (channel, owner, severity, impact/effort ...), wrapped. */
    detailLines: string[];
    /** The evidence marker of a touchpoint with evidence, wrapped (drawn after the details). */
    evidenceLines?: string[];
}

/** One wrapped line of a persona card or of the notes, with its style. */
export interface StyledLine { text: string; style: 'title' | 'segment' | 'heading' | 'item' | 'note' }

export interface PersonaBox extends Rect { persona: string; colour: number; lines: StyledLine[] }

export interface NotesBox extends Rect { lines: StyledLine[] }

export interface EdgeRoute {
    /** Flow id. */
    id: string;
    source: string;
    target: string;
    backwards: boolean;
    /** Polyline from the source card's border to the target card's border (orthogonal). */
    points: Point[];
}

export interface EmotionLine {
    persona?: NamedRef;
    colour: number;
    /** One point per emotion value, in stage order. */
    points: (Point & { card: string; emotion: number })[];
}

/** The title bar: its title wrapped to its width (the last line ending in '…' when cut). */
export interface HeaderBox extends Rect {
    title: string[];
}

export interface LaidOutDiagram {
    diagram: DiagramModel;
    width: number;
    height: number;
    /** Title bar. */
    header: HeaderBox;
    columns: ColumnBox[];
    lanes: LaneBox[];
    rows: RowBox[];
    cards: CardBox[];
    edges: EdgeRoute[];
    /** The persona band's cards, in the personas lane. */
    personas: PersonaBox[];
    /** Evidence notes under the grid (SVG and PNG cannot be hovered): one block per touchpoint with evidence. */
    notes?: NotesBox;
    /** Emotion lane geometry: the band, the y of 0, the y of +2 and −2 and one line per curve. */
    emotion?: { band: Rect; zeroY: number; topY: number; bottomY: number; lines: EmotionLine[] };
    /**
     * Who ordered the touchpoints inside each cell to limit
     * flow crossings: ELK, fresh or from its cache, or the source order when ELK was skipped
     * (no flows, no cell holding two touchpoints, graph too big) or failed (see orderingNote). Edges are always routed
     * orthogonally through the free gutters of the grid, so they never cross a card.
     */
    ordering: 'elk' | 'elk-cached' | 'source';
    orderingNote?: string;
}

/** The part of an elkjs instance the pipeline needs (Node: `new ELK()`; webview: ELK with a workerFactory). */
export type ElkApi = Pick<ELK, 'layout'>;

export interface SvgOptions {
    /** Standalone files get an inline palette and an XML prolog; the webview inherits VS Code's variables. */
    standalone?: boolean;
    theme?: 'light' | 'dark' | 'vscode';
}
