import type { LangiumDocument } from 'langium';
import { parseHelper } from 'langium/test';
import ELK from 'elkjs/lib/elk.bundled.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestServices } from '../test-services.js';
import type { Model } from '../../src/language/generated/ast.js';
import { buildDiagramModels, layoutDiagram, renderSvg, type DiagramOptions, type ElkApi, type LaidOutDiagram, type SvgOptions } from '../../src/diagram/index.js';
import { CLEAN_EXAMPLES, EXAMPLES as examplesDir } from '../examples.js';
import { afterEachFile } from '../per-file.js';

export { examplesDir };

type Parse = ReturnType<typeof parseHelper<Model>>;

/**
 * One workspace per test file. Files share this module in a worker (vitest.config.ts), and the
 * maps one file parses must not declare names that another file's maps resolve against (an inline
 * `persona Abonné` beside the examples' made the persona filter's label differ with the file order):
 * `resetFixtures` runs after every file (test/per-file.ts).
 */
let workspace: { parse: Parse; examples?: Promise<{ file: string; doc: LangiumDocument<Model> }[]>; inline: number } | undefined;

function current(): NonNullable<typeof workspace> {
    return workspace ??= { parse: parseHelper<Model>(createTestServices().Journey), inline: 0 };
}

/** Forgets the workspace: the next file parses into a fresh one. */
export function resetFixtures(): void {
    workspace = undefined;
}
afterEachFile(resetFixtures);

export const parse: Parse = (input, options) => current().parse(input, options);
// elk.bundled.js is CommonJS: its module object is the constructor, and also has it as `default`.
export const elk: ElkApi = new ELK.default();

/** Parses an inline map in its own document (names in it resolve against the examples loaded before). */
export function parseMap(text: string): Promise<LangiumDocument<Model>> {
    return parse(text, { documentUri: `file:///inline/map-${current().inline++}.journey` });
}

/** Every valid example, parsed once into one workspace (common.journey first, so shared names resolve). */
export function loadExamples(): Promise<{ file: string; doc: LangiumDocument<Model> }[]> {
    const fixtures = current();
    fixtures.examples ??= parseExamples();
    return fixtures.examples;
}

async function parseExamples(): Promise<{ file: string; doc: LangiumDocument<Model> }[]> {
    const files = [...CLEAN_EXAMPLES]
        .sort((a, b) => (a === 'common.journey' ? -1 : b === 'common.journey' ? 1 : a.localeCompare(b)));
    const docs = [];
    for (const file of files) {
        docs.push({ file, doc: await parse(readFileSync(join(examplesDir, file), 'utf8'), { documentUri: `file:///examples/${file}` }) });
    }
    return docs;
}

export async function pipeline(doc: LangiumDocument<Model>, options?: DiagramOptions, svg?: SvgOptions): Promise<{ layout: LaidOutDiagram; svg: string }[]> {
    const results = [];
    for (const model of buildDiagramModels(doc.parseResult.value, options)) {
        const layout = await layoutDiagram(model, elk);
        results.push({ layout, svg: renderSvg(layout, svg) });
    }
    return results;
}
