import type { URI } from 'langium';
import { DEFAULT_LOCALE, type Locale } from '../i18n/index.js';
import type { RuleSeverities } from './config.js';

/**
 * `Journey.config.MessageLocale`: the language of diagnostics, hovers and hints.
 * The language server sets `explicit` from the client's `initialize` locale, `journey lint`
 * from `--locale`; otherwise a document's nearest journey.config.json `"locale"` applies,
 * then `fallback` (lint: LC_ALL / LC_MESSAGES / LANG; default English).
 */
export class MessageLocale {
    explicit: Locale | undefined;
    fallback: Locale = DEFAULT_LOCALE;

    constructor(private readonly ruleSeverities: () => RuleSeverities) {}

    /** The language of the messages about the document at `uri`. */
    of(uri: URI | undefined): Locale {
        if (this.explicit) return this.explicit;
        return (uri && this.ruleSeverities().resolve(uri).locale) || this.fallback;
    }
}
