import { appendFileSync } from 'node:fs';
import { inline } from '../../export/markdown.js';
import { t, tn } from '../../i18n/index.js';
import { displayPath } from '../workspace.js';
import { severityWord } from './severity-word.js';
import type { FormatContext, Formatter, LintResult, LintSeverity } from './types.js';

const COMMANDS: Record<LintSeverity, string> = { error: 'error', warning: 'warning', info: 'notice' };

/**
 * GitHub Actions workflow commands: each message becomes an annotation on the
 * pull request's diff. Paths are relative to the repository root, as GitHub expects.
 * `journey lint` also writes `githubStepSummary` to the job summary in this format.
 */
export const formatGithub: Formatter = (results, context) => {
    const lines: string[] = [];
    for (const result of results) {
        const file = displayPath(result.filePath, context.root);
        for (const m of result.messages) {
            const properties = [
                `file=${escapeProperty(file)}`, `line=${m.line}`, `col=${m.column}`,
                `endLine=${m.endLine}`, `endColumn=${m.endColumn}`, `title=${escapeProperty(m.ruleId)}`
            ];
            lines.push(`::${COMMANDS[m.severity]} ${properties.join(',')}::${escapeData(m.message)}`);
        }
    }
    return lines.map(line => line + '\n').join('');
};

/** The escaping of the runner's workflow-command parser (actions/toolkit `escapeData`). */
export function escapeData(text: string): string {
    return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Property values additionally escape the separators `:` and `,` (actions/toolkit `escapeProperty`). */
export function escapeProperty(text: string): string {
    return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** GitHub shows at most this many annotations of each kind (error, warning, notice) per step. */
export const ANNOTATIONS_PER_KIND = 10;
/** Findings listed in the step summary, so it stays readable on a large repository. */
export const SUMMARY_FINDINGS = 50;
const SEVERITY_ORDER: Record<LintSeverity, number> = { error: 0, warning: 1, info: 2 };

/**
 * The job's step summary (Markdown for `$GITHUB_STEP_SUMMARY`): the counts, and
 * a table of the first findings, errors first, since the diff shows only
 * ten annotations of each kind.
 */
export function githubStepSummary(results: readonly LintResult[], context: FormatContext): string {
    const findings = results.flatMap(result => result.messages.map(m => ({ ...m, file: displayPath(result.filePath, context.root) })))
        .sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
    const count = (severity: LintSeverity) => findings.filter(m => m.severity === severity).length;
    const locale = context.locale;
    const counts = `${tn(locale, 'count.error', count('error'))}, ${tn(locale, 'count.warning', count('warning'))}, ${tn(locale, 'count.info', count('info'))}`;
    const lines = [t(locale, 'lint.summary.heading', { counts, files: tn(locale, 'count.file', results.length) }), ''];
    if (findings.length === 0) return lines.join('\n');
    const hidden = (['error', 'warning', 'info'] as const).some(severity => count(severity) > ANNOTATIONS_PER_KIND);
    if (hidden) lines.push(t(locale, 'lint.summary.hidden', { count: ANNOTATIONS_PER_KIND }), '');
    lines.push(t(locale, 'lint.summary.columns'), '|---|---|---|---|---|');
    for (const m of findings.slice(0, SUMMARY_FINDINGS)) {
        lines.push(`| ${inline(m.file)} | ${m.line}:${m.column} | ${severityWord(locale, m.severity)} | ${inline(m.ruleId)} | ${inline(m.message)} |`);
    }
    if (findings.length > SUMMARY_FINDINGS) lines.push('', t(locale, 'lint.summary.more', { count: findings.length - SUMMARY_FINDINGS }));
    return lines.join('\n') + '\n';
}

/**
 * Appends the step summary when running in GitHub Actions (`GITHUB_STEP_SUMMARY`
 * names the file). The annotations are already out, so a summary that cannot be
 * written is a warning, not a failed lint.
 */
export function writeGithubStepSummary(results: readonly LintResult[], context: FormatContext, io: { env: NodeJS.ProcessEnv, stderr: NodeJS.WritableStream }): void {
    const file = io.env.GITHUB_STEP_SUMMARY;
    if (!file) return;
    try {
        appendFileSync(file, githubStepSummary(results, context) + '\n');
    } catch (error) {
        io.stderr.write(`journey lint: ${t(context.locale, 'cli.stepSummaryNotWritten', { file, reason: (error as Error).message })}\n`);
    }
}
