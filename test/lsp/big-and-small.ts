// The workspace of the tests of long requests over the real server (stdio): a 10,000-touchpoint map,
// whose walks take most of a second, beside a small map, whose requests must be answered meanwhile.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { generateMap, SHARED_DECLARATIONS } from '../../bench/generate-maps.js';
import { startStdioServer, type StdioServer } from './stdio-server.js';

/** How long a set-up or a test on the big map may take: far above a loaded machine's. */
export const WITHIN_MS = 120_000;
export const BIG = `${SHARED_DECLARATIONS}${generateMap(0, 10_000)}`;
export const SMALL = 'journey Petit "Petit" {\n  stage S "S" {\n    touchpoint T "T" { emotion 1 }\n  }\n}\n';

export interface BigAndSmall {
    readonly server: StdioServer;
    readonly bigUri: string;
    readonly smallUri: string;
    /** Stops the server and removes the folder. */
    close(): void;
}

/** A server on a new folder (`prefix`…) with both maps open and built (their diagnostics published). */
export async function openBigAndSmall(prefix: string): Promise<BigAndSmall> {
    const folder = mkdtempSync(join(tmpdir(), prefix));
    const server = startStdioServer();
    const close = () => {
        server.stop();
        rmSync(folder, { recursive: true, force: true });
    };
    try {
        await server.initialize(folder, {});
        const bigUri = pathToFileURL(join(folder, 'big.journey')).toString();
        const smallUri = pathToFileURL(join(folder, 'small.journey')).toString();
        const built = server.waitForDiagnostics(() => server.diagnostics.has(bigUri) && server.diagnostics.has(smallUri), 'both maps built', WITHIN_MS);
        await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: smallUri, languageId: 'journey', version: 1, text: SMALL } });
        await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: bigUri, languageId: 'journey', version: 1, text: BIG } });
        await built;
        return { server, bigUri, smallUri, close };
    } catch (error) {
        close();
        throw error;
    }
}
