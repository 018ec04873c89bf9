// The repository's examples/ as a user meets them after a clone: `journey render` of each map,
// from the repository, with no --locale, draws it in the map's own language (its fixed words
// follow the nearest journey.config.json), and `journey lint examples` still finds what it found,
// each map's messages in that language too (rule ids, lines and columns unchanged).
import { readdirSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { describe, expect, test } from 'vitest';
import { EXAMPLES, journey, REPO } from './run-cli.js';

/** The examples written in English; every other one is written in French. */
const ENGLISH_MAPS = new Set(['bank-loan.journey']);

/** Every .journey under examples/, wherever it lies, relative to the repository. */
const exampleFiles = (readdirSync(EXAMPLES, { recursive: true }) as string[])
    .filter(file => file.endsWith('.journey'))
    .map(file => relative(REPO, join(EXAMPLES, file)))
    .sort();
/** The maps worth drawing: not the invalid ones, not common.journey (no journey to draw). */
const drawnMaps = exampleFiles.filter(file => !file.split(/[\\/]/).includes('invalid') && basename(file) !== 'common.journey');

const LANE_WORDS = {
    en: ['Customer goal', 'Touchpoints', 'STAGE 1'],
    fr: ['Objectif du client', 'Points de contact', 'ÉTAPE 1']
};
const languageOf = (file: string) => ENGLISH_MAPS.has(basename(file)) ? 'en' : 'fr';

describe('examples/ speak their own language from a clean clone', () => {
    test('the example maps are found (the English one and the French ones)', () => {
        expect(drawnMaps.map(file => languageOf(file)).sort()).toEqual(['en', 'fr', 'fr', 'fr', 'fr', 'fr']);
    });

    test.each(drawnMaps)('journey render %s (no --locale) draws its fixed words in its language', async file => {
        const run = await journey(['render', file, '-f', 'svg']);
        expect(run.stderr).toBe('');
        expect(run.code).toBe(0);
        const language = languageOf(file);
        const other = language === 'en' ? 'fr' : 'en';
        expect(run.stdout).toMatch(new RegExp(`<svg [^>]*xml:lang="${language}"`));
        for (const word of LANE_WORDS[language]) expect(run.stdout).toContain(`>${word}<`);
        for (const word of LANE_WORDS[other]) expect(run.stdout).not.toContain(`>${word}<`);
    });

    test('journey lint examples finds what it found, each map\'s messages in its language', async () => {
        const run = await journey(['lint', '--format', 'json', 'examples']);
        expect(run.code).toBe(1);
        const results = JSON.parse(run.stdout) as { filePath: string; messages: { line: number; column: number; ruleId: string; severity: string; message: string }[] }[];
        // Every example is reported, each exactly once.
        expect(results.map(r => relative(REPO, r.filePath)).sort()).toEqual(exampleFiles);
        const found = results.flatMap(r => r.messages.map(m => `${basename(r.filePath)}:${m.line}:${m.column} ${m.ruleId} ${m.severity}`)).sort();
        expect(found).toEqual([
            'broken-references.journey:4:11 duplicate-name error', 'broken-references.journey:5:11 persona-unused warning',
            'broken-references.journey:8:9 stage-empty warning', 'broken-references.journey:8:9 stage-no-goal info',
            'broken-references.journey:10:9 stage-no-goal info', 'broken-references.journey:11:16 touchpoint-no-owner info',
            'broken-references.journey:13:15 unresolved-reference error', 'broken-references.journey:14:21 unresolved-reference error',
            'broken-references.journey:15:15 emotion-range error', 'broken-references.journey:16:12 unresolved-reference error',
            'broken-references.journey:18:16 touchpoint-no-channel warning', 'broken-references.journey:18:16 touchpoint-no-owner info',
            'broken-references.journey:24:25 unresolved-reference error',
            'syntax-errors.journey:10:7 syntax error', 'syntax-errors.journey:12:18 syntax error', 'syntax-errors.journey:14:9 stage-no-goal info',
            'syntax-errors.journey:15:16 touchpoint-no-owner info', 'syntax-errors.journey:16:3 syntax error',
            'media-subscription.journey:41:9 stage-no-goal info', 'media-subscription.journey:65:9 friction-no-opportunity info',
            'retail-ideal.journey:40:9 stage-no-goal info', 'retail-ideal.journey:52:9 stage-no-goal info',
            'taxi-vs-vtc.journey:19:9 friction-no-opportunity info', 'taxi-vs-vtc.journey:45:16 touchpoint-no-owner info'
        ].sort());
        // The French maps' messages are French: "Étape 'Vide' …", not "Stage 'Vide' …".
        const stageNoGoal = results.flatMap(r => r.messages.filter(m => m.ruleId === 'stage-no-goal').map(m => m.message));
        expect(stageNoGoal.length).toBeGreaterThan(0);
        for (const message of stageNoGoal) expect(message).toMatch(/^L'étape '/);
    });
});
