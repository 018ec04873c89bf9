// The extension manifest agrees with the code it describes, and the .vsix holds exactly the
// bundles, grammar, language configuration, icons and docs (vsce's own file list).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { LANE_IDS } from '../../src/diagram/types.js';
import { RULES } from '../../src/language/rules.js';
import { PREVIEW_VIEW_TYPE } from '../../src/shared/webview-messages.js';

const REPO = join(import.meta.dirname, '../..');
const manifest = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8'));
const contributes = manifest.contributes;
const settings = contributes.configuration.properties;

describe('extension manifest', () => {
    test('journey.rules lists every rule with its default severity', () => {
        const rules = settings['journey.rules'].properties as Record<string, { default: string; enum: string[] }>;
        expect(Object.keys(rules)).toEqual(RULES.map(rule => rule.id));
        for (const rule of RULES) {
            expect(rules[rule.id].default, rule.id).toBe(rule.defaultSeverity);
            expect(rules[rule.id].enum).toEqual(['off', 'info', 'warning', 'error']);
        }
    });

    test('journey.preview.lanes offers every lane of the pipeline, all shown by default', () => {
        expect(settings['journey.preview.lanes'].items.enum).toEqual(LANE_IDS);
        expect(settings['journey.preview.lanes'].default).toEqual(LANE_IDS);
        expect(settings['journey.preview.groupBy'].enum).toEqual(['channel', 'persona']);
    });

    test('commands are registered by the extension, and menus and keys point at contributed commands', () => {
        const contributed = contributes.commands.map((c: { command: string }) => c.command).sort();
        const source = readFileSync(join(REPO, 'src/extension/main.ts'), 'utf8');
        const registered = [...source.matchAll(/registerCommand\('([^']+)'/g)].map(m => m[1]).sort();
        expect(registered).toEqual(contributed);
        const used = [...Object.values(contributes.menus).flat(), ...contributes.keybindings].map(item => (item as { command: string }).command);
        for (const command of used) expect(contributed).toContain(command);
        expect(contributes.keybindings).toContainEqual(expect.objectContaining({
            command: 'journey.openPreviewToSide', key: 'ctrl+k v', mac: 'cmd+k v', when: 'editorLangId == journey'
        }));
    });

    test('activation: on the language, and for previews to restore', () => {
        expect(manifest.activationEvents).toEqual(['onLanguage:journey', `onWebviewPanel:${PREVIEW_VIEW_TYPE}`]);
        expect(manifest.main).toBe('./out/extension.cjs');
    });

    test('every file the manifest names exists', () => {
        const [language] = contributes.languages;
        const [grammar] = contributes.grammars;
        expect(grammar).toMatchObject({ language: 'journey', scopeName: 'source.journey' });
        expect(JSON.parse(readFileSync(join(REPO, grammar.path), 'utf8')).scopeName).toBe(grammar.scopeName);
        for (const file of [language.configuration, language.icon.light, language.icon.dark, grammar.path, manifest.icon, 'LICENSE', 'CHANGELOG.md']) {
            expect(existsSync(join(REPO, file)), file).toBe(true);
        }
    });

    test('the .vsix holds only bundles, grammar, language configuration, icons and docs', () => {
        const vsce = join(REPO, 'node_modules/@vscode/vsce/vsce');
        const listed = execFileSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: REPO, encoding: 'utf8' })
            .split('\n').map(line => line.trim()).filter(Boolean).sort();
        expect(listed).toEqual([
            'CHANGELOG.md', 'LICENSE', 'README.md', 'images/icon.png', 'images/journey-file.svg', 'images/preview.svg',
            'language-configuration.json', 'out/extension.cjs', 'out/server.cjs', 'out/webview/preview.css', 'out/webview/preview.js',
            'package.json', 'syntaxes/journey.tmLanguage.json'
        ]);
    });

    test('vsce packages it (it refuses a "files" field beside .vscodeignore)', () => {
        const vsix = join(mkdtempSync(join(tmpdir(), 'journey-vsix-')), 'journey.vsix');
        execFileSync(process.execPath, [join(REPO, 'node_modules/@vscode/vsce/vsce'), 'package', '--no-dependencies', '--out', vsix], { cwd: REPO, stdio: 'pipe' });
        expect(readFileSync(vsix).subarray(0, 2).toString('latin1')).toBe('PK');
    });
});

describe('npm package', () => {
    test('ships the CLI with the bundles it loads and the Action, no sources or tests', () => {
        const [packed] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: REPO, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
        const files = (packed.files as { path: string }[]).map(file => file.path).sort();
        expect(files).toEqual(expect.arrayContaining(['action.yml', 'bin/journey.js', 'out/cli.cjs', 'out/server.cjs', 'out/webview/preview.js', 'package.json']));
        expect(files.filter(file => /^(src|test|webview|bench)\/|\.map$/.test(file))).toEqual([]);
    });
});
