// Diagnostics are made where the locale is not known: chevrotain asks the parser's error
// message provider for a string while parsing, and checks report before the document
// validator looks at the document's journey.config.json. So every diagnostic message is built
// from the catalogue in English, and the catalogue message it was said from is remembered here;
// the document validator says each message in the document's language in one place (`sayIn`).
// A message nobody registered (or one forgotten after many) stays as written.
import { t, type Locale, type MessageKey, type MessageParams } from '../i18n/index.js';

/** A catalogue message, not yet said in a language. */
export interface CatalogueMessage {
    readonly key: MessageKey;
    readonly params?: MessageParams;
}

/** How to say a remembered English message again: one catalogue message, or two said one after the other. */
type Source = CatalogueMessage | { readonly parts: readonly [string, string] };

/** Enough for every diagnostic of a large workspace between its parse and its validation. */
const LIMIT = 50_000;
const sources = new Map<string, Source>();

function remember(english: string, source: Source): string {
    if (!sources.has(english)) {
        if (sources.size >= LIMIT) sources.delete(sources.keys().next().value!);
        sources.set(english, source);
    }
    return english;
}

/** The message in English (the text a diagnostic is made with); other languages are said on demand. */
export function localized(key: MessageKey, params: MessageParams = {}): string {
    return remember(t('en', key, params), { key, params });
}

/** Two messages made by `localized`, one after the other, remembered as one (a parser message and its hint). */
export function joined(first: string, second: string): string {
    return remember(first + second, { parts: [first, second] });
}

/** A message made by `localized` or `joined`, in `locale`; any other text unchanged. */
export function sayIn(locale: Locale, message: string): string {
    if (locale === 'en') return message;
    const source = sources.get(message);
    if (!source) return message;
    return 'parts' in source ? sayIn(locale, source.parts[0]) + sayIn(locale, source.parts[1]) : t(locale, source.key, source.params);
}

/**
 * The catalogue message `message` was made from by `localized`, its parameters' own catalogue messages
 * included, as plain data: to say it in another language where this module's memory is not (another
 * bundle or thread: a CLI error said by main.ts). Undefined for any other text.
 */
export function catalogueMessageOf(message: string): CatalogueMessage | undefined {
    const source = sources.get(message);
    if (!source || 'parts' in source) return undefined;
    const params = Object.fromEntries(Object.entries(source.params ?? {})
        .map(([name, value]) => [name, typeof value === 'string' ? catalogueMessageOf(value) ?? value : value]));
    return { key: source.key, params };
}
