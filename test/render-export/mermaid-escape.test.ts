// Mermaid export of labels that look like Mermaid syntax, checked against Mermaid's journey
// grammar (mermaid-journey-lexer.ts) and by round trip through our importer.
import { describe, expect, it } from 'vitest';
import { toMermaid } from '../../src/export/mermaid.js';
import { exportModel, type ExportedJourney } from '../../src/export/model.js';
import { importMermaid } from '../../src/import/mermaid.js';
import { parseMap } from '../diagram/fixtures.js';
import { journey, tempTree } from '../cli/run-cli.js';
import { parseMermaidJourney } from './mermaid-journey-lexer.js';

/** Touchpoint labels as .journey string bodies (escapes as written in the map). */
const TASK_LABELS = [
    'title Oops', 'Title case', 'TITLE\\tTab', 'section 2', 'Section Two', 'accTitle: stolen', 'acctitle:x',
    'accDescr { open', 'accDescr: stolen', 'ACCDESCR{', 'journey', 'Journey planning', 'journeyman', '%% hidden',
    '%%{init: {}}%%', '   ', ' ', '  padded  ', 'a\u2028b', '\u2029starts', 'ends\u2028', 'two\\nlines', 'cr\\rhere',
    'x; y # z', '#58; literal', 'a%%b', '}%%', 'ratio 3:1, ok', 'tab\\tinside',
    // Control characters a map's string can hold (raw): the fuzz suite's 'W\u0007' came back as 'W#7;'.
    'bell\u0007ring', '\u0000nul', 'del\u007f', 'c1\u0085\u009f', '\u0007'
];

function hostileMap(): string {
    const touchpoints = TASK_LABELS.map((label, i) =>
        `    touchpoint T${i} "${label}" {${i % 3 === 0 ? '' : ` emotion ${(i % 5) - 2}`}${i % 4 === 0 ? ' personas P1, P2' : ''} }`);
    return `journey J "title  J; #1" {
  description "accDescr { x } ; y"
  persona P1 "title P, or: not"
  persona P2 "  "
  stage S1 "journey" {
${touchpoints.slice(0, 15).join('\n')}
  }
  stage S2 "title: section \u2028" {
${touchpoints.slice(15).join('\n')}
  }
  stage S3 " " {
    touchpoint Last "%%" { emotion 2 }
  }
}
`;
}

async function exported(source: string): Promise<ExportedJourney> {
    const doc = await parseMap(source);
    expect(doc.parseResult.lexerErrors).toEqual([]);
    expect(doc.parseResult.parserErrors).toEqual([]);
    return exportModel(doc.parseResult.value).journeys[0];
}

/** What a Mermaid journey carries, exactly. */
function carried(j: ExportedJourney) {
    const persona = new Map(j.personas.map(p => [p.id, p.label]));
    return {
        label: j.label, description: j.description,
        stages: j.stages.map(s => ({
            label: s.label,
            touchpoints: s.touchpoints.map(t => ({ label: t.label, emotion: t.emotion, personas: t.personas.map(id => persona.get(id)) }))
        }))
    };
}

describe('Mermaid export of labels that look like Mermaid syntax', () => {
    it('Mermaid\'s grammar reads every label as text: one section per stage, one task per touchpoint, the exact labels', async () => {
        const original = await exported(hostileMap());
        const mermaid = toMermaid(original);
        const seen = parseMermaidJourney(mermaid);
        expect(seen.title).toBe(original.label);
        expect(seen.accDescr).toBe(original.description);
        expect(seen.sections.map(s => s.name)).toEqual(original.stages.map(s => s.label));
        const persona = new Map(original.personas.map(p => [p.id, p.label]));
        expect(seen.sections.map(s => s.tasks)).toEqual(original.stages.map(s => s.touchpoints.map(t => ({
            name: t.label, score: (t.emotion ?? 0) + 3, people: t.personas.map(id => persona.get(id))
        }))));
    });

    it('export → import gives back the exact labels, stages, scores and tasks without a score', async () => {
        const original = await exported(hostileMap());
        expect(original.stages[0].touchpoints[0].emotion).toBeUndefined();
        const back = await exported(importMermaid(toMermaid(original)).source);
        expect(carried(back)).toEqual(carried(original));
    });

    it('a whitespace-only label is a task Mermaid and our importer both read', async () => {
        const original = await exported('journey J "J" {\n  stage S "S" {\n    touchpoint T "   " { emotion 1 }\n  }\n}\n');
        const mermaid = toMermaid(original);
        expect(parseMermaidJourney(mermaid).sections[0].tasks).toEqual([{ name: '   ', score: 4, people: [] }]);
        expect(carried(await exported(importMermaid(mermaid).source))).toEqual(carried(original));
    });

    it('round trip through the real CLI: export -f mermaid, then import', async () => {
        const dir = tempTree({ 'hostile.journey': hostileMap() });
        const mermaid = await journey(['export', 'hostile.journey', '-f', 'mermaid'], { cwd: dir });
        expect(mermaid.code, mermaid.stderr).toBe(0);
        const imported = await journey(['import', '-'], { input: mermaid.stdout });
        expect(imported.code, imported.stderr).toBe(0);
        expect(carried(await exported(imported.stdout))).toEqual(carried(await exported(hostileMap())));
    });
});
