// Golden check: the SVG of every journey of every example, in the example's language (the
// "locale" of its journey.config.json, as `journey render` draws it), with the default options (and
// once more grouped by persona, a second grid for the router), is byte for byte the file committed under test/diagram/golden/. It guards refactors of the
// pipeline (model, layout, routing, SVG) that must not change what is drawn.
//
// A deliberate change of the drawing regenerates them:
//     UPDATE_GOLDEN=1 npx vitest run test/diagram/golden.test.ts
// then review `git diff --stat test/diagram/golden` and look at the changed files before committing.
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { folderConfigLocale } from '../../src/cli/locale.js';
import type { DiagramOptions } from '../../src/diagram/index.js';
import { examplesDir, loadExamples, pipeline } from './fixtures.js';

const GOLDEN = join(import.meta.dirname, 'golden');
const update = process.env.UPDATE_GOLDEN === '1';

/** The option sets drawn, by the suffix of their files. */
const VARIANTS: Record<string, DiagramOptions> = { '': {}, '.by-persona': { groupBy: 'persona' } };

/** `<example file's name without .journey>.<journey name><variant>.svg` (examples/en/bank-loan.journey: `bank-loan.…`) */
const goldenName = (file: string, journey: string, variant: string) => `${basename(file).replace(/\.journey$/, '')}.${journey}${variant}.svg`;

describe('golden SVGs of the examples', async () => {
    const examples = await loadExamples();
    const rendered = new Map<string, string>();
    for (const { file, doc } of examples) {
        const journeys = doc.parseResult.value.journeys;
        const locale = folderConfigLocale(dirname(join(examplesDir, file)));
        for (const [variant, options] of Object.entries(VARIANTS)) {
            (await pipeline(doc, { ...options, locale })).forEach(({ svg }, j) => rendered.set(goldenName(file, journeys[j].name, variant), svg));
        }
    }
    if (update) {
        mkdirSync(GOLDEN, { recursive: true });
        for (const [name, svg] of rendered) writeFileSync(join(GOLDEN, name), svg);
    }

    test('there is one golden file per journey, and no stale one', () => {
        expect(readdirSync(GOLDEN).filter(f => f.endsWith('.svg')).sort()).toEqual([...rendered.keys()].sort());
    });
    test.each([...rendered.keys()])('%s is unchanged', name => {
        const path = join(GOLDEN, name);
        expect(existsSync(path), `${name} missing: UPDATE_GOLDEN=1 regenerates it`).toBe(true);
        // Not toMatchFileSnapshot: a missing or different file must fail in CI, never be written silently.
        expect(rendered.get(name) === readFileSync(path, 'utf8'), `${name} differs from its golden file`).toBe(true);
    });
});
