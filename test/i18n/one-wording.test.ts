// A fact said in two places is said from one catalogue entry: the emotion scale's ends in the
// emotion-range diagnostic and in the `emotion` keyword's hover (French said « très négative »
// in one, « très négatif » in the other), and a journey's state in its hover and on the map.
import { readFileSync } from 'node:fs';
import { textDocumentPositionParams } from 'langium/test';
import type { Hover } from 'vscode-languageserver';
import { describe, expect, test } from 'vitest';
import { CATALOGUES, t, type Locale, type MessageKey } from '../../src/i18n/index.js';
import { buildWorkspace, offsetOf } from '../test-services.js';

const MAP = 'journey J "J" {\n  state ideal\n  stage S "S" { touchpoint T "T" { emotion 5 } }\n}\n';

async function said(locale: Locale): Promise<{ diagnostic: string; keyword: string; journey: string }> {
    const ws = await buildWorkspace({});
    ws.Journey.config.MessageLocale.explicit = locale;
    const built = await buildWorkspace(MAP, { services: ws.services });
    const document = built.documents.get('main.journey')!;
    const hover = async (needle: string, shift: number) => {
        const found = await ws.Journey.lsp.HoverProvider!.getHoverContent(document, textDocumentPositionParams(document, offsetOf(MAP, needle, shift))) as Hover;
        return (found.contents as { value: string }).value;
    };
    const diagnostic = built.diagnostics().find(d => d.code === 'emotion-range')!.message;
    return { diagnostic, keyword: await hover('emotion 5', 1), journey: await hover('journey J', 8) };
}

describe('one wording for one fact', () => {
    for (const locale of ['en', 'fr'] as const) {
        test(`${locale}: the emotion scale's ends read the same in the diagnostic and the keyword's hover`, async () => {
            const { diagnostic, keyword } = await said(locale);
            for (const end of [t(locale, 'emotion.scale.-2'), t(locale, 'emotion.scale.2')]) {
                expect(diagnostic).toContain(end);
                expect(keyword).toContain(end);
            }
        });

        test(`${locale}: a journey's state in its hover is the map's word`, async () => {
            expect((await said(locale)).journey).toContain(t(locale, 'map.state.ideal').toLocaleLowerCase(locale));
        });
    }

    test('fr: the scale agrees with « émotion » (feminine) wherever it is said', async () => {
        const { diagnostic, keyword } = await said('fr');
        expect(`${diagnostic} ${keyword}`).not.toMatch(/très (négatif|positif)/);
    });

    test('fr: evidence is « sources » wherever the French catalogue names it (the map said Sources, the diagnostic and hover « preuve »)', () => {
        const entries = Object.entries(CATALOGUES.en).filter(([, english]) => /evidence/i.test(english)).map(([key]) => key as MessageKey);
        expect(entries.length).toBeGreaterThan(5);
        for (const key of entries) {
            expect(t('fr', key), key).not.toMatch(/preuve/i);
            expect(t('fr', key), key).toMatch(/source/i);
        }
        // The extension's settings (package.nls.fr.json: the rules' descriptions) too.
        const nls = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
        const english = nls('package.nls.json'), french = nls('package.nls.fr.json');
        const keys = Object.keys(english).filter(key => /evidence/i.test(english[key]));
        expect(keys.length).toBeGreaterThan(0);
        for (const key of keys) expect(french[key], key).toMatch(/^(?!.*preuve).*source/is);
    });
});

