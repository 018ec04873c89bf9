// VS Code counts loading out/extension.cjs and running activate() as the extension's activation
// time (issue 14: ≤ 50 ms). So the activation bundle holds main.ts alone, and the language client,
// the preview and the comparison view sit in out/extension-on-demand.cjs, required on first use.
// Reads the built bundles (`npm run build`, which `npm test` runs first).
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { REPO } from '../examples.js';

const OUT = join(REPO, 'out');
const sourcesOf = (bundle: string): string[] =>
    (JSON.parse(readFileSync(join(OUT, `${bundle}.map`), 'utf8')).sources as string[]).map(source => source.replace(/^\.\.\//, ''));

describe('the extension bundles', () => {
    test('out/extension.cjs holds only activation: no language client, protocol, preview, comparison view or i18n catalogue', () => {
        const sources = sourcesOf('extension.cjs');
        expect(sources.filter(source => source.includes('node_modules/'))).toEqual([]);
        expect(sources.filter(source => source.startsWith('src/extension/'))).toEqual(['src/extension/main.ts']);
        expect(sources.filter(source => /^src\/(i18n|preview-host|diagram)\//.test(source))).toEqual([]);
        // A few kilobytes (424 KB when it was one bundle): growth here is growth of the activation time.
        expect(statSync(join(OUT, 'extension.cjs')).size).toBeLessThan(8_000);
    });

    test('out/extension-on-demand.cjs holds the rest: the language client, the preview and the comparison view', () => {
        const sources = sourcesOf('extension-on-demand.cjs');
        for (const module of ['src/extension/client.ts', 'src/extension/preview.ts', 'src/extension/compare.ts']) expect(sources).toContain(module);
        expect(sources.some(source => source.includes('node_modules/vscode-languageclient/'))).toBe(true);
    });

    test('activate() loads nothing else; the client starts right after and loads the on-demand bundle from beside it', () => {
        // A stand-in `vscode` for the extension host's: what activate() calls, and an empty class for
        // every other name (vscode-languageclient extends vscode's classes as it loads; starting the
        // client against this stand-in then fails, which is not what is checked here).
        const host = `
            const Module = require('node:module');
            const disposable = { dispose() {} };
            // Reports once the client's start has ended: it fails against this stand-in, as an
            // unhandled rejection or a logged error. (The timer only keeps a change there from hanging the test.)
            let atActivation;
            const report = () => { console.log(JSON.stringify({ atActivation, after: loaded() })); process.exit(0); };
            setTimeout(report, 20000);
            const vscode = {
                window: { createOutputChannel: () => ({ ...disposable, error: report, info() {}, appendLine() {} }), registerWebviewPanelSerializer: () => disposable },
                commands: { registerCommand: () => disposable },
                l10n: { t: text => text }
            };
            const load = Module._load;
            Module._load = function (request, ...rest) { return request === 'vscode' ? new Proxy(vscode, { get: (target, key) => target[key] ?? class {} }) : load.call(this, request, ...rest); };
            const loaded = () => Object.keys(require.cache).map(file => require('node:path').basename(file)).filter(file => file.startsWith('extension'));
            const extension = require(${JSON.stringify(join(OUT, 'extension.cjs'))});
            extension.activate({ subscriptions: [], asAbsolutePath: path => path, extensionUri: {} });
            atActivation = loaded();
            process.on('unhandledRejection', report);
        `;
        const report = JSON.parse(execFileSync(process.execPath, ['-e', host], { encoding: 'utf8' }));
        expect(report.atActivation).toEqual(['extension.cjs']);
        expect(report.after).toEqual(['extension.cjs', 'extension-on-demand.cjs']);
    });
});
