// `npm run fuzz` / `npm run soak`: bundles test/fuzz/<name>.ts (and the fuzz worker) with
// esbuild into out/fuzz/, then runs it with the remaining arguments from the repository root.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const [name, ...args] = process.argv.slice(2);
const outdir = join(repo, 'out', 'fuzz');
await esbuild.build({
    entryPoints: ['run', 'worker', 'soak'].map(entry => join(repo, 'test', 'fuzz', `${entry}.ts`)), outdir, outExtension: { '.js': '.mjs' },
    bundle: true, platform: 'node', target: 'node20', format: 'esm', logLevel: 'warning', mainFields: ['module', 'main'],
    // Some dependencies are CommonJS and call require(): give the ESM bundle one.
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" }
});
const child = spawn(process.execPath, [join(outdir, `${name}.mjs`), ...args], { cwd: repo, stdio: 'inherit' });
// Ctrl-C or a `timeout -s INT` reaches the run too: it saves its state and prints where to resume.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', code => process.exit(code ?? 1));
