// journey import: Mermaid journey → .journey, checked by parsing, by the real linter and by round trip.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { identifierFrom, importMermaid, MermaidImportError } from '../../src/import/mermaid.js';
import { toMermaid } from '../../src/export/mermaid.js';
import { exportModel } from '../../src/export/model.js';
import { parseMap } from '../diagram/fixtures.js';
import { journey, tempTree } from '../cli/run-cli.js';

const WORKING_DAY = `journey
    title My working day
    section Go to work
      Make tea: 5: Me
      Go upstairs: 3: Me
      Do work: 1: Me, Cat
    section Go home
      Go downstairs: 5: Me
      Sit down: 5: Me
`;

async function importedModel(mermaid: string) {
    const { source } = importMermaid(mermaid);
    const doc = await parseMap(source);
    expect(doc.parseResult.lexerErrors, source).toEqual([]);
    expect(doc.parseResult.parserErrors, source).toEqual([]);
    return exportModel(doc.parseResult.value);
}

describe('importMermaid', () => {
    it('reads a file saved with a byte order mark: its `journey` header on line 1 is found (the mark is no part of it)', () => {
        expect(importMermaid('\uFEFFjourney\n  section S\n    Pay: 3: A\n').source).toContain('Pay');
        expect(() => importMermaid('\uFEFFjourney\n  section S\n    just words\n')).toThrow(new MermaidImportError(3, 5, "expected a task `Name: score: actors`, `section` or `title`, found 'just words'"));
    });

    it('maps title, sections, tasks, scores and actors', async () => {
        const [j] = (await importedModel(WORKING_DAY)).journeys;
        expect(j).toMatchObject({ id: 'MyWorkingDay', label: 'My working day' });
        expect(j.personas.map(p => [p.id, p.label])).toEqual([['Me', 'Me'], ['Cat', 'Cat']]);
        expect(j.stages.map(s => [s.id, s.label])).toEqual([['GoToWork', 'Go to work'], ['GoHome', 'Go home']]);
        expect(j.stages[0].touchpoints.map(t => [t.id, t.label, t.emotion, t.personas])).toEqual([
            ['MakeTea', 'Make tea', 2, ['Me']], ['GoUpstairs', 'Go upstairs', 0, ['Me']], ['DoWork', 'Do work', -2, ['Me', 'Cat']]
        ]);
    });

    it('keeps Unicode, handles colons in section names, actors with spaces, comments and accessibility lines', async () => {
        const { source } = importMermaid(`%% a comment before the header
journey
  accTitle: Parcours d'achat
  accDescr: Du choix au retrait, 2024
  title Achat en ligne — été
  %% a comment inside
  section Étape 1: découverte
    Voir l'annonce: 4: Jean Dupont, Zoë
    Lire les avis : 2 : Zoë %% trailing comment
  section 2e étape: paiement
    Payer #58; carte: 1: Jean Dupont
`);
        const doc = await parseMap(source);
        expect(doc.parseResult.parserErrors).toEqual([]);
        const [j] = exportModel(doc.parseResult.value).journeys;
        expect(j.label).toBe('Achat en ligne — été');
        expect(j.description).toBe('Du choix au retrait, 2024');
        expect(j.stages.map(s => [s.id, s.label])).toEqual([['Étape1Découverte', 'Étape 1: découverte'], ['_2eÉtapePaiement', '2e étape: paiement']]);
        expect(j.personas.map(p => [p.id, p.label])).toEqual([['JeanDupont', 'Jean Dupont'], ['Zoë', 'Zoë']]);
        expect(j.stages[0].touchpoints.map(t => [t.label, t.emotion, t.personas])).toEqual([
            ["Voir l'annonce", 1, ['JeanDupont', 'Zoë']], ['Lire les avis', -1, ['Zoë']]
        ]);
        expect(j.stages[1].touchpoints[0].label).toBe('Payer : carte');
    });

    it('clamps scores outside 1…5 with a warning naming the line', () => {
        const { source, warnings } = importMermaid('journey\n  title T\n  section S\n    Great: 9: A\n    Awful: 0: A\n    Fine: 4: A\n');
        expect(warnings).toEqual([
            { line: 4, column: 12, message: "score 9 of task 'Great' is outside 1…5: imported as 5 (emotion 2)" },
            { line: 5, column: 12, message: "score 0 of task 'Awful' is outside 1…5: imported as 1 (emotion -2)" }
        ]);
        expect(source).toContain('emotion 2\n');
        expect(source).toContain('emotion -2\n');
    });

    it('numbers clashing identifiers and avoids keywords and leading digits', () => {
        expect(identifierFrom('stage')).toBe('Stage');
        expect(identifierFrom('3D view')).toBe('_3DView');
        expect(identifierFrom('🎉!!')).toBeUndefined();
        const { source } = importMermaid('journey\nsection Pay\n  Pay: 3\n  Pay!: 3\n  🎉: 3\n  🎊: 3\n');
        expect(source.match(/touchpoint \S+/g)).toEqual(['touchpoint Pay', 'touchpoint Pay2', 'touchpoint Touchpoint', 'touchpoint Touchpoint2']);
    });

    it('reads the mermaid journey blocks of a Markdown file and skips other diagrams', async () => {
        const markdown = '# Maps\n\n```mermaid\nflowchart LR\n  A --> B\n```\n\nText.\n\n```mermaid\njourney\n  title One\n  section S\n    T: 3: X\n```\n\n~~~mermaid\njourney\n  title One\n  section S\n    T: 5\n~~~\n';
        const model = await importedModel(markdown);
        expect(model.journeys.map(j => [j.id, j.label])).toEqual([['One', 'One'], ['One2', 'One']]);
    });

    it('reports what it cannot read with line and column', () => {
        expect(() => importMermaid('journey\n  section S\n    just words\n')).toThrow(new MermaidImportError(3, 5, "expected a task `Name: score: actors`, `section` or `title`, found 'just words'"));
        expect(() => importMermaid('flowchart LR\n A --> B\n')).toThrow(/no Mermaid journey diagram found/);
    });

    it('round-trips: import → export mermaid → import gives the same map', async () => {
        const first = await importedModel(WORKING_DAY + '    section Odd: names; #1; #bogus; #1114112; 100%% sure\n      Pay #58; now, or later: 2: Ann, C D\n');
        expect(first.journeys[0].stages[2]).toMatchObject({ label: 'Odd: names; \u0001 #bogus; #1114112; 100' });
        expect(first.journeys[0].stages[2].touchpoints[0]).toMatchObject({ label: 'Pay : now, or later', emotion: -1, personas: ['Ann', 'CD'] });
        const text = toMermaid(first.journeys[0]);
        // What Mermaid's own lexer would cut short is written as entity codes.
        expect(text).toContain('    section Odd#58; names#59; #1; #35;bogus#59; #35;1114112#59; 100\n');
        expect(text).toContain('      Pay #58; now#44; or later: 2: Ann, C D\n');
        const again = await importedModel(text);
        expect(again).toEqual(first);
    });
});

describe('journey import (real CLI)', () => {
    it('writes a .journey that lints with no error, warnings on stderr with file and line', async () => {
        const dir = tempTree({ 'day.mmd': WORKING_DAY.replace('Make tea: 5', 'Make tea: 7') });
        const run = await journey(['import', 'day.mmd', '-o', 'day.journey'], { cwd: dir });
        expect(run.code).toBe(0);
        expect(run.stderr).toBe("day.mmd:4:17: warning: score 7 of task 'Make tea' is outside 1…5: imported as 5 (emotion 2)\n");
        expect(readFileSync(join(dir, 'day.journey'), 'utf8')).toContain('journey MyWorkingDay "My working day" {');
        const lint = await journey(['lint', '--format', 'json', 'day.journey'], { cwd: dir });
        expect(lint.code).toBe(0);
        expect(JSON.parse(lint.stdout)[0].errorCount).toBe(0);
    });

    it('writes maps that are already formatted: `journey format --check` passes on them, with or without description and actors', async () => {
        const dir = tempTree({
            'day.mmd': WORKING_DAY,
            'described.mmd': WORKING_DAY.replace('title My working day', 'title My working day\n    accDescr: A day at the office'),
            'nobody.mmd': 'journey\n  title Nobody\n  section Alone\n    Wait: 3\n',
            'untitled.mmd': 'journey\n  section Alone\n    Wait: 3\n'
        });
        for (const name of ['day', 'described', 'nobody', 'untitled']) {
            expect((await journey(['import', `${name}.mmd`, '-o', `${name}.journey`], { cwd: dir })).code).toBe(0);
        }
        const check = await journey(['format', '--check', '.'], { cwd: dir });
        expect(check.stdout).toBe('');
        expect(check.code).toBe(0);
    });

    it('exits 1 with file:line:column on an unreadable diagram, said as render and export say a map\'s, 2 on a missing file', async () => {
        const bad = await journey(['import', '-'], { input: 'journey\n  title T\n  oops\n' });
        expect(bad.code).toBe(1);
        expect(bad.stderr).toBe("journey import: <stdin>:3:3: expected a task `Name: score: actors`, `section` or `title`, found 'oops'\n");
        const missing = await journey(['import', 'nope.mmd'], { cwd: tempTree({}) });
        expect(missing.code).toBe(2);
        expect(missing.stderr).toBe("journey import: no such file: 'nope.mmd'\n");
    });

    it('a diagram that is not UTF-8 (Latin-1 "Café") stops at its first such byte, as a map does: its text is not imported as U+FFFD', async () => {
        const latin1 = Buffer.from('journey\n  title Caf\u00e9\n  section Matin\n    Boire: 5: Moi\n', 'latin1');
        const dir = tempTree({});
        writeFileSync(join(dir, 'cafe.mmd'), latin1);
        const file = await journey(['import', 'cafe.mmd', '-o', 'cafe.journey'], { cwd: dir });
        expect(file.stderr).toBe('journey import: cafe.mmd:2:12: byte 0xE9 is not UTF-8 (save the file as UTF-8)\n');
        expect(file.code).toBe(2);
        expect(existsSync(join(dir, 'cafe.journey'))).toBe(false);
        const stdin = await journey(['import', '-'], { input: latin1 });
        expect(stdin.stderr).toBe('journey import: <stdin>:2:12: byte 0xE9 is not UTF-8 (save the file as UTF-8)\n');
        expect(stdin.stdout).toBe('');
        expect(stdin.code).toBe(2);
    });
});
