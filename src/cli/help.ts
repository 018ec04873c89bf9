import { helpEn, type HelpKey } from '../i18n/help-en.js';
import { helpFr } from '../i18n/help-fr.js';
import { frenchTypography, LOCALES, type Locale } from '../i18n/index.js';
import { LANE_IDS } from '../diagram/types.js';
import { LINT_FORMAT_NAMES } from './formats/names.js';

// From command.ts, which main.ts loads anyway: help.ts reaching it keeps esbuild from splitting it out of the
// chunk `journey --version` loads (into a file of its own, one more to load).
export { helpLocale } from './command.js';

/**
 * `journey --help`, `journey <command> --help` and the usage lines main.ts prints after a usage
 * error, in English or French from one table per command: its option names, formats and examples
 * are written once here, each description is a key of the help catalogues (src/i18n/help-*.ts).
 * Loaded only for the help and after a mistake: no command's code, no language services.
 */
interface CommandHelp {
    /** The ways to call it, after `journey <name> `: each form's lines (the first one's continuation lines aligned under it). */
    readonly usage: readonly (readonly string[])[];
    /** What `{paths}` says in the usage lines (the files the command takes). */
    readonly paths?: HelpKey;
    readonly intro?: HelpKey;
    /** Lines of values and what they do, between the intro and the options (export's formats). */
    readonly values?: readonly Row[];
    readonly introEnd?: HelpKey;
    /** Where the descriptions start, counted from the line's start. */
    readonly column: number;
    readonly options: readonly Row[];
    readonly after?: HelpKey;
    readonly examplesHeading?: HelpKey;
    readonly examples: readonly Example[];
}

/** An option (or value) as typed, and the key of what it does; `params` fill its placeholders as written, `words` its `{words}` in the locale. */
interface Row {
    readonly names: string;
    readonly key: HelpKey;
    readonly params?: Readonly<Record<string, string>>;
    readonly words?: HelpKey;
}

/** A command line as typed, with an optional comment after it. */
type Example = string | readonly [command: string, comment: HelpKey];

const FILES = {
    workspace: { names: '--workspace DIR', key: 'opt.workspace' },
    stdinFilename: { names: '--stdin-filename PATH', key: 'opt.stdinFilename' },
    ignorePattern: { names: '--ignore-pattern PAT', key: 'opt.ignorePattern' },
    noErrorOnUnmatched: { names: '--no-error-on-unmatched-pattern', key: 'opt.noErrorOnUnmatched' }
} as const satisfies Record<string, Row>;
const FILE_ROWS: readonly Row[] = Object.values(FILES);
const OUTPUT: Row = { names: '-o, --output OUT', key: 'opt.output' };
const LOCALE_NAMES = `--locale ${LOCALES.join('|')}`;
const localeRow = (words: HelpKey): Row => ({ names: LOCALE_NAMES, key: 'opt.locale', words });
/** Where the descriptions of values start (export's formats, listed in its intro). */
const VALUES_COLUMN = 12;
const THEMES = 'light|dark';

const HELP = {
    lint: {
        usage: [['[{options}] [{paths}...]']],
        paths: 'lint.paths',
        intro: 'lint.intro',
        column: 26,
        options: [
            { names: `-f, --format ${LINT_FORMAT_NAMES.join('|')}`, key: 'lint.format' },
            { names: '    --max-warnings N', key: 'lint.maxWarnings' },
            { names: '    --quiet', key: 'lint.quiet' },
            { names: '-c, --config FILE', key: 'lint.config' },
            { names: `    ${LOCALE_NAMES}`, key: 'lint.locale' },
            { names: '    --threads N', key: 'lint.threads' },
            { names: '    --color, --no-color', key: 'lint.color' },
            ...FILE_ROWS.map(row => ({ ...row, names: `    ${row.names}` })),
            { names: '-h, --help', key: 'opt.help' }
        ],
        after: 'lint.after',
        examples: [
            'journey lint',
            "journey lint maps/ 'journeys/**/*.journey'",
            'journey lint --format sarif > journey.sarif',
            'journey lint --format github --max-warnings 0',
            'cat map.journey | journey lint -',
            'cat maps/a.journey | journey lint --stdin-filename maps/a.journey -'
        ]
    },
    format: {
        usage: [[`[--check | --write] [--locale ${LOCALES.join('|')}] [{paths}...]`]],
        paths: 'format.paths',
        intro: 'format.intro',
        column: 12,
        options: [
            { names: '--check', key: 'format.check' },
            { names: '--write', key: 'format.write' },
            { names: '(none)', key: 'format.none' },
            { ...FILES.stdinFilename, key: 'format.stdinFilename' },
            FILES.ignorePattern,
            FILES.noErrorOnUnmatched,
            { names: LOCALE_NAMES, key: 'format.locale' }
        ],
        after: 'format.after',
        examples: ['journey format map.journey > formatted.journey', 'journey format --check .', "journey format --write 'maps/**/*.journey'"]
    },
    render: {
        usage: [[
            'FILE... [--journey ID] [--format svg|png|html] [-o OUT]',
            `[--theme ${THEMES}] [--lanes LANE,…] [--group-by channel|persona]`,
            `[--locale ${LOCALES.join('|')}]`
        ]],
        intro: 'render.intro',
        column: 26,
        options: [
            { names: '-f, --format FORMAT', key: 'render.format' },
            { names: '-o, --output OUT', key: 'render.output' },
            { names: '-j, --journey ID', key: 'render.journey' },
            { names: `--theme ${THEMES}`, key: 'render.theme' },
            { names: '--lanes LANE,…', key: 'render.lanes', params: { lanes: LANE_IDS.join(', ') } },
            { names: '--group-by WHAT', key: 'render.groupBy' },
            { names: '--persona ID', key: 'render.persona' },
            localeRow('render.localeWords'),
            ...FILE_ROWS
        ],
        after: 'render.after',
        examples: [
            'journey render maps/checkout.journey -o checkout.svg',
            'journey render maps/checkout.journey --theme dark -o checkout.png',
            'journey render maps/ -f html -o site/maps/',
            'journey render maps/checkout.journey --lanes touchpoints,emotion,frictions > slim.svg'
        ]
    },
    preview: {
        usage: [[`FILE [--port N] [--no-open] [--locale ${LOCALES.join('|')}]`]],
        intro: 'preview.intro',
        column: 20,
        options: [
            { names: '--port N', key: 'preview.port' },
            { names: '--no-open', key: 'preview.noOpen' },
            localeRow('preview.localeWords')
        ],
        after: 'preview.after',
        examples: ['journey preview maps/checkout.journey', 'journey preview maps/checkout.journey --port 4000 --no-open']
    },
    export: {
        usage: [['FILE... [--format json|markdown|csv|mermaid] [-o OUT]']],
        intro: 'export.intro',
        values: [
            { names: 'json', key: 'export.json' },
            { names: 'markdown', key: 'export.markdown' },
            { names: 'csv', key: 'export.csv' },
            { names: 'mermaid', key: 'export.mermaid' }
        ],
        introEnd: 'export.several',
        column: 24,
        options: [
            { names: '-f, --format FORMAT', key: 'export.format' },
            OUTPUT,
            { names: '--journey ID', key: 'export.journey' },
            { names: '--delimiter CHAR', key: 'export.delimiter' },
            { names: '--bom', key: 'export.bom' },
            localeRow('export.localeWords'),
            ...FILE_ROWS
        ],
        after: 'export.after',
        examples: [
            'journey export maps/checkout.journey -o touchpoints.csv',
            'journey export maps/checkout.journey -f csv --delimiter ";" --bom -o excel-fr.csv',
            'journey export maps/checkout.journey --format markdown > docs/checkout.md',
            'journey export maps/ -f json -o all-maps.json',
            'journey export maps/checkout.journey -f mermaid --journey Checkout'
        ]
    },
    compare: {
        usage: [['[FROM TO] [--format markdown|json|svg|png|html] [-o OUT]', `[--theme ${THEMES}] [--locale ${LOCALES.join('|')}]`]],
        intro: 'compare.intro',
        column: 24,
        options: [
            { names: '-f, --format FORMAT', key: 'compare.format' },
            OUTPUT,
            { names: `--theme ${THEMES}`, key: 'compare.theme' },
            { names: LOCALE_NAMES, key: 'compare.locale' }
        ],
        after: 'compare.after',
        examples: [
            ['journey compare', 'compare.example.pair'],
            'journey compare maps/banque-actuel.journey maps/banque-cible.journey',
            'journey compare all.journey#Actuel all.journey#Cible --format svg -o compare.svg'
        ]
    },
    diff: {
        usage: [
            ['[--base REV | REV] [PATH…] [--format markdown|json] [-o OUT]', `[--render DIR] [--render-format svg|png|html] [--theme ${THEMES}]`, `[--locale ${LOCALES.join('|')}]`],
            ['A.journey B.journey [{options}]']
        ],
        intro: 'diff.intro',
        column: 24,
        options: [
            { names: '--base REV', key: 'diff.base' },
            { names: '-f, --format FORMAT', key: 'diff.format' },
            OUTPUT,
            { names: '--render DIR', key: 'diff.render' },
            { names: '--render-format FMT', key: 'diff.renderFormat' },
            { names: `--theme ${THEMES}`, key: 'diff.theme' },
            localeRow('diff.localeWords')
        ],
        after: 'diff.after',
        examples: [
            ['journey diff', 'diff.example.upstream'],
            'journey diff HEAD~1 -f json',
            'journey diff --base origin/main maps/ --render review/',
            ['git difftool -y -x "journey diff" -- maps/', 'diff.example.difftool']
        ]
    },
    import: {
        usage: [[`FILE [-o OUT] [--locale ${LOCALES.join('|')}]`]],
        intro: 'import.intro',
        column: 21,
        options: [{ ...OUTPUT, key: 'import.output' }, { names: LOCALE_NAMES, key: 'import.locale' }],
        after: 'import.after',
        examples: ['journey import onboarding.mmd -o onboarding.journey', 'journey import docs/journeys.md > journeys.journey']
    },
    lsp: {
        usage: [['--stdio']],
        intro: 'lsp.intro',
        column: 0,
        options: [],
        examplesHeading: 'lsp.examples',
        examples: ["vim.lsp.start({ name = 'journey', cmd = { 'journey', 'lsp', '--stdio' } })"]
    }
} as const satisfies Record<string, CommandHelp>;

export type CommandName = keyof typeof HELP;

/** The message `key` in `locale`, `{name}` placeholders filled from `params` as given (French typography for the catalogue's text only). */
function say(locale: Locale, key: HelpKey, params: Readonly<Record<string, string>> = {}): string {
    const text = locale === 'fr' ? frenchTypography(helpFr[key]) : helpEn[key];
    return text.replace(/\{(\w+)\}/g, (whole, name: string) => Object.hasOwn(params, name) ? params[name] : whole);
}

/** The lines of how to call `name`: what main.ts prints after a usage error, and the help's first paragraph. */
export function usageLines(name: CommandName, locale: Locale): string {
    const command: CommandHelp = HELP[name];
    const prefix = `${say(locale, 'usage')} `;
    // The words of usage lines, said in the locale: `{options}`, and `{paths}` for the commands that take files.
    const words = { options: say(locale, 'word.options'), ...command.paths && { paths: say(locale, command.paths) } };
    const fill = (line: string) => line.replace(/\{(\w+)\}/g, (whole, word: string) => Object.hasOwn(words, word) ? words[word as keyof typeof words]! : whole);
    const head = `journey ${name} `;
    return command.usage.flatMap((form, index) => [
        (index === 0 ? prefix : ' '.repeat(prefix.length)) + head + fill(form[0]),
        ...form.slice(1).map(line => ' '.repeat(prefix.length + head.length) + fill(line))
    ]).join('\n');
}

/** The help's lines are broken at spaces to fit a terminal this wide (the texts run longer in French). */
const WIDTH = 100;

/** `line` broken at spaces into lines of WIDTH columns at most, those after the first indented by `indent`. */
function fitted(line: string, indent: number): string[] {
    const lines: string[] = [];
    let rest = line;
    while ([...rest].length > WIDTH) {
        const before = rest.lastIndexOf(' ', WIDTH);
        // A word longer than the width stays whole, on a line of its own as far as it can.
        const cut = before > indent ? before : rest.indexOf(' ', WIDTH);
        if (cut <= indent) break;
        lines.push(rest.slice(0, cut).trimEnd());
        rest = ' '.repeat(indent) + rest.slice(cut + 1).trimStart();
    }
    return [...lines, rest];
}

/**
 * Lines wrapped by hand (a catalogue's text) fitted as a whole when one is too wide: each run of
 * lines at one indent is prose, joined and broken again, so a cut leaves no short line behind.
 */
function fittedLines(lines: readonly string[]): string[] {
    const indentOf = (line: string) => line.length - line.trimStart().length;
    const out: string[] = [];
    for (let start = 0; start < lines.length;) {
        const indent = indentOf(lines[start]);
        let end = start + 1;
        while (end < lines.length && lines[end].trim() !== '' && lines[start].trim() !== '' && indentOf(lines[end]) === indent) end++;
        const run = lines.slice(start, end);
        const tooWide = run.some(line => [...line].length > WIDTH);
        out.push(...(tooWide ? fitted(run.map((line, i) => i === 0 ? line.trimEnd() : line.trim()).join(' '), indent) : run));
        start = end;
    }
    return out;
}

/** A paragraph's lines fitted, each run continued at its own indent. */
function fittedText(text: string): string {
    return fittedLines(text.split('\n')).join('\n');
}

/** `journey <name> --help`, ending with a newline. */
export function commandHelp(name: CommandName, locale: Locale): string {
    const command: CommandHelp = HELP[name];
    const paragraphs = [usageLines(name, locale)];
    if (command.intro) paragraphs.push(fittedText(say(locale, command.intro)) + (command.values ? `\n${rows(command.values, VALUES_COLUMN, locale)}` : ''));
    if (command.introEnd) paragraphs[paragraphs.length - 1] += `\n${fittedText(say(locale, command.introEnd))}`;
    if (command.options.length > 0) paragraphs.push(`${say(locale, 'options')}\n${rows(command.options, command.column, locale)}`);
    if (command.after) paragraphs.push(fittedText(say(locale, command.after)));
    paragraphs.push(`${say(locale, command.examplesHeading ?? 'examples')}\n${command.examples.flatMap(example => exampleLines(example, locale)).join('\n')}`);
    return paragraphs.join('\n\n') + '\n';
}

/** Options (or values) and their descriptions from `column` on; one too long for the column has its description on the next lines. */
function rows(list: readonly Row[], column: number, locale: Locale): string {
    return list.flatMap(row => {
        const params = { ...row.params, ...row.words && { words: say(locale, row.words) } };
        const [first, ...rest] = say(locale, row.key, params).split('\n').map(line => ' '.repeat(column) + line);
        const head = `  ${row.names}`;
        if (head.length + 2 > column) return [head, ...fittedLines([first, ...rest])];
        // The first line starts at the row's head: fitted with the rest, at the description's column.
        const [fittedFirst, ...fittedRest] = fittedLines([first, ...rest]).map(line => line.slice(column));
        return [head.padEnd(column) + fittedFirst, ...fittedRest.map(line => ' '.repeat(column) + line)];
    }).join('\n');
}

/** An example, its comment continued under the comment's start. */
function exampleLines(example: Example, locale: Locale): string[] {
    if (typeof example === 'string') return [`  ${example}`];
    const [command, comment] = example;
    const commentColumn = 2 + Math.max(37, command.length + 3);
    return fitted(`  ${command}`.padEnd(commentColumn) + `# ${say(locale, comment)}`, commentColumn + 2);
}

/** `journey --help`: every command of `names` (main.ts's order) with its summary. */
export function overview(names: readonly CommandName[], locale: Locale): string {
    const width = Math.max(...names.map(name => name.length));
    const command = say(locale, 'overview.command');
    return [
        `${say(locale, 'usage')} journey ${command} [${say(locale, 'word.options')}]`,
        '',
        ...fitted(say(locale, 'overview.tagline'), 0),
        '',
        say(locale, 'overview.commands'),
        ...names.flatMap(name => fitted(`  ${name.padEnd(width)}  ${say(locale, `${name}.summary`)}`, width + 4)),
        '',
        say(locale, 'overview.more')
    ].join('\n') + '\n';
}
