// Completion where a value is written that has no word of its own in the grammar: an emotion
// (`emotion Nadia |`, a number from -2 to +2) and a KPI's direction (`target |`, `<=` or `>=`).
// Langium proposes only keywords with a letter, so these had no proposal at all.
import { expectCompletion } from 'langium/test';
import { CompletionItemKind, type CompletionList } from 'vscode-languageserver';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { buildWorkspace, type TestWorkspace } from '../test-services.js';

const MAP = `journey Loan "Loan" {
  persona Nadia "Nadia"
  persona Tom "Tom"
  stage S "S" {
    touchpoint Sim "Simulator" {
      personas Nadia, Tom
      EMOTION
    }
  }
  metric Drop "Drop-off" in S METRIC
}
`;

let ws: TestWorkspace;
beforeAll(async () => { ws = await buildWorkspace({}); });
afterEach(() => { ws.Journey.config.MessageLocale.explicit = undefined; });

async function itemsAt(emotion: string, metric = 'target 30%'): Promise<CompletionList> {
    let list: CompletionList | undefined;
    await expectCompletion(ws.Journey)({
        text: MAP.replace('EMOTION', emotion).replace('METRIC', metric), index: 0, disposeAfterCheck: true,
        assert: completions => { list = completions; }
    });
    return list!;
}

const valuesOf = (list: CompletionList) => list.items.filter(i => i.kind === CompletionItemKind.EnumMember)
    .sort((a, b) => (a.sortText ?? '').localeCompare(b.sortText ?? ''))
    .map(i => [i.label, i.detail]);

describe('completion of values without a word', () => {
    test('after `emotion Nadia `: the scale, -2 to +2, each with its meaning, in order', async () => {
        expect(valuesOf(await itemsAt('emotion Nadia <|>'))).toEqual([
            ['-2', 'very negative'], ['-1', 'negative'], ['0', 'neutral'], ['+1', 'positive'], ['+2', 'very positive']
        ]);
    });

    test('after `emotion `: the scale too, next to the touchpoint\'s personas', async () => {
        const list = await itemsAt('emotion <|>');
        expect(valuesOf(list).map(([label]) => label)).toEqual(['-2', '-1', '0', '+1', '+2']);
        expect(list.items.filter(i => i.detail?.startsWith('Persona')).map(i => i.label).sort()).toEqual(['Nadia', 'Tom']);
    });

    // A client that asks again at each character (Neovim) had nothing after `-`: VS Code filtered its first list.
    // A line break is white space like any other (the grammar hides it): `-` may begin the next line.
    for (const before of ['emotion ', 'emotion Nadia ', 'emotion\n      ', 'emotion Nadia // why\n      ', 'emotion /* a\n   */ ']) {
        test(`after ${JSON.stringify(`${before}-`)}: the negative values, each replacing the \`-\` typed`, async () => {
            const text = `${before}-<|>`;
            const list = await itemsAt(text);
            expect(valuesOf(list)).toEqual([['-2', 'very negative'], ['-1', 'negative']]);
            const lines = before.split('\n');
            const line = MAP.split('\n').indexOf('      EMOTION') + lines.length - 1;
            const dash = (lines.length === 1 ? '      '.length : 0) + lines.at(-1)!.length;
            for (const item of list.items.filter(i => i.kind === CompletionItemKind.EnumMember)) {
                expect(item.textEdit).toEqual({ newText: item.label, range: { start: { line, character: dash }, end: { line, character: dash + 1 } } });
            }
        });
    }

    test('after `emotion +`: the positive values, each replacing the `+` typed', async () => {
        const list = await itemsAt('emotion +<|>');
        expect(valuesOf(list)).toEqual([['+1', 'positive'], ['+2', 'very positive']]);
        const item = list.items.find(i => i.label === '+1')!;
        expect(item.textEdit && 'range' in item.textEdit && item.textEdit.range.end.character - item.textEdit.range.start.character).toBe(1);
    });

    test('the meanings in the map\'s locale (French)', async () => {
        ws.Journey.config.MessageLocale.explicit = 'fr';
        expect(valuesOf(await itemsAt('emotion Nadia <|>'))).toEqual([
            ['-2', 'très négative'], ['-1', 'négative'], ['0', 'neutre'], ['+1', 'positive'], ['+2', 'très positive']
        ]);
    });

    test('after `target ` in a metric: the directions, with which way is good', async () => {
        const list = await itemsAt('emotion 1', 'target <|>');
        const directions = list.items.filter(i => i.label === '<=' || i.label === '>=');
        expect(directions.map(i => i.label).sort()).toEqual(['<=', '>=']);
        expect(directions.every(i => i.kind === CompletionItemKind.EnumMember)).toBe(true);
        const lower = directions.find(i => i.label === '<=')!;
        expect(JSON.stringify(lower.documentation)).toMatch(/lower is better/);
    });

    test('the directions\' text in French', async () => {
        ws.Journey.config.MessageLocale.explicit = 'fr';
        const list = await itemsAt('emotion 1', 'target <|>');
        const lower = list.items.find(i => i.label === '<=');
        expect(JSON.stringify(lower?.documentation)).toMatch(/plus bas vaut mieux/);
    });

    test('no emotion value where a name is wanted (`personas `), nor a direction after `actual `', async () => {
        expect(valuesOf(await itemsAt('personas <|>')).map(([label]) => label)).not.toContain('-2');
        const actual = await itemsAt('emotion 1', 'actual <|>');
        expect(actual.items.map(i => i.label)).not.toContain('<=');
        expect(actual.items.map(i => i.label)).not.toContain('-2');
        // Nor when the sign begins the next line: the words before it are read across lines.
        expect(valuesOf(await itemsAt('emotion 1', 'actual\n  -<|>'))).toEqual([]);
    });
});
