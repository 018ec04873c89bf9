import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, test } from 'vitest';
import type { LintResult } from '../../src/cli/formats/types.js';
import { RULES } from '../../src/language/rules.js';
import { EXAMPLES, journey, tempTree, type CliRun } from './run-cli.js';

const LEVELS = ['none', 'note', 'warning', 'error'];
const BROKEN_TEXT = readFileSync(join(EXAMPLES, 'invalid/broken-references.journey'), 'utf8');

/* eslint-disable @typescript-eslint/no-explicit-any -- a SARIF log is checked as untyped JSON */

/** The properties SARIF 2.1.0 requires (and the ones code scanning reads), checked one by one. */
function sarifProblems(log: any): string[] {
    const problems: string[] = [];
    const check = (ok: boolean, what: string) => { if (!ok) problems.push(what); };
    const text = (value: any) => typeof value?.text === 'string' && value.text.length > 0;
    check(log.version === '2.1.0', 'version is "2.1.0"');
    check(typeof log.$schema === 'string' && /^https:\/\/.*sarif.*2\.1\.0.*\.json$/.test(log.$schema), '$schema names SARIF 2.1.0');
    check(Array.isArray(log.runs) && log.runs.length === 1, 'one run');
    for (const run of log.runs ?? []) {
        const driver = run.tool?.driver;
        check(typeof driver?.name === 'string' && driver.name.length > 0, 'tool.driver.name');
        check(typeof driver?.version === 'string', 'tool.driver.version');
        check(URL.canParse(driver?.informationUri), 'tool.driver.informationUri is an absolute URI');
        const rules: any[] = driver?.rules ?? [];
        check(new Set(rules.map(r => r.id)).size === rules.length, 'rule ids are unique');
        for (const rule of rules) {
            check(typeof rule.id === 'string', 'rule.id');
            check(text(rule.shortDescription) && text(rule.fullDescription) && text(rule.help), `${rule.id}: descriptions and help`);
            check(LEVELS.includes(rule.defaultConfiguration?.level), `${rule.id}: defaultConfiguration.level`);
        }
        for (const [id, base] of Object.entries<any>(run.originalUriBaseIds ?? {})) {
            check(URL.canParse(base.uri) && base.uri.endsWith('/'), `originalUriBaseIds.${id} is an absolute folder URI`);
        }
        check(Array.isArray(run.results), 'results');
        for (const result of run.results ?? []) {
            const where = `result ${result.ruleId}`;
            check(text(result.message), `${where}: message.text`);
            check(rules[result.ruleIndex]?.id === result.ruleId, `${where}: ruleIndex points at its rule`);
            check(['note', 'warning', 'error'].includes(result.level), `${where}: level`);
            const location = result.locations?.[0]?.physicalLocation;
            const uri: string = location?.artifactLocation?.uri ?? '';
            // RFC 3986 relative-path reference: no scheme, no leading slash, only unreserved/sub-delims or %XX.
            check(!/^[a-z][a-z0-9+.-]*:/i.test(uri) && !uri.startsWith('/') && /^(?:[\w\-.~!$&'()*+,;=:@/]|%[0-9A-F]{2})+$/.test(uri), `${where}: relative URI '${uri}'`);
            check(location?.artifactLocation?.uriBaseId in (run.originalUriBaseIds ?? {}), `${where}: uriBaseId is declared`);
            const region = location?.region ?? {};
            check([region.startLine, region.startColumn, region.endLine, region.endColumn].every(n => Number.isInteger(n) && n >= 1), `${where}: 1-based region`);
            check(region.endLine > region.startLine || (region.endLine === region.startLine && region.endColumn >= region.startColumn), `${where}: region ends after it starts`);
        }
    }
    return problems;
}

describe('journey lint --format sarif', () => {
    let repo: string;
    let sarif: CliRun;
    let json: LintResult[];

    beforeAll(async () => {
        // A repository (a `.git` folder is what marks its root), linted from a subfolder.
        repo = tempTree({ '.git/HEAD': 'ref: refs/heads/main\n', 'cartes/Découverte #1.journey': BROKEN_TEXT, 'cartes/ok.journey': 'team Vente "Vente"\n' });
        sarif = await journey(['lint', '--format', 'sarif', '.'], { cwd: join(repo, 'cartes') });
        json = JSON.parse((await journey(['lint', '--format', 'json', '.'], { cwd: join(repo, 'cartes') })).stdout) as LintResult[];
    });

    test('has every property SARIF 2.1.0 requires', () => {
        expect(sarif.code).toBe(1);
        expect(sarifProblems(JSON.parse(sarif.stdout))).toEqual([]);
    });

    test('the checks above catch a broken log', () => {
        const log = JSON.parse(sarif.stdout);
        log.version = '2.0.0';
        log.runs[0].results[0].ruleIndex = 0;
        log.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri = '/abs/path.journey';
        expect(sarifProblems(log)).toHaveLength(3);
    });

    test('the driver lists every rule of rules.ts with its help and default level', () => {
        const rules = JSON.parse(sarif.stdout).runs[0].tool.driver.rules;
        expect(rules.map((r: any) => r.id)).toEqual(RULES.map(r => r.id));
        const levels = { error: 'error', warning: 'warning', info: 'note', off: 'none' };
        RULES.forEach((rule, index) => {
            expect(rules[index].help.text).toBe(rule.help);
            expect(rules[index].defaultConfiguration.level).toBe(levels[rule.defaultSeverity]);
        });
    });

    test('results match the json output, with repository-relative, percent-encoded uris', () => {
        const run = JSON.parse(sarif.stdout).runs[0];
        expect(fileURLToPath(run.originalUriBaseIds['%SRCROOT%'].uri)).toBe(repo + '/');
        const messages = json.flatMap(r => r.messages);
        expect(run.results).toHaveLength(messages.length);
        const levels = { error: 'error', warning: 'warning', info: 'note' };
        run.results.forEach((result: any, index: number) => {
            const m = messages[index];
            expect(result.ruleId).toBe(m.ruleId);
            expect(result.level).toBe(levels[m.severity]);
            expect(result.message.text).toBe(m.message);
            expect(result.locations[0].physicalLocation).toEqual({
                artifactLocation: { uri: 'cartes/D%C3%A9couverte%20%231.journey', uriBaseId: '%SRCROOT%' },
                region: { startLine: m.line, startColumn: m.column, endLine: m.endLine, endColumn: m.endColumn }
            });
        });
    });
});
