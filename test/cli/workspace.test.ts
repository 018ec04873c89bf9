import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { CliError, type CliIO } from '../../src/cli/command.js';
import { displayPath, expandBraces, expandGlob, globToRegExp, loadWorkspace } from '../../src/cli/workspace.js';
import { cleanMap, tempTree } from './run-cli.js';

function io(cwd: string, input = ''): CliIO {
    const stdin = new PassThrough();
    stdin.end(input);
    return { cwd, stdin, stdout: new PassThrough(), stderr: new PassThrough(), env: {} };
}

describe('glob matching', () => {
    test('braces expand, nested ones too', () => {
        expect(expandBraces('a/{b,c}/*.journey')).toEqual(['a/b/*.journey', 'a/c/*.journey']);
        expect(expandBraces('{x,y{1,2}}z')).toEqual(['xz', 'y1z', 'y2z']);
        expect(expandBraces('a{b')).toEqual(['a{b']);
    });

    test('*, ?, [..], [!..] stay within one folder; ** crosses folders', () => {
        const match = (pattern: string, path: string) => globToRegExp(pattern.split('/')).test(path);
        expect(match('*.journey', 'a.journey')).toBe(true);
        expect(match('*.journey', 'sub/a.journey')).toBe(false);
        expect(match('**/*.journey', 'a.journey')).toBe(true);
        expect(match('**/*.journey', 'x/y/a.journey')).toBe(true);
        expect(match('x/**', 'x/y/a.journey')).toBe(true);
        expect(match('?.journey', 'ab.journey')).toBe(false);
        expect(match('[ab].journey', 'b.journey')).toBe(true);
        expect(match('[!ab].journey', 'b.journey')).toBe(false);
        expect(match('étape(1).journey', 'étape(1).journey')).toBe(true);
        expect(match('a.journey', 'aXjourney')).toBe(false);
    });

    test('expandGlob finds .journey files only and skips node_modules', () => {
        const root = tempTree({ 'm/a.journey': '', 'm/b.txt': '', 'm/node_modules/c.journey': '', 'm/d/e.journey': '' });
        expect(expandGlob('m/**/*', root).sort()).toEqual([join(root, 'm/a.journey'), join(root, 'm/d/e.journey')]);
        expect(expandGlob('m/*', root)).toEqual([join(root, 'm/a.journey')]);
        expect(expandGlob('absent/**/*.journey', root)).toEqual([]);
    });
});

describe('loadWorkspace', () => {
    test('one workspace for every file, sorted by path, stdin last', async () => {
        const root = tempTree({ 'z.journey': cleanMap(), 'a/b.journey': cleanMap().replace('Essai', 'B') });
        const workspace = await loadWorkspace(['z.journey', '-', 'a'], io(root, 'team T "T"\n'), { validate: false });
        expect(workspace.documents.map(d => d.path)).toEqual([join(root, 'a/b.journey'), join(root, 'z.journey'), '<stdin>']);
        expect(workspace.services.shared.workspace.LangiumDocuments.all.count()).toBe(3);
        expect(workspace.documents.every(d => d.diagnostics.length === 0)).toBe(true);
        expect(workspace.documents[2].document.parseResult.value.teams[0].name).toBe('T');
    });

    test('diagnostics are sorted by line then column', async () => {
        const root = tempTree({ 'm.journey': 'journey J {\n  stage S { touchpoint T { channel X, Y } }\n  metric M "M" in Nowhere\n}\n' });
        const [file] = (await loadWorkspace([], io(root))).documents;
        const positions = file.diagnostics.map(d => [d.range.start.line, d.range.start.character]);
        expect(positions.length).toBeGreaterThan(2);
        expect(positions).toEqual([...positions].sort((a, b) => a[0] - b[0] || a[1] - b[1]));
    });

    test('the same file given twice is loaded once', async () => {
        const root = tempTree({ 'm.journey': cleanMap() });
        const workspace = await loadWorkspace(['m.journey', './m.journey', '*.journey'], io(root), { validate: false });
        expect(workspace.documents).toHaveLength(1);
    });

    test('missing paths and empty globs are CliErrors (exit 2)', async () => {
        const root = tempTree({ 'm.journey': cleanMap() });
        await expect(loadWorkspace(['x.journey'], io(root))).rejects.toThrow(new CliError("no such file or folder: 'x.journey'"));
        await expect(loadWorkspace(['**/*.jrny'], io(root))).rejects.toThrow(CliError);
    });

    test('displayPath is relative inside the base, absolute outside', () => {
        expect(displayPath('/r/a/b.journey', '/r')).toBe('a/b.journey');
        expect(displayPath('/elsewhere/b.journey', '/r')).toBe('/elsewhere/b.journey');
        expect(displayPath('<stdin>', '/r')).toBe('<stdin>');
    });
});
