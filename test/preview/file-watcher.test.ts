// watchFiles' debounce, on a fake clock: a burst of events reports once it has been quiet for
// quietMs, and continuous events still report maxWaitMs after the burst began (the preview
// redraws while a map keeps being written). fs.watch is replaced by one whose events the test
// sends, so the timings are exact; the end-to-end check is preview-security.test.ts.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const listeners: Array<(event: string, file: string | null) => void> = [];
vi.mock('node:fs', async original => ({
    ...await original<typeof import('node:fs')>(),
    watch: (_folder: string, _options: unknown, listener: (event: string, file: string | null) => void) => {
        listeners.push(listener);
        return { on: () => undefined, close: () => undefined };
    }
}));
const { watchFiles } = await import('../../src/node/file-watcher.js');

const QUIET_MS = 40;
const MAX_WAIT_MS = 100;

describe('watchFiles debounce', () => {
    let reports: Array<{ at: number; paths: string[] }>;
    let start: number;
    const watchFolder = () => watchFiles(['/folder'], { recursive: false, quietMs: QUIET_MS, maxWaitMs: MAX_WAIT_MS, accept: () => true },
        paths => reports.push({ at: Date.now() - start, paths }));
    const change = (name: string) => listeners.at(-1)!('change', name);

    beforeEach(() => {
        vi.useFakeTimers();
        start = Date.now();
        reports = [];
        listeners.length = 0;
    });
    afterEach(() => {
        vi.useRealTimers();
    });

    it('reports a burst once, quietMs after its last event', () => {
        const watch = watchFolder();
        change('a.journey');
        vi.advanceTimersByTime(30);
        change('b.journey');
        vi.advanceTimersByTime(QUIET_MS - 1);
        expect(reports).toEqual([]);
        vi.advanceTimersByTime(1);
        expect(reports).toEqual([{ at: 30 + QUIET_MS, paths: [join('/folder', 'a.journey'), join('/folder', 'b.journey')] }]);
        vi.advanceTimersByTime(1000);
        expect(reports).toHaveLength(1);
        watch.close();
    });

    it('reports maxWaitMs after a burst began while events never pause, and again for the next burst', () => {
        const watch = watchFolder();
        // An event every 10 ms, far sooner than the quiet time, for 350 ms.
        for (let at = 0; at < 350; at += 10) {
            change('map.journey');
            vi.advanceTimersByTime(10);
        }
        // Each burst reports MAX_WAIT_MS after its first event; the next begins with the next event.
        expect(reports.map(report => report.at)).toEqual([MAX_WAIT_MS, 2 * MAX_WAIT_MS, 3 * MAX_WAIT_MS]);
        expect(reports[0].paths).toEqual([join('/folder', 'map.journey')]);
        watch.close();
    });

    it('drops a pending report on close', () => {
        const watch = watchFolder();
        change('map.journey');
        watch.close();
        vi.advanceTimersByTime(1000);
        expect(reports).toEqual([]);
    });
});
