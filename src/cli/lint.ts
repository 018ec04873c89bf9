import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { CliError, type CliCommand, type CliIO, parseCommandOptions } from './command.js';
import { useColor } from './formats/color.js';
import { writeGithubStepSummary } from './formats/github.js';
import { FORMATTERS, isFormatName } from './formats/index.js';
import { LINT_FORMAT_NAMES } from './formats/names.js';
import type { LintMessage, LintResult, LintSeverity } from './formats/types.js';
import { lintedDocuments, lintOnWorkers, parseThreads, type LintedDocument } from './lint-workers.js';
import { cliLocale, environmentLocale, localeOption } from './locale.js';
import { t, type Locale } from '../i18n/index.js';
import { localized } from '../language/localized-messages.js';
import { FILE_OPTIONS, fileOptions, loadWorkspace, STDIN_ARG, withStdin, type WorkspaceOptions } from './workspace.js';
import { inGivenOrder, listArguments, workspaceGroups } from './workspace-groups.js';
import { Writable } from 'node:stream';

const FORMAT_NAMES = LINT_FORMAT_NAMES.join('|');

const SEVERITIES: Record<number, LintSeverity> = {
    [DiagnosticSeverity.Error]: 'error',
    [DiagnosticSeverity.Warning]: 'warning',
    [DiagnosticSeverity.Information]: 'info',
    [DiagnosticSeverity.Hint]: 'info'
};

export const lintCommand: CliCommand = {
    name: 'lint',
    async run(args: string[], io: CliIO): Promise<number> {
        const options = parseOptions(args, io);
        const documents = await lintDocuments(options, io);
        const results = documents.map(({ path, diagnostics }) =>
            toResult(path, diagnostics.map(toMessage).filter(m => !options.quiet || m.severity === 'error')));
        const color = useColor(args, io.env, (io.stdout as NodeJS.WriteStream).isTTY === true);
        const locale = summaryLocale(documents, io, options.locale);
        const locales = new Map(documents.map(document => [document.path, document.locale]));
        const context = { cwd: io.cwd, root: findRoot(io.cwd), color, locale, locales };
        io.stdout.write(FORMATTERS[options.format](results, context));
        if (options.format === 'github') writeGithubStepSummary(results, context, io);
        const errors = sum(results, r => r.errorCount);
        const warnings = sum(results, r => r.warningCount);
        if (errors === 0 && options.maxWarnings !== undefined && warnings > options.maxWarnings) {
            io.stderr.write(`${t(locale, 'lint.tooManyWarnings', { maximum: options.maxWarnings })}\n`);
        }
        return errors > 0 || (options.maxWarnings !== undefined && warnings > options.maxWarnings) ? 1 : 0;
    }
};

/**
 * The language of the summary line (and of `--max-warnings`' note): that of the messages above it
 * when the maps all speak one, else the CLI's own (a first map's would be arbitrary).
 */
function summaryLocale(documents: readonly LintedDocument[], io: CliIO, flag: Locale | undefined): Locale {
    const locales = new Set(documents.map(document => document.locale));
    return locales.size === 1 ? [...locales][0] : cliLocale(io, flag);
}

/**
 * The given files' diagnostics, each workspace linted on its own (files of nested workspaces
 * must not see each other's names), on worker threads when a workspace is large enough
 * (lint-workers.ts), the same either way.
 */
async function lintDocuments(options: LintOptions, io: CliIO): Promise<readonly LintedDocument[]> {
    const messageLocale = { explicit: options.locale, fallback: environmentLocale(io.env) };
    const workspaceOptions = { configFile: options.configFile, messageLocale, undecodableAsDiagnostic: true, ...options.files };
    // Listed once, for the groups and the workers' plan. Not with --workspace or standard input: loading them lists
    // the files itself, after checking what it checks first (the folder, --config), so its errors come in that order.
    const found = options.files.workspaceDir === undefined && !options.paths.includes(STDIN_ARG) ? listArguments(options.paths, io, options.files) : undefined;
    const groups = workspaceGroups(options.paths, io, options.files, found);
    // With several workspaces, what every one of them would say (a --config file's warnings) is said once.
    const groupIO = groups.length > 1 ? { ...io, stderr: linesOnce(io.stderr) } : io;
    const linted: LintedDocument[] = [];
    for (const paths of groups) {
        linted.push(...await lintOnWorkers(paths, groupIO, workspaceOptions, { requested: options.threads }, groups.length === 1 ? found : undefined)
            ?? lintedDocuments(await loadWorkspace(paths, groupIO, workspaceOptions)));
    }
    return groups.length === 1 ? linted : inGivenOrder(linted, io, options.files.stdinFilename);
}

/** A stream that writes each line once, however many times it is written. */
function linesOnce(stream: NodeJS.WritableStream): NodeJS.WritableStream {
    const written = new Set<string>();
    return new Writable({
        write(chunk: Buffer, _encoding, callback) {
            for (const line of chunk.toString('utf8').split(/(?<=\n)/)) {
                if (written.has(line)) continue;
                written.add(line);
                stream.write(line);
            }
            callback();
        }
    });
}

interface LintOptions {
    readonly threads?: number;
    readonly paths: string[];
    readonly format: keyof typeof FORMATTERS;
    readonly maxWarnings?: number;
    readonly quiet: boolean;
    readonly configFile?: string;
    readonly locale?: Locale;
    readonly files: Pick<WorkspaceOptions, 'workspaceDir' | 'stdinFilename' | 'find'>;
}

function parseOptions(args: string[], io: CliIO): LintOptions {
    const { values, positionals } = parseCommandOptions(args, {
        format: { type: 'string', short: 'f', default: 'stylish' },
        'max-warnings': { type: 'string' },
        quiet: { type: 'boolean', default: false },
        config: { type: 'string', short: 'c' },
        locale: { type: 'string' },
        color: { type: 'boolean' },
        'no-color': { type: 'boolean' },
        threads: { type: 'string' },
        ...FILE_OPTIONS
    });
    if (!isFormatName(values.format)) throw new CliError(localized('cli.unknownFormat', { format: values.format!, expected: FORMAT_NAMES }));
    const maxWarnings = values['max-warnings'];
    if (maxWarnings !== undefined && !/^\d+$/.test(maxWarnings)) {
        throw new CliError(localized('cli.maxWarnings', { value: maxWarnings }));
    }
    const files = fileOptions(values);
    return {
        paths: withStdin(positionals, files.stdinFilename),
        files,
        format: values.format,
        maxWarnings: maxWarnings === undefined ? undefined : Number(maxWarnings),
        threads: parseThreads(values.threads, '--threads') ?? parseThreads(io.env.JOURNEY_THREADS, 'JOURNEY_THREADS'),
        quiet: values.quiet,
        configFile: values.config,
        locale: localeOption(values.locale)
    };
}

function toMessage(diagnostic: Diagnostic): LintMessage {
    const { start, end } = diagnostic.range;
    return {
        ruleId: String(diagnostic.code ?? ''),
        severity: SEVERITIES[diagnostic.severity ?? DiagnosticSeverity.Error],
        message: diagnostic.message,
        line: start.line + 1,
        column: start.character + 1,
        endLine: end.line + 1,
        endColumn: end.character + 1
    };
}

function toResult(filePath: string, messages: LintMessage[]): LintResult {
    const count = (severity: LintSeverity) => messages.filter(m => m.severity === severity).length;
    return { filePath, messages, errorCount: count('error'), warningCount: count('warning'), infoCount: count('info') };
}

function sum(results: readonly LintResult[], count: (result: LintResult) => number): number {
    return results.reduce((total, result) => total + count(result), 0);
}

/** The git repository root above `cwd` (GitHub and SARIF paths are relative to it), else `cwd`. */
function findRoot(cwd: string): string {
    for (let folder = resolve(cwd); ; folder = dirname(folder)) {
        if (existsSync(join(folder, '.git'))) return folder;
        if (dirname(folder) === folder) return resolve(cwd);
    }
}
