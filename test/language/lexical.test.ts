import { describe, expect, test } from 'vitest';
import { GrammarUtils, type GrammarAST } from 'langium';
import { buildWorkspace, createTestServices, journeyLexer, summary } from '../test-services.js';
import { journey, tempTree } from '../cli/run-cli.js';
import { firstSyntaxProblem } from '../../src/language/syntax-problem.js';

describe('lexical syntax', () => {
    test('Unicode identifiers link and validate', async () => {
        const linted = await buildWorkspace(`persona Inès "Inès"
channel 应用 "应用" digital
journey 启动软件 "启动软件" {
  stage Découverte "Découverte" {
    goal "Trouver"
    touchpoint Écran_d_accueil "Écran" { channel 应用 personas Inès emotion 2 }
  }
  metric Taux "Taux" in Découverte target 10%
}
`);
        expect(summary(linted.diagnostics(), ['error', 'warning'])).toEqual([]);
        const model = linted.documents.values().next().value!.parseResult.value;
        const touchpoint = model.journeys[0].stages[0].touchpoints[0];
        expect([model.journeys[0].name, touchpoint.name, touchpoint.channels[0].ref?.name, touchpoint.personas[0].ref?.name])
            .toEqual(['启动软件', 'Écran_d_accueil', '应用', 'Inès']);
        expect(model.journeys[0].metrics[0].stage.ref?.name).toBe('Découverte');
    });

    test('names that start with a keyword are whole names, ASCII or not', async () => {
        const linted = await buildWorkspace(`persona personaX "X"
channel internet "Internet" digital
team nextDoor "Voisins"
journey stageOne "J" {
  stage stages "S" {
    goal "g"
    touchpoint touchpointÉ "T" { channel internet personas personaX emotion 0 owner nextDoor next in2 }
    touchpoint in2 "T2" { channel internet personas personaX emotion 0 owner nextDoor }
  }
}
`);
        expect(summary(linted.diagnostics(), ['error', 'warning'])).toEqual([]);
        const journey = linted.documents.values().next().value!.parseResult.value.journeys[0];
        const [first, second] = journey.stages[0].touchpoints;
        expect([journey.name, journey.stages[0].name, first.name, second.name]).toEqual(['stageOne', 'stages', 'touchpointÉ', 'in2']);
        expect([first.channels[0].ref?.name, first.personas[0].ref?.name, first.owner?.ref?.name, first.next[0].ref?.name])
            .toEqual(['internet', 'personaX', 'nextDoor', 'in2']);
    });

    test('single and double quoted strings with escapes', async () => {
        const linted = await buildWorkspace(String.raw`journey J 'L\'appel "urgent"' {
  description "Ligne 1\nLigne 2 \"citée\" \\ fin"
}`);
        expect(summary(linted.diagnostics(), ['error'])).toEqual([]);
        const journey = linted.documents.values().next().value!.parseResult.value.journeys[0];
        expect(journey.title).toBe(`L'appel "urgent"`);
        expect(journey.description).toBe('Ligne 1\nLigne 2 "citée" \\ fin');
    });

    test('line and block comments anywhere, including between fields and across lines', async () => {
        const linted = await buildWorkspace(`/* Carte
   multi-lignes */
journey J "J" { // titre
  stage S /* nom */ "S" {
    goal "g" /* pas une */ touchpoint T "T" { emotion /* neutre */ 0 }
  }
}`);
        expect(summary(linted.diagnostics(), ['error'])).toEqual([]);
        expect(linted.documents.values().next().value!.parseResult.value.journeys[0].stages[0].touchpoints[0].emotions[0].value).toBe(0);
    });

    test('an unterminated string is one syntax error at the string, and the next line is still read', async () => {
        const text = `journey J "J" {
  description "pas fini
  stage S "S" { goal "g" }
}`;
        const linted = await buildWorkspace(text);
        const errors = linted.diagnostics().filter(d => d.severity === 1);
        expect(summary(errors)).toEqual(['2:error:syntax']);
        expect(errors[0].message).toBe('Unterminated string: add the closing quote before the end of the line.');
        expect(errors[0].range).toEqual({ start: { line: 1, character: 14 }, end: { line: 1, character: 23 } });
        expect(linted.documents.values().next().value!.parseResult.value.journeys[0].stages[0].name).toBe('S');
    });

    test('a string left open is the one error where it starts: the parser\'s complaints about what it swallowed are dropped', async () => {
        const unclosed = 'Unterminated string: add the closing quote before the end of the line.';
        const cases: Array<[string, string]> = [
            // It swallowed the '{': "Expected '{' after '\"Unclosed {', found 'persona'" was shown at the string too.
            ['journey U "Unclosed {\n  persona A "A"\n}\n', '0:10'],
            // Where a name belongs, and swallowing the '{'.
            ['journey "Unclosed {\n  persona A "A"\n}\n', '0:8'],
            // It swallowed the '}': "Missing '}' to close this persona before 'stage'", at the string.
            ['journey J "J" {\n  persona A "A" { goal "x }\n  stage S "S" { }\n}\n', '1:23'],
            // A swallowed brace shifts the blocks to the end of the declaration: "'touchpoint' belongs in a stage… Is a '{' missing…?"
            ['journey J "J" {\n  stage S "Open {\n    touchpoint T "T" { emotion 1 }\n  }\n  stage S2 "S2" { }\n}\n', '1:10']
        ];
        for (const [text, place] of cases) {
            const linted = await buildWorkspace(text);
            const errors = linted.diagnostics().filter(d => d.severity === 1);
            expect(errors.map(e => `${e.range.start.line}:${e.range.start.character}`), text).toEqual([place]);
            expect(errors.map(e => e.message), text).toEqual([unclosed]);
            // render and format refuse the map for the same reason.
            const [line, column] = place.split(':').map(Number);
            expect(firstSyntaxProblem(linted.documents.values().next().value!), text).toEqual({ message: unclosed, line: line + 1, column: column + 1 });
        }
    });

    test('a parser error that does not come from the string left open stays', async () => {
        const errorsOf = async (text: string) => (await buildWorkspace(text)).diagnostics()
            .filter(d => d.severity === 1).map(d => `${d.range.start.line}:${d.message.slice(0, 20)}`);
        // In another declaration, after a string that swallowed no brace.
        expect(await errorsOf('journey J "J" {\n  stage S "S" { goal "x\n  }\n}\njourney { }\n'))
            .toEqual(['1:Unterminated string:', '4:Expected a name afte']);
        // Before the string.
        expect(await errorsOf('journey J "J" {\n  stage S "S" { kind tool }\n  description "x {\n}\n'))
            .toEqual(["1:'kind' belongs in a ", '2:Unterminated string:']);
    });

    test('an unexpected character gets a readable message', async () => {
        const linted = await buildWorkspace('journey J "J" { state current # }');
        const errors = linted.diagnostics().filter(d => d.severity === 1);
        expect(summary(errors)).toEqual(['1:error:syntax']);
        expect(errors[0].message).toBe("Unexpected character '#': names are letters, digits and '_', and text goes in quotes; a comment starts with // (or /* … */).");
        expect(errors[0].range.start.character).toBe(30);
    });

    test('typographic quotes (a word processor\'s “…”, French « … ») are named as such: text takes straight quotes', async () => {
        const text = 'journey J "J" {\n  stage S « Découvrir » { goal “g” }\n}\n';
        const errors = (await buildWorkspace(text)).diagnostics().filter(d => d.severity === 1);
        const quotes = errors.filter(e => /typographic/.test(e.message));
        expect(quotes.map(e => e.range.start.character)).toEqual([10, 22, 31, 33]);
        expect(quotes[0].message).toBe("Unexpected character '«': text goes in straight quotes, \"…\" or '…', not in typographic ones.");
        // In French, "guillemets" alone would name the very « » that were typed.
        const french = await journey(['lint', '--locale', 'fr', '-f', 'json', 'map.journey'], { cwd: tempTree({ 'map.journey': text }) });
        expect(JSON.parse(french.stdout)[0].messages[0]).toMatchObject({
            line: 2, column: 11, ruleId: 'syntax', message: "Caractère '«' inattendu\u00a0: le texte se met entre guillemets droits, \"…\" ou '…', pas entre guillemets typographiques."
        });
    });

    test('a block comment left open says so, in the map\'s language too', async () => {
        const text = 'journey J "J" {\n  /* commentaire non fermé\n  stage S "S" { goal "g" }\n}\n';
        const errors = (await buildWorkspace(text)).diagnostics().filter(d => d.severity === 1);
        expect(errors[0].message).toBe("Comment not closed: '/*' needs a '*/' where the comment ends.");
        expect(errors[0].range.start).toEqual({ line: 1, character: 2 });
        const french = await journey(['lint', '--locale', 'fr', '-f', 'json', 'map.journey'], { cwd: tempTree({ 'map.journey': text }) });
        expect(JSON.parse(french.stdout)[0].messages[0]).toMatchObject({
            line: 2, column: 3, ruleId: 'syntax', message: "Commentaire non fermé\u00a0: '/*' attend un '*/' là où le commentaire se termine."
        });
    });

    test('parser messages name what was expected in words', async () => {
        const messages = async (text: string) => (await buildWorkspace(text)).diagnostics().filter(d => d.code === 'syntax').map(d => d.message);
        expect(await messages('journey { }')).toEqual(["Expected a name after 'journey', found '{'."]);
        expect(await messages('journey J "J" { stage S "S" { touchpoint T "T" { kind robot } } }'))
            .toEqual(["Expected 'person', 'tool' or 'place' after 'kind', found 'robot'."]);
        expect(await messages('}')).toEqual(["Unexpected '}': a file contains `persona`, `channel`, `team` and `journey` declarations."]);
        expect(await messages('journy J "J" { }')).toEqual(["Unexpected 'journy': a file contains `persona`, `channel`, `team` and `journey` declarations. Did you mean 'journey'?"]);
        expect(await messages('journey J "J" { stage S "S" { touchpoint T "T" { chanel W } } }')).toEqual([
            "Unexpected 'chanel' in this touchpoint: expected `kind`, `channel`, `personas`, `action`, `backstage`, `support`, `emotion`, `evidence`, `owner`, `description`, `friction`, `opportunity`, `next` or '}' to close it. Did you mean 'channel'?"
        ]);
        expect(await messages('journey J "J" { stage S "S" {')).toEqual(["Missing '}' to close this stage: the file ends before it."]);
        expect(await messages('journey J "J" {\n  stat current\n}')).toEqual([
            "Unexpected 'stat' in this journey: expected `state`, `description`, `persona`, `channel`, `team`, `stage`, `metric` or '}' to close it. Did you mean 'state'?"
        ]);
    });

    test('a block left open is reported where it should close, once', async () => {
        const linted = await buildWorkspace('journey J "J" {\n  stage S "S" {\n    touchpoint A "A" { }\n  stage T "T" { }\n}');
        const errors = linted.diagnostics().filter(d => d.severity === 1);
        expect(summary(errors)).toEqual(['3:error:syntax']);
        expect(errors[0].message).toBe("Missing '}' to close this stage before 'stage'.");
    });

    test('a half-typed emotion is one syntax error, not also an emotion-range error', async () => {
        const linted = await buildWorkspace('journey J "J" {\n  stage S "S" {\n    touchpoint A "A" {\n      emotion +\n    }\n  }\n}');
        expect(summary(linted.diagnostics().filter(d => d.severity === 1))).toEqual(['4:error:syntax']);
        expect(linted.diagnostics().find(d => d.severity === 1)?.message).toBe("Expected a number after '+', found '}'.");
    });

    test('soft keywords may be used as names', async () => {
        const linted = await buildWorkspace(`journey J "J" {
  persona low "L"
  channel digital "D" digital
  stage target "T" { goal "g" touchpoint in "I" { channel digital personas low emotion 0 } }
  metric actual "A" in target target 1 actual 2
}`);
        expect(summary(linted.diagnostics(), ['error', 'warning'])).toEqual([]);
    });
});

describe('tokens', () => {
    // The lexer makes its own (lighter) tokens: each keeps Chevrotain's fields and values.
    test('keep their text, offsets, lines and columns, across lines too', () => {
        const text = 'team  Été "Équipe\n/* deux\nlignes */ journey';
        const { tokens, hidden } = journeyLexer.tokenize(text);
        const fields = ['image', 'startOffset', 'endOffset', 'startLine', 'endLine', 'startColumn', 'endColumn'] as const;
        const shown = [...tokens, ...hidden].sort((a, b) => a.startOffset - b.startOffset)
            .map(token => [token.tokenType.name, ...fields.map(field => token[field])]);
        expect(shown).toEqual([
            ['team', 'team', 0, 3, 1, 1, 1, 4],
            ['ID', 'Été', 6, 8, 1, 1, 7, 9],
            ['STRING', '"Équipe', 10, 16, 1, 1, 11, 17],
            ['ML_COMMENT', '/* deux\nlignes */', 18, 34, 2, 3, 1, 9],
            ['journey', 'journey', 36, 42, 3, 3, 11, 17]
        ]);
        expect(tokens[0].tokenTypeIdx).toBe(tokens[0].tokenType.tokenTypeIdx);
    });

    // The ID token tells Chevrotain which characters it starts with as Chevrotain groups them
    // (journey-token-builder.ts startCharacters): none of them may be missed.
    test('every character of the BMP a name can start with starts an ID token', () => {
        const idTerminal = createTestServices().Journey.Grammar.rules.find(rule => rule.name === 'ID') as GrammarAST.TerminalRule;
        const wholeName = new RegExp(`^(?:${GrammarUtils.terminalRegex(idTerminal).source})$`, 'u');
        const misread: string[] = [];
        let starts = 0;
        for (let code = 0; code <= 0xFFFF; code++) {
            const name = `${String.fromCharCode(code)}x`;
            if (!wholeName.test(name)) continue;
            starts++;
            const { tokens, errors } = journeyLexer.tokenize(name);
            if (errors.length > 0 || tokens.length !== 1 || tokens[0].tokenType.name !== 'ID') misread.push(name);
        }
        expect(starts).toBeGreaterThan(40_000);
        expect(misread).toEqual([]);
    });
});

describe('invisible characters', () => {
    const MAP = 'journey J "J" {\n  persona P "P"\n  stage S "S" { goal "g" touchpoint T "T" { personas P } }\n}\n';

    for (const separator of ['\u2028', '\u2029']) {
        test(`a line separator U+${separator.codePointAt(0)!.toString(16).toUpperCase()} after // does not silently comment out the map`, async () => {
            const linted = await buildWorkspace(`// a note${separator}${MAP.replace(/\n/g, separator)}`);
            const errors = linted.diagnostics().filter(d => d.severity === 1);
            expect(summary(errors)).toEqual(['1:error:syntax']);
            expect(errors[0].message).toMatch(/U\+202[89].*comment runs on to the end of the line/);
            expect(errors[0].range.start.character).toBe(9);
        });
    }

    test('a line separator elsewhere is blank space', async () => {
        const linted = await buildWorkspace(MAP.replace('persona P "P"', 'persona P "P"\u2028'));
        expect(summary(linted.diagnostics(), ['error'])).toEqual([]);
    });

    test('bidi controls in strings and comments are a bidi-control warning at each one (Trojan Source)', async () => {
        const text = MAP.replace('goal "g"', 'goal "pay \u202Eyako\u202C now"').replace('persona P "P"', 'persona P "P" // \u2067hidden\u2069');
        const linted = await buildWorkspace(text);
        const warnings = linted.diagnostics().filter(d => d.code === 'bidi-control');
        expect(warnings.map(d => [d.severity, d.range.start.line, d.range.start.character, d.range.end.character])).toEqual([
            [2, 1, 19, 20], [2, 1, 26, 27], [2, 2, 26, 27], [2, 2, 31, 32]
        ]);
        expect(warnings[0].message).toContain('U+2067');
        expect(warnings[2].message).toContain('U+202E');
    });
});
