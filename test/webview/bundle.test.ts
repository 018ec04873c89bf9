// The webview bundles (out/webview/*.js, from `npm run build`) carry no JSON-RPC: the page
// speaks plain messages (src/common/webview-messages.ts); the typed requests of
// src/common/server-protocol.ts belong to the server and the extension only.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const WEBVIEW_OUT = join(__dirname, '../../out/webview');

/** Strings that vscode-jsonrpc's code keeps even minified. */
const JSONRPC_MARKERS = ['jsonrpcReservedErrorRange', '$/cancelRequest', 'Content-Length'];

function jsonrpcMarkersIn(code: string): string[] {
    return JSONRPC_MARKERS.filter(marker => code.includes(marker));
}

describe('webview bundles', () => {
    const scripts = readdirSync(WEBVIEW_OUT).filter(name => name.endsWith('.js'));

    it('exist (npm run build)', () => {
        expect(scripts).toEqual(expect.arrayContaining(['preview.js', 'preview-host.js']));
    });

    it.each(scripts)('%s contains no vscode-jsonrpc', name => {
        expect(jsonrpcMarkersIn(readFileSync(join(WEBVIEW_OUT, name), 'utf8'))).toEqual([]);
    });
});
