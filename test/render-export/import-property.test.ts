// Properties of the Mermaid bridge on generated maps: export → import keeps every label,
// emotion and actor, and whatever the importer writes parses and validates with no error.
import fc from 'fast-check';
import { EmptyFileSystem } from 'langium';
import { parseHelper } from 'langium/test';
import { DiagnosticSeverity } from 'vscode-languageserver';
import { describe, expect, it } from 'vitest';
import type { Model } from '../../src/language/generated/ast.js';
import { createJourneyServices } from '../../src/language/journey-module.js';
import { importMermaid, MermaidImportError } from '../../src/import/mermaid.js';
import { toMermaid } from '../../src/export/mermaid.js';
import { exportModel, type ExportedJourney } from '../../src/export/model.js';


/** The imported text, validated by the real validator: no lexer, parser or validation error. */
async function validated(source: string) {
    // Journey names are workspace-wide: each generated map is checked alone, in a fresh workspace.
    const doc = await parseHelper<Model>(createJourneyServices(EmptyFileSystem).Journey)(source, { documentUri: 'file:///prop/map.journey', validation: true });
    const errors = (doc.diagnostics ?? []).filter(d => d.severity === DiagnosticSeverity.Error);
    expect(errors, source).toEqual([]);
    return exportModel(doc.parseResult.value);
}

// Labels as people write them: any printable text on one line, no edge spaces.
const label = fc.array(fc.oneof(fc.constantFrom(...[...' :,;#%"\\\'-—é日🙂']), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 3 })), { minLength: 1, maxLength: 12 })
    .map(parts => parts.join(''))
    .map(s => s.replace(/[\p{Cc}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}]/gu, '').replace(/\s+/g, ' ').trim())
    .filter(s => s !== '');

const journeyArb = fc.record({
    label,
    personas: fc.uniqueArray(label, { maxLength: 3 }),
    stages: fc.array(fc.record({ label, tasks: fc.array(fc.record({ label, emotion: fc.integer({ min: -2, max: 2 }), actors: fc.array(fc.nat(2), { maxLength: 3 }) }), { minLength: 1, maxLength: 3 }) }), { minLength: 1, maxLength: 3 })
});

describe('Mermaid bridge properties', () => {
    it('export mermaid → import keeps labels, emotions and actors, and validates', async () => {
        await fc.assert(fc.asyncProperty(journeyArb, async generated => {
            const personas = generated.personas.map((p, i) => ({ id: `P${i}`, label: p, goals: [], frustrations: [] }));
            const journey: ExportedJourney = {
                id: 'J', label: generated.label, personas, channels: [], teams: [], metrics: [],
                stages: generated.stages.map((s, si) => ({
                    id: `S${si}`, label: s.label, goals: [], frictions: [], opportunities: [],
                    touchpoints: s.tasks.map((t, ti) => ({
                        id: `T${si}_${ti}`, label: t.label, emotion: t.emotion,
                        personas: [...new Set(t.actors.filter(a => a < personas.length).map(a => `P${a}`))],
                        channels: [], actions: [], backstage: [], support: [], evidence: [], frictions: [], opportunities: [], next: []
                    }))
                }))
            };
            const [back] = (await validated(importMermaid(toMermaid(journey)).source)).journeys;
            const shape = (j: ExportedJourney) => ({
                label: j.label,
                stages: j.stages.map(s => ({ label: s.label, tps: s.touchpoints.map(t => ({ label: t.label, emotion: t.emotion, personas: t.personas.map(id => j.personas.find(p => p.id === id)!.label) })) }))
            });
            expect(shape(back)).toEqual(shape(journey));
        }), { numRuns: 150 });
    });

    it('any text is either rejected with a line and column or imported into a map that validates', async () => {
        const line = fc.oneof(
            fc.constantFrom('journey', 'title T', 'section A: b', '%% c', 'accTitle: x', 'accDescr: y', 'accDescr {', '}', '', '---', '```mermaid', '```'),
            fc.tuple(label, fc.oneof(fc.integer({ min: -9, max: 12 }).map(String), fc.constantFrom('2.5', 'x', '')), fc.array(label, { maxLength: 2 }))
                .map(([name, score, actors]) => `  ${name}: ${score}${actors.length ? `: ${actors.join(', ')}` : ''}`),
            label
        );
        await fc.assert(fc.asyncProperty(fc.array(line, { maxLength: 12 }), async lines => {
            const text = ['journey', ...lines].join('\n');
            let source: string;
            try {
                source = importMermaid(text).source;
            } catch (error) {
                expect(error).toBeInstanceOf(MermaidImportError);
                const { line: at, column } = error as MermaidImportError;
                expect(at).toBeGreaterThanOrEqual(1);
                expect(at).toBeLessThanOrEqual(lines.length + 1);
                expect(column).toBeGreaterThanOrEqual(1);
                return;
            }
            await validated(source);
        }), { numRuns: 150 });
    });
});
