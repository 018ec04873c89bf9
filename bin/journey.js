#!/usr/bin/env node
// The `journey` CLI: runs the bundle that `npm run build` (and `npm pack`) makes, see esbuild.mjs.
// Imported at run time, not statically, so that a checkout not yet built (`npm install` runs no
// build) says what to do instead of failing with Node's stack trace.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundle = new URL('../out/cli.mjs', import.meta.url);
if (!existsSync(bundle)) {
    process.stderr.write(`journey: ${fileURLToPath(bundle)} is missing: this checkout is not built yet; run \`npm run build\` in it first.\n`);
    process.exit(2);
}
const { runCli } = await import(bundle.href);
runCli();
