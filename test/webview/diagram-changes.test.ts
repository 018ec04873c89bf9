// The extension posts the page what changed in the models since the ones it holds (the server's
// changes: src/common/json-changes.ts), not the models again. In the built preview page (headless
// Chromium, the extension's CSP): the page's worker applies them and draws the same map as from
// the models whole; changes from models it does not hold are not drawn, and it asks for the
// models whole, once.
import { describe, expect, test } from 'vitest';
import { jsonChanges } from '../../src/common/json-changes.js';
import { packDiagramMessage, type DiagramChangesMessage, type DiagramMessage, type EchoMessage, type WebviewToHostMessage } from '../../src/common/webview-messages.js';
import { inlineDiagramMessage, openPreviewPage, usePreviewPage, type PreviewPage } from './harness.js';
import { eventually } from './eventually.js';

let preview: PreviewPage;
usePreviewPage(page => { preview = page; });

const URI = 'file:///maps/changes.journey';
const source = (goal: string, extra = '') => `persona P "Pia"
channel C "Web" digital
journey J "Changes" {
  stage S1 "Acheter" {
    goal "${goal}"
    touchpoint T "Caisse" { channel C personas P emotion 1 friction "File" severity high }
    touchpoint U "Retrait" { channel C personas P emotion 0 }${extra}
  }
  stage S2 "Revenir" { goal "Revenir vite" }
}
`;

async function built(goal: string, extra?: string): Promise<DiagramMessage> {
    const message = await inlineDiagramMessage(source(goal, extra), URI);
    expect(message.errors).toEqual([]);
    return message;
}

/** The message the extension posts: what changed from `before`'s models (answer `base`) to `after`'s (answer `answer`). */
function changes(before: DiagramMessage, after: DiagramMessage, base: string, answer: string): DiagramChangesMessage {
    const change = jsonChanges(before.diagrams, after.diagrams);
    return {
        type: 'diagramChanges', uri: after.uri, options: after.options, errors: after.errors,
        journeys: after.diagrams.map(d => ({ id: d.id, title: d.title })), answer, base, ...(change && { changes: JSON.stringify(change) })
    };
}

const revision = () => preview.page.$eval('#canvas', canvas => canvas.dataset.revision ?? '0');

/** Posts a message and waits until the page has drawn something new. */
async function drawn(message: DiagramChangesMessage | EchoMessage): Promise<void> {
    const before = await revision();
    await preview.send(message);
    await preview.page.waitForFunction(previous => document.getElementById('canvas')!.dataset.revision !== previous, before);
}

/** Tags every drawn card element (an element kept through an update keeps its tag). */
function tagCards(): Promise<string[]> {
    return preview.page.$$eval('#canvas g.card', cards => cards.map((card, i) => {
        (card as unknown as { __tag: number }).__tag = i;
        return card.getAttribute('data-id')!;
    }));
}

/** The ids of the drawn cards whose element is new since tagCards. */
function newCards(): Promise<string[]> {
    return preview.page.$$eval('#canvas g.card', cards => cards.filter(card => (card as unknown as { __tag?: number }).__tag === undefined).map(card => card.getAttribute('data-id')!));
}

/** The SVG the toolbar's Export SVG posts: the map the worker holds, whole. */
async function exported(page: PreviewPage): Promise<string> {
    const count = (await page.posted()).filter(m => m.type === 'export').length;
    await page.page.click('vscode-button:has-text("Export SVG")');
    await eventually(async () => (await page.posted()).filter(m => m.type === 'export').length).toBe(count + 1);
    const message = (await page.posted()).filter(m => m.type === 'export').at(-1)!;
    return message.type === 'export' ? message.data : '';
}

const resends = async () => (await preview.posted()).filter((m: WebviewToHostMessage) => m.type === 'resend').length;

describe('diagram changes posted to the page', () => {
    test('the worker applies them to the models it holds: the edited card alone is drawn anew, and the map is the one drawn from the models whole', async () => {
        const first = await built('Payer');
        await preview.showDiagram(packDiagramMessage(first, 'a:1'));
        await tagCards();
        const edited = await built('Payer vite');
        await drawn(changes(first, edited, 'a:1', 'a:2'));
        expect(await preview.page.$eval('#canvas g.card[data-id="goal:S1:0"]', card => card.textContent)).toContain('Payer vite');
        expect(await newCards()).toEqual(['goal:S1:0']);
        // A structural edit next, from the models the changes made: a touchpoint added.
        const added = await built('Payer vite', '\n    touchpoint V "Avis" { channel C personas P emotion 2 }');
        await drawn(changes(edited, added, 'a:2', 'a:3'));
        expect(await preview.page.$$eval('#canvas g.card', cards => cards.map(card => card.getAttribute('data-id')))).toContain('touchpoint:V');
        const fromChanges = await exported(preview);
        // The same models sent whole to a page of its own: the same picture.
        const other = await openPreviewPage();
        try {
            await other.showDiagram(packDiagramMessage(added, 'b:1'));
            expect(fromChanges).toBe(await exported(other));
            expect(await other.problems()).toEqual([]);
        } finally {
            await other.close();
        }
        expect(await resends()).toBe(0);
        expect(await preview.problems()).toEqual([]);
    });

    test('changes from models the page does not hold draw nothing and ask for the models whole, once; the whole models and the changes after them are drawn', async () => {
        const first = await built('Partir');
        await preview.showDiagram(packDiagramMessage(first, 'c:1'));
        const asked = await resends();
        const before = await revision();
        const later = await built('Partir tôt');
        // As after a message the page missed: two changes from answers it never got.
        await preview.send(changes(later, first, 'c:7', 'c:8'));
        await preview.send(changes(first, later, 'c:8', 'c:9'));
        await eventually(resends).toBe(asked + 1);
        const whole = await built('Partir tard');
        await preview.showDiagram(packDiagramMessage(whole, 'c:10'));
        expect(await preview.page.$eval('#canvas g.card[data-id="goal:S1:0"]', card => card.textContent)).toContain('Partir tard');
        expect(Number(await revision())).toBe(Number(before) + 1);
        await drawn(changes(whole, later, 'c:10', 'c:11'));
        expect(await preview.page.$eval('#canvas g.card[data-id="goal:S1:0"]', card => card.textContent)).toContain('Partir tôt');
        expect(await resends()).toBe(asked + 1);
        expect(await preview.problems()).toEqual([]);
    });

    test('models sent whole without an answer (journey preview) take no changes', async () => {
        const first = await built('Venir');
        await preview.showDiagram(packDiagramMessage(first));
        const asked = await resends();
        await preview.send(changes(first, await built('Venir vite'), 'd:1', 'd:2'));
        await eventually(resends).toBe(asked + 1);
        expect(await preview.page.$eval('#canvas g.card[data-id="goal:S1:0"]', card => card.textContent)).not.toContain('Venir vite');
    });

    test('the server\'s changes confirming an echoed edit draw nothing anew', async () => {
        const first = await built('Payer');
        await preview.showDiagram(packDiagramMessage(first, 'e:1'));
        await drawn({ type: 'echo', uri: URI, edits: [{ journey: 'J', kind: 'card', id: 'goal:S1:0', text: 'Payerx' }] });
        await tagCards();
        await preview.page.evaluate(() => {
            const canvas = document.getElementById('canvas')!;
            (window as unknown as { __mutated: number }).__mutated = 0;
            new MutationObserver(records => { (window as unknown as { __mutated: number }).__mutated += records.length; })
                .observe(canvas.querySelector('svg')!, { subtree: true, childList: true, attributes: true, characterData: true });
        });
        await drawn(changes(first, await built('Payerx'), 'e:1', 'e:2'));
        expect(await newCards()).toEqual([]);
        expect(await preview.page.evaluate(() => (window as unknown as { __mutated: number }).__mutated)).toBe(0);
    });

    test('a rejected change is a lost one: the page asks for the models whole at once, and draws no change until they come', async () => {
        const first = await built('Rester');
        await preview.showDiagram(packDiagramMessage(first, 'f:1'));
        const asked = await resends();
        const before = await revision();
        const warnings: string[] = [];
        preview.page.on('console', message => { if (message.type() === 'warning') warnings.push(message.text()); });
        const second = await built('Rester là'), third = await built('Rester ici');
        // As the extension sends them: each from the answer before; the first malformed.
        await preview.send({ ...changes(first, second, 'f:1', 'f:2'), errors: 'none' } as unknown as DiagramChangesMessage);
        await eventually(resends).toBe(asked + 1);
        await preview.send(changes(second, third, 'f:2', 'f:3'));
        const whole = await built('Rester tard');
        await preview.showDiagram(packDiagramMessage(whole, 'f:4'));
        expect(await preview.page.$eval('#canvas g.card[data-id="goal:S1:0"]', card => card.textContent)).toContain('Rester tard');
        expect(Number(await revision())).toBe(Number(before) + 1);
        // Changes whose text is no JSON change: lost too.
        await preview.send({ ...changes(whole, third, 'f:4', 'f:5'), changes: '{"items":5}' });
        await eventually(resends).toBe(asked + 2);
        await preview.showDiagram(packDiagramMessage(third, 'f:6'));
        await drawn(changes(third, second, 'f:6', 'f:7'));
        expect(await preview.page.$eval('#canvas g.card[data-id="goal:S1:0"]', card => card.textContent)).toContain('Rester là');
        expect(await resends()).toBe(asked + 2);
        expect(warnings.filter(w => w.includes('ignored a diagram change'))).toHaveLength(1);
        expect(await preview.problems()).toEqual([]);
    });

    test('the options a host sends (the map\'s locale among them) are taken with changes as with the models whole', async () => {
        const first = await built('Aller');
        await preview.showDiagram(packDiagramMessage(first, 'g:1'));
        const asked = await resends();
        const message = changes(first, await built('Aller loin'), 'g:1', 'g:2');
        await drawn({ ...message, options: { ...message.options, locale: 'en' } });
        expect(await preview.page.$eval('#canvas g.card[data-id="goal:S1:0"]', card => card.textContent)).toContain('Aller loin');
        expect(await resends()).toBe(asked);
    });

    test('a page whose first models whole its worker could not take asks for them at the next change, once', async () => {
        const page = await openPreviewPage();
        try {
            const first = await built('Attendre'), later = await built('Attendre peu'), last = await built('Attendre moins');
            // The host's answer to `ready`, its models text broken on the way.
            await page.page.evaluate(message => window.postMessage(message, '*'), { ...packDiagramMessage(first, 'h:1'), models: '[{' });
            await page.send(changes(first, later, 'h:1', 'h:2'));
            await eventually(async () => (await page.posted()).filter(m => m.type === 'resend').length).toBe(1);
            await page.send(changes(later, last, 'h:2', 'h:3'));
            await page.showDiagram(packDiagramMessage(last, 'h:4'));
            expect(await page.page.$eval('#canvas g.card[data-id="goal:S1:0"]', card => card.textContent)).toContain('Attendre moins');
            expect((await page.posted()).filter(m => m.type === 'resend').length).toBe(1);
        } finally {
            await page.close();
        }
    });

    test('a page that holds no models yet, or has whole ones coming, does not ask for them', async () => {
        const page = await openPreviewPage();
        try {
            const first = await built('Attendre'), later = await built('Attendre peu');
            // A page loaded anew: the host sends it the models whole unasked (its answer to `ready`).
            await page.send(changes(first, later, 'h:1', 'h:2'));
            await page.showDiagram(packDiagramMessage(later, 'h:3'));
            // Changes that fail, with the models whole right behind them.
            const both = [changes(first, later, 'h:1', 'h:4'), packDiagramMessage(first, 'h:5')];
            const before = await page.page.$eval('#canvas', canvas => canvas.dataset.revision ?? '0');
            await page.page.evaluate(messages => messages.forEach(m => window.postMessage(m, '*')), both);
            await page.page.waitForFunction(previous => document.getElementById('canvas')!.dataset.revision !== previous, before);
            expect(await page.page.$eval('#canvas g.card[data-id="goal:S1:0"]', card => card.textContent)).toContain('Attendre');
            expect((await page.posted()).filter(m => m.type === 'resend')).toEqual([]);
            expect(await page.problems()).toEqual([]);
        } finally {
            await page.close();
        }
    });
});
