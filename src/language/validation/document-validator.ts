import {
    AstUtils, CstUtils, DefaultDocumentValidator, isOperationCancelled,
    type AstNode, type Lexer, type LangiumDocument, type ParseResult, type ValidationAcceptor, type ValidationOptions
} from 'langium';
import type { IRecognitionException, IToken } from 'chevrotain';
import type { CancellationToken, Diagnostic, Range } from 'vscode-languageserver';
import type { RuleSeverities } from '../config.js';
import type { JourneyServices } from '../journey-module.js';
import { findRule, RuleIds, type RuleId, type RuleSeverity } from '../rules.js';
import { ReferenceDiagnostics } from './references.js';
import { readSuppressions } from './suppressions.js';
import { internalErrorMessage, logError } from '../../shared/errors.js';

const LSP_SEVERITY: Record<Exclude<RuleSeverity, 'off'>, 1 | 2 | 3> = { error: 1, warning: 2, info: 3 };

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

    constructor(services: JourneyServices) {
        super(services);
        this.referenceDiagnostics = new ReferenceDiagnostics(services);
        this.ruleSeverities = services.config.RuleSeverities;
        this.lexer = services.parser.Lexer;
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
     * reported, before its range is looked up (a default-off rule such as
     * `touchpoint-no-evidence` fires on most touchpoints).
     */
    override async validateAst(rootNode: AstNode, options: ValidationOptions, cancelToken?: CancellationToken): Promise<Diagnostic[]> {
        const severities = this.ruleSeverities.resolve(AstUtils.getDocument(rootNode).uri).severities;
        const diagnostics: Diagnostic[] = [];
        const acceptor: ValidationAcceptor = (severity, message, info) => {
            if (severities.get(info.code as RuleId) === 'off') return;
            diagnostics.push(this.toDiagnostic(severity, message, info));
        };
        await this.validateAstBefore(rootNode, options, acceptor, cancelToken);
        await this.validateAstNodes(rootNode, options, acceptor, cancelToken);
        await this.validateAstAfter(rootNode, options, acceptor, cancelToken);
        return diagnostics;
    }

    protected override processLexingErrors(parseResult: ParseResult, diagnostics: Diagnostic[], options: ValidationOptions): void {
        const lexing: Diagnostic[] = [];
        super.processLexingErrors(parseResult, lexing, options);
        for (const diagnostic of lexing) diagnostics.push({ ...diagnostic, code: RuleIds.syntax, data: undefined });
    }

    /** One diagnostic per place; a value missing at the end of a line is shown where it belongs, not on the next line. */
    protected override processParsingErrors(parseResult: ParseResult, diagnostics: Diagnostic[]): void {
        const seen = new Set<string>();
        for (const error of parseResult.parserErrors) {
            const range = parseErrorRange(error);
            const key = `${range.start.line}:${range.start.character}`;
            if (seen.has(key)) continue;
            seen.add(key);
            diagnostics.push({ range, severity: 1, code: RuleIds.syntax, message: error.message, source: this.getSource() });
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
        const all = [...diagnostics];
        const text = document.textDocument.getText();
        const suppressions = readSuppressions(text, this.lexer);
        if (builtIn) {
            if (resolved.error) {
                const error = resolved.error;
                all.push({
                    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: 1, code: RuleIds.syntax,
                    message: `The rule configuration ${error.file} cannot be used, so the default severities apply: line ${error.line}, column ${error.column}: ${error.reason}`
                });
            }
            for (const unknown of suppressions.unknownRules) {
                all.push({ range: unknown.range, severity: 1, code: RuleIds.syntax, message: `Unknown rule '${unknown.id}' in a journey-disable comment.` });
            }
        }
        const result: Diagnostic[] = [];
        for (const diagnostic of all) {
            // Every diagnostic carries a rule id; anything else can only come from a bug.
            const code: RuleId = findRule(String(diagnostic.code ?? ''))?.id ?? RuleIds.internalError;
            const severity = resolved.severities.get(code) ?? 'error';
            if (severity === 'off') continue;
            const mapped: Diagnostic = { ...diagnostic, code, severity: LSP_SEVERITY[severity], source: diagnostic.source ?? this.getSource() };
            if (suppressions.isSuppressed(mapped)) continue;
            result.push(mapped);
        }
        return result.sort(byPosition);
    }
}

const STRAY_TOKEN_TYPES = new Set(['ID', 'STRING', 'NUMBER']);

function isValidToken(token: IToken | undefined): token is IToken {
    return token !== undefined && !Number.isNaN(token.startOffset) && token.tokenType?.name !== 'EOF';
}

function parseErrorRange(error: IRecognitionException): Range {
    const token = error.token;
    const previous = (error as IRecognitionException & { previousToken?: IToken }).previousToken;
    if (isValidToken(token)) {
        // Something is missing at the end of a line (the parser only notices on the next
        // keyword or brace): point at the line it belongs to. A stray word stays where it is.
        const missingAtLineEnd = isValidToken(previous) && (previous.endLine ?? 0) < (token.startLine ?? 0)
            && error.name !== 'NotAllInputParsedException' && !STRAY_TOKEN_TYPES.has(token.tokenType?.name ?? '');
        return CstUtils.tokenToRange(missingAtLineEnd ? previous : token);
    }
    if (isValidToken(previous)) return CstUtils.tokenToRange(previous);
    return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
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
