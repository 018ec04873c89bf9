// `journey render -o FILE` and `journey export -o FILE` hold to FILE's extension as compare and diff
// do: an extension the command cannot write (`-o map.gif`), or one that contradicts -f, is a usage
// error (exit 2) and nothing is written; a picture in a file named for another format is no picture.
// In-process (the commands' `run`): the process boundary of a usage error is tested in usage.test.ts.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { CliError, type CliIO } from '../../src/cli/command.js';
import { exportCommand } from '../../src/cli/export.js';
import { importCommand } from '../../src/cli/import.js';
import { renderCommand } from '../../src/cli/render.js';
import { cleanMap, tempTree } from './run-cli.js';

function io(cwd: string): CliIO {
    return { cwd, stdin: new PassThrough(), stdout: new PassThrough(), stderr: new PassThrough(), env: { JOURNEY_CACHE_DIR: 'off' } };
}

/** The usage error `run` throws, in English; fails the test if it returns instead. */
async function refusal(run: Promise<number>): Promise<{ message: string; exitCode: number }> {
    const error = await run.then(code => new Error(`returned ${code}`), (thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(CliError);
    return { message: (error as CliError).message, exitCode: (error as CliError).exitCode };
}

describe('journey render -o FILE: the extension names the format', () => {
    test('an extension render cannot write is refused, with the ones it can, and nothing is written', async () => {
        const dir = tempTree({ 'map.journey': cleanMap() });
        for (const args of [['-o', 'map.gif'], ['-f', 'svg', '-o', 'map.gif']]) {
            expect(await refusal(renderCommand.run(['map.journey', ...args], io(dir)))).toEqual({
                message: "cannot write a .gif file: -o's extension names the format: .svg, .png, .html, .htm (a folder: end -o with /)", exitCode: 2
            });
        }
        expect(existsSync(join(dir, 'map.gif'))).toBe(false);
    });

    test('-f that contradicts the extension is refused', async () => {
        const dir = tempTree({ 'map.journey': cleanMap() });
        expect(await refusal(renderCommand.run(['map.journey', '-f', 'png', '-o', 'map.svg'], io(dir)))).toEqual({
            message: "-o 'map.svg' names a svg file but --format is png: give -o a .png name, or drop --format", exitCode: 2
        });
        expect(existsSync(join(dir, 'map.svg'))).toBe(false);
    });

    test('no extension: -f, else SVG; a folder\'s name (even with a dot in it) names no format', async () => {
        const dir = tempTree({ 'map.journey': cleanMap(), 'pictures.v2/.keep': '' });
        expect(await renderCommand.run(['map.journey', '-o', 'picture'], io(dir))).toBe(0);
        expect(readFileSync(join(dir, 'picture'), 'utf8')).toMatch(/^(<\?xml[^>]*>\s*)?<svg[\s>]/);
        expect(await renderCommand.run(['map.journey', '-o', 'pictures.v2'], io(dir))).toBe(0);
        expect(readFileSync(join(dir, 'pictures.v2', 'Essai.svg'), 'utf8')).toMatch(/^(<\?xml[^>]*>\s*)?<svg[\s>]/);
    });
});

describe('journey export -o FILE: the extension names the format', () => {
    test('a folder (a trailing slash, even after a dot) names no format: -f is asked for, then export says it writes one file', async () => {
        const dir = tempTree({ 'map.journey': cleanMap() });
        expect((await refusal(exportCommand.run(['map.journey', '-o', 'exports.v2/'], io(dir)))).message).toMatch(/^--format is required/);
        expect(await refusal(exportCommand.run(['map.journey', '-f', 'json', '-o', 'exports.v2/'], io(dir)))).toEqual({
            message: "-o 'exports.v2/' names a folder: export writes one file for all the maps (e.g. -o exports.v2/maps.json)", exitCode: 2
        });
    });

    test('an extension export cannot write, with or without -f, is refused', async () => {
        const dir = tempTree({ 'map.journey': cleanMap() });
        for (const args of [['-o', 'touchpoints.xlsx'], ['-f', 'csv', '-o', 'touchpoints.xlsx']]) {
            expect(await refusal(exportCommand.run(['map.journey', ...args], io(dir)))).toEqual({
                message: "cannot write a .xlsx file: -o's extension names the format: .json, .md, .markdown, .csv, .mmd, .mermaid", exitCode: 2
            });
        }
        expect(existsSync(join(dir, 'touchpoints.xlsx'))).toBe(false);
    });

    test('-f that contradicts the extension is refused; agreeing, it writes', async () => {
        const dir = tempTree({ 'map.journey': cleanMap() });
        expect(await refusal(exportCommand.run(['map.journey', '-f', 'csv', '-o', 'touchpoints.json'], io(dir)))).toEqual({
            message: "-o 'touchpoints.json' names a json file but --format is csv: give -o a .csv name, or drop --format", exitCode: 2
        });
        expect(existsSync(join(dir, 'touchpoints.json'))).toBe(false);
        expect(await exportCommand.run(['map.journey', '-f', 'csv', '-o', 'touchpoints.csv'], io(dir))).toBe(0);
        expect(readFileSync(join(dir, 'touchpoints.csv'), 'utf8')).toMatch(/^[^\n]*,/);
    });
});

describe('journey import -o FILE: it writes a .journey map', () => {
    const MERMAID = 'journey\n  title Onboarding\n  section Sign up\n    Fill form: 2: User\n';

    test('another extension is refused and nothing is written: -o onboarding.mmd would have replaced the diagram with a map', async () => {
        const dir = tempTree({ 'onboarding.mmd': MERMAID, 'docs.md': '```mermaid\n' + MERMAID + '```\n' });
        for (const [input, output] of [['onboarding.mmd', 'onboarding.mmd'], ['docs.md', 'docs.md'], ['onboarding.mmd', 'onboarding.svg']]) {
            expect(await refusal(importCommand.run([input, '-o', output], io(dir)))).toEqual({
                message: `cannot write a ${output.slice(output.lastIndexOf('.'))} file: -o's extension names the format: .journey`, exitCode: 2
            });
        }
        expect(readFileSync(join(dir, 'onboarding.mmd'), 'utf8')).toBe(MERMAID);
        expect(existsSync(join(dir, 'onboarding.svg'))).toBe(false);
        expect(await importCommand.run(['onboarding.mmd', '-o', 'onboarding.journey'], io(dir))).toBe(0);
        expect(readFileSync(join(dir, 'onboarding.journey'), 'utf8')).toMatch(/^journey Onboarding "Onboarding" \{/);
    });
});
