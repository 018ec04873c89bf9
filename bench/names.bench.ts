/**
 * Name uniquing on maps full of one name (issue: 16,000 touchpoints sharing one name took
 * 22 s to build the diagram model; 28,000 identical Mermaid tasks 39 s to import).
 * 2,000 against 16,000 equal names: linear work gives a ratio near 8, quadratic near 64.
 */
import { EmptyFileSystem } from 'langium';
import { parseHelper } from 'langium/test';
import { createJourneyServices } from '../src/language/journey-module.js';
import type { Model } from '../src/language/generated/ast.js';
import { buildDiagramModels } from '../src/diagram/index.js';
import { importMermaid } from '../src/import/mermaid.js';
import { formatMs, machine, measure } from './harness.js';

const parse = parseHelper<Model>(createJourneyServices(EmptyFileSystem).Journey);
console.log(`names: ${machine()}`);

function sameNameMap(count: number): string {
    return `journey J "J" {\n  stage S "S" {\n${'    touchpoint T "T" { emotion 0 }\n'.repeat(count)}  }\n}\n`;
}

const model: number[] = [], imported: number[] = [];
for (const count of [2_000, 16_000]) {
    const doc = await parse(sameNameMap(count), { documentUri: `file:///bench/same-${count}.journey` });
    model.push((await measure(`diagram model, ${count} touchpoints named T`, () => buildDiagramModels(doc.parseResult.value), { warmUp: true })).median);
    const mermaid = `journey\n  section S\n${'    Same task: 3\n'.repeat(count * 7 / 4)}`;
    imported.push((await measure(`Mermaid import, ${count * 7 / 4} identical tasks`, () => importMermaid(mermaid), { warmUp: true })).median);
}
console.log(`  ratio 16k / 2k: diagram model ${(model[1] / model[0]).toFixed(1)}, Mermaid import ${(imported[1] / imported[0]).toFixed(1)} (linear ≈ 8, quadratic ≈ 64); 16k model ${formatMs(model[1])}, 28k import ${formatMs(imported[1])}`);
