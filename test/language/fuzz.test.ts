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
import { applyMutations as apply, mutation } from '../fuzz/arbitraries.js';

const files = [...CLEAN_EXAMPLES, ...INVALID_EXAMPLES];
const texts = files.map(f => readFileSync(join(examples, f), 'utf8'));

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
