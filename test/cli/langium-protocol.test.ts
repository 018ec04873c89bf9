import { LSPErrorCodes as protocolCodes } from 'vscode-languageserver-protocol';
import { describe, expect, it } from 'vitest';
import { LSPErrorCodes } from '../../src/cli/lsp-error-codes.js';

// The commands bundle gives Langium's document builder these codes instead of the protocol's (esbuild.mjs langiumProtocolSubset).
describe('the LSP error codes of the commands bundle', () => {
    it('are the protocol\'s, every one', () => {
        expect(LSPErrorCodes).toEqual({ ...protocolCodes });
    });
});
