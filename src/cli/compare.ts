import { comparisonMarkdown, comparisonSvg, compareJourneys, type ComparedJourney, type Comparison } from '../compare/index.js';
import { CliError, type CliCommand, type CliIO, FORMAT_AND_OUTPUT_OPTIONS, parseCommandOptions } from './command.js';
import { loadCurrentAndIdeal, loadJourneySpec, parseJourneySpec, writeOutput } from './compare-sources.js';
import { checkedOutputFormat } from './map-io.js';
import { FORMAT_BY_EXTENSION as PICTURE_BY_EXTENSION, oneOf, pictureAs, PICTURE_FORMATS, THEMES, type RenderTheme } from './render.js';
import type { PngFonts } from './png-fonts.js';
import { undrawableComparisonWarning } from './undrawable-warning.js';
import { dirname, resolve } from 'node:path';
import { ConfigError } from '../language/config.js';
import { localized } from '../language/localized-messages.js';
import { DEFAULT_LOCALE, type Locale } from '../i18n/index.js';
import { folderMapLocale, LOCALE_OPTION, localeOption } from './locale.js';

export const COMPARE_FORMATS = ['markdown', 'json', ...PICTURE_FORMATS] as const;
export type CompareFormat = typeof COMPARE_FORMATS[number];
/** The extensions of compare's and diff's reports (`-o report.md`). */
export const REPORT_BY_EXTENSION = { md: 'markdown', markdown: 'markdown', json: 'json' } as const;
/** `-o compare.png` writes PNG: `-f`, if given, must agree. */
const FORMAT_BY_EXTENSION: Readonly<Record<string, CompareFormat>> = { ...REPORT_BY_EXTENSION, ...PICTURE_BY_EXTENSION };

/** `journey compare`: two journeys (current and ideal, or two versions) side by side. */
export const compareCommand: CliCommand = {
    name: 'compare',
    async run(args, io) {
        const { values, positionals } = parseCommandOptions(args, { ...FORMAT_AND_OUTPUT_OPTIONS, theme: { type: 'string' }, ...LOCALE_OPTION });
        const flag = localeOption(values.locale);
        const asked = values.format === undefined ? undefined : oneOf('format', values.format, COMPARE_FORMATS);
        const format = checkedOutputFormat(asked, values.output, FORMAT_BY_EXTENSION, 'markdown');
        const theme = oneOf('theme', values.theme ?? 'light', THEMES);
        if (positionals.length !== 0 && positionals.length !== 2) {
            throw new CliError(localized('cli.expectedTwoOrNone', { files: positionals.join(' '), help: { key: 'cli.runHelpUsage', params: { command: 'compare' } } }));
        }
        const named = positionals.map(spec => parseJourneySpec(spec)[0]);
        const [from, to] = positionals.length === 2
            ? [await loadJourneySpec(positionals[0], io, named), await loadJourneySpec(positionals[1], io, named)]
            : await loadCurrentAndIdeal(io);
        const sides: [ComparedJourney, ComparedJourney] = [
            { ref: { file: from.shown, journey: from.journey.id }, journey: from.journey },
            { ref: { file: to.shown, journey: to.journey.id }, journey: to.journey }
        ];
        // The newer side's journey.config.json (or the current folder's) names the report's language.
        const locale = flag ?? configLocale(positionals.length === 2 ? dirname(resolve(io.cwd, to.shown)) : io.cwd, io.cwd);
        writeOutput(await renderComparison(format, sides[0], sides[1], compareJourneys(sides[0], sides[1]), theme, locale, warnUndrawable(sides, io)), values.output, io);
        return 0;
    }
};

/** A comparison in one of the formats: shared by `compare` and `diff --render`. */
export async function renderComparison(
    format: CompareFormat, from: ComparedJourney, to: ComparedJourney, comparison: Comparison, theme: RenderTheme, locale: Locale = DEFAULT_LOCALE,
    onUndrawable?: (fonts: PngFonts) => void
): Promise<string | Uint8Array> {
    switch (format) {
        case 'markdown': return comparisonMarkdown(from, to, comparison, 1, locale);
        case 'json': return JSON.stringify(comparison, undefined, 2) + '\n';
        default: return pictureAs(format, comparisonSvg(from, to, comparison, { theme, locale }), theme, locale, onUndrawable);
    }
}

/** What a PNG comparison of `sides` does with characters no installed font has: one warning on stderr. */
export function warnUndrawable(sides: readonly ComparedJourney[], io: CliIO): (fonts: PngFonts) => void {
    return fonts => io.stderr.write(undrawableComparisonWarning(sides, fonts));
}

/**
 * The language of a report about maps of `folder`, as `render` and `export` speak their map's
 * (folderMapLocale: its journey.config.json's, else the current folder's for a folder outside any).
 * A broken configuration is a usage error naming its line and column.
 */
export function configLocale(folder: string, cwd: string): Locale {
    try {
        return folderMapLocale(folder, cwd);
    } catch (error) {
        throw error instanceof ConfigError ? new CliError(localized('cli.configProblem', { place: `${error.file}:${error.line}:${error.column}`, reason: error.reason })) : error;
    }
}
