// The layout worker's views laid out ahead (webview/prepared-layouts.ts): a toolbar click finds
// its view ready, and a new model never gets an old model's view. Driven with a fake layout and
// a step queue run by hand, so no timing is involved: each layout is said to take 1 ms (its
// measured time, passed on, sent a loaded machine's over AHEAD_MAX_MS, and the work ahead never began).
import { describe, expect, test } from 'vitest';
import { join } from 'node:path';
import { LANE_IDS, type DiagramModel, type DiagramOptions } from '../../src/diagram/types.js';
import { applyViewOptions } from '../../src/diagram/view-options.js';
import { AHEAD_AFTER_CLICK_MS, AHEAD_IDLE_MS, AHEAD_MAX_MS, KEPT_VIEWS, nextOptions, oneClickApart, PreparedLayouts, viewKey } from '../../webview/prepared-layouts.js';
import { diagramMessage, EXAMPLES, loadExamples } from './harness.js';

async function retail(): Promise<DiagramModel> {
    const path = join(EXAMPLES, 'retail-ideal.journey');
    const examples = await loadExamples([join(EXAMPLES, 'common.journey'), path]);
    return diagramMessage(examples.get(path)!).diagrams[0];
}

/** PreparedLayouts over a "layout" that is applyViewOptions, counting its calls, with steps queued for the test to run. */
function harness() {
    const laidOut: { diagram: DiagramModel; key: string }[] = [];
    const steps: { step: () => void; ms: number }[] = [];
    const layouts = new PreparedLayouts(async (diagram: DiagramModel, options: DiagramOptions) => {
        laidOut.push({ diagram, key: viewKey(options) });
        return applyViewOptions(diagram, options);
    }, (step, ms) => steps.push({ step, ms }));
    /** Runs the queued steps (and those they queue) until none is left. */
    const idle = async () => {
        for (let guard = 0; guard < 100 && steps.length > 0; guard++) {
            steps.shift()!.step();
            await new Promise(resolve => setTimeout(resolve, 0));
        }
        // The work ahead must run out by itself.
        expect(steps).toEqual([]);
    };
    return { layouts, laidOut, steps, idle };
}

/** A map shown and its views laid out ahead, then a click to rows by persona, whose next views are queued (not yet laid out). */
async function clickedAfterAhead(layouts: ReturnType<typeof harness>['layouts'], diagram: DiagramModel, idle: () => Promise<void>): Promise<void> {
    await layouts.get(diagram, {});
    layouts.prepareNext(diagram, {}, 1);
    await idle();
    await layouts.get(diagram, { groupBy: 'persona' });
    layouts.prepareNext(diagram, { groupBy: 'persona' }, 1);
}

describe('views laid out ahead of the toolbar', () => {
    test('one click away: the other grouping first, then each persona filter, then each lane shown or hidden', async () => {
        const diagram = await retail();
        const next = nextOptions(diagram, {});
        expect(next[0]).toMatchObject({ groupBy: 'persona' });
        const keys = next.map(viewKey);
        expect(new Set(keys).size).toBe(keys.length);
        expect(keys).not.toContain(viewKey({}));
        for (const persona of diagram.personas) expect(keys).toContain(viewKey({ persona: persona.id }));
        for (const lane of diagram.lanes) expect(keys).toContain(viewKey({ lanes: LANE_IDS.filter(l => l !== lane.id) }));
        // From a filtered view, "all personas" is one click away.
        expect(nextOptions(diagram, { persona: diagram.personas[0].id }).map(viewKey)).toContain(viewKey({}));
    });

    test('oneClickApart: each view one click away (and no other, nor the view itself), whichever view is shown', async () => {
        const diagram = await retail();
        const views: DiagramOptions[] = [{}, { groupBy: 'persona', persona: diagram.personas[0].id }, { lanes: LANE_IDS.filter(l => l !== 'backstage') }];
        for (const options of views) {
            const key = viewKey(options);
            const near = nextOptions(diagram, options).map(viewKey);
            expect(oneClickApart(key, key)).toBe(false);
            for (const other of near) {
                expect(oneClickApart(key, other), other).toBe(true);
                expect(oneClickApart(other, key), other).toBe(true);
                // Two clicks away: none of this view's, unless back where it came from.
                for (const far of nextOptions(diagram, optionsOf(other)).map(viewKey)) {
                    if (far !== key && !near.includes(far)) expect(oneClickApart(key, far), far).toBe(false);
                }
            }
        }
    });

    test('with more views one click away than are kept (30 personas), the work ahead ends: each view laid out once', async () => {
        const retailMap = await retail();
        const diagram: DiagramModel = { ...retailMap, personas: Array.from({ length: 30 }, (_, i) => ({ ...retailMap.personas[0], id: `P${i}`, label: `P ${i}` })) };
        expect(nextOptions(diagram, {}).length).toBeGreaterThan(KEPT_VIEWS);
        const { layouts, laidOut, idle } = harness();
        await layouts.get(diagram, {});
        layouts.prepareNext(diagram, {}, 1);
        await idle();
        const keys = laidOut.map(view => view.key);
        expect(new Set(keys).size).toBe(keys.length);
        expect(keys).toHaveLength(KEPT_VIEWS);
    });

    test('a toolbar click gets the view laid out ahead, equal to one laid out on demand', async () => {
        const diagram = await retail();
        const { layouts, laidOut, idle } = harness();
        await layouts.get(diagram, {});
        layouts.prepareNext(diagram, {}, 1);
        await idle();
        const ahead = laidOut.length;
        expect(ahead).toBe(1 + nextOptions(diagram, {}).length);
        const clicked = await layouts.get(diagram, { groupBy: 'persona' });
        expect(laidOut.length).toBe(ahead);
        expect(clicked.value).toEqual(applyViewOptions(diagram, { groupBy: 'persona' }));
    });

    test('ready() lists the views of the model laid out by the time each next step runs (the worker sends them to the page then), none of another model', async () => {
        const diagram = await retail();
        const { layouts, steps } = harness();
        await layouts.get(diagram, {});
        const keys = (d: DiagramModel) => layouts.ready(d).map(v => viewKey(v.options));
        expect(keys(diagram)).toEqual([viewKey({})]);
        layouts.prepareNext(diagram, {}, 1);
        const next = nextOptions(diagram, {});
        for (let i = 0; steps.length > 0; i++) {
            // Before each step: the view shown and those laid out ahead so far, each with its own layout.
            expect(keys(diagram)).toEqual([viewKey({}), ...next.slice(0, i).map(viewKey)]);
            for (const { options, value } of layouts.ready(diagram)) expect(value).toEqual(applyViewOptions(diagram, options));
            steps.shift()!.step();
            await new Promise(resolve => setTimeout(resolve, 0));
        }
        expect(keys(diagram)).toHaveLength(1 + next.length);
        // A new model: nothing of the old one is ready.
        const edited: DiagramModel = { ...diagram };
        await layouts.get(edited, {});
        expect(keys(edited)).toEqual([viewKey({})]);
        expect(layouts.ready(diagram)).toEqual([]);
        layouts.clear();
        expect(layouts.ready(edited)).toEqual([]);
    });

    test('a new model drops the views of the old one, laid out ahead or under way', async () => {
        const diagram = await retail();
        const { layouts, laidOut, idle } = harness();
        // The old model's views are all laid out; the next steps for it are queued, then the model changes.
        await clickedAfterAhead(layouts, diagram, idle);
        const edited: DiagramModel = { ...diagram, cards: diagram.cards.map((c, i) => i === 0 ? { ...c, text: `${c.text} edited` } : c) };
        const view = await layouts.get(edited, { groupBy: 'channel' });
        expect(laidOut.at(-1)).toEqual({ diagram: edited, key: viewKey({ groupBy: 'channel' }) });
        expect(view.value.cards[0].text).toMatch(/ edited$/);
        // The steps queued for the old model lay nothing out.
        const count = laidOut.length;
        await idle();
        expect(laidOut.length).toBe(count);
        expect((await layouts.get(edited, { groupBy: 'persona' })).value.cards[0].text).toMatch(/ edited$/);
    });

    test('clear: a model changed in place (same object) is laid out anew, and the work ahead for it stops', async () => {
        const diagram = await retail();
        const { layouts, laidOut, idle } = harness();
        await clickedAfterAhead(layouts, diagram, idle);
        // Edited in place, as an echo of a label edit does: the views laid out before are stale.
        const card = diagram.cards[0];
        diagram.cards[0] = { ...card, text: `${card.text} echoed` };
        layouts.clear();
        const count = laidOut.length;
        await idle();
        expect(laidOut.length).toBe(count);
        const view = await layouts.get(diagram, { groupBy: 'channel' });
        expect(laidOut.length).toBe(count + 1);
        expect(view.value.cards[0].text).toMatch(/ echoed$/);
    });

    test('the work ahead says when it is over: after its last view, at once for a slow map, on a failed layout; not when a newer request stopped it', async () => {
        const diagram = await retail();
        const { layouts, laidOut, steps, idle } = harness();
        let over = 0;
        await layouts.get(diagram, {});
        layouts.prepareNext(diagram, {}, 1, () => over++);
        // A newer request stops the work before its first step: that request's work is the one to wait for.
        await layouts.get(diagram, {});
        await idle();
        expect(over).toBe(0);
        layouts.prepareNext(diagram, {}, 1, () => over++);
        while (steps.length > 0) {
            expect(over).toBe(0);
            steps.shift()!.step();
            await new Promise(resolve => setTimeout(resolve, 0));
        }
        expect(over).toBe(1);
        expect(laidOut).toHaveLength(1 + nextOptions(diagram, {}).length);
        layouts.prepareNext(diagram, {}, AHEAD_MAX_MS + 1, () => over++);
        expect(over).toBe(2);
        expect(steps).toEqual([]);
        // A view that fails to lay out ends the work too.
        const queued: (() => void)[] = [];
        const failing = new PreparedLayouts(async (_: DiagramModel, options: DiagramOptions) => {
            if (options.groupBy === 'persona') throw new Error('no layout');
            return options;
        }, step => queued.push(step));
        await failing.get(diagram, {});
        failing.prepareNext(diagram, {}, 1, () => over++);
        queued.shift()!();
        await new Promise(resolve => setTimeout(resolve, 0));
        expect(over).toBe(3);
        expect(queued).toEqual([]);
    });

    test('a view that fails after a newer request stopped the work ahead does not say the newer work is over', async () => {
        const diagram = await retail();
        let fail: (error: Error) => void = () => undefined;
        const queued: (() => void)[] = [];
        const layouts = new PreparedLayouts((_: DiagramModel, options: DiagramOptions) => options.groupBy === 'persona'
            ? new Promise<DiagramOptions>((_, reject) => { fail = reject; })
            : Promise.resolve(options), step => queued.push(step));
        let over = 0;
        await layouts.get(diagram, {});
        layouts.prepareNext(diagram, {}, 1, () => over++);
        queued.shift()!(); // the first view ahead (rows by persona) is under way
        await layouts.get(diagram, { lanes: ['touchpoints'] }); // a newer request stops that work
        fail(new Error('no layout'));
        await new Promise(resolve => setTimeout(resolve, 0));
        expect(over).toBe(0);
    });

    test('views are laid out ahead once the model stood still, sooner after a toolbar click; slow maps never', async () => {
        const diagram = await retail();
        const { layouts, laidOut, steps, idle } = harness();
        await layouts.get(diagram, {});
        layouts.prepareNext(diagram, {}, 1);
        expect(steps.map(s => s.ms)).toEqual([AHEAD_IDLE_MS]);
        // A request before the wait is over (typing on) cancels it.
        await layouts.get(diagram, {});
        const count = laidOut.length;
        await idle();
        expect(laidOut.length).toBe(count);
        // A toolbar click (same model, other options): sooner, once its map is painted.
        await layouts.get(diagram, { groupBy: 'persona' });
        layouts.prepareNext(diagram, { groupBy: 'persona' }, 1);
        expect(steps.map(s => s.ms)).toEqual([AHEAD_AFTER_CLICK_MS]);
        await idle();
        // A map slower to lay out than AHEAD_MAX_MS is not laid out ahead.
        const other = { ...diagram };
        await layouts.get(other, {});
        layouts.prepareNext(other, {}, AHEAD_MAX_MS + 1);
        expect(steps).toEqual([]);
    });
});

/** The options a view key stands for (see viewKey). */
function optionsOf(key: string): DiagramOptions {
    const [groupBy, lanes, persona] = JSON.parse(key) as [DiagramOptions['groupBy'], DiagramOptions['lanes'], string];
    return { groupBy, lanes, ...(persona && { persona }) };
}
