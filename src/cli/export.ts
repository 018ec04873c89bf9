import { toCsv, type CsvOptions } from '../export/csv.js';
import { toMarkdown } from '../export/markdown.js';
import { toMermaid } from '../export/mermaid.js';
import { exportModel } from '../export/model.js';
import { CliError, type CliCommand } from './command.js';
import { loadMap, noSuchJourney, parseCommandArgs, writeOutput } from './map-io.js';

const FORMATS = ['json', 'markdown', 'csv', 'mermaid'] as const;
type ExportFormat = typeof FORMATS[number];

/** `journey export`: the model and the touchpoint inventory for spreadsheets, wikis and Mermaid. */
export const exportCommand: CliCommand = {
    name: 'export',
    summary: 'export a map as JSON, a Markdown report, a CSV touchpoint inventory or a Mermaid journey',
    help: [
        'Usage: journey export FILE --format json|markdown|csv|mermaid [-o OUT]',
        '',
        'Reads FILE together with the other .journey files of its folder (shared personas,',
        'channels and teams resolve) and writes:',
        '  json      the resolved model, "schemaVersion": 1 (schema in the README)',
        '  markdown  a report: personas, stage-by-stage table, frictions by severity,',
        '            opportunities by impact then effort, metrics with their gaps',
        '  csv       one row per touchpoint (journey, stage, touchpoint, kind, channels,',
        '            personas, emotion, owner, frictions, opportunities), RFC 4180, UTF-8;',
        '            cells a spreadsheet would run as a formula (= + - @) start with \'',
        '  mermaid   a Mermaid `journey` diagram (score = emotion + 3); several journeys:',
        '            Markdown with one ```mermaid block each',
        '',
        'Options:',
        '  -f, --format FORMAT   one of json, markdown, csv, mermaid (required)',
        '  -o, --output OUT      write to OUT instead of standard output',
        '  --journey ID          only this journey of the file',
        '  --delimiter CHAR      csv: the field separator, e.g. ";" for Excel in locales',
        '                        whose decimal mark is a comma, or "tab" (default ",")',
        '  --bom                 csv: start with a UTF-8 byte order mark (Excel needs it',
        '                        to read accents right)',
        '',
        'FILE "-" reads standard input. Exit codes: 0 ok, 1 syntax error in the map, 2 usage or I/O error.',
        '',
        'Examples:',
        '  journey export maps/checkout.journey --format csv -o touchpoints.csv',
        '  journey export maps/checkout.journey -f csv --delimiter ";" --bom -o excel-fr.csv',
        '  journey export maps/checkout.journey --format markdown > docs/checkout.md',
        '  journey export maps/checkout.journey -f mermaid --journey Checkout'
    ].join('\n'),
    async run(args, io) {
        const { values, file } = parseCommandArgs('export', args, {
            format: { type: 'string', short: 'f' },
            output: { type: 'string', short: 'o' },
            journey: { type: 'string' },
            delimiter: { type: 'string' },
            bom: { type: 'boolean' }
        });
        const format = values.format;
        if (format === undefined) throw new CliError(`--format is required (${FORMATS.join(', ')})`);
        if (!(FORMATS as readonly string[]).includes(format)) throw new CliError(`unknown format '${format}' (expected ${FORMATS.join(', ')})`);
        const csv = csvOptions(format, values.delimiter, values.bom);
        const { document, shown } = await loadMap(file, io);
        const model = exportModel(document.parseResult.value);
        if (values.journey !== undefined) {
            const ids = model.journeys.map(j => j.id);
            if (!ids.includes(values.journey)) throw noSuchJourney(shown, values.journey, ids);
            model.journeys = model.journeys.filter(j => j.id === values.journey);
        }
        writeOutput(render(format as ExportFormat, model, csv), values.output, io);
        return 0;
    }
};

/** `--delimiter` and `--bom`, which only CSV has. */
function csvOptions(format: string, delimiter: string | undefined, bom: boolean | undefined): CsvOptions {
    if (format !== 'csv' && (delimiter !== undefined || bom)) throw new CliError(`--${delimiter !== undefined ? 'delimiter' : 'bom'} applies to --format csv only`);
    const separator = delimiter === 'tab' ? '\t' : delimiter;
    if (separator !== undefined && (separator.length !== 1 || /["'\r\n]/.test(separator))) {
        throw new CliError(`--delimiter expects one character other than a quote or a line break (or "tab"), not '${delimiter}'`);
    }
    return { delimiter: separator, bom };
}

function render(format: ExportFormat, model: ReturnType<typeof exportModel>, csv: CsvOptions): string {
    switch (format) {
        case 'json': return JSON.stringify(model, undefined, 2) + '\n';
        case 'markdown': return toMarkdown(model);
        case 'csv': return toCsv(model, csv);
        // A Mermaid file holds one diagram: several journeys become Markdown, one ```mermaid block each (import reads it back).
        case 'mermaid': return model.journeys.length === 1
            ? toMermaid(model.journeys[0])
            : model.journeys.map(j => '```mermaid\n' + toMermaid(j) + '```\n').join('\n');
    }
}
