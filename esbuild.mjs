// Bundles every entry point; `--watch` rebuilds on change. Minified, with
// linked source maps so stack traces still name the TypeScript sources.
import * as esbuild from 'esbuild';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

const watch = process.argv.includes('--watch');

/** @type {import('esbuild').BuildOptions} */
const node = {
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minify: true,
    sourcemap: 'linked',
    logLevel: 'warning',
    // Langium and vscode-languageserver are ESM/CJS mixes; main fields pick their node builds.
    mainFields: ['module', 'main']
};

/** `import source from 'elk-worker-source'` yields elkjs's worker script as text (started from a blob: URL). */
const elkWorkerSource = {
    name: 'elk-worker-source',
    setup(build) {
        const path = createRequire(import.meta.url).resolve('elkjs/lib/elk-worker.min.js');
        build.onResolve({ filter: /^elk-worker-source$/ }, () => ({ path, namespace: 'elk-worker-source' }));
        build.onLoad({ filter: /.*/, namespace: 'elk-worker-source' }, async () => ({ contents: await readFile(path, 'utf8'), loader: 'text' }));
    }
};

/**
 * `import source from 'layout-worker-source'` yields webview/layout-worker.ts bundled on its
 * own (the diagram pipeline, elkjs's API and its worker script) as script text: the preview
 * starts it from a blob: URL, the only worker source its CSP allows.
 */
const layoutWorkerSource = {
    name: 'layout-worker-source',
    setup(build) {
        build.onResolve({ filter: /^layout-worker-source$/ }, () => ({ path: 'webview/layout-worker.ts', namespace: 'layout-worker-source' }));
        build.onLoad({ filter: /.*/, namespace: 'layout-worker-source' }, async () => {
            const worker = await esbuild.build({
                entryPoints: ['webview/layout-worker.ts'], bundle: true, platform: 'browser', target: 'chrome108',
                format: 'iife', minify: true, write: false, logLevel: 'warning', metafile: true, plugins: [elkWorkerSource]
            });
            return { contents: worker.outputFiles[0].text, loader: 'text', watchFiles: Object.keys(worker.metafile.inputs) };
        });
    }
};

/** @type {import('esbuild').BuildOptions} */
const webview = {
    bundle: true,
    platform: 'browser',
    target: 'chrome108',
    minify: true,
    sourcemap: 'linked',
    logLevel: 'warning',
    outdir: 'out/webview'
};

const builds = [
    // resvg loads its platform's native binary at run time: it stays a dependency, not bundled.
    { ...node, entryPoints: { cli: 'src/cli/main.ts' }, outdir: 'out', outExtension: { '.js': '.cjs' }, external: ['@resvg/resvg-js'] },
    { ...node, entryPoints: { server: 'src/server/main.ts' }, outdir: 'out', outExtension: { '.js': '.cjs' } },
    // The VS Code extension host provides `vscode`.
    { ...node, entryPoints: { extension: 'src/extension/main.ts' }, outdir: 'out', outExtension: { '.js': '.cjs' }, external: ['vscode'] },
    // The preview page (IIFE with its layout worker inlined) and its stylesheets.
    { ...webview, entryPoints: ['webview/preview.ts'], format: 'iife', plugins: [layoutWorkerSource] },
    { ...webview, entryPoints: ['webview/preview.css', 'webview/standalone-theme.css'] },
    // Zoom and pan inlined into `journey render --format html` pages.
    { ...webview, entryPoints: { 'standalone-page': 'src/cli/browser/standalone-page.ts' }, format: 'iife', sourcemap: false },
    // `journey preview`: the browser's stand-in for acquireVsCodeApi.
    { ...webview, entryPoints: { 'preview-host': 'src/cli/browser/preview-host.ts' }, format: 'iife' }
];

if (watch) {
    for (const options of builds) await (await esbuild.context(options)).watch();
} else {
    await Promise.all(builds.map(options => esbuild.build(options)));
}
