import fc from 'fast-check';
import { Cancellation, EmptyFileSystem, isReference, URI, type CstNode, type LangiumDocument, type ParseResult } from 'langium';
import type { IRecognitionException, IToken } from 'chevrotain';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { describe, expect, it } from 'vitest';
import { createJourneyServices } from '../../src/language/journey-module.js';
import { treeEditsSince, treeGeneration } from '../../src/language/tree-edits.js';
import { EXAMPLES } from '../examples.js';
import { cstOf } from './tree-snapshot.js';

// An edit inside one stage that leaves a syntax error there (the commonest keystroke: typing a new
// touchpoint) re-parses that stage only, with the outer rules on the parser's stack, as long as the
// result is provably the one a parse of the whole text gives (src/language/journey-document-factory.ts).
// Every step here is compared with a fresh parse of the whole text: AST values, CST nodes and leaves,
// lexer errors and reports, parser errors with their tokens, messages and rule stacks.

/** A fresh parse of a whole text, by services of its own (nothing cached from the edited document). */
const reference = createJourneyServices(EmptyFileSystem).Journey.parser.LangiumParser;

function astOf(node: unknown): unknown {
    if (Array.isArray(node)) return node.map(astOf);
    if (isReference(node)) return { ref: node.$refText };
    if (node === null || typeof node !== 'object') return node;
    const record = node as Record<string, unknown>;
    const cst = record.$cstNode as CstNode | undefined;
    const at = cst ? { $at: `${cst.offset}+${cst.length}` } : {};
    return { ...at, ...Object.fromEntries(Object.keys(record).filter(key => key === '$type' || key === '$containerProperty' || key === '$containerIndex' || !key.startsWith('$')).sort().map(key => [key, astOf(record[key])])) };
}

const tokenOf = (token: IToken | undefined) => token && `${token.image}@${token.startOffset}-${token.endOffset} ${token.startLine}:${token.startColumn}-${token.endLine}:${token.endColumn} ${token.tokenType?.name}`;

function parseOf(result: ParseResult) {
    return {
        ast: astOf(result.value),
        cst: cstOf(result.value.$cstNode!),
        lexerErrors: result.lexerErrors.map(e => `${e.offset}+${e.length} ${e.line}:${e.column} ${e.message}`),
        lexerReport: (result.lexerReport?.diagnostics ?? []).map(d => `${d.offset}+${d.length} ${d.line}:${d.column} ${d.severity} ${d.message}`),
        parserErrors: result.parserErrors.map((e: IRecognitionException) => ({
            name: e.name, message: e.message, token: tokenOf(e.token), previous: tokenOf((e as { previousToken?: IToken }).previousToken),
            resynced: e.resyncedTokens.map(tokenOf), ruleStack: e.context.ruleStack, occurrences: e.context.ruleOccurrenceStack
        }))
    };
}

function expectSameParse(document: LangiumDocument, text: string, label: string): void {
    expect(document.parseResult.value.$cstNode!.root.fullText, label).toBe(text);
    const got = parseOf(document.parseResult);
    const expected = parseOf(reference.parse(text));
    if (!isDeepStrictEqual(got, expected)) expect(got, label).toEqual(expected);
}

/** A document of its own services, updated as the language server's factory updates it (parse only). */
function openMap(text: string) {
    const services = createJourneyServices(EmptyFileSystem);
    const { LangiumDocumentFactory, TextDocuments } = services.shared.workspace;
    const uri = URI.file('/ws/map.journey');
    let version = 1;
    TextDocuments!.set(TextDocument.create(uri.toString(), 'journey', version, text));
    const document = LangiumDocumentFactory.fromTextDocument(TextDocuments!.get(uri.toString())!, uri);
    return {
        document,
        /** Updates the document to `next`; says how: 'stage' (one stage parsed again), 'value' (edited in place) or 'parse' (whole). */
        async type(next: string): Promise<string> {
            const since = treeGeneration(document);
            TextDocuments!.set(TextDocument.create(uri.toString(), 'journey', ++version, next));
            await LangiumDocumentFactory.update(document, Cancellation.CancellationToken.None);
            return treeEditsSince(document, since)?.map(edit => edit.kind).join(',') ?? 'parse';
        },
        /** Updates the document to `next`, which must re-parse one stage alone and give what a whole parse of `next` gives. */
        async typeInStage(next: string, label: string): Promise<void> {
            expect(await this.type(next), label).toBe('stage');
            expectSameParse(document, next, label);
        }
    };
}

/**
 * Text typed at `offset` one character at a time, as an editor types it: `{` brings its `}`, and a
 * line break right after the `{` puts that `}` on a line of its own, as indented as the `{`'s line.
 */
function keystrokes(text: string, offset: number, typed: string): string[] {
    const texts: string[] = [];
    let before = '';
    let after = '';
    for (const character of typed) {
        if (character === '{') {
            after = `}${after}`;
        } else if (character === '\n' && before.endsWith('{') && after.startsWith('}')) {
            after = `\n${/[^\n]*$/.exec(text.slice(0, offset) + before)![0].match(/^ */)![0]}${after}`;
        }
        before += character;
        texts.push(text.slice(0, offset) + before + after + text.slice(offset));
    }
    return texts;
}

const banque = readFileSync(join(EXAMPLES, 'banque-actuel.journey'), 'utf8');

describe('an edit that leaves a syntax error inside one stage re-parses that stage only, exactly', () => {
    it('typing a new touchpoint character by character', async () => {
        // After the goal of the first stage: the stage's touchpoints follow the new one.
        const offset = banque.indexOf('\n', banque.indexOf('goal "Connaître sa capacité d\'emprunt"'));
        const typed = '\n    touchpoint Devis "Devis en ligne" {\n      channel Site\n      emotion -1\n      friction "Trop long" severity high';
        const map = openMap(banque);
        const ways: string[] = [];
        for (const [step, next] of keystrokes(banque, offset, typed).entries()) {
            ways.push(await map.type(next));
            expectSameParse(map.document, next, `keystroke ${step}: ${JSON.stringify(typed.slice(0, step + 1))}`);
        }
        // Some steps leave the document without an error, most leave one in the stage: all are local.
        expect(ways.filter(way => way !== 'stage' && way !== 'value'), ways.join(' ')).toEqual([]);
        expect(ways.filter(way => way === 'stage').length).toBeGreaterThan(typed.length / 2);
        expect(map.document.parseResult.parserErrors).toEqual([]);
    });

    it('a half-typed keyword, then every keystroke until it is whole', async () => {
        const offset = banque.indexOf('    opportunity "Rappel par un conseiller');
        const map = openMap(banque);
        const ways: string[] = [];
        for (const next of keystrokes(banque, offset, 'opportunity "Agence" impact low\n    ')) ways.push(await map.type(next));
        expectSameParse(map.document, map.document.textDocument.getText(), 'the last keystroke');
        expect(ways.filter(way => way === 'parse'), ways.join(' ')).toEqual([]);
    });

    it('typing a touchpoint as the last entry of a stage: the parser\'s message looks past the stage, its result does not', async () => {
        // Before the stage's `}`: `touchpoint` then `}` is an error whose message Chevrotain builds from three tokens ahead.
        const offset = banque.indexOf('\n  }', banque.indexOf('stage Simulation'));
        const map = openMap(banque);
        const ways: string[] = [];
        for (const next of keystrokes(banque, offset, '\n    touchpoint "Devis')) {
            ways.push(await map.type(next));
            expectSameParse(map.document, next, JSON.stringify(next.slice(offset - 20, offset + 30)));
        }
        expect(ways.filter(way => way === 'parse'), ways.join(' ')).toEqual([]);
    });

    it('parses the whole text when the stage alone cannot tell what the whole parse gives', async () => {
        const start = 'journey J "J" {\n  stage A "A" {\n    touchpoint T1 { emotion 1 }\n  }\n  stage B "B" {\n    // a */ later\n    touchpoint T2 { emotion 1 }\n  }\n}\npersona P\n';
        const cases: Array<[string, string]> = [
            // The lexer of the whole text finds the comment's end in the next stage.
            ['an unclosed block comment', start.replace('touchpoint T1', '/* touchpoint T1')],
            // `journey` may follow the journey: the recovery leaves the stage and the journey.
            ['a keyword of the file inside the stage', start.replace('touchpoint T1 { emotion 1 }', 'touchpoint T1 { emotion 1 } journey X')],
            // The touchpoint takes the stage's `}`: the stage runs on into the text after it.
            ['a block left open', start.replace('{ emotion 1 }', '{ emotion 1')],
            // The string runs to the end of the line, over the stage's `}`.
            ['a string over the closing brace', start.replace('emotion 1 }\n  }', 'emotion 1 } "x }')],
            ['a persona declared in the stage', start.replace('touchpoint T1', 'persona Q touchpoint T1')]
        ];
        for (const [what, next] of cases) {
            const map = openMap(start);
            expect(await map.type(next), what).toBe('parse');
            expectSameParse(map.document, next, what);
            // And back: the document had errors outside any one stage's reach.
            await map.type(start);
            expectSameParse(map.document, start, `${what}, undone`);
        }
    });

    it('an edit in another stage while one has errors re-parses that stage only; so does the same stage', async () => {
        const start = 'journey J "J" {\n  stage A "A" {\n    touchpoint T1 { emotion 1 }\n  }\n  stage B "B" {\n    touchpoint T2 { emotion 1 }\n  }\n}\n';
        const map = openMap(start);
        const broken = start.replace('touchpoint T1 {', 'touchpoint T1 "x {');
        await map.typeInStage(broken, 'broken');
        const again = broken.replace('emotion 1 }\n  }\n  stage B', 'emotion 2 }\n  }\n  stage B');
        await map.typeInStage(again, 'the same stage again');
        const elsewhere = again.replace('T2 { emotion 1', 'T2 { emotion 3');
        await map.typeInStage(elsewhere, 'another stage');
        const bothBroken = elsewhere.replace('T2 { emotion 3', 'T2 { emotion');
        await map.typeInStage(bothBroken, 'both stages broken');
        const fixed = bothBroken.replace('T1 "x {', 'T1 {');
        await map.typeInStage(fixed, 'the first stage fixed, the second still broken');
        // A stage broken as the whole text was parsed (opened so): parsed alone once to tell it reads nothing past its `}`.
        const opened = openMap(broken);
        const inB = broken.replace('T2 { emotion 1', 'T2 { emotion 3');
        await opened.typeInStage(inB, 'another stage of a document opened broken');
    });

    it('the errors of a broken stage after the edited one move with the text, on the line of its `}` too', async () => {
        // Stages on one line: an edit of B moves the columns of C's error, a line break in B its line.
        const start = 'journey J "J" { stage A "A" { touchpoint T1 { emotion } } stage B "B" { touchpoint T2 { emotion 1 } } stage C "C" { touchpoint T3 { emotion } } }\n';
        const map = openMap(start);
        let text = start;
        for (const [from, to] of [['emotion 1', 'emotion 12'], ['T2 {', 'T2 {\n'], ['emotion 12', 'emotion 1 }\n touchpoint T4 { emotion 2'], ['{\n', '{']]) {
            text = text.replace(from, to);
            expect(await map.type(text), to).toBe('stage');
            expectSameParse(map.document, text, to);
            expect(map.document.parseResult.parserErrors.length, to).toBe(2);
        }
    });

    it('a stage left broken: typing in the stages before and after it re-parses those stages only', async () => {
        // Stage Dossier is left with a touchpoint half typed, then a touchpoint is typed into the stage after it and the one before.
        const broken = keystrokes(banque, banque.indexOf('\n', banque.indexOf('stage Dossier')), '\n    touchpoint Devis "Devis" { channel ').at(-1)!;
        const map = openMap(banque);
        await map.type(broken);
        expectSameParse(map.document, broken, 'broken');
        const typed = '\n    touchpoint Rdv "Rendez-vous" {\n      channel Agence emotion 1';
        let text = broken;
        for (const stage of ['stage Accord', 'stage Simulation']) {
            const ways: string[] = [];
            for (const [step, next] of keystrokes(text, text.indexOf('\n', text.indexOf(stage)), typed).entries()) {
                ways.push(await map.type(next));
                expectSameParse(map.document, next, `${stage}, keystroke ${step}: ${JSON.stringify(typed.slice(0, step + 1))}`);
                const { lexerErrors, parserErrors } = map.document.parseResult;
                expect(lexerErrors.length + parserErrors.length, 'stage Dossier is still broken').toBeGreaterThan(0);
                text = next;
            }
            expect(ways.filter(way => way !== 'stage'), `${stage}: ${ways.join(' ')}`).toEqual([]);
        }
    });

    it('parses the whole text when a broken stage elsewhere may read into the edited one, or an error lies outside any stage', async () => {
        const start = 'journey J "J" {\n  stage A "A" {\n    touchpoint T1 { emotion 1 }\n  }\n  stage B "B" {\n    touchpoint T2 { emotion 1 }\n  }\n}\n';
        const cases: Array<[string, string, string]> = [
            // A block comment left open in A: a `*/` typed in B closes it.
            ['an unclosed block comment in the stage before', start.replace('touchpoint T1', '/* touchpoint T1'), 'emotion 1 */ }\n  }\n}'],
            // The journey's error is no stage's.
            ['an error between the stages', start.replace('  }\n  stage B', '  }\n  stag\n  stage B'), 'emotion 2 }\n  }\n}'],
            ['an error after the journey', `${start}journey`, 'emotion 2 }\n  }\n}']
        ];
        for (const [what, broken, inB] of cases) {
            const map = openMap(broken);
            const next = broken.replace('emotion 1 }\n  }\n}', inB);
            expect(next, what).not.toBe(broken);
            expect(await map.type(next), what).toBe('parse');
            expectSameParse(map.document, next, what);
        }
    });
});

/** Pieces of the language and of its mistakes (as test/fuzz/arbitraries.ts has them), plus words of a stage. */
const PIECES = [
    '{', '}', '{}', '"', "'", ',', '-', '+', '%', '/*', '*/', '//', '\n', '#', '@', ' ', '0', '-3', '2.5',
    'journey', 'stage', 'touchpoint', 'touchp', 'persona', 'channel', 'team', 'metric', 'in', 'next', 'emotion', 'owner',
    'personas', 'friction', 'severity', 'high', 'opportunity', 'impact', 'kind', 'tool', 'goal', 'description',
    'Ana', 'Web', 'touchpoint N "N" { emotion 1 }', 'goal "G"', '"texte"', 'touchpoint "', 'channel Web,'
];

const small = 'persona Ana "Ana"\nchannel Web "Web" digital\njourney J "J" {\n  stage A "A" {\n    goal "Ga"\n    touchpoint T1 "Un" { channel Web emotion 1 next T2 }\n    touchpoint T2 { personas Ana emotion Ana -2 friction "F" severity low }\n  }\n  stage B "B" {\n    // comment\n    touchpoint T3 { kind tool /* c */ }\n    opportunity "O" impact high\n  }\n  metric M "M" in A target >= 10%\n  stage C "C" {\n    touchpoint T4 { emotion 2 next T1 }\n  }\n}\n';

/** An edit inside the stage block holding the `at`-th of its characters: `delete` of them removed, then `insert` put there. */
const stageEdit = fc.record({ stage: fc.nat(2), at: fc.nat(), remove: fc.nat(6), insert: fc.constantFrom(...PIECES) });

/** Where the document's errors are: lexer errors and reports at their offset, parser errors at their token's. */
function errorOffsets(result: ParseResult): number[] {
    return [...result.lexerErrors.map(e => e.offset), ...(result.lexerReport?.diagnostics ?? []).map(d => d.offset), ...result.parserErrors.map(e => e.token.startOffset)];
}

describe('random edits inside a stage, syntax errors included, give what a parse of the whole text gives', () => {
    it('property', async () => {
        const stages = (text: string) => [...text.matchAll(/stage [ABC] "[ABC]" \{/g)].map(m => m.index + m[0].length);
        let localWithErrors = 0;
        let localWithErrorsElsewhere = 0;
        let steps = 0;
        await fc.assert(fc.asyncProperty(fc.array(stageEdit, { minLength: 1, maxLength: 6 }), async edits => {
            const map = openMap(small);
            let text = small;
            for (const edit of edits) {
                // Inside the block of stage A, B or C as the text now reads (the whole text when the header is gone).
                const starts = stages(text);
                const from = starts[edit.stage] ?? starts[0] ?? 0;
                const to = Math.max(from, text.indexOf('\n  }', from) >= 0 ? text.indexOf('\n  }', from) : text.length);
                const at = from + edit.at % (to - from + 1);
                // Errors of the text before the edit that lie outside the block edited: another stage is broken.
                const elsewhere = errorOffsets(map.document.parseResult).some(offset => !(offset >= from && offset <= to + 3));
                text = text.slice(0, at) + edit.insert + text.slice(Math.min(to, at + edit.remove));
                const way = await map.type(text);
                steps++;
                const { lexerErrors, lexerReport, parserErrors } = map.document.parseResult;
                if (way !== 'parse' && lexerErrors.length + (lexerReport?.diagnostics.length ?? 0) + parserErrors.length > 0) localWithErrors++;
                if (way === 'stage' && elsewhere) localWithErrorsElsewhere++;
                expectSameParse(map.document, text, `${JSON.stringify(edits)}: ${JSON.stringify(text)}`);
            }
        }), { seed: 20261128, numRuns: 100 });
        // The property must exercise the local path with errors, not only the whole parse, and with errors in other stages.
        expect(localWithErrors).toBeGreaterThan(steps / 5);
        expect(localWithErrorsElsewhere).toBeGreaterThan(steps / 10);
    });
});

describe('the parser internals parseStage relies on', () => {
    it('are those of the Langium and Chevrotain it was checked against: an upgrade runs the property above with many more runs first', () => {
        // Chevrotain's rule and occurrence stacks, subruleIdx, LA and the message builders (JourneyParser.parseStage).
        const version = (name: string) => (JSON.parse(readFileSync(join('node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
        expect({ langium: version('langium'), chevrotain: version('chevrotain') }).toEqual({ langium: '4.2.1', chevrotain: '11.1.2' });
    });
});
