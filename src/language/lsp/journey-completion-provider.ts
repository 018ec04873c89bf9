import {
    AstUtils, CstUtils, DocumentState, GrammarAST, isOperationCancelled, isCompositeCstNode, isLeafCstNode, isReference, type AstNode, type AstNodeDescription, type AstNodeLocator,
    type CstNode, type DocumentBuilder, type Lexer, type LangiumDocument, type LangiumDocuments, type MaybePromise, type Reference, type ReferenceInfo, type Stream
} from 'langium';
import { DefaultCompletionProvider, type CompletionAcceptor, type CompletionContext, type CompletionProviderOptions, type CompletionValueItem, type NextFeature } from 'langium/lsp';
import type { IToken } from 'chevrotain';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { Emotion, isEmotion, isStage, isTouchpoint, type Model } from '../generated/ast.js';
import { CancellationToken, CompletionItemKind, InsertTextFormat, MarkupKind, type CompletionItem, type CompletionList, type CompletionParams, type Position, type Range, type TextEdit } from 'vscode-languageserver';
import type { JourneyServices } from '../journey-module.js';
import { isNameKeyword, SOFT_KEYWORDS, TERMINAL, VALUE_KEYWORDS } from '../grammar-facts.js';
import { JourneyMapsGrammar } from '../generated/grammar.js';
import { EMOTION_MAX, EMOTION_MIN } from '../emotions.js';
import { CATALOGUES, t, type Locale, type MessageKey, type MessageParams } from '../../i18n/index.js';
import type { MessageLocale } from '../message-locale.js';
import { keywordDoc } from './journey-keyword-docs.js';

/**
 * Block snippets offered next to their keyword, wherever that keyword is valid: the
 * detail and the placeholders in the message locale (`{name}` is the catalogue's word),
 * the keywords as the grammar has them.
 */
const SNIPPETS: Record<string, { detail: MessageKey; body: string }> = {
    journey: {
        detail: 'completion.newJourney',
        body: 'journey ${1:{name}} "${2:{title}}" {\n\tstate ${3|current,ideal|}\n\n\tstage ${4:{stage}} "${5:{label}}" {\n\t\tgoal "${6:{customerGoal}}"\n\t\t$0\n\t}\n}'
    },
    persona: {
        detail: 'completion.newPersona',
        body: 'persona ${1:{name}} "${2:{label}}" {\n\tgoal "${3:{personaGoal}}"\n\tfrustration "${4:{frustration}}"\n}'
    },
    stage: {
        detail: 'completion.newStage',
        body: 'stage ${1:{name}} "${2:{label}}" {\n\tgoal "${3:{customerGoal}}"\n\t$0\n}'
    },
    touchpoint: {
        detail: 'completion.newTouchpoint',
        body: 'touchpoint ${1:{name}} "${2:{label}}" {\n\tkind ${3|tool,person,place|}\n\tchannel ${4:{channel}}\n\tpersonas ${5:{persona}}\n\temotion ${6:0}\n\t$0\n}'
    }
};

/** The placeholders' words, from the catalogue's `completion.placeholder.*`. */
const PLACEHOLDERS = ['name', 'title', 'label', 'stage', 'channel', 'persona', 'customerGoal', 'personaGoal', 'frustration'] as const;

function snippetBody(locale: Locale, body: string): string {
    return body.replace(/\{(\w+)\}/g, (whole, word: string) =>
        (PLACEHOLDERS as readonly string[]).includes(word) ? t(locale, `completion.placeholder.${word}` as MessageKey) : whole);
}

/**
 * Completion that knows where it is: references propose only declarations of
 * the expected kind in scope (the scope provider already restricts them),
 * value positions propose their values, and names propose nothing, since a new
 * name is the user's to invent.
 */
export class JourneyCompletionProvider extends DefaultCompletionProvider {
    private readonly documents: LangiumDocuments;
    private readonly builder: DocumentBuilder;
    private readonly locator: AstNodeLocator;
    private readonly messageLocale: MessageLocale;
    /**
     * The messages' locale for the completion context being filled: looked up once per context,
     * not once per proposal (it reads the nearest journey.config.json; 2,000 proposals took ~6 ms).
     */
    private readonly contextLocales = new WeakMap<CompletionContext, Locale>();
    /** The word typed before the cursor, and its range, for the completion context being filled. */
    private readonly typedWords = new WeakMap<CompletionContext, { word: string; range: Range }>();
    /** After a comma the next name of a list (`personas A, `) is wanted at once. */
    override readonly completionOptions: CompletionProviderOptions = { triggerCharacters: [','] };

    /** Snippets are offered only to clients that can expand them (assumed in-process, where no client says). */
    private snippetSupport = true;

    /** Whether the client takes one edit range for the whole list (LSP 3.17 `itemDefaults`): VS Code does, Neovim 0.7 does not. */
    private editRangeDefault = false;

    /** The built document of the completion under way: its CST tells where the completion parser may start. */
    private built?: LangiumDocument;

    constructor(services: JourneyServices) {
        super(services);
        this.documents = services.shared.workspace.LangiumDocuments;
        this.builder = services.shared.workspace.DocumentBuilder;
        this.locator = services.workspace.AstNodeLocator;
        this.messageLocale = services.config.MessageLocale;
        services.shared.lsp.LanguageServer.onInitialize(params => {
            const completion = params.capabilities.textDocument?.completion;
            this.snippetSupport = Boolean(completion?.completionItem?.snippetSupport);
            this.editRangeDefault = completion?.completionList?.itemDefaults?.includes('editRange') ?? false;
        });
    }

    protected override completionFor(context: CompletionContext, next: NextFeature, acceptor: CompletionAcceptor): MaybePromise<void> {
        if (GrammarAST.isKeyword(next.feature) && isNameKeyword(next.feature)) return;
        // An emotion's value begins with `-`, `+` or a number: Langium proposes none of them (no keyword with a letter, a terminal).
        if (EMOTION_VALUE_RULE && ruleOf(next.feature) === EMOTION_VALUE_RULE) return this.completionForEmotionScale(context, acceptor);
        return super.completionFor(context, next, acceptor);
    }

    /**
     * The emotion scale, -2 to +2, each value with its meaning in the map's locale, where an emotion's
     * value is written (`emotion |`, `emotion Nadia |`). The value's rule is also a metric's number
     * (`actual |`): the words before the cursor tell which.
     */
    private completionForEmotionScale(context: CompletionContext, acceptor: CompletionAcceptor): void {
        // The words before may be on lines above (`emotion` then `-2` on the next line): read from the part's start.
        const from = this.built ? partialParseStart(this.built, context.offset)?.offset ?? 0 : 0;
        if (!afterEmotionKeyword(this.lexer, context, from)) return;
        const locale = this.localeOf(context);
        for (let value = EMOTION_MIN; value <= EMOTION_MAX; value++) {
            acceptor(context, {
                label: value > 0 ? `+${value}` : String(value),
                kind: CompletionItemKind.EnumMember,
                detail: t(locale, `emotion.scale.${value}` as MessageKey),
                // Before the names, in the scale's order.
                sortText: `0${value - EMOTION_MIN}`
            });
        }
    }

    /** Langium proposes only keywords with a letter: a value keyword without one (`<=` of `target <= 30%`) is proposed too. */
    protected override filterKeyword(context: CompletionContext, keyword: GrammarAST.Keyword): boolean {
        return super.filterKeyword(context, keyword) || isWholeValue(keyword);
    }

    protected override completionForKeyword(context: CompletionContext, keyword: GrammarAST.Keyword, acceptor: CompletionAcceptor): MaybePromise<void> {
        if (!this.filterKeyword(context, keyword)) return;
        const isValue = isValueRule(keyword);
        const locale = this.messageLocale.of(context.document.uri);
        const doc = keywordDoc(locale, keyword.value);
        acceptor(context, {
            label: keyword.value,
            kind: isValue ? CompletionItemKind.EnumMember : CompletionItemKind.Keyword,
            detail: isValue ? t(locale, 'completion.value', { rule: ruleWord(ruleOf(keyword)) }) : t(locale, 'completion.keyword'),
            ...(doc && { documentation: { kind: MarkupKind.Markdown, value: doc } }),
            sortText: isValue ? '0' : '1'
        });
        const snippet = SNIPPETS[keyword.value];
        if (snippet && this.snippetSupport) {
            acceptor(context, {
                label: keyword.value,
                kind: CompletionItemKind.Snippet,
                detail: t(locale, snippet.detail),
                insertText: snippetBody(locale, snippet.body),
                insertTextFormat: InsertTextFormat.Snippet,
                sortText: '2'
            });
        }
    }

    override async getCompletion(document: LangiumDocument, params: CompletionParams, cancelToken = CancellationToken.None): Promise<CompletionList | undefined> {
        await this.untilNamesIndexed(document, cancelToken);
        // Comments and strings are prose: nothing to complete there.
        const inComment = isInComment(document, document.textDocument.offsetAt(params.position));
        const place = inComment ? 'prose' : cursorPlace(this.lexer, document.textDocument, params.position);
        if (place === 'prose') return undefined;
        this.built = document;
        try {
            const list = await super.getCompletion(document, params, cancelToken);
            if (!list) return undefined;
            if (place === 'glued') list.items = list.items.filter(item => !startsAt(item, params.position));
            else if (place !== 'free') list.items = readApart(this.lexer, place.keyword, list.items, params.position);
            // Complete: see cursorPlace. (Langium says incomplete always, so VS Code asked at every keystroke.)
            list.isIncomplete = false;
            return this.editRangeDefault ? withEditRangeDefault(list) : list;
        } finally {
            if (this.built === document) this.built = undefined;
        }
    }

    /**
     * The names proposed come from the index of every map, but Langium's handler waits only for this
     * map's state. A map reported changed leaves the index until the build under way indexes it again,
     * and this map is rebuilt with it only if it names something of it: wait for the index, then for
     * this map's links again (an edit of it meanwhile resets them).
     */
    private async untilNamesIndexed(document: LangiumDocument, cancelToken: CancellationToken): Promise<void> {
        // Each map out of the index, not the builder's state: an update with nothing to rebuild
        // leaves that state behind and tells no listener, so a wait for it lasted until the next build.
        const leftIndex = this.documents.all.filter(other => other.state < DocumentState.IndexedContent).map(other => other.uri).toArray();
        await Promise.all(leftIndex.map(uri => this.builder.waitUntil(DocumentState.IndexedContent, uri, cancelToken).catch(rethrowCancellation)));
        if (document.state < DocumentState.Linked) await this.builder.waitUntil(DocumentState.Linked, document.uri, cancelToken);
    }

    /**
     * Langium's completion parser reads the whole text before the cursor. In a journey it
     * need not: any of a journey's parts (stage, metric, persona, ...) may follow the journey's
     * `{`, and any of a stage's parts (touchpoint, friction, ...) its stage's `{`. So the parser
     * gets a head that opens the same blocks (JOURNEY_HEAD, or STAGE_HEAD for a stage's
     * part), then the text from the start of the part under the cursor (or of the part before
     * it): the same rule stack, hence the same next features, from one touchpoint instead of
     * a whole 2,000-touchpoint map.
     */
    protected override findFeaturesAt(document: TextDocument, offset: number): NextFeature[] {
        const start = this.built?.textDocument === document ? partialParseStart(this.built, offset) : undefined;
        if (start === undefined) return super.findFeaturesAt(document, offset);
        const text = start.head + document.getText().slice(start.offset, offset);
        // Langium reads the text before `offset` as getText({ start, end: positionAt(offset) }): all of this text.
        const shifted = { getText: () => text, positionAt: () => ({ line: 0, character: text.length }) } as unknown as TextDocument;
        return super.findFeaturesAt(shifted, text.length);
    }

    /**
     * A journey-local declaration shadows a global one of the same name: the
     * name is proposed once, the visible one. Names already in the same list
     * (`personas A, B, |`) are not proposed again.
     */
    protected override getReferenceCandidates(refInfo: ReferenceInfo, context: CompletionContext): Stream<AstNodeDescription> {
        const listed = new Set(otherReferencesInList(refInfo, context.offset));
        const own = touchpointPersonas(refInfo);
        return super.getReferenceCandidates(refInfo, context)
            .distinct(description => description.name)
            .filter(description => !listed.has(description.name) && (!own || own.has(description.name)));
    }

    /**
     * A reference proposal (see createReferenceCompletionItem: a name, kind, detail, sort text and
     * perhaps documentation) filled with only what it has. Langium's filling reads each of the
     * item's 18 optional properties, which for 2,000 proposals was over a quarter of the time
     * (CPU profile); keywords and snippets still go through it. The edit and its prefix filter
     * come from buildCompletionTextEdit below, our copy of Langium's. Keep this in step with
     * createReferenceCompletionItem below and with Langium's filling (completion-langium-parity.test.ts
     * compares the items).
     */
    protected override fillCompletionItem(context: CompletionContext, item: CompletionValueItem): CompletionItem | undefined {
        if (!('nodeDescription' in item)) return super.fillCompletionItem(context, item);
        const label = item.nodeDescription.name;
        const textEdit = this.buildCompletionTextEdit(context, label, label);
        if (!textEdit) return undefined;
        const filled: CompletionItem = { label, kind: item.kind, detail: item.detail, sortText: item.sortText, textEdit };
        if (item.documentation) filled.documentation = item.documentation;
        return filled;
    }

    /**
     * A copy of Langium's buildCompletionTextEdit (the proposal replaces the word typed so far,
     * if its fuzzy matcher matches that word), except that the word and its range, the same for
     * every proposal of a context, are read once per context instead of once per proposal (2,000
     * substrings and position lookups); the proposals then share one range object.
     */
    protected override buildCompletionTextEdit(context: CompletionContext, label: string, newText: string): TextEdit | undefined {
        let typed = this.typedWords.get(context);
        if (!typed) {
            const word = context.textDocument.getText().substring(context.tokenOffset, context.offset);
            this.typedWords.set(context, typed = { word, range: { start: context.textDocument.positionAt(context.tokenOffset), end: context.position } });
        }
        return this.fuzzyMatcher.match(typed.word, label) ? { newText, range: typed.range } : undefined;
    }

    protected override createReferenceCompletionItem(description: AstNodeDescription, refInfo: ReferenceInfo, context: CompletionContext): CompletionValueItem {
        // Set on Langium's item, not spread into a copy: this runs for each of 2,000 proposals.
        const item = super.createReferenceCompletionItem(description, refInfo, context);
        const label = this.labelOf(description);
        const kind = typeWord(this.localeOf(context), description.type);
        item.detail = label ? `${kind} · ${label}` : kind;
        return item;
    }

    private localeOf(context: CompletionContext): Locale {
        let locale = this.contextLocales.get(context);
        if (locale === undefined) this.contextLocales.set(context, locale = this.messageLocale.of(context.document.uri));
        return locale;
    }

    /** The declaration's label string, read from its document (which may not be the current one). */
    private labelOf(description: AstNodeDescription): string | undefined {
        const node = description.node ?? this.resolve(description);
        const label = (node as { label?: unknown } | undefined)?.label;
        return typeof label === 'string' ? label : undefined;
    }

    private resolve(description: AstNodeDescription): AstNode | undefined {
        const document = this.documents.getDocument(description.documentUri);
        return document && this.locator.getAstNode(document.parseResult.value, description.path);
    }
}

/** What the completion parser reads instead of the whole text before the cursor: `head`, then the text from `offset` on. */
interface ParseStart {
    /** Where in the document the parser starts reading: the start of a journey's or a stage's part. */
    readonly offset: number;
    /** Opens the blocks that part is in (JOURNEY_HEAD or STAGE_HEAD), so the parser is in the same rule as at `offset`. */
    readonly head: string;
}

/** Opens a journey: any of a journey's parts (stage, persona, metric, ...) may follow. */
const JOURNEY_HEAD = 'journey J {\n';
/** Opens a stage in a journey: any of a stage's parts (touchpoint, friction, ...) may follow. */
const STAGE_HEAD = `${JOURNEY_HEAD}stage S {\n`;

/**
 * Where the completion parser may start inside a journey: the start of the journey part that
 * holds `offset`, or of the last part before it; in a stage, the same one level down (the
 * stage's touchpoint, friction, ...). Undefined before the journey's first part.
 */
function partialParseStart(document: LangiumDocument, offset: number): ParseStart | undefined {
    const model = document.parseResult.value as Model;
    const journey = model.journeys.find(j => j.$cstNode && j.$cstNode.offset < offset && offset <= j.$cstNode.end);
    const part = journey && lastPartBefore(journey, offset);
    if (!part) return undefined;
    // A stage's part is inside its braces, and the text from there on holds the stage's `}` when the cursor is past it.
    const stagePart = isStage(part.astNode) ? lastPartBefore(part.astNode, offset) : undefined;
    return stagePart ? { offset: stagePart.offset, head: STAGE_HEAD } : { offset: part.offset, head: JOURNEY_HEAD };
}

/**
 * The CST node of the last part of `block` (a node of its own, such as a journey's stage) that
 * starts before `offset`, found by halving the block's children (ordered by offset, as
 * Langium's own CST searches assume), not by reading all 200 stages of a big map.
 * From its start even when the cursor is past its end: a part's optional tail may still follow (`metric … target 40%|`).
 */
function lastPartBefore(block: AstNode, offset: number): CstNode | undefined {
    const cst = block.$cstNode;
    if (!cst || !isCompositeCstNode(cst)) return undefined;
    const children = cst.content;
    let low = 0;
    let high = children.length - 1;
    while (low <= high) {
        const middle = (low + high) >> 1;
        if (children[middle].offset < offset) low = middle + 1;
        else high = middle - 1;
    }
    // children[high] is the last child starting before the offset; the block's own keywords, name and comments are not parts.
    for (let i = high; i >= 0; i--) {
        const child = children[i];
        if (isCompositeCstNode(child) && child.astNode !== block && child.astNode.$container === block) return child;
    }
    return undefined;
}

/**
 * What the cursor follows on its line, which decides what may be proposed there:
 * - `prose`: in a string, closed or not, or right after its closing quote (`"Lent |`, `"Lent"|`): nothing;
 * - `glued`: right after a value (a name, a number, `%`, `low`: see VALUE_KEYWORDS) or a character no
 *   token has (`Ana1|`, `emotion 1|`, `target 3%|`, `1.|`): only proposals that replace the word typed
 *   so far, not the next token's, which Langium inserts at the cursor and which would make one word
 *   with the text before it (`Ana1support`, `1friction`, `3%stage`, `1.support`): the next word comes after a space;
 * - after a keyword that is no value (`,`, `{`): the proposals inserted at the cursor that the lexer
 *   reads apart from that keyword (`,Bruno`, `{kind`; a keyword ending in a digit or `_` would make one
 *   word with a name, which Langium inserts after any token not ending in a letter): see readApart;
 * - `free`: at the line's start or after a space or a comment: all.
 * So every proposal either replaces the word typed so far from the word's start, or begins a
 * token where a token begins, and the list is complete (`isIncomplete: false`): as the user goes
 * on typing the word, the client's filtering of this list keeps what a new request would propose.
 */
function cursorPlace(lexer: Lexer, document: TextDocument, position: Position): 'prose' | 'glued' | 'free' | { keyword: IToken } {
    const line = document.getText({ start: { line: position.line, character: 0 }, end: position });
    // Strings and tokens end on their line (only block comments span lines, and isInComment sees those).
    const { tokens, hidden } = lexer.tokenize(line);
    const endsAtCursor = (token: IToken | undefined): token is IToken => token?.endOffset !== undefined && token.endOffset + 1 === line.length;
    const last = tokens.at(-1);
    if (endsAtCursor(last) && last.tokenType.name === TERMINAL.STRING) return 'prose';
    // A comment ends a word as a space does (`/* note */|`).
    if (line === '' || /\s$/u.test(line) || endsAtCursor(hidden.at(-1))) return 'free';
    const keyword = endsAtCursor(last) && !(last.tokenType.name in TERMINAL) && !VALUE_KEYWORDS.has(last.image);
    return keyword ? { keyword: last } : 'glued';
}

/**
 * The items, less those inserted at `position` that the grammar's lexer would not read apart from
 * `keyword`, the token before the cursor (`personas` and `Ana` make one name, `personasAna`; `,` and
 * `Ana` stay two tokens). The label is the text inserted first (a snippet's body begins with its
 * keyword). All the proposals are lexed in one call, a line each (a line break ends every token but a
 * block comment's, which then leaves the next lines without their keyword: read as not apart): one
 * call per proposal cost 2,000 lexer runs after `personas Ana,`.
 */
export function readApart(lexer: Lexer, keyword: IToken, items: CompletionItem[], position: Position): CompletionItem[] {
    const inserted = items.filter(item => startsAt(item, position));
    if (inserted.length === 0) return items;
    const lineStarts = new Map<number, CompletionItem>();
    let text = '';
    for (const item of inserted) {
        lineStarts.set(text.length, item);
        text += `${keyword.image}${item.label}\n`;
    }
    const apart = new Set<CompletionItem>();
    for (const token of lexer.tokenize(text).tokens) {
        const item = lineStarts.get(token.startOffset);
        if (item && token.image.length === keyword.image.length) apart.add(item);
    }
    return items.filter(item => !startsAt(item, position) || apart.has(item));
}

/** True for a proposal inserted at `position` rather than replacing a word typed before it. */
function startsAt(item: CompletionItem, position: Position): boolean {
    const edit = item.textEdit;
    const start = edit && ('range' in edit ? edit.range : edit.insert).start;
    return start !== undefined && start.line === position.line && start.character === position.character;
}

/**
 * The list with the edit range said once (`itemDefaults.editRange`) instead of in each item:
 * the proposals at one position replace the same range, and 2,000 copies of it were two thirds
 * of the answer's bytes. An item keeps its text as `textEditText` when that is not its label,
 * and its own `textEdit` when its range differs. Only for clients that declare the capability.
 */
function withEditRangeDefault(list: CompletionList): CompletionList {
    const first = list.items[0]?.textEdit;
    if (!first || !('range' in first)) return list;
    const range = first.range;
    for (const item of list.items) {
        const edit = item.textEdit;
        if (!edit || !('range' in edit) || !sameRange(edit.range, range)) continue;
        // Left undefined rather than deleted (JSON leaves it out either way): a deleted property makes each item slower to write.
        item.textEdit = undefined;
        if (edit.newText !== item.label) item.textEditText = edit.newText;
    }
    return { ...list, itemDefaults: { editRange: range } };
}

function sameRange(a: Range, b: Range): boolean {
    return a === b || a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

/**
 * True when the offset is inside a comment or at the end of a line comment,
 * read from the CST's hidden leaves. (A block comment not closed yet is lexer
 * errors, after which nothing is proposed anyway.)
 */
function isInComment(document: LangiumDocument, offset: number): boolean {
    const root = document.parseResult.value.$cstNode;
    const leaf = root && offset > 0 ? CstUtils.findLeafNodeAtOffset(root, offset - 1) : undefined;
    if (!leaf?.hidden || !isLeafCstNode(leaf)) return false;
    return leaf.tokenType.name === TERMINAL.SL_COMMENT || (leaf.tokenType.name === TERMINAL.ML_COMMENT && offset < leaf.end);
}

/** The names already written in the reference list being completed, except the one under the cursor. */
function otherReferencesInList(refInfo: ReferenceInfo, offset: number): string[] {
    const value: unknown = (refInfo.container as unknown as Record<string, unknown>)[refInfo.property];
    if (!Array.isArray(value)) return [];
    return value.filter((reference): reference is Reference => isReference(reference))
        .filter(reference => !reference.$refNode || offset < reference.$refNode.offset || offset > reference.$refNode.end)
        .map(reference => reference.$refText);
}

function ruleOf(element: GrammarAST.AbstractElement): string | undefined {
    return AstUtils.getContainerOfType(element, GrammarAST.isParserRule)?.name;
}

/** The rule of an emotion's value (`SignedNumber`), read from the grammar's `Emotion` rule. */
const EMOTION_VALUE_RULE = (() => {
    const rule = JourneyMapsGrammar().rules.find(candidate => candidate.name === Emotion.$type);
    const value = rule && AstUtils.streamAllContents(rule).filter(GrammarAST.isAssignment).find(assignment => assignment.feature === Emotion.value);
    return value && GrammarAST.isRuleCall(value.terminal) ? value.terminal.rule.ref?.name : undefined;
})();

/** The keyword that begins an emotion entry (`emotion`), read from the grammar: the one before `emotions+=Emotion`. */
const EMOTION_KEYWORD = (() => {
    const entry = AstUtils.streamAllContents(JourneyMapsGrammar()).filter(GrammarAST.isAssignment)
        .find(assignment => GrammarAST.isRuleCall(assignment.terminal) && assignment.terminal.rule.ref?.name === Emotion.$type);
    const group = entry?.$container;
    const before = entry && GrammarAST.isGroup(group) ? group.elements[group.elements.indexOf(entry) - 1] : undefined;
    return GrammarAST.isKeyword(before) ? before.value : undefined;
})();

/**
 * True when the last words before the word being typed, read from `from` (a token's start: the
 * start of the touchpoint), are `emotion` or `emotion Name`, on any lines (the grammar hides line
 * breaks and comments): the value of an emotion comes next (not a metric's, whose number has the same rule).
 */
function afterEmotionKeyword(lexer: Lexer, context: CompletionContext, from: number): boolean {
    const words = lexer.tokenize(context.textDocument.getText().slice(from, Math.max(from, context.tokenOffset))).tokens;
    const last = words.at(-1);
    if (last?.image === EMOTION_KEYWORD) return true;
    const isName = last !== undefined && (last.tokenType.name === TERMINAL.ID || SOFT_KEYWORDS.has(last.image));
    return isName && words.at(-2)?.image === EMOTION_KEYWORD;
}

/** A keyword that is a whole value by itself, one of a data-type rule's alternatives (`<=`, `low`), not part of one (`-` of `-1`) nor a name. */
function isWholeValue(keyword: GrammarAST.Keyword): boolean {
    const rule = AstUtils.getContainerOfType(keyword, GrammarAST.isParserRule);
    if (rule?.dataType === undefined || isNameKeyword(keyword)) return false;
    const definition = rule.definition;
    return definition === keyword || (GrammarAST.isAlternatives(definition) && definition.elements.every(GrammarAST.isKeyword) && definition.elements.includes(keyword));
}

/** Each locale's word for each type, looked up once, not once for each of 2,000 proposals. */
const typeWords = new Map<Locale, Map<string, string>>();

/** `Persona`, `Point de contact`: the hover's heading word for the type. */
function typeWord(locale: Locale, type: string): string {
    let words = typeWords.get(locale);
    if (!words) typeWords.set(locale, words = new Map());
    let word = words.get(type);
    if (word === undefined) {
        const key = `hover.${type.toLowerCase()}`;
        words.set(type, word = key in CATALOGUES.en ? t(locale, key as MessageKey) : type);
    }
    return word;
}

/** A value rule as the detail names it: `Level` in English, `niveau` in French (the grammar's name when the catalogue has none). */
function ruleWord(rule: string | undefined): MessageParams[string] {
    const key = `completion.rule.${rule}`;
    return key in CATALOGUES.en ? { key: key as MessageKey } : rule ?? '';
}

/** Value keywords live in data-type rules (`Level`, `Medium`, ...), structural ones in parser rules with a type. */
function isValueRule(keyword: GrammarAST.Keyword): boolean {
    const rule = AstUtils.getContainerOfType(keyword, GrammarAST.isParserRule);
    return rule?.dataType !== undefined && !isNameKeyword(keyword);
}

/**
 * After `emotion ` in a touchpoint that names personas, only those: a per-persona value is
 * for one of the touchpoint's personas (undefined: no restriction).
 */
function touchpointPersonas(refInfo: ReferenceInfo): Set<string> | undefined {
    const entry = refInfo.container;
    if (!isEmotion(entry) && entry.$type !== Emotion.$type) return undefined;
    const touchpoint = entry.$container && AstUtils.getContainerOfType(entry.$container, isTouchpoint);
    const names = touchpoint?.personas.map(p => p.$refText).filter(Boolean) ?? [];
    return names.length > 0 ? new Set(names) : undefined;
}

/** A map that left the workspace or is not being rebuilt has no names to wait for: only a cancellation ends the completion. */
function rethrowCancellation(error: unknown): void {
    if (isOperationCancelled(error)) throw error;
}
