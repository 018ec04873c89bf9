// Inlay hints requested together while the reference index of a big map is to be rebuilt (an editor's
// hints after each keystroke of a burst, all waiting for the last build) must rebuild it once between
// them: each rebuilding it on its own, pausing, they interleaved, and six requests on a 5 MB map
// described it several times over before the first was done (a CPU profile: 7 s of describing).
import { Cancellation, type LangiumDocument } from 'langium';
import type { InlayHint } from 'vscode-languageserver';
import { expect, test, vi } from 'vitest';
import { generateMap, SHARED_DECLARATIONS } from '../../bench/generate-maps.js';
import { JourneyReferenceDescriptionProvider } from '../../src/language/lsp/journey-reference-index.js';
import { buildWorkspace } from '../test-services.js';

test('hints asked together while the index is to be rebuilt describe the map once between them', async () => {
    const ws = await buildWorkspace({ 'big.journey': `${SHARED_DECLARATIONS}${generateMap(0, 3000)}` });
    const document = ws.documents.get('big.journey')! as LangiumDocument;
    const describer = ws.Journey.workspace.ReferenceDescriptionProvider as JourneyReferenceDescriptionProvider;
    // Langium's description of one reference (protected): counts the work.
    const described = vi.spyOn(describer as unknown as { createInfoDescriptions: () => unknown }, 'createInfoDescriptions');
    const params = { textDocument: { uri: document.uri.toString() }, range: { start: { line: 0, character: 0 }, end: { line: 3, character: 0 } } };
    // A real token each, as the server passes: the walks pause (an unset token never does).
    const requests = Array.from({ length: 6 }, () =>
        ws.Journey.lsp.InlayHintProvider!.getInlayHints(document, params, new Cancellation.CancellationTokenSource().token) as Promise<InlayHint[]>);
    const answers = await Promise.all(requests);
    const together = described.mock.calls.length;
    // The work of one description of the map: each reference described once.
    described.mockClear();
    describer.describe(document);
    expect(together).toBe(described.mock.calls.length);
    expect(answers.map(hints => hints.length)).toEqual([3, 3, 3, 3, 3, 3]);
    expect(new Set(answers.map(hints => JSON.stringify(hints))).size).toBe(1);
});
