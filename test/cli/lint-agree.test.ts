import { describe, expect, test, vi } from 'vitest';
import type { LintResult } from '../../src/cli/formats/types.js';
import { journey, tempTree } from './run-cli.js';

// Each test lints one small workspace four ways (a lint took up to 11 s on a loaded machine): room for that.
vi.setConfig({ testTimeout: 120_000 });

type Message = LintResult['messages'][number];

/** `journey lint --format json ARGS` in `folder`: the messages of `file`, as `line:column severity rule message`. */
async function messagesOf(folder: string, file: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<string[]> {
    const run = await journey(['lint', '--format', 'json', ...args], { cwd: folder, env: { JOURNEY_LINT_DEAL: 'round-robin', ...env } });
    expect(run.stderr, `lint ${args.join(' ')}`).toBe('');
    const result = (JSON.parse(run.stdout) as LintResult[]).find(r => r.filePath.endsWith(`/${file}`));
    if (!result) throw new Error(`lint ${args.join(' ')} reported nothing of ${file}:\n${run.stdout}`);
    return result.messages.map((m: Message) => `${m.line}:${m.column} ${m.severity} ${m.ruleId} ${m.message}`);
}

/**
 * The messages of `file` linted alone, and expects `lint .` on one thread and on two (files dealt
 * round-robin, so the other files are on the other thread) to give the very same (the README: "`.`
 * reports each map exactly as linting it alone does").
 */
async function agreed(folder: string, file: string): Promise<string[]> {
    const alone = await messagesOf(folder, file, ['--threads', '1', file]);
    expect(await messagesOf(folder, file, ['--threads', '1', '.']), 'lint . on one thread').toEqual(alone);
    expect(await messagesOf(folder, file, ['--threads', '2', '.']), 'lint . on two threads').toEqual(alone);
    return alone;
}

const FRENCH = '{ "locale": "fr" }';
const ENGLISH = '{ "locale": "en" }';

describe('journey lint FILE and journey lint . agree', () => {
    test('a metric in a stage of another file\'s journey of the same name: the same diagnostic, told apart from its own journey', async () => {
        const folder = tempTree({
            'journey.config.json': FRENCH,
            'a.journey': 'journey Ouverture "A" {\n  persona Ines "Inès"\n  stage Souscription "Souscrire" {\n    touchpoint Form "Formulaire" { channel C personas Ines }\n  }\n}\nchannel C "Site" digital\n',
            'b.journey': 'journey Ouverture "B" {\n  persona Ines "Inès"\n  stage Decouverte "Découvrir" {\n    touchpoint Page "Page" { channel C personas Ines }\n  }\n  metric M "Abandon" in Souscription target <= 20%\n}\n'
        });
        const messages = await agreed(folder, 'b.journey');
        // Journey names are shared by the whole workspace: the second Ouverture is a duplicate.
        expect(messages).toContainEqual(expect.stringMatching(/^1:9 error duplicate-name .*'Ouverture'.*a\.journey/));
        // Stages are local to their journey, and of another file only its exports are read: an unknown stage.
        const metric = messages.filter(m => m.startsWith('6:25 '));
        expect(metric).toEqual([expect.stringMatching(/^6:25 error unresolved-reference Étape 'Souscription' introuvable/)]);
    });

    test('a metric in a stage of another journey of the same name in its own file: the two journeys told apart', async () => {
        const folder = tempTree({
            'journey.config.json': ENGLISH,
            'a.journey': [
                'journey Ouverture "A" {', '  stage Souscription "S" { goal "g" }', '}',
                'journey Ouverture "B" {', '  stage Decouverte "D" { goal "g" }', '  metric M "M" in Souscription target 5', '}', ''
            ].join('\n'),
            // A second file, or there is nothing to put on a second thread.
            'z.journey': 'journey Z "Z" {}\n'
        });
        const metric = (await agreed(folder, 'a.journey')).filter(m => m.includes('metric-stage'));
        expect(metric).toEqual(["6:19 error metric-stage 'Souscription' is a stage of journey 'Ouverture' on line 1, not of journey 'Ouverture' on line 4: `in` must name a stage of the metric's own journey (Decouverte)."]);
    });

    test('a file with a syntax error in a journey body declares its journey name in every mode: a duplicate either way', async () => {
        const folder = tempTree({
            'journey.config.json': FRENCH,
            '01-typo.journey': 'journey Ouverture "O" {\n  stage D "D" {\n    touchpiont Page "P" { channel Site }\n  }\n}\n',
            '02-ref.journey': 'journey Ouverture "O" {\n  channel Site "Site" digital\n  stage D "D" { goal "g" touchpoint P { channel Site } }\n}\n'
        });
        const messages = await agreed(folder, '02-ref.journey');
        expect(messages).toContainEqual(expect.stringMatching(/^1:9 error duplicate-name .*'Ouverture'.*01-typo\.journey/));
    });

    test('a file whose journey misses its `}`: the names after it are not declared in any mode', async () => {
        // The brace scanner runs journey A's body to the end of the file; the parser leaves A at the next
        // `journey` and declares B and the team after it. What the file declares is what both agree on.
        const folder = tempTree({
            'journey.config.json': ENGLISH,
            'a.journey': 'journey A "A" {\n  stage S "S" { goal "g" }\njourney B "B" {\n  stage T "T" { goal "g" }\n}\nteam Ops "Ops"\n',
            'z.journey': 'journey Z "Z" {\n  stage S "S" { goal "g" touchpoint P { owner Ops } }\n}\n'
        });
        const messages = await agreed(folder, 'z.journey');
        expect(messages).toContainEqual(expect.stringMatching(/^2:47 error unresolved-reference Unknown team 'Ops'/));
    });

    test('an empty map: a warning at 1:1 in every mode, in the map\'s language', async () => {
        const folder = tempTree({ 'journey.config.json': FRENCH, 'vide.journey': '', 'other.journey': '// nothing yet\n' });
        expect(await agreed(folder, 'vide.journey')).toEqual([expect.stringMatching(/^1:1 warning file-empty Ce fichier ne déclare rien/)]);
        expect(await agreed(folder, 'other.journey')).toEqual([expect.stringMatching(/^1:1 warning file-empty /)]);
    });

    test('a map of shared declarations only is no empty map', async () => {
        const folder = tempTree({ 'journey.config.json': ENGLISH, 'common.journey': 'channel Web "Web" digital\n', 'map.journey': 'journey J "J" {\n  stage S "S" { goal "g" touchpoint P { channel Web owner T emotion 0 } }\n  team T "T"\n}\n' });
        expect((await agreed(folder, 'common.journey')).filter(m => m.includes('file-empty'))).toEqual([]);
    });
});
