import type { URI } from 'langium';
import { isLocale, LOCALES, pickLocale, type Locale } from '../i18n/index.js';
import { CliError } from './command.js';
import type { JourneyWorkspace } from './workspace.js';

/** The `--locale` option's help line, shared by the commands that take it: what it sets, its description at `column` (the command's own). */
export function localeHelp(words: string, column: number): string {
    return `  --locale ${LOCALES.join('|')}`.padEnd(column) + `language of the ${words} (default: the "locale" of journey.config.json, else en)`;
}

/** The `parseArgs` option `--locale` (its value checked by `localeOption`). */
export const LOCALE_OPTION = { locale: { type: 'string' } } as const;

/** `--locale`, checked. */
export function localeOption(value: string | undefined): Locale | undefined {
    if (value === undefined) return undefined;
    if (!isLocale(value)) throw new CliError(`--locale: unknown value '${value}' (expected ${LOCALES.join(', ')})`);
    return value;
}

/** The language of a map: `--locale`, else the nearest journey.config.json's `"locale"`, else English. */
export function mapLocale(flag: Locale | undefined, workspace: JourneyWorkspace, uri: URI): Locale {
    return flag ?? workspace.services.Journey.config.RuleSeverities.resolve(uri).locale ?? 'en';
}

/** The language the environment asks for: LC_ALL, else LC_MESSAGES, else LANG (POSIX order), else English. */
export function environmentLocale(env: NodeJS.ProcessEnv): Locale {
    return pickLocale(env.LC_ALL, env.LC_MESSAGES, env.LANG);
}
