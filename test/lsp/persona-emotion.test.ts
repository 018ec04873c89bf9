// Issue 11, point 1: `emotion Karim -2` gives one persona its own value at a touchpoint.
import { expectCompletion, textDocumentPositionParams } from 'langium/test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, CompletionList, Hover } from 'vscode-languageserver';
import { describe, expect, test } from 'vitest';
import { buildWorkspace, offsetOf } from '../test-services.js';

const MAP = `journey Loan "Loan" {
  persona Karim "Karim" { goal "g" }
  persona Lea "Léa" { goal "g" }
  persona Tom "Tom" { goal "g" }
  channel Web "Web" digital
  team T "T"
  stage S "S" {
    goal "g"
    touchpoint Sim "Simulator" {
      channel Web
      personas Karim, Lea
      owner T
      evidence "e"
      emotion +1
      emotion Karim -2
    }
    touchpoint Call "Call" {
      channel Web
      personas Karim, Lea, Tom
      owner T
      evidence "e"
      emotion Lea 2
      emotion Tom 0
    }
  }
}
`;

const codes = (diagnostics: readonly { code?: unknown; severity?: number }[] = []) => diagnostics.map(d => String(d.code));

describe('per-persona emotion', () => {
    test('a clean map: a touchpoint with only per-persona values has no emotion gap', async () => {
        const ws = await buildWorkspace({ 'loan.journey': MAP });
        expect(codes(ws.documents.get('loan.journey')!.diagnostics)).toEqual([]);
    });

    test('emotion-range on every value; two values for one persona is an error', async () => {
        const ws = await buildWorkspace({ 'loan.journey': MAP.replace('emotion Karim -2', 'emotion Karim -3\n      emotion Karim 1') });
        const diagnostics = ws.documents.get('loan.journey')!.diagnostics!;
        expect(diagnostics.map(d => [d.code, d.range.start.line + 1, d.severity])).toEqual([
            ['emotion-range', 15, 1],
            ['repeated-field', 16, 1]
        ]);
        expect(diagnostics[0].message).toBe("Emotion of persona 'Karim' at touchpoint 'Sim': -3 is outside -2 … +2. Use a whole number from -2 (very negative) to +2 (very positive).");
        expect(diagnostics[1].message).toContain("Persona 'Karim' has more than one emotion at touchpoint 'Sim'");
    });

    test('a value for a persona the touchpoint does not name: a warning, fixed by adding the persona', async () => {
        const text = MAP.replace('emotion Karim -2', 'emotion Tom -2');
        const ws = await buildWorkspace({ 'loan.journey': text });
        const doc = ws.documents.get('loan.journey')!;
        const [warning] = doc.diagnostics!;
        expect([warning.code, warning.severity, warning.range.start.line + 1]).toEqual(['emotion-persona', 2, 15]);
        expect(warning.message).toContain("'Tom'");
        const actions = await ws.Journey.lsp.CodeActionProvider!.getCodeActions(doc, {
            textDocument: { uri: doc.uri.toString() }, range: warning.range, context: { diagnostics: [warning] }
        }) as CodeAction[];
        expect(actions.map(a => a.title)).toEqual(["Add persona 'Tom' to touchpoint 'Sim'"]);
        const fixed = TextDocument.applyEdits(doc.textDocument, actions[0].edit!.changes![doc.uri.toString()]);
        expect(fixed).toContain('      personas Karim, Lea, Tom\n      owner T\n      evidence "e"\n      emotion +1\n      emotion Tom -2');
        const after = await buildWorkspace({ 'loan.journey': fixed });
        expect(codes(after.documents.get('loan.journey')!.diagnostics)).toEqual([]);
    });

    test('completion after `emotion ` offers the touchpoint\'s personas', async () => {
        const ws = await buildWorkspace({});
        let list: CompletionList | undefined;
        await expectCompletion(ws.Journey)({
            text: MAP.replace('emotion Karim -2', 'emotion <|>'), index: 0, disposeAfterCheck: true,
            assert: completions => { list = completions; }
        });
        const personas = list!.items.filter(i => i.detail?.startsWith('Persona')).map(i => i.label).sort();
        expect(personas).toEqual(['Karim', 'Lea']);
    });

    test('hover shows every value; renaming a persona renames its per-persona emotions', async () => {
        const ws = await buildWorkspace({ 'loan.journey': MAP });
        const doc = ws.documents.get('loan.journey')!;
        const hover = await ws.Journey.lsp.HoverProvider!.getHoverContent(doc, textDocumentPositionParams(doc, offsetOf(MAP, 'touchpoint Sim', 12))) as Hover;
        const value = (hover.contents as { value: string }).value;
        expect(value).toContain('Emotion: +1');
        expect(value).toContain('Emotion by persona: Karim (Karim) -2');
        const edit = await ws.Journey.lsp.RenameProvider!.rename(doc, { ...textDocumentPositionParams(doc, offsetOf(MAP, 'persona Karim', 9)), newName: 'Karima' });
        const renamed = TextDocument.applyEdits(doc.textDocument, edit!.changes![doc.uri.toString()]);
        expect(renamed).toContain('emotion Karima -2');
        expect(renamed).toContain('personas Karima, Lea');
    });
});
