import { EmptyFileSystem, URI } from 'langium';
import { NodeFileSystem } from 'langium/node';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { ConfigError, parseRuleConfig, readConfigFile } from '../../src/language/config.js';
import { createJourneyServices } from '../../src/language/journey-module.js';
import { buildWorkspace, SEVERITY_NAMES, summary } from '../test-services.js';

/** Touchpoint A lacks an owner (info), stage S lacks a goal (info), touchpoint B lacks a channel (warning). */
const MAP = `journey J "J" {
  persona P "P"
  channel C "C" digital
  stage S "S" {
    touchpoint A "A" { channel C personas P emotion 1 }
    touchpoint B "B" { personas P emotion 1 owner T }
  }
  team T "T"
}
`;

function expectConfigError(text: string, line: number, column: number, reason: RegExp): void {
    try {
        parseRuleConfig(text, 'journey.config.json');
    } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        const configError = error as ConfigError;
        expect([configError.line, configError.column]).toEqual([line, column]);
        expect(configError.reason).toMatch(reason);
        expect(configError.message).toBe(`journey.config.json:${line}:${column}: ${configError.reason}`);
        return;
    }
    throw new Error('expected a ConfigError');
}

describe('journey.config.json', () => {
    test('a byte order mark (Windows editors save JSON with one) is no part of the content, and errors keep the editor\'s columns', () => {
        expect(parseRuleConfig('\uFEFF{ "locale": "fr" }', 'c.json').locale).toBe('fr');
        expect(() => parseRuleConfig('\uFEFF{ "locale": 3 }', 'c.json')).toThrow(/c\.json:1:13/);
    });

    test('ESLint\'s "warn" is read as "warning" (severities are set "like ESLint\'s", README)', () => {
        expect([...parseRuleConfig('{ "rules": { "stage-no-goal": "warn" } }', 'c.json').rules]).toEqual([['stage-no-goal', 'warning']]);
    });

    test('reads rule severities; comments and trailing commas are allowed', () => {
        const config = parseRuleConfig('{\n  // quieter\n  "rules": { "stage-no-goal": "off", "persona-unused": "error", },\n}', 'c.json');
        expect([...config.rules]).toEqual([['stage-no-goal', 'off'], ['persona-unused', 'error']]);
    });

    test('bad JSON, unknown keys, unknown rules and bad severities say where', () => {
        expectConfigError('{\n  "rules": { "stage-no-goal": }\n}', 2, 31, /invalid JSON \(value expected\)/);
        expectConfigError('{\n  "rulez": {}\n}', 2, 3, /unknown setting "rulez"/);
        expectConfigError('{ "rules": {\n    "stage-no-gaol": "off"\n} }', 2, 5, /unknown rule "stage-no-gaol"; did you mean "stage-no-goal"\?/);
        expectConfigError('{ "rules": { "stage-no-goal": "warnig" } }', 1, 31, /severity must be "off", "info", "warning" or "error", not "warnig"; did you mean "warning"\?$/);
        expectConfigError('{ "rules": { "stage-no-goal": "Error" } }', 1, 31, /not "Error"; did you mean "error"\?$/);
        // ESLint's numbers, as someone used to its configuration writes them.
        expectConfigError('{ "rules": { "stage-no-goal": 0 } }', 1, 31, /not 0; did you mean "off"\?$/);
        expectConfigError('{ "rules": { "stage-no-goal": 2 } }', 1, 31, /not 2; did you mean "error"\?$/);
        expectConfigError('{ "rules": { "stage-no-goal": "loud" } }', 1, 31, /not "loud"$/);
        expectConfigError('[]', 1, 1, /expected an object/);
        expectConfigError('', 1, 1, /empty file/);
    });

    test('"locale" names the language of maps and messages: en or fr, anything else said where', () => {
        expect(parseRuleConfig('{ "locale": "fr" }', 'c.json').locale).toBe('fr');
        expect(parseRuleConfig('{ "rules": {}, "locale": "en" }', 'c.json').locale).toBe('en');
        expect(parseRuleConfig('{ "rules": {} }', 'c.json').locale).toBeUndefined();
        expectConfigError('{\n  "locale": "de"\n}', 2, 13, /"locale" must be "en" or "fr", not "de"/);
    });

    test('readConfigFile reports a missing file as a ConfigError', () => {
        expect(() => readConfigFile('/nowhere/journey.config.json', NodeFileSystem.fileSystemProvider())).toThrow(ConfigError);
    });
});

describe('rule severities applied to diagnostics', () => {
    const root = mkdtempSync(join(tmpdir(), 'journey-config-'));
    afterAll(() => rmSync(root, { recursive: true, force: true }));

    const fileUri = (...parts: string[]) => URI.file(join(root, ...parts)).toString();

    test('defaults', async () => {
        const linted = await buildWorkspace(MAP);
        expect(summary(linted.diagnostics())).toEqual(['4:info:stage-no-goal', '5:info:touchpoint-no-owner', '6:warning:touchpoint-no-channel']);
    });

    test('the VS Code setting journey.rules changes severities and turns rules off', async () => {
        const linted = await buildWorkspace(MAP, { settings: { rules: { 'stage-no-goal': 'off', 'touchpoint-no-channel': 'error', 'not-a-rule': 'off' } } });
        expect(summary(linted.diagnostics())).toEqual(['5:info:touchpoint-no-owner', '6:error:touchpoint-no-channel']);
    });

    test('the nearest journey.config.json up the folder tree applies, and wins over the setting', async () => {
        mkdirSync(join(root, 'team', 'maps', 'deep'), { recursive: true });
        writeFileSync(join(root, 'journey.config.json'), '{ "rules": { "touchpoint-no-owner": "off" } }');
        writeFileSync(join(root, 'team', 'journey.config.json'), '{ "rules": { "touchpoint-no-owner": "warning", "stage-no-goal": "error" } }');
        const linted = await buildWorkspace({
            [fileUri('team', 'maps', 'deep', 'a.journey')]: MAP,
            [fileUri('other.journey')]: MAP.replaceAll('journey J', 'journey K')
        }, { fileSystem: NodeFileSystem.fileSystemProvider, settings: { rules: { 'stage-no-goal': 'off' } } });
        // team/journey.config.json is nearer than the root one for a.journey.
        expect(summary(linted.diagnostics(fileUri('team', 'maps', 'deep', 'a.journey'))))
            .toEqual(['4:error:stage-no-goal', '5:warning:touchpoint-no-owner', '6:warning:touchpoint-no-channel']);
        // The root config applies to other.journey; the setting turns stage-no-goal off there.
        expect(summary(linted.diagnostics(fileUri('other.journey')))).toEqual(['6:warning:touchpoint-no-channel']);
    });

    test('useConfigFile (the CLI --config) replaces the lookup', async () => {
        writeFileSync(join(root, 'strict.json'), '{ "rules": { "touchpoint-no-owner": "error" } }');
        const services = createJourneyServices(NodeFileSystem);
        services.Journey.config.RuleSeverities.useConfigFile(join(root, 'strict.json'));
        const linted = await buildWorkspace({ [fileUri('team', 'maps', 'deep', 'b.journey')]: MAP }, { services });
        expect(summary(linted.diagnostics())).toEqual(['4:info:stage-no-goal', '5:error:touchpoint-no-owner', '6:warning:touchpoint-no-channel']);
        expect(() => services.Journey.config.RuleSeverities.useConfigFile(join(root, 'missing.json'))).toThrow(ConfigError);
    });

    test('a bad config file becomes one diagnostic and the defaults apply', async () => {
        mkdirSync(join(root, 'broken'), { recursive: true });
        writeFileSync(join(root, 'broken', 'journey.config.json'), '{\n  "rules": { "stage-no-goal": "loud" }\n}');
        const linted = await buildWorkspace({ [fileUri('broken', 'c.journey')]: MAP }, { fileSystem: NodeFileSystem.fileSystemProvider });
        const diagnostics = linted.diagnostics();
        expect(summary(diagnostics)).toEqual(['1:error:syntax', '4:info:stage-no-goal', '5:info:touchpoint-no-owner', '6:warning:touchpoint-no-channel']);
        expect(diagnostics[0].message).toContain(`${join(root, 'broken', 'journey.config.json')} cannot be used`);
        expect(diagnostics[0].message).toContain('line 2, column 31');
    });

    test('documents under one configuration share one merge, made again when the setting, the file or --config changes', async () => {
        mkdirSync(join(root, 'shared'), { recursive: true });
        const configFile = join(root, 'shared', 'journey.config.json');
        writeFileSync(configFile, '{ "rules": { "stage-no-goal": "error" } }');
        const services = createJourneyServices(NodeFileSystem);
        const rules = services.Journey.config.RuleSeverities;
        const a = URI.file(join(root, 'shared', 'a.journey'));
        const b = URI.file(join(root, 'shared', 'b.journey'));
        // A build asks several times per document (its checks, its severities, its locale): one merge answers them all.
        expect(rules.resolve(a)).toBe(rules.resolve(a));
        expect(rules.severitiesFor(b)).toBe(rules.severitiesFor(a));
        expect(rules.severitiesFor(a).get('stage-no-goal')).toBe('error');

        services.shared.workspace.ConfigurationProvider.updateConfiguration({ settings: { journey: { rules: { 'metric-no-target': 'warning' } } } });
        expect(rules.severitiesFor(a).get('metric-no-target')).toBe('warning');

        writeFileSync(configFile, '{ "rules": { "stage-no-goal": "off" } }');
        expect(rules.severitiesFor(a).get('stage-no-goal')).toBe('error');
        rules.clearCache();
        expect(rules.severitiesFor(a).get('stage-no-goal')).toBe('off');
        expect(rules.severitiesFor(a).get('metric-no-target')).toBe('warning');

        writeFileSync(join(root, 'shared', 'strict.json'), '{ "rules": { "stage-no-goal": "info" } }');
        rules.useConfigFile(join(root, 'shared', 'strict.json'));
        expect(rules.resolve(a).configFile).toBe(join(root, 'shared', 'strict.json'));
        expect(rules.severitiesFor(a).get('stage-no-goal')).toBe('info');
        rules.useConfigFile(undefined);
        expect(rules.severitiesFor(a).get('stage-no-goal')).toBe('off');
    });

    test('documents under no configuration share one merge too, and a configuration file created later applies once the cache is cleared', async () => {
        // Its own folder, whose configuration file is the nearest until one is created below it.
        const later = join(root, 'later');
        mkdirSync(join(later, 'bare', 'one'), { recursive: true });
        mkdirSync(join(later, 'bare', 'two'), { recursive: true });
        writeFileSync(join(later, 'journey.config.json'), '{ "rules": { "stage-no-goal": "off" } }');
        const services = createJourneyServices(NodeFileSystem);
        const rules = services.Journey.config.RuleSeverities;
        const uri = (folder: string) => URI.file(join(later, 'bare', folder, 'a.journey'));
        // An untitled map, looked up nowhere, has no configuration.
        const untitled = URI.parse('untitled:Untitled-1');
        const outside = URI.parse('untitled:Untitled-2');
        expect(rules.resolve(untitled)).toBe(rules.resolve(outside));
        expect(rules.resolve(untitled).configFile).toBeUndefined();
        expect(rules.severitiesFor(untitled).get('stage-no-goal')).toBe('info');

        services.shared.workspace.ConfigurationProvider.updateConfiguration({ settings: { journey: { rules: { 'stage-no-goal': 'warning' } } } });
        expect(rules.severitiesFor(untitled).get('stage-no-goal')).toBe('warning');
        expect(rules.resolve(untitled)).toBe(rules.resolve(outside));

        const before = rules.resolve(uri('one'));
        expect(before.configFile).toBe(join(later, 'journey.config.json'));
        expect(rules.severitiesFor(uri('one')).get('stage-no-goal')).toBe('off');
        writeFileSync(join(later, 'bare', 'journey.config.json'), '{ "rules": { "stage-no-goal": "error" } }');
        expect(rules.resolve(uri('one'))).toBe(before);
        rules.clearCache();
        expect(rules.resolve(uri('one')).configFile).toBe(join(later, 'bare', 'journey.config.json'));
        expect(rules.severitiesFor(uri('two'))).toBe(rules.severitiesFor(uri('one')));
        expect(rules.severitiesFor(uri('one')).get('stage-no-goal')).toBe('error');
        expect(rules.severitiesFor(untitled).get('stage-no-goal')).toBe('warning');

        // Files in folders with no configuration up the tree share the one merge as well.
        const nowhere = createJourneyServices(EmptyFileSystem).Journey.config.RuleSeverities;
        expect(nowhere.resolve(URI.file('/x/a.journey'))).toBe(nowhere.resolve(URI.file('/y/z/b.journey')));
        expect(nowhere.resolve(URI.file('/x/a.journey'))).toBe(nowhere.resolve(URI.parse('untitled:Untitled-1')));
    });

    test('severitiesFor merges defaults, setting and file', async () => {
        const services = createJourneyServices(EmptyFileSystem);
        services.shared.workspace.ConfigurationProvider.updateConfiguration({ settings: { journey: { rules: { 'metric-no-target': 'warning' } } } });
        const severities = services.Journey.config.RuleSeverities.severitiesFor(URI.file('/x/a.journey'));
        expect(severities.get('metric-no-target')).toBe('warning');
        expect(severities.get('touchpoint-no-evidence')).toBe('off');
        expect(severities.get('syntax')).toBe('error');
    });
});

describe('suppression comments', () => {
    test('journey-disable-next-line with ids hides those rules on the next line only', async () => {
        const text = MAP.replace('    touchpoint B', '    // journey-disable-next-line touchpoint-no-channel, touchpoint-no-owner\n    touchpoint B')
            .replace('    touchpoint A', '    // journey-disable-next-line touchpoint-no-channel\n    touchpoint A');
        const linted = await buildWorkspace(text);
        expect(summary(linted.diagnostics())).toEqual(['4:info:stage-no-goal', '6:info:touchpoint-no-owner']);
    });

    test('journey-disable-next-line without ids hides every rule on the next line, but not syntax errors', async () => {
        const text = MAP.replace('    touchpoint B "B" { personas P emotion 1 owner T }', '    /* journey-disable-next-line */\n    touchpoint B "B" { personas P emotion 1 owner T } #');
        const linted = await buildWorkspace(text);
        // B's missing channel is hidden, the stray '#' is not (and makes stage S too unsure for stage-no-goal).
        expect(summary(linted.diagnostics())).toEqual(['5:info:touchpoint-no-owner', '7:error:syntax']);
    });

    test('a block comment over several lines applies to the line after its end; unknown ids are placed on their own line', async () => {
        const text = MAP.replace('    touchpoint B', '    /* journey-disable-next-line\n       touchpoint-no-channel, no-such-rule */\n    touchpoint B');
        const linted = await buildWorkspace(text);
        expect(summary(linted.diagnostics())).toEqual(['4:info:stage-no-goal', '5:info:touchpoint-no-owner', '7:error:syntax']);
        expect(linted.diagnostics()[2].range.start).toEqual({ line: 6, character: 30 });
    });

    test('journey-disable hides rules in the whole file; a reason after -- is ignored', async () => {
        const linted = await buildWorkspace(`// journey-disable touchpoint-no-owner stage-no-goal -- drafted in a workshop\n${MAP}`);
        expect(summary(linted.diagnostics())).toEqual(['7:warning:touchpoint-no-channel']);
    });

    test('an unknown rule id in a suppression is reported where it is written', async () => {
        const linted = await buildWorkspace(`// journey-disable stage-no-gaol\n${MAP}`);
        const [diagnostic] = linted.diagnostics();
        expect(summary([diagnostic])).toEqual(['1:error:syntax']);
        expect(diagnostic.message).toBe("Unknown rule 'stage-no-gaol' in a `journey-disable` comment. Did you mean 'stage-no-goal'?");
        expect(diagnostic.range.start.character).toBe(19);
    });

    test('syntax cannot be disabled by a comment: the error stays, and the comment is told so', async () => {
        const broken = MAP.replace('emotion 1 owner T', 'emotion owner T');
        for (const comment of ['// journey-disable syntax', '// journey-disable syntax, stage-no-goal', '// journey-disable-next-line syntax']) {
            const linted = await buildWorkspace(`${comment}\n${broken}`);
            const codes = linted.diagnostics().map(d => `${d.range.start.line + 1}:${SEVERITY_NAMES[d.severity!]}:${d.code}`);
            expect(codes).toContain('7:error:syntax');
            const notice = linted.diagnostics().find(d => d.range.start.line === 0)!;
            expect(notice.message).toMatch(/'syntax' cannot be disabled/);
        }
    });

    test('"syntax": "off" in the configuration leaves syntax errors as errors', async () => {
        const linted = await buildWorkspace(MAP.replace('emotion 1 owner T', 'emotion owner T'), { settings: { rules: { syntax: 'off', 'internal-error': 'info' } } });
        expect(summary(linted.diagnostics())).toContain('6:error:syntax');
    });

    test('journey-disable-line hides rules on its own line, as in ESLint', async () => {
        const text = MAP.replace('touchpoint B "B" { personas P emotion 1 owner T }', 'touchpoint B "B" { personas P emotion 1 owner T } // journey-disable-line touchpoint-no-channel');
        const linted = await buildWorkspace(text);
        expect(summary(linted.diagnostics())).toEqual(['4:info:stage-no-goal', '5:info:touchpoint-no-owner']);
    });

    test('an unknown journey-disable directive is reported with the closest one', async () => {
        const linted = await buildWorkspace(`// journey-disable-nextline touchpoint-no-channel\n${MAP}`);
        const [diagnostic] = linted.diagnostics();
        expect(diagnostic.message).toBe("Unknown directive 'journey-disable-nextline'. Did you mean 'journey-disable-next-line'?");
        expect(diagnostic.range.start).toEqual({ line: 0, character: 3 });
    });

    test('a comment-like text inside a string suppresses nothing', async () => {
        const linted = await buildWorkspace(MAP.replace('journey J "J"', 'journey J "// journey-disable"'));
        expect(summary(linted.diagnostics())).toEqual(['4:info:stage-no-goal', '5:info:touchpoint-no-owner', '6:warning:touchpoint-no-channel']);
    });
});
