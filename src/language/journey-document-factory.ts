import {
    DefaultLangiumDocumentFactory, DocumentState, GrammarAST, GrammarUtils, isCompositeCstNode, isLeafCstNode,
    type AstNode, type Cancellation, type CompositeCstNode, type CstNode, type LangiumDocument, type LangiumSharedCoreServices, type LeafCstNode, type ParseResult
} from 'langium';
import type { IRecognitionException, IToken } from 'chevrotain';
import type { Range } from 'vscode-languageserver-types';
import { forgetLineStarts, lineAt, lineStartsOf, LineRangeLeafCstNode, type JourneyParser } from './journey-parser.js';
import type { Model, Stage } from './generated/ast.js';
import { TERMINAL } from './grammar-facts.js';
import { recordTreeEdit } from './tree-edits.js';

/**
 * Langium's document factory, with one shortcut for the commonest keystroke: typing inside
 * a string ("label", goal, evidence, ...) or a `//` comment of an error-free document. Such an
 * edit cannot change which tokens the text has, only one token's text, so the parser would
 * build the same tree again with one value changed: at 10,000 touchpoints that re-parse (and
 * the garbage of a new tree) was half a keystroke's time. Here the existing tree takes the
 * edit in place instead: the token's length, the offsets after it, the one value it gives (the
 * value converter's, assigned as the parser assigns it), and the root's text. Every later build
 * phase (index, scopes, linking, validation) then runs as after a parse, since the document
 * builder reset them already. Anything else (other tokens, line breaks, quotes, a document
 * with syntax errors, a file changed on disk) is parsed as before. test/language/in-place-edit.test.ts
 * checks the tree against a fresh parse for edits all over the example maps.
 */
export class JourneyDocumentFactory extends DefaultLangiumDocumentFactory {
    override async update<T extends AstNode = AstNode>(document: LangiumDocument<T>, cancellationToken: Cancellation.CancellationToken): Promise<LangiumDocument<T>> {
        const textDocument = this.textDocuments?.get(document.uri.toString());
        if (textDocument && editInPlace(document, textDocument.getText(), this.serviceRegistry.getServices(document.uri))) {
            // As Langium's update does, so that the document reads the editor's text.
            Object.defineProperty(document, 'textDocument', { value: textDocument });
            editedInPlace.add(document);
            document.state = DocumentState.Parsed;
            return document;
        }
        editedInPlace.delete(document);
        if (textDocument && reparseStage(document, textDocument.getText(), this.serviceRegistry.getServices(document.uri))) {
            Object.defineProperty(document, 'textDocument', { value: textDocument });
            document.state = DocumentState.Parsed;
            return document;
        }
        recordTreeEdit(document, { kind: 'parse' });
        return super.update(document, cancellationToken);
    }

    /** Whether the next update of the document will be an edit in place (no name changes): asked before it runs (WorkspaceFacts). */
    editsInPlace(document: LangiumDocument): boolean {
        const textDocument = this.textDocuments?.get(document.uri.toString());
        return textDocument !== undefined && planInPlaceEdit(document, textDocument.getText(), this.serviceRegistry.getServices(document.uri)) !== undefined;
    }
}

/** Documents whose last update was an edit in place, until the linker asks (see JourneyLinker.link). */
const editedInPlace = new WeakSet<LangiumDocument>();

/** True once after an update that edited the document in place: its names, hence its links, are as before. */
export function wasEditedInPlace(document: LangiumDocument): boolean {
    return editedInPlace.delete(document);
}

type LanguageServices = ReturnType<LangiumSharedCoreServices['ServiceRegistry']['getServices']>;

/** Token types whose text may change in place: both end where they started to (a quote, the line's end). */
const IN_PLACE_TOKENS = new Set<string>([TERMINAL.STRING, TERMINAL.SL_COMMENT]);

/** The edit of `text` into `next`: one span replaced, found from the common start and end. */
interface Edit {
    readonly start: number;
    /** End of the replaced span in the old text. */
    readonly oldEnd: number;
    readonly delta: number;
}

/** Applies `next` to the document's tree when the edit stays inside one string or comment token; false (nothing changed) otherwise. */
export function editInPlace(document: LangiumDocument, next: string, services: LanguageServices): boolean {
    const apply = planInPlaceEdit(document, next, services);
    apply?.();
    return apply !== undefined;
}

/** How `next` is applied to the document's tree in place, when it can be; nothing is changed before it is called. */
function planInPlaceEdit(document: LangiumDocument, next: string, services: LanguageServices): (() => void) | undefined {
    const { parseResult } = document;
    const root = parseResult.value.$cstNode?.root;
    if (!root || !isClean(parseResult)) return undefined;
    const text = root.fullText;
    if (text === next) return undefined;
    const edit = findEdit(text, next);
    if (/[\r\n\u2028\u2029]/u.test(text.slice(edit.start, edit.oldEnd) + next.slice(edit.start, edit.oldEnd + edit.delta))) return undefined;
    const leaf = leafHolding(root, edit);
    if (!leaf) return undefined;
    const image = next.slice(leaf.offset, leaf.end + edit.delta);
    if (!lexesAsOne(image, leaf, services)) return undefined;
    const assign = leaf.hidden ? () => undefined : valueAssignment(leaf, image, services);
    if (!assign) return undefined;
    // From here on nothing can fail: the tree becomes the one a parse of `next` would build.
    return () => {
        const editLine = lineAt(lineStartsOf(root), edit.start);
        recordTreeEdit(document, { kind: 'value', node: leaf.astNode, line: editLine });
        shiftAfter(root, leaf, edit, editLine);
        (root as unknown as { _text: string })._text = next;
        forgetLineStarts(root as Parameters<typeof forgetLineStarts>[0]);
        assign();
        // A new result object: caches keyed by the parse result (containsSyntaxError's) start afresh.
        document.parseResult = { ...parseResult };
    };
}

function isClean(result: ParseResult): boolean {
    return result.lexerErrors.length === 0 && result.parserErrors.length === 0 && (result.lexerReport?.diagnostics.length ?? 0) === 0;
}

function findEdit(text: string, next: string): Edit {
    const shorter = Math.min(text.length, next.length);
    let start = 0;
    // Block by block first: comparing slices is a memory comparison, char by char a call each (1 MB at 10,000 touchpoints).
    while (start + BLOCK <= shorter && text.slice(start, start + BLOCK) === next.slice(start, start + BLOCK)) start += BLOCK;
    while (start < shorter && text.charCodeAt(start) === next.charCodeAt(start)) start++;
    let oldEnd = text.length;
    let newEnd = next.length;
    while (oldEnd - BLOCK >= start && newEnd - BLOCK >= start && text.slice(oldEnd - BLOCK, oldEnd) === next.slice(newEnd - BLOCK, newEnd)) {
        oldEnd -= BLOCK;
        newEnd -= BLOCK;
    }
    while (oldEnd > start && newEnd > start && text.charCodeAt(oldEnd - 1) === next.charCodeAt(newEnd - 1)) {
        oldEnd--;
        newEnd--;
    }
    return { start, oldEnd, delta: newEnd - oldEnd };
}

const BLOCK = 4096;

/**
 * The one-line string or comment token whose inside holds the whole edit: a string keeps
 * both its quotes, a comment its `//` (and may grow at its end, which is the line's end).
 */
function leafHolding(root: CstNode, edit: Edit): LeafCstNode | undefined {
    // The character before the edit: inside the token either way (its opening quote or `//` stays).
    const leaf = leafAt(root, edit.start - 1);
    if (!leaf || !IN_PLACE_TOKENS.has(leaf.tokenType.name) || leaf.range.start.line !== leaf.range.end.line) return undefined;
    const inside = leaf.tokenType.name === TERMINAL.STRING
        ? leaf.offset < edit.start && edit.oldEnd < leaf.end
        : leaf.offset + 2 <= edit.start && edit.oldEnd <= leaf.end;
    return inside ? leaf : undefined;
}

/**
 * The leaf whose text holds `offset`, found by halving each node's children. A composite node's
 * offset leaves out the comments before its first token, so its first and last leaves bound it here.
 */
function leafAt(root: CstNode, offset: number): LeafCstNode | undefined {
    let node: CstNode = root;
    while (isCompositeCstNode(node)) {
        const children = node.content;
        let low = 0;
        let high = children.length - 1;
        let found: CstNode | undefined;
        while (low <= high) {
            const middle = (low + high) >> 1;
            const child = children[middle];
            if (offset < firstLeafOffset(child)) high = middle - 1;
            else if (offset >= lastLeafEnd(child)) low = middle + 1;
            else {
                found = child;
                break;
            }
        }
        if (!found) return undefined;
        node = found;
    }
    return isLeafCstNode(node) ? node : undefined;
}

function firstLeafOffset(node: CstNode): number {
    while (isCompositeCstNode(node)) {
        if (node.content.length === 0) return Number.MAX_SAFE_INTEGER;
        node = node.content[0];
    }
    return node.offset;
}

function lastLeafEnd(node: CstNode): number {
    while (isCompositeCstNode(node)) {
        if (node.content.length === 0) return -1;
        node = node.content[node.content.length - 1];
    }
    return node.end;
}

/** The new text lexes as exactly one token of the same type, with nothing to report (an open string, a line separator). */
function lexesAsOne(image: string, leaf: LeafCstNode, services: LanguageServices): boolean {
    const lexed = services.parser.Lexer.tokenize(image);
    const tokens = leaf.hidden ? lexed.hidden : lexed.tokens;
    const others = leaf.hidden ? lexed.tokens : lexed.hidden;
    return lexed.errors.length === 0 && (lexed.report?.diagnostics.length ?? 0) === 0 && others.length === 0
        && tokens.length === 1 && tokens[0].tokenType === leaf.tokenType && tokens[0].image.length === image.length;
}

/**
 * How the parser would store the token's new value: `feature=STRING` keeps the last one written
 * (a field given twice is an error the checks report; the value of the other one stays),
 * `feature+=STRING` the one at the token's place in the list. Undefined when the token is not
 * such a direct assignment (inside a data type rule or a cross-reference: parsed as before).
 */
function valueAssignment(leaf: LeafCstNode, image: string, services: LanguageServices): (() => void) | undefined {
    const source = leaf.grammarSource;
    if (!GrammarAST.isRuleCall(source) || !GrammarAST.isAssignment(source.$container)) return undefined;
    const { feature, operator } = source.$container;
    const node = leaf.astNode as unknown as Record<string, unknown>;
    const assigned = GrammarUtils.findNodesForProperty(leaf.astNode.$cstNode, feature);
    const index = assigned.indexOf(leaf);
    if (index < 0) return undefined;
    const value = services.parser.ValueConverter.convert(image, leaf);
    if (operator === '=') return index === assigned.length - 1 ? () => { node[feature] = value; } : () => undefined;
    const list = node[feature];
    if (operator !== '+=' || !Array.isArray(list) || list.length !== assigned.length) return undefined;
    return () => { list[index] = value; };
}

/**
 * The edited token gets its new length, every token after it its new offset (those later on the
 * same line a new column, where a range is stored), and every composite node forgets its range.
 */
function shiftAfter(root: CstNode, edited: LeafCstNode, edit: Edit, editLine: number): void {
    const shift = (range: Range): Range => ({
        start: range.start.line === editLine ? { line: editLine, character: range.start.character + edit.delta } : range.start,
        end: range.end.line === editLine ? { line: editLine, character: range.end.character + edit.delta } : range.end
    });
    const visit = (node: CstNode): void => {
        if (isCompositeCstNode(node)) {
            (node as unknown as { _rangeCache: unknown })._rangeCache = undefined;
            // Indexed: `for…of` over Langium's Array subclass takes the slow generic iterator.
            const children = node.content;
            for (let i = 0; i < children.length; i++) visit(children[i]);
            return;
        }
        const leaf = node as unknown as { _offset: number; _length: number; _range: Range | undefined };
        if (node === edited) {
            leaf._length = (leaf._length + edit.delta) | 0;
            // A comment (Langium builds those) stores its one-line range.
            if (!(node instanceof LineRangeLeafCstNode) && leaf._range) leaf._range = { start: leaf._range.start, end: { line: editLine, character: leaf._range.end.character + edit.delta } };
        } else if (node.offset >= edit.oldEnd) {
            leaf._offset = (leaf._offset + edit.delta) | 0;
            if (!(node instanceof LineRangeLeafCstNode) && leaf._range) leaf._range = shift(leaf._range);
        }
    };
    visit(root);
}

/**
 * An edit inside one stage block (after its `stage` keyword, before its closing `}`) of a document
 * whose errors, if any, each lie inside a stage block: only that stage is parsed again (the parser's
 * `Stage` rule on the stage's new text, see `JourneyParser.parseStage`) and spliced into the tree in
 * place of the old one, the tokens after it shifted. The stage's text starts and ends at a token
 * boundary the edit leaves alone (its first token and its `}`), so its tokens are the ones a lexer
 * of the whole file finds there, and a parse of it that ends at its `}` and that parseStage can tell
 * is the whole parse's is the part a whole parse would build (the hidden tokens before its first
 * token and after its `}` belong to the nodes around it, which keep them). Its errors, syntax errors
 * included, become the document's, placed in the file: so typing goes on stage by stage while the
 * stage is broken (a touchpoint half typed), and the diagnostics are those of a whole parse. So it
 * does while other stages are broken, when the parser provably met their errors as it would have
 * without the edit (see `errorsElsewhere`): their errors stay, those after the stage moved with the text.
 * Anything else parses the whole file. Links are looked up again (names may have changed): the
 * linker takes links back only after an edit in place. test/language/stage-reparse.test.ts and
 * stage-reparse-errors.test.ts compare with a fresh parse.
 */
export function reparseStage(document: LangiumDocument, next: string, services: LanguageServices): boolean {
    const { parseResult } = document;
    const model = parseResult.value as unknown as Model;
    const root = model.$cstNode?.root;
    if (!root) return false;
    const text = root.fullText;
    if (text === next) return false;
    const edit = findEdit(text, next);
    const stage = stageHolding(model, edit);
    if (!stage) return false;
    const others = errorsElsewhere(parseResult, model, stage, text, services);
    if (!others) return false;
    const old = stage.$cstNode as CstNode & { content: CstNode[] };
    const start = old.offset;
    const result = parseStageAlone(next.slice(start, old.end + edit.delta), services);
    if (!result) return false;
    const parsed = result.value.$cstNode as CompositeCstNode;
    // From here on nothing can fail.
    parsedAlone.add(result.value);
    const oldStarts = lineStartsOf(root);
    const startLine = lineAt(oldStarts, old.offset);
    const endLine = lineAt(oldStarts, old.end - 1);
    const journey = stage.$container;
    const index = stage.$containerIndex!;
    const fresh = result.value as Stage & { $container: unknown; $containerProperty: string; $containerIndex: number };
    fresh.$container = journey;
    fresh.$containerProperty = 'stages';
    fresh.$containerIndex = index;
    // A new list: caches of what the journey's stages say are keyed by it (validation/quality.ts).
    const stages = journey.stages.slice();
    stages[index] = fresh;
    journey.stages = stages;
    const oldEnd = old.end;
    (root as unknown as { _text: string })._text = next;
    forgetLineStarts(root as Parameters<typeof forgetLineStarts>[0]);
    // The old composite node takes the new content: its place in its parent and its grammar source stay.
    const content = parsed.content.slice();
    (old as { content: CstNode[] }).content = content;
    (old as unknown as { _astNode: AstNode })._astNode = fresh;
    (fresh as { $cstNode: CstNode }).$cstNode = old;
    for (const child of content) (child as { container: unknown }).container = old;
    const starts = lineStartsOf(root);
    recordTreeEdit(document, { kind: 'stage', stage, startLine, endLine, lineDelta: starts.length - oldStarts.length });
    const position = (offset: number) => {
        const line = lineAt(starts, offset);
        return { line, character: offset - starts[line] };
    };
    const place = (node: CstNode, shift: number): void => {
        (node as { root: unknown }).root = root;
        if (isCompositeCstNode(node)) {
            (node as unknown as { _rangeCache: unknown })._rangeCache = undefined;
            const children = node.content;
            for (let i = 0; i < children.length; i++) place(children[i], shift);
            return;
        }
        const leaf = node as unknown as { _offset: number; _length: number; _range: Range | undefined };
        leaf._offset = (leaf._offset + shift) | 0;
        if (!(node instanceof LineRangeLeafCstNode)) leaf._range = { start: position(leaf._offset), end: position(leaf._offset + leaf._length) };
    };
    for (const child of content) place(child, start);
    // Every node after the stage: new offsets (and stored ranges), every composite forgets its range.
    const visit = (node: CstNode): void => {
        if (node === old) {
            (node as unknown as { _rangeCache: unknown })._rangeCache = undefined;
            return;
        }
        if (isCompositeCstNode(node)) {
            (node as unknown as { _rangeCache: unknown })._rangeCache = undefined;
            const children = node.content;
            for (let i = 0; i < children.length; i++) visit(children[i]);
            return;
        }
        if (node.offset < oldEnd) return;
        const leaf = node as unknown as { _offset: number; _length: number; _range: Range | undefined };
        leaf._offset = (leaf._offset + edit.delta) | 0;
        if (!(node instanceof LineRangeLeafCstNode)) leaf._range = { start: position(leaf._offset), end: position(leaf._offset + leaf._length) };
    };
    visit(root);
    // The new stage's errors replace the old stage's, placed in the file, between those of the stages before and after it.
    // The stage's own, from its text into the file's: only their first line's columns move.
    const at = position(start);
    const shift = moveErrors({ from: 0, delta: start, lineDelta: at.line, line: 1, columnDelta: at.character });
    // Those after its `}`, with the text: on the `}`'s line, columns move as far as the `}` did.
    const closing = oldEnd - 1;
    const moved = moveErrors({ from: closing + 1, delta: edit.delta, lineDelta: starts.length - oldStarts.length, line: endLine + 1,
        columnDelta: position(closing + edit.delta).character - (closing - oldStarts[endLine]) });
    const report = result.lexerReport ?? parseResult.lexerReport;
    document.parseResult = {
        ...parseResult,
        lexerErrors: [
            ...others.before.lexerErrors,
            ...result.lexerErrors.map(shift.lexerError),
            ...others.after.lexerErrors.map(moved.lexerError)
        ],
        lexerReport: report && {
            ...report,
            diagnostics: [
                ...others.before.diagnostics,
                ...(result.lexerReport?.diagnostics ?? []).map(shift.lexerError),
                ...others.after.diagnostics.map(moved.lexerError)
            ]
        },
        parserErrors: [...others.before.parserErrors, ...result.parserErrors.map(shift.error), ...others.after.parserErrors.map(moved.error)]
    };
    return true;
}

/** Stages parsed alone by `parseStage` (its checks passed): a parse of the whole file meets their errors as that parse did. */
const parsedAlone = new WeakSet<Stage>();

/** The stage's text (from its `stage` keyword to its `}`) parsed alone, when that is provably what a whole parse builds of it (see `JourneyParser.parseStage`). */
function parseStageAlone(snippet: string, services: LanguageServices): ParseResult<Stage> | undefined {
    const result = (services.parser.LangiumParser as JourneyParser).parseStage(snippet);
    const parsed = result?.value.$cstNode;
    if (!result || !parsed || !isCompositeCstNode(parsed) || result.value.$type !== 'Stage') return undefined;
    const leaves = leavesOf(parsed);
    const first = leaves[0];
    const last = leaves[leaves.length - 1];
    if (!first || first.offset !== 0 || first.hidden || !last || last.hidden || last.text !== '}' || last.end !== snippet.length || last.container !== parsed) return undefined;
    return result;
}

/** A parse's errors of one part of the file. */
interface Errors {
    readonly lexerErrors: ParseResult['lexerErrors'];
    readonly diagnostics: NonNullable<ParseResult['lexerReport']>['diagnostics'];
    readonly parserErrors: ParseResult['parserErrors'];
}

/**
 * The errors of the parse before and after the stage's block, when every error of it lies inside a
 * stage's block (as errors the parse of that stage met, see `JourneyParser.parseStage`) that ends at
 * its own `}`, and each stage before the edited one holding errors is one `parseStage` parses alone;
 * undefined otherwise. A parse of the edited text then goes as the last one did up to the edited
 * stage: the text before it is the same, the parser leaves each stage at its `}` with the outer rules
 * on its stack as a stage without errors leaves them (the rule returned there), and parseStage's
 * checks say the broken stages read no token after their `}` (nor a `/*` the edited stage may close).
 * So it arrives at the edited stage as parseStage starts there, and leaves it as it left the old one
 * (at its `}`, its rule returned): the text after it is the same, so is its parse, its errors moved
 * with the text. Chevrotain records errors as it meets them, stage after stage: before, the stage's, after.
 */
function errorsElsewhere(result: ParseResult, model: Model, stage: Stage, text: string, services: LanguageServices): { before: Errors; after: Errors } | undefined {
    const edited = blockOf(stage);
    if (!edited) return undefined;
    const diagnostics = result.lexerReport?.diagnostics ?? [];
    const none: Errors = { lexerErrors: [], diagnostics: [], parserErrors: [] };
    const inEdited = (offset: number, length = 0) => offset >= edited.start && offset + length <= edited.end;
    const parserIn = (block: Block) => (error: ParseResult['parserErrors'][number]) => error.token.startOffset >= block.start && error.token.startOffset <= block.end;
    // The commonest case: no errors, or all the edited stage's.
    if (result.lexerErrors.every(e => inEdited(e.offset, e.length)) && diagnostics.every(d => inEdited(d.offset, d.length)) && result.parserErrors.every(parserIn(edited))) {
        return { before: none, after: none };
    }
    const blocks = stageBlocks(model);
    /** The stages holding errors, with how many lexer and parser errors each holds. */
    const broken = new Map<Block, { lexer: number; parser: number }>();
    const attribute = (offset: number, length: number, kind: 'lexer' | 'parser'): boolean => {
        const block = blockAt(blocks, offset);
        if (!block || offset + length > block.end) return false;
        let count = broken.get(block);
        if (!count) broken.set(block, count = { lexer: 0, parser: 0 });
        count[kind]++;
        return true;
    };
    if (!result.lexerErrors.every(e => attribute(e.offset, e.length, 'lexer')) || !diagnostics.every(d => attribute(d.offset, d.length, 'lexer'))
        || !result.parserErrors.every(e => attribute(e.token.startOffset, 0, 'parser'))) return undefined;
    for (const [block, count] of broken) {
        if (block.start >= edited.start || parsedAlone.has(block.stage)) continue;
        // Parsed with the whole file: parseStage tells whether that parse read past the stage's `}` (and its errors are those met).
        const node = block.stage.$cstNode!;
        const alone = parseStageAlone(text.slice(node.offset, node.end), services);
        if (!alone || alone.parserErrors.length !== count.parser
            || alone.lexerErrors.length + (alone.lexerReport?.diagnostics.length ?? 0) !== count.lexer) return undefined;
        parsedAlone.add(block.stage);
    }
    const part = (where: (offset: number) => boolean): Errors => ({
        lexerErrors: result.lexerErrors.filter(e => where(e.offset)),
        diagnostics: diagnostics.filter(d => where(d.offset)),
        parserErrors: result.parserErrors.filter(e => where(e.token.startOffset))
    });
    return { before: part(offset => offset < edited.start), after: part(offset => offset > edited.end) };
}

/** The inside of a stage's block: after its first token, up to the offset of its closing `}`. */
interface Block {
    readonly stage: Stage;
    readonly start: number;
    readonly end: number;
}

/** The stage's block, when its last child is its `}` (see `stageHolding`). */
function blockOf(stage: Stage): Block | undefined {
    const node = stage.$cstNode;
    if (!node || !isCompositeCstNode(node)) return undefined;
    const first = node.content[0];
    const last = node.content[node.content.length - 1];
    if (!first || !last || !isLeafCstNode(first) || !isLeafCstNode(last) || last.hidden || last.text !== '}') return undefined;
    return { stage, start: first.end, end: last.offset };
}

/** The blocks of the model's stages that have one, in the order of the text. */
function stageBlocks(model: Model): Block[] {
    const blocks: Block[] = [];
    for (const journey of model.journeys) {
        for (const stage of journey.stages) {
            const block = blockOf(stage);
            if (block) blocks.push(block);
        }
    }
    return blocks;
}

/** The block holding `offset` (from its start to its `}` included), or undefined (NaN: none). */
function blockAt(blocks: readonly Block[], offset: number): Block | undefined {
    // The end of the input (an error there is the journey's or the file's).
    if (Number.isNaN(offset)) return undefined;
    let low = 0;
    let high = blocks.length - 1;
    while (low <= high) {
        const middle = (low + high) >> 1;
        const block = blocks[middle];
        if (offset < block.start) high = middle - 1;
        else if (offset > block.end) low = middle + 1;
        else return block;
    }
    return undefined;
}

/**
 * Moves errors with the text they were met in: the tokens from `from` on (those before it, inserted
 * by the recovery or the end of the input stay) by `delta` characters and `lineDelta` lines, and
 * columns on the line `line` (1-based, as Chevrotain's) by `columnDelta`, the only line whose columns
 * move. Errors and tokens are copied: the last parse result keeps its own.
 */
function moveErrors({ from, delta, lineDelta, line, columnDelta }: { from: number; delta: number; lineDelta: number; line: number; columnDelta: number }) {
    const column = (at: number | undefined, atLine: number | undefined) => atLine === line && at !== undefined ? at + columnDelta : at;
    const lexerError = <E extends { offset: number; line?: number; column?: number }>(error: E): E =>
        ({ ...error, offset: error.offset + delta, line: error.line === undefined ? undefined : error.line + lineDelta, column: column(error.column, error.line) });
    const moved = new Map<IToken, IToken>();
    const token = (original: IToken): IToken => {
        // Also false for NaN, the offset of inserted tokens and of the end of the input.
        if (!original || !(original.startOffset >= from)) return original;
        let at = moved.get(original);
        if (!at) {
            at = {
                ...original,
                startOffset: original.startOffset + delta, endOffset: original.endOffset! + delta,
                startLine: original.startLine! + lineDelta, endLine: original.endLine! + lineDelta,
                startColumn: column(original.startColumn, original.startLine), endColumn: column(original.endColumn, original.endLine)
            };
            moved.set(original, at);
        }
        return at;
    };
    const error = (recognition: IRecognitionException): IRecognitionException => {
        const copy = Object.create(Object.getPrototypeOf(recognition), Object.getOwnPropertyDescriptors(recognition)) as IRecognitionException & { previousToken?: IToken };
        copy.token = token(copy.token);
        if (copy.previousToken) copy.previousToken = token(copy.previousToken);
        copy.resyncedTokens = copy.resyncedTokens.map(token);
        return copy;
    };
    return { lexerError, error };
}

/** The stage with a block whose inside holds the whole edit: after its first token, up to its closing `}`. */
function stageHolding(model: Model, edit: Edit): Stage | undefined {
    for (const journey of model.journeys) {
        const cst = journey.$cstNode;
        if (!cst || edit.start < cst.offset || edit.oldEnd > cst.end) continue;
        for (const stage of journey.stages) {
            const node = stage.$cstNode;
            if (!node || !isCompositeCstNode(node) || edit.oldEnd > node.end || edit.start < node.offset) continue;
            const children = node.content;
            const first = children[0];
            const last = children[children.length - 1];
            if (!first || !last || !isLeafCstNode(first) || !isLeafCstNode(last) || last.hidden || last.text !== '}') return undefined;
            return edit.start > first.end && edit.oldEnd <= last.offset ? stage : undefined;
        }
    }
    return undefined;
}

/** The node's leaves, in order. */
function leavesOf(node: CstNode): LeafCstNode[] {
    const leaves: LeafCstNode[] = [];
    const visit = (at: CstNode): void => {
        if (isCompositeCstNode(at)) for (const child of at.content) visit(child);
        else if (isLeafCstNode(at)) leaves.push(at);
    };
    visit(node);
    return leaves;
}
