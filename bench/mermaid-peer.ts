/**
 * The benchmark's peer: Mermaid's `journey` diagram drawing the same generated maps in the
 * same headless Chromium, timed the same way as our preview (text in → the frame that shows
 * it has painted). Mermaid (a dev dependency) is loaded from node_modules into a local page.
 *
 * The same map in Mermaid's terms: one section per stage, one task per touchpoint with its
 * emotion as the score (−2 … +2 → 1 … 5) and its personas as the actors. Mermaid draws no
 * goals, frictions, metrics or flows: it draws less than we do.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { DiagramModel } from '../src/diagram/types.js';

/** Mermaid `journey` text of a diagram model; `suffix` is appended to the first section's name (a keystroke). */
export function mermaidText(diagram: DiagramModel, suffix = ''): string {
    const clean = (text: string) => text.replace(/[:#;\n]/g, ' ');
    const lines = ['journey', `  title ${clean(diagram.title)}`];
    diagram.stages.forEach((stage, i) => {
        lines.push(`  section ${clean(stage.label)}${i === 0 ? suffix : ''}`);
        for (const card of diagram.cards) {
            if (card.kind !== 'touchpoint' || card.stage !== stage.id) continue;
            const score = Math.max(1, Math.min(5, (card.emotion ?? 0) + 3));
            const actors = card.personas.map(p => clean(p.label)).join(', ') || 'Client';
            lines.push(`    ${clean(card.text)}: ${score}: ${actors}`);
        }
    });
    return lines.join('\n') + '\n';
}

export interface MermaidPage {
    /** Renders the text, puts the SVG in the page, resolves once that frame has painted. */
    paint(text: string): Promise<{ ms: number; inDomMs: number; longestTask: number }>;
    /** Mermaid's error when asked to draw the text with its default limits, undefined when it draws it. */
    refusal(text: string): Promise<string | undefined>;
    close(): Promise<void>;
}

/** A local page with node_modules/mermaid's browser build, in a new page of `browser`. */
export async function openMermaidPage(browser: Browser, root: string, viewport: { width: number; height: number }): Promise<MermaidPage> {
    const script = readFileSync(join(root, 'node_modules/mermaid/dist/mermaid.min.js'));
    const server: Server = createServer((request, response) => {
        if (request.url === '/mermaid.min.js') response.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
        else if (request.url === '/') response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
            .end('<!doctype html><html><body><div id="canvas"></div><script src="/mermaid.min.js"></script></body></html>');
        else response.writeHead(404).end();
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    const page: Page = await browser.newPage({ viewport });
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    /** Big maps are refused by default (maxTextSize 50,000 characters): the timed runs allow them. */
    const RAISED_LIMITS = { maxTextSize: 10_000_000, maxEdges: 1_000_000 };
    await page.evaluate(limits => {
        const mermaid = (window as unknown as { mermaid: { initialize(config: object): void } }).mermaid;
        mermaid.initialize({ startOnLoad: false, ...limits });
    }, RAISED_LIMITS);
    let sequence = 0;
    return {
        paint: text => page.evaluate(async ({ text, id }) => {
            const mermaid = (window as unknown as { mermaid: { render(id: string, text: string): Promise<{ svg: string }> } }).mermaid;
            const canvas = document.getElementById('canvas')!;
            let longestTask = 0;
            const observer = new PerformanceObserver(list => {
                for (const entry of list.getEntries()) longestTask = Math.max(longestTask, entry.duration);
            });
            observer.observe({ type: 'longtask' });
            const start = performance.now();
            const { svg } = await mermaid.render(id, text);
            canvas.innerHTML = svg;
            const inDomMs = performance.now() - start;
            // As for our preview: a task queued from the next frame's animation callback runs after its paint.
            await new Promise<void>(resolve => requestAnimationFrame(() => setTimeout(resolve, 0)));
            const ms = performance.now() - start;
            for (const entry of observer.takeRecords()) longestTask = Math.max(longestTask, entry.duration);
            observer.disconnect();
            return { ms, inDomMs, longestTask };
        }, { text, id: `mermaid-${++sequence}` }),
        refusal: text => page.evaluate(async ({ text, id, limits }) => {
            const mermaid = (window as unknown as { mermaid: { initialize(config: object): void; render(id: string, text: string): Promise<{ svg: string }> } }).mermaid;
            // Mermaid's defaults (maxTextSize 50,000, maxEdges 500), then the raised limits again.
            mermaid.initialize({ startOnLoad: false, maxTextSize: 50_000, maxEdges: 500 });
            try {
                const { svg } = await mermaid.render(id, text);
                return svg.includes('Maximum text size in diagram exceeded') ? 'Maximum text size in diagram exceeded' : undefined;
            } catch (error) {
                return String((error as Error)?.message ?? error);
            } finally {
                mermaid.initialize({ startOnLoad: false, ...limits });
            }
        }, { text, id: `mermaid-${++sequence}`, limits: RAISED_LIMITS }),
        async close() {
            await page.close();
            server.close();
        }
    };
}
