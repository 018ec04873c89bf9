import { t, type Locale } from '../../i18n/index.js';
import type { LintSeverity } from './types.js';

/**
 * A severity as people read it (`erreur` in French): stylish's column and the GitHub job summary.
 * The machine formats (JSON, SARIF, annotations' `::error`) keep the English names programs expect.
 */
export function severityWord(locale: Locale | undefined, severity: LintSeverity): string {
    return t(locale, `lint.severity.${severity}`);
}
