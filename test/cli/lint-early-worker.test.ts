// A lint whose folders hold enough maps for worker threads starts one before the lint bundle
// loads and the files are listed (src/cli/lint-loader.ts), and gives it its shard as a
// message once the shards are planned (lint-workers.ts): the same output as one thread.
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { generateMap, SHARED_DECLARATIONS } from '../../bench/generate-maps.js';
import { mayLintOnWorkers, THRESHOLD_BYTES } from '../../src/cli/lint-loader.js';
import { journey, tempTree } from './run-cli.js';

/** Enough generated maps to reach the size at which lint uses workers, one of them with an unresolved reference, and a persona no map uses. */
function bigWorkspace(): Record<string, string> {
    const files: Record<string, string> = { 'common.journey': `${SHARED_DECLARATIONS}persona Lonely "Lonely" { goal "g" }\n` };
    let bytes = 0;
    for (let i = 0; bytes < THRESHOLD_BYTES * 1.1; i++) {
        const map = generateMap(i, 60);
        files[`maps/map-${String(i).padStart(4, '0')}.journey`] = i === 7 ? map.replace(/next P1\b/, 'next P99') : map;
        bytes += Buffer.byteLength(map);
    }
    return files;
}

const io = (cwd: string, env: NodeJS.ProcessEnv = {}) => ({ cwd, env, stdout: new PassThrough(), stderr: new PassThrough(), stdin: new PassThrough() });

describe.skipIf(availableParallelism() < 2)('a lint worker started early', () => {
    const folder = tempTree(bigWorkspace());

    test('started for a folder (or the current one) holding enough maps, or a map named that declares shared names; not for small ones, other maps named, globs, standard input or one thread', () => {
        const small = tempTree({ 'a.journey': SHARED_DECLARATIONS });
        expect(mayLintOnWorkers([], io(folder))).toBe(true);
        expect(mayLintOnWorkers(['--format', 'json', 'maps'], io(folder))).toBe(true);
        expect(mayLintOnWorkers([folder], io(small))).toBe(true);
        expect(mayLintOnWorkers([], io(small))).toBe(false);
        // A map named alone: only one that declares shared names (its whole workspace is linted then), in a folder holding enough maps.
        expect(mayLintOnWorkers([join(folder, 'maps/map-0001.journey')], io(folder))).toBe(false);
        expect(mayLintOnWorkers([join(folder, 'common.journey')], io(folder))).toBe(true);
        expect(mayLintOnWorkers([join(small, 'a.journey')], io(folder))).toBe(false);
        expect(mayLintOnWorkers(['maps/*.journey'], io(folder))).toBe(false);
        expect(mayLintOnWorkers(['-'], io(folder))).toBe(false);
        expect(mayLintOnWorkers(['--stdin-filename', 'common.journey'], io(folder))).toBe(false);
        expect(mayLintOnWorkers(['--threads', '1'], io(folder))).toBe(false);
        expect(mayLintOnWorkers(['--threads=1'], io(folder))).toBe(false);
        expect(mayLintOnWorkers([], io(folder, { JOURNEY_THREADS: '1' }))).toBe(false);
    });

    test('is given its shard once the files are listed: the same JSON as one thread', async () => {
        const one = await journey(['lint', '--format', 'json', '--threads', '1', '.'], { cwd: folder });
        // Dealt round-robin, so that the early worker lints half the files whatever its start.
        const trace = join(tempTree({}), 'trace.txt');
        const many = await journey(['lint', '--format', 'json', '.'], { cwd: folder, env: { JOURNEY_LINT_DEAL: 'round-robin', JOURNEY_LINT_TRACE: trace } });
        // The early worker among the first threads (JOURNEY_LINT_TRACE).
        expect(readFileSync(trace, 'utf8')).toMatch(/^threads: \d+ \(1 started early\)\n/);
        expect(one.stdout).toContain('unresolved-reference');
        expect(many.stderr).toBe('');
        expect(many.code).toBe(one.code);
        expect(many.stdout).toBe(one.stdout);
    }, 120_000);

    test('is given the whole workspace for a map named alone that declares shared names: that map\'s JSON, as on one thread', async () => {
        const one = await journey(['lint', '--format', 'json', '--threads', '1', 'common.journey'], { cwd: folder });
        const trace = join(tempTree({}), 'trace.txt');
        const many = await journey(['lint', '--format', 'json', 'common.journey'], { cwd: folder, env: { JOURNEY_LINT_DEAL: 'round-robin', JOURNEY_LINT_TRACE: trace } });
        // The path lint took (JOURNEY_LINT_TRACE): the early worker among the threads, the whole workspace linted, one map reported.
        expect(readFileSync(trace, 'utf8')).toMatch(/^threads: \d+ \(1 started early\)\nwhole workspace: 1 of \d+ files reported\n$/);
        expect(one.stdout).toContain('persona-unused');
        expect(JSON.parse(one.stdout)).toHaveLength(1);
        expect(many.stderr).toBe('');
        expect(many.code).toBe(one.code);
        expect(many.stdout).toBe(one.stdout);
    }, 120_000);
});
