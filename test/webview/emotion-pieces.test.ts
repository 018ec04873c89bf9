// The emotion lane and the evidence notes as keyed pieces (src/diagram/svg.ts): a long curve is
// cut into paths that draw the same curve, and every point, path and note line has a box, so
// the preview draws them only in view (at 10,000 touchpoints they were 27,000 elements always drawn).
import ELK from 'elkjs/lib/elk.bundled.js';
import { describe, expect, test } from 'vitest';
import { layoutDiagram } from '../../src/diagram/layout.js';
import { CURVE_CHUNK, emotionPieceBoxes, notesPieceBoxes, renderSvg, smoothPath } from '../../src/diagram/svg.js';
import type { ElkApi } from '../../src/diagram/types.js';
import { splitSvg } from '../../webview/svg-pieces.js';
import { inlineDiagramMessage } from './harness.js';

describe('emotion and notes pieces', () => {
    test('a long curve is cut into keyed paths that draw smoothPath; points, paths and note lines have boxes holding them', async () => {
        const stages = Array.from({ length: 40 }, (_, s) => `  stage S${s} "Stage ${s}" {\n${Array.from({ length: 2 }, (_, t) =>
            `    touchpoint T${s}_${t} "Touchpoint ${s}.${t}" { channel C personas P emotion ${(s * 3 + t) % 5 - 2} evidence "Source ${s}.${t}" }`).join('\n')}\n  }`).join('\n');
        const message = await inlineDiagramMessage(`persona P "Pia" { goal "g" }\nchannel C "Web" digital\njourney Long "Long" {\n${stages}\n}\n`);
        const laidOut = await layoutDiagram(message.diagrams[0], new ELK.default() as ElkApi);
        const [line] = laidOut.emotion!.lines;
        expect(line.points.length).toBe(80);
        const pieces = splitSvg(renderSvg(laidOut));
        const emotion = pieces.children.find(p => p.key === 'emotion')!;
        const curves = emotion.children!.filter(p => p.key.startsWith('curve:'));
        expect(curves.length).toBe(Math.ceil((line.points.length - 1) / CURVE_CHUNK));
        // The paths, joined where they meet, are the one curve through all the points.
        const ds = curves.map(c => /\sd="([^"]*)"/.exec(c.markup!)![1]);
        expect(ds[0] + ds.slice(1).map(d => d.slice(d.indexOf('C'))).join('')).toBe(smoothPath(line.points));
        const boxes = emotionPieceBoxes(laidOut);
        for (const curve of curves) expect(boxes.has(curve.key), curve.key).toBe(true);
        const points = pieces.children.find(p => p.key === 'emotion-points')!.children!;
        expect(points.length).toBe(line.points.length);
        for (const point of points) {
            const [, cx, cy] = /cx="([-\d.]+)" cy="([-\d.]+)"/.exec(point.markup!)!.map(Number);
            const box = boxes.get(point.key)!;
            expect(cx).toBeGreaterThan(box.x);
            expect(cx).toBeLessThan(box.x + box.width);
            expect(cy).toBeGreaterThan(box.y);
            expect(cy).toBeLessThan(box.y + box.height);
        }
        // The notes: one keyed piece per line, each with a box around its baseline.
        const notes = pieces.children.find(p => p.key === 'notes')!.children!;
        expect(notes.length).toBeGreaterThan(80);
        const noteBoxes = notesPieceBoxes(laidOut);
        for (const note of notes) {
            const box = noteBoxes.get(note.key)!;
            expect(box, note.key).toBeDefined();
            if (note.key === 'frame') continue;
            const y = Number(/ y="([-\d.]+)"/.exec(note.markup!)![1]);
            expect(y).toBeGreaterThan(box.y);
            expect(y).toBeLessThanOrEqual(box.y + box.height);
        }
    });
});
