/**
 * The LSP's error codes, as vscode-languageserver-protocol defines them (LSPErrorCodes, in the module that
 * also loads the whole protocol), for src/cli/langium-protocol.ts. test/cli/langium-protocol.test.ts
 * compares them with the protocol's.
 */
export const LSPErrorCodes = {
    lspReservedErrorRangeStart: -32899,
    RequestFailed: -32803,
    ServerCancelled: -32802,
    ContentModified: -32801,
    RequestCancelled: -32800,
    lspReservedErrorRangeEnd: -32800
} as const;
