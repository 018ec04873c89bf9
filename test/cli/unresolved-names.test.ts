// A name that resolves to nothing (an `unresolved-reference` or `metric-stage` error for lint) does
// not stop the commands that write output from the model (render, export, compare, diff): the output
// shows the name as written, so each says so on stderr at file:line:column, in lint's words and the
// map's language, and exits 0 as for a clamped emotion. In-process (the commands' `run`): no spawn.
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, test } from 'vitest';
import type { CliCommand, CliIO } from '../../src/cli/command.js';
import { compareCommand } from '../../src/cli/compare.js';
import { diffCommand } from '../../src/cli/diff.js';
import { exportCommand } from '../../src/cli/export.js';
import { lintCommand } from '../../src/cli/lint.js';
import { renderCommand } from '../../src/cli/render.js';
import { tempTree } from './run-cli.js';

/** A map with a name of each kind that resolves to nothing: persona (twice), channel, team, touchpoint (`next`), stage (`in`). */
const BROKEN = `journey Ouverture "Ouvrir" {
  persona Ana "Ana" { goal "Vite" }
  channel Web "Web"
  team Vente "Vente"
  stage Decouverte "Découvrir" {
    touchpoint Page "Page" { personas Anna channel Webb owner Ventes emotion Anna 1 next Nope }
  }
  metric Taux "Taux" in Page target 50
  metric Attente "Attente" in Achat target 5
}
`;

function captured(cwd: string): CliIO & { stdout: PassThrough; stderr: PassThrough } {
    return { cwd, stdin: new PassThrough(), stdout: new PassThrough(), stderr: new PassThrough(), env: { LANG: 'C', JOURNEY_CACHE_DIR: 'off' } };
}

/** `journey COMMAND ...args` in `cwd`: its exit code and what it wrote. */
async function run(command: CliCommand, args: string[], cwd: string) {
    const io = captured(cwd);
    const code = await command.run(args, io);
    return { code, stdout: String(io.stdout.read() ?? ''), stderr: String(io.stderr.read() ?? '') };
}

/** Lint's own lines for the map's names that resolve to nothing, as the commands that write output warn: `file:line:column: warning: message (rule)`. */
async function lintsUnresolved(file: string, cwd: string, warning = 'warning: '): Promise<string[]> {
    const lint = await run(lintCommand, ['--threads', '1', '-f', 'json', file], cwd);
    expect(lint.code).toBe(1);
    const [result] = JSON.parse(lint.stdout) as Array<{ messages: Array<{ ruleId: string; message: string; line: number; column: number }> }>;
    return result.messages.filter(m => m.ruleId === 'unresolved-reference' || m.ruleId === 'metric-stage')
        .map(m => `${file}:${m.line}:${m.column}: ${warning}${m.message} (${m.ruleId})`);
}

const lines = (text: string) => text.split('\n').filter(line => line !== '');

describe('names that resolve to nothing, in the commands that write output', () => {
    test('render: a warning per name in lint\'s words at file:line:column, exit 0, the picture written', async () => {
        const folder = tempTree({ 'p.journey': BROKEN });
        const rendered = await run(renderCommand, ['p.journey', '-o', 'p.svg'], folder);
        expect(rendered.code).toBe(0);
        expect(existsSync(join(folder, 'p.svg'))).toBe(true);
        const expected = await lintsUnresolved('p.journey', folder);
        expect(expected).toHaveLength(7);
        expect(lines(rendered.stderr)).toEqual(expected);
        // The reviewer's case, spelt out: the typo of a declared persona, with lint's suggestion.
        expect(expected[0]).toBe(`p.journey:6:39: warning: Unknown persona 'Anna'. Did you mean 'Ana'? (unresolved-reference)`);
    });

    test('export: the same warnings, exit 0, the export written', async () => {
        const folder = tempTree({ 'p.journey': BROKEN });
        const exported = await run(exportCommand, ['p.journey', '-f', 'json'], folder);
        expect(exported.code).toBe(0);
        expect(JSON.parse(exported.stdout).journeys[0].id).toBe('Ouverture');
        expect(lines(exported.stderr)).toEqual(await lintsUnresolved('p.journey', folder));
    });

    test('a map that resolves: no warning', async () => {
        const folder = tempTree({ 'p.journey': BROKEN.replace(/Anna/g, 'Ana').replace('Webb', 'Web').replace('Ventes', 'Vente').replace(' next Nope', '').replace(/in (Page|Achat)/g, 'in Decouverte') });
        const rendered = await run(renderCommand, ['p.journey', '-o', 'p.svg'], folder);
        expect(rendered).toMatchObject({ code: 0, stderr: '' });
    });

    test('in the map\'s language, as lint says it', async () => {
        const folder = tempTree({ 'p.journey': BROKEN, 'journey.config.json': '{ "locale": "fr" }\n' });
        const rendered = await run(renderCommand, ['p.journey', '-o', 'p.svg'], folder);
        expect(rendered.code).toBe(0);
        expect(lines(rendered.stderr)).toEqual(await lintsUnresolved('p.journey', folder, 'avertissement\u00a0: '));
        expect(rendered.stderr).toContain("p.journey:6:39: avertissement\u00a0: Persona 'Anna' introuvable.");
    });

    test('a rule the configuration turns off is not warned about, as lint reports it not', async () => {
        const folder = tempTree({ 'p.journey': BROKEN, 'journey.config.json': '{ "rules": { "unresolved-reference": "off" } }\n' });
        const rendered = await run(renderCommand, ['p.journey', '-o', 'p.svg'], folder);
        expect(rendered.code).toBe(0);
        const metricStage = await lintsUnresolved('p.journey', folder);
        expect(metricStage.map(line => line.replace(/.*\((.*)\)$/, '$1'))).toEqual(['metric-stage']);
        expect(lines(rendered.stderr)).toEqual(metricStage);
    });

    test('--journey: only the names of the journey output', async () => {
        const other = 'journey Autre "Autre" {\n  stage S "S" {\n    touchpoint T "T" { channel Fax }\n  }\n}\n';
        const folder = tempTree({ 'p.journey': BROKEN + other });
        const autre = await run(renderCommand, ['p.journey', '--journey', 'Autre', '-o', 'autre.svg'], folder);
        expect(autre.code).toBe(0);
        const fax = (await lintsUnresolved('p.journey', folder)).filter(line => line.includes("'Fax'"));
        expect(fax).toHaveLength(1);
        expect(lines(autre.stderr)).toEqual(fax);
        const exported = await run(exportCommand, ['p.journey', '--journey', 'Ouverture', '-f', 'csv'], folder);
        expect(lines(exported.stderr)).toHaveLength(7);
        expect(exported.stderr).not.toContain('Fax');
    });

    test('many names: the first ten, then one line at the next that counts the rest', async () => {
        const touchpoints = Array.from({ length: 25 }, (_, i) => `    touchpoint T${i} "T" { personas Nobody${i} }\n`).join('');
        const folder = tempTree({ 'many.journey': `journey M "M" {\n  persona Ana "Ana" { goal "g" }\n  stage S "S" {\n${touchpoints}  }\n}\n` });
        const rendered = await run(renderCommand, ['many.journey', '-o', 'many.svg'], folder);
        expect(rendered.code).toBe(0);
        const said = lines(rendered.stderr);
        expect(said).toHaveLength(11);
        const all = await lintsUnresolved('many.journey', folder);
        expect(all).toHaveLength(25);
        expect(said.slice(0, 10)).toEqual(all.slice(0, 10));
        const eleventh = all[10].slice(0, all[10].indexOf(': '));
        expect(eleventh).toBe('many.journey:14:35');
        expect(said[10]).toBe(`${eleventh}: warning: … and 15 more names that resolve to nothing (\`journey lint\` lists them all)`);
    });
});

describe('compare and diff: the compared journeys\' names', () => {
    const persona = (name: string) => BROKEN.replace('personas Anna', `personas ${name}`);

    test('compare: each side\'s, each once though both are of one file', async () => {
        const folder = tempTree({ 'a.journey': BROKEN, 'b.journey': persona('Ana') });
        const compared = await run(compareCommand, ['a.journey', 'b.journey', '-f', 'json'], folder);
        expect(compared.code).toBe(0);
        const [a, b] = [await lintsUnresolved('a.journey', folder), await lintsUnresolved('b.journey', folder)];
        expect(lines(compared.stderr)).toEqual([...a, ...b]);
        const same = await run(compareCommand, ['a.journey#Ouverture', 'a.journey#Ouverture', '-f', 'json'], folder);
        expect(lines(same.stderr)).toEqual(a);
    });

    test('diff of two files, and diff REV: the old revision\'s at REV:file:line:column', async () => {
        const root = tempTree({ 'map.journey': BROKEN });
        const twoFiles = tempTree({ 'a.journey': BROKEN, 'b.journey': persona('Bea') });
        const diffed = await run(diffCommand, ['a.journey', 'b.journey', '-f', 'json'], twoFiles);
        expect(diffed.code).toBe(0);
        expect(lines(diffed.stderr)).toEqual([...await lintsUnresolved('a.journey', twoFiles), ...await lintsUnresolved('b.journey', twoFiles)]);

        const git = (...args: string[]) => execFileSync('git', args, {
            cwd: root, env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' }
        });
        git('init', '-q', '-b', 'main');
        git('add', '-A');
        git('commit', '-q', '-m', 'map');
        const old = await lintsUnresolved('map.journey', root);
        writeFileSync(join(root, 'map.journey'), persona('Ana'));
        const sinceHead = await run(diffCommand, ['HEAD', '-f', 'json'], root);
        expect(sinceHead.code).toBe(0);
        expect(lines(sinceHead.stderr)).toContain(`HEAD:${old[0]}`);
        expect(lines(sinceHead.stderr).filter(line => line.startsWith('HEAD:'))).toHaveLength(7);
        // The working tree's map has its persona back: its other six names still warned about.
        expect(lines(sinceHead.stderr).filter(line => !line.startsWith('HEAD:'))).toHaveLength(6);
    });
});
