// The parser's error recovery, made to follow the text's blocks: Chevrotain's recovery skips
// tokens one by one and knows nothing of braces. Installed on Langium's Chevrotain wrapper by
// journey-parser.ts.
import type { IToken, TokenType } from 'chevrotain';
import { blockLeavingKeywords, entriesOpenBlocks, ruleHasBlock } from '../grammar-facts.js';

/** The parts of Chevrotain's parser (Langium's wrapper) its error recovery goes through. */
export interface RecoveringParser {
    tokVector: IToken[];
    currIdx: number;
    /** The short names of the rules being parsed, outermost first. */
    RULE_STACK: unknown[];
    LA(howMuch: number): IToken;
    SKIP_TOKEN(): IToken;
    findReSyncTokenType(): TokenType;
    flattenFollowSet(): TokenType[];
    tokenMatcher(token: IToken, type: TokenType): boolean;
    tryInRuleRecovery(expected: TokenType, follows: TokenType[]): IToken;
    /** The names of the rules being parsed, outermost first. */
    getHumanReadableRuleStack(): string[];
    tryInRepetitionRecovery(repetition: Repetition, args: unknown[], lookahead: () => boolean, expected: TokenType): void;
    /** Records a mismatch of `expected` with `actual` (as a failed `CONSUME` does) and throws it. */
    consumeInternalError(expected: TokenType, actual: IToken, options: undefined): never;
}

/** A repetition of Chevrotain's (`manyInternal`, ...), run again with its arguments to read more of it. */
type Repetition = (this: RecoveringParser, ...args: unknown[]) => unknown;

export function installBlockRecovery(parser: RecoveringParser): void {
    skipBlocksWhole(parser);
    recoverInRepetitions(parser);
}

/** Per token vector (one per parse) and set of leaving keywords: where each block ends (see `blockEnds`). */
const BLOCK_ENDS = new WeakMap<IToken[], Map<ReadonlySet<string>, Int32Array>>();

/**
 * For each `{` of the tokens, the index of the first token after its block, or -1 for any other
 * token: past the `}` that closes it or, when one of the `leaving` keywords comes first (at any
 * depth), at that keyword (the block's `}` is missing); with neither, the block runs to the end of
 * the file, and its end is the end of the tokens (where the parser reads EOF).
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
        // Skipped token by token instead, such a block's entries were read one level up.
        for (let depth = ended; depth < open.length; depth++) ends[open[depth]] = tokens.length;
        byLeaving.set(leaving, ends);
    }
    return ends;
}

/** The grammar's names of the rules being parsed, outermost first (Langium gives Chevrotain each name with a zero-width space after it). */
function ruleStackOf(parser: RecoveringParser): string[] {
    return parser.getHumanReadableRuleStack().map(name => name.replace(/\u200B$/, ''));
}

/** True when no entry of the innermost of the rules being parsed opens a block (a persona's): a block there is a stray. */
function strayHere(stack: readonly string[]): boolean {
    return stack.length > 1 && !entriesOpenBlocks(stack[stack.length - 1]);
}

/** Per token vector: for each index, the number of `{` minus the number of `}` from there to the end of the file. */
const BRACES_AHEAD = new WeakMap<IToken[], Int32Array>();

function bracesAhead(tokens: IToken[]): Int32Array {
    let ahead = BRACES_AHEAD.get(tokens);
    if (!ahead) {
        ahead = new Int32Array(tokens.length + 1);
        for (let index = tokens.length - 1; index >= 0; index--) {
            // A released token (see `JourneyParser.consume`) is behind the parser: no block skipped opens there.
            const name = tokens[index]?.tokenType.name;
            ahead[index] = ahead[index + 1] + (name === '{' ? 1 : name === '}' ? -1 : 0);
        }
        BRACES_AHEAD.set(tokens, ahead);
    }
    return ahead;
}

/**
 * The keywords that end the block opened at `index`, skipped in the rules of `stack`, before its `}`
 * (see `blockLeavingKeywords`). A block in a rule whose entries open none (a persona's) is a stray.
 * When enough `}` follow it to close it and every block around it, its `}` is taken to be there:
 * it is skipped up to it, whatever it holds (touchpoints grouped in a touchpoint). When they do not,
 * a `}` is missing, and the stray is most likely a block of the rule above written while this one
 * was left open: it ends where a block of the rule above would, so `stage` ends a stray block in a
 * journey's persona, and the stages after it are the journey's, not skipped with it to the journey's `}`.
 */
function leavingKeywordsAt(tokens: IToken[], stack: readonly string[], index: number): ReadonlySet<string> {
    if (!strayHere(stack)) return blockLeavingKeywords(stack);
    const around = stack.filter(ruleHasBlock).length;
    const closed = bracesAhead(tokens)[index] <= -around;
    return blockLeavingKeywords(closed ? stack : stack.slice(0, -1));
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
 * spelt right (see `leavingKeywordsAt`); with neither, at the end of the file. A single-token
 * deletion still deletes one token.
 */
function skipBlocksWhole(parser: RecoveringParser): void {
    const skipToken = parser.SKIP_TOKEN.bind(parser);
    const tryInRuleRecovery = parser.tryInRuleRecovery.bind(parser);
    let deletingOne = false;
    /** The index of the first token after the block opened at `index` while parsing the rules of `stack`, or -1 when none opens there. */
    const blockEndOf = (index: number, stack: () => readonly string[]): number => {
        const tokens = parser.tokVector;
        return tokens[index]?.tokenType.name === '{' ? blockEnds(tokens, leavingKeywordsAt(tokens, stack(), index))[index] : -1;
    };
    parser.tryInRuleRecovery = (expected, follows) => {
        deletingOne = true;
        try {
            return tryInRuleRecovery(expected, follows);
        } finally {
            deletingOne = false;
        }
    };
    parser.SKIP_TOKEN = () => {
        const end = deletingOne ? -1 : blockEndOf(parser.currIdx + 1, () => ruleStackOf(parser));
        if (end < 0) return skipToken();
        parser.currIdx = end - 1;
        return parser.LA(1);
    };
    // As Chevrotain's: the first token ahead that may follow one of the rules being parsed, not looking inside skipped blocks.
    parser.findReSyncTokenType = () => {
        const follows = parser.flattenFollowSet();
        let stack: string[] | undefined;
        const stackHere = () => stack ??= ruleStackOf(parser);
        for (let k = 1; ; k++) {
            const token = parser.LA(k);
            const found = follows.find(type => parser.tokenMatcher(token, type));
            if (found) return found;
            const end = blockEndOf(parser.currIdx + k, stackHere);
            if (end >= 0) k = end - 1 - parser.currIdx;
        }
    };
}

/**
 * True when the tokens from `index` hold a block that no entry of the innermost rule opens (`journy J {`
 * in a persona left open): a slip one level up, not the rule's, where the parser, had it been spelt
 * right, would have closed the rule before it and so left nothing open at the end of the file.
 */
function skipsStrayBlock(parser: RecoveringParser, index: number): boolean {
    if (!strayHere(ruleStackOf(parser))) return false;
    for (; index < parser.tokVector.length; index++) {
        if (parser.tokVector[index]?.tokenType.name === '{') return true;
    }
    return false;
}

/**
 * What a recovery inside a repetition found (see `recoverInRepetitions`): `more` of the repetition
 * to read from here; its end (`after` it, the parser goes on from here); or `nothing` closer than
 * what an enclosing rule may hold, the parser back where it was and the rule failing there.
 */
type Found = 'more' | 'after' | 'nothing';

/**
 * Chevrotain's recovery inside a repetition (the entries of a block), with two changes.
 *
 * It skips tokens until the repetition can go on, or end, or the token found may follow one of the
 * enclosing rules: there it gives up, and the block's missing `}` is reported at the slip while
 * the enclosing rule resynchronizes. When nothing in the rest of the file may follow any enclosing
 * rule, that point is the end of the file (a misspelt block whose `{` takes the last `}` of the
 * file, an ancestor's, or runs to the end): giving up there reported only the slip, and every
 * enclosing rule was abandoned without the "file ends before it" the same text without the slip
 * gets. Here the slip is reported as when the recovery succeeds, the rest of the file is skipped,
 * and each block left open then meets the end of the file as it does without the slip.
 *
 * To go on with the repetition, Chevrotain's calls it again from inside the recovery, which itself
 * was called from the repetition: every slip in one block added a few stack frames, until the
 * stack ran out and the whole file could not be read (about 1,400 slips in one block). Here the
 * repetition's own recovery, met again at the end of that call, asks the first one to run the
 * repetition again instead: the stack stays as deep whatever the number of slips.
 */
function recoverInRepetitions(parser: RecoveringParser): void {
    /** The repetitions being run again by a recovery, innermost last, and whether to run each once more. */
    const running: Array<{ repetition: Repetition; args: unknown[]; depth: number; again: boolean }> = [];
    parser.tryInRepetitionRecovery = (repetition, args, lookahead, expected) => {
        if (recoverInRepetition(parser, lookahead, expected) !== 'more') return;
        const depth = parser.RULE_STACK.length;
        const last = running[running.length - 1];
        // The same repetition of the same rule, ending inside the run below: that run goes on with it.
        if (last && last.repetition === repetition && last.depth === depth && sameItems(last.args, args)) {
            last.again = true;
            return;
        }
        const run = { repetition, args, depth, again: true };
        running.push(run);
        try {
            while (run.again) {
                run.again = false;
                repetition.apply(parser, args);
            }
        } finally {
            running.pop();
        }
    };
}

function sameItems(first: readonly unknown[], second: readonly unknown[]): boolean {
    return first.length === second.length && first.every((item, index) => item === second[index]);
}

/**
 * Skips from a token the repetition cannot read (`expected` was expected after it) to where it can
 * go on or end, recording the slip; or, failing that, goes back to that token (see `recoverInRepetitions`).
 */
function recoverInRepetition(parser: RecoveringParser, lookahead: () => boolean, expected: TokenType): Found {
    const start = parser.currIdx;
    const resync = parser.findReSyncTokenType();
    for (let token = parser.LA(1); ; token = parser.SKIP_TOKEN()) {
        if (parser.tokenMatcher(token, expected)) return recordSlip(parser, start, expected, 'after');
        if (lookahead.call(parser)) return recordSlip(parser, start, expected, 'more');
        if (parser.tokenMatcher(token, resync)) break;
    }
    const atEnd = resync.name === 'EOF' && start < parser.tokVector.length - 1 && !skipsStrayBlock(parser, start + 1);
    if (atEnd) return recordSlip(parser, start, expected, 'after');
    parser.currIdx = start;
    return 'nothing';
}

/** Records the mismatch at the first token skipped from `start`, as a failed `CONSUME` of `expected` there reports it. */
function recordSlip(parser: RecoveringParser, start: number, expected: TokenType, found: Found): Found {
    const here = parser.currIdx;
    parser.currIdx = start;
    try {
        parser.consumeInternalError(expected, parser.LA(1), undefined);
    } catch {
        // Recorded: a recovered slip is not thrown.
    } finally {
        parser.currIdx = here;
    }
    return found;
}
