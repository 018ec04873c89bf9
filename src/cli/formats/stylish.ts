import { displayPath } from '../workspace.js';
import type { Formatter, LintSeverity } from './types.js';
import { tn } from '../../i18n/index.js';
import { severityWord } from './severity-word.js';

const ANSI = { reset: '\x1b[0m', bold: '\x1b[1m', dim: '\x1b[2m', underline: '\x1b[4m', red: '\x1b[31m', yellow: '\x1b[33m', blue: '\x1b[34m' };
const SEVERITY_COLOURS: Record<LintSeverity, string> = { error: ANSI.red, warning: ANSI.yellow, info: ANSI.blue };

/**
 * ESLint's stylish output: the file, then one aligned row per problem
 * (`line:col  severity  message  rule-id`, the severity in the words of the
 * file's messages: `erreur` beside French ones), then a summary line.
 */
export const formatStylish: Formatter = (results, context) => {
    const paint = (codes: string, text: string) => context.color ? codes + text + ANSI.reset : text;
    let output = '';
    let errors = 0, warnings = 0, infos = 0;
    for (const result of results) {
        if (result.messages.length === 0) continue;
        errors += result.errorCount;
        warnings += result.warningCount;
        infos += result.infoCount;
        const lineWidth = Math.max(...result.messages.map(m => String(m.line).length));
        const columnWidth = Math.max(...result.messages.map(m => String(m.column).length));
        const locale = context.locales?.get(result.filePath) ?? context.locale;
        const severities = result.messages.map(m => severityWord(locale, m.severity));
        const severityWidth = Math.max(...severities.map(width));
        const messages = result.messages.map(m => m.message.replace(/\s*[\r\n]+\s*/g, ' '));
        const messageWidth = Math.max(...messages.map(width));
        output += `\n${paint(ANSI.underline, displayPath(result.filePath, context.cwd))}\n`;
        result.messages.forEach((m, index) => {
            const position = `${String(m.line).padStart(lineWidth)}:${String(m.column).padEnd(columnWidth)}`;
            const severity = severities[index] + ' '.repeat(severityWidth - width(severities[index]));
            const message = messages[index] + ' '.repeat(messageWidth - width(messages[index]));
            output += `  ${paint(ANSI.dim, position)}  ${paint(SEVERITY_COLOURS[m.severity], severity)}  ${message}  ${paint(ANSI.dim, m.ruleId)}\n`;
        });
    }
    const total = errors + warnings + infos;
    if (total === 0) return output;
    const locale = context.locale;
    const summary = `✖ ${tn(locale, 'count.problem', total)} (${tn(locale, 'count.error', errors)}, ${tn(locale, 'count.warning', warnings)}, ${tn(locale, 'count.info', infos)})`;
    return `${output}\n${paint(ANSI.bold + (errors > 0 ? ANSI.red : warnings > 0 ? ANSI.yellow : ANSI.blue), summary)}\n`;
};


/** Width in characters (code points), so accented names align. */
function width(text: string): number {
    return [...text].length;
}
