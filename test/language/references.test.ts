import { describe, expect, test } from 'vitest';
import { codes, buildWorkspace, summary } from '../test-services.js';

const COMMON = `persona Ana "Ana"
channel Web "Web" digital
team Support "Support"
`;

function journey(name: string, body: string): string {
    return `journey ${name} "${name}" {\n${body}\n}\n`;
}

describe('cross-file references', () => {
    test('a persona, channel and team declared in one file are used from another; none is unused', async () => {
        const linted = await buildWorkspace({
            'common.journey': COMMON,
            'a.journey': journey('A', '  stage S "S" { goal "g" touchpoint T "T" { channel Web personas Ana owner Support emotion 0 } }')
        });
        expect(summary(linted.diagnostics('common.journey'))).toEqual([]);
        expect(summary(linted.diagnostics('a.journey'))).toEqual([]);
        const touchpoint = linted.documents.get('a.journey')!.parseResult.value.journeys[0].stages[0].touchpoints[0];
        expect(touchpoint.personas[0].ref?.$container).toBe(linted.documents.get('common.journey')!.parseResult.value);
    });

    test('a global persona nobody names is unused, even with other files around', async () => {
        const linted = await buildWorkspace({
            'common.journey': COMMON + 'persona Bruno "Bruno"\n',
            'a.journey': journey('A', '  stage S "S" { goal "g" touchpoint T "T" { channel Web personas Ana owner Support emotion 0 } }')
        });
        expect(summary(linted.diagnostics('common.journey'))).toEqual(['4:warning:persona-unused']);
        expect(linted.diagnostics('common.journey')[0].tags).toEqual([1]); // DiagnosticTag.Unnecessary: faded in the editor
    });

    test('a journey-local declaration shadows the global one', async () => {
        const linted = await buildWorkspace({
            'common.journey': COMMON,
            'a.journey': journey('A', '  persona Ana "Ana, locale"\n  stage S "S" { goal "g" touchpoint T "T" { channel Web personas Ana owner Support emotion 0 } }'),
            'b.journey': journey('B', '  stage S "S" { goal "g" touchpoint T "T" { channel Web personas Ana owner Support emotion 0 } }')
        });
        const model = (file: string) => linted.documents.get(file)!.parseResult.value;
        const inA = model('a.journey').journeys[0].stages[0].touchpoints[0].personas[0].ref;
        const inB = model('b.journey').journeys[0].stages[0].touchpoints[0].personas[0].ref;
        expect(inA).toBe(model('a.journey').journeys[0].personas[0]);
        expect(inB).toBe(model('common.journey').personas[0]);
        // Shadowing is not a duplicate.
        expect(summary(linted.diagnostics('a.journey'))).toEqual([]);
        expect(summary(linted.diagnostics('common.journey'))).toEqual([]);
    });

    test('a channel and a touchpoint may share a name', async () => {
        const linted = await buildWorkspace(journey('A', `  persona P "P"
  channel Kiosque "Kiosque" physical
  team Team1 "t"
  stage S1 "S1" { goal "g" touchpoint Kiosque "Kiosque" { channel Kiosque personas P owner Team1 emotion 0 next Kiosque2 } }
  stage S2 "S2" { goal "g" touchpoint Kiosque2 "K2" { channel Kiosque personas P owner Team1 emotion 0 } }`));
        expect(summary(linted.diagnostics())).toEqual([]);
        const touchpoint = linted.documents.values().next().value!.parseResult.value.journeys[0].stages[0].touchpoints[0];
        expect(touchpoint.channels[0].ref?.$type).toBe('Channel');
    });

    test('touchpoints and stages of another journey are not visible', async () => {
        const linted = await buildWorkspace({
            'common.journey': COMMON,
            'a.journey': journey('A', '  stage S "S" { goal "g" touchpoint Ailleurs "T" { channel Web personas Ana owner Support emotion 0 } }'),
            'b.journey': journey('B', '  stage Étape "S" { goal "g" touchpoint T "T" { channel Web personas Ana owner Support emotion 0 next Ailleurs } }\n  metric M "M" in S target 1')
        });
        const diagnostics = linted.diagnostics('b.journey');
        // Of another file only its exports are read (lint of b.journey alone reads no more): its stages are unknown.
        expect(summary(diagnostics)).toEqual(['2:error:unresolved-reference', '3:error:unresolved-reference']);
        expect(diagnostics[0].message).toContain("Unknown touchpoint 'Ailleurs'");
        expect(diagnostics[1].message).toContain("Unknown stage 'S'");
    });

    test('a metric in a stage of another journey of its file is metric-stage, naming that journey', async () => {
        const linted = await buildWorkspace({
            'common.journey': COMMON,
            'a.journey': `${journey('A', '  stage S "S" { goal "g" touchpoint T "T" { channel Web personas Ana owner Support emotion 0 } }')}${
                journey('B', '  stage Étape "S" { goal "g" touchpoint U "U" { channel Web personas Ana owner Support emotion 0 } }\n  metric M "M" in S target 1')}`
        });
        const metric = linted.diagnostics('a.journey').filter(d => d.code === 'metric-stage');
        expect(metric.map(d => d.message)).toEqual(["'S' is a stage of journey 'A', not of journey 'B': `in` must name a stage of the metric's own journey (Étape)."]);
    });

    test('duplicate top-level names across files: reported after the first, with the first as related information', async () => {
        const linted = await buildWorkspace({ 'a.journey': COMMON, 'b.journey': `\n${COMMON}` });
        // Nobody names Ana: the first one is unused; the duplicate is only a duplicate.
        expect(summary(linted.diagnostics('a.journey'))).toEqual(['1:warning:persona-unused']);
        const duplicates = linted.diagnostics('b.journey');
        expect(summary(duplicates)).toEqual(['2:error:duplicate-name', '3:error:duplicate-name', '4:error:duplicate-name']);
        expect(duplicates[0].message).toContain("Duplicate persona 'Ana': one is already declared in a.journey (line 1)");
        expect(duplicates[0].relatedInformation?.[0].location.uri).toBe(linted.documents.get('a.journey')!.uri.toString());
        expect(duplicates[0].relatedInformation?.[0].location.range.start).toEqual({ line: 0, character: 8 });
    });

    test('two journeys of one name in different files', async () => {
        const linted = await buildWorkspace({ 'a.journey': 'journey J "A" { }\n', 'b.journey': '// b\njourney J "B" { }\n' });
        expect(summary(linted.diagnostics('a.journey')).filter(s => s.includes('duplicate'))).toEqual([]);
        expect(summary(linted.diagnostics('b.journey')).filter(s => s.includes('duplicate'))).toEqual(['2:error:duplicate-name']);
        expect(linted.diagnostics('b.journey').find(d => d.code === 'duplicate-name')?.message).toContain("Duplicate journey 'J'");
    });

    test('duplicates per kind per journey; a persona and a channel may share a name', async () => {
        const linted = await buildWorkspace(journey('A', `  persona X "x"
  channel X "x" digital
  stage S "S" { goal "g" touchpoint T "T" { channel X personas X emotion 0 } }
  stage S "S again" { goal "g" touchpoint T "T again" { channel X personas X emotion 0 } }
  metric M "m" in S target 1
  metric M "m" in S target 1`));
        const diagnostics = linted.diagnostics().filter(d => d.code === 'duplicate-name');
        expect(summary(diagnostics)).toEqual(['5:error:duplicate-name', '5:error:duplicate-name', '7:error:duplicate-name']);
        expect(diagnostics.map(d => d.relatedInformation?.[0].location.range.start.line)).toEqual([3, 3, 5]);
    });
});

describe('unresolved references', () => {
    test('carry data for quick fixes: refText, expectedType, the closest name of that kind', async () => {
        const linted = await buildWorkspace({
            'common.journey': COMMON + 'persona Inès "Inès"\nteam Supports "S"\n',
            'a.journey': journey('A', '  stage S "S" { goal "g" touchpoint T "T" { channel Webb personas Ines, Zoé owner Suport emotion 0 } }')
        });
        const data = linted.diagnostics('a.journey').filter(d => d.code === 'unresolved-reference').map(d => d.data);
        expect(data).toEqual([
            { code: 'unresolved-reference', refText: 'Webb', expectedType: 'Channel', suggestion: 'Web' },
            { code: 'unresolved-reference', refText: 'Ines', expectedType: 'Persona', suggestion: 'Inès' },
            { code: 'unresolved-reference', refText: 'Zoé', expectedType: 'Persona' },
            { code: 'unresolved-reference', refText: 'Suport', expectedType: 'Team', suggestion: 'Support' }
        ]);
    });

    test('a name of another kind is named in the message', async () => {
        const linted = await buildWorkspace(journey('A', '  persona P "P"\n  stage S "S" { goal "g" touchpoint T "T" { channel T personas P emotion 0 } }'));
        const [diagnostic] = linted.diagnostics().filter(d => d.code === 'unresolved-reference');
        expect(diagnostic.message).toBe("Unknown channel 'T'. 'T' is a touchpoint of stage 'S', but `channel` expects a channel.");
    });

    test('an unknown persona in `emotion Ghost 1`: the message names `emotion`, the keyword written there', async () => {
        const linted = await buildWorkspace(journey('A', '  persona P "P"\n  channel C "C" digital\n  stage S "S" { goal "g" touchpoint T "T" { channel C personas P emotion Ghost 1 } }'));
        const [diagnostic] = linted.diagnostics().filter(d => d.code === 'unresolved-reference');
        expect(diagnostic.message).toMatch(/^Unknown persona 'Ghost'\. `emotion` expects a persona /);
    });

    test('metric in a touchpoint or a persona is metric-stage, saying what it is', async () => {
        const base = '  persona P "P"\n  stage S "S" { goal "g" touchpoint T "T" { channel C personas P emotion 0 } }\n  channel C "c" digital\n';
        const linted = await buildWorkspace(journey('A', `${base}  metric M1 "m" in T target 1\n  metric M2 "m" in P target 1`));
        const diagnostics = linted.diagnostics().filter(d => d.severity === 1);
        expect(codes(diagnostics)).toEqual(['metric-stage', 'metric-stage']);
        expect(diagnostics[0].message).toBe("'T' is a touchpoint of stage 'S', not a stage: `in` must name a stage of the metric's own journey (S).");
        expect(diagnostics[1].message).toBe("'P' is a persona, not a stage: `in` must name a stage of the metric's own journey (S).");
        expect(diagnostics[0].data).toEqual({ code: 'metric-stage', refText: 'T', actualType: 'Touchpoint' });
    });
});
