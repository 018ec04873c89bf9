import { isLocale, pickLocale, type Locale } from '../i18n/index.js';

// The CLI's language as the environment and the command line ask for it, without a config to read:
// its own module, light (no Langium, no file system), for `journey --help` (main.ts).

/** The language the environment asks for: LC_ALL, else LC_MESSAGES, else LANG (POSIX order), else English. */
export function environmentLocale(env: NodeJS.ProcessEnv): Locale {
    return pickLocale(env.LC_ALL, env.LC_MESSAGES, env.LANG);
}

/** `--locale` as given in `args` (`--locale fr`, `--locale=fr`), when it names a language: for main.ts, before the command reads its options. */
export function localeInArguments(args: readonly string[]): Locale | undefined {
    const at = args.findIndex(arg => arg === '--locale' || arg.startsWith('--locale='));
    const value = at < 0 ? undefined : args[at].includes('=') ? args[at].slice('--locale='.length) : args[at + 1];
    return isLocale(value) ? value : undefined;
}

/** The language of `journey --help` and of a command's: `--locale` in `args`, else the environment's (the help reads no map, so no config). */
export function helpLocale(args: readonly string[], env: NodeJS.ProcessEnv): Locale {
    return localeInArguments(args) ?? environmentLocale(env);
}
