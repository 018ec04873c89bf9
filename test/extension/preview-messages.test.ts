import { beforeEach, describe, expect, test, vi } from 'vitest';
import { checkedUntil } from '../checked-until.js';

// The extension host's API, as far as the preview panel uses it; `env.language` is VS Code's display language.
const display = vi.hoisted(() => ({ language: 'en' }));
/** The documents open in the editor, and who listens to their changes. */
const editor = vi.hoisted(() => ({ documents: [] as unknown[], changed: [] as ((event: unknown) => void)[], activated: [] as ((editor: unknown) => void)[] }));
vi.mock('vscode', () => {
    const uri = (path: string) => ({ path, toString: () => `file://${path}` });
    const disposable = { dispose() {} };
    return {
        Uri: { parse: (text: string) => uri(text.replace('file://', '')), joinPath: (base: { path: string }, ...parts: string[]) => uri([base.path, ...parts].join('/')) },
        ViewColumn: { One: 1, Active: -1, Beside: -2 },
        // English, as VS Code says a message without a bundle: the placeholders filled in.
        l10n: { t: (message: string, ...args: unknown[]) => message.replace(/\{(\d+)\}/g, (_: string, index: string) => String(args[Number(index)])) },
        env: display,
        window: {
            activeTextEditor: undefined,
            registerWebviewPanelSerializer: () => disposable,
            onDidChangeActiveTextEditor: (listener: (editor: unknown) => void) => { editor.activated.push(listener); return disposable; },
            onDidChangeTextEditorSelection: () => disposable
        },
        workspace: {
            textDocuments: editor.documents,
            onDidChangeTextDocument: (listener: (event: unknown) => void) => { editor.changed.push(listener); return disposable; },
            onDidChangeConfiguration: () => disposable,
            getConfiguration: () => ({ get: () => undefined })
        }
    };
});

const { PreviewManager } = await import('../../src/extension/preview.js');
const { parseMap } = await import('../diagram/fixtures.js');
const { buildDiagramModels } = await import('../../src/diagram/index.js');
const { applyJsonChanges, jsonChanges } = await import('../../src/common/json-changes.js');
const { diagramAnswer } = await import('../../src/common/diagram-answers.js');
type HeldDiagrams = import('../../src/common/diagram-answers.js').HeldDiagrams;
type DiagramResult = import('../../src/common/webview-messages.js').DiagramResult;
type JsonChange = import('../../src/common/json-changes.js').JsonChange;

/** How long the preview may take to post or drop an answer before a test fails: a safety net far above what a loaded machine takes. */
const WITHIN_MS = 10_000;

/**
 * A preview restored on a document, its webview's message handler, and what it posts to the
 * page. Tests wait on what the preview does, never for a time: `until` rechecks its condition
 * each time the preview posts or asks the server. That an answer is dropped shows only by
 * what comes next: the preview asks one request at a time, so the diagram of a request asked
 * after it is posted only once the preview has dealt with it.
 */
async function openPreview(answer: (params: unknown) => Promise<unknown> = async () => ({ diagrams: [MODEL], errors: [] }), state: unknown = { uri: 'file:///maps/a.journey', options: { groupBy: 'channel' } }) {
    const posted: { type: string; options?: unknown; [field: string]: unknown }[] = [];
    /** The server's answers, in the order the preview asked for them. */
    const requests: Promise<unknown>[] = [];
    const checks = new Set<() => void>();
    const changed = () => checks.forEach(check => check());
    let documentChanged: ((params: { uris: string[] }) => void) | undefined;
    const client = {
        onNotification: (_: unknown, listener: (params: { uris: string[] }) => void) => { documentChanged = listener; return { dispose() {} }; },
        sendRequest: (_type: unknown, params: unknown) => {
            const reply = answer(params);
            requests.push(reply);
            changed();
            return reply;
        }
    };
    let handler: ((message: unknown) => void) | undefined;
    let viewStateChanged: (() => void) | undefined;
    const panel = {
        webview: {
            html: '',
            cspSource: 'vscode-resource:', asWebviewUri: (u: unknown) => u,
            postMessage: async (message: { type: string }) => { posted.push(message); changed(); return true; },
            onDidReceiveMessage: (listener: (message: unknown) => void) => { handler = listener; return { dispose() {} }; }
        },
        onDidDispose: () => ({ dispose() {} }),
        onDidChangeViewState: (listener: () => void) => { viewStateChanged = listener; return { dispose() {} }; },
        visible: true,
        // As the extension creates its panels: VS Code discards a hidden page.
        options: { retainContextWhenHidden: false },
        dispose() {}
    };
    const log = { warn() {}, error() {}, info() {} };
    const manager = new PreviewManager({ extensionUri: { path: '/ext' } } as never, client as never, log as never);
    await manager.deserializeWebviewPanel(panel as never, state as never);
    /** Resolves once `ready()` holds, checked now and after each post and request; fails saying `what` after WITHIN_MS. */
    const until = (ready: () => boolean, what: string) => checkedUntil(ready, checks,
        () => `the preview never ${what} within ${WITHIN_MS} ms; it asked the server ${requests.length} times and posted ${JSON.stringify(posted.map(m => m.type))}`, WITHIN_MS);
    /** The diagrams posted: whole (`diagram`) or as what changed (`diagramChanges`). */
    const diagrams = () => posted.filter(m => m.type === 'diagram' || m.type === 'diagramChanges');
    /** Resolves once the preview has posted a diagram after the ones it posted so far. */
    const nextDiagram = (what: string) => {
        const count = diagrams().length;
        return until(() => diagrams().length > count, `posted the diagram ${what}`);
    };
    /** The webview's message, as it arrives (the preview handles it at once; what it starts, tests wait on). */
    const send = async (message: unknown) => {
        handler!(message);
    };
    /** The page says it is ready: the preview asks the server and posts the map. */
    const ready = async () => {
        const drawn = nextDiagram('asked for by the page');
        await send({ type: 'ready' });
        await drawn;
    };
    /** Resolves once the preview has asked the server `count` times in all. */
    const asked = (count: number) => until(() => requests.length >= count, `asked the server ${count} times`);
    /** The options of the last map posted, after the page asks for a redraw. */
    const shownOptions = async () => { await ready(); return diagrams().at(-1)?.options; };
    /** The panel hidden or shown again (a hidden webview is discarded: shown again, the page loads anew and says `ready`). */
    const setVisible = (visible: boolean) => { panel.visible = visible; viewStateChanged!(); };
    return {
        send, ready, shownOptions, posted, until, nextDiagram, asked, diagrams, setVisible,
        html: () => panel.webview.html, documentChanged: (uris: string[]) => documentChanged!({ uris })
    };
}

/** A server's answer: one small journey. */
const MODEL = {
    id: 'J', title: 'Un parcours', stages: [], lanes: [], cards: [], flows: [], emotions: [], personas: [], counts: { stages: 0, touchpoints: 0 },
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, options: {}
};

describe('a preview restored from a state an older version saved', () => {
    const answer = async () => ({ diagrams: [MODEL], errors: [] });

    test('keeps the options that are still good and leaves out the others', async () => {
        const state = { uri: 'file:///maps/a.journey', options: { groupBy: 'sideways', lanes: ['emotion', 'moods'], persona: 'Ana', locale: 'fr', zoom: 2 } };
        const { shownOptions } = await openPreview(answer, state);
        expect(await shownOptions()).toEqual({ persona: 'Ana', locale: 'fr' });
    });

    test.each([[null], ['a string'], [{ uri: 42, options: 'all' }]])('restored from %j: the panel gets its page, on no document', async state => {
        const { html, posted } = await openPreview(answer, state);
        expect(html()).toContain('<html');
        expect(posted).toEqual([]);
    });

    test('options that are no object: the settings\' options, as for a state without any', async () => {
        const bad = await openPreview(answer, { uri: 'file:///maps/a.journey', options: ['groupBy'] });
        const none = await openPreview(answer, { uri: 'file:///maps/a.journey' });
        expect(await bad.shownOptions()).toEqual(await none.shownOptions());
    });
});

describe('the preview panel posts the models as JSON text', () => {
    test('the page hands the text to its worker unparsed: only the journeys\' names come as objects', async () => {
        const { ready, diagrams } = await openPreview();
        await ready();
        const diagram = diagrams().at(-1)!;
        expect(diagram).toMatchObject({ type: 'diagram', uri: 'file:///maps/a.journey', errors: [], journeys: [{ id: 'J', title: 'Un parcours' }] });
        expect(diagram).not.toHaveProperty('diagrams');
        expect(JSON.parse(diagram.models as string)).toEqual([MODEL]);
    });
});

/**
 * The models a page holds after the messages posted to it, taken as its worker takes them: whole,
 * or the changes applied to the models of their base. Changes from models it does not hold fail.
 */
function pageModels(posted: { type: string; [field: string]: unknown }[]): unknown {
    let holds: { answer?: unknown; models: unknown } | undefined;
    for (const message of posted) {
        if (message.type === 'diagram') holds = { answer: message.answer, models: JSON.parse(message.models as string) };
        if (message.type !== 'diagramChanges') continue;
        if (holds?.answer === undefined || holds.answer !== message.base) throw new Error(`changes from ${String(message.base)}, but the page holds ${String(holds?.answer)}`);
        const changes = message.changes === undefined ? undefined : JSON.parse(message.changes as string) as JsonChange;
        holds = { answer: message.answer, models: applyJsonChanges(holds.models, changes) };
    }
    return holds?.models;
}

/** How many objects and arrays `value` holds, itself included (strings count for none). */
function objectsIn(value: unknown): number {
    if (typeof value !== 'object' || value === null) return 0;
    return 1 + Object.values(value).reduce((count: number, field) => count + objectsIn(field), 0);
}

/**
 * A language server's `journey/diagramChanges`, answered as the real one does (the same
 * function: src/common/diagram-answers.ts): `build` gives a document's models as they are now.
 */
function changesServer(build: (uri: string) => Promise<{ diagrams: unknown[]; errors: unknown[] }>) {
    const held = new Map<string, HeldDiagrams>();
    let answered = 0;
    return async (params: unknown) => {
        const { uri, base } = params as { uri: string; base?: string };
        const result = await build(uri) as DiagramResult;
        const next = { answer: `s:${++answered}`, result };
        const answer = diagramAnswer(held.get(uri), base, next.answer, result);
        held.set(uri, next);
        return answer;
    };
}

describe('the preview panel asks for what changed since the answer it holds, and posts the page what changed since the models it holds', () => {
    test('it forwards the server\'s changes; after an answer that fitted none, the page gets what changed since its models', async () => {
        const uri = 'file:///maps/a.journey';
        const renamed = { ...MODEL, title: 'Un autre titre' };
        const asked: unknown[] = [];
        const replies = [
            { answer: 's:1', diagrams: [MODEL], errors: [] },
            { answer: 's:2', base: 's:1', changes: jsonChanges([MODEL], [renamed]), errors: [] },
            // Changes since an answer the preview does not hold (the server's state and its own parted).
            { answer: 's:3', base: 's:9', changes: { set: [] }, errors: [] },
            { answer: 's:4', diagrams: [MODEL], errors: [] }
        ];
        const { ready, documentChanged, nextDiagram, diagrams, posted, asked: askedTimes } = await openPreview(async params => {
            asked.push(params);
            return replies[asked.length - 1];
        });
        await ready();
        expect(asked).toEqual([{ uri }]);
        expect(diagrams()[0]).toMatchObject({ type: 'diagram', answer: 's:1' });
        const changed = nextDiagram('with the changes');
        documentChanged([uri]);
        await changed;
        expect(asked[1]).toEqual({ uri, base: 's:1' });
        // The server's changes as they came, not the models.
        expect(diagrams().at(-1)).toEqual({
            type: 'diagramChanges', uri, options: { groupBy: 'channel' }, errors: [], journeys: [{ id: 'J', title: 'Un autre titre' }],
            answer: 's:2', base: 's:1', changes: JSON.stringify(replies[1].changes)
        });
        expect(pageModels(posted)).toEqual([renamed]);
        const whole = nextDiagram('asked for whole');
        documentChanged([uri]);
        await whole;
        await askedTimes(4);
        expect(asked.slice(2)).toEqual([{ uri, base: 's:2' }, { uri }]);
        // The answer that fitted nothing was not posted; the whole one goes as what changed since the page's models.
        expect(diagrams().map(d => d.type)).toEqual(['diagram', 'diagramChanges', 'diagramChanges']);
        expect(diagrams().at(-1)).toMatchObject({ answer: 's:4', base: 's:2' });
        expect(pageModels(posted)).toEqual([MODEL]);
    });

    test('a page loaded again, or asking for the models whole, gets them whole; then changes again', async () => {
        let title = 'Un';
        const { ready, send, documentChanged, nextDiagram, diagrams, posted } = await openPreview(changesServer(async () => ({ diagrams: [{ ...MODEL, title }], errors: [] })));
        await ready();
        const next = async (change: () => void) => {
            const drawn = nextDiagram('after the change');
            change();
            await drawn;
            return diagrams().at(-1)!;
        };
        title = 'Deux';
        expect(await next(() => documentChanged(['file:///maps/a.journey']))).toMatchObject({ type: 'diagramChanges' });
        // The webview reloaded (hidden and shown again): it holds nothing.
        title = 'Trois';
        expect(await next(() => void send({ type: 'ready' }))).toMatchObject({ type: 'diagram' });
        expect(pageModels(posted)).toEqual([{ ...MODEL, title: 'Trois' }]);
        title = 'Quatre';
        expect(await next(() => void send({ type: 'resend' }))).toMatchObject({ type: 'diagram' });
        title = 'Cinq';
        expect(await next(() => documentChanged(['file:///maps/a.journey']))).toMatchObject({ type: 'diagramChanges' });
        expect(pageModels(posted)).toEqual([{ ...MODEL, title: 'Cinq' }]);
    });

    test('a page hidden and shown again (loaded anew) gets the models whole once, then changes', async () => {
        let title = 'Un';
        const uri = 'file:///maps/a.journey';
        const { ready, setVisible, documentChanged, nextDiagram, diagrams, posted } = await openPreview(changesServer(async () => ({ diagrams: [{ ...MODEL, title }], errors: [] })));
        await ready();
        setVisible(false);
        title = 'Deux';
        documentChanged([uri]);
        setVisible(true);
        // The page loads anew before it says it is ready: whatever the panel posts on showing reaches it first.
        await new Promise(resolve => setTimeout(resolve, 50));
        await ready();
        title = 'Trois';
        const changed = nextDiagram('after the change');
        documentChanged([uri]);
        await changed;
        // What the new page got: the models whole, once, then what changed since them.
        const reloaded = posted.slice(1);
        expect(reloaded.map(d => d.type)).toEqual(['diagram', 'diagramChanges']);
        expect(pageModels(reloaded)).toEqual([{ ...MODEL, title: 'Trois' }]);
        expect(diagrams()).toHaveLength(3);
    });

    test('a journey renamed (its id: the models\' array replaced whole) reaches the page as text, not as objects', async () => {
        const uri = 'file:///maps/a.journey';
        const cards = Array.from({ length: 300 }, (_, i) => ({ id: `touchpoint:T${i}`, kind: 'touchpoint', text: `Carte ${i}` }));
        let id = 'Parcours0';
        const { ready, documentChanged, nextDiagram, diagrams, posted } = await openPreview(changesServer(async () => ({ diagrams: [{ ...MODEL, id, cards }], errors: [] })));
        await ready();
        id = 'Parcours01';
        const changed = nextDiagram('after the rename');
        documentChanged([uri]);
        await changed;
        const message = diagrams().at(-1)!;
        expect(pageModels(posted)).toEqual([{ ...MODEL, id, cards }]);
        // The page copies what comes as objects piece by piece (slow at 10,000 touchpoints); text in one piece.
        expect(objectsIn(message)).toBeLessThan(20);
    });

    test('after the server failed (its error posted), the models go whole', async () => {
        let fail = false;
        const server = changesServer(async () => ({ diagrams: [MODEL], errors: [] }));
        const { ready, documentChanged, nextDiagram, diagrams, posted } = await openPreview(async params => {
            if (fail) throw new Error('the server broke');
            return server(params);
        });
        await ready();
        fail = true;
        const failed = nextDiagram('with the error');
        documentChanged(['file:///maps/a.journey']);
        await failed;
        expect(diagrams().at(-1)).toMatchObject({ type: 'diagram', journeys: [], errors: [{ message: expect.stringContaining('the server broke') }] });
        fail = false;
        const again = nextDiagram('once the server answers');
        documentChanged(['file:///maps/a.journey']);
        await again;
        expect(diagrams().at(-1)).toMatchObject({ type: 'diagram', journeys: [{ id: 'J' }] });
        expect(pageModels(posted)).toEqual([MODEL]);
    });
});

describe('the preview panel checks what its webview sends', () => {
    test('options from the webview that are not valid are never kept', async () => {
        const { send, shownOptions } = await openPreview();
        expect(await shownOptions()).toEqual({ groupBy: 'channel' });
        await send({ type: 'options', options: { groupBy: 'evil', lanes: 'all', persona: { $ne: 1 } } });
        expect(await shownOptions()).toEqual({ groupBy: 'channel' });
        await send({ type: 'options', options: { groupBy: 'persona', persona: 'Ana' } });
        expect(await shownOptions()).toEqual({ groupBy: 'persona', persona: 'Ana' });
    });

    test('a message that is not one the webview sends is ignored, without an exception', async () => {
        const { send } = await openPreview();
        await expect(send('not an object')).resolves.toBeUndefined();
        await expect(send({ type: 'unknown' })).resolves.toBeUndefined();
    });

    test('the page is written in VS Code\'s display language (its toolbar follows it)', async () => {
        display.language = 'fr-ca';
        try {
            expect((await openPreview()).html()).toMatch(/<html lang="fr">[^]*<title>Aperçu du parcours<\/title>/);
            display.language = 'de';
            expect((await openPreview()).html()).toContain('<html lang="en">');
        } finally {
            display.language = 'en';
        }
    });
});

describe('the preview panel echoes label edits before the server answers', () => {
    beforeEach(() => {
        editor.changed.length = 0;
        editor.activated.length = 0;
        editor.documents.length = 0;
    });

    /** The server's answer for a text: its models as the server builds them (and, given, the version it was built from). */
    async function answer(text: string, version?: number) {
        return { diagrams: buildDiagramModels((await parseMap(text)).parseResult.value), errors: [], ...(version !== undefined && { version }) };
    }

    /** An open document as VS Code's TextDocument shows it, edited as the editor does, with its change events. */
    function openDocument(uri: string, initial: string) {
        let text = initial;
        const document = {
            uri: { toString: () => uri }, version: 1,
            get lineCount() { return text.split('\n').length; },
            lineAt: (line: number) => ({ text: text.split('\n')[line] }),
            getText: () => text
        };
        editor.documents.push(document);
        /** Types `inserted` where `before` is (after `offset` characters of it) and fires the change event. */
        const type = (before: string, offset: number, inserted: string) => {
            const index = text.indexOf(before) + offset;
            const lines = text.slice(0, index).split('\n');
            const position = { line: lines.length - 1, character: lines[lines.length - 1].length };
            text = text.slice(0, index) + inserted + text.slice(index);
            document.version++;
            for (const listener of editor.changed) listener({ document, contentChanges: [{ range: { start: position, end: position }, text: inserted }] });
        };
        return { document, type, text: () => text };
    }

    test('a keystroke in a goal posts an echo with its new text; one outside any label does not; the server\'s answer resumes the echo', async () => {
        const source = 'journey J {\n  stage S "Un" { goal "Payer" touchpoint T "Caisse" }\n}\n';
        const file = openDocument('file:///maps/a.journey', source);
        const answerFor = changesServer(() => answer(file.text()));
        const { ready, posted, documentChanged, nextDiagram } = await openPreview(answerFor);
        await ready();
        expect(posted.filter(m => m.type === 'diagram')).toHaveLength(1);
        file.type('Payer', 5, 's');
        file.type('"Caisse"', 1, 'La ');
        expect(posted.filter(m => m.type === 'echo')).toEqual([
            { type: 'echo', uri: 'file:///maps/a.journey', edits: [{ journey: 'J', kind: 'card', id: 'goal:S:0', text: 'Payers' }] },
            { type: 'echo', uri: 'file:///maps/a.journey', edits: [{ journey: 'J', kind: 'card', id: 'touchpoint:T', text: 'La Caisse' }] }
        ]);
        // A change outside every label (a new line): no echo, and none until the server has answered.
        file.type('}\n', 2, '// note\n');
        file.type('Payers', 6, '!');
        expect(posted.filter(m => m.type === 'echo')).toHaveLength(2);
        const rebuilt = nextDiagram('of the rebuilt document');
        documentChanged(['file:///maps/a.journey']);
        await rebuilt;
        expect((pageModels(posted) as { cards: { text: string }[] }[])[0].cards[0].text).toBe('Payers!');
        file.type('Payers!', 7, '?');
        expect(posted.at(-1)).toEqual({ type: 'echo', uri: 'file:///maps/a.journey', edits: [{ journey: 'J', kind: 'card', id: 'goal:S:0', text: 'Payers!?' }] });
    });

    test('a page loaded anew (hidden, shown again) gets no echo before its map: the old page\'s labels would drop the map it waits for', async () => {
        const source = 'journey J {\n  stage S "Un" { goal "Payer" touchpoint T "Caisse" }\n}\n';
        const file = openDocument('file:///maps/a.journey', source);
        const { ready, posted, send, asked, nextDiagram, setVisible } = await openPreview(changesServer(() => answer(file.text())));
        await ready();
        setVisible(false);
        setVisible(true);
        const before = posted.length;
        const drawn = nextDiagram('the new page\'s map');
        await send({ type: 'ready' });
        // A keystroke while the server is asked for the new page's map.
        await asked(2);
        file.type('Payer', 5, 's');
        await drawn;
        expect(posted.slice(before).map(m => m.type)).toEqual(['diagram']);
    });

    test('an answer asked for before the last echoed keystroke is not posted: it would undo that keystroke on screen', async () => {
        const file = openDocument('file:///maps/a.journey', 'journey J {\n  stage S "Un" { goal "Payer" }\n}\n');
        let release: (() => void) | undefined;
        let slow = false;
        const answerFor = changesServer(async () => {
            const text = file.text();
            if (slow) await new Promise<void>(resolve => { release = resolve; });
            return answer(text);
        });
        const { ready, posted, documentChanged, asked, nextDiagram } = await openPreview(answerFor);
        await ready();
        slow = true;
        documentChanged(['file:///maps/a.journey']);
        await asked(2);
        file.type('Payer', 5, 's');
        const echoed = posted.length;
        expect(posted.at(-1)).toMatchObject({ type: 'echo', edits: [{ text: 'Payers' }] });
        slow = false;
        release!();
        // Requests go one at a time: the one asked now is answered only after the held answer was
        // dealt with, so the first diagram after the echo is the held one if it was posted at all.
        const next = nextDiagram('asked for after the echo');
        documentChanged(['file:///maps/a.journey']);
        await next;
        await asked(3);
        expect(posted.slice(echoed).map(m => m.type)).toEqual(['diagramChanges']);
        expect((pageModels(posted) as { cards: { text: string }[] }[])[0].cards[0].text).toBe('Payers');
    });

    /**
     * A keystroke echoed while the server answers from the text before it: the server takes the
     * first request with the text at version 1; once rebuilt, it answers the next with version 2.
     * Requests go one at a time: the first diagram after the echo is the stale answer if it was
     * posted at all, else the rebuilt one. Resolves once the third request is asked, with what was
     * posted and how many messages came up to the echo.
     */
    async function echoedBeforeRebuild() {
        const file = openDocument('file:///maps/a.journey', 'journey J {\n  stage S "Un" { goal "Payer" }\n}\n');
        const built = { text: file.text(), version: 1 };
        const { ready, posted, documentChanged, asked, nextDiagram } = await openPreview(changesServer(() => answer(built.text, built.version)));
        await ready();
        file.type('Payer', 5, 's');
        const echoed = posted.length;
        documentChanged(['file:///maps/a.journey']);
        await asked(2);
        Object.assign(built, { text: file.text(), version: 2 });
        const rebuilt = nextDiagram('of the rebuilt document');
        documentChanged(['file:///maps/a.journey']);
        await rebuilt;
        await asked(3);
        return { file, posted, echoed };
    }

    test('an answer asked for after the echo but built from the text before it (the server had not rebuilt yet) is not posted', async () => {
        const { file, posted, echoed } = await echoedBeforeRebuild();
        expect(posted[echoed - 1]).toMatchObject({ type: 'echo', edits: [{ text: 'Payers' }] });
        expect(posted.slice(echoed).map(m => m.type)).toEqual(['diagramChanges']);
        expect((pageModels(posted) as { cards: { text: string }[] }[])[0].cards[0].text).toBe('Payers');
        // Once rebuilt, its answer is drawn, and the next keystroke is echoed again.
        file.type('Payers', 6, '!');
        expect(posted.at(-1)).toMatchObject({ type: 'echo', edits: [{ text: 'Payers!' }] });
    });

    test('an answer not posted (built before the echo) leaves the page on the models before it: the next goes as what changed since those', async () => {
        const { file, posted, echoed } = await echoedBeforeRebuild();
        // The server's second answer (s:2, the text before the echo) was not posted: its changes go from s:1.
        expect(posted.slice(echoed)).toEqual([expect.objectContaining({ type: 'diagramChanges', base: 's:1', answer: 's:3' })]);
        expect(pageModels(posted)).toEqual((await answer(file.text())).diagrams);
    });

    test('the preview of another document gets its models whole', async () => {
        const first = openDocument('file:///maps/a.journey', 'journey A {\n  stage S "Un" { goal "Payer" }\n}\n');
        const second = openDocument('file:///maps/b.journey', 'journey B {\n  stage S "Deux" { goal "Partir" }\n}\n');
        const texts = new Map([[first, first.text], [second, second.text]].map(([file, text]) => [(file as typeof first).document.uri.toString(), text as () => string]));
        const { ready, posted, until, documentChanged, nextDiagram } = await openPreview(changesServer(uri => answer(texts.get(uri)!())));
        await ready();
        first.type('Payer', 5, 's');
        const changed = nextDiagram('of a.journey changed');
        documentChanged(['file:///maps/a.journey']);
        await changed;
        expect(posted.filter(m => m.type.startsWith('diagram')).map(m => m.type)).toEqual(['diagram', 'diagramChanges']);
        for (const listener of editor.activated) listener({ document: { ...second.document, languageId: 'journey', uri: { toString: () => 'file:///maps/b.journey', path: '/maps/b.journey' } } });
        await until(() => posted.some(m => m.uri === 'file:///maps/b.journey'), 'posted the diagram of b.journey');
        expect(posted.at(-1)).toMatchObject({ type: 'diagram', uri: 'file:///maps/b.journey', journeys: [{ id: 'B' }] });
        expect(pageModels(posted)).toEqual((await answer(second.text())).diagrams);
    });

    test('after echoes in one document, the preview of another (at an older version) is drawn', async () => {
        const first = openDocument('file:///maps/a.journey', 'journey A {\n  stage S "Un" { goal "Payer" }\n}\n');
        const second = openDocument('file:///maps/b.journey', 'journey B {\n  stage S "Deux" { goal "Partir" }\n}\n');
        let shown = first;
        const { ready, posted, until } = await openPreview(() => answer(shown.text()));
        await ready();
        for (const letter of 'abc') first.type('Payer', 5, letter);
        expect(posted.filter(m => m.type === 'echo')).toHaveLength(3);
        shown = second;
        for (const listener of editor.activated) listener({ document: { ...second.document, languageId: 'journey', uri: { toString: () => 'file:///maps/b.journey', path: '/maps/b.journey' } } });
        await until(() => posted.some(m => m.type === 'diagram' && m.uri === 'file:///maps/b.journey'), 'posted the diagram of b.journey');
        expect(posted.at(-1)).toMatchObject({ type: 'diagram', uri: 'file:///maps/b.journey', journeys: [{ id: 'B' }] });
    });
});
