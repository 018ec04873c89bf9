// Diagnostics are made where the locale is not known: chevrotain asks the parser's error
// message provider for a string while parsing, and checks report before the document
// validator looks at the document's journey.config.json. So every diagnostic message is built
// from the catalogue in English, and the French of that same sentence is remembered here; the
// document validator says each message in the document's language in one place
// (`sayIn`). A message nobody registered (or one forgotten after many) stays as written.
import { LOCALES, t, type Locale, type MessageKey, type MessageParams } from '../i18n/index.js';

/** A catalogue message, not yet said in a language. */
export interface CatalogueMessage {
    readonly key: MessageKey;
    readonly params?: MessageParams;
}

/** Enough for every diagnostic of a large workspace between its parse and its validation. */
const LIMIT = 50_000;
const translations = new Map<string, Record<Locale, string>>();

/** The message in English (the text a diagnostic is made with), its translations remembered. */
export function localized(key: MessageKey, params: MessageParams = {}): string {
    const english = t('en', key, params);
    if (!translations.has(english)) {
        if (translations.size >= LIMIT) translations.delete(translations.keys().next().value!);
        const said = {} as Record<Locale, string>;
        for (const locale of LOCALES) said[locale] = locale === 'en' ? english : t(locale, key, params);
        translations.set(english, said);
    }
    return english;
}

/** A message made by `localized`, in `locale`; any other text unchanged. */
export function sayIn(locale: Locale, message: string): string {
    if (locale === 'en') return message;
    return translations.get(message)?.[locale] ?? message;
}

/** Two messages made by `localized`, one after the other, remembered as one (a parser message and its hint). */
export function joined(first: string, second: string): string {
    const english = first + second;
    if (!translations.has(english)) {
        const said = {} as Record<Locale, string>;
        for (const locale of LOCALES) said[locale] = sayIn(locale, first) + sayIn(locale, second);
        translations.set(english, said);
    }
    return english;
}
