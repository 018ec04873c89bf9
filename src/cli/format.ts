import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { formatText } from '../language/lsp/journey-pretty-printer.js';
import { firstSyntaxProblem } from '../language/syntax-problem.js';
import { CliError, type CliCommand } from './command.js';
import { displayPath, FILE_OPTIONS, fileOptions, loadWorkspace, STDIN_ARG, STDIN_PATH, withStdin } from './workspace.js';

/** `journey format`: the language server's formatter on the command line. */
export const formatCommand: CliCommand = {
    name: 'format',
    summary: 'format .journey files with the canonical layout (--check for CI, --write in place)',
    help: [
        'Usage: journey format [--check | --write] [files, folders or globs...]',
        '',
        'Formats .journey files exactly like the editor does: two-space indentation,',
        'one statement per line (a block written on one line stays so), comments',
        'kept in place, strings untouched.',
        'Files with syntax errors are not formatted (reported with line and column).',
        '',
        'Options:',
        '  --check   list the files that are not formatted; exit 1 if there is any',
        '  --write   rewrite the files that are not formatted, in place',
        '  (none)    print the formatted text of the one file given ("-" reads stdin)',
        '  --stdin-filename PATH   name standard input PATH in messages',
        '  --ignore-pattern PAT    skip files matching PAT (.gitignore syntax; repeatable)',
        '  --no-error-on-unmatched-pattern   a glob or folder without maps is no error',
        '',
        'Folders and globs skip dotfiles, node_modules, .git, and what .gitignore and',
        '.journeyignore list; a file named explicitly is always read.',
        '',
        'Exit codes: 0 ok, 1 unformatted files (--check), 2 usage, I/O or syntax error.',
        '',
        'Examples:',
        '  journey format map.journey > formatted.journey',
        '  journey format --check .',
        "  journey format --write 'maps/**/*.journey'"
    ].join('\n'),
    async run(args, io) {
        let parsed;
        try {
            parsed = parseArgs({ args, allowPositionals: true, strict: true, options: {
                check: { type: 'boolean', default: false },
                write: { type: 'boolean', default: false },
                'stdin-filename': FILE_OPTIONS['stdin-filename'],
                'ignore-pattern': FILE_OPTIONS['ignore-pattern'],
                'no-error-on-unmatched-pattern': FILE_OPTIONS['no-error-on-unmatched-pattern']
            } });
        } catch (error) {
            throw new CliError(`${(error as Error).message}\nRun \`journey format --help\` for the options.`);
        }
        const { check, write } = parsed.values;
        if (check && write) throw new CliError('use either --check or --write, not both');
        const files = fileOptions(parsed.values);
        const paths = withStdin(parsed.positionals, files.stdinFilename);
        const { documents } = await loadWorkspace(paths, io, { validate: false, withContext: false, ...files });
        if (!check && !write && documents.length !== 1) {
            throw new CliError(`printing needs exactly one file (got ${documents.length}): use --check or --write for several`);
        }
        const readsStdin = paths.includes(STDIN_ARG);
        if (write && readsStdin) throw new CliError('--write cannot rewrite standard input');
        let exitCode = 0;
        for (const { path, document } of documents) {
            const shown = path === STDIN_PATH ? path : displayPath(path, io.cwd);
            const problem = firstSyntaxProblem(document);
            if (problem) {
                io.stderr.write(`${shown}:${problem.line}:${problem.column}: cannot format: ${problem.message}\n`);
                exitCode = 2;
                continue;
            }
            const text = document.textDocument.getText();
            const formatted = formatText(text);
            if (check) {
                if (formatted !== text) {
                    io.stdout.write(`${shown}\n`);
                    exitCode = Math.max(exitCode, 1);
                }
            } else if (write) {
                if (formatted !== text) {
                    writeFileSync(path, formatted);
                    io.stdout.write(`formatted ${shown}\n`);
                }
            } else {
                io.stdout.write(formatted);
            }
        }
        return exitCode;
    }
};
