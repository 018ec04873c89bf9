/**
 * The `--format` values of `journey lint`, the first one the default: FORMATTERS (index.ts) has one
 * formatter for each. Their own module: `journey lint --help` names them without loading the formatters.
 */
export const LINT_FORMAT_NAMES = ['stylish', 'json', 'sarif', 'github'] as const;
export type FormatName = typeof LINT_FORMAT_NAMES[number];
