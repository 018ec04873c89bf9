// The CLI's own messages (errors, warnings, "wrote …") speak the language lint's diagnostics speak:
// --locale, else the current folder's journey.config.json "locale", else LC_ALL / LC_MESSAGES / LANG.
// Run as a user runs it: bin/journey.js spawned, in a French folder or with LANG=fr_FR.UTF-8.
import { chmodSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanMap, journey, REPO, tempTree } from './run-cli.js';

/** French typography of the catalogue: a no-break space before `:`, a narrow one before `; ! ?`. */
const NBSP = '\u00A0';
const NNBSP = '\u202F';
/** Only LANG asks for a language; whatever the machine running the tests sets is left out. */
const FRENCH_LANG = { LANG: 'fr_FR.UTF-8', LC_ALL: undefined, LC_MESSAGES: undefined };
const ENGLISH_LANG = { LANG: 'C', LC_ALL: undefined, LC_MESSAGES: undefined };

/** A folder whose journey.config.json says French, with `files` in it. */
function frenchFolder(files: Record<string, string> = {}): string {
    return tempTree({ 'journey.config.json': '{ "locale": "fr" }\n', ...files });
}

const TWO_JOURNEYS = cleanMap() + cleanMap().replace('journey Essai "Essai"', 'journey Autre "Autre"');

describe('the CLI in a French folder (journey.config.json "locale": "fr")', () => {
    it('says a missing file in French, the path as typed, exit 2', async () => {
        const run = await journey(['lint', 'absent.journey'], { cwd: frenchFolder(), env: ENGLISH_LANG });
        expect(run.stderr).toBe(`journey lint: fichier ou dossier introuvable${NBSP}: 'absent.journey'\n`);
        expect(run.code).toBe(2);
    });

    it('says an unknown --locale value and an unknown option (with its usage) in French', async () => {
        const folder = frenchFolder({ 'map.journey': cleanMap() });
        const locale = await journey(['render', 'map.journey', '--locale', 'de'], { cwd: folder, env: ENGLISH_LANG });
        expect(locale.stderr).toBe(`journey render: --locale${NBSP}: valeur 'de' inconnue (valeurs possibles${NBSP}: en, fr)\n`);
        expect(locale.code).toBe(2);
        const option = await journey(['export', 'map.journey', '--formt', 'csv'], { cwd: folder, env: ENGLISH_LANG });
        expect(option.stderr).toMatch(new RegExp(`^journey export: option '--formt' inconnue${NNBSP}; vouliez-vous dire '--format'${NNBSP}\\?\\nUtilisation${NBSP}: journey export`));
        expect(option.stderr.endsWith('Lancez `journey export --help` pour les options.\n')).toBe(true);
        expect(option.code).toBe(2);
    });

    it('says an unknown persona in French, with the journey and its personas', async () => {
        const run = await journey(['render', 'map.journey', '--persona', 'Bob'], { cwd: frenchFolder({ 'map.journey': cleanMap() }), env: ENGLISH_LANG });
        expect(run.stderr).toBe(`journey render: --persona${NBSP}: pas de persona 'Bob' dans le parcours Essai (personas${NBSP}: Ana)\n`);
        expect(run.code).toBe(2);
    });

    it('says a map of two journeys rendered to one picture in French', async () => {
        const run = await journey(['render', 'map.journey'], { cwd: frenchFolder({ 'map.journey': TWO_JOURNEYS }), env: ENGLISH_LANG });
        expect(run.stderr).toBe(`journey render: map.journey a 2 parcours (Essai, Autre)${NBSP}: choisissez-en un avec --journey ID, ou donnez un dossier avec -o DIR/\n`);
        expect(run.code).toBe(2);
    });

    it('names the files and folders as the French help does (FROM, TO, DIR: the same words in both languages)', async () => {
        const folder = frenchFolder({ 'map.journey': cleanMap() });
        const run = await journey(['compare', 'map.journey'], { cwd: folder, env: ENGLISH_LANG });
        expect(run.stderr).toMatch(new RegExp(`^journey compare: FROM et TO \\(ou rien\\) étaient attendus, reçu${NBSP}: map\\.journey\n`));
        const help = await journey(['compare', '--help'], { cwd: folder, env: FRENCH_LANG });
        expect(help.stdout).toMatch(/^Utilisation.*journey compare \[FROM TO\]/);
        expect(run.code).toBe(2);
    });

    it('notes each picture written into a folder in French, and writes it', async () => {
        const folder = frenchFolder({ 'map.journey': TWO_JOURNEYS });
        const run = await journey(['render', 'map.journey', '-o', 'out/', '-f', 'svg'], { cwd: folder, env: ENGLISH_LANG });
        expect(run.code).toBe(0);
        const written = run.stderr.split('\n').filter(line => line !== '');
        expect(written).toHaveLength(2);
        for (const line of written) {
            expect(line).toMatch(new RegExp(`^écrit${NBSP}: out/.+\\.svg$`));
            expect(existsSync(join(folder, line.slice(`écrit${NBSP}: `.length)))).toBe(true);
        }
    });

    it('says compare\'s missing current journey in French', async () => {
        const folder = frenchFolder({ 'map.journey': cleanMap() });
        const run = await journey(['compare'], { cwd: folder, env: ENGLISH_LANG });
        // The folder as compare shows it: outside a project (under the system's temporary folder), whole.
        expect(run.stderr).toBe(`journey compare: un seul parcours avec \`state current\` était attendu sous ${folder}, il y en a 0${NBSP}: `
            + 'nommez les deux à comparer, par exemple journey compare a.journey b.journey#Id\n');
        expect(run.code).toBe(2);
    });

    it('frames format\'s syntax error in French around its French detail', async () => {
        const run = await journey(['format', 'map.journey'], { cwd: frenchFolder({ 'map.journey': 'journey Essai "Essai" {\n  stage\n}\n' }), env: ENGLISH_LANG });
        // file:line:column: as in English (editors link it), then the French frame and detail.
        expect(run.stderr).toMatch(new RegExp(`^map\\.journey:\\d+:\\d+: mise en forme impossible${NBSP}: \\S`));
        expect(run.stderr).not.toMatch(/cannot format|expected/i);
        expect(run.code).toBe(2);
    });

    it('lets --locale en speak English in a French folder', async () => {
        const run = await journey(['lint', 'absent.journey', '--locale', 'en'], { cwd: frenchFolder(), env: FRENCH_LANG });
        expect(run.stderr).toBe("journey lint: no such file or folder: 'absent.journey'\n");
        expect(run.code).toBe(2);
    });
});

describe('each command\'s own messages in French (not only those lint shares)', () => {
    const UNFORMATTED = cleanMap().replace('  stage Achat', '     stage Achat');

    it('format says what it formatted and a file not in UTF-8 in French', async () => {
        const folder = frenchFolder({ 'map.journey': UNFORMATTED, 'latin1.journey': 'journey Caf\u00e9 {\n}\n' });
        writeFileSync(join(folder, 'latin1.journey'), Buffer.from('journey Essai "Caf\xe9" {\n}\n', 'latin1'));
        const written = await journey(['format', '--write', 'map.journey'], { cwd: folder, env: ENGLISH_LANG });
        expect(written.stdout).toBe(`mis en forme${NBSP}: map.journey\n`);
        const latin1 = await journey(['format', 'latin1.journey'], { cwd: folder, env: ENGLISH_LANG });
        expect(latin1.stderr).toBe(`latin1.journey:1:19: mise en forme impossible${NBSP}: l'octet 0xE9 n'est pas de l'UTF-8 (enregistrez le fichier en UTF-8)\n`);
        expect(latin1.code).toBe(2);
    });

    it('format and import take --locale, also before the command', async () => {
        const folder = tempTree({ 'map.journey': UNFORMATTED, 'bad.mmd': 'journey\n  title T\n  section S\n    oops\n' });
        const format = await journey(['--locale', 'fr', 'format', '--check', 'map.journey', 'absent.journey'], { cwd: folder, env: ENGLISH_LANG });
        expect(format.stderr).toBe(`journey format: fichier ou dossier introuvable${NBSP}: 'absent.journey'\n`);
        const imported = await journey(['import', 'bad.mmd', '--locale', 'fr'], { cwd: folder, env: ENGLISH_LANG });
        expect(imported.stderr).toBe(`journey import: bad.mmd:4:5: une tâche \`Nom: score: acteurs\`, \`section\` ou \`title\` était attendue, mais on trouve 'oops'\n`);
        expect(imported.code).toBe(1);
        const english = await journey(['import', 'bad.mmd', '--locale', 'en'], { cwd: folder, env: FRENCH_LANG });
        expect(english.stderr).toBe("journey import: bad.mmd:4:5: expected a task `Name: score: actors`, `section` or `title`, found 'oops'\n");
    });

    it('import warns in French', async () => {
        const folder = tempTree({ 'scores.mmd': 'journey\n  title T\n  section S\n    Payer: beaucoup: Ana\n    Partir: 9: Ana\n    Revenir: 2.5: Ana\n' });
        const run = await journey(['import', 'scores.mmd', '-o', 'out.journey'], { cwd: folder, env: FRENCH_LANG });
        expect(run.stderr.split('\n')).toEqual([
            `scores.mmd:4:12: avertissement${NBSP}: le score 'beaucoup' de la tâche 'Payer' n'est pas un nombre${NBSP}: aucune émotion importée`,
            `scores.mmd:5:13: avertissement${NBSP}: le score 9 de la tâche 'Partir' est hors de 1…5${NBSP}: importé comme 5 (émotion 2)`,
            `scores.mmd:6:14: avertissement${NBSP}: le score 2,5 de la tâche 'Revenir' n'est pas un nombre entier${NBSP}: importé comme 3 (émotion 0)`,
            ''
        ]);
        expect(run.code).toBe(0);
    });

    /** Each command line, in a French folder, and the first line it must say. */
    const USAGE_MISTAKES: [string[], string][] = [
        [['lint', '--format', 'xml'], `journey lint: format 'xml' inconnu (formats possibles${NBSP}: stylish|json|sarif|github)`],
        [['lint', '--max-warnings', 'deux'], `journey lint: --max-warnings attend un nombre entier positif ou nul, pas 'deux'`],
        [['lint', '--threads', '0'], `journey lint: --threads attend un nombre entier d'au moins 1, pas '0'`],
        [['export', 'map.journey'], `journey export: --format est requis (json, markdown, csv, mermaid) sauf si -o se termine par .json, .md, .markdown, .csv, .mmd, .mermaid`],
        [['export', 'map.journey', '-f', 'json', '--bom'], `journey export: --bom ne s'applique qu'à --format csv`],
        [['export', 'map.journey', 'autre.journey', '-f', 'json', '--journey', 'Z'], `journey export: les 2 fichiers n'ont pas de parcours 'Z' (parcours${NBSP}: Autre, Essai)`],
        [['diff', '-o', 'diff.gif'], `journey diff: impossible d'écrire un fichier .gif${NBSP}: l'extension de -o désigne le format${NBSP}: .md, .markdown, .json (images${NBSP}: --render DIR)`],
        [['compare', 'map.journey', 'map.journey', '-o', 'x.md', '-f', 'svg'], `journey compare: -o 'x.md' désigne un fichier markdown mais --format vaut svg${NBSP}: donnez à -o un nom en .svg, ou retirez --format`],
        [['render', 'map.journey', '--theme'], `journey render: l'option '--theme' attend une valeur`],
        [['preview', '-'], `journey preview: preview a besoin d'un fichier à surveiller, pas de l'entrée standard`],
        [['preview', 'map.journey', '--port', 'x'], `journey preview: --port attend un nombre de 0 à 65535, pas 'x'`]
    ];
    let mistakesFolder: string | undefined;
    it.each(USAGE_MISTAKES)('says the usage mistake journey %j in French', async (args, expected) => {
        mistakesFolder ??= frenchFolder({ 'map.journey': cleanMap(), 'autre.journey': cleanMap().replace('journey Essai "Essai"', 'journey Autre "Autre"') });
        const run = await journey(args, { cwd: mistakesFolder, env: ENGLISH_LANG });
        expect(run.stderr.split('\n')[0]).toBe(expected);
        expect(run.code).toBe(2);
    });

    it('says a file it cannot write in French, and a map\'s syntax error in the map\'s language, not the folder\'s', async () => {
        const folder = frenchFolder({ 'map.journey': UNFORMATTED, 'en/journey.config.json': '{ "locale": "en" }\n', 'en/broken.journey': 'journey Essai "Essai" {\n  stage\n}\n' });
        chmodSync(join(folder, 'map.journey'), 0o444);
        const readOnly = await journey(['format', '--write', 'map.journey'], { cwd: folder, env: ENGLISH_LANG });
        expect(readOnly.stderr).toBe(`map.journey: écriture impossible${NBSP}: le fichier est en lecture seule\n`);
        const broken = await journey(['export', 'en/broken.journey', '-f', 'json'], { cwd: folder, env: ENGLISH_LANG });
        expect(broken.stderr).toMatch(/^journey export: en\/broken\.journey:2:3: Expected a name after 'stage'/);
        expect(broken.code).toBe(1);
    });
});

/**
 * The first arguments of `new CliError(…)` in `source` that hold a literal text outside a catalogue
 * call (`localized(…)`, `t(…)`) or an explicitly fixed one (`{ fixed: … }`, a map's own words).
 */
function literalCliErrors(source: string): string[] {
    return [...source.matchAll(/new CliError\(/g)]
        .map(match => balanced(source, match.index + match[0].length - 1))
        .filter(argument => /[`'"]/.test(withoutCatalogueCalls(argument)));
}

/** What is inside the bracket at `open` and its match. */
function balanced(text: string, open: number): string {
    const [opening, closing] = text[open] === '{' ? ['{', '}'] : ['(', ')'];
    let depth = 0;
    for (let at = open; at < text.length; at++) {
        depth += text[at] === opening ? 1 : text[at] === closing ? -1 : 0;
        if (depth === 0) return text.slice(open + 1, at);
    }
    return text.slice(open + 1);
}

/** `text` without its `localized(…)` and `t(…)` calls, `{ fixed: … }` objects and comparisons with a literal (`code === 'ENOENT'`). */
function withoutCatalogueCalls(text: string): string {
    text = text.replace(/[!=]==\s*(['"`])[^'"`]*\1/g, '');
    let rest = '';
    for (let at = 0; at < text.length; at++) {
        const call = /^(?:(?<![\w.])(?:localized|t)\(|\{\s*fixed:)/.exec(text.slice(at));
        if (!call) {
            rest += text[at];
            continue;
        }
        const open = at + (call[0].startsWith('{') ? 0 : call[0].length - 1);
        at = open + balanced(text, open).length + 1;
    }
    return rest;
}

describe('the CLI\'s errors come from the catalogue', () => {
    it('no CliError is made from a literal text (it would stay English in a French folder)', () => {
        const folder = join(REPO, 'src/cli');
        const found = readdirSync(folder, { recursive: true, encoding: 'utf8' })
            .filter(file => file.endsWith('.ts'))
            .flatMap(file => literalCliErrors(readFileSync(join(folder, file), 'utf8')).map(argument => `${file}: new CliError(${argument})`));
        expect(found).toEqual([]);
    });
});

describe('the CLI with LANG=fr_FR.UTF-8 (no "locale" in any journey.config.json)', () => {
    it('says a missing file, an unknown --theme and a missing import in French', async () => {
        const folder = tempTree({ 'map.journey': cleanMap() });
        const missing = await journey(['render', 'absent.journey'], { cwd: folder, env: FRENCH_LANG });
        expect(missing.stderr).toBe(`journey render: fichier ou dossier introuvable${NBSP}: 'absent.journey'\n`);
        expect(missing.code).toBe(2);
        const theme = await journey(['render', 'map.journey', '--theme', 'pink'], { cwd: folder, env: FRENCH_LANG });
        expect(theme.stderr).toBe(`journey render: --theme${NBSP}: valeur 'pink' inconnue (valeurs possibles${NBSP}: light, dark)\n`);
        expect(theme.code).toBe(2);
        const mermaid = await journey(['import', 'absent.mmd'], { cwd: folder, env: FRENCH_LANG });
        expect(mermaid.stderr).toBe(`journey import: fichier introuvable${NBSP}: 'absent.mmd'\n`);
        expect(mermaid.code).toBe(2);
    });

    it('says invalid JSON in a configuration in French only, at its line and column', async () => {
        const folder = tempTree({ 'journey.config.json': '{ "locale": }\n', 'map.journey': cleanMap() });
        const run = await journey(['lint'], { cwd: folder, env: FRENCH_LANG });
        expect(run.stderr).toBe(`journey lint: fichier de configuration invalide journey.config.json:1:13${NBSP}: JSON invalide (valeur attendue)\n`);
        expect(run.code).toBe(2);
    });

    it('stays English with LANG=C, byte for byte', async () => {
        const run = await journey(['render', 'map.journey', '--theme', 'pink'], { cwd: tempTree({ 'map.journey': cleanMap() }), env: ENGLISH_LANG });
        expect(run.stderr).toBe("journey render: --theme: unknown value 'pink' (expected light, dark)\n");
        expect(run.code).toBe(2);
    });
});
