// The fast-check arbitraries of every fuzz test, in one place: random edits of real maps
// (test/language/fuzz.test.ts), random valid maps (test/diagram/fuzz.test.ts), and the
// product's own fuzz suite (test/fuzz/cases.ts), which adds hostile characters and shapes.
import fc from 'fast-check';
import type { DiagramOptions } from '../../src/diagram/index.js';
import { LANE_IDS } from '../../src/diagram/index.js';

// ---------------------------------------------------------------------------------------
// Random edits of a text

/** Pieces of the language and of its mistakes, inserted at random places. */
export const TOKENS = [
    '{', '}', '"', "'", ',', '-', '+', '%', '/*', '*/', '//', '\n', '#', '\\', ' ', '0', '7', '-3', '2.5',
    'journey', 'stage', 'touchpoint', 'persona', 'channel', 'team', 'metric', 'in', 'next', 'emotion', 'owner',
    'personas', 'friction', 'severity', 'high', 'opportunity', 'target', 'kind', 'tool', 'goal',
    'Ana', 'Web', 'Découverte', '启动', '"texte"', "'é\\'t'", '// journey-disable-next-line', '// journey-disable stage-no-goal'
];

export type Mutation =
    | { kind: 'delete'; at: number; length: number }
    | { kind: 'insert'; at: number; text: string }
    | { kind: 'duplicate'; at: number; length: number; to: number };

/** One edit: deletes, inserts one of `tokens` (or a short random string), or copies a slice elsewhere. */
export function mutationOf(tokens: readonly string[]): fc.Arbitrary<Mutation> {
    return fc.oneof(
        fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
        fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(fc.constantFrom(...tokens), fc.string({ maxLength: 3, unit: 'grapheme' })) }),
        fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 120 }), to: fc.nat() })
    );
}

export const mutation: fc.Arbitrary<Mutation> = mutationOf(TOKENS);

export function applyMutations(text: string, mutations: readonly Mutation[]): string {
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

// ---------------------------------------------------------------------------------------
// Random valid maps

/** The characters of random labels: markup, escapes, wide and astral characters, a control character, newlines. */
export const LABEL_UNITS = ['a', 'é', ' ', '<', '&', '"', "'", '\\', '中', '😀', '\u0007', 'W', 'x', '\n'];

export function journeyOf(text: fc.Arbitrary<string>, emotion: fc.Arbitrary<number> = fc.integer({ min: -3, max: 3 })) {
    const level = fc.constantFrom('low', 'medium', 'high');
    const touchpoint = fc.record({
        label: text,
        kind: fc.option(fc.constantFrom('person', 'tool', 'place'), { nil: undefined }),
        channels: fc.subarray(['Web', 'Shop', 'Phone']),
        personas: fc.subarray(['Ann', 'Bob']),
        emotion: fc.option(emotion, { nil: undefined }),
        actions: fc.array(text, { maxLength: 2 }),
        backstage: fc.array(text, { maxLength: 1 }),
        frictions: fc.array(fc.tuple(text, fc.option(level, { nil: undefined })), { maxLength: 2 }),
        opportunities: fc.array(fc.tuple(text, level, level), { maxLength: 1 }),
        next: fc.array(fc.nat(40), { maxLength: 3 })
    });
    return fc.record({
        title: text,
        stages: fc.array(fc.record({ label: text, goals: fc.array(text, { maxLength: 2 }), touchpoints: fc.array(touchpoint, { maxLength: 5 }) }), { maxLength: 6 }),
        metrics: fc.array(fc.record({ stage: fc.nat(6), target: fc.option(fc.double({ min: 0, max: 200, noNaN: true }), { nil: undefined }), actual: fc.option(fc.double({ min: 0, max: 200, noNaN: true }), { nil: undefined }) }), { maxLength: 4 })
    });
}

/** A random journey of up to 6 stages × 5 touchpoints, with every kind of statement. */
export const journey = journeyOf(fc.string({ unit: fc.constantFrom(...LABEL_UNITS), maxLength: 60 }));

export type RandomJourney = typeof journey extends fc.Arbitrary<infer T> ? T : never;

export const diagramOptions: fc.Arbitrary<DiagramOptions> = fc.record({
    groupBy: fc.constantFrom('channel', 'persona'),
    lanes: fc.option(fc.subarray([...LANE_IDS]), { nil: undefined }),
    persona: fc.option(fc.constantFrom('Ann', 'Bob', 'Nobody'), { nil: undefined })
}, { requiredKeys: ['groupBy'] });

export const quote = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
const fixed = (n: number) => String(Math.round(n * 10) / 10);

/** The .journey text of a random journey, and how many touchpoints it has. */
export function journeySource(j: RandomJourney): { text: string; touchpoints: number } {
    const names: string[] = [];
    j.stages.forEach((s, i) => s.touchpoints.forEach((_, k) => names.push(`T${i}_${k}`)));
    const lines = [`journey J ${quote(j.title)} {`, 'persona Ann "Ann"', 'persona Bob "Bob"', 'channel Web "Web" digital', 'channel Shop "Shop" physical', 'channel Phone "Phone" physical'];
    j.stages.forEach((s, i) => {
        lines.push(`stage S${i} ${quote(s.label)} {`, ...s.goals.map(g => `goal ${quote(g)}`));
        s.touchpoints.forEach((t, k) => {
            const fields = [
                t.kind && `kind ${t.kind}`, t.channels.length > 0 && `channel ${t.channels.join(', ')}`,
                t.personas.length > 0 && `personas ${t.personas.join(', ')}`, t.emotion !== undefined && `emotion ${t.emotion}`,
                ...t.actions.map(a => `action ${quote(a)}`), ...t.backstage.map(b => `backstage ${quote(b)}`),
                ...t.frictions.map(([f, sev]) => `friction ${quote(f)}${sev ? ` severity ${sev}` : ''}`),
                ...t.opportunities.map(([o, impact, effort]) => `opportunity ${quote(o)} impact ${impact} effort ${effort}`),
                t.next.length > 0 && names.length > 0 && `next ${t.next.map(n => names[n % names.length]).join(', ')}`
            ].filter(Boolean);
            lines.push(`touchpoint T${i}_${k} ${quote(t.label)} { ${fields.join(' ')} }`);
        });
        lines.push('}');
    });
    j.metrics.forEach((m, i) => {
        if (j.stages.length === 0) return;
        lines.push(`metric M${i} "Metric ${i}" in S${m.stage % j.stages.length}${m.target !== undefined ? ` target ${fixed(m.target)}%` : ''}${m.actual !== undefined ? ` actual ${fixed(m.actual)}` : ''}`);
    });
    lines.push('}');
    return { text: lines.join('\n'), touchpoints: names.length };
}
