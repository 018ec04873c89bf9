import type { URI } from 'langium';
import { NodeFileSystem } from 'langium/node';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { isLocale, LOCALES, type Locale } from '../i18n/index.js';
import { CONFIG_FILE_NAME, projectFolderOf, readConfigFile } from '../language/config.js';
import { localized } from '../language/localized-messages.js';
import { CliError, environmentLocale, type CliIO } from './command.js';
import type { JourneyWorkspace } from './workspace.js';
export { environmentLocale, localeInArguments } from './command.js';

/** The `parseArgs` option `--locale` (its value checked by `localeOption`). */
export const LOCALE_OPTION = { locale: { type: 'string' } } as const;

/** `--locale`, checked. */
export function localeOption(value: string | undefined): Locale | undefined {
    if (value === undefined) return undefined;
    if (!isLocale(value)) throw new CliError(localized('cli.unknownValue', { option: '--locale', value, expected: LOCALES.join(', ') }));
    return value;
}

/** The language of a map: `--locale`, else the nearest journey.config.json's `"locale"`, else English. */
export function mapLocale(flag: Locale | undefined, workspace: JourneyWorkspace, uri: URI): Locale {
    return flag ?? workspace.services.Journey.config.RuleSeverities.resolve(uri).locale ?? 'en';
}

/**
 * The language of the CLI's own messages (errors, warnings, "wrote …"), lint's rule for a map's
 * messages applied to the current folder: `--locale`, else the "locale" of the current folder's
 * journey.config.json, else LC_ALL, LC_MESSAGES or LANG, else English. A configuration that cannot
 * be read names no language here (what is wrong with it is said elsewhere, in this language).
 */
export function cliLocale(io: Pick<CliIO, 'cwd' | 'env'>, flag?: Locale): Locale {
    let configured: Locale | undefined;
    try {
        configured = folderConfigLocale(io.cwd);
    } catch {
        configured = undefined;
    }
    return flag ?? configured ?? environmentLocale(io.env);
}

/**
 * The `"locale"` of the nearest journey.config.json of `folder`'s project, if it names one. Looked
 * for as lint looks for a map's config: through a linked folder, its project's (projectFolderOf).
 * Throws `ConfigError` for a configuration that cannot be used.
 */
export function folderConfigLocale(folder: string): Locale | undefined {
    for (let dir = projectFolderOf(folder); ; dir = dirname(dir)) {
        const file = join(dir, CONFIG_FILE_NAME);
        // Read as lint reads it: a regular file of bounded size only (one linked to /dev/zero would never end).
        if (existsSync(file)) return readConfigFile(file, NodeFileSystem.fileSystemProvider()).locale;
        if (dirname(dir) === dir) return undefined;
    }
}
