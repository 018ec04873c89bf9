// The language server's side of *Journey: Compare Journeys…* (what the VS Code command asks):
// the workspace's journeys, current ones first, and the comparison picture, redrawn from
// the edited text. The real bundled server over stdio.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import type { CompareResult, JourneyEntry } from '../../src/common/compare-protocol.js';
import { DiagramRequest } from '../../src/common/server-protocol.js';
import { startStdioServer, type StdioServer } from '../lsp/stdio-server.js';
import { EXAMPLES, tempTree } from '../cli/run-cli.js';

const sessions: StdioServer[] = [];
afterAll(() => sessions.forEach(s => s.stop()));

describe('journey/journeys and journey/compare', () => {
    test('lists current then ideal journeys; draws both curves; an edit of either file changes the picture', async () => {
        const before = readFileSync(join(EXAMPLES, 'banque-actuel.journey'), 'utf8');
        const folder = tempTree({ 'actuel.journey': before, 'cible.journey': readFileSync(join(EXAMPLES, 'banque-cible.journey'), 'utf8') });
        const server = startStdioServer();
        sessions.push(server);
        await server.initialize(folder, { workspace: { workspaceFolders: true } });
        const journeys = await server.connection.sendRequest<JourneyEntry[]>('journey/journeys');
        const uri = (file: string) => pathToFileURL(join(folder, file)).toString();
        expect(journeys).toEqual([
            { uri: uri('actuel.journey'), id: 'PrêtImmoActuel', label: 'Obtenir un prêt immobilier — aujourd\'hui', state: 'current' },
            { uri: uri('cible.journey'), id: 'PrêtImmoCible', label: 'Obtenir un prêt immobilier — cible', state: 'ideal' }
        ]);
        const params = { from: { uri: uri('actuel.journey'), id: 'PrêtImmoActuel' }, to: { uri: uri('cible.journey'), id: 'PrêtImmoCible' } };
        const first = await server.connection.sendRequest<CompareResult>('journey/compare', params);
        expect(first.changes).toBeGreaterThan(20);
        expect(first.svg).toMatch(/^<svg /); // no XML declaration: it is inlined in the webview
        expect(first.svg).toContain('var(--vscode-editor-background');
        expect(first.svg).not.toContain('@font-face');
        expect(first.svg).toMatch(/class="jc-curve jc-curve-1 jc-before"/);
        // Click-to-source: marked elements of both sides, and where each is named in its file.
        expect(first.svg).toContain('<g class="jc-link" data-side="from" data-key="touchpoint:RendezVousAgence">');
        expect(first.svg).toContain('<g class="jc-link" data-side="to" data-key="touchpoint:RendezVousVisio">');
        const lineOf = (text: string, needle: string) => text.split('\n').findIndex(line => line.includes(needle));
        const after = readFileSync(join(EXAMPLES, 'banque-cible.journey'), 'utf8');
        expect(first.sources.to['touchpoint:RendezVousVisio']).toEqual({
            start: { line: lineOf(after, 'touchpoint RendezVousVisio'), character: 15 }, end: { line: lineOf(after, 'touchpoint RendezVousVisio'), character: 30 }
        });
        expect(first.sources.from['touchpoint:RendezVousAgence'].start.line).toBe(lineOf(before, 'touchpoint RendezVousAgence'));
        expect(first.sources.to['metric:DossiersEnLigne'].start.line).toBe(lineOf(after, 'metric DossiersEnLigne'));
        // An unsaved edit in the editor: the resolved friction is back in the ideal journey.
        await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: params.from.uri, languageId: 'journey', version: 1, text: before } });
        const edited = before.replace('emotion 1\n      owner Conseillers\n      next DéblocageFonds', 'emotion 2\n      owner Conseillers\n      next DéblocageFonds');
        await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri: params.from.uri, version: 2 }, contentChanges: [{ text: edited }] });
        // journey/diagram answers once the edited file is validated: compare, asked after it, must show the edit.
        const built = await server.connection.sendRequest(DiagramRequest, { uri: params.from.uri });
        expect(built.version).toBe(2);
        const again = await server.connection.sendRequest<CompareResult>('journey/compare', params);
        expect(again.changes, 'compare after the edited file was rebuilt').toBe(first.changes - 1); // SignatureAgence's emotion is now the same on both sides
        expect(again.svg).not.toBe(first.svg);
    });

    test('a map whose metric is being typed (`metric Taux`, no `in` yet) is listed and compared, not an internal error', async () => {
        const typing = 'journey Essai "Essai" {\n  state current\n  stage Achat "Achat" {}\n  metric Taux\n}\n';
        const folder = tempTree({ 'essai.journey': typing });
        const server = startStdioServer();
        sessions.push(server);
        await server.initialize(folder, { workspace: { workspaceFolders: true } });
        const uri = pathToFileURL(join(folder, 'essai.journey')).toString();
        const journeys = await server.connection.sendRequest<JourneyEntry[]>('journey/journeys');
        expect(journeys).toEqual([{ uri, id: 'Essai', label: 'Essai', state: 'current' }]);
        const picture = await server.connection.sendRequest<CompareResult>('journey/compare', { from: { uri, id: 'Essai' }, to: { uri, id: 'Essai' } });
        expect(picture.svg).toMatch(/^<svg /);
    });
});
