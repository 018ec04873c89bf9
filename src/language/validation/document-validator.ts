import {
    AstUtils, Cancellation, CstUtils, DefaultDocumentValidator, interruptAndCheck, isOperationCancelled,
    type AstNode, type Lexer, type LangiumDocument, type ParseResult, type ValidationAcceptor, type ValidationOptions
} from 'langium';
import type { IRecognitionException, IToken } from 'chevrotain';
import type { CancellationToken, Diagnostic, Range } from 'vscode-languageserver';
import type { RuleSeverities } from '../config.js';
import type { JourneyCoreServices } from '../journey-core-module.js';
import { TERMINAL } from '../grammar-facts.js';
import { JourneyTerminals } from '../generated/ast.js';
import { ALWAYS_ERROR_RULES, findRule, RuleIds, type RuleId, type RuleSeverity } from '../rules.js';
import { ReferenceDiagnostics } from './references.js';
import { JourneyValidationRegistry } from './validation-registry.js';
import { NODES_PER_POLL, pushChildrenReversed } from '../ast-walk.js';
import { readSuppressions } from './suppressions.js';
import { droppingRules } from './diagnostics.js';
import { internalErrorMessage, logError } from '../../common/errors.js';
import type { MessageLocale } from '../message-locale.js';
import { joined, localized, sayIn } from '../localized-messages.js';
import { t, type Locale } from '../../i18n/index.js';
import { isUnterminatedString } from '../journey-value-converter.js';

const LSP_SEVERITY: Record<Exclude<RuleSeverity, 'off'>, 1 | 2 | 3> = { error: 1, warning: 2, info: 3 };
/** Rules the configuration cannot turn off or down. */

/**
 * Langium's document validator with the language's conventions:
 * lexer and parser errors get the code `syntax` and a friendly place,
 * linking errors become `unresolved-reference` / `metric-stage` diagnostics,
 * and, after every check, the configured severities and the suppression
 * comments are applied here, in one place.
 */
export class JourneyDocumentValidator extends DefaultDocumentValidator {
    private readonly referenceDiagnostics: ReferenceDiagnostics;
    private readonly ruleSeverities: RuleSeverities;
    private readonly lexer: Lexer;
    private readonly messageLocale: MessageLocale;

    constructor(services: JourneyCoreServices) {
        super(services);
        this.referenceDiagnostics = services.validation.ReferenceDiagnostics;
        this.ruleSeverities = services.config.RuleSeverities;
        this.lexer = services.parser.Lexer;
        this.messageLocale = services.config.MessageLocale;
    }

    override async validateDocument(document: LangiumDocument, options: ValidationOptions = {}, cancelToken?: CancellationToken): Promise<Diagnostic[]> {
        const builtIn = !options.categories || options.categories.includes('built-in');
        const diagnostics = await super.validateDocument(document, options, cancelToken);
        try {
            return this.applyConfiguration(document, diagnostics, builtIn);
        } catch (error) {
            if (isOperationCancelled(error)) throw error;
            return [...diagnostics, internalError('applying the rule configuration', error)];
        }
    }

    /**
     * Langium's, except that a rule turned off for the document is dropped as it is
     * reported, before its message is said or its range looked up (`report` asks the
     * acceptor first; a default-off rule such as `touchpoint-no-evidence` fires on most touchpoints).
     */
    override async validateAst(rootNode: AstNode, options: ValidationOptions, cancelToken?: CancellationToken): Promise<Diagnostic[]> {
        const severities = this.ruleSeverities.resolve(AstUtils.getDocument(rootNode).uri).severities;
        const diagnostics: Diagnostic[] = [];
        const isOff = (rule: RuleId) => !ALWAYS_ERROR_RULES.has(rule) && severities.get(rule) === 'off';
        const acceptor: ValidationAcceptor = droppingRules((severity, message, info) => {
            if (isOff(info.code as RuleId)) return;
            diagnostics.push(this.toDiagnostic(severity, message, info));
        }, isOff);
        await this.validateAstBefore(rootNode, options, acceptor, cancelToken);
        await this.validateAstNodes(rootNode, options, acceptor, cancelToken);
        await this.validateAstAfter(rootNode, options, acceptor, cancelToken);
        return diagnostics;
    }

    /**
     * Langium's walk over every node with its checks, in the same order, without its
     * per-node costs where nothing needs them: the node stream, a new stream of checks
     * per node, and an `await` per node and per check (a batch run has no cancellation
     * to poll, the server's polls every few hundred nodes, and the language's checks are
     * synchronous). In a CPU profile of lint on the bench's 1,000 maps this walk went from
     * 15% to 10% of the samples. With Langium's profiler active, its own walk runs.
     */
    protected override async validateAstNodes(rootNode: AstNode, options: ValidationOptions, acceptor: ValidationAcceptor, cancelToken = Cancellation.CancellationToken.None): Promise<void> {
        if (this.profiler?.isActive('validating') || !(this.validationRegistry instanceof JourneyValidationRegistry)) return super.validateAstNodes(rootNode, options, acceptor, cancelToken);
        const registry = this.validationRegistry;
        const checksOf = registry.checksOf(options.categories);
        const polls = cancelToken !== Cancellation.CancellationToken.None;
        // Depth first, each node before its children, as Langium's `streamAst`.
        const pending: AstNode[] = [rootNode];
        let visited = 0;
        for (let node = pending.pop(); node; node = pending.pop()) {
            if (polls && visited++ % NODES_PER_POLL === 0) await interruptAndCheck(cancelToken);
            const nodeOptions = this.validateSingleNodeOptions(node, options);
            if (nodeOptions.validateNode) {
                for (const check of checksOf(node.$type)) {
                    const result = check(node, acceptor, cancelToken);
                    if (result) await result;
                }
            }
            if (nodeOptions.validateChildren) pushChildrenReversed(node, pending);
        }
    }

    protected override processLexingErrors(parseResult: ParseResult, diagnostics: Diagnostic[], options: ValidationOptions): void {
        const lexing: Diagnostic[] = [];
        super.processLexingErrors(parseResult, lexing, options);
        for (const diagnostic of lexing) diagnostics.push({ ...diagnostic, code: RuleIds.syntax, data: undefined });
    }

    /**
     * One diagnostic per top-level declaration: after a slip the parser's recovery
     * closes blocks early or late, and every later error in the same declaration
     * is a consequence (`Unexpected 'touchpoint': a file contains …`), not news.
     * An error that comes from a string left open is dropped: the lexer's error at
     * the string is the news (and counts as its declaration's one report).
     * A value missing at the end of a line is shown where it belongs, not on the next line.
     */
    protected override processParsingErrors(parseResult: ParseResult, diagnostics: Diagnostic[]): void {
        const errors = parseResult.parserErrors;
        if (errors.length === 0) return;
        const text = parseResult.value.$cstNode?.text ?? '';
        const strings = openStrings(parseResult, text);
        const declarationOf = errors.length > 1 || strings.some(string => string.swallowsBrace)
            ? topLevelDeclarations(this.lexer.tokenize(text).tokens) : () => 0;
        const reported = new Set<number>();
        for (const error of errors) {
            const atEnd = !isValidToken(error.token);
            const offset = atEnd ? text.length : error.token.startOffset;
            // The end of the file coming too early is news even after a slip: the braces as written do not close.
            const declaration = atEnd ? -2 : declarationOf(offset);
            if (reported.has(declaration)) continue;
            reported.add(declaration);
            if (comesFromOpenString(error, strings, declarationOf)) continue;
            diagnostics.push({ ...parseErrorReport(error, text), severity: 1, code: RuleIds.syntax, source: this.getSource() });
        }
    }

    protected override processLinkingErrors(document: LangiumDocument, diagnostics: Diagnostic[]): void {
        try {
            for (const diagnostic of this.referenceDiagnostics.collect(document)) diagnostics.push({ ...diagnostic, source: this.getSource() });
        } catch (error) {
            if (isOperationCancelled(error)) throw error;
            diagnostics.push(internalError('resolving references', error));
        }
    }

    private applyConfiguration(document: LangiumDocument, diagnostics: Diagnostic[], builtIn: boolean): Diagnostic[] {
        const resolved = this.ruleSeverities.resolve(document.uri);
        const locale = this.messageLocale.of(document.uri);
        const all = [...diagnostics];
        const text = document.textDocument.getText();
        const suppressions = readSuppressions(text, this.lexer);
        if (builtIn) {
            if (resolved.error) {
                const error = resolved.error;
                all.push({
                    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: 1, code: RuleIds.syntax,
                    message: t(locale, 'diag.configUnusable', { file: error.file, line: error.line, column: error.column, reason: sayIn(locale, error.reason) })
                });
            }
        }
        const result: Diagnostic[] = [];
        for (const diagnostic of all) {
            // Every diagnostic carries a rule id; anything else can only come from a bug.
            const code: RuleId = findRule(String(diagnostic.code ?? ''))?.id ?? RuleIds.internalError;
            // A map that cannot be read (or was not fully checked) is an error whatever the configuration says.
            const severity = ALWAYS_ERROR_RULES.has(code as RuleId) ? 'error' : resolved.severities.get(code) ?? 'error';
            if (severity === 'off') continue;
            const mapped: Diagnostic = { ...diagnostic, code, severity: LSP_SEVERITY[severity], source: diagnostic.source ?? this.getSource() };
            if (suppressions.isSuppressed(mapped)) continue;
            result.push(inLocale(mapped, locale));
        }
        // Mistakes in the suppression comments themselves: neither configurable nor suppressible.
        if (builtIn) {
            for (const problem of suppressions.problems) {
                result.push({ range: problem.range, severity: LSP_SEVERITY[problem.severity], code: RuleIds.syntax, message: sayIn(locale, problem.message), source: this.getSource() });
            }
        }
        return result.sort(byPosition);
    }
}

/**
 * Which top-level declaration an offset is in, by the braces as written (not as
 * the parser recovered them): a declaration starts at each token outside braces.
 */
function topLevelDeclarations(tokens: readonly IToken[]): (offset: number) => number {
    const starts: number[] = [];
    let depth = 0;
    for (const token of tokens) {
        const type = token.tokenType.name;
        if (type === '{') depth++;
        else if (type === '}') depth = Math.max(0, depth - 1);
        else if (depth === 0) starts.push(token.startOffset);
    }
    return offset => {
        let low = 0;
        let high = starts.length;
        while (low < high) {
            const middle = (low + high) >> 1;
            if (starts[middle] <= offset) low = middle + 1;
            else high = middle;
        }
        return low - 1;
    };
}

/** A string left open (the lexer reports it where it starts): it runs to the end of its line, whatever was written there. */
interface OpenString {
    readonly start: number;
    readonly end: number;
    /** A '{' or '}' meant as structure, most likely: the parser sees the blocks after it shifted. */
    readonly swallowsBrace: boolean;
}

function openStrings(parseResult: ParseResult, text: string): OpenString[] {
    return (parseResult.lexerReport?.diagnostics ?? []).flatMap(diagnostic => {
        const image = text.slice(diagnostic.offset, diagnostic.offset + diagnostic.length);
        if (!/^["']/.test(image) || !isUnterminatedString(image)) return [];
        return [{ start: diagnostic.offset, end: diagnostic.offset + diagnostic.length, swallowsBrace: /[{}]/.test(image) }];
    });
}

/**
 * Whether a parser error is only the consequence of a string left open: shown on the string
 * (`Expected '{' after '"Unclosed {', found 'persona'`: the '{' is in the string; or a name
 * expected where the string is), or after a string that swallowed a brace, in the same top-level
 * declaration (its blocks, as the parser sees them, are not the ones written). Fixing the quote
 * brings back any error that was more than that.
 */
function comesFromOpenString(error: IRecognitionException, strings: readonly OpenString[], declarationOf: (offset: number) => number): boolean {
    const shown = shownToken(error)?.startOffset;
    if (shown === undefined) return false;
    return strings.some(string => string.start <= shown
        && (shown < string.end || (string.swallowsBrace && declarationOf(shown) === declarationOf(string.start))));
}

/** A header right before a misplaced entry (`stage S "S"` then `goal`): its '{' is what is missing. Its name and label are the grammar's ID and STRING. */
const HEADER_BEFORE = new RegExp(String.raw`(?:^|[\s}])((?:journey|persona|stage|touchpoint)\s+(?:${JourneyTerminals.ID.source})(?:[ \t]+(?:${JourneyTerminals.STRING.source}))?)\s*$`, JourneyTerminals.ID.flags);

function missingBraceHint(message: string, text: string, offset: number): string {
    if (!isBelongsElsewhere(message)) return '';
    const header = HEADER_BEFORE.exec(text.slice(Math.max(0, offset - 400), offset))?.[1];
    return header ? localized('syntax.missingBraceAfter', { header }) : '';
}

/** A parser message and a hint after it, each said in the document's language. */
function withHint(message: string, hint: string): string {
    return hint === '' ? message : joined(message, hint);
}

/** The diagnostic (and its related information) in `locale`. */
function inLocale(diagnostic: Diagnostic, locale: Locale): Diagnostic {
    if (locale === 'en') return diagnostic;
    const relatedInformation = diagnostic.relatedInformation?.map(related => ({ ...related, message: sayIn(locale, related.message) }));
    return { ...diagnostic, message: sayIn(locale, diagnostic.message), ...(relatedInformation && { relatedInformation }) };
}

const STRAY_TOKEN_TYPES = new Set<string>([TERMINAL.ID, TERMINAL.STRING, TERMINAL.NUMBER]);

/** Messages about the word found (misspelt or misplaced), not about something missing before it (read in English, as made). */
function isAboutTheToken(message: string): boolean {
    return message.startsWith('Unexpected ') || isBelongsElsewhere(message);
}

/** `'emotion' belongs in a touchpoint, not directly in this stage.` (`… in an opportunity`) */
function isBelongsElsewhere(message: string): boolean {
    return / belongs in an? /.test(message);
}

function isValidToken(token: IToken | undefined): token is IToken {
    return token !== undefined && !Number.isNaN(token.startOffset) && token.tokenType?.name !== 'EOF';
}

/**
 * Where a parser error is shown and what it says (in English, as made): one place for the
 * editor, `journey lint` and the commands that refuse a map they cannot read (`firstSyntaxProblem`).
 */
export function parseErrorReport(error: IRecognitionException, text: string): { range: Range; message: string } {
    const offset = isValidToken(error.token) ? error.token.startOffset : text.length;
    return { range: parseErrorRange(error), message: withHint(error.message, missingBraceHint(error.message, text, offset)) };
}

function parseErrorRange(error: IRecognitionException): Range {
    const token = shownToken(error);
    return token ? CstUtils.tokenToRange(token) : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
}

/** The token a parser error is shown on, if any. */
function shownToken(error: IRecognitionException): IToken | undefined {
    const token = error.token;
    const previous = (error as IRecognitionException & { previousToken?: IToken }).previousToken;
    if (isValidToken(token)) {
        // Something is missing at the end of a line (the parser only notices on the next
        // keyword or brace): point at the line it belongs to. A stray word stays where it is.
        const missingAtLineEnd = isValidToken(previous) && (previous.endLine ?? 0) < (token.startLine ?? 0)
            && error.name !== 'NotAllInputParsedException' && !STRAY_TOKEN_TYPES.has(token.tokenType?.name ?? '')
            && !isAboutTheToken(error.message);
        return missingAtLineEnd ? previous : token;
    }
    return isValidToken(previous) ? previous : undefined;
}

/** A failure of the validator itself: one diagnostic, the other results are kept. */
export function internalError(what: string, error: unknown): Diagnostic {
    logError(`internal error while ${what}`, error);
    return {
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: 1, code: RuleIds.internalError,
        message: internalErrorMessage(what, error, 'the other checks still ran')
    };
}

function byPosition(a: Diagnostic, b: Diagnostic): number {
    return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character;
}
