import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic } from 'vscode-languageserver';
import { describe, expect, test } from 'vitest';
import { buildWorkspace, readExample } from '../test-services.js';

const broken = readExample('invalid/broken-references.journey');
const common = readExample('common.journey');

interface FixCase {
    /** The rule id of the diagnostic to fix, and a word of its message that tells which one. */
    code: string;
    about: string;
    title: string;
    files?: Record<string, string>;
}

/**
 * Builds the workspace, asks for the code actions of the one diagnostic the
 * case names, applies the action with the given title, and validates the
 * result in a fresh workspace.
 */
async function applyFix({ code, about, title, files = { 'broken.journey': broken, 'common.journey': common } }: FixCase) {
    const target = Object.keys(files)[0];
    const ws = await buildWorkspace(files);
    const doc = ws.documents.get(target)!;
    const diagnostic = pick(doc.diagnostics ?? [], code, about);
    const actions = await ws.Journey.lsp.CodeActionProvider!.getCodeActions(doc, {
        textDocument: { uri: doc.uri.toString() }, range: diagnostic.range, context: { diagnostics: [diagnostic] }
    }) as CodeAction[];
    const action = actions.find(a => a.title === title);
    expect(action, `actions: ${actions.map(a => a.title).join(' | ')}`).toBeDefined();
    expect(Object.keys(action!.edit!.changes!)).toEqual([doc.uri.toString()]);
    const text = TextDocument.applyEdits(doc.textDocument, action!.edit!.changes![doc.uri.toString()]);
    const after = await buildWorkspace({ ...files, [target]: text });
    const fixed = after.documents.get(target)!;
    return { text, diagnostics: fixed.diagnostics ?? [], before: doc.diagnostics ?? [], actions };
}

function pick(diagnostics: readonly Diagnostic[], code: string, about: string): Diagnostic {
    const found = diagnostics.filter(d => d.code === code && d.message.includes(`'${about}'`));
    expect(found, `${code} about '${about}'`).toHaveLength(1);
    return found[0];
}

function count(diagnostics: readonly Diagnostic[], code: string, about: string): number {
    return diagnostics.filter(d => d.code === code && d.message.includes(`'${about}'`)).length;
}

/** Applying a fix removes its diagnostic and breaks nothing. */
async function expectFixed(fix: FixCase) {
    const result = await applyFix(fix);
    expect(count(result.diagnostics, fix.code, fix.about)).toBe(0);
    expect(result.diagnostics.filter(d => d.code === 'syntax')).toEqual([]);
    return result;
}

describe('quick fixes: applied, the map no longer has the diagnostic', () => {
    test('did you mean: Webb → Web', async () => {
        const { text } = await expectFixed({ code: 'unresolved-reference', about: 'Webb', title: "Change to 'Web'" });
        expect(text).toBe(broken.replace('channel Webb ', 'channel Web '));
    });

    test('create the missing persona, next to the journey\'s personas', async () => {
        const { text } = await expectFixed({ code: 'unresolved-reference', about: 'Bob', title: "Create persona 'Bob'" });
        expect(text).toContain('  persona Fantôme "Jamais utilisée" { }        // WARNING persona-unused\n  persona Bob "Bob"\n');
    });

    test('create the missing channel', async () => {
        await expectFixed({ code: 'unresolved-reference', about: 'Webb', title: "Create channel 'Webb'" });
    });

    test('create the missing team', async () => {
        const files = { 'map.journey': 'journey J "J" {\n  stage S "S" {\n    touchpoint T "T" { owner Ops }\n  }\n}\n' };
        const { text } = await expectFixed({ code: 'unresolved-reference', about: 'Ops', title: "Create team 'Ops'", files });
        expect(text).toContain('journey J "J" {\n  team Ops "Ops"\n  stage S');
    });

    test('create the missing touchpoint in the stage, after the one that leads to it', async () => {
        const { text } = await expectFixed({ code: 'unresolved-reference', about: 'Nulle', title: "Create touchpoint 'Nulle' in stage 'Achat'" });
        expect(text).toContain('      next Nulle                               // ERROR unresolved-reference\n    }\n    touchpoint Nulle "Nulle" {}\n');
    });

    test('add a channel to a touchpoint without one', async () => {
        const { text } = await expectFixed({ code: 'touchpoint-no-channel', about: 'SansCanal', title: "Add channel 'Web'" });
        expect(text).toContain('touchpoint SansCanal "Sans canal" {        // WARNING touchpoint-no-channel\n      channel Web\n      kind place\n');
    });

    test('add an owner, choosing among the teams in scope', async () => {
        const { actions } = await expectFixed({ code: 'touchpoint-no-owner', about: 'Panier', title: "Add owner 'Marketing'" });
        expect(actions.map(a => a.title)).toEqual(["Add owner 'Marketing'", "Add owner 'Rédaction'", "Add owner 'ServiceClient'", "Add owner 'Data'"]);
    });

    test('add a persona to a touchpoint that names none', async () => {
        const files = { 'map.journey': [
            'journey J "J" {',
            '  persona Ana "Ana"',
            '  channel Web "Web" digital',
            '  stage S "S" {',
            '    touchpoint A "A" { channel Web personas Ana }',
            '    touchpoint B "B" {',
            '      channel Web',
            '    }',
            '  }',
            '}',
            ''
        ].join('\n') };
        const { text } = await expectFixed({ code: 'touchpoint-no-persona', about: 'B', title: "Add personas 'Ana'", files });
        expect(text).toContain('    touchpoint B "B" {\n      personas Ana\n      channel Web\n');
    });

    test('add a goal to a one-line stage and to a block stage', async () => {
        const { text } = await expectFixed({ code: 'stage-no-goal', about: 'Vide', title: 'Add a goal' });
        expect(text).toContain('  stage Vide "Étape vide" {\n    goal "What the customer wants at this stage"\n  }');
        await expectFixed({ code: 'stage-no-goal', about: 'Achat', title: 'Add a goal' });
    });

    test('remove an unused persona, its whole line', async () => {
        const { text } = await expectFixed({ code: 'persona-unused', about: 'Fantôme', title: "Remove persona 'Fantôme'" });
        expect(text).toBe(broken.replace('  persona Fantôme "Jamais utilisée" { }        // WARNING persona-unused\n', ''));
    });

    test('a map written with CRLF line breaks gets CRLF ones from each fix, no bare LF', async () => {
        const crlf = (text: string) => text.replace(/\n/g, '\r\n');
        const bareLf = /(?<!\r)\n/;
        const team = await expectFixed({ code: 'unresolved-reference', about: 'Ops', title: "Create team 'Ops'", files: { 'map.journey': crlf('journey J "J" {\n  stage S "S" {\n    touchpoint T "T" { owner Ops }\n  }\n}\n') } });
        expect(team.text).toContain('journey J "J" {\r\n  team Ops "Ops"\r\n  stage S');
        const block = await expectFixed({ code: 'touchpoint-no-channel', about: 'T', title: "Add channel 'Web'", files: { 'map.journey': crlf('channel Web "Web" digital\njourney J "J" {\n  stage S "S" {\n    touchpoint T "T"\n  }\n}\n') } });
        expect(block.text).toContain('    touchpoint T "T" {\r\n      channel Web\r\n    }\r\n');
        const goal = await expectFixed({ code: 'stage-no-goal', about: 'S', title: 'Add a goal', files: { 'map.journey': crlf('journey J "J" {\n  stage S "S" {}\n}\n') } });
        for (const { text } of [team, block, goal]) expect(text).not.toMatch(bareLf);
    });

    test('a touchpoint without a block gets one', async () => {
        const files = { 'map.journey': 'channel Web "Web" digital\njourney J "J" {\n  stage S "S" {\n    touchpoint T "T"\n  }\n}\n' };
        const { text } = await expectFixed({ code: 'touchpoint-no-channel', about: 'T', title: "Add channel 'Web'", files });
        expect(text).toContain('    touchpoint T "T" {\n      channel Web\n    }\n');
    });
});
