import type { ValidationAcceptor } from 'langium';
import { EmptyFileSystem } from 'langium';
import { describe, expect, test } from 'vitest';
import type { Touchpoint } from '../../src/language/generated/ast.js';
import { createJourneyServices } from '../../src/language/journey-module.js';
import { RuleIds, RULES } from '../../src/language/rules.js';
import { droppingRules, report } from '../../src/language/validation/diagnostics.js';
import { sayIn } from '../../src/language/localized-messages.js';
import { t } from '../../src/i18n/index.js';
import { codes, buildWorkspace, summary } from '../test-services.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from '../examples.js';

/** A map with nothing to report, even with every rule turned on. */
const GOOD = `persona P "P" { goal "g" }
channel C "C" digital
team T "T"
journey J "J" {
  stage S1 "S1" {
    goal "g1"
    touchpoint A "A" { channel C personas P emotion 1 owner T evidence "e" next B }
  }
  stage S2 "S2" {
    goal "g2"
    touchpoint B "B" {
      channel C
      personas P
      emotion 0
      owner T
      evidence "e"
      friction "f" severity high
      opportunity "o" impact high effort low
    }
  }
  metric M "M" in S2 target 5 actual 3
}
`;

const EVERY_RULE_ON = { rules: { 'touchpoint-no-evidence': 'info' } };

function edit(text: string, from: string, to: string): string {
    if (!text.includes(from)) throw new Error(`test setup: '${from}' not in the map`);
    return text.replace(from, to);
}

interface Case {
    rule: string;
    bad: string;
    /** Exactly these `line:severity:rule`s. */
    expected: string[];
    /** The message names the thing. */
    names: string;
}

const CASES: Case[] = [
    { rule: 'syntax', bad: edit(GOOD, 'emotion 1 owner', 'emotion owner'), expected: ['7:error:syntax'], names: "'emotion'" },
    { rule: 'unresolved-reference', bad: edit(GOOD, 'channel C personas', 'channel Cx personas'), expected: ['7:error:unresolved-reference'], names: "'Cx'" },
    { rule: 'duplicate-name', bad: edit(GOOD, 'team T "T"', 'team T "T"\nteam T "T again"'), expected: ['4:error:duplicate-name'], names: "team 'T'" },
    { rule: 'emotion-range', bad: edit(GOOD, 'emotion 1', 'emotion 3'), expected: ['7:error:emotion-range'], names: "'A'" },
    { rule: 'emotion-persona', bad: edit(edit(edit(GOOD, 'channel C "C" digital', 'persona Q "Q"\nchannel C "C" digital'), 'personas P\n', 'personas P, Q\n'), 'emotion 1 owner', 'emotion 1 emotion Q -1 owner'), expected: ['8:warning:emotion-persona'], names: "'Q'" },
    { rule: 'metric-stage', bad: edit(GOOD, 'in S2', 'in A'), expected: ['21:error:metric-stage'], names: "'A'" },
    { rule: 'persona-unused', bad: edit(GOOD, 'channel C "C" digital', 'persona Q "Q" { goal "g" }\nchannel C "C" digital'), expected: ['2:warning:persona-unused'], names: "'Q'" },
    { rule: 'stage-empty', bad: edit(GOOD, '  metric M', '  stage S3 "S3" { goal "g3" }\n  metric M'), expected: ['21:warning:stage-empty'], names: "'S3'" },
    { rule: 'touchpoint-no-channel', bad: edit(GOOD, '      channel C\n', ''), expected: ['11:warning:touchpoint-no-channel'], names: "'B'" },
    { rule: 'touchpoint-no-persona', bad: edit(GOOD, '      personas P\n', ''), expected: ['11:warning:touchpoint-no-persona'], names: "'B'" },
    {
        rule: 'journey-no-persona', bad: edit(edit(GOOD, '      personas P\n', ''), 'personas P emotion', 'emotion'),
        expected: ['1:warning:persona-unused', '4:warning:journey-no-persona'], names: "'J'"
    },
    { rule: 'unreachable-touchpoint', bad: edit(GOOD, 'next B', 'next A'), expected: ['11:warning:unreachable-touchpoint'], names: "'B'" },
    { rule: 'next-backwards', bad: edit(GOOD, '      owner T\n      evidence', '      owner T\n      next A\n      evidence'), expected: ['16:info:next-backwards'], names: "'A'" },
    { rule: 'stage-no-goal', bad: edit(GOOD, '    goal "g1"\n', ''), expected: ['5:info:stage-no-goal'], names: "'S1'" },
    { rule: 'touchpoint-no-owner', bad: edit(GOOD, 'emotion 1 owner T', 'emotion 1'), expected: ['7:info:touchpoint-no-owner'], names: "'A'" },
    { rule: 'touchpoint-no-emotion', bad: edit(GOOD, 'emotion 1 owner', 'owner'), expected: ['7:info:touchpoint-no-emotion'], names: "'A'" },
    { rule: 'friction-no-opportunity', bad: edit(GOOD, '      opportunity "o" impact high effort low\n', ''), expected: ['9:info:friction-no-opportunity'], names: "'S2'" },
    { rule: 'metric-no-target', bad: edit(GOOD, 'target 5 ', ''), expected: ['21:info:metric-no-target'], names: "'M'" },
    { rule: 'touchpoint-no-evidence', bad: edit(GOOD, 'owner T evidence "e"', 'owner T'), expected: ['7:info:touchpoint-no-evidence'], names: "'A'" },
    { rule: 'repeated-field', bad: edit(GOOD, 'emotion 1 owner', 'emotion 1 emotion 1 owner'), expected: ['7:error:repeated-field'], names: "'emotion'" },
    { rule: 'bidi-control', bad: edit(GOOD, 'evidence "e"', 'evidence "e\u202E"'), expected: ['7:warning:bidi-control'], names: 'U+202E' },
    { rule: 'file-empty', bad: '// nothing yet\n', expected: ['1:warning:file-empty'], names: 'declares nothing' }
];

describe('every rule', () => {
    test('the good map gets no diagnostic at all, with every rule on', async () => {
        const linted = await buildWorkspace(GOOD, { settings: EVERY_RULE_ON });
        expect(summary(linted.diagnostics())).toEqual([]);
    });

    test('each rule of the table has a case here', () => {
        const tested = new Set(CASES.map(c => c.rule));
        expect(RULES.map(r => r.id).filter(id => id !== 'internal-error' && !tested.has(id))).toEqual([]);
    });

    for (const c of CASES) {
        test(`${c.rule} fires on a minimal bad map, naming the thing`, async () => {
            const linted = await buildWorkspace(c.bad, { settings: EVERY_RULE_ON });
            const diagnostics = linted.diagnostics();
            expect(summary(diagnostics)).toEqual(c.expected);
            const own = diagnostics.find(d => d.code === c.rule)!;
            expect(own.message).toContain(c.names);
        });
    }

    test('touchpoint-no-evidence is off by default', async () => {
        const linted = await buildWorkspace(edit(GOOD, 'owner T evidence "e"', 'owner T'));
        expect(summary(linted.diagnostics())).toEqual([]);
    });

    test('a rule turned off is skipped before its message is said; turned on, it is reported as before', async () => {
        // A name no other test uses: the message it would make cannot have been said before.
        const text = edit(GOOD, 'touchpoint A "A" { channel C personas P emotion 1 owner T evidence "e"', 'touchpoint Unsaid "A" { channel C personas P emotion 1 owner T');
        const english = t('en', 'diag.touchpointNoEvidence', { name: 'Unsaid' });
        expect(summary((await buildWorkspace(text)).diagnostics())).toEqual([]);
        // Never built, so never remembered for saying it in another language.
        expect(sayIn('fr', english)).toBe(english);
        const on = await buildWorkspace(text, { settings: EVERY_RULE_ON });
        expect(summary(on.diagnostics())).toEqual(['7:info:touchpoint-no-evidence']);
        expect(on.diagnostics()[0].message).toBe(english);
        expect(sayIn('fr', english)).not.toBe(english);
    });

    test('report: an acceptor dropping a rule is not called for it, and still is for the others', () => {
        const accepted: string[] = [];
        const accept = droppingRules((_severity, _message, info) => accepted.push(String(info.code)), rule => rule === RuleIds.touchpointNoEvidence);
        const node = { $type: 'Touchpoint' } as unknown as Touchpoint;
        report(accept, RuleIds.touchpointNoEvidence, { key: 'diag.touchpointNoEvidence', params: { name: 'N' } }, { node });
        report(accept, RuleIds.touchpointNoOwner, { key: 'diag.touchpointNoOwner', params: { name: 'N' } }, { node });
        expect(accepted).toEqual([RuleIds.touchpointNoOwner]);
    });

    test('missing-field rules are reported on the declaration name', async () => {
        const text = edit(GOOD, 'emotion 1 owner T', 'emotion 1');
        const linted = await buildWorkspace(text);
        const [diagnostic] = linted.diagnostics();
        const line = text.split('\n')[diagnostic.range.start.line];
        expect(line.slice(diagnostic.range.start.character, diagnostic.range.end.character)).toBe('A');
    });

    test('emotion must be a whole number', async () => {
        const linted = await buildWorkspace(edit(GOOD, 'emotion 1', 'emotion 1.5'));
        expect(summary(linted.diagnostics())).toEqual(['7:error:emotion-range']);
        expect(linted.diagnostics()[0].message).toContain('1.5 is not a whole number');
        expect(summary((await buildWorkspace(edit(GOOD, 'emotion 1', 'emotion -2'))).diagnostics())).toEqual([]);
        expect(summary((await buildWorkspace(edit(GOOD, 'emotion 1', 'emotion -3'))).diagnostics())).toEqual(['7:error:emotion-range']);
    });

    test('a field given twice is reported, not silently dropped', async () => {
        const linted = await buildWorkspace(edit(GOOD, 'emotion 1 owner', 'emotion 1 emotion -1 owner'));
        const [diagnostic] = linted.diagnostics();
        // Its own rule, not `syntax`: the text is read (the commands go on, with the last value), one value is dropped.
        expect(summary([diagnostic])).toEqual(['7:error:repeated-field']);
        expect(diagnostic.message).toBe("'emotion' is given more than once in touchpoint 'A'; only the last one is kept. Keep one 'emotion'.");
        expect(diagnostic.range.start.character).toBe(GOOD.split('\n')[6].indexOf('emotion 1') + 'emotion 1 '.length);
    });

    test('shared and per-persona emotions mixed: each range, repetition and unnamed persona told once, in order', async () => {
        const text = edit(GOOD, 'personas P emotion 1 owner', 'personas P emotion 9 emotion P 7 emotion 1 emotion P -1 emotion Q 0 owner')
            .replace('persona P "P" { goal "g" }', 'persona P "P" { goal "g" }\npersona Q "Q" { goal "g" }');
        const linted = await buildWorkspace(text);
        const line = text.split('\n')[7];
        expect(linted.diagnostics().map(d => `${d.code}@${d.range.start.character}`)).toEqual([
            `emotion-range@${line.indexOf('9')}`, `emotion-range@${line.indexOf('7')}`,
            `repeated-field@${line.indexOf('emotion 1')}`, `repeated-field@${line.indexOf('P -1')}`, `emotion-persona@${line.indexOf('Q 0')}`
        ]);
    });

    test('a field keyword in a string or inside a word is no second field; a real second one still is, once', async () => {
        const wordy = edit(GOOD, 'emotion 1 owner T', 'emotion 1 owner T description "the owner\'s co-owners, unitarget"');
        expect(summary((await buildWorkspace(wordy)).diagnostics())).toEqual([]);
        const twice = edit(GOOD, 'emotion 1 owner T', 'emotion 1 owner T description "owner" owner T');
        expect(summary((await buildWorkspace(twice)).diagnostics())).toEqual(['7:error:repeated-field']);
    });

    test('two emotions for one persona: repeated-field at the second persona name, as any field given twice; configurable, not syntax', async () => {
        const text = edit(GOOD, 'personas P emotion 1 owner', 'personas P emotion P 1 emotion P -1 owner');
        const line = text.split('\n')[6];
        const linted = await buildWorkspace(text);
        expect(linted.diagnostics().map(d => `${d.code}@${d.range.start.character}`)).toEqual([`repeated-field@${line.indexOf('P -1')}`]);
        expect(linted.diagnostics()[0].message).toBe("Persona 'P' has more than one emotion at touchpoint 'A'; only the last one is kept. Keep one `emotion P N`.");
        const off = await buildWorkspace(text, { settings: { rules: { 'repeated-field': 'off' } } });
        expect(summary(off.diagnostics())).toEqual([]);
    });

    test('a name that is a value keyword is not taken for a repeated field', async () => {
        const linted = await buildWorkspace(edit(GOOD, 'metric M "M" in S2 target 5', 'metric target "M" in S2 target 5'));
        expect(summary(linted.diagnostics())).toEqual([]);
    });
});

describe('the validation registry', () => {
    test('gathers the checks of a node type once per set of categories, not once per document', async () => {
        const services = createJourneyServices(EmptyFileSystem);
        const registry = services.Journey.validation.ValidationRegistry;
        const gathered: string[] = [];
        const getChecks = registry.getChecks.bind(registry);
        registry.getChecks = (type, categories) => {
            gathered.push(type);
            return getChecks(type, categories);
        };
        const maps = Object.fromEntries(['a', 'b', 'c'].map(name => [`${name}.journey`, GOOD.replace('journey J', `journey ${name.toUpperCase()}`).replace(/^(persona|channel|team) .*$/gm, '')]));
        const linted = await buildWorkspace(maps, { services });
        // Each document brings its own array of categories (Langium's builder): the same names, one gathering.
        expect(gathered.length).toBeGreaterThan(0);
        expect(gathered.length).toBe(new Set(gathered).size);
        expect(linted.diagnostics('b.journey').length).toBeGreaterThan(0);
    });
});

describe('checks never throw past their boundary', () => {
    test('a throwing check becomes one internal-error diagnostic and the other checks still run', async () => {
        const services = createJourneyServices(EmptyFileSystem);
        services.Journey.validation.ValidationRegistry.register({
            Touchpoint: (touchpoint: Touchpoint, _accept: ValidationAcceptor) => {
                if (touchpoint.name === 'A') throw new Error('boom');
            }
        });
        const originalError = console.error;
        console.error = () => undefined;
        try {
            const linted = await buildWorkspace(edit(GOOD, 'emotion 1', 'emotion 9'), { services });
            const diagnostics = linted.diagnostics();
            expect(codes(diagnostics)).toEqual(['internal-error', 'emotion-range']);
            expect(diagnostics[0].message).toContain('boom');
            expect(diagnostics[0].severity).toBe(1);
        } finally {
            console.error = originalError;
        }
    });
});

describe('the rule table speaks the catalogue', () => {
    test("emotion-range's help names the emotion scale's ends with the catalogue's words, which rules.ts does not write itself", () => {
        const ends = [t('en', 'emotion.scale.-2'), t('en', 'emotion.scale.2')];
        expect(RULES.find(rule => rule.id === RuleIds.emotionRange)!.help).toBe(`Emotion is an integer from -2 (${ends[0]}) to +2 (${ends[1]}).`);
        const source = readFileSync(join(REPO, 'src/language/rules.ts'), 'utf8');
        for (const end of ends) expect(source, end).not.toContain(end);
    });
});
