/**
 * What Langium's document builder imports from vscode-languageserver-protocol, for the commands bundle
 * (out/cli-commands.cjs: lint and render) only; esbuild.mjs (langiumProtocolSubset) gives it this module
 * instead of the whole protocol. Both names serve the language server's waits for a document
 * (`waitUntil`), which lint and render never reach; the protocol with them brought vscode-jsonrpc's Node
 * transport and every LSP message type into the bundle, compiled and run as each command loads.
 */
export { ResponseError } from 'vscode-jsonrpc/lib/common/messages.js';
export { LSPErrorCodes } from './lsp-error-codes.js';

// vscode-jsonrpc's Node runtime, installed as its Node entry installs it when it loads: its events and
// cancellation tokens use it (to report an error a listener threw, to call back a listener added to a
// cancelled token). A require() as commands-bundle.ts's: this module is only ever bundled, as CommonJS.
(require('vscode-jsonrpc/lib/node/ril.js') as { default: { install(): void } }).default.install();
