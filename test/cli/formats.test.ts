import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { journey, tempTree } from './run-cli.js';
import { escapeData, escapeProperty, formatGithub, githubStepSummary } from '../../src/cli/formats/github.js';
import { formatStylish } from '../../src/cli/formats/stylish.js';
import type { FormatContext, LintMessage, LintResult } from '../../src/cli/formats/types.js';

const context: FormatContext = { cwd: '/repo/maps', root: '/repo', color: false };

function message(line: number, column: number, severity: LintMessage['severity'], text: string, ruleId: string): LintMessage {
    return { ruleId, severity, message: text, line, column, endLine: line, endColumn: column + 3 };
}

function result(filePath: string, messages: LintMessage[]): LintResult {
    const count = (s: string) => messages.filter(m => m.severity === s).length;
    return { filePath, messages, errorCount: count('error'), warningCount: count('warning'), infoCount: count('info') };
}

describe('github workflow commands', () => {
    test('escape %, CR and LF in data, and also , and : in properties', () => {
        expect(escapeData('50% done\r\nnext: a, b')).toBe('50%25 done%0D%0Anext: a, b');
        expect(escapeProperty('a,b:c%.journey')).toBe('a%2Cb%3Ac%25.journey');
    });

    test('one command per message, severity mapped, path relative to the root', () => {
        const output = formatGithub([result('/repo/maps/a,b: c.journey', [
            message(2, 5, 'error', 'Bad\nthing', 'syntax'),
            message(3, 1, 'info', '100% info', 'stage-no-goal')
        ])], context);
        expect(output).toBe(
            '::error file=maps/a%2Cb%3A c.journey,line=2,col=5,endLine=2,endColumn=8,title=syntax::Bad%0Athing\n'
            + '::notice file=maps/a%2Cb%3A c.journey,line=3,col=1,endLine=3,endColumn=4,title=stage-no-goal::100%25 info\n');
    });
});

describe('github step summary', () => {
    test('counts; a table of findings, errors first, with Markdown escaped', () => {
        const summary = githubStepSummary([
            result('/repo/maps/a.journey', [message(3, 1, 'warning', 'No `channel` | here', 'touchpoint-no-channel'), message(1, 2, 'error', 'Bad *thing*', 'syntax')]),
            result('/repo/maps/clean.journey', [])
        ], context);
        expect(summary).toBe([
            '### Journey lint: 1 error, 1 warning, 0 infos in 2 files', '',
            '| File | Line | Severity | Rule | Message |', '|---|---|---|---|---|',
            '| maps/a.journey | 1:2 | error | syntax | Bad \\*thing\\* |',
            '| maps/a.journey | 3:1 | warning | touchpoint-no-channel | No \\`channel\\` \\| here |', ''
        ].join('\n'));
        expect(githubStepSummary([result('/repo/ok.journey', [])], context)).toBe('### Journey lint: 0 errors, 0 warnings, 0 infos in 1 file\n');
    });

    test('beyond ten annotations of a kind it says so, and lists the first 50 findings', () => {
        const messages = Array.from({ length: 60 }, (_, i) => message(i + 1, 1, i % 2 ? 'error' : 'warning', `m${i}`, 'rule'));
        const summary = githubStepSummary([result('/repo/big.journey', messages)], context);
        expect(summary).toContain('30 errors, 30 warnings');
        expect(summary).toContain('GitHub shows 10 annotations of each kind on the diff');
        const rows = summary.split('\n').filter(line => line.startsWith('| big.journey'));
        expect(rows).toHaveLength(50);
        expect(rows.slice(0, 30).every(row => row.includes('| error |'))).toBe(true);
        expect(summary).toContain('… and 10 more');
        expect(githubStepSummary([result('/repo/few.journey', messages.slice(0, 10))], context)).not.toContain('GitHub shows');
    });
});

describe('journey lint --format github in GitHub Actions (real CLI)', () => {
    test('appends the summary to GITHUB_STEP_SUMMARY; a summary it cannot write is a warning, the exit code unchanged', async () => {
        const dir = tempTree({ 'bad.journey': 'journey J { stage S { touchpoint T { emotion 5 } } }\n', 'summary.md': '# Earlier step\n' });
        const summary = join(dir, 'summary.md');
        const run = await journey(['lint', '--format', 'github', 'bad.journey'], { cwd: dir, env: { GITHUB_STEP_SUMMARY: summary } });
        expect(run.code).toBe(1);
        expect(readFileSync(summary, 'utf8')).toMatch(/^# Earlier step\n### Journey lint: 1 error, 2 warnings, 2 infos in 1 file\n[^]*\| bad\.journey \| 1:46 \| error \| emotion-range \|/);
        const stylish = await journey(['lint', 'bad.journey'], { cwd: dir, env: { GITHUB_STEP_SUMMARY: join(dir, 'other.md') } });
        expect(stylish.code).toBe(1);
        expect(() => readFileSync(join(dir, 'other.md'))).toThrow(); // only the github format writes it
        const unwritable = await journey(['lint', '--format', 'github', 'bad.journey'], { cwd: dir, env: { GITHUB_STEP_SUMMARY: join(dir, 'no/such/folder.md') } });
        expect(unwritable.code).toBe(1);
        expect(unwritable.stdout).toContain('::error file=bad.journey');
        expect(unwritable.stderr).toMatch(/^journey lint: warning: cannot write the step summary to .*folder\.md: ENOENT/);
    });
});

describe('stylish', () => {
    const results = [
        result('/repo/maps/clean.journey', []),
        result('/repo/maps/étapes.journey', [
            message(3, 12, 'warning', 'Étape vide', 'stage-empty'),
            message(12, 4, 'error', 'Unknown channel', 'unresolved-reference')
        ])
    ];

    test('ESLint layout: path relative to cwd, aligned columns, summary; nothing for clean files', () => {
        expect(formatStylish(results, context)).toBe([
            '',
            'étapes.journey',
            '   3:12  warning  Étape vide       stage-empty',
            '  12:4   error    Unknown channel  unresolved-reference',
            '',
            '✖ 2 problems (1 error, 1 warning, 0 infos)',
            ''
        ].join('\n'));
        expect(formatStylish([results[0]], context)).toBe('');
    });

    test('the severity column speaks each file\'s language, aligned however long its words', () => {
        const french = result('/repo/maps/fr.journey', [
            message(5, 5, 'error', 'Émotion hors échelle', 'emotion-range'),
            message(7, 3, 'warning', 'Pas de canal', 'touchpoint-no-channel'),
            message(9, 1, 'info', 'Pas de but', 'stage-no-goal')
        ]);
        const locales = new Map([['/repo/maps/fr.journey', 'fr' as const], ['/repo/maps/étapes.journey', 'en' as const]]);
        expect(formatStylish([french, results[1]], { ...context, locale: 'fr', locales })).toBe([
            '',
            'fr.journey',
            '  5:5  erreur         Émotion hors échelle  emotion-range',
            '  7:3  avertissement  Pas de canal          touchpoint-no-channel',
            '  9:1  info           Pas de but            stage-no-goal',
            '',
            'étapes.journey',
            '   3:12  warning  Étape vide       stage-empty',
            '  12:4   error    Unknown channel  unresolved-reference',
            '',
            '✖ 5 problèmes (2 erreurs, 2 avertissements, 1 info)',
            ''
        ].join('\n'));
    });

    test('colours only when asked, around the same text', () => {
        const coloured = formatStylish(results, { ...context, color: true });
        expect(coloured).toContain('\x1b[31merror  \x1b[0m');
        expect(coloured.replace(/\x1b\[\d+m/g, '')).toBe(formatStylish(results, context));
    });
});
