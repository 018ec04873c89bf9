import { CATALOGUES, EMOTION_SCALE_ENDS, t, type Locale, type MessageKey } from '../../i18n/index.js';

/**
 * One line per keyword for hovers and completion: what it declares or sets, and its
 * values. The text is the catalogue's `keyword.<word>`, in each language; the code in it stays English.
 * The emotion scale's ends are its values' own words (EMOTION_SCALE_ENDS), as the diagnostics say them.
 */
export function keywordDoc(locale: Locale, keyword: string): string | undefined {
    const key = `keyword.${keyword}`;
    return key in CATALOGUES.en ? t(locale, key as MessageKey, EMOTION_SCALE_ENDS) : undefined;
}

/** The keywords that have a doc line, with the English one. */
export const KEYWORD_DOCS: Readonly<Record<string, string>> = Object.fromEntries(
    Object.keys(CATALOGUES.en).filter(key => key.startsWith('keyword.')).map(key => key.slice('keyword.'.length)).map(word => [word, keywordDoc('en', word)!]));
