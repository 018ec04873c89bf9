import { AstUtils, type AstNode, type LangiumDocument } from 'langium';
import type { Diagnostic } from 'vscode-languageserver';
import { isJourney } from '../language/generated/ast.js';
import { sayIn } from '../language/localized-messages.js';
import type { ReferenceDiagnostics } from '../language/validation/references.js';
import type { RuleId, RuleSeverity } from '../language/rules.js';
import { t, tn, type Locale } from '../i18n/index.js';
import type { CliIO } from './command.js';

/** How many names that resolve to nothing a file gets a warning each for, before one line counts the rest. */
const WARNED_NAMES = 10;

/** The names warned about, per command run (its io), as shown:line:column (a file may be loaded for each side of a comparison). */
const warnedNames = new WeakMap<CliIO, Set<string>>();

/**
 * A warning on stderr at `shown`:line:column for each name of `document` that resolves to nothing,
 * which the outputs show as written (render draws it, export writes it): lint's `unresolved-reference`
 * and `metric-stage` errors, in lint's words (one source) and `locale`, but for a rule the map's
 * configuration turns `off` (`severities`: lint reports those not). Only those of journey `journey`
 * when given (the one output); each once per command; the first WARNED_NAMES, then a line at the next counting the rest.
 */
export function warnUnresolvedNames(references: ReferenceDiagnostics, severities: ReadonlyMap<RuleId, RuleSeverity>, document: LangiumDocument, shown: string, locale: Locale, io: CliIO, journey?: string): void {
    // The linker has run: a map whose names all resolve (most) costs one pass over its references, no lookup.
    if (!document.references.some(reference => reference.error)) return;
    let said = warnedNames.get(io);
    if (!said) warnedNames.set(io, said = new Set());
    const only = journey === undefined ? undefined : (node: AstNode) => AstUtils.getContainerOfType(node, isJourney)?.name === journey;
    const unsaid = references.collect(document, only).filter(diagnostic => severities.get(diagnostic.code as RuleId) !== 'off').sort(byPosition)
        .map(diagnostic => ({ diagnostic, where: `${shown}:${diagnostic.range.start.line + 1}:${diagnostic.range.start.character + 1}` }))
        .filter(({ where }) => !said.has(where));
    for (const { diagnostic, where } of unsaid.slice(0, WARNED_NAMES)) {
        said.add(where);
        io.stderr.write(`${where}: ${t(locale, 'cli.warning', { reason: sayIn(locale, diagnostic.message) })} (${String(diagnostic.code)})\n`);
    }
    if (unsaid.length <= WARNED_NAMES) return;
    // The rest count as said: the other side of a comparison of this file does not count them again.
    for (const { where } of unsaid.slice(WARNED_NAMES)) said.add(where);
    const reason = tn(locale, 'cli.moreUnresolved', unsaid.length - WARNED_NAMES);
    io.stderr.write(`${unsaid[WARNED_NAMES].where}: ${t(locale, 'cli.warning', { reason })}\n`);
}

function byPosition(a: Diagnostic, b: Diagnostic): number {
    return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character;
}
