// An emotion outside -2 … +2 is an `emotion-range` error for lint; the commands that write
// output (export, render, compare) use it clamped to the range, as import does with Mermaid
// scores outside 1…5 (a fraction within the range is kept), and say so on stderr at file:line:column: no output carries it as written.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { journey, tempTree } from './run-cli.js';

const MAP = `journey Ouverture "Ouvrir" {
  persona Ines "Inès" { goal "Vite" }
  stage Decouverte "Découvrir" {
    touchpoint Page "Page" { personas Ines emotion Ines -5 emotion +3 }
    touchpoint Form "Form" { personas Ines emotion 2.5 }
  }
}
`;
/** Where `text` is written on the map's line `line` (1-based), as line:column. */
const at = (text: string, line = 4) => `${line}:${MAP.split('\n')[line - 1].indexOf(text) + 1}`;

describe('out-of-range emotions in the commands that write output', () => {
    test('export json: clamped values, a warning per value at file:line:column, exit 0', async () => {
        const folder = tempTree({ 'map.journey': MAP });
        const run = await journey(['export', 'map.journey', '-f', 'json'], { cwd: folder });
        expect(run.code).toBe(0);
        const touchpoints = JSON.parse(run.stdout).journeys[0].stages[0].touchpoints;
        expect(touchpoints[0].emotion).toBe(2);
        expect(touchpoints[0].emotions).toEqual({ Ines: -2 });
        expect(touchpoints[1].emotion).toBe(2);
        expect(run.stderr.trim().split('\n')).toEqual([
            `map.journey:${at('-5')}: warning: emotion -5 of persona 'Ines' at touchpoint 'Page' is outside -2 … +2: used as -2 (emotion-range)`,
            `map.journey:${at('+3')}: warning: emotion 3 of touchpoint 'Page' is outside -2 … +2: used as 2 (emotion-range)`,
            `map.journey:${at('2.5', 5)}: warning: emotion 2.5 of touchpoint 'Form' is outside -2 … +2: used as 2 (emotion-range)`
        ]);
    });

    test('export mermaid and csv carry the clamped value', async () => {
        const folder = tempTree({ 'map.journey': MAP });
        const mermaid = await journey(['export', 'map.journey', '-f', 'mermaid'], { cwd: folder });
        expect(mermaid.code).toBe(0);
        // score = emotion + 3, within Mermaid's 1…5
        expect(mermaid.stdout).toMatch(/Page: 5: /);
        const csv = await journey(['export', 'map.journey', '-f', 'csv'], { cwd: folder });
        expect(csv.stdout).not.toMatch(/[,;:] ?[+-]?(3|5|2\.5)\b/);
    });

    test('render: the warning, and no point drawn with the written value', async () => {
        const folder = tempTree({ 'map.journey': MAP });
        const run = await journey(['render', 'map.journey', '-f', 'svg'], { cwd: folder });
        expect(run.code).toBe(0);
        expect(run.stderr).toContain(`map.journey:${at('+3')}: warning: emotion 3 of touchpoint 'Page' is outside -2 … +2: used as 2 (emotion-range)`);
        expect(run.stdout).not.toMatch(/[+−-](3|5)<\/title>|2[.,]5<\/title>/);
    });

    test('compare: the warning names the file; the report holds the clamped value', async () => {
        const folder = tempTree({ 'a.journey': MAP, 'b.journey': MAP.replace('emotion +3', 'emotion 1') });
        const run = await journey(['compare', 'a.journey', 'b.journey'], { cwd: folder });
        expect(run.code).toBe(0);
        expect(run.stderr).toContain(`a.journey:${at('+3')}: warning: emotion 3 of touchpoint 'Page' is outside -2 … +2: used as 2 (emotion-range)`);
        expect(run.stdout).toMatch(/\+2 → \+1/);
        expect(run.stdout).not.toMatch(/\+3/);
    });

    test('the warning is said in the map\'s language', async () => {
        const folder = tempTree({ 'map.journey': MAP, 'journey.config.json': '{ "locale": "fr" }' });
        const run = await journey(['export', 'map.journey', '-f', 'json'], { cwd: folder });
        // French puts a narrow no-break space before its colons.
        expect(run.stderr.replace(/[\u202f\u00a0]/g, ' ')).toContain(`map.journey:${at('+3')}: avertissement : émotion 3 du point de contact 'Page' hors de -2 … +2 : utilisée comme 2 (emotion-range)`);
    });
});

describe('only the emotion entries the outputs use are warned about', () => {
    // A later `emotion N` replaces an earlier one; a later `emotion P N` replaces P's earlier one.
    const REPLACED = `journey K "K" {
  persona P "P" { goal "g" }
  stage S "S" {
    touchpoint T "T" { personas P emotion 5 emotion 1 emotion P -9 emotion P 0 }
    touchpoint U "U" { personas P emotion 1 emotion 7 emotion P -4 emotion P 1 emotion P -6 }
  }
}
`;

    test('export csv: no warning for replaced entries; one for each winning entry outside the range', async () => {
        const folder = tempTree({ 'k.journey': REPLACED });
        const run = await journey(['export', 'k.journey', '-f', 'csv'], { cwd: folder });
        expect(run.code).toBe(0);
        const line5 = REPLACED.split('\n')[4];
        expect(run.stderr.trim().split('\n')).toEqual([
            `k.journey:5:${line5.indexOf('7') + 1}: warning: emotion 7 of touchpoint 'U' is outside -2 … +2: used as 2 (emotion-range)`,
            `k.journey:5:${line5.indexOf('-6') + 1}: warning: emotion -6 of persona 'P' at touchpoint 'U' is outside -2 … +2: used as -2 (emotion-range)`
        ]);
    });
});

describe('each clamped emotion is warned about once, and only for the journeys output', () => {
    const ALL = `journey Cur "Cur" {
  state current
  stage S "S" {
    touchpoint T "T" { emotion 4 }
  }
}
journey Ide "Ide" {
  state ideal
  stage S "S" {
    touchpoint T "T" { emotion -3 }
  }
}
`;
    const cur = `all.journey:4:32: warning: emotion 4 of touchpoint 'T' is outside -2 … +2: used as 2 (emotion-range)`;
    const ide = `all.journey:10:32: warning: emotion -3 of touchpoint 'T' is outside -2 … +2: used as -2 (emotion-range)`;

    test('compare of two journeys of one file: each warning once', async () => {
        const folder = tempTree({ 'all.journey': ALL });
        const run = await journey(['compare', 'all.journey#Cur', 'all.journey#Ide', '-f', 'json'], { cwd: folder });
        expect(run.code, run.stderr).toBe(0);
        expect(run.stderr.trim().split('\n')).toEqual([cur, ide]);
    });

    test('compare with no arguments (the state current and ideal journeys): each warning once', async () => {
        const folder = tempTree({ 'all.journey': ALL });
        const run = await journey(['compare', '-f', 'json'], { cwd: folder });
        expect(run.code, run.stderr).toBe(0);
        expect(run.stderr.trim().split('\n')).toEqual([cur, ide]);
    });

    test('export --journey and render --journey: only that journey\'s', async () => {
        const folder = tempTree({ 'all.journey': ALL });
        const exported = await journey(['export', 'all.journey', '--journey', 'Cur', '-f', 'csv'], { cwd: folder });
        expect(exported.code, exported.stderr).toBe(0);
        expect(exported.stderr.trim().split('\n')).toEqual([cur]);
        const rendered = await journey(['render', 'all.journey', '--journey', 'Ide', '-f', 'svg'], { cwd: folder });
        expect(rendered.code, rendered.stderr).toBe(0);
        expect(rendered.stderr.trim().split('\n')).toEqual([ide]);
    });
});

describe('diff REV: the old revision\'s clamped emotions are warned about too', () => {
    test('a warning at REV:file:line:column for the old side, as for the working tree\'s', async () => {
        const root = tempTree({ 'map.journey': MAP });
        const git = (...args: string[]) => execFileSync('git', args, {
            cwd: root, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' }
        });
        git('init', '-q', '-b', 'main');
        git('add', '-A');
        git('commit', '-q', '-m', 'map');
        // The working tree keeps the Page touchpoint's out-of-range emotions and drops Form's.
        writeFileSync(join(root, 'map.journey'), MAP.replace('emotion 2.5', 'emotion 1'));
        const run = await journey(['diff', 'HEAD', '-f', 'json'], { cwd: root });
        expect(run.code, run.stderr).toBe(0);
        const lines = run.stderr.trim().split('\n');
        const page = `map.journey:${at('+3')}: warning: emotion 3 of touchpoint 'Page' is outside -2 … +2: used as 2 (emotion-range)`;
        // The old side's and the working tree's, each once though at the same place.
        expect(lines).toContain(`HEAD:${page}`);
        expect(lines).toContain(page);
        expect(lines).toContain(`HEAD:map.journey:${at('2.5', 5)}: warning: emotion 2.5 of touchpoint 'Form' is outside -2 … +2: used as 2 (emotion-range)`);
        expect(lines.filter(line => line.endsWith('(emotion-range)'))).toHaveLength(5);
    });
});
