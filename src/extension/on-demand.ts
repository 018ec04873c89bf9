// What the extension loads on first use, not at activation: the language client
// (vscode-languageclient and the LSP protocol, most of the extension's code), the preview and
// the comparison view. esbuild.mjs bundles this module into out/extension-on-demand.cjs, apart
// from out/extension.cjs, so VS Code's activation time (loading extension.cjs and calling
// activate) does not include reading and compiling them; main.ts requires it when first needed.
export { createLanguageClient } from './client.js';
export { PreviewManager } from './preview.js';
export { compareJourneys } from './compare.js';
