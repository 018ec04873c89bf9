// journey preview: the real CLI serves on loopback, pushes a redraw over SSE after a save, stops on Ctrl+C.
import { readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLES, startPreview, tempTree } from '../cli/run-cli.js';
import { subscribe } from './preview-server.js';

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
});
