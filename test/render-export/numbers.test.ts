import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { journey, tempTree } from '../cli/run-cli.js';

const HUGE = '9'.repeat(400);

function map(emotion: string, target: string, actual: string): string {
    return `journey J "J" {
  stage S "S" {
    touchpoint T "T" {
      emotion ${emotion}
    }
  }
  metric M "M" in S target ${target} actual ${actual}
}
`;
}

describe('numbers beyond the exact range (real CLI)', () => {
    it('lint reports them; render and export refuse them at their line and column', async () => {
        const dir = tempTree({ 'huge.journey': map(HUGE, HUGE, `-${HUGE}`) });
        const lint = await journey(['lint', 'huge.journey'], { cwd: dir });
        expect(lint.code).toBe(1);
        expect(lint.stdout).toMatch(/4:15\s+error\s+Number 99999999… is too large: numbers go up to 9007199254740991\.\s+syntax/);
        const render = await journey(['render', 'huge.journey', '-o', join(dir, 'huge.svg')], { cwd: dir });
        expect(render.code).toBe(1);
        expect(render.stderr).toBe('journey render: huge.journey:4:15: Number 99999999… is too large: numbers go up to 9007199254740991.\n');
        for (const format of ['json', 'csv', 'markdown', 'mermaid']) {
            const exported = await journey(['export', 'huge.journey', '-f', format], { cwd: dir });
            expect(exported.code, format).toBe(1);
            expect(exported.stdout, format).toBe('');
            expect(exported.stderr, format).toMatch(/^journey export: huge\.journey:4:15: Number/);
        }
    });

    it('the largest numbers allowed reach SVG and JSON as finite numbers', async () => {
        const dir = tempTree({ 'edge.journey': map('-9007199254740991', '9007199254740991%', '-9007199254740991.5') });
        // 9007199254740991.5 is not exact either.
        expect((await journey(['export', 'edge.journey', '-f', 'json'], { cwd: dir })).code).toBe(1);
        const ok = tempTree({ 'edge.journey': map('-9007199254740991', '9007199254740991%', '-9007199254740991') });
        const render = await journey(['render', 'edge.journey'], { cwd: ok });
        expect(render.code, render.stderr).toBe(0);
        expect(render.stdout).toContain('<svg');
        expect(render.stdout).not.toMatch(/NaN|Infinity/);
        const json = await journey(['export', 'edge.journey', '-f', 'json'], { cwd: ok });
        expect(json.code, json.stderr).toBe(0);
        expect(json.stdout).not.toMatch(/null|NaN|Infinity/);
        const metric = JSON.parse(json.stdout).journeys[0].metrics[0];
        expect([metric.target.value, metric.actual.value]).toEqual([9007199254740991, -9007199254740991]);
    });
});
