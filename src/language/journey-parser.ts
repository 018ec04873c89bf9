import {
    AstUtils, CompositeCstNodeImpl, createParser, CstNodeBuilder, CstUtils, LangiumParser, LeafCstNodeImpl, RootCstNodeImpl,
    type AstNode, type CstNode, type GrammarAST, type LangiumCoreServices, type ParseResult, type ParserOptions
} from 'langium';
import type { Range } from 'vscode-languageserver-types';
import type { ILexingError, IToken, TokenType } from 'chevrotain';
import type { Stage } from './generated/ast.js';
import { blockLeavingKeywords, entriesOpenBlocks } from './grammar-facts.js';
import { localized } from './localized-messages.js';
import type { MessageParams } from '../i18n/index.js';

/**
 * Langium's CST builder, lighter and safer. It adds the comments and blank space found between two
 * tokens with one `push(...nodes)` / `splice(i, 0, ...nodes)` call: past
 * ~120,000 of them in a row (62,500 `//` lines) the spread overflows the
 * stack. Handing them over in slices keeps the same order (each slice lands
 * after the previous one in all three of Langium's placements) within bounds.
 */
class JourneyCstNodeBuilder extends CstNodeBuilder {
    override addHiddenNodes(tokens: IToken[]): void {
        for (let start = 0; start < tokens.length; start += HIDDEN_SLICE) {
            super.addHiddenNodes(tokens.slice(start, start + HIDDEN_SLICE));
        }
    }

    /** As Langium's, with a node that holds all its fields itself (see `JourneyCompositeCstNode`). */
    override buildCompositeNode(feature: GrammarAST.AbstractElement): CompositeCstNodeImpl {
        const node = new JourneyCompositeCstNode();
        node.grammarSource = feature;
        node.root = (this as unknown as { rootNode: RootCstNodeImpl }).rootNode;
        addChild(this.current, node);
        (this as unknown as { nodeStack: CompositeCstNodeImpl[] }).nodeStack.push(node);
        return node;
    }

    /**
     * As Langium's, then the finished node's lists are copied to arrays of their exact
     * size. Arrays grown by `push` keep room for 16 more items: for the many CST nodes
     * and AST lists of one or two items, that room was a third of the parsed map's heap.
     * A finished node takes no more items (hidden tokens and later nodes go into the
     * unfinished nodes above it), so plain arrays do. All but the root: once the parse
     * ends, Langium adds the comments left after the last token read to it, and a plain
     * array does not set their container (a comment without one has no AST node, and
     * completion failed there: after a parse that gave up, that can be any comment).
     */
    override construct(item: Parameters<CstNodeBuilder['construct']>[0]): void {
        const node = this.current;
        super.construct(item);
        if (node.content.length > 0 && !(node instanceof RootCstNodeImpl)) (node as { content: CstNode[] }).content = exactCopy(node.content);
        if (typeof item.$type !== 'string') return;
        const record = item as unknown as Record<string, unknown>;
        for (const key of Object.keys(record)) {
            const value = record[key];
            if (Array.isArray(value) && value.length > 0) record[key] = exactCopy(value);
        }
    }

    /** As Langium's, but the leaf of a one-line token (nearly all) finds its range when asked: see `LineRangeLeafCstNode`. */
    override buildLeafNode(token: IToken, feature?: GrammarAST.AbstractElement): LeafCstNodeImpl {
        // `| 0`: an offset stored as a heap number once makes V8 box every leaf's offset (16 bytes each).
        const leaf = token.startLine === token.endLine && Number.isInteger(token.startOffset)
            ? new LineRangeLeafCstNode(token.startOffset | 0, token.image.length, undefined as unknown as Range, token.tokenType, !feature)
            : new LeafCstNodeImpl(token.startOffset, token.image.length, CstUtils.tokenToRange(token), token.tokenType, !feature);
        leaf.grammarSource = feature;
        leaf.root = (this as unknown as { rootNode: RootCstNodeImpl }).rootNode;
        addChild(this.current, leaf);
        return leaf;
    }
}

/**
 * What Langium's `content.push(child)` does (its `CstNodeContainer` sets the child's container,
 * then pushes), without the rest and spread arrays its `push(...items)` makes for each of a
 * map's hundreds of thousands of CST nodes.
 */
function addChild(parent: CompositeCstNodeImpl, child: CstNode): void {
    (child as { container?: CompositeCstNodeImpl }).container = parent;
    Array.prototype.push.call(parent.content, child);
}

/**
 * Langium's composite node, its fields declared in the constructor: Langium sets them
 * after construction, past the room V8 keeps in the object, so each node had a separate
 * property array as well (40 bytes, for every one of the map's million composite nodes).
 */
type CompositeFields = Record<'grammarSource' | 'root' | 'container' | '_astNode' | '_rangeCache', unknown>;

class JourneyCompositeCstNode extends CompositeCstNodeImpl {
    constructor() {
        super();
        // Assigned to `this` itself: V8 sizes the object from the constructors' `this.x =`.
        (this as unknown as CompositeFields).grammarSource = undefined;
        (this as unknown as CompositeFields).root = undefined;
        (this as unknown as CompositeFields).container = undefined;
        (this as unknown as CompositeFields)._astNode = undefined;
        (this as unknown as CompositeFields)._rangeCache = undefined;
    }
}

/**
 * A leaf whose range is worked out from its offset and the text's line starts when
 * asked, instead of three objects (a range and two positions) kept for every token:
 * those were a quarter of the heap a parsed map holds (27 of 120 MB for a 1 MB map).
 * Only for one-line tokens, whose range is their line and columns; a token spanning
 * lines (a block comment) keeps Langium's stored range.
 */
export class LineRangeLeafCstNode extends LeafCstNodeImpl {
    override get range(): Range {
        const starts = lineStartsOf(this.root);
        const line = lineAt(starts, this.offset);
        const character = this.offset - starts[line];
        return { start: { line, character }, end: { line, character: character + this.length } };
    }
}

const LINE_STARTS = new WeakMap<RootCstNodeImpl | object, Uint32Array>();

/** Forgets the line starts of a root whose text was changed in place (journey-document-factory.ts). */
export function forgetLineStarts(root: RootCstNodeImpl): void {
    LINE_STARTS.delete(root);
}

/** The offsets where the lines of the root's text start; a line ends at \n, \r\n or \r as for the lexer and the LSP. */
export function lineStartsOf(root: { fullText: string }): Uint32Array {
    let starts = LINE_STARTS.get(root);
    if (!starts) {
        const text = root.fullText;
        const found = [0];
        for (let i = 0; i < text.length; i++) {
            const code = text.charCodeAt(i);
            if (code === 13 /* \r */) {
                if (text.charCodeAt(i + 1) === 10) i++;
                found.push(i + 1);
            } else if (code === 10 /* \n */) {
                found.push(i + 1);
            }
        }
        starts = Uint32Array.from(found);
        LINE_STARTS.set(root, starts);
    }
    return starts;
}

/** The 0-based line holding `offset`: the last line start at or before it. */
export function lineAt(starts: Uint32Array, offset: number): number {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
        const middle = (low + high + 1) >> 1;
        if (starts[middle] <= offset) low = middle; else high = middle - 1;
    }
    return low;
}

const HIDDEN_SLICE = 10_000;

/** Tokens kept behind the parser's position, and released together (see `JourneyParser.consume`). */
const RELEASE_BEHIND = 1_024;
const RELEASE_BATCH = 8_192;

/** Longer lists are left as they are: their spare room is small beside them, and `new Array(n)` of a large n is a slow dictionary. */
const EXACT_COPY_MAX = 1024;

/** The items in an array of exactly their number (see `construct`). */
function exactCopy<T>(items: readonly T[]): T[] {
    if (items.length > EXACT_COPY_MAX) return items as T[];
    const copy = new Array<T>(items.length);
    for (let i = 0; i < items.length; i++) copy[i] = items[i];
    return copy;
}

/**
 * Langium's parser, with the sliced CST builder, and one last line of defence:
 * a document the parser still cannot build (the stack runs out) becomes an
 * empty map with one `syntax` error at its start, so the language server and
 * the CLI go on with every other document instead of failing the whole build.
 */
export class JourneyParser extends LangiumParser {
    constructor(services: LangiumCoreServices) {
        super(services);
        // Private in Langium's typings; set once, before any parse.
        (this as unknown as { nodeBuilder: CstNodeBuilder }).nodeBuilder = new JourneyCstNodeBuilder();
        const wrapper = (this as unknown as { wrapper: RecoveringParser }).wrapper;
        skipBlocksWhole(wrapper);
        leaveBlocksOpenAtEnd(wrapper);
    }

    /** Tokens before this index of the token vector are released (see `consume`). */
    private releasedUpTo = 0;

    override parse<T extends AstNode = AstNode>(input: string, options?: ParserOptions): ParseResult<T> {
        this.releasedUpTo = 0;
        try {
            return super.parse<T>(input, options);
        } catch (error) {
            if (!(error instanceof RangeError)) throw error;
            // The failed parse left its node stack behind; the next parse must start clean.
            (this as unknown as { stack: unknown[] }).stack = [];
            return unreadableDocument<T>(input, error);
        } finally {
            this.releaseTokens();
        }
    }

    /** Where the whole-file parse calls `Stage`: the rules below it on the stack, and its occurrence in `Journey` (see `stageContext`). */
    private stageAt: StageContext | undefined;

    /**
     * One stage's text parsed as a parse of the whole file parses it at its place, or undefined when
     * that cannot be told from the stage's text alone. `input` starts at the stage's `stage` keyword
     * and ends at its closing `}`, and the tokens before it (in the file) parse without an error.
     *
     * The parse starts with the outer rules (`Model`, `Journey`) on Chevrotain's rule stack, as the
     * whole parse has them there: its error recovery looks for a token to go on at in the follow sets
     * of every rule on the stack, inserts a token where the next one may follow it (walking the path
     * from the outermost rule), and the messages and the blocks it skips (`blockLeavingKeywords`) depend
     * on that stack. With the same stack and the same tokens, the parser does the same. So the result
     * is the whole parse's when the stage's tokens are the whole file's there, and the parser read
     * none of the tokens after the stage:
     * - no lexer error holds a `/*`: a block comment the stage does not close may close further on;
     * - the braces balance and the last token is a `}` (reparseStage checks it is the stage's own): skipping a block whole (`skipBlocksWhole`)
     *   then ends where it does in the whole file (a block's end is its own `}`, or the first keyword
     *   met inside it that leaves it: both in the stage);
     * - the parser never looked past the last token (Chevrotain's `LA`, through which recovery,
     *   prediction and consumption read): beyond it the stage sees the end, the file the next token.
     *   Only the tokens an error message is given besides the next one may lie beyond: the messages
     *   read the next token alone (JourneyParserErrorMessageProvider);
     * - no error left the `Stage` rule (the `Journey` would resynchronize in the rest of the file),
     *   and the rule read every token, the last `}` its own.
     */
    parseStage(input: string): ParseResult<Stage> | undefined {
        const context = this.stageContext();
        const self = this as unknown as LangiumParserInternals;
        const wrapper = self.wrapper;
        this.releasedUpTo = 0;
        self.nodeBuilder.buildRootNode(input);
        const lexed = self.lexerResult = self.lexer.tokenize(input);
        const tokens = lexed.tokens;
        if (!lexesAlone(input, lexed.errors) || !balanced(tokens)) return this.abandon();
        wrapper.input = tokens;
        wrapper.RULE_STACK = context.ruleStack.slice();
        wrapper.RULE_OCCURRENCE_STACK = context.occurrences.slice();
        wrapper.subruleIdx = context.occurrence;
        let outside = false;
        let inMessage = false;
        const lookahead = wrapper.LA;
        wrapper.LA = function (this: ChevrotainInternals, howMuch: number): IToken {
            const at = this.currIdx + howMuch;
            // A message names the next token only (see `MESSAGE_BUILDERS`): the tokens after it may be anything.
            if ((at < 0 || at >= this.tokVectorLength) && !(inMessage && howMuch >= 2)) outside = true;
            return lookahead.call(this, howMuch);
        };
        for (const name of MESSAGE_BUILDERS) {
            const raise = wrapper[name];
            wrapper[name] = function (this: ChevrotainInternals, ...args: unknown[]): never {
                inMessage = true;
                try {
                    return raise.apply(this, args);
                } finally {
                    inMessage = false;
                }
            };
        }
        let value: Stage | undefined;
        try {
            value = wrapper.rule(this.getRule('Stage')!) as Stage | undefined;
            // As Langium's `doParse`: a rule that recovered at its end left its node to build.
            if (self.stack.length > 0) value = self.construct() as Stage;
        } catch {
            // Left the stage (or a stack overflow): the whole parse recovers outside it.
            outside = true;
        } finally {
            delete (wrapper as Partial<ChevrotainInternals>).LA;
            for (const name of MESSAGE_BUILDERS) delete (wrapper as Partial<ChevrotainInternals>)[name];
        }
        if (outside || !value || wrapper.currIdx !== tokens.length - 1) return this.abandon();
        const parserErrors = wrapper.errors;
        self.nodeBuilder.addHiddenNodes(lexed.hidden);
        AstUtils.linkContentToContainer(value, { deep: true });
        this.finishStageParse();
        return { value, lexerErrors: lexed.errors, lexerReport: lexed.report, parserErrors };
    }

    /** A stage parse given up: the parser left as a finished one; undefined. */
    private abandon(): undefined {
        this.finishStageParse();
        return undefined;
    }

    /** Leaves the parser as a finished parse does, for the next one. */
    private finishStageParse(): void {
        const self = this as unknown as LangiumParserInternals;
        self.stack = [];
        self.lexerResult = undefined;
        self.unorderedGroups.clear();
        this.releaseTokens();
    }

    /** Read once from a parse of a small map: the stack as `Journey` calls `Stage` (Chevrotain's short names and occurrences). */
    private stageContext(): StageContext {
        if (this.stageAt) return this.stageAt;
        const wrapper = (this as unknown as LangiumParserInternals).wrapper;
        const update = wrapper.ruleInvocationStateUpdate;
        let found: StageContext | undefined;
        wrapper.ruleInvocationStateUpdate = function (this: ChevrotainInternals, shortName: number, fullName: string, occurrence: number): void {
            update.call(this, shortName, fullName, occurrence);
            if (!found && grammarRuleName(fullName) === 'Stage') {
                found = { ruleStack: this.RULE_STACK.slice(0, -1), occurrences: this.RULE_OCCURRENCE_STACK.slice(0, -1), occurrence };
            }
        };
        try {
            // The class's own parse, not the instance's: a test that watches the parses of documents sees none here.
            JourneyParser.prototype.parse.call(this, 'journey J {\n  stage S {\n  }\n}\n');
        } finally {
            delete (wrapper as Partial<ChevrotainInternals>).ruleInvocationStateUpdate;
        }
        if (!found) throw new Error('The grammar has no Stage in a Journey.');
        return this.stageAt = found;
    }

    /**
     * As Langium's, then the tokens the parser has gone past are let go, a few thousand at a
     * time: the CST and AST keep what they need of them (offsets, lengths, values), and the
     * whole token vector (a third of the heap for a big map) no longer lives until the end
     * of parsing next to the finished tree. Chevrotain reads the vector forward (lookahead),
     * the previous token (`LA(0)`, for messages) and, when a recovery inside a repetition
     * fails, goes back to where that recovery began: it only skips tokens there, it consumes
     * none, so no released token is read again. `RELEASE_BEHIND` is a margin on top of that.
     */
    override consume(idx: number, tokenType: TokenType, feature: GrammarAST.AbstractElement): void {
        super.consume(idx, tokenType, feature);
        const wrapper = (this as unknown as { wrapper: { tokVector: IToken[]; currIdx: number } }).wrapper;
        const releaseTo = wrapper.currIdx - RELEASE_BEHIND;
        if (releaseTo - this.releasedUpTo < RELEASE_BATCH) return;
        // `undefined`, not a placeholder token: a token read after all would fail loudly, not parse wrongly.
        wrapper.tokVector.fill(undefined as unknown as IToken, this.releasedUpTo, releaseTo);
        this.releasedUpTo = releaseTo;
    }

    /**
     * Langium leaves the token array in Chevrotain's parser until the next parse: the
     * tokens of the last document parsed (about 36 bytes of heap per source byte, so
     * 750 MB for a 20 MB map) stayed alive through linking and validation. The CST
     * and AST keep what they need (offsets, ranges, values), not the tokens.
     */
    private releaseTokens(): void {
        (this as unknown as { wrapper: { input: unknown[] } }).wrapper.input = [];
    }
}

/**
 * Chevrotain's methods that read up to three tokens ahead for an error message: the message provider
 * is given them all but reads the first only (JourneyParserErrorMessageProvider), which is read again
 * for the error's token anyway.
 */
const MESSAGE_BUILDERS = ['raiseNoAltException', 'raiseEarlyExitException'] as const;

interface StageContext {
    readonly ruleStack: readonly number[];
    readonly occurrences: readonly number[];
    readonly occurrence: number;
}

/** The parts of Chevrotain's parser that `parseStage` sets, reads or watches. */
interface ChevrotainInternals {
    input: IToken[];
    readonly errors: ParseResult['parserErrors'];
    RULE_STACK: number[];
    RULE_OCCURRENCE_STACK: number[];
    subruleIdx: number;
    currIdx: number;
    tokVectorLength: number;
    LA(howMuch: number): IToken;
    ruleInvocationStateUpdate(shortName: number, fullName: string, occurrence: number): void;
    raiseNoAltException(...args: unknown[]): never;
    raiseEarlyExitException(...args: unknown[]): never;
    rule(rule: unknown): unknown;
}

/** The parts of Langium's parser, private in its typings, that `parseStage` does as its `parse` does. */
interface LangiumParserInternals {
    wrapper: ChevrotainInternals;
    nodeBuilder: CstNodeBuilder;
    lexer: LangiumCoreServices['parser']['Lexer'];
    lexerResult: ReturnType<LangiumCoreServices['parser']['Lexer']['tokenize']> | undefined;
    stack: unknown[];
    unorderedGroups: Map<string, unknown>;
    construct(): unknown;
}

/** No lexer error holds a `/*`: only there may the lexer of the whole text read past the stage (a block comment closed further on). */
function lexesAlone(input: string, errors: readonly ILexingError[]): boolean {
    return errors.every(error => error.length > 0 && !input.slice(error.offset, error.offset + error.length).includes('/*'));
}

/** The braces of the tokens balance: no `}` closes more than was opened, none is left open, and the last token is a `}`. */
function balanced(tokens: readonly IToken[]): boolean {
    let depth = 0;
    for (const token of tokens) {
        const name = token.tokenType.name;
        if (name === '{') depth++;
        else if (name === '}' && --depth < 0) return false;
    }
    return depth === 0 && tokens.at(-1)?.tokenType.name === '}';
}

/** The parts of Chevrotain's parser (Langium's wrapper) its error recovery goes through. */
interface RecoveringParser {
    tokVector: IToken[];
    currIdx: number;
    LA(howMuch: number): IToken;
    SKIP_TOKEN(): IToken;
    findReSyncTokenType(): TokenType;
    flattenFollowSet(): TokenType[];
    tokenMatcher(token: IToken, type: TokenType): boolean;
    tryInRuleRecovery(expected: TokenType, follows: TokenType[]): IToken;
    /** The names of the rules being parsed, outermost first. */
    getHumanReadableRuleStack(): string[];
    tryInRepetitionRecovery(rule: (...args: unknown[]) => unknown, args: unknown[], lookahead: () => boolean, expected: TokenType): void;
    /** Records a mismatch of `expected` with `actual` (as a failed `CONSUME` does) and throws it. */
    consumeInternalError(expected: TokenType, actual: IToken, options: undefined): never;
    /** The errors recorded so far (the `errors` getter copies them). */
    _errors: unknown[];
}

/** Per token vector (one per parse) and set of leaving keywords: where each block ends (see `blockEnds`). */
const BLOCK_ENDS = new WeakMap<IToken[], Map<ReadonlySet<string>, Int32Array>>();

/**
 * For each `{` of the tokens, the index of the first token after its block, or -1: past the `}`
 * that closes it or, when one of the `leaving` keywords comes first (at any depth), at that keyword
 * (the block's `}` is missing); -1 when it has neither (it runs to the end of the file).
 */
function blockEnds(tokens: IToken[], leaving: ReadonlySet<string>): Int32Array {
    let byLeaving = BLOCK_ENDS.get(tokens);
    if (!byLeaving) BLOCK_ENDS.set(tokens, byLeaving = new Map());
    let ends = byLeaving.get(leaving);
    if (!ends) {
        ends = new Int32Array(tokens.length).fill(-1);
        const open: number[] = [];
        /** The blocks `open[ended..]` have no end yet; those below were ended by a leaving keyword. */
        let ended = 0;
        for (let index = 0; index < tokens.length; index++) {
            // A released token (see `JourneyParser.consume`) is behind the parser: no recovery starts there.
            const name = tokens[index]?.tokenType.name;
            if (name === '{') {
                open.push(index);
            } else if (name === '}' && open.length > 0) {
                const opening = open.pop()!;
                if (open.length >= ended) ends[opening] = index + 1;
                ended = Math.min(ended, open.length);
            } else if (name !== undefined && leaving.has(name)) {
                for (let depth = ended; depth < open.length; depth++) ends[open[depth]] = index;
                ended = open.length;
            }
        }
        byLeaving.set(leaving, ends);
    }
    return ends;
}

/** The grammar's names of the rules being parsed, outermost first. */
function ruleStackOf(parser: RecoveringParser): string[] {
    return parser.getHumanReadableRuleStack().map(grammarRuleName);
}

/** A rule's name in the grammar: Langium gives Chevrotain each name with a zero-width space after it. */
function grammarRuleName(chevrotainName: string): string {
    return chevrotainName.replace(/\u200B$/, '');
}

/**
 * Chevrotain's error recovery skips tokens one by one until one may follow the rules it is in.
 * After a misspelled keyword (`touchpont Devis "Devis" {`) it skipped the `{` and then found
 * the block's own entries (`channel Site`) good to go on with one level up: the touchpoint's
 * channel became a second channel of the journey, the block's `}` closed the stage, the stage's
 * the journey, and the rest of the file was lost. Here a block the recovery skips is skipped
 * whole, up to its own `}`, so the parser goes on where the text's braces say it is. When that
 * `}` is missing, the block takes its parent's `}` and hid the rest of the parent: so the block
 * ends before an entry that no block of the kind being skipped could hold and an enclosing rule
 * can (`stage` in a block skipped in a journey), where the parser would have left it had it been
 * spelt right (see `blockLeavingKeywords`). A single-token deletion still deletes one token.
 */
function skipBlocksWhole(parser: RecoveringParser): void {
    const skipToken = parser.SKIP_TOKEN.bind(parser);
    const tryInRuleRecovery = parser.tryInRuleRecovery.bind(parser);
    let deletingOne = false;
    /** Where the blocks end for the rules being parsed now (see `blockEnds`). */
    const endsNow = (): Int32Array => blockEnds(parser.tokVector, blockLeavingKeywords(ruleStackOf(parser)));
    /** The index of the first token after the block opened at `index`, or -1. */
    const blockEndOf = (index: number, ends = endsNow): number =>
        parser.tokVector[index]?.tokenType.name === '{' ? ends()[index] : -1;
    parser.tryInRuleRecovery = (expected, follows) => {
        deletingOne = true;
        try {
            return tryInRuleRecovery(expected, follows);
        } finally {
            deletingOne = false;
        }
    };
    parser.SKIP_TOKEN = () => {
        const end = deletingOne ? -1 : blockEndOf(parser.currIdx + 1);
        if (end < 0) return skipToken();
        parser.currIdx = end - 1;
        return parser.LA(1);
    };
    // As Chevrotain's: the first token ahead that may follow one of the rules being parsed, not looking inside skipped blocks.
    parser.findReSyncTokenType = () => {
        const follows = parser.flattenFollowSet();
        let ends: Int32Array | undefined;
        const endsHere = () => ends ??= endsNow();
        for (let k = 1; ; k++) {
            const token = parser.LA(k);
            const found = follows.find(type => parser.tokenMatcher(token, type));
            if (found) return found;
            const end = blockEndOf(parser.currIdx + k, endsHere);
            if (end >= 0) k = end - 1 - parser.currIdx;
        }
    };
}

/**
 * True when the tokens ahead hold a block that no entry of the innermost rule opens (`journy J {`
 * in a persona left open): a slip one level up, not the rule's, where the parser, had it been spelt
 * right, would have closed the rule before it and so left nothing open at the end of the file.
 */
function skipsStrayBlock(parser: RecoveringParser): boolean {
    const stack = ruleStackOf(parser);
    if (entriesOpenBlocks(stack[stack.length - 1])) return false;
    for (let index = parser.currIdx + 1; index < parser.tokVector.length; index++) {
        if (parser.tokVector[index]?.tokenType.name === '{') return true;
    }
    return false;
}

/**
 * Chevrotain's recovery inside a repetition skips tokens until the repetition can go on, or
 * stops, or the token found may follow one of the enclosing rules: there it gives up, and the
 * block's missing `}` is reported at the slip while the enclosing rule resynchronizes. When
 * nothing in the rest of the file may follow any enclosing rule, that point is the end of the
 * file (a misspelt block whose `{` takes the last `}` of the file, an ancestor's): giving up
 * there reported only the slip, and every enclosing rule was abandoned without the "file ends
 * before it" the same text without the slip gets. Here the slip is reported as Chevrotain
 * reports it when it recovers, the rest of the file is skipped, and each block left open then
 * meets the end of the file as it does without the slip.
 */
function leaveBlocksOpenAtEnd(parser: RecoveringParser): void {
    const tryInRepetitionRecovery = parser.tryInRepetitionRecovery.bind(parser);
    const findReSyncTokenType = parser.findReSyncTokenType.bind(parser);
    /** The point the last recovery looked for (Chevrotain's finds it once per recovery: the search can cross the whole file). */
    let resync: TokenType | undefined;
    parser.findReSyncTokenType = () => resync = findReSyncTokenType();
    parser.tryInRepetitionRecovery = (rule, args, lookahead, expected) => {
        const recorded = parser._errors.length;
        resync = undefined;
        tryInRepetitionRecovery(rule, args, lookahead, expected);
        // It recovered (and recorded the slip), or there is nothing left to skip.
        if (parser._errors.length > recorded || parser.LA(1).tokenType.name === 'EOF') return;
        // Set by the recovery just run (TypeScript does not see the callback's assignment).
        if ((resync as TokenType | undefined)?.name !== 'EOF' || skipsStrayBlock(parser)) return;
        try {
            parser.consumeInternalError(expected, parser.LA(1), undefined);
        } catch {
            // Recorded: a recovered slip is not thrown.
        }
        parser.currIdx = parser.tokVector.length - 1;
    };
}

export function createJourneyParser(services: LangiumCoreServices): JourneyParser {
    const parser = createParser(services.Grammar, new JourneyParser(services), services.parser.Lexer.definition);
    parser.finalize();
    return parser;
}

/** An empty model for a text the parser could not build, with one lexer error saying why. */
function unreadableDocument<T extends AstNode>(input: string, error: RangeError): ParseResult<T> {
    const root = new RootCstNodeImpl(input);
    const value = { $type: 'Model', personas: [], channels: [], teams: [], journeys: [], $cstNode: root } as unknown as T;
    root.astNode = value;
    const lexerError: ILexingError = {
        offset: 0, line: 1, column: 1, length: 0,
        message: localized('syntax.fileTooLarge', { size: describeSize(input), error: error.message })
    };
    return { value, lexerErrors: [lexerError], parserErrors: [] };
}

function describeSize(input: string): MessageParams[string] {
    let lines = 1;
    let longest = 0;
    let start = 0;
    for (let index = input.indexOf('\n'); index >= 0; index = input.indexOf('\n', index + 1)) {
        lines++;
        longest = Math.max(longest, index - start);
        start = index + 1;
    }
    longest = Math.max(longest, input.length - start);
    return { key: 'syntax.size', params: { characters: input.length, lines, longest } };
}
