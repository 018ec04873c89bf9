/**
 * `journey render` as one CommonJS bundle (out/cli-render.cjs, built by esbuild.mjs), which
 * main.ts loads through a V8 code cache (render-loader.ts, code-cache.ts): Node 20 keeps no
 * compiled code for ES modules, and a render compiles Langium and the diagram pipeline afresh.
 */
export { CliError } from './command.js';
export { offerElkThread } from './elk-thread.js';
export { renderCommand } from './render.js';
