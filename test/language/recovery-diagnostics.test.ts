// After one typo the user sees the syntax error and the diagnostics that are still true, none made up
// by the parser's recovery: no "stage has no touchpoint" for a stage whose touchpoint was misspelled,
// no duplicate channel for a touchpoint's `channel Site` read one level up.
import { describe, expect, test } from 'vitest';
import { buildWorkspace } from '../test-services.js';

const MAP = `journey Essai "Essai" {
  channel Site "Site web" digital
  persona Lea "Léa"
  stage Decouverte "Découverte" {
    goal "Trouver"
    touchpoint Devis "Devis" {
      channel Site
      personas Lea
      emotion 2
      owner Equipe
    }
  }
  team Equipe "Équipe"
}
`;

function slip(from: string, to: string, text = MAP): string {
    if (!text.includes(from)) throw new Error(`test setup: '${from}' not in the map`);
    return text.replace(from, to);
}

/** `line:rule` of each diagnostic, as the user reads them (1-based lines). */
async function diagnosticsOf(text: string, settings?: Record<string, unknown>): Promise<string[]> {
    const workspace = await buildWorkspace(text, settings ? { settings } : {});
    return workspace.diagnostics().map(d => `${d.range.start.line + 1}:${d.code}`);
}

describe('diagnostics after a typo: the syntax error, nothing made up by the recovery', () => {
    test('the clean map has no diagnostic', async () => {
        expect(await diagnosticsOf(MAP)).toEqual([]);
    });

    const cases: Array<[string, string]> = [
        ['a misspelled touchpoint keyword (the stage\'s only touchpoint)', slip('touchpoint Devis', 'touchpont Devis')],
        ['a stage label without quotes', slip('stage Decouverte "Découverte"', 'stage Un Premier')],
        ['a misspelled stage keyword', slip('stage Decouverte', 'stag Decouverte')],
        ['a touchpoint label without quotes', slip('touchpoint Devis "Devis"', 'touchpoint Devis Demande de devis')],
        ['a missing { after a touchpoint header', slip('touchpoint Devis "Devis" {', 'touchpoint Devis "Devis"')],
        ['a missing { after a stage header', slip('stage Decouverte "Découverte" {', 'stage Decouverte "Découverte"')],
        ['an unterminated touchpoint label', slip('touchpoint Devis "Devis"', 'touchpoint Devis "Devis')]
    ];
    for (const [what, text] of cases) {
        test(`${what}: only syntax errors`, async () => {
            const found = await diagnosticsOf(text);
            expect(found.length).toBeGreaterThan(0);
            expect(found.filter(d => !d.endsWith(':syntax'))).toEqual([]);
        });
    }

    /** Problems that are real whatever the typo elsewhere: a touchpoint and a channel declared twice, an empty stage. */
    const REAL_PROBLEMS = `  stage Achat "Achat" {
    goal "Payer"
    touchpoint Panier "Panier" { channel Site personas Lea emotion 1 owner Equipe }
    touchpoint Panier "Panier encore" { channel Site personas Lea emotion 1 owner Equipe }
  }
  stage Vide "Vide" {
    goal "Rien"
  }
  channel Site "Encore"
`;

    test('a real duplicate and an empty stage elsewhere in the same broken file are still reported', async () => {
        const text = slip('  stage Decouverte', `${REAL_PROBLEMS}  stage Decouverte`, slip('touchpoint Devis', 'touchpont Devis'));
        const found = await diagnosticsOf(text);
        expect(found).toContain('15:syntax');
        expect(found).toContain('7:duplicate-name');
        expect(found).toContain('9:stage-empty');
        expect(found).toContain('12:duplicate-name');
        expect(found.filter(d => d.endsWith(':duplicate-name'))).toHaveLength(2);
    });

    test('after a misspelled block keyword, the rest of the file is read as written (the block is skipped whole)', async () => {
        const text = slip('  team Equipe', `${REAL_PROBLEMS}  team Equipe`, slip('touchpoint Devis', 'touchpont Devis'));
        expect(await diagnosticsOf(text)).toEqual(['6:syntax', '16:duplicate-name', '18:stage-empty', '21:duplicate-name']);
    });

    test('while a touchpoint is half typed, the rest of the file keeps its warnings', async () => {
        const half = slip('  team Equipe', `  stage Achat "Achat" {
    goal "Payer"
    touchpoint Panier "Panier" { chan
  }
  stage Vide "Vide" {
  }
  team Equipe`);
        const found = await diagnosticsOf(half);
        expect(found.some(d => d.endsWith(':syntax'))).toBe(true);
        expect(found).toContain('17:stage-empty');
        expect(found).toContain('17:stage-no-goal');
    });

    test('the syntax error is said in the map\'s language', async () => {
        const workspace = await buildWorkspace(slip('touchpoint Devis', 'touchpont Devis'), { settings: { locale: 'fr' } });
        const [error] = workspace.diagnostics();
        expect(error.code).toBe('syntax');
        expect(error.range.start).toEqual({ line: 5, character: 4 });
        expect(error.message).toMatch(/touchpont/);
        expect(workspace.diagnostics().filter(d => d.code !== 'syntax')).toEqual([]);
    });
});

// A block the recovery skips whole ends at the `}` the text's braces give it. When its own `}`
// is missing it takes its parent's, and skipping up to there hid the rest of the parent and
// the missing `}` at the end of the file. The end of the file is reported as without the typo.
describe('after a misspelt block keyword with unbalanced braces, every block left open is still reported', () => {
    const STAGES = `journey J "J" {
  channel Site "Site" digital
  stage S "S" {
    goal "g"
    touchpoint A "A" {
      channel Site
    }
    touchpoint B "B" { channel Site }
  }
  stage S2 "S2" {
    goal "h"
    touchpoint C "C" { channel Site }
  }
}
`;

    /** The syntax errors of a text, `line: message` (0 for the end of the file). */
    async function syntaxErrorsOf(text: string): Promise<string[]> {
        const workspace = await buildWorkspace(text);
        return workspace.diagnostics().filter(d => d.code === 'syntax')
            .map(d => `${d.message.includes('file ends') ? 'end' : d.range.start.line + 1}: ${d.message.replace(/ Did you mean.*/, '')}`);
    }

    const atEnd = (errors: string[]) => errors.filter(error => error.startsWith('end:'));

    const cases: Array<[string, [string, string], string]> = [
        // The stage's `}` closes the misspelt touchpoint: the journey is left open.
        ['the misspelt block\'s own } missing, the journey\'s too', ['touchpoint A', 'touchpont A'],
            slip('    }\n    touchpoint B', '    touchpoint B', STAGES.replace(/}\n$/, ''))],
        ['the misspelt stage missing a } inside, the journey\'s } missing', ['stage S ', 'stag S '],
            slip('touchpoint B "B" { channel Site }', 'touchpoint B "B" { channel Site', STAGES)],
        ['an extra } inside the misspelt block', ['touchpoint A', 'touchpont A'],
            slip('      channel Site\n', '      channel Site }\n', STAGES)],
        ['braces in strings and comments inside the misspelt block, the journey\'s } missing', ['touchpoint A', 'touchpont A'],
            slip('      channel Site\n', '      channel Site // }\n      action "}" /* { */\n', STAGES.replace(/}\n$/, ''))],
        // The misspelt block takes the last } of the file: what it leaves open meets the end of the file.
        ['the misspelt stage\'s own } missing', ['stage S2', 'stag S2'],
            slip('    touchpoint C "C" { channel Site }\n  }\n', '    touchpoint C "C" { channel Site }\n', STAGES)],
        ['the misspelt last stage, the journey\'s } missing', ['stage S2', 'stag S2'], STAGES.replace(/}\n$/, '')],
        ['the misspelt touchpoint\'s } and its stage\'s missing, the file ending with the journey\'s }', ['touchpoint C', 'touchpont C'],
            slip('touchpoint C "C" { channel Site }\n  }\n', 'touchpoint C "C" { channel Site\n', STAGES)],
        // A stage cannot be written in a stage: without the slip, the parser leaves the stage there, whatever its braces say.
        ['the next stage inside a touchpoint of the misspelt stage, their } missing', ['stage S ', 'stag S '],
            slip('    touchpoint B "B" { channel Site }\n  }\n', '    touchpoint B "B" { channel Site\n', STAGES)]
    ];
    for (const [what, [keyword, misspelt], fixed] of cases) {
        test(`${what}: the end of the file is reported as without the typo`, async () => {
            const errors = await syntaxErrorsOf(slip(keyword, misspelt, fixed));
            expect(errors[0]).toMatch(/Unexpected 'touchpont|Unexpected 'stag'/);
            expect(atEnd(errors)).toEqual(atEnd(await syntaxErrorsOf(fixed)));
        });
    }

    // The misspelt stage's `{` takes the journey's `}` at the end: nothing after the skipped block
    // may follow the journey, and the journey, left open, meets the end of the file.
    test('the misspelt stage\'s touchpoint } missing, the file ending with the journey\'s }: the journey left open is reported', async () => {
        const fixed = slip('touchpoint C "C" { channel Site }', 'touchpoint C "C" { channel Site', STAGES);
        expect(atEnd(await syntaxErrorsOf(slip('stage S2', 'stag S2', fixed)))).toEqual(atEnd(await syntaxErrorsOf(fixed)));
    });

    test('after a misspelt stage whose } is missing, the next stage is read as written', async () => {
        const text = slip('stage S ', 'stag S ', slip('touchpoint B "B" { channel Site }', 'touchpoint B "B" { channel Site', STAGES));
        const found = await diagnosticsOf(text);
        expect(found.filter(d => d.endsWith(':syntax'))).toEqual(['3:syntax']);
        expect(found).toContain('12:touchpoint-no-owner');
    });

    test('stray words at the end of a journey left open: the journey is still reported open', async () => {
        const open = 'journey J "J" {\n  stage S "S" { goal "g" touchpoint A "A" { channel Site } }\n';
        const errors = await syntaxErrorsOf(`${open}  unfinished words\n`);
        expect(errors[0]).toMatch(/^3: Unexpected 'unfinished'/);
        expect(atEnd(errors)).toEqual(atEnd(await syntaxErrorsOf(open)));
        expect(atEnd(errors)).toHaveLength(1);
    });

    test('a persona left open before a misspelt journey: nothing is made up at the end of the file', async () => {
        // Without the slip the parser closes the persona before `journey`; the misspelt block is a stray in a persona.
        const fixed = 'persona P "P" {\n  goal "x"\njourney J "J" {\n  stage S "S" { goal "g" }\n}\n';
        const errors = await syntaxErrorsOf(slip('journey J', 'journy J', fixed));
        expect(errors).toEqual([expect.stringMatching(/^3: Unexpected 'journy'/)]);
        expect(atEnd(await syntaxErrorsOf(fixed))).toEqual([]);
    });

    test('the journey left open at the end of the file is reported, as by the CLI for the reviewer\'s map', async () => {
        const text = 'journey J "J" {\n  stage S "S" {\n    goal "g"\n    touchpont A "A" {\n    touchpoint B { channel Site }\n  }\n  stage S2 "S2" { goal "h" }\n';
        expect(atEnd(await syntaxErrorsOf(text))).toEqual(["end: Missing '}' to close this journey: the file ends before it."]);
    });

    test('a misspelt block with balanced braces, strings and comments holding braces, is still skipped whole', async () => {
        const text = slip('touchpoint A', 'touchpont A', slip('      channel Site\n', '      channel Site // }\n      action "}" /* { */\n', STAGES));
        expect(await syntaxErrorsOf(text)).toHaveLength(1);
        expect((await diagnosticsOf(text)).filter(d => !d.includes(':touchpoint-no-'))).toEqual(['5:syntax']);
    });
});
