import type { LangiumDocument } from 'langium';
import { parseHelper } from 'langium/test';
import ELK from 'elkjs/lib/elk.bundled.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestServices } from '../test-services.js';
import type { Model } from '../../src/language/generated/ast.js';
import { buildDiagramModels, layoutDiagram, renderSvg, type DiagramOptions, type ElkApi, type LaidOutDiagram, type SvgOptions } from '../../src/diagram/index.js';
import { CLEAN_EXAMPLES, EXAMPLES as examplesDir } from '../examples.js';

export { examplesDir };

const services = createTestServices().Journey;
export const parse = parseHelper<Model>(services);
// elk.bundled.js is CommonJS: its module object is the constructor, and also has it as `default`.
export const elk: ElkApi = new ELK.default();

let counter = 0;
/** Parses an inline map in its own document (names in it resolve against the examples loaded before). */
export function parseMap(text: string): Promise<LangiumDocument<Model>> {
    return parse(text, { documentUri: `file:///inline/map-${counter++}.journey` });
}

let examples: Promise<{ file: string; doc: LangiumDocument<Model> }[]> | undefined;

/** Every valid example, parsed once into one workspace (common.journey first, so shared names resolve). */
export function loadExamples(): Promise<{ file: string; doc: LangiumDocument<Model> }[]> {
    examples ??= parseExamples();
    return examples;
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
