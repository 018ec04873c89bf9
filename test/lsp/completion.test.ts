import { expectCompletion } from 'langium/test';
import { CompletionItemKind, InsertTextFormat, type CompletionItem, type CompletionList } from 'vscode-languageserver';
import { readApart } from '../../src/language/lsp/journey-completion-provider.js';
import { beforeAll, describe, expect, test } from 'vitest';
import { buildWorkspace, readExample, type TestWorkspace } from '../test-services.js';

/**
 * The media map, with the cursor (`<|>`) put after each keyword whose next
 * word completion must propose. Personas, channels and teams come from
 * common.journey, another file of the workspace.
 */
const media = readExample('media-subscription.journey');

function withCursor(before: string, after: string): string {
    if (!media.includes(before)) throw new Error(`not in the example: ${before}`);
    return media.replace(before, after);
}

let workspace: TestWorkspace;
let complete: ReturnType<typeof expectCompletion>;

beforeAll(async () => {
    workspace = await buildWorkspace({ 'common.journey': readExample('common.journey') });
    complete = expectCompletion(workspace.Journey);
});

async function itemsAt(text: string): Promise<CompletionList> {
    let list: CompletionList | undefined;
    await complete({ text, index: 0, assert: completions => { list = completions; }, disposeAfterCheck: true });
    return list!;
}

async function labelsAt(text: string): Promise<string[]> {
    return (await itemsAt(text)).items.map(i => i.label).sort();
}

describe('completion proposes exactly the right kind after each reference keyword', () => {
    test('personas: the personas of the workspace, from another file', async () => {
        expect(await labelsAt(withCursor('personas Lectrice, Abonné', 'personas <|>'))).toEqual(['Abonné', 'Lectrice']);
    });

    test('channel (in a touchpoint): channels only', async () => {
        expect(await labelsAt(withCursor('channel Email', 'channel <|>')))
            .toEqual(['App', 'Email', 'Kiosque', 'Réseaux', 'Site', 'Téléphone']);
    });

    test('owner: teams only', async () => {
        expect(await labelsAt(withCursor('owner ServiceClient\n      next Résiliation', 'owner <|>\n      next Résiliation')))
            .toEqual(['Data', 'Marketing', 'Rédaction', 'ServiceClient']);
    });

    test('next: the touchpoints of the same journey, and not the channel that shares a name', async () => {
        const list = await itemsAt(withCursor('next Bienvenue', 'next <|>'));
        expect(list.items.map(i => i.label).sort())
            .toEqual(['Bienvenue', 'Kiosque', 'LectureArticle', 'OffreEssai', 'Partage', 'PostSocial', 'Résiliation']);
        expect(new Set(list.items.map(i => i.kind))).toEqual(new Set([CompletionItemKind.Event]));
    });

    test('next: touchpoints of another journey of the workspace are not proposed', async () => {
        const other = `journey Autre "Autre" {\n  stage S "S" {\n    touchpoint Ailleurs "Ailleurs" { next <|> }\n  }\n}\n`;
        expect(await labelsAt(other)).toEqual(['Ailleurs']);
    });

    test('metric in: the stages of that journey', async () => {
        expect(await labelsAt(withCursor('in Découverte', 'in <|>')))
            .toEqual(['Abonnement', 'Consommation', 'Découverte', 'Engagement', 'Fidélisation']);
    });

    test('a journey-local persona shadows the global one of that name: proposed once, with its own label', async () => {
        const text = 'journey J "J" {\n  persona Lectrice "Locale"\n  stage S "S" { touchpoint T "T" { personas <|> } }\n}\n';
        const items = (await itemsAt(text)).items;
        expect(items.map(i => [i.label, i.detail]).sort()).toEqual([['Abonné', 'Persona · Paul, abonné fidèle'], ['Lectrice', 'Persona · Locale']]);
    });

    test('a name typed in another case than its first letter, accented capitals included (`élo` → Élodie, `é` → Équipe)', async () => {
        const declarations = 'persona Élodie "Élodie"\nteam Équipe "Équipe"\npersona Abel "Abel"\n';
        const at = (fields: string) => labelsAt(`${declarations}journey J { stage S { touchpoint T { ${fields} } } }`);
        expect(await at('personas élo<|>')).toEqual(['Élodie']);
        expect(await at('personas ÉLO<|>')).toEqual(['Élodie']);
        expect(await at('personas abe<|>')).toEqual(['Abel']);
        expect(await at('owner é<|>')).toEqual(['Équipe']);
    });

    test('names already in the list are not proposed again; the one being typed is', async () => {
        expect(await labelsAt('journey J { stage S { touchpoint T { personas Lectrice, <|> } } }')).toEqual(['Abonné']);
        expect(await labelsAt('journey J { stage S { touchpoint T { personas Lectrice, Ab<|> } } }')).toEqual(['Abonné']);
        expect(await labelsAt('journey J { stage S { touchpoint T { personas Abonné, Lec<|> } } }')).toEqual(['Lectrice']);
    });

    test('a `/** … */` comment before a declaration documents its item; another comment does not', async () => {
        const text = 'journey J {\n  /** Reads on the train. */\n  persona Lectrice "L"\n  /* not documentation */\n  persona Abonne "A"\n  // nor this\n  persona Autre "O"\n'
            + '  stage S { touchpoint T { personas <|> } }\n}\n';
        const items = (await itemsAt(text)).items;
        const documentation = (label: string) => items.find(i => i.label === label)?.documentation;
        expect(documentation('Lectrice')).toEqual({ kind: 'markdown', value: 'Reads on the train.' });
        expect(documentation('Abonne')).toBeUndefined();
        expect(documentation('Autre')).toBeUndefined();
    });

    test('items show the label string as detail', async () => {
        const list = await itemsAt(withCursor('personas Lectrice, Abonné', 'personas <|>'));
        expect(list.items.find(i => i.label === 'Lectrice')?.detail).toBe('Persona · Claire, lectrice occasionnelle');
    });
});

describe('completion proposes the values after each value keyword', () => {
    const cases: Array<[string, string, string, string[]]> = [
        ['kind', 'kind person', 'kind <|>', ['person', 'place', 'tool']],
        ['severity', 'severity medium', 'severity <|>', ['high', 'low', 'medium']],
        ['impact', 'impact high effort medium', 'impact <|>', ['high', 'low', 'medium']],
        ['effort', 'effort medium\n', 'effort <|>\n', ['high', 'low', 'medium']],
        ['state', 'state current', 'state <|>', ['current', 'ideal']]
    ];
    for (const [keyword, before, after, values] of cases) {
        test(keyword, async () => {
            const items = (await itemsAt(withCursor(before, after))).items;
            expect(items.map(i => i.label).sort()).toEqual(values);
            expect(items.every(i => i.kind === CompletionItemKind.EnumMember)).toBe(true);
        });
    }

    test('channel declarations: digital or physical after the label', async () => {
        const items = await labelsAt('channel Web "Web" <|>');
        expect(items).toEqual(expect.arrayContaining(['digital', 'physical']));
    });
});

describe('keywords valid at the cursor, and snippets', () => {
    test('inside a touchpoint: its fields, not declarations of other blocks', async () => {
        const labels = await labelsAt(withCursor('      kind tool\n      channel Email', '      <|>kind tool\n      channel Email'));
        expect(labels).toEqual(expect.arrayContaining(['kind', 'channel', 'personas', 'action', 'backstage', 'support', 'emotion',
            'evidence', 'owner', 'description', 'friction', 'opportunity', 'next']));
        expect(labels).not.toContain('journey');
        expect(labels).not.toContain('stage');
        expect(labels).not.toContain('touchpoint');
        expect(labels).not.toContain('segment');
    });

    test('nothing inside comments and strings', async () => {
        expect(await labelsAt('// a comment <|>\n')).toEqual([]);
        expect(await labelsAt('/* a <|> comment */')).toEqual([]);
        expect(await labelsAt('journey J "J" {\n  /* not closed yet <|>\n}')).toEqual([]);
        expect(await labelsAt('persona P "P"\n/* not closed yet\n<|>')).toEqual([]);
        expect(await labelsAt('journey J "J" { // note <|>\n}')).toEqual([]);
        expect(await labelsAt('journey J { stage S { goal "text <|>" } }')).toEqual([]);
        expect((await labelsAt('/* a comment */<|>'))).toContain('journey');
    });

    test('a new name proposes nothing: value keywords are not suggested as names', async () => {
        expect(await labelsAt('persona <|>')).toEqual([]);
    });

    test('top level: journey and persona snippets next to their keywords', async () => {
        const items = (await itemsAt('<|>')).items;
        const snippets = items.filter(i => i.kind === CompletionItemKind.Snippet);
        expect(snippets.map(i => i.label).sort()).toEqual(['journey', 'persona']);
        expect(snippets.every(i => i.insertTextFormat === InsertTextFormat.Snippet)).toBe(true);
        expect(items.filter(i => i.kind === CompletionItemKind.Keyword).map(i => i.label).sort())
            .toEqual(['channel', 'journey', 'persona', 'team']);
    });

    test('in a stage: touchpoint snippet; in a journey: stage snippet', async () => {
        const inStage = (await itemsAt(withCursor('    goal "Être suivi personnellement"\n', '    goal "Être suivi personnellement"\n    <|>\n'))).items;
        expect(inStage.find(i => i.kind === CompletionItemKind.Snippet && i.label === 'touchpoint')?.insertText)
            .toMatch(/^touchpoint \$\{1:Name\} "\$\{2:Label\}" \{\n/);
        const inJourney = (await itemsAt(withCursor('  state current\n', '  state current\n  <|>\n'))).items;
        expect(inJourney.filter(i => i.kind === CompletionItemKind.Snippet).map(i => i.label).sort()).toEqual(['persona', 'stage']);
    });
});

describe('nothing is proposed glued to the token before the cursor', () => {
    /** The labels of the proposals inserted at the cursor, not replacing a word typed before it. */
    async function insertedAt(before: string, after: string): Promise<string[]> {
        const text = withCursor(before, after);
        const column = text.slice(0, text.indexOf('<|>')).split('\n').at(-1)!.length;
        const list = await itemsAt(text);
        return list.items.filter(item => item.textEdit && 'range' in item.textEdit && item.textEdit.range.start.character === column).map(i => i.label).sort();
    }

    test('after a `%` that ends a value (`target 3%`): the next word comes after a space, as after the number', async () => {
        expect(await insertedAt('target 3% actual 1.2%', 'target 3%<|> actual 1.2%')).toEqual([]);
        expect(await insertedAt('target 3% actual 1.2%', 'target 3<|> actual 1.2%')).toEqual([]);
        // After a space, the metric's next field and the journey's next part.
        expect(await insertedAt('target 3% actual 1.2%', 'target 3% <|> actual 1.2%')).toEqual(expect.arrayContaining(['actual', 'metric', 'stage', 'unit']));
    });

    test('after a keyword, a proposal inserted at the cursor is kept when the grammar\'s lexer reads it apart from the keyword', () => {
        const lexer = workspace.Journey.parser.Lexer;
        const position = { line: 0, character: 9 };
        const at = (label: string): CompletionItem => ({ label, textEdit: { newText: label, range: { start: position, end: position } } });
        const replacing: CompletionItem = { label: 'stage', textEdit: { newText: 'stage', range: { start: { line: 0, character: 4 }, end: position } } };
        const items = [at('Ana'), at('stage'), at('_x'), replacing];
        // `,Ana`, `,stage`, `,_x`: two tokens each.
        expect(readApart(lexer, lexer.tokenize(',').tokens[0], items, position)).toEqual(items);
        // `personasAna`, `personasstage`, `personas_x`: one name each. (Langium inserts nothing after a letter; a keyword ending in a digit would meet this.)
        expect(readApart(lexer, lexer.tokenize('personas').tokens[0], items, position)).toEqual([replacing]);
    });

    test('after a comma or a brace, which no word lengthens: proposals at the cursor (`Lectrice,Abonné`)', async () => {
        expect(await insertedAt('personas Lectrice\n', 'personas Lectrice,<|>\n')).toEqual(['Abonné']);
        expect(await insertedAt('    goal "Être suivi personnellement"\n', '    goal "Être suivi personnellement"\n    touchpoint T {<|>}\n')).toEqual(expect.arrayContaining(['kind', 'personas', 'emotion']));
    });
});

describe('completion inside a journey parses from the part under the cursor', () => {
    /** Completion at each offset of the media map equals what a parse of the whole text before the cursor proposes. */
    async function expectSameAsWholeParse(offsets: number[]): Promise<void> {
        const provider = workspace.Journey.lsp.CompletionProvider as unknown as { findFeaturesAt: unknown };
        const own = provider.findFeaturesAt;
        const whole = Object.getPrototypeOf(Object.getPrototypeOf(provider)).findFeaturesAt;
        expect(whole).not.toBe(own);
        for (const offset of offsets) {
            const text = `${media.slice(0, offset)}<|>${media.slice(offset)}`;
            const items = (await itemsAt(text)).items.map(i => `${i.kind} ${i.label} ${i.detail}`);
            provider.findFeaturesAt = whole;
            try {
                const expected = (await itemsAt(text)).items.map(i => `${i.kind} ${i.label} ${i.detail}`);
                expect(items, `at ${offset}: ${JSON.stringify(media.slice(Math.max(0, offset - 30), offset))}`).toEqual(expected);
            } finally {
                provider.findFeaturesAt = own;
            }
        }
    }

    test('it proposes exactly what a parse of the whole text before the cursor proposes, everywhere in the map', async () => {
        // Every position right after a space or a line break, and right after a token.
        const offsets = [...media.matchAll(/[ \n]|(?<=\w)(?=[ \n,{}])/g)].map(m => m.index! + (m[0] ? 1 : 0)).filter((_, i) => i % 3 === 0);
        expect(offsets.length).toBeGreaterThan(100);
        await expectSameAsWholeParse(offsets);
    }, 120_000);

    test('and around every brace: inside a stage the parse starts at its touchpoint, after the stage at the stage', async () => {
        // Before and after each `{` and `}`, and at the start of the line after a `}` (the next part's line).
        const offsets = [...media.matchAll(/[{}]\n?/g)].flatMap(m => [m.index!, m.index! + 1, m.index! + m[0].length]);
        expect(offsets.length).toBeGreaterThan(50);
        await expectSameAsWholeParse([...new Set(offsets)]);
    }, 120_000);
});
