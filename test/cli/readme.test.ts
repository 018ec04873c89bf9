import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { DiagnosticSeverity } from 'vscode-languageserver';
import { describe, expect, test } from 'vitest';
import { loadWorkspace } from '../../src/cli/workspace.js';
import { RULES } from '../../src/language/rules.js';
import { REPO } from './run-cli.js';

const README = readFileSync(join(REPO, 'README.md'), 'utf8');

/** The text of a README section, from its heading to the next heading of the same or a higher level. */
function section(heading: string): string {
    const start = README.indexOf(`\n${heading}\n`);
    expect(start, heading).toBeGreaterThanOrEqual(0);
    const level = heading.indexOf(' ');
    const rest = README.slice(start + heading.length + 2);
    const end = rest.search(new RegExp(`\\n#{1,${level}} `));
    return end < 0 ? rest : rest.slice(0, end);
}

function journeyBlock(text: string): string {
    const block = /```journey\n([^]*?)```/.exec(text);
    expect(block).not.toBeNull();
    return block![1];
}

async function diagnostics(text: string) {
    const stdin = new PassThrough();
    stdin.end(text);
    const io = { cwd: REPO, stdin, stdout: new PassThrough(), stderr: new PassThrough(), env: {} };
    const [file] = (await loadWorkspace(['-'], io)).documents;
    return file.diagnostics.map(d => ({ line: d.range.start.line + 1, severity: d.severity, ruleId: String(d.code), message: d.message }));
}

describe('README', () => {
    test('the rules table is rules.ts: ids, default severities and descriptions, in order', () => {
        const rows = section('## Rules').split('\n').filter(line => line.startsWith('| `'));
        const table = rows.map(row => row.slice(1, -1).split(/(?<!\\) \| /).map(cell => cell.trim().replace(/\\\|/g, '|')));
        expect(table).toEqual(RULES.map(rule => [`\`${rule.id}\``, rule.defaultSeverity, rule.description]));
    });

    test('the language tour example lints with no error and no warning', async () => {
        const found = await diagnostics(journeyBlock(section('## The language in five minutes')));
        expect(found.filter(d => d.severity === DiagnosticSeverity.Error || d.severity === DiagnosticSeverity.Warning)).toEqual([]);
    });

    test('the suppression example: the comments silence exactly what they name', async () => {
        const map = journeyBlock(section('### Configuration and suppressions'));
        expect(await diagnostics(map)).toEqual([]);
        const unsuppressed = await diagnostics(map.replace(/[ \t]*\/\/ journey-disable.*$/gm, ''));
        expect(unsuppressed.map(d => d.ruleId).sort()).toEqual(['touchpoint-no-channel', 'touchpoint-no-channel', 'touchpoint-no-owner', 'touchpoint-no-owner']);
    });
});
