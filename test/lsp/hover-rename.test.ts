import { AstUtils, GrammarAST } from 'langium';
import { expectHover, textDocumentPositionParams } from 'langium/test';
import { KEYWORD_DOCS } from '../../src/language/lsp/journey-keyword-docs.js';
import { ResponseError, type Hover } from 'vscode-languageserver';
import { beforeAll, describe, expect, test } from 'vitest';
import { buildWorkspace, offsetOf, readExample, type TestWorkspace } from '../test-services.js';

const common = readExample('common.journey');
const media = readExample('media-subscription.journey');

describe('hover', () => {
    let ws: TestWorkspace;
    beforeAll(async () => {
        ws = await buildWorkspace({ 'common.journey': common, 'media.journey': media });
    });

    async function hoverAt(file: string, text: string, needle: string, shift: number): Promise<string> {
        const doc = ws.documents.get(file)!;
        const hover = await ws.Journey.lsp.HoverProvider!.getHoverContent(doc, textDocumentPositionParams(doc, offsetOf(text, needle, shift))) as Hover;
        return (hover.contents as { value: string }).value;
    }

    test('a persona (on a reference in another file): label, goals, frustrations, touchpoints it goes through', async () => {
        const content = await hoverAt('media.journey', media, 'personas Lectrice', 10);
        expect(content).toBe([
            '**Persona** `Lectrice` — Claire, lectrice occasionnelle',
            'Segment: Mobile, 25-40 ans',
            'Goals:\n- S\'informer rapidement sur son trajet du matin',
            'Frustrations:\n- Les murs payants au milieu d\'un article',
            'Goes through 5 touchpoints in 5 stages: `PostSocial`, `LectureArticle`, `Partage`, `OffreEssai`, `Bienvenue`'
        ].join('\n\n'));
    });

    test('a touchpoint: stage, channels, emotion, owner, frictions, evidence', async () => {
        const content = await hoverAt('media.journey', media, 'touchpoint LectureArticle', 12);
        expect(content).toBe([
            '**Touchpoint** `LectureArticle` — Lecture de l\'article · tool',
            'Stage: Consommation de contenu (Consommation)',
            'Channels: Site web (Site)',
            'Emotion: -1',
            'Owner: Rédaction (Rédaction)',
            'Frictions:\n- Mur payant au milieu de l\'article (high)\n- Publicités qui déplacent le texte (medium)',
            'Evidence:\n- Enquête lecteurs 2025, 1 200 réponses'
        ].join('\n\n'));
    });

    test('a metric in the message locale: its target and actual said the map\'s way (French: Cible, Réel, decimal comma)', async () => {
        const english = await hoverAt('media.journey', media, 'metric TauxConversion', 8);
        expect(english).toContain('Target ≥\u00A03% · Actual 1.2%');
        ws.Journey.config.MessageLocale.explicit = 'fr';
        try {
            const french = await hoverAt('media.journey', media, 'metric TauxConversion', 8);
            expect(french).toContain('Cible ≥\u00A03\u202F% · Réel 1,2\u202F%');
            expect(french).not.toMatch(/Target|Actual|Gap/);
        } finally {
            ws.Journey.config.MessageLocale.explicit = undefined;
        }
    });

    test('a channel and a team: where they are used', async () => {
        expect(await hoverAt('common.journey', common, 'channel Email', 9))
            .toBe('**Channel** `Email` — E-mail · digital\n\nUsed by 1 touchpoint: `Bienvenue`');
        expect(await hoverAt('common.journey', common, 'team Data', 6))
            .toBe('**Team** `Data` — Analyse de données\n\nOwns no touchpoint.');
    });

    test('a keyword explains itself, and every declaration, field or value keyword of the grammar has a text', async () => {
        await expectHover(ws.Journey)({ text: 'journey J { stage S { touchpoint T { <|>emotion 1 } } }', index: 0, hover: /^`emotion N`: .* -2 .* \+2/, disposeAfterCheck: true });
        // Value keywords (`low`, `digital`, `<=`) included; punctuation and a number's sign are not words to explain.
        const keywords = AstUtils.streamAllContents(ws.Journey.Grammar).filter(GrammarAST.isKeyword)
            .filter(k => /^(\p{L}|[<>]=)/u.test(k.value) && AstUtils.getContainerOfType(k, GrammarAST.isParserRule)!.name !== 'Name')
            .map(k => k.value).toArray();
        expect(keywords.filter(k => !KEYWORD_DOCS[k])).toEqual([]);
    });

    test('a value keyword explains itself too, in the map\'s locale; a name spelt like one is still the declaration', async () => {
        const text = 'persona low "Low"\njourney J { state current channel C "C" digital stage S { touchpoint T { kind tool personas low friction "Slow" severity high } } metric M in S target <= 3 }';
        const own = await buildWorkspace(text);
        const doc = own.documents.get('main.journey')!;
        const hover = async (needle: string, shift: number) => {
            const found = await own.Journey.lsp.HoverProvider!.getHoverContent(doc, textDocumentPositionParams(doc, offsetOf(text, needle, shift))) as Hover | undefined;
            return (found?.contents as { value: string } | undefined)?.value;
        };
        expect(await hover('state current', 7)).toMatch(/^`state current`: .*today/);
        expect(await hover('C" digital', 4)).toMatch(/^`channel Id "Label" digital`: /);
        expect(await hover('kind tool', 6)).toMatch(/^`kind tool`: /);
        expect(await hover('severity high', 10)).toMatch(/^`high`: .*severity/);
        expect(await hover('target <=', 7)).toMatch(/^`target <= V`: lower is better/);
        expect(await hover('personas low', 10)).toMatch(/^\*\*Persona\*\* `low`/);
        own.Journey.config.MessageLocale.explicit = 'fr';
        expect(await hover('kind tool', 6)).toMatch(/^`kind tool`\u00A0: un point de contact avec un outil/);
        expect(await hover('target <=', 7)).toMatch(/plus bas vaut mieux/);
    });

    test('a metric being typed, its `in Stage` not written yet: its heading, not an internal error', async () => {
        for (const text of ['journey J { stage S {} metric <|>Drop }', 'journey J { stage S {} metric <|>Drop "Drop-off" }']) {
            await expectHover(ws.Journey)({ text, index: 0, hover: /^\*\*Metric\*\* `Drop`/, disposeAfterCheck: true });
        }
    });

    test('a stage whose last touchpoint is being typed (`touchpoint` and no name yet): the named ones, not an internal error', async () => {
        await expectHover(ws.Journey)({ text: 'journey J { stage <|>S "S" { touchpoint A "A" {}\n touchpoint', index: 0, hover: /^\*\*Stage\*\* `S`[\s\S]*`A`$/, disposeAfterCheck: true });
    });

    test('a touchpoint whose friction is being typed (`friction` and no text yet): the frictions written, not an internal error', async () => {
        for (const typing of ['friction', 'friction severity high']) {
            const text = `journey J { stage S { touchpoint <|>T "T" { friction "Slow" severity low\n ${typing}\n } } }`;
            await expectHover(ws.Journey)({ text, index: 0, hover: /^\*\*Touchpoint\*\* `T`[\s\S]*Frictions:\n- Slow \(low\)$/, disposeAfterCheck: true });
        }
    });

    test('expectHover on an inline map: Markdown special characters in labels are escaped', async () => {
        await expectHover(ws.Journey)({
            text: 'journey J "J" { persona <|>P "a *bold* [link]" { goal "g" } }',
            index: 0,
            hover: /^\*\*Persona\*\* `P` — a \\\*bold\\\* \\\[link\\\]/,
            disposeAfterCheck: true
        });
    });
});

describe('hover on huge texts', () => {
    // A hover is read in a small popup: a label of a million characters must not
    // become a hover of megabytes (each is sent whole to the editor).
    const huge = (c: string) => c.repeat(1_000_000);
    const text = [
        `persona P "${huge('p')}" { segment "${huge('s')}" goal "${huge('g')}" frustration "${huge('f')}" goal "${'h'.repeat(5_000)}" ${Array.from({ length: 200 }, (_, i) => `goal "goal ${i} ${'x'.repeat(3_000)}"`).join(' ')} }`,
        `channel C "${huge('c')}" digital`,
        `team E "${huge('e')}"`,
        `journey J "${huge('j')}" {`,
        `  description "${huge('d')}"`,
        `  stage S "${huge('t')}" { goal "${huge('o')}"`,
        `    touchpoint T "${huge('l')}" { channel C personas P emotion 1 owner E friction "${huge('r')}" evidence "${huge('v')}" }`,
        '  }',
        `  metric M "${huge('m')}" in S target 10%`,
        '}'
    ].join('\n');
    let ws: TestWorkspace;
    beforeAll(async () => {
        ws = await buildWorkspace({ 'huge.journey': text });
    }, 60_000);

    test.each([
        ['persona P', '**Persona** `P`'], ['channel C', '**Channel** `C`'], ['team E', '**Team** `E`'], ['journey J', '**Journey** `J`'],
        ['stage S', '**Stage** `S`'], ['touchpoint T', '**Touchpoint** `T`'], ['metric M', '**Metric** `M`']
    ])('on %s: bounded, still naming the element, texts cut with …', async (declaration, heading) => {
        const doc = ws.documents.get('huge.journey')!;
        const hover = await ws.Journey.lsp.HoverProvider!.getHoverContent(doc, textDocumentPositionParams(doc, offsetOf(text, declaration, declaration.indexOf(' ') + 1))) as Hover;
        const value = (hover.contents as { value: string }).value;
        expect(value.startsWith(heading)).toBe(true);
        expect(value).toContain('…');
        expect(value.length).toBeLessThan(60_000);
    });
});

describe('rename across files', () => {
    async function renameAt(ws: TestWorkspace, file: string, text: string, needle: string, shift: number, newName: string) {
        const doc = ws.documents.get(file)!;
        return ws.Journey.lsp.RenameProvider!.rename(doc, { ...textDocumentPositionParams(doc, offsetOf(text, needle, shift)), newName });
    }

    test('renaming a persona from a reference edits its declaration and every reference in both files, nothing else', async () => {
        const ws = await buildWorkspace({ 'common.journey': common, 'media.journey': media, 'taxi.journey': readExample('taxi-vs-vtc.journey') });
        const edit = await renameAt(ws, 'media.journey', media, 'personas Lectrice', 10, 'Lecteur');
        const changes = edit!.changes!;
        expect(Object.keys(changes).sort()).toEqual(['file:///ws/common.journey', 'file:///ws/media.journey']);
        expect(changes['file:///ws/common.journey']).toHaveLength(1);
        expect(changes['file:///ws/media.journey']).toHaveLength(media.match(/\bLectrice\b/g)!.length);
        // Applying the edit yields a workspace that links with the new name everywhere.
        const renamed = Object.fromEntries([...ws.documents].map(([name, doc]) => {
            const edits = changes[doc.uri.toString()] ?? [];
            return [name, applyTextEdits(doc.textDocument.getText(), doc.textDocument.offsetAt.bind(doc.textDocument), edits)];
        }));
        expect(renamed['media.journey']).not.toMatch(/\bLectrice\b/);
        expect(renamed['media.journey'].match(/\bLecteur\b/g)).toHaveLength(media.match(/\bLectrice\b/g)!.length);
        const after = await buildWorkspace(renamed);
        for (const doc of after.documents.values()) {
            expect((doc.diagnostics ?? []).filter(d => d.code === 'unresolved-reference').map(d => d.message)).toEqual([]);
        }
    });

    test('renaming a touchpoint from its declaration updates the next that names it', async () => {
        const ws = await buildWorkspace({ 'media.journey': media, 'common.journey': common });
        const edit = await renameAt(ws, 'media.journey', media, 'touchpoint Bienvenue', 12, 'Accueil');
        expect(edit!.changes!['file:///ws/media.journey'].map(e => e.range.start.line).sort((a, b) => a - b))
            .toEqual([offsetOf(media, 'next Bienvenue'), offsetOf(media, 'touchpoint Bienvenue')].map(o => media.slice(0, o).split('\n').length - 1).sort((a, b) => a - b));
    });

    test('refuses a name that is not an identifier, a reserved keyword, or a clash', async () => {
        const ws = await buildWorkspace({ 'common.journey': common, 'media.journey': media });
        const refusal = (newName: string) => renameAt(ws, 'common.journey', common, 'persona Lectrice', 8, newName).then(() => undefined, (e: unknown) => e);
        for (const [newName, message] of [
            ['2abc', /not a valid name/], ['a b', /not a valid name/], ['', /not a valid name/],
            ['touchpoint', /reserved keyword/], ['Abonné', /persona of that name is already visible/]
        ] as const) {
            const error = await refusal(newName);
            expect(error, newName).toBeInstanceOf(ResponseError);
            expect((error as ResponseError<void>).message).toMatch(message);
        }
        // A value keyword is a valid name (the grammar accepts it), and another kind's name is no clash.
        expect(await refusal('high')).toBeUndefined();
        expect(await refusal('Site')).toBeUndefined();
    });

    test('a journey-local name that shadows a global one is a clash for the global one', async () => {
        const local = 'journey L "L" {\n  persona Ici "Ici"\n  stage S "S" { touchpoint T "T" { personas Ici, Lectrice } }\n}\n';
        const ws = await buildWorkspace({ 'common.journey': common, 'local.journey': local });
        const error = await renameAt(ws, 'common.journey', common, 'persona Lectrice', 8, 'Ici').then(() => undefined, (e: unknown) => e);
        expect(error).toBeInstanceOf(ResponseError);
    });
});

function applyTextEdits(text: string, offsetAt: (p: { line: number; character: number }) => number, edits: Array<{ range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }>): string {
    const sorted = edits.map(e => ({ start: offsetAt(e.range.start), end: offsetAt(e.range.end), newText: e.newText })).sort((a, b) => b.start - a.start);
    let result = text;
    for (const e of sorted) result = result.slice(0, e.start) + e.newText + result.slice(e.end);
    return result;
}
