import type { Lexer } from 'langium';
import type { MessageParams } from '../../i18n/index.js';
import type { Diagnostic, Range } from 'vscode-languageserver';
import { ALWAYS_ERROR_RULES, findRule, RULES, type RuleId } from '../rules.js';
import { closestName } from './closest-name.js';
import { TERMINAL } from '../grammar-facts.js';
import { localized } from '../localized-messages.js';

/**
 * Inline suppressions, read from the comments of the text:
 *   // journey-disable-next-line rule-id[, rule-id]   (no id: every rule)
 *   // journey-disable-line rule-id[, rule-id]        (the comment's own line, as in ESLint)
 *   // journey-disable rule-id[, rule-id]             (the whole file)
 * Block comments work too; `-- reason` after the ids is ignored (ESLint style).
 * `syntax` and `internal-error` are never suppressed, named or not: a file
 * that cannot be read must not pass lint while every other command refuses it.
 */
export interface Suppressions {
    isSuppressed(diagnostic: Diagnostic): boolean;
    /** Mistakes in the suppression comments (unknown ids or directives, unsuppressible rules), with where they are. */
    readonly problems: readonly SuppressionProblem[];
}

export interface SuppressionProblem {
    message: string;
    range: Range;
    severity: 'error' | 'warning';
}

const NONE: Suppressions = { isSuppressed: () => false, problems: [] };
/** A comment that starts with a directive-like word: `journey-disable…` or `journey-enable…`. */
const DIRECTIVE = /^(\s*)(journey-(?:disable|enable)[\w-]*)(?=\s|$)([^]*)$/u;
const SCOPES = { 'journey-disable': 'file', 'journey-disable-next-line': 'next-line', 'journey-disable-line': 'line' } as const;
type Scope = typeof SCOPES[keyof typeof SCOPES];
const RULE_IDS = RULES.map(rule => rule.id);

type RuleSet = Set<string> | 'all';

export function readSuppressions(text: string, lexer: Lexer): Suppressions {
    if (!/journey-(disable|enable)/u.test(text)) return NONE;
    let file: RuleSet = new Set();
    const lines = new Map<number, RuleSet>();
    const problems: SuppressionProblem[] = [];
    for (const token of lexer.tokenize(text).hidden) {
        const kind = token.tokenType.name;
        if (kind !== TERMINAL.SL_COMMENT && kind !== TERMINAL.ML_COMMENT) continue;
        const match = directive(token.image);
        if (!match) continue;
        const place = (word: string, from = 0) => rangeIn(token, token.image.indexOf(word, from), word.length);
        const name = match[2];
        const scope: Scope | undefined = SCOPES[name as keyof typeof SCOPES];
        if (!scope) {
            problems.push({ severity: 'error', range: place(name), message: localized('suppress.unknownDirective', { name, didYouMean: didYouMean(name, Object.keys(SCOPES)) }) });
            continue;
        }
        const idsFrom = 2 + match[1].length + name.length;
        const ids = match[3].split(/\s--\s|\s--$/u)[0].split(/[\s,]+/u).filter(id => id.length > 0);
        const rules: RuleSet = ids.length === 0 ? 'all' : new Set<RuleId>();
        for (const id of ids) {
            const rule = findRule(id);
            if (!rule) {
                problems.push({ severity: 'error', range: place(id, idsFrom), message: localized('suppress.unknownRule', { id, didYouMean: didYouMean(id, RULE_IDS) }) });
            } else if (ALWAYS_ERROR_RULES.has(rule.id)) {
                problems.push({
                    severity: 'warning', range: place(id, idsFrom),
                    message: localized('suppress.cannotDisable', { id: rule.id })
                });
            } else if (rules !== 'all') {
                rules.add(rule.id);
            }
        }
        if (scope === 'file') {
            file = merge(file, rules);
        } else {
            // 1-based end line = 0-based next line; 0-based own line for `-line`.
            const target = scope === 'next-line' ? (token.endLine ?? token.startLine ?? 1) : (token.startLine ?? 1) - 1;
            lines.set(target, merge(lines.get(target), rules));
        }
    }
    const covers = (set: RuleSet | undefined, code: string) =>
        set !== undefined && !ALWAYS_ERROR_RULES.has(code as RuleId) && (set === 'all' || set.has(code));
    return {
        problems,
        isSuppressed: diagnostic => {
            const code = String(diagnostic.code ?? '');
            return covers(file, code) || covers(lines.get(diagnostic.range.start.line), code);
        }
    };
}

function didYouMean(word: string, candidates: readonly string[]): MessageParams[string] {
    const suggestion = closestName(word, candidates);
    return suggestion ? { key: 'ref.didYouMean', params: { suggestion } } : '';
}

/** The range of `length` characters at `index` in the comment token's image. */
function rangeIn(token: { image: string; startLine?: number; startColumn?: number }, index: number, length: number): Range {
    const before = token.image.slice(0, index).split('\n');
    const line = (token.startLine ?? 1) - 1 + before.length - 1;
    const column = before.length > 1 ? before[before.length - 1].length : (token.startColumn ?? 1) - 1 + before[0].length;
    return { start: { line, character: column }, end: { line, character: column + length } };
}

/** The directive a line or block comment's text holds, if any. */
function directive(comment: string): RegExpExecArray | null {
    const body = comment.startsWith('//') ? comment.slice(2) : comment.slice(2, -2);
    return DIRECTIVE.exec(body);
}

/** True for a `journey-disable-next-line` comment: it covers the line after the comment's end. */
export function isNextLineDirective(comment: string): boolean {
    return directive(comment)?.[2] === 'journey-disable-next-line';
}

function merge(a: RuleSet | undefined, b: RuleSet): RuleSet {
    if (a === 'all' || b === 'all') return 'all';
    return new Set([...(a ?? []), ...b]);
}
