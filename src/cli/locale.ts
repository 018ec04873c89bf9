import type { URI } from 'langium';
import { NodeFileSystem } from 'langium/node';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DEFAULT_LOCALE, isLocale, LOCALES, type Locale } from '../i18n/index.js';
import { CONFIG_FILE_NAME, projectFolderOf, readConfigFile, type RuleConfig } from '../language/config.js';
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

/**
 * The language of a map: `--locale`, else the "locale" of its nearest journey.config.json (English
 * when that names none), else, for a map with none up its folders (the temporary copy git hands a
 * textconv, /tmp/git-blob-…), the current folder's configured one (where git runs it: the
 * repository's top), else English. Not LANG's: a map's words are its folder's, not its reader's.
 */
export function mapLocale(flag: Locale | undefined, workspace: JourneyWorkspace, uri: URI, cwd: string): Locale {
    const config = workspace.services.Journey.config.RuleSeverities.resolve(uri);
    const configured = config.configFile !== undefined || config.error !== undefined;
    return flag ?? (configured ? config.locale : readableFolderLocale(cwd)) ?? DEFAULT_LOCALE;
}

/** `mapLocale` for a folder's maps (a comparison's report): throws `ConfigError` for a configuration that cannot be used. */
export function folderMapLocale(folder: string, cwd: string): Locale {
    const config = folderConfig(folder);
    return (config ? config.locale : readableFolderLocale(cwd)) ?? DEFAULT_LOCALE;
}

/**
 * The language of the CLI's own messages (errors, warnings, "wrote …"), lint's rule for a map's
 * messages applied to the current folder: `--locale`, else the "locale" of the current folder's
 * journey.config.json, else LC_ALL, LC_MESSAGES or LANG, else English. A configuration that cannot
 * be read names no language here (what is wrong with it is said elsewhere, in this language).
 */
export function cliLocale(io: Pick<CliIO, 'cwd' | 'env'>, flag?: Locale): Locale {
    return flag ?? readableFolderLocale(io.cwd) ?? environmentLocale(io.env);
}

/** `folderConfigLocale`, a configuration that cannot be read naming none. */
function readableFolderLocale(folder: string): Locale | undefined {
    try {
        return folderConfigLocale(folder);
    } catch {
        return undefined;
    }
}

/**
 * The `"locale"` of the nearest journey.config.json of `folder`'s project, if it names one. Looked
 * for as lint looks for a map's config: through a linked folder, its project's (projectFolderOf).
 * Throws `ConfigError` for a configuration that cannot be used.
 */
export function folderConfigLocale(folder: string): Locale | undefined {
    return folderConfig(folder)?.locale;
}

/** The nearest journey.config.json of `folder`'s project, if there is one. Throws `ConfigError` for one that cannot be used. */
function folderConfig(folder: string): RuleConfig | undefined {
    for (let dir = projectFolderOf(folder); ; dir = dirname(dir)) {
        const file = join(dir, CONFIG_FILE_NAME);
        // Read as lint reads it: a regular file of bounded size only (one linked to /dev/zero would never end).
        if (existsSync(file)) return readConfigFile(file, NodeFileSystem.fileSystemProvider());
        if (dirname(dir) === dir) return undefined;
    }
}
