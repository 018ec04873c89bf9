// journey preview: the real CLI serves on loopback, pushes a redraw over SSE after a save, stops on Ctrl+C.
import { readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLES, startPreview, tempTree } from '../cli/run-cli.js';
import { subscribe } from './preview-server.js';
import { EMBEDDED_FONT_FAMILY } from '../../src/diagram/index.js';
import { ARIMO_WOFF2 } from '../../src/diagram/generated/fonts.js';

function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; type: string; body: string }> {
    return new Promise((done, fail) => {
        request(url, { headers }, response => {
            let body = '';
            response.setEncoding('utf8').on('data', c => { body += c; }).on('end', () => done({ status: response.statusCode ?? 0, type: String(response.headers['content-type']), body }));
        }).on('error', fail).end();
    });
}


describe('journey preview', () => {
    it('serves the preview page on 127.0.0.1 and pushes a redraw when the file changes', async () => {
        const dir = tempTree({ 'map.journey': readFileSync(join(EXAMPLES, 'retail-ideal.journey'), 'utf8') });
        const { child, url, exited } = await startPreview('map.journey', dir);
        try {
            expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);

            const page = await get(url);
            expect(page.status).toBe(200);
            const secret = /<meta name="journey-preview-secret" content="([^"]+)">/.exec(page.body)![1];
            expect(page.body).toContain('src="/webview/preview-host.js"');
            expect(page.body).toContain(`connect-src ${url.slice(0, -1)}`);
            const bundle = await get(`${url}webview/preview.js`);
            expect([bundle.status, bundle.type]).toEqual([200, 'text/javascript; charset=utf-8']);
            expect((await get(`${url}webview/../../package.json`)).status).toBe(404);
            expect((await get(url, { host: 'evil.example:80' })).status).toBe(403);

            const sse = subscribe(`${url}events?secret=${encodeURIComponent(secret)}`);
            await sse.until(1);
            const first = sse.events[0];
            expect(first.diagrams.map(d => d.id)).toEqual(['RetraitMagasin']);
            expect(first.errors).toEqual([]);

            writeFileSync(join(dir, 'map.journey'), readFileSync(join(dir, 'map.journey'), 'utf8').replace('"Retirer"', '"Retirer au magasin"'));
            await sse.until(2);
            const redrawn = sse.events[sse.events.length - 1];
            expect(redrawn.diagrams[0].stages.map(s => s.label)).toContain('Retirer au magasin');
            sse.close();
        } finally {
            child.kill('SIGINT');
        }
        expect(await exited).toBe(0);
    });

    it('the page declares and uses the font the layout measures with (Arimo, served by the preview), so text fits its boxes', async () => {
        const dir = tempTree({ 'map.journey': readFileSync(join(EXAMPLES, 'retail-ideal.journey'), 'utf8') });
        const { child, url, exited } = await startPreview('map.journey', dir);
        try {
            const page = (await get(url)).body;
            const sheets = [...page.matchAll(/<link rel="stylesheet" href="([^"]+)">/g)].map(m => m[1]);
            const css = (await Promise.all(sheets.map(href => get(new URL(href, url).href)))).map(r => r.body).join('\n');
            const faces = [...css.matchAll(/@font-face\{([^}]*)\}/g)].map(m => m[1]);
            const arimo = faces.filter(face => face.includes(`font-family:${EMBEDDED_FONT_FAMILY};`));
            expect(arimo.map(face => /font-weight:(\d+)/.exec(face)![1])).toEqual(['400', '600']);
            // The map's font is that family first (the SVG's style reads --vscode-font-family).
            expect(css).toMatch(new RegExp(`\\.journey-map\\{--vscode-font-family:${EMBEDDED_FONT_FAMILY},`));
            // Each face's file is served from the page's origin (the CSP's font-src), the embedded font's bytes.
            const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(page)![1];
            expect(csp).toContain(`font-src ${url.slice(0, -1)}`);
            for (const face of arimo) {
                const src = /src:url\(([^)]+)\)/.exec(face)![1].replace(/^["']|["']$/g, '');
                expect(src.startsWith('/')).toBe(true);
                const font = await getBytes(new URL(src, url).href);
                expect(font.type).toBe('font/woff2');
                const weight = Number(/font-weight:(\d+)/.exec(face)![1]) as 400 | 600;
                expect(font.body.equals(Buffer.from(ARIMO_WOFF2[weight], 'base64'))).toBe(true);
            }
        } finally {
            child.kill('SIGINT');
        }
        expect(await exited).toBe(0);
    });
});

function getBytes(url: string): Promise<{ status: number; type: string; body: Buffer }> {
    return new Promise((done, fail) => {
        request(url, response => {
            const chunks: Buffer[] = [];
            response.on('data', c => chunks.push(c)).on('end', () => done({ status: response.statusCode ?? 0, type: String(response.headers['content-type']), body: Buffer.concat(chunks) }));
        }).on('error', fail).end();
    });
}
