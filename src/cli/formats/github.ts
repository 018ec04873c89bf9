import { displayPath } from '../workspace.js';
import type { Formatter, LintSeverity } from './types.js';

const COMMANDS: Record<LintSeverity, string> = { error: 'error', warning: 'warning', info: 'notice' };

/**
 * GitHub Actions workflow commands: each message becomes an annotation on the
 * pull request's diff. Paths are relative to the repository root, as GitHub expects.
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
