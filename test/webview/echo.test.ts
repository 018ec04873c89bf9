// The extension host's local echo of a label edit, in the built preview page (headless Chromium,
// the extension's CSP): the page patches the edited cards alone, keeps every other element, and
// takes the server's answer that follows without redrawing what it already shows.
import { describe, expect, test } from 'vitest';
import { packDiagramMessage, type EchoMessage, type PackedDiagramMessage } from '../../src/common/webview-messages.js';
import type { LabelEdit } from '../../src/common/label-echo.js';
import { inlineDiagramMessage, usePreviewPage, type PreviewPage } from './harness.js';
import { eventually } from './eventually.js';

let preview: PreviewPage;
usePreviewPage(page => { preview = page; });

const URI = 'file:///maps/echo.journey';
const source = (goal: string, label = 'Caisse') => `persona P "Pia"
persona Q "Quentin"
channel C "Web" digital
journey J "Écho" {
  stage S1 "Acheter" {
    goal "${goal}"
    touchpoint T "${label}" {
      channel C personas P, Q emotion 1
      action "Paie"
      friction "File d'attente" severity high
    }
    touchpoint U "Retrait" { channel C personas P emotion 0 }
  }
  stage S2 "Revenir" { goal "Revenir vite" }
}
`;

async function message(goal: string, label?: string): Promise<PackedDiagramMessage> {
    const built = await inlineDiagramMessage(source(goal, label), URI);
    expect(built.errors).toEqual([]);
    return packDiagramMessage(built);
}

/** Tags every drawn card element (an element kept through an update keeps its tag) and returns the tags by card id. */
function tagCards(): Promise<Record<string, number>> {
    return preview.page.$$eval('#canvas g.card', cards => Object.fromEntries(cards.map((card, i) => {
        (card as unknown as { __tag: number }).__tag = i;
        return [card.getAttribute('data-id')!, i];
    })));
}

/** The tag of each drawn card (null: a new element). */
function cardTags(): Promise<Record<string, number | null>> {
    return preview.page.$$eval('#canvas g.card', cards => Object.fromEntries(cards.map(card => [card.getAttribute('data-id')!, (card as unknown as { __tag?: number }).__tag ?? null])));
}

const cardText = (id: string) => preview.page.$eval(`#canvas g.card[data-id="${id}"]`, card => card.textContent ?? '');
const cardHeight = (id: string) => preview.page.$eval(`#canvas g.card[data-id="${id}"] rect.jm-card`, rect => Number(rect.getAttribute('height')));

/** Elements added, removed or changed in the drawn map while `run` runs, and the pieces the worker sent meanwhile. */
async function mutationsWhile(run: () => Promise<void>): Promise<{ mutations: number; pieces: number }> {
    await preview.page.evaluate(() => {
        const window_ = window as unknown as { __workerAnswers?: string[]; __mutations?: MutationRecord[]; __observer?: MutationObserver };
        window_.__workerAnswers = [];
        window_.__mutations = [];
        window_.__observer = new MutationObserver(records => window_.__mutations!.push(...records));
        window_.__observer.observe(document.querySelector('#canvas svg')!, { subtree: true, childList: true, attributes: true, characterData: true });
    });
    await run();
    return preview.page.evaluate(() => {
        const window_ = window as unknown as { __workerAnswers?: string[]; __mutations?: MutationRecord[]; __observer?: MutationObserver };
        window_.__mutations!.push(...window_.__observer!.takeRecords());
        window_.__observer!.disconnect();
        const result = { mutations: window_.__mutations!.length, pieces: window_.__workerAnswers!.filter(answer => answer.includes('"pieces":') && !answer.startsWith('{"ahead":')).length };
        delete window_.__workerAnswers;
        delete window_.__mutations;
        return result;
    });
}

/** Posts an echo as the extension host does and waits until the page has drawn something. */
async function echo(edits: LabelEdit[]): Promise<void> {
    const before = await preview.page.$eval('#canvas', canvas => canvas.dataset.revision);
    await preview.send({ type: 'echo', uri: URI, edits } satisfies EchoMessage);
    await preview.page.waitForFunction(previous => document.getElementById('canvas')!.dataset.revision !== previous, before);
}

describe('local echo of a label edit', () => {
    test('the edited card alone is drawn anew; the server\'s answer that follows keeps every element', async () => {
        await preview.showDiagram(await message('Payer vite'));
        await preview.page.keyboard.press('0');
        const tags = await tagCards();
        expect(Object.keys(tags)).toContain('goal:S1:0');
        const height = await cardHeight('goal:S1:0');
        await echo([{ journey: 'J', kind: 'card', id: 'goal:S1:0', text: 'Payer vitex' }]);
        expect(await cardText('goal:S1:0')).toContain('Payer vitex');
        expect(await cardHeight('goal:S1:0')).toBe(height);
        const after = await cardTags();
        expect(Object.keys(after).sort()).toEqual(Object.keys(tags).sort());
        for (const [id, tag] of Object.entries(after)) expect(tag, id).toBe(id === 'goal:S1:0' ? null : tags[id]);
        // The server's answer says the same: nothing is drawn anew.
        await preview.page.$eval('#canvas g.card[data-id="goal:S1:0"]', card => { (card as unknown as { __tag: number }).__tag = -1; });
        await preview.showDiagram(await message('Payer vitex'));
        const confirmed = await cardTags();
        expect(confirmed['goal:S1:0']).toBe(-1);
        for (const [id, tag] of Object.entries(confirmed)) if (id !== 'goal:S1:0') expect(tag, id).toBe(tags[id]);
        expect(await preview.problems()).toEqual([]);
    });

    test('the server\'s answer confirming an echo changes no element of the map, and the worker sends no piece', async () => {
        await preview.showDiagram(await message('Payer vite'));
        await echo([{ journey: 'J', kind: 'card', id: 'goal:S1:0', text: 'Payer vitex' }]);
        await expect(mutationsWhile(async () => preview.showDiagram(await message('Payer vitex')))).resolves.toEqual({ mutations: 0, pieces: 0 });
        // A stage label's echo lays out again; its confirmation too changes nothing.
        await echo([{ journey: 'J', kind: 'stage', id: 'S2', text: 'Revenir souvent' }]);
        expect(await preview.page.textContent('#canvas svg')).toContain('Revenir souvent');
        const built = await inlineDiagramMessage(source('Payer vitex').replace('"Revenir"', '"Revenir souvent"'), URI);
        await expect(mutationsWhile(() => preview.showDiagram(packDiagramMessage(built)))).resolves.toEqual({ mutations: 0, pieces: 0 });
        // The same answer again: nothing either. An answer that differs is drawn.
        await expect(mutationsWhile(() => preview.showDiagram(packDiagramMessage(built)))).resolves.toEqual({ mutations: 0, pieces: 0 });
        await preview.showDiagram(await message('Payer autrement'));
        expect(await cardText('goal:S1:0')).toContain('Payer autrement');
        expect(await preview.page.textContent('#canvas svg')).not.toContain('Revenir souvent');
        expect(await preview.problems()).toEqual([]);
    });

    test('keystrokes echoed faster than the page draws them patch the card one after the other, with no new layout', async () => {
        await preview.showDiagram(await message('Payer'));
        await preview.page.evaluate(() => { (window as unknown as { __workerAnswers: string[] }).__workerAnswers = []; });
        for (const text of ['Payer ', 'Payer v', 'Payer vi', 'Payer vit', 'Payer vite']) {
            await preview.send({ type: 'echo', uri: URI, edits: [{ journey: 'J', kind: 'card', id: 'goal:S1:0', text }] } satisfies EchoMessage);
        }
        await eventually(() => cardText('goal:S1:0')).toContain('Payer vite');
        const answers = await preview.page.evaluate(() => {
            const window_ = window as unknown as { __workerAnswers?: string[] };
            const answers = window_.__workerAnswers!;
            delete window_.__workerAnswers;
            return answers;
        });
        expect(answers.filter(answer => answer.includes('"echoed":"cards"'))).toHaveLength(5);
        // Layout answers only: the views a toolbar click away, sent ahead unasked once the map stood still, are no layout for the echo.
        expect(answers.filter(answer => answer.includes('"pieces":') && !answer.startsWith('{"ahead":'))).toEqual([]);
    });

    test('a touchpoint label: its card and the friction that names it; by persona, each copy of the card', async () => {
        await preview.showDiagram(await message('Payer'));
        await preview.page.click('vscode-radio[value="persona"]');
        await eventually(() => preview.page.$$eval('#canvas g.card[data-kind="touchpoint"]', cards => cards.length)).toBe(3);
        await preview.page.keyboard.press('0');
        const tags = await tagCards();
        await echo([{ journey: 'J', kind: 'card', id: 'touchpoint:T', text: 'Caisses' }]);
        const texts = await preview.page.$$eval('#canvas g.card[data-kind="touchpoint"]', cards => cards.map(c => c.textContent ?? ''));
        expect(texts.filter(text => text.includes('Caisses'))).toHaveLength(2);
        expect(await preview.page.$eval('#canvas g.card[data-kind="friction"]', card => card.textContent)).toContain('Caisses');
        const after = await cardTags();
        expect(after['goal:S1:0']).toBe(tags['goal:S1:0']);
        expect(after['touchpoint:U']).toBe(tags['touchpoint:U']);
        // A toolbar click lays out the models the page holds: the echoed text stays.
        await preview.page.click('vscode-radio[value="channel"]');
        await eventually(() => preview.page.$$eval('#canvas g.card[data-kind="touchpoint"]', cards => cards.length)).toBe(2);
        expect(await cardText('touchpoint:T')).toContain('Caisses');
    });

    test('an edit that makes the card taller lays the map out again, with the new text', async () => {
        await preview.showDiagram(await message('Payer'));
        await preview.page.keyboard.press('0');
        const height = await cardHeight('goal:S1:0');
        const long = 'Payer '.repeat(20).trim();
        await echo([{ journey: 'J', kind: 'card', id: 'goal:S1:0', text: long }]);
        expect((await cardText('goal:S1:0')).replace(/\s+/g, '')).toContain(long.replace(/\s+/g, '').slice(0, 40));
        expect(await cardHeight('goal:S1:0')).toBeGreaterThan(height);
    });

    test('a stage label echoed: its heading alone is drawn anew, with no new layout; one that widens its column lays the map out again', async () => {
        await preview.showDiagram(await message('Payer'));
        const tags = await tagCards();
        const heading = () => preview.page.$eval('#canvas [data-id="stage:S2"]', element => element.textContent ?? '');
        await preview.page.$eval('#canvas [data-id="stage:S1"]', element => { (element as unknown as { __tag: number }).__tag = 1; });
        await preview.page.evaluate(() => { (window as unknown as { __workerAnswers: string[] }).__workerAnswers = []; });
        await echo([{ journey: 'J', kind: 'stage', id: 'S2', text: 'Revenir.' }]);
        expect(await heading()).toContain('Revenir.');
        const answers = await preview.page.evaluate(() => {
            const window_ = window as unknown as { __workerAnswers?: string[] };
            const answers = window_.__workerAnswers!;
            delete window_.__workerAnswers;
            return answers;
        });
        // Layout answers only: the views a toolbar click away, sent ahead unasked once the map stood still, are no layout for the echo.
        expect(answers.filter(answer => answer.includes('"pieces":') && !answer.startsWith('{"ahead":'))).toEqual([]);
        expect(await cardTags()).toEqual(tags);
        expect(await preview.page.$eval('#canvas [data-id="stage:S1"]', element => (element as unknown as { __tag?: number }).__tag)).toBe(1);
        // Wider than its column's cards: the column widens, the map is laid out again.
        const long = 'Revenir encore et encore, aussi souvent que possible, sans jamais attendre';
        await echo([{ journey: 'J', kind: 'stage', id: 'S2', text: long }]);
        expect((await heading()).replace(/\s+/g, '')).toContain(long.replace(/\s+/g, '').slice(0, 20));
        expect(await preview.problems()).toEqual([]);
    });

    test('a stage label is echoed through a new layout; an echo for another document or a malformed one is ignored', async () => {
        await preview.showDiagram(await message('Payer'));
        await echo([{ journey: 'J', kind: 'stage', id: 'S2', text: 'Revenir souvent' }]);
        expect(await preview.page.textContent('#canvas svg')).toContain('Revenir souvent');
        const revision = await preview.page.$eval('#canvas', canvas => canvas.dataset.revision);
        await preview.send({ type: 'echo', uri: 'file:///other.journey', edits: [{ journey: 'J', kind: 'card', id: 'goal:S1:0', text: 'Autre' }] });
        await preview.send({ type: 'echo', uri: URI, edits: [{ journey: 'J', kind: 'card', id: 'goal:S1:0' }] } as never);
        // Echoes apply one after the other: once a later, valid one is drawn, the two above were
        // dealt with, and it must be the only draw since (no time waited decides it).
        await echo([{ journey: 'J', kind: 'card', id: 'touchpoint:T', text: 'Caisse rapide' }]);
        expect(await cardText('touchpoint:T')).toContain('Caisse rapide');
        expect(await preview.page.$eval('#canvas', canvas => canvas.dataset.revision)).toBe(String(Number(revision) + 1));
        expect(await cardText('goal:S1:0')).toContain('Payer');
        expect(await cardText('goal:S1:0')).not.toContain('Autre');
    });

    test('a card far from the view, its markup still to come, takes an echoed edit at its place; the markup that comes after does not undo it', async () => {
        const WIDE = 'file:///maps/wide-echo.journey';
        // 2,100 cards: more than DEFER_MIN_CARDS (smaller maps come whole).
        const stages = Array.from({ length: 60 }, (_, s) => `  stage S${s} "Stage ${s}" {\n${Array.from({ length: 35 }, (_, t) =>
            `    touchpoint T${s}_${t} "Touchpoint ${s}.${t}" { channel C${t % 2} }`).join('\n')}\n  }`).join('\n');
        const built = await inlineDiagramMessage(`channel C0 "Web" digital\nchannel C1 "Shop" physical\njourney Wide "Wide" {\n${stages}\n}\n`, WIDE);
        const total = built.diagrams[0].cards.length;
        const far = 'touchpoint:T59_34';
        const drawnCards = () => preview.page.$$eval('#canvas g.card', cards => cards.length);
        await preview.page.evaluate(() => { (window as unknown as { __heldFills: unknown[] }).__heldFills = []; });
        await preview.showDiagram(packDiagramMessage(built));
        // All of the map in view: only what was near the first view has its markup.
        await preview.page.keyboard.press('0');
        await eventually(() => preview.page.evaluate(() => (window as unknown as { __heldFills: unknown[] }).__heldFills.length)).toBeGreaterThan(0);
        expect(await drawnCards()).toBeLessThan(total);
        expect(await preview.page.$$(`#canvas g.card[data-id="${far}"]`)).toHaveLength(0);
        const before = await preview.page.$eval('#canvas', canvas => canvas.dataset.revision);
        await preview.send({ type: 'echo', uri: WIDE, edits: [{ journey: 'Wide', kind: 'card', id: far, text: 'Touchpoint 59.x' }] } satisfies EchoMessage);
        await preview.page.waitForFunction(previous => document.getElementById('canvas')!.dataset.revision !== previous, before);
        // Drawn with its new text where the map has it (not at the map's corner).
        const drawn = await preview.page.$eval(`#canvas g.card[data-id="${far}"]`, card => ({ text: card.textContent ?? '', transform: card.getAttribute('transform') }));
        expect(drawn.text).toContain('Touchpoint 59.x');
        const [x] = (/translate\(([-\d.]+) ([-\d.]+)\)/.exec(drawn.transform ?? '') ?? []).slice(1).map(Number);
        expect(x).toBeGreaterThan(5000);
        // The rest comes: every card drawn, the edited one as edited.
        expect(await preview.page.evaluate(() => (window as unknown as { __releaseFills: () => number }).__releaseFills())).toBeGreaterThan(0);
        await eventually(drawnCards).toBe(total);
        expect(await cardText(far)).toContain('Touchpoint 59.x');
        expect(await preview.problems()).toEqual([]);
    });
});

