// The help catalogues (src/i18n/help-*.ts, said by src/cli/help.ts): the same keys and placeholders in
// both languages, none empty, and French written with ordinary spaces for the typography to set.
import { describe, expect, it } from 'vitest';
import { helpEn } from '../../src/i18n/help-en.js';
import { helpFr } from '../../src/i18n/help-fr.js';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map(m => m[1]).sort();

describe('the help catalogues', () => {
    it('have the same keys, none empty, with the same placeholders', () => {
        expect(Object.keys(helpFr).sort()).toEqual(Object.keys(helpEn).sort());
        for (const [key, english] of Object.entries(helpEn)) {
            const french = helpFr[key as keyof typeof helpEn];
            expect(french.trim(), key).not.toBe('');
            expect(placeholders(french), key).toEqual(placeholders(english));
        }
    });

    it('write French with ordinary spaces before : ; ? ! (the help sets the non-breaking ones)', () => {
        for (const [key, french] of Object.entries(helpFr)) expect(french, key).not.toMatch(/[\u00A0\u202F]/);
    });
});
