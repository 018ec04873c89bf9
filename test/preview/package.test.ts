// The extension manifest agrees with the code it describes, the .vsix holds exactly the
// bundles, grammar, language configuration, schema, icons and docs (vsce's own file list),
// and the npm package, packed and installed into an empty folder, is the CLI alone and works.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { LANE_IDS } from '../../src/diagram/types.js';
import { RULES } from '../../src/language/rules.js';
import { PREVIEW_VIEW_TYPE } from '../../src/common/webview-messages.js';

const REPO = join(import.meta.dirname, '../..');
const manifest = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8'));
const contributes = manifest.contributes;
const settings = contributes.configuration.properties;
const nls = JSON.parse(readFileSync(join(REPO, 'package.nls.json'), 'utf8')) as Record<string, string>;

/** Built by the global setup (esbuild.mjs) from the rule table. */
const configSchema = () => JSON.parse(readFileSync(join(REPO, 'out/journey.config.schema.json'), 'utf8'));

describe('extension manifest', () => {
    test('the journey.rules setting and the journey.config.json schema list every rule with its default severity and description', () => {
        const setting = settings['journey.rules'].properties as Record<string, { default: string; enum: string[]; description: string }>;
        const schema = configSchema().properties.rules.properties as typeof setting;
        for (const rules of [setting, schema]) {
            expect(Object.keys(rules)).toEqual(RULES.map(rule => rule.id));
            for (const rule of RULES) {
                expect(rules[rule.id].default, rule.id).toBe(rule.defaultSeverity);
                // Both also take ESLint's "warn", which the config reader (of either) reads as "warning" (config-severity.ts).
                expect(rules[rule.id].enum).toEqual(['off', 'info', 'warning', 'error', 'warn']);
                // The setting's text is a %key% of package.nls.json (VS Code shows it in the user's language).
                expect(rules[rule.id].description.replace(/^%(.+)%$/, (_: string, key: string) => nls[key]), rule.id).toBe(rule.description);
            }
        }
        expect(configSchema()).toMatchObject({ type: 'object', additionalProperties: false, properties: { rules: { additionalProperties: false } } });
    });

    test('journey.config.json: validated by the generated schema and edited as JSON with comments (the config reader allows them)', () => {
        expect(contributes.jsonValidation).toEqual([{ fileMatch: 'journey.config.json', url: './out/journey.config.schema.json' }]);
        expect(contributes.languages).toContainEqual({ id: 'jsonc', filenames: ['journey.config.json'] });
    });

    test('settings read per file are resource-scoped; journey.rules reaches the server for the whole window', () => {
        expect(settings['journey.preview.groupBy'].scope).toBe('resource');
        expect(settings['journey.preview.lanes'].scope).toBe('resource');
        // Langium asks workspace/configuration without a scopeUri: a folder's value would never arrive (journey.config.json does that).
        expect(settings['journey.rules'].scope).toBe('window');
    });

    test('capabilities: untrusted workspaces supported (nothing is executed), virtual workspaces limited with the reason', () => {
        expect(manifest.capabilities.untrustedWorkspaces).toEqual({ supported: true });
        expect(manifest.capabilities.virtualWorkspaces.supported).toBe('limited');
        expect(manifest.capabilities.virtualWorkspaces.description).toMatch(/from disk/);
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

    test('the .vsix holds only bundles, grammar, language configuration, schema, icons, docs and notices', () => {
        const vsce = join(REPO, 'node_modules/@vscode/vsce/vsce');
        const listed = execFileSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: REPO, encoding: 'utf8' })
            .split('\n').map(line => line.trim()).filter(Boolean).sort();
        // README.md is swapped for docs/marketplace.md by `vsce package --readme-path` (next test).
        expect(listed).toEqual([
            'CHANGELOG.md', 'LICENSE', 'README.md', 'images/icon.png', 'images/journey-file.svg', 'images/preview.svg',
            'THIRD-PARTY-NOTICES.md', 'language-configuration.json', 'out/extension.cjs', 'out/extension-on-demand.cjs', 'out/journey.config.schema.json', 'out/server.cjs',
            'out/webview/preview.css', 'out/webview/preview.js', 'package.json', 'syntaxes/journey.tmLanguage.json',
            'package.nls.json', 'package.nls.fr.json', 'l10n/bundle.l10n.fr.json'
        ].sort());
    });

    test('vsce packages it with the Marketplace README (it refuses a "files" field beside .vscodeignore)', () => {
        const script = manifest.scripts.package as string;
        const readme = /--readme-path (\S+)/.exec(script)?.[1];
        expect(readme).toBe('docs/marketplace.md');
        const vsix = join(mkdtempSync(join(tmpdir(), 'journey-vsix-')), 'journey.vsix');
        const output = execFileSync(process.execPath, [join(REPO, 'node_modules/@vscode/vsce/vsce'), 'package', '--no-dependencies', '--readme-path', readme!, '--out', vsix], { cwd: REPO, encoding: 'utf8', stdio: 'pipe' });
        expect(readFileSync(vsix).subarray(0, 2).toString('latin1')).toBe('PK');
        const listing = execFileSync('unzip', ['-l', vsix], { encoding: 'utf8' });
        for (const file of ['extension/THIRD-PARTY-NOTICES.md', 'extension/out/journey.config.schema.json', 'extension/readme.md']) expect(listing, output).toContain(file);
        const shipped = execFileSync('unzip', ['-p', vsix, 'extension/readme.md'], { encoding: 'utf8' });
        // vsce points relative images at the repository; otherwise the page is the file as written.
        expect(shipped.replaceAll('https://github.com/journey-maps/journey/raw/HEAD/', '')).toBe(readFileSync(join(REPO, readme!), 'utf8'));
    });

    test('the Marketplace README is for users: installing and using, no developer set-up; its map lints clean', () => {
        const readme = readFileSync(join(REPO, 'docs/marketplace.md'), 'utf8');
        expect(readme).toMatch(/code --install-extension journey-maps\.vsix/);
        expect(readme).not.toMatch(/npm test|npm run bench|vitest/);
        const map = /```journey\n([\s\S]*?)```/.exec(readme)![1];
        const [report] = JSON.parse(execFileSync(process.execPath, [join(REPO, 'bin/journey.js'), 'lint', '-', '--format', 'json'], { input: map, encoding: 'utf8' }));
        expect(report.errorCount + report.warningCount).toBe(0);
    });
});

describe('third-party notices', () => {
    const notices = () => readFileSync(join(REPO, 'THIRD-PARTY-NOTICES.md'), 'utf8');

    test('name every package whose code the bundles contain, with its licence text', () => {
        const text = notices();
        for (const [name, licence] of [['elkjs', 'EPL-2.0'], ['chevrotain', 'Apache-2.0'], ['langium', 'MIT'], ['vscode-languageserver', 'MIT'], ['@fontsource/arimo', 'OFL-1.1'], ['@resvg/resvg-js', 'MPL-2.0']]) {
            expect(text, name).toMatch(new RegExp(`## ${name.replace('/', '\\/')} [\\d.]+\\n\\nLicence: ${licence}`));
        }
        expect(text).toContain('Eclipse Public License - v 2.0');
        expect(text).toContain('SIL OPEN FONT LICENSE Version 1.1');
    });

    test('every node_modules package in the CLI bundle is listed (read from its source maps)', () => {
        const out = join(REPO, 'out');
        const packages = new Set<string>();
        for (const map of readdirSync(out).filter(file => /^cli.*\.mjs\.map$/.test(file))) {
            for (const source of JSON.parse(readFileSync(join(out, map), 'utf8')).sources as string[]) {
                const name = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(source)?.[1];
                if (name) packages.add(name);
            }
        }
        expect(packages.size).toBeGreaterThan(5);
        for (const name of packages) expect(notices(), name).toContain(`## ${name} `);
    });
});

/** The repository README's first section, where a user learns how to install each part. */
const installSection = () => {
    const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
    expect(readme.indexOf('## Install')).toBeLessThan(readme.indexOf('## Develop: set up and test'));
    return readme.slice(readme.indexOf('## Install'), readme.indexOf('## Develop'));
};

describe('npm package', () => {
    test('the README starts with installing the extension, the CLI (registry or packed tarball) and npx journey, then the developer set-up', () => {
        const install = installSection();
        expect(install).toContain('code --install-extension journey-maps.vsix');
        expect(install).toContain('npm install -D journey-maps');
        expect(install).toContain(`npm install -D ./${manifest.name}-${manifest.version}.tgz`);
        expect(install).toMatch(/npx journey lint/);
        expect(readFileSync(join(REPO, 'README.md'), 'utf8')).toMatch(/## Develop: set up and test\n\n```sh\nnpm install .*\nnpm test /);
    });

    /**
     * The package, packed once for the file: `npm pack --json` into a fresh folder, its report (the
     * files it holds) and the folder. The list is the one `npm pack --dry-run` gives; one npm process
     * (~1.5 s of CPU) for the two tests that read it. The bundles are fresh (global setup): packed as they are.
     */
    type Packed = { report: { filename: string, files: { path: string }[] }, work: string };
    let packedOnce: Packed | undefined;
    const packed = (): Packed => {
        if (packedOnce) return packedOnce;
        const work = mkdtempSync(join(tmpdir(), 'journey-npm-'));
        const [report] = JSON.parse(execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], { cwd: REPO, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
        return (packedOnce = { report, work });
    };

    // The pack's own limit: the first test to read packed() packs (in the install test, it had the same).
    test('holds the CLI alone: bin, its bundle and chunks, the page assets, schema, README, LICENSE and notices', { timeout: 180_000 }, () => {
        const files = packed().report.files.map(file => file.path).sort();
        const chunks = readdirSync(join(REPO, 'out')).filter(file => /^cli.*\.[cm]js$/.test(file)).map(file => `out/${file}`);
        // Named, so that one not built cannot pass unnoticed: the entry, lint's and render's bundle, lint's threads', ELK's thread and ELK.
        for (const file of ['out/cli.mjs', 'out/cli-commands.cjs', 'out/cli-lint-worker.cjs', 'out/cli-elk-worker.cjs', 'out/cli-elk.cjs']) expect(chunks).toContain(file);
        expect(files).toEqual([
            'LICENSE', 'README.md', 'THIRD-PARTY-NOTICES.md', 'bin/journey.js', ...chunks, 'out/journey.config.schema.json',
            'out/webview/preview-host.js', 'out/webview/preview.css', 'out/webview/preview.js', 'out/webview/standalone-page.js', 'out/webview/standalone-theme.css',
            'package.json'
        ].sort());
    });

    test('depends at run time only on what the CLI loads unbundled, and runs no install script', () => {
        const chunks = readdirSync(join(REPO, 'out')).filter(file => /^cli.*\.mjs$/.test(file));
        const code = chunks.map(chunk => readFileSync(join(REPO, 'out', chunk), 'utf8')).join('\n');
        const packageOf = (specifier: string) => /^(?:@[^/]+\/)?[^/]+/.exec(specifier)![0];
        // Module-level imports left in the chunks (`import()`/`from`) are Node's own or dependencies.
        // A static import starts a statement (text such as a help line's "from" does not); a dynamic one is `import("…")`.
        const statements = /(?:^|[;\n}])\s*import\s*(?:[\w$*{}\s,]+?\s*from\s*)?["'`]([^"'`.][^"'`]*)["'`]|\bimport\(\s*["'`]([^"'`.][^"'`]*)["'`]\s*\)/g;
        const imported = [...code.matchAll(statements)].map(m => m[1] ?? m[2]).filter(spec => !isBuiltin(spec));
        for (const specifier of imported) expect(Object.keys(manifest.dependencies), specifier).toContain(packageOf(specifier));
        // Every dependency is loaded by the CLI, and nothing the bundle contains is one (bundled code is a devDependency).
        for (const name of Object.keys(manifest.dependencies)) expect(code, name).toMatch(new RegExp(`["'\`]${name.replace('/', '\\/')}[/"'\`]`));
        const bundled = new Set(chunks.flatMap(chunk => (JSON.parse(readFileSync(join(REPO, 'out', `${chunk}.map`), 'utf8')).sources as string[])
            .map(source => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(source)?.[1]).filter((name): name is string => name !== undefined)));
        expect(bundled).toContain('langium');
        for (const name of Object.keys(manifest.dependencies)) expect(bundled.has(name), name).toBe(false);
        expect(Object.keys(manifest.scripts)).not.toContain('prepare');
        expect(Object.keys(manifest.scripts).filter(name => /^(pre|post)?install$/.test(name))).toEqual([]);
        expect(manifest.scripts.prepack).toBe('npm run build');
    });

    test('packed and installed into an empty folder: --version, lint, render (svg, png), export and lsp --stdio work', async () => {
        const { report: { filename }, work } = packed();
        const app = join(work, 'app');
        mkdirSync(app);
        writeFileSync(join(app, 'package.json'), '{ "name": "app", "private": true }\n');
        const installed = spawnSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', join(work, filename)], { cwd: app, encoding: 'utf8' });
        expect(installed.status, installed.stderr).toBe(0);
        const install = installed.stdout + installed.stderr;
        // The README's claim, checked: `It installs N packages`.
        const claimed = /It installs\s+(\d+) packages/.exec(installSection())![1];
        expect(install).toMatch(new RegExp(`added ${claimed} packages`));
        expect(install).not.toMatch(/install-scripts/);
        // `npx journey`, as the README says, found in the app's node_modules/.bin.
        const npx = execFileSync('npx', ['--no-install', 'journey', '--version'], { cwd: app, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
        expect(npx.trim()).toBe(manifest.version);
        // The other commands through the same installed bin, with Node itself: npx would add an npm start (~1 s of CPU) to each.
        const run = (...args: string[]) => execFileSync(process.execPath, [join(app, 'node_modules/.bin/journey'), ...args], { cwd: app, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
        writeFileSync(join(app, 'm.journey'), 'channel Web "Web" digital\njourney J "J" {\n  stage S "S" {\n    goal "G"\n    touchpoint P1 { channel Web }\n  }\n}\n');
        expect(run('lint', 'm.journey', '--format', 'json')).toMatch(/^\[/);
        expect(run('render', 'm.journey')).toMatch(/^<\?xml[\s\S]*<svg/);
        run('render', 'm.journey', '-f', 'png', '-o', 'm.png');
        expect(readFileSync(join(app, 'm.png')).subarray(1, 4).toString('latin1')).toBe('PNG');
        expect(run('export', 'm.journey', '-f', 'csv')).toMatch(/^journey,stage,touchpoint/);
        expect(await lspInitialize(app)).toMatch(/"capabilities"/);
        expect(await previewServes(app, '/webview/preview.js')).toBe(200);
    }, 180_000);
});

/** Starts the installed `journey lsp --stdio` in `cwd`, sends `initialize` and returns the first answer. */
function lspInitialize(cwd: string): Promise<string> {
    // Node itself, not npx: kill() must reach the server.
    const server = spawn(process.execPath, [join(cwd, 'node_modules/.bin/journey'), 'lsp', '--stdio'], { cwd, stdio: ['pipe', 'pipe', 'inherit'] });
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } });
    server.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    return new Promise((done, fail) => {
        let answer = '';
        const timer = setTimeout(() => { server.kill(); fail(new Error(`no initialize answer: ${answer}`)); }, 30_000);
        server.stdout.on('data', chunk => {
            answer += chunk;
            if (/\r\n\r\n\{[\s\S]*\}$/.test(answer)) {
                clearTimeout(timer);
                server.kill();
                done(answer);
            }
        });
    });
}

/** Starts the installed `journey preview m.journey` in `cwd` and returns the HTTP status of `path` on its server. */
function previewServes(cwd: string, path: string): Promise<number> {
    const server = spawn(process.execPath, [join(cwd, 'node_modules/.bin/journey'), 'preview', 'm.journey', '--no-open', '--port', '0'], { cwd, stdio: ['ignore', 'pipe', 'inherit'] });
    return new Promise((done, fail) => {
        let output = '';
        const timer = setTimeout(() => { server.kill(); fail(new Error(`no preview URL: ${output}`)); }, 30_000);
        server.stdout.on('data', async chunk => {
            output += chunk;
            const origin = /http:\/\/127\.0\.0\.1:\d+/.exec(output)?.[0];
            if (!origin) return;
            clearTimeout(timer);
            server.stdout.removeAllListeners('data');
            try {
                done((await fetch(origin + path)).status);
            } catch (error) {
                fail(error);
            } finally {
                server.kill();
            }
        });
    });
}
