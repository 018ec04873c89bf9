import type { Locale } from '../../i18n/index.js';
/** The lint results every format renders: the JSON shape the README documents. */

export type LintSeverity = 'error' | 'warning' | 'info';

export interface LintMessage {
    readonly ruleId: string;
    readonly severity: LintSeverity;
    readonly message: string;
    /** 1-based. */
    readonly line: number;
    /** 1-based, in UTF-16 code units (as LSP and SARIF's default column kind). */
    readonly column: number;
    readonly endLine: number;
    /** 1-based, exclusive: the column just after the last character. */
    readonly endColumn: number;
}

export interface LintResult {
    /** Absolute path, or `<stdin>`. */
    readonly filePath: string;
    readonly messages: readonly LintMessage[];
    readonly errorCount: number;
    readonly warningCount: number;
    readonly infoCount: number;
}

export interface FormatContext {
    /** Folder paths are shown relative to (stylish). */
    readonly cwd: string;
    /** Root the paths of annotations and SARIF locations are relative to: the git root, else cwd. */
    readonly root: string;
    /** Whether to use ANSI colours (stylish only). */
    readonly color: boolean;
    /** The language of stylish's summary line (the messages come said in it already); default English. */
    readonly locale?: Locale;
    /**
     * The language each file's messages are in, by `filePath`: stylish's severity column speaks it, as the
     * messages beside it do; default `locale`. Not part of the results, so the JSON format stays as documented.
     */
    readonly locales?: ReadonlyMap<string, Locale>;
}

/** Renders every result as the text written to stdout. */
export type Formatter = (results: readonly LintResult[], context: FormatContext) => string;
