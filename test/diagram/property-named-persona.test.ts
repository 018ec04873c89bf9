// A persona may be named like a property every JavaScript object has (`__proto__`,
// `constructor`): a touchpoint without its own value for that persona must give it the shared
// one, not the object's inherited property.
import { describe, expect, test } from 'vitest';
import { buildDiagramModels } from '../../src/diagram/index.js';
import { exportModel } from '../../src/export/model.js';
import { alignStages, personaCurves } from '../../src/compare/align.js';
import { parseMap } from './fixtures.js';

const MAP = (name: string) => `journey J "J" {
    persona ${name} "Odd name"
    persona Karim "Karim"
    stage S "S" {
        touchpoint A "A" { personas ${name}, Karim emotion 1 emotion Karim -2 }
        touchpoint B "B" { personas ${name} emotion -1 }
    }
}`;

describe.each(['__proto__', 'constructor', 'toString'])('a persona named %s', name => {
    test('its emotion curve on the map has the shared values', async () => {
        const doc = await parseMap(MAP(name));
        expect(doc.parseResult.parserErrors).toEqual([]);
        const [model] = buildDiagramModels(doc.parseResult.value);
        const curve = model.emotions.find(c => c.persona?.id === name);
        expect(curve?.points.map(p => p.emotion)).toEqual([1, -1]);
    });

    test('its curve in a comparison has the shared values', async () => {
        const doc = await parseMap(MAP(name));
        const [journey] = exportModel(doc.parseResult.value).journeys;
        const curves = personaCurves(journey, journey, alignStages(journey, journey));
        expect(curves.find(c => c.id === name)?.after).toEqual([0]);
    });
});
