import fc from 'fast-check';
import { EmptyFileSystem, URI } from 'langium';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { Diagnostic } from 'vscode-languageserver';
import type { Model } from '../../src/language/generated/ast.js';
import { createJourneyServices } from '../../src/language/journey-module.js';
import { findRule } from '../../src/language/rules.js';
import { CLEAN_EXAMPLES, EXAMPLES as examples, INVALID_EXAMPLES } from '../examples.js';

const files = [...CLEAN_EXAMPLES, ...INVALID_EXAMPLES];
const texts = files.map(f => readFileSync(join(examples, f), 'utf8'));

/** Pieces of the language and of its mistakes, inserted at random places. */
const TOKENS = [
    '{', '}', '"', "'", ',', '-', '+', '%', '/*', '*/', '//', '\n', '#', '\\', ' ', '0', '7', '-3', '2.5',
    'journey', 'stage', 'touchpoint', 'persona', 'channel', 'team', 'metric', 'in', 'next', 'emotion', 'owner',
    'personas', 'friction', 'severity', 'high', 'opportunity', 'target', 'kind', 'tool', 'goal',
    'Ana', 'Web', 'Découverte', '启动', '"texte"', "'é\\'t'", '// journey-disable-next-line', '// journey-disable stage-no-goal'
];

type Mutation =
    | { kind: 'delete'; at: number; length: number }
    | { kind: 'insert'; at: number; text: string }
    | { kind: 'duplicate'; at: number; length: number; to: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
    fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
    fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 3, unit: 'grapheme' })) }),
    fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 120 }), to: fc.nat() })
);

function apply(text: string, mutations: readonly Mutation[]): string {
    let result = text;
    for (const m of mutations) {
        const at = result.length === 0 ? 0 : m.at % (result.length + 1);
        if (m.kind === 'delete') result = result.slice(0, at) + result.slice(at + m.length);
        else if (m.kind === 'insert') result = result.slice(0, at) + m.text + result.slice(at);
        else {
            const slice = result.slice(at, at + m.length);
            const to = m.to % (result.length + 1);
            result = result.slice(0, to) + slice + result.slice(to);
        }
    }
    return result;
}

function checkDiagnostic(diagnostic: Diagnostic, lines: string[]): void {
    const code = String(diagnostic.code);
    expect(findRule(code), `rule id of '${diagnostic.message}'`).toBeDefined();
    expect(code, diagnostic.message).not.toBe('internal-error');
    expect([1, 2, 3]).toContain(diagnostic.severity);
    const { start, end } = diagnostic.range;
    for (const position of [start, end]) {
        expect(Number.isInteger(position.line) && position.line >= 0 && position.line < lines.length, `line of ${diagnostic.message}`).toBe(true);
        expect(Number.isInteger(position.character) && position.character >= 0 && position.character <= lines[position.line].length,
            `character of ${diagnostic.message}`).toBe(true);
    }
    expect(start.line < end.line || (start.line === end.line && start.character <= end.character)).toBe(true);
}

/** More runs locally with JOURNEY_FUZZ_RUNS=5000. */
const RUNS = Number(process.env.JOURNEY_FUZZ_RUNS ?? 300);

describe('fuzzing: random edits of the examples', () => {
    test('parse + link + validate never throw, every diagnostic has a rule id and a valid range', async () => {
        const { shared } = createJourneyServices(EmptyFileSystem);
        const { LangiumDocumentFactory, LangiumDocuments, DocumentBuilder } = shared.workspace;
        // A neighbour file, so cross-file references and duplicates are exercised too.
        const common = LangiumDocumentFactory.fromString<Model>(texts[files.indexOf('common.journey')], URI.file('/ws/common.journey'));
        LangiumDocuments.addDocument(common);
        let run = 0;
        const seen = new Set<string>();
        await fc.assert(fc.asyncProperty(fc.nat({ max: texts.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 6 }), async (index, mutations) => {
            const text = apply(texts[index], mutations);
            const uri = URI.file(`/ws/fuzz-${run++}.journey`);
            const document = LangiumDocumentFactory.fromString<Model>(text, uri);
            LangiumDocuments.addDocument(document);
            try {
                await DocumentBuilder.build([document, common], { validation: true });
                const lines = text.split(/\r\n|\r|\n/);
                for (const diagnostic of document.diagnostics ?? []) {
                    checkDiagnostic(diagnostic, lines);
                    seen.add(String(diagnostic.code));
                }
                for (const diagnostic of common.diagnostics ?? []) checkDiagnostic(diagnostic, texts[files.indexOf('common.journey')].split('\n'));
            } finally {
                await DocumentBuilder.update([], [uri]);
            }
        }), { numRuns: RUNS });
        // The edits really broke things in many ways (not just a pass over clean text).
        expect([...seen]).toEqual(expect.arrayContaining(['syntax', 'unresolved-reference', 'duplicate-name', 'emotion-range']));
    }, 30_000 + RUNS * 50);
});
