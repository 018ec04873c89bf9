// A real third-party LSP client: Neovim's built-in client (Debian's nvim, installed by
// .ci/run) drives `journey lsp --stdio` over a copy of the shared examples, headless,
// through neovim-session.lua, which writes what the client received as JSON.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, test } from 'vitest';
import { EXAMPLES, marks, REPO } from '../shared-examples.js';

const hasNeovim = spawnSync('nvim', ['--version']).status === 0;

interface NeovimResult {
    errors: string[];
    diagnostics: string[];
    codeActions: string[];
    completion: string[];
    definition?: string;
    hover?: string;
    renamed: Record<string, number>;
    formattingEdits?: number;
    symbols: string[];
}

describe.skipIf(!hasNeovim)('Neovim\'s LSP client with journey lsp --stdio (skipped: nvim is not installed)', () => {
    const workspace = mkdtempSync(join(tmpdir(), 'journey-neovim-'));
    const uri = (file: string) => pathToFileURL(join(workspace, file)).toString();
    const broken = readFileSync(join(EXAMPLES, 'invalid/broken-references.journey'), 'utf8');
    let result: NeovimResult;

    beforeAll(() => {
        copyFileSync(join(EXAMPLES, 'common.journey'), join(workspace, 'common.journey'));
        copyFileSync(join(EXAMPLES, 'media-subscription.journey'), join(workspace, 'media-subscription.journey'));
        copyFileSync(join(EXAMPLES, 'invalid/broken-references.journey'), join(workspace, 'broken-references.journey'));
        const output = join(workspace, 'result.json');
        execFileSync('nvim', ['--headless', '-u', 'NONE', '-i', 'NONE', '-c', `luafile ${join(import.meta.dirname, 'neovim-session.lua')}`], {
            cwd: workspace, timeout: 60_000, stdio: 'pipe',
            env: { ...process.env, JOURNEY_WORKSPACE: workspace, JOURNEY_BIN: join(REPO, 'bin/journey.js'), JOURNEY_RESULT: output }
        });
        result = JSON.parse(readFileSync(output, 'utf8')) as NeovimResult;
    }, 70_000);

    test('every request is answered without error', () => {
        expect(result.errors).toEqual([]);
    });

    test('diagnostics carry rule ids: each marked line of the invalid example gets its rule', () => {
        for (const mark of marks(broken)) expect(result.diagnostics).toContain(`${mark.line}:${mark.ruleId}`);
    });

    test('quick fixes for an unresolved name: did-you-mean and create', () => {
        expect(result.codeActions).toEqual(["Change to 'Web'", "Create channel 'Webb'"]);
    });

    test('completion after `personas ` lists personas only', () => {
        expect(result.completion.sort()).toEqual(['Abonné', 'Lectrice']);
    });

    test('definition, hover and rename reach across files', () => {
        expect(result.definition).toBe(uri('common.journey'));
        expect(result.hover).toContain('**Persona** `Lectrice`');
        expect(Object.keys(result.renamed).sort()).toEqual([uri('common.journey'), uri('media-subscription.journey')]);
    });

    test('formatting (the example is already canonical) and the outline', () => {
        expect(result.formattingEdits).toBe(0);
        expect(result.symbols).toEqual(['AbonnementMédia']);
    });
});
