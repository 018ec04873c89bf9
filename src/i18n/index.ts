// The fixed words of maps, exports, diagnostics and the preview, in English and French.
// Pure (no Node, no vscode): the CLI, the language server, the layout worker and the webview
// all import it. Catalogue content lives in en.ts and fr.ts only; the CLI's help has its own,
// help-en.ts and help-fr.ts (read by src/cli/help.ts alone: no other host carries it).
import { en, type MessageKey } from './en.js';
import { fr } from './fr.js';

export type { MessageKey } from './en.js';

export const LOCALES = ['en', 'fr'] as const;
export type Locale = typeof LOCALES[number];
export const DEFAULT_LOCALE: Locale = 'en';

export const CATALOGUES: Record<Locale, Record<MessageKey, string>> = { en, fr };

/** Placeholder values: text, a number (written the locale's way), or a message said in the same locale. */
export type MessageParams = { [name: string]: string | number | { key: MessageKey; params?: MessageParams } };

/** `{veryNegative}` and `{veryPositive}`: the emotion scale's ends as its values' own entries say them (one wording for each). */
export const EMOTION_SCALE_ENDS: MessageParams = { veryNegative: { key: 'emotion.scale.-2' }, veryPositive: { key: 'emotion.scale.2' } };

export function isLocale(value: unknown): value is Locale {
    return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/**
 * The supported locale of a language tag or POSIX locale (`fr`, `fr-CA`, `fr_FR.UTF-8`),
 * or undefined when it is none of them (`C`, `POSIX`, `de_DE`, empty).
 */
export function matchLocale(tag: string | undefined | null): Locale | undefined {
    const language = tag?.trim().toLowerCase().split(/[-_.@]/)[0];
    return isLocale(language) ? language : undefined;
}

/** The locale of the first of these tags that names one (`--locale`, config, LC_ALL, LC_MESSAGES, LANG), else English. */
export function pickLocale(...tags: (string | undefined | null)[]): Locale {
    for (const tag of tags) {
        if (tag === undefined || tag === null || tag === '') continue;
        return matchLocale(tag) ?? DEFAULT_LOCALE;
    }
    return DEFAULT_LOCALE;
}

/**
 * The message `key` in `locale`, `{name}` placeholders replaced by `params`. French
 * typography (non-breaking spaces before `: ; ! ?`, inside « », before `%`) is applied to
 * the catalogue's text only: the user's words in `params` stay as written.
 */
export function t(locale: Locale | undefined, key: MessageKey, params: MessageParams = {}): string {
    const lang = locale ?? DEFAULT_LOCALE;
    const template = CATALOGUES[lang][key] ?? en[key];
    const typeset = lang === 'fr' ? frenchTypography(template) : template;
    return typeset.replace(/\{(\w+)\}/g, (whole, name: string) => {
        const value = params[name];
        return value === undefined ? whole : say(lang, value);
    });
}

/** A placeholder value as text in `locale`. */
export function say(locale: Locale | undefined, value: MessageParams[string]): string {
    return typeof value === 'number' ? formatNumber(locale, value) : typeof value === 'string' ? value : t(locale, value.key, value.params);
}

/**
 * A count with its noun: `key.one` / `key.other` by the locale's plural rule
 * (French says « 0 étape », English "0 stages"); `{count}` is the number.
 */
export function tn(locale: Locale | undefined, key: PluralKey, count: number, params: MessageParams = {}): string {
    const lang = locale ?? DEFAULT_LOCALE;
    const form = PLURAL_RULES[lang].select(count) === 'one' ? 'one' : 'other';
    return t(lang, `${key}.${form}` as MessageKey, { ...params, count });
}

/** Keys that have a `.one` and an `.other` form. */
export type PluralKey = MessageKey extends infer K ? K extends `${infer Base}.one` ? Base : never : never;

const PLURAL_RULES: Record<Locale, Intl.PluralRules> = { en: new Intl.PluralRules('en'), fr: new Intl.PluralRules('fr') };

const NARROW_NBSP = '\u202F';
const NBSP = '\u00A0';

/**
 * French spacing: a non-breaking space before `:`, a narrow one before `; ! ?`, inside
 * « » and before `%`. Spaces already there become non-breaking; none is added where the
 * text has none (`10:30`, `https://`), so only text written the French way changes.
 */
export function frenchTypography(text: string): string {
    return text
        .replace(/ :/g, `${NBSP}:`)
        .replace(/ ([;!?])/g, `${NARROW_NBSP}$1`)
        // Escaped in the patterns: esbuild leaves a regular expression's characters as written, and one non-ASCII
        // character in the CLI's lint bundle makes it slower to load (src/cli/code-cache.ts).
        .replace(/\u00AB /g, `«${NBSP}`)
        .replace(/ \u00BB/g, `${NBSP}»`)
        .replace(/(\d) %/g, `$1${NARROW_NBSP}%`);
}

/** How the locale marks decimals and groups thousands (`12,000.5`; French `12 000,5`, a narrow no-break space, as Intl writes them). */
export function numberMarks(locale: Locale | undefined): { readonly decimal: string; readonly group: string } {
    return locale === 'fr' ? { decimal: ',', group: NARROW_NBSP } : { decimal: '.', group: ',' };
}

/** A number as the locale writes it (`2.5` / `2,5`); callers round it first. */
export function formatNumber(locale: Locale | undefined, value: number): string {
    return String(Object.is(value, -0) ? 0 : value).replace('.', numberMarks(locale).decimal);
}

/**
 * A value with its sign for a reader (emotions, gaps, changes): `+1`, `0`, `−2` with the minus
 * sign (U+2212) as in print, never the hyphen, in every locale; `plus: false` leaves positives bare.
 * The one rule of reports and pictures; the CSV keeps `formatNumber` (spreadsheets read the hyphen).
 */
export function formatSigned(locale: Locale | undefined, value: number, plus = true): string {
    const magnitude = formatNumber(locale, Math.abs(value));
    return value < 0 ? `\u2212${magnitude}` : value > 0 && plus ? `+${magnitude}` : magnitude;
}

/** What follows a percentage's number: `%` in English, a narrow no-break space and `%` in French (`30 %`). */
export function percentSign(locale: Locale | undefined): string {
    return locale === 'fr' ? `${NARROW_NBSP}%` : '%';
}

/** A percentage: `30%` in English, `30 %` (narrow no-break space) in French. */
export function formatPercent(locale: Locale | undefined, value: number): string {
    return `${formatNumber(locale, value)}${percentSign(locale)}`;
}
