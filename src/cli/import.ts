import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { importMermaid, MermaidImportError } from '../import/mermaid.js';
import { t } from '../i18n/index.js';
import { localized, sayIn } from '../language/localized-messages.js';
import { CliError, type CliCommand } from './command.js';
import { cliLocale, LOCALE_OPTION, localeOption } from './locale.js';
import { checkedOutputFormat, parseCommandArgs, writeOutput } from './map-io.js';
import { JOURNEY_FILE_EXTENSION } from '../language/config.js';
import { decodeMap, displayPath, ioErrorReason, readStreamBytes, STDIN_ARG, STDIN_PATH } from './workspace.js';

/** `journey import`: Mermaid `journey` diagrams → .journey. */
export const importCommand: CliCommand = {
    name: 'import',
    async run(args, io) {
        const { values, file } = parseCommandArgs('import', args, { output: { type: 'string', short: 'o' }, ...LOCALE_OPTION });
        // A map written under another extension (the diagram's own `-o onboarding.mmd`) would replace what it names.
        checkedOutputFormat(undefined, values.output, { [JOURNEY_FILE_EXTENSION.slice(1)]: 'journey' }, 'journey');
        const locale = cliLocale(io, localeOption(values.locale));
        const shown = file === STDIN_ARG ? STDIN_PATH : displayPath(resolve(io.cwd, file), io.cwd);
        // A byte that is not UTF-8 stops the import at its place, as a map's does (no U+FFFD in the labels).
        const text = decodeMap(file === STDIN_ARG ? await readStreamBytes(io.stdin) : readInput(file, io.cwd), () => shown).text;
        let result;
        try {
            result = importMermaid(text);
        } catch (error) {
            if (!(error instanceof MermaidImportError)) throw error;
            // As render and export stop at a map's syntax error (map-io.ts): `journey import: file:line:column: reason`.
            throw new CliError({ fixed: `${shown}:${error.line}:${error.column}: ${sayIn(locale, error.reason)}` }, 1);
        }
        for (const w of result.warnings) io.stderr.write(`${shown}:${w.line}:${w.column}: ${t(locale, 'cli.warning', { reason: sayIn(locale, w.message) })}\n`);
        writeOutput(result.source, values.output, io);
        return 0;
    }
};

function readInput(file: string, cwd: string): Buffer {
    try {
        return readFileSync(resolve(cwd, file));
    } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        throw new CliError(code === 'ENOENT' ? localized('cli.noSuchFile', { file }) : localized('cli.cannotRead', { file, reason: ioErrorReason(error) }));
    }
}
