// Test files share the diagram fixtures' module in a worker (vitest.config.ts): the workspace the
// maps are parsed into is reset after every file (test/after-each-file.ts), so one file's maps never
// change what another file's names resolve to (golden SVGs and the persona filter's label differed
// with the order of the files before).
import { expect, test } from 'vitest';
import { buildDiagramModels } from '../../src/diagram/index.js';
import { loadExamples, parseMap, resetFixtures } from './fixtures.js';

const USES_INLINE = 'journey J "J" {\n  stage S "S" {\n    touchpoint T { personas Inline }\n  }\n}\n';

/** The label of the persona `Inline` named by a map parsed now, as the picture shows it. */
async function inlineLabel(): Promise<string | undefined> {
    const map = await parseMap(USES_INLINE);
    return buildDiagramModels(map.parseResult.value)[0].personas.find(persona => persona.id === 'Inline')?.label;
}

test("a file's maps do not reach the next file's workspace", async () => {
    resetFixtures();
    const examples = await loadExamples();
    await parseMap('persona Inline "Déclaré par un autre fichier"\n');
    expect(await inlineLabel()).toBe('Déclaré par un autre fichier');
    resetFixtures();
    expect(await inlineLabel()).not.toBe('Déclaré par un autre fichier');
    expect((await loadExamples())[0].doc === examples[0].doc, "the examples are parsed again").toBe(false);
});
