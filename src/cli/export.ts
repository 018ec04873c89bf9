import { toCsv, type CsvOptions } from '../export/csv.js';
import { toMarkdown } from '../export/markdown.js';
import { toMermaid } from '../export/mermaid.js';
import { exportModel, SCHEMA_VERSION, type ExportedJourney, type ExportedModel } from '../export/model.js';
import { CliError, type CliCommand, type CliIO, FORMAT_AND_OUTPUT_OPTIONS } from './command.js';
import { checkedOutputFormat, loadMaps, noSuchJourney, parseCommandFiles, writeOutput } from './map-io.js';
import { FILE_OPTIONS, fileOptions, withStdin } from './workspace.js';
import { cliLocale, LOCALE_OPTION, localeOption, mapLocale } from './locale.js';
import { t, type Locale } from '../i18n/index.js';
import { localized } from '../language/localized-messages.js';

const FORMATS = ['json', 'markdown', 'csv', 'mermaid'] as const;
type ExportFormat = typeof FORMATS[number];
/** `-o touchpoints.csv` writes CSV unless `-f` says otherwise. */
const FORMAT_BY_EXTENSION: Readonly<Record<string, ExportFormat>> = { json: 'json', md: 'markdown', markdown: 'markdown', csv: 'csv', mmd: 'mermaid', mermaid: 'mermaid' };

/** `journey export`: the model and the touchpoint inventory for spreadsheets, wikis and Mermaid. */
export const exportCommand: CliCommand = {
    name: 'export',
    async run(args, io) {
        const { values, files } = parseCommandFiles('export', args, {
            ...FORMAT_AND_OUTPUT_OPTIONS,
            journey: { type: 'string' },
            delimiter: { type: 'string' },
            bom: { type: 'boolean' },
            ...LOCALE_OPTION,
            ...FILE_OPTIONS
        });
        const flag = localeOption(values.locale);
        if (values.format !== undefined && !(FORMATS as readonly string[]).includes(values.format)) {
            throw new CliError(localized('cli.unknownFormat', { format: values.format, expected: FORMATS.join(', ') }));
        }
        const folder = values.output !== undefined && /[\\/]$/u.test(values.output) ? values.output : undefined;
        // A file's extension names its format: `-o touchpoints.xlsx` is refused, not CSV named .xlsx.
        const asked = values.format as ExportFormat | undefined;
        const format = folder !== undefined ? asked : checkedOutputFormat(asked, values.output, FORMAT_BY_EXTENSION, undefined);
        if (format === undefined) {
            const extensions = Object.keys(FORMAT_BY_EXTENSION).map(e => '.' + e).join(', ');
            throw new CliError(localized('cli.formatRequired', { formats: FORMATS.join(', '), extensions }));
        }
        // One export holds every map: into a folder it would be one file named by nothing the user chose.
        if (folder !== undefined) {
            const extension = Object.entries(FORMAT_BY_EXTENSION).find(([, f]) => f === format)?.[0] ?? format;
            throw new CliError(localized('cli.exportIntoFolder', { file: folder, example: `${folder}maps.${extension}` }));
        }
        const csv = csvOptions(format, values.delimiter, values.bom);
        const fileOpts = fileOptions(values);
        const maps = await loadMaps(withStdin(files, fileOpts.stdinFilename), io, fileOpts, values.journey);
        const exported = maps.map(map => ({ shown: map.shown, model: exportModel(map.document.parseResult.value), locale: mapLocale(flag, map.workspace, map.document.uri, io.cwd) }));
        const model = mergedModel(exported.map(e => e.model));
        if (values.journey !== undefined) {
            const ids = model.journeys.map(j => j.id);
            if (!ids.includes(values.journey)) throw noSuchJourney(maps.map(map => map.shown), values.journey, ids);
            model.journeys = model.journeys.filter(j => j.id === values.journey);
        }
        // Each journey's words in its map's language (mapLocale: --locale, else its journey.config.json's, else the current folder's).
        // mergedModel keeps the maps' journey objects, so each journey of the model has its map here.
        const mapOf = new Map(exported.flatMap(e => e.model.journeys.map(journey => [journey, e] as const)));
        const exportedMap = (journey: ExportedJourney) => mapOf.get(journey)!;
        // No journey at all (shared files only): the CSV's header row in the first map's language.
        const text = format === 'csv' ? toCsv(model, { ...csv, locale: tableLocale(model.journeys.map(exportedMap), io) ?? exported[0]?.locale })
            : format === 'markdown' ? toMarkdown(model, journey => exportedMap(journey).locale)
            : render(format as 'json' | 'mermaid', model);
        writeOutput(text, values.output, io);
        return 0;
    }
};

/** `--delimiter` and `--bom`, which only CSV has. */
function csvOptions(format: string, delimiter: string | undefined, bom: boolean | undefined): CsvOptions {
    if (format !== 'csv' && (delimiter !== undefined || bom)) throw new CliError(localized('cli.csvOnly', { option: delimiter !== undefined ? 'delimiter' : 'bom' }));
    const separator = delimiter === 'tab' ? '\t' : delimiter;
    if (separator !== undefined && (separator.length !== 1 || /["'\r\n]/.test(separator))) {
        throw new CliError(localized('cli.badDelimiter', { value: delimiter! }));
    }
    return { delimiter: separator, bom };
}

/**
 * The one language of a CSV: a table has one header row, and its numbers one decimal mark for a
 * spreadsheet to read (`0,5` beside `0.5` would be text or a wrong number). The language of the
 * exported journeys' maps when they share one, else the first map's, with a warning on standard
 * error; undefined when no journey is exported.
 */
function tableLocale(maps: ReadonlyArray<{ shown: string; locale: Locale }>, io: CliIO): Locale | undefined {
    const firstIn = new Map<Locale, string>();
    for (const { shown, locale } of maps) if (!firstIn.has(locale)) firstIn.set(locale, shown);
    const [first, ...others] = firstIn.keys();
    if (others.length > 0) {
        const each = [...firstIn].map(([locale, shown]) => `${locale} (${shown})`);
        const params = { locales: each.slice(0, -1).join(', '), last: each[each.length - 1], first };
        io.stderr.write(`journey export: ${t(cliLocale(io), 'cli.mapsInLocales', params)}\n`);
    }
    return first;
}

/**
 * One file's model, or several merged in file order. With several files, those that hold
 * no journey (shared declarations) are left out: what they declare appears in the journeys
 * that use it.
 */
function mergedModel(models: readonly ExportedModel[]): ExportedModel {
    if (models.length === 1) return models[0];
    const withJourneys = models.filter(m => m.journeys.length > 0);
    return {
        schemaVersion: SCHEMA_VERSION,
        personas: withJourneys.flatMap(m => m.personas),
        channels: withJourneys.flatMap(m => m.channels),
        teams: withJourneys.flatMap(m => m.teams),
        journeys: withJourneys.flatMap(m => m.journeys)
    };
}

/** The formats that have no words of the product's own: the same in every language. */
function render(format: 'json' | 'mermaid', model: ExportedModel): string {
    switch (format) {
        case 'json': return JSON.stringify(model, undefined, 2) + '\n';
        // A Mermaid file holds one diagram: several journeys become Markdown, one ```mermaid block each (import reads it back).
        case 'mermaid': return model.journeys.length === 1
            ? toMermaid(model.journeys[0])
            : model.journeys.map(j => '```mermaid\n' + toMermaid(j) + '```\n').join('\n');
    }
}
