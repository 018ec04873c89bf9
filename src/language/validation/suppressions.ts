import type { Lexer } from 'langium';
import type { Diagnostic, Range } from 'vscode-languageserver';
import { findRule, RuleIds, type RuleId } from '../rules.js';

/**
 * Inline suppressions, read from the comments of the text:
 *   // journey-disable-next-line rule-id[, rule-id]   (no id: every rule)
 *   // journey-disable rule-id[, rule-id]             (the whole file)
 * Block comments work too; `-- reason` after the ids is ignored (ESLint style).
 * A blanket suppression (no id) never hides `syntax` or `internal-error`:
 * a file that cannot be read should not pass silently.
 */
export interface Suppressions {
    isSuppressed(diagnostic: Diagnostic): boolean;
    /** Ids in suppression comments that name no rule, with where they are. */
    readonly unknownRules: ReadonlyArray<{ id: string; range: Range }>;
}

const NONE: Suppressions = { isSuppressed: () => false, unknownRules: [] };
const DIRECTIVE = /^\s*journey-disable(-next-line)?(?=\s|$)([^]*)$/u;
const UNSUPPRESSIBLE_BY_BLANKET = new Set<string>([RuleIds.syntax, RuleIds.internalError]);

type RuleSet = Set<string> | 'all';

export function readSuppressions(text: string, lexer: Lexer): Suppressions {
    if (!text.includes('journey-disable')) return NONE;
    let file: RuleSet = new Set();
    const lines = new Map<number, RuleSet>();
    const unknownRules: Array<{ id: string; range: Range }> = [];
    for (const token of lexer.tokenize(text).hidden) {
        const kind = token.tokenType.name;
        if (kind !== 'SL_COMMENT' && kind !== 'ML_COMMENT') continue;
        const match = directive(token.image);
        if (!match) continue;
        const ids = match[2].split(/\s--\s|\s--$/u)[0].split(/[\s,]+/u).filter(id => id.length > 0);
        const rules: RuleSet = ids.length === 0 ? 'all' : new Set<RuleId>();
        for (const id of ids) {
            const rule = findRule(id);
            if (rule && rules !== 'all') rules.add(rule.id);
            if (!rule) {
                const before = token.image.slice(0, token.image.indexOf(id)).split('\n');
                const line = (token.startLine ?? 1) - 1 + before.length - 1;
                const column = before.length > 1 ? before[before.length - 1].length : (token.startColumn ?? 1) - 1 + before[0].length;
                unknownRules.push({ id, range: { start: { line, character: column }, end: { line, character: column + id.length } } });
            }
        }
        if (match[1]) {
            const target = (token.endLine ?? token.startLine ?? 1); // 1-based end line = 0-based next line
            lines.set(target, merge(lines.get(target), rules));
        } else {
            file = merge(file, rules);
        }
    }
    const covers = (set: RuleSet | undefined, code: string) =>
        set !== undefined && (set === 'all' ? !UNSUPPRESSIBLE_BY_BLANKET.has(code) : set.has(code));
    return {
        unknownRules,
        isSuppressed: diagnostic => {
            const code = String(diagnostic.code ?? '');
            return covers(file, code) || covers(lines.get(diagnostic.range.start.line), code);
        }
    };
}

/** The directive a line or block comment's text holds, if any. */
function directive(comment: string): RegExpExecArray | null {
    const body = comment.startsWith('//') ? comment.slice(2) : comment.slice(2, -2);
    return DIRECTIVE.exec(body);
}

/** True for a `journey-disable-next-line` comment: it covers the line after the comment's end. */
export function isNextLineDirective(comment: string): boolean {
    return directive(comment)?.[1] !== undefined;
}

function merge(a: RuleSet | undefined, b: RuleSet): RuleSet {
    if (a === 'all' || b === 'all') return 'all';
    return new Set([...(a ?? []), ...b]);
}
