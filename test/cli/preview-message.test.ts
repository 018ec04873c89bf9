// journey preview posts the page the same diagram message as the extension: the models packed
// as JSON text (packDiagramMessage), which the page hands its worker unparsed, not as objects.
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PackedDiagramMessage } from '../../src/common/webview-messages.js';
import { EXAMPLES, startPreview, tempTree } from './run-cli.js';

/** The first `diagram` event of the page's event stream, as sent. */
function firstDiagramEvent(url: string): Promise<Record<string, unknown>> {
    return new Promise((done, fail) => {
        const req = request(url, response => {
            let buffer = '';
            response.setEncoding('utf8').on('data', chunk => {
                buffer += chunk;
                const end = buffer.indexOf('\n\n');
                if (end < 0) return;
                const block = buffer.slice(0, end);
                req.destroy();
                if (!block.startsWith('event: diagram\n')) return fail(new Error(`not a diagram event: ${block.slice(0, 80)}`));
                done(JSON.parse(block.slice(block.indexOf('data: ') + 6)) as Record<string, unknown>);
            });
        });
        req.on('error', fail).end();
    });
}

describe('journey preview: the diagram message', () => {
    it('carries the models as JSON text with the journeys listed, as the extension posts them', async () => {
        const dir = tempTree({ 'map.journey': readFileSync(join(EXAMPLES, 'retail-ideal.journey'), 'utf8') });
        const { child, url, exited } = await startPreview('map.journey', dir);
        try {
            const page = await new Promise<string>((done, fail) => request(url, r => {
                let body = '';
                r.setEncoding('utf8').on('data', c => { body += c; }).on('end', () => done(body));
            }).on('error', fail).end());
            const secret = /<meta name="journey-preview-secret" content="([^"]+)">/.exec(page)![1];
            const event = await firstDiagramEvent(`${url}events?secret=${encodeURIComponent(secret)}`);
            expect(event).not.toHaveProperty('diagrams');
            const packed = event as unknown as PackedDiagramMessage;
            expect(packed.type).toBe('diagram');
            expect(packed.errors).toEqual([]);
            expect(typeof packed.models).toBe('string');
            const models = JSON.parse(packed.models) as { id: string; title: string; stages: unknown[] }[];
            expect(models.map(m => m.id)).toEqual(['RetraitMagasin']);
            expect(packed.journeys).toEqual(models.map(m => ({ id: m.id, title: m.title })));
            expect(models[0].stages.length).toBeGreaterThan(0);
        } finally {
            child.kill('SIGINT');
        }
        expect(await exited).toBe(0);
    });
});
