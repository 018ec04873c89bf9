import { readFileSync } from 'node:fs';
import { BYTE_ORDER_MARK } from '../language/byte-order-mark.js';
import { localized, sayIn } from '../language/localized-messages.js';
import { t, type Locale } from '../i18n/index.js';
import { formatText } from '../language/pretty-printer.js';
import { firstSyntaxProblem } from '../language/syntax-problem.js';
import { FileWriteError, writeFileAtomic } from './atomic-write.js';
import { CliError, type CliCommand, type CliIO, parseCommandOptions } from './command.js';
import { cliLocale, environmentLocale, LOCALE_OPTION, localeOption } from './locale.js';
import { decodeUtf8, Utf8Error } from './utf8.js';
import { displayPath, FILE_OPTIONS, fileOptions, loadWorkspace, STDIN_ARG, STDIN_PATH, withStdin } from './workspace.js';

/** `journey format`: the language server's formatter on the command line. */
export const formatCommand: CliCommand = {
    name: 'format',
    async run(args, io) {
        const parsed = parseCommandOptions(args, {
            check: { type: 'boolean', default: false },
            write: { type: 'boolean', default: false },
            'stdin-filename': FILE_OPTIONS['stdin-filename'],
            'ignore-pattern': FILE_OPTIONS['ignore-pattern'],
            'no-error-on-unmatched-pattern': FILE_OPTIONS['no-error-on-unmatched-pattern'],
            ...LOCALE_OPTION
        });
        const flag = localeOption(parsed.values.locale);
        const { check, write } = parsed.values;
        if (check && write) throw new CliError(localized('cli.checkOrWrite'));
        const files = fileOptions(parsed.values);
        const paths = withStdin(parsed.positionals, files.stdinFilename);
        const messageLocale = { explicit: flag, fallback: environmentLocale(io.env) };
        const { documents, services } = await loadWorkspace(paths, io, { validate: false, withContext: false, lenientUtf8: true, messageLocale, ...files });
        if (!check && !write && documents.length !== 1) {
            throw new CliError(localized('cli.printOneFile', { count: documents.length }));
        }
        const readsStdin = paths.includes(STDIN_ARG);
        if (write && readsStdin) throw new CliError(localized('cli.writeStdin'));
        let exitCode = 0;
        for (const { path, document, bom } of documents) {
            const shown = path === STDIN_PATH ? path : displayPath(path, io.cwd);
            // Said in the map's language (its journey.config.json), unless --locale says otherwise.
            const locale = services.Journey.config.MessageLocale.of(document.uri);
            const encodingProblem = path === STDIN_PATH ? undefined : notUtf8(path);
            if (encodingProblem) {
                // A file that cannot be read as a map is said of in the CLI's language, as every command says it.
                const place = `${shown}:${encodingProblem.line}:${encodingProblem.column}`;
                const said = cliLocale(io, flag);
                io.stderr.write(`${t(said, 'cli.cannotFormat', { place, reason: sayIn(said, encodingProblem.reason) })}\n`);
                exitCode = 2;
                continue;
            }
            const problem = firstSyntaxProblem(document, locale);
            if (problem) {
                // Said in the language of its detail: the map's.
                io.stderr.write(`${t(locale, 'cli.cannotFormat', { place: `${shown}:${problem.line}:${problem.column}`, reason: problem.message })}\n`);
                exitCode = 2;
                continue;
            }
            // The file's text, its byte order mark too (the document leaves it out): the pretty printer keeps it.
            const text = (bom ? BYTE_ORDER_MARK : '') + document.textDocument.getText();
            const formatted = formatText(text, services.Journey.parser.Lexer);
            if (check) {
                if (formatted !== text) {
                    io.stdout.write(`${shown}\n`);
                    exitCode = Math.max(exitCode, 1);
                }
            } else if (write) {
                if (formatted !== text) {
                    if (!rewrite(path, formatted, shown, io, locale)) exitCode = 2;
                }
            } else {
                io.stdout.write(formatted);
            }
        }
        return exitCode;
    }
};

/** Replaces the file whole; a file that cannot be written is reported (the batch goes on). */
function rewrite(path: string, formatted: string, shown: string, io: CliIO, locale: Locale): boolean {
    try {
        writeFileAtomic(path, formatted, { roots: [io.cwd] });
    } catch (error) {
        if (!(error instanceof FileWriteError)) throw error;
        io.stderr.write(`${t(locale, 'cli.cannotWriteFile', { file: shown, reason: sayIn(locale, error.reason) })}\n`);
        return false;
    }
    io.stdout.write(`${t(locale, 'cli.formatted', { file: shown })}\n`);
    return true;
}

/** The first byte of the file that is not UTF-8 (its text would be saved with U+FFFD in its place). */
function notUtf8(path: string): Utf8Error | undefined {
    try {
        decodeUtf8(readFileSync(path));
    } catch (error) {
        if (error instanceof Utf8Error) return error;
        // unreadable now: loadWorkspace read it a moment ago, and the write reports what fails
    }
    return undefined;
}
