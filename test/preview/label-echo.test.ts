// The extension host's local echo: which edits of the text it can show on the map before the
// server has re-parsed it, and the new texts. Real models, built from real text by the pipeline;
// the changes as VS Code's onDidChangeTextDocument reports them (ranges before the change).
import { describe, expect, test } from 'vitest';
import { buildDiagramModels } from '../../src/diagram/index.js';
import { echoChanges, echoSpans, spansAgree, type EchoSpans, type TextChange } from '../../src/common/label-echo.js';
import { parseMap } from '../diagram/fixtures.js';
import { checkEchoMessage } from '../../src/common/webview-messages.js';

const SOURCE = `journey J "Titre" {
  stage S1 "Découvrir" {
    goal "Trouver 🎁 vite"
    touchpoint T "Site" { action "Cherche" action 'Compare' }
    friction "Échappé \\"ici\\""
  }
  stage S2 { goal "Deux" }
}
`;
/** Line and column of the first occurrence of `needle` (after `after` characters of it). */
function at(needle: string, after = 0): { line: number; character: number } {
    const index = SOURCE.indexOf(needle);
    if (index < 0) throw new Error(`no ${needle}`);
    const before = SOURCE.slice(0, index + after).split('\n');
    return { line: before.length - 1, character: before[before.length - 1].length };
}
const insert = (needle: string, after: number, text: string): TextChange => ({ range: { start: at(needle, after), end: at(needle, after) }, text });
const remove = (needle: string, from: number, to: number, text = ''): TextChange => ({ range: { start: at(needle, from), end: at(needle, to) }, text });

async function spans(source = SOURCE): Promise<EchoSpans> {
    const doc = await parseMap(source);
    return echoSpans(buildDiagramModels(doc.parseResult.value));
}

describe('label echo', () => {
    test('typing inside a goal echoes its new text', async () => {
        const echo = echoChanges(await spans(), [insert('Trouver', 7, 'x')]);
        expect(echo?.edits).toEqual([{ journey: 'J', kind: 'card', id: 'goal:S1:0', text: 'Trouverx 🎁 vite' }]);
    });

    test('at either end of the content, deleting, replacing: echoed', async () => {
        const all = await spans();
        expect(echoChanges(all, [insert('"Site"', 1, '>')])?.edits[0]).toMatchObject({ id: 'touchpoint:T', text: '>Site' });
        expect(echoChanges(all, [insert('"Site"', 5, '<')])?.edits[0]).toMatchObject({ id: 'touchpoint:T', text: 'Site<' });
        expect(echoChanges(all, [remove('Cherche', 0, 3)])?.edits[0]).toMatchObject({ id: 'action:S1/T:0', text: 'rche' });
        expect(echoChanges(all, [remove('Compare', 0, 7, 'Voit')])?.edits[0]).toMatchObject({ id: 'action:S1/T:1', text: 'Voit' });
        expect(echoChanges(all, [insert('Découvrir', 3, 'X')])?.edits).toEqual([{ journey: 'J', kind: 'stage', id: 'S1', text: 'DécXouvrir' }]);
    });

    test('outside every literal, across its quotes, in a literal with escapes: not echoed', async () => {
        const all = await spans();
        expect(echoChanges(all, [insert('goal "Trouver', 2, 'x')])).toBeUndefined(); // in a keyword
        expect(echoChanges(all, [remove('"Site"', 0, 2)])).toBeUndefined(); // takes the opening quote
        expect(echoChanges(all, [remove('"Site"', 4, 6)])).toBeUndefined(); // takes the closing quote
        expect(echoChanges(all, [insert('Échappé', 2, 'x')])).toBeUndefined(); // the literal holds an escape
        expect(echoChanges(all, [insert('"Titre"', 1, 'x')])).toBeUndefined(); // the title is drawn, but not echoed
        expect(echoChanges(all, [])).toBeUndefined();
    });

    test('inserting a quote, a backslash or a line break: not echoed; the other quote is text', async () => {
        const all = await spans();
        for (const text of ['"', '\\', '\n', 'a\r\nb']) expect(echoChanges(all, [insert('Cherche', 2, text)]), JSON.stringify(text)).toBeUndefined();
        expect(echoChanges(all, [insert('Compare', 2, "'")])).toBeUndefined();
        expect(echoChanges(all, [insert('Cherche', 2, "'")])?.edits[0]).toMatchObject({ text: "Ch'erche" });
        expect(echoChanges(all, [insert('Compare', 2, '"')])?.edits[0]).toMatchObject({ text: 'Co"mpare' });
    });

    test('a change over two lines, or deleting a whole label (it would fall back to the name): not echoed', async () => {
        const all = await spans();
        expect(echoChanges(all, [{ range: { start: at('Trouver'), end: at('Site') }, text: '' }])).toBeUndefined();
        expect(echoChanges(all, [remove('Site', 0, 4)])).toBeUndefined();
        // An action may be emptied: it draws its (empty) text.
        expect(echoChanges(all, [remove('Cherche', 0, 7)])?.edits[0]).toMatchObject({ text: '' });
    });

    test('several changes (multi-cursor): all echoed when all are inside literals, else none', async () => {
        const all = await spans();
        // VS Code reports a multi-cursor edit last position first: each range is in the text the previous change left.
        const echo = echoChanges(all, [insert('Compare', 7, '!'), insert('Cherche', 7, '!'), insert('Trouver', 0, '!')]);
        expect(echo?.edits.map(e => [e.id, e.text])).toEqual([['action:S1/T:1', 'Compare!'], ['action:S1/T:0', 'Cherche!'], ['goal:S1:0', '!Trouver 🎁 vite']]);
        expect(echoChanges(all, [insert('Compare', 7, '!'), insert('touchpoint T', 3, '!')])).toBeUndefined();
        // Two changes in one literal: one edit with the final text.
        expect(echoChanges(all, [insert('Cherche', 7, 'b'), insert('Cherche', 0, 'a')])?.edits).toEqual([{ journey: 'J', kind: 'card', id: 'action:S1/T:0', text: 'aChercheb' }]);
    });

    test('the spans after the edit on its line shift, so the next keystroke echoes too; the given spans stay as they were', async () => {
        const all = await spans();
        const line = at('Cherche').line;
        const before = JSON.stringify([...all.get(line)!]);
        const first = echoChanges(all, [insert('Site', 4, 'XY')])!;
        expect(JSON.stringify([...all.get(line)!])).toBe(before);
        const next: EchoSpans = new Map([...all, ...first.lines]);
        // "Compare" is now two characters further right: type into it where it now is.
        const compare = at('Compare', 3);
        const second = echoChanges(next, [{ range: { start: { line, character: compare.character + 2 }, end: { line, character: compare.character + 2 } }, text: '-' }]);
        expect(second?.edits).toEqual([{ journey: 'J', kind: 'card', id: 'action:S1/T:1', text: 'Com-pare' }]);
        // And typing on at the end of the label just grown.
        const end = at('Site', 4);
        const third = echoChanges(new Map([...next, ...second!.lines]), [{ range: { start: { line, character: end.character + 2 }, end: { line, character: end.character + 2 } }, text: 'Z' }]);
        expect(third?.edits[0]).toMatchObject({ id: 'touchpoint:T', text: 'SiteXYZ' });
    });

    test('surrogate pairs count as two UTF-16 units, as VS Code counts them', async () => {
        const all = await spans(`journey J {
  stage S "x" { goal "a🎁b" touchpoint T "t" { action "c" } }
}
`);
        const line = 1;
        const goal = all.get(line)!.find(s => s.id === 'goal:S:0')!;
        // Delete the emoji (two units), then type another one after the "a".
        const deleted = echoChanges(all, [{ range: { start: { line, character: goal.start + 1 }, end: { line, character: goal.start + 3 } }, text: '' }])!;
        expect(deleted.edits[0].text).toBe('ab');
        const typed = echoChanges(all, [{ range: { start: { line, character: goal.start + 1 }, end: { line, character: goal.start + 1 } }, text: '😀' }])!;
        expect(typed.edits[0].text).toBe('a😀🎁b');
        const action = typed.lines.get(line)!.find(s => s.id === 'action:S/T:0')!;
        expect(action.start).toBe(all.get(line)!.find(s => s.id === 'action:S/T:0')!.start + 2);
    });

    test('spans agree with the text they were built from, not with a text edited since', async () => {
        const all = await spans();
        const lines = SOURCE.split('\n');
        const flat = [...all.values()].flat();
        expect(spansAgree(flat, line => lines[line])).toBe(true);
        const edited = SOURCE.replace('goal "Trouver', 'goal  "Trouver').split('\n');
        expect(spansAgree(flat, line => edited[line])).toBe(false);
    });

    test('the page acts only on a well-formed echo message', () => {
        const edit = { journey: 'J', kind: 'card', id: 'goal:S:0', text: 'x' };
        expect(checkEchoMessage({ type: 'echo', uri: 'file:///a.journey', edits: [{ ...edit, extra: 1 }] })).toEqual({ type: 'echo', uri: 'file:///a.journey', edits: [edit] });
        expect(() => checkEchoMessage({ type: 'echo', uri: 'file:///a.journey', edits: [{ ...edit, kind: 'lane' }] })).toThrow(/bad echo edit/);
        expect(() => checkEchoMessage({ type: 'echo', uri: 'file:///a.journey', edits: [{ ...edit, text: 5 }] })).toThrow(/bad echo edit/);
        expect(() => checkEchoMessage({ type: 'echo', edits: [] })).toThrow(/uri/);
        expect(() => checkEchoMessage({ type: 'diagram' })).toThrow(/not an echo/);
    });
});
