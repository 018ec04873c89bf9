import { writeFileSync } from 'node:fs';
import { formatText } from '../language/pretty-printer.js';
import { firstSyntaxProblem } from '../language/syntax-problem.js';
import { CliError, type CliCommand } from './command.js';
import { displayPath, loadWorkspace, STDIN_PATH } from './workspace.js';

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
        '',
        'Exit codes: 0 ok, 1 unformatted files (--check), 2 usage, I/O or syntax error.',
        '',
        'Examples:',
        '  journey format map.journey > formatted.journey',
        '  journey format --check .',
        "  journey format --write 'maps/**/*.journey'"
    ].join('\n'),
    async run(args, io) {
        const check = args.includes('--check');
        const write = args.includes('--write');
        const unknown = args.find(a => a.startsWith('--') && a !== '--check' && a !== '--write');
        if (unknown) throw new CliError(`unknown option '${unknown}'`);
        if (check && write) throw new CliError('use either --check or --write, not both');
        const paths = args.filter(a => a !== '--check' && a !== '--write');
        const { documents } = await loadWorkspace(paths, io, { validate: false });
        if (!check && !write && documents.length !== 1) {
            throw new CliError(`printing needs exactly one file (got ${documents.length}): use --check or --write for several`);
        }
        if (write && documents.some(d => d.path === STDIN_PATH)) throw new CliError('--write cannot rewrite standard input');
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
