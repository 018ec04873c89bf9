// The map's language through the real CLI: `"locale"` in journey.config.json, `--locale` over it,
// English by default, and a clear usage error for a language the product does not speak.
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLES, journey, startPreview, tempTree } from '../cli/run-cli.js';
import { CLEAN_EXAMPLES } from '../examples.js';
import { subscribe } from './preview-server.js';

/** The clean examples, side by side (en/bank-loan.journey as bank-loan.journey), in a folder whose journey.config.json says `"locale": locale`. */
function examplesIn(locale: string | undefined): string {
    const files: Record<string, string> = Object.fromEntries(CLEAN_EXAMPLES.map(f => [basename(f), readFileSync(join(EXAMPLES, f), 'utf8')]));
    if (locale) files['journey.config.json'] = JSON.stringify({ locale });
    return tempTree(files);
}

const helpRuns = new Map<string, Promise<string>>();
/** `journey CMD --help`'s output, run once for this file: the two tests of the help's columns read the same run (render's and export's). */
function helpOf(command: string): Promise<string> {
    if (!helpRuns.has(command)) helpRuns.set(command, journey([command, '--help']).then(run => run.stdout));
    return helpRuns.get(command)!;
}

function get(url: string): Promise<string> {
    return new Promise((done, fail) => {
        request(url, response => {
            let body = '';
            response.setEncoding('utf8').on('data', c => { body += c; }).on('end', () => done(body));
        }).on('error', fail).end();
    });
}

describe('the map speaks its locale', () => {
    const french = examplesIn('fr');

    it('journey render with "locale": "fr" in journey.config.json draws a French SVG, lang set; --locale en overrides it', async () => {
        const run = await journey(['render', 'media-subscription.journey'], { cwd: french });
        expect(run.code, run.stderr).toBe(0);
        expect(run.stdout).toMatch(/<svg [^>]*xml:lang="fr" lang="fr"/);
        for (const word of ['Objectif du client', 'Points de contact', 'ÉTAPE 1', 'Responsable\u00a0:', 'État actuel', 'Cible ≥\u00a0']) expect(run.stdout).toContain(word);
        for (const word of ['Customer goal', 'Touchpoints', 'STAGE 1', 'Owner:', 'Current state', 'Target ']) expect(run.stdout).not.toContain(word);

        const english = await journey(['render', 'media-subscription.journey', '--locale', 'en'], { cwd: french });
        expect(english.code, english.stderr).toBe(0);
        expect(english.stdout).toMatch(/<svg [^>]*xml:lang="en"/);
        expect(english.stdout).toContain('Customer goal');
    });

    it('without a config nor --locale, English; --locale fr alone gives French', async () => {
        const plain = examplesIn(undefined);
        const run = await journey(['render', 'bank-loan.journey'], { cwd: plain });
        expect(run.code, run.stderr).toBe(0);
        expect(run.stdout).toContain('Customer goal');
        const fr = await journey(['render', 'bank-loan.journey', '--locale', 'fr'], { cwd: plain });
        expect(fr.stdout).toContain('Objectifs');
        expect(fr.stdout).not.toContain('>Goals<');
    });

    it('a map render, export, format or compare cannot read is said in the messages\' language (LANG), at the same place', async () => {
        const dir = tempTree({ 'carte.journey': 'journey J { stage S { touchpoint T { persona A } } }\n' });
        for (const command of [['render'], ['export', '-f', 'json'], ['format', '--check']]) {
            const english = await journey([...command, 'carte.journey'], { cwd: dir, env: { LANG: 'C', LC_ALL: '', LC_MESSAGES: '' } });
            expect(english.stderr, command[0]).toMatch(/carte\.journey:1:38: (cannot format: )?Unexpected 'persona' in this touchpoint: did you mean 'personas'\?/);
            const french = await journey([...command, 'carte.journey'], { cwd: dir, env: { LANG: 'fr_FR.UTF-8', LC_ALL: '', LC_MESSAGES: '' } });
            expect(french.code, command[0]).toBe(english.code);
            expect(french.stderr, command[0]).toMatch(/carte\.journey:1:38: .*'persona' est inattendu dans ce point de contact.*vouliez-vous dire 'personas'/);
        }
        // compare with no FROM TO reads the folder's workspace: the same message, the same language.
        const compared = await journey(['compare'], { cwd: dir, env: { LANG: 'fr_FR.UTF-8', LC_ALL: '', LC_MESSAGES: '' } });
        expect(compared.code).toBe(1);
        expect(compared.stderr).toMatch(/carte\.journey:1:38: 'persona' est inattendu dans ce point de contact/);
    });

    it('journey render -f html: <html lang="fr"> and the hint in French', async () => {
        const run = await journey(['render', 'media-subscription.journey', '-f', 'html'], { cwd: french });
        expect(run.code, run.stderr).toBe(0);
        expect(run.stdout).toContain('<html lang="fr">');
        expect(run.stdout).toContain('molette');
    });

    it('journey export: Markdown headings and CSV header in the config\'s language', async () => {
        const markdown = await journey(['export', 'media-subscription.journey', '-f', 'markdown'], { cwd: french });
        expect(markdown.code, markdown.stderr).toBe(0);
        expect(markdown.stdout).toContain('## Étapes');
        expect(markdown.stdout).toContain('| Point de contact | Type | Canaux |');
        expect(markdown.stdout).not.toContain('## Stages');
        const csv = await journey(['export', 'media-subscription.journey', '-f', 'csv', '--delimiter', ';'], { cwd: french });
        expect(csv.stdout.split('\r\n')[0]).toBe('parcours;étape;point de contact;type;canaux;personas;émotion;responsable;points de friction;opportunités;sources;émotions par persona;actions du client;coulisses;processus support;suite');
    });

    it('journey export of a French and an English workspace: each journey\'s Markdown in its own language; the CSV, one table, in one', async () => {
        const map = (id: string, label: string) => `journey ${id} "${label}" {\n  stage S "${label} S" {\n    touchpoint T "${label} T" { kind tool emotion 0.5 }\n  }\n}\n`;
        const root = tempTree({
            'fr/journey.config.json': '{ "locale": "fr" }\n', 'fr/achat.journey': map('Achat', 'Acheter'),
            'en/journey.config.json': '{ "locale": "en" }\n', 'en/buy.journey': map('Buy', 'Buying')
        });
        const markdown = await journey(['export', 'fr', 'en', '-f', 'markdown'], { cwd: root });
        expect(markdown.code, markdown.stderr).toBe(0);
        expect(markdown.stderr).toBe('');
        // The maps in path order (en/ before fr/), each journey's report in its map's language.
        const [english, french] = markdown.stdout.split('\n---\n');
        expect(english).toContain('# Buying');
        expect(english).toContain('## Stages');
        expect(english).toContain('| tool |');
        expect(english).toContain('+0.5');
        expect(french).toContain('# Acheter');
        expect(french).toContain('## Étapes');
        expect(french).toContain('| outil |');
        expect(french).toContain('+0,5');
        // --locale is one language for all.
        const forced = await journey(['export', 'fr', 'en', '-f', 'markdown', '--locale', 'en'], { cwd: root });
        expect(forced.stdout).not.toContain('Étapes');
        expect(forced.stdout.match(/## Stages/g)).toHaveLength(2);

        // A CSV is one table: one header row, and one decimal mark for a spreadsheet to read. The first map's language, said.
        const csv = await journey(['export', 'fr', 'en', '-f', 'csv'], { cwd: root });
        expect(csv.code, csv.stderr).toBe(0);
        const rows = csv.stdout.trimEnd().split('\r\n');
        expect(rows[0]).toMatch(/^journey,stage,touchpoint,kind,/);
        expect(rows.slice(1).map(row => row.split(',').slice(0, 4).join(','))).toEqual(['Buying,Buying S,Buying T,tool', 'Acheter,Acheter S,Acheter T,tool']);
        expect(rows.slice(1).every(row => row.includes(',0.5,'))).toBe(true);
        expect(csv.stderr).toBe(`journey export: warning: the maps are in en (${join('en', 'buy.journey')}) and fr (${join('fr', 'achat.journey')}): the CSV is in en, the first map's language (--locale chooses)\n`);
        expect((await journey(['export', 'fr', 'en', '-f', 'csv', '--locale', 'fr'], { cwd: root })).stderr).toBe('');
        // One journey picked: its own language, nothing to say.
        const one = await journey(['export', 'fr', 'en', '-f', 'csv', '--journey', 'Achat'], { cwd: root });
        expect(one.stderr).toBe('');
        const [header, row] = one.stdout.trimEnd().split('\r\n');
        expect(header).toMatch(/^parcours,étape,point de contact,type,/);
        expect(row).toBe('Acheter,Acheter S,Acheter T,outil,,,"0,5",,,,,,,,,');
    });

    it('journey compare and diff: the report and the picture in French', async () => {
        const compare = await journey(['compare', 'banque-actuel.journey', 'banque-cible.journey'], { cwd: french });
        expect(compare.code, compare.stderr).toBe(0);
        expect(compare.stdout).toContain('## Étape par étape');
        expect(compare.stdout).not.toContain('Stage by stage');
        const svg = await journey(['compare', 'banque-actuel.journey', 'banque-cible.journey', '-f', 'svg'], { cwd: french });
        expect(svg.stdout).toMatch(/<svg [^>]*xml:lang="fr"/);
        expect(svg.stdout).toContain('>avant<');
        const english = await journey(['compare', 'banque-actuel.journey', 'banque-cible.journey', '--locale', 'en'], { cwd: french });
        expect(english.stdout).toContain('## Stage by stage');
        const diff = await journey(['diff', 'banque-actuel.journey', 'banque-cible.journey'], { cwd: french });
        expect(diff.code, diff.stderr).toBe(0);
        expect(diff.stdout).toMatch(/^# Cartes de parcours\u00a0: 1 fichier modifié/);
        expect(diff.stdout).toContain('#### Étape par étape');
    });

    it.each([
        ['render', 'media-subscription.journey'], ['export', 'media-subscription.journey', '-f', 'json'],
        ['compare', 'banque-actuel.journey', 'banque-cible.journey'], ['diff', 'banque-actuel.journey', 'banque-cible.journey'],
        ['preview', 'media-subscription.journey', '--no-open']
    ])('journey %s --locale de is a usage error (exit 2) naming the languages', async (...args) => {
        const run = await journey([...args, '--locale', 'de'], { cwd: french });
        expect(run.code).toBe(2);
        // Said in the folder's language, as lint's messages there (test/cli/cli-french.test.ts).
        expect(run.stderr).toContain("--locale\u00A0: valeur 'de' inconnue (valeurs possibles\u00A0: en, fr)");
        expect(run.stdout).toBe('');
    });

    it.each(['render', 'export', 'compare', 'diff', 'preview'])('journey %s --help: the --locale line lines up with the option above it', async command => {
        const lines = (await helpOf(command)).split('\n');
        const at = lines.findIndex(line => line.startsWith('  --locale '));
        const descriptionColumn = (line: string) => /^\s+-\S*(?:,? -+\S+)?(?: \S+)?\s{2,}/.exec(line)![0].length;
        const above = lines.slice(0, at).reverse().find(line => /^\s+-/.test(line))!;
        expect(descriptionColumn(lines[at])).toBe(descriptionColumn(above));
    });

    it.each(['lint', 'render', 'export'])('journey %s --help: the workspace options\' descriptions line up with the options above them', async command => {
        const lines = (await helpOf(command)).split('\n');
        const descriptionColumn = (line: string) => /^\s+-\S*(?:,? -+\S+)?(?: \S+)?\s{2,}/.exec(line)![0].length;
        const at = lines.findIndex(line => line.trimStart().startsWith('--workspace '));
        const above = lines.slice(0, at).reverse().find(line => /^\s+-/.test(line) && /\S\s{2,}\S/.test(line.trim()))!;
        for (const option of ['--workspace ', '--stdin-filename ', '--ignore-pattern ', '--no-error-on-unmatched-pattern']) {
            const i = lines.findIndex(l => l.trimStart().startsWith(option));
            // An option too long for the column has its description on the next line, at the column.
            const column = /\S\s{2,}\S/.test(lines[i].trim()) ? descriptionColumn(lines[i]) : /^\s*/.exec(lines[i + 1])![0].length;
            expect(column, `${command} ${option}`).toBe(descriptionColumn(above));
        }
    });

    it('journey preview serves the page and the map in the config\'s language', async () => {
        const { child, url, exited } = await startPreview('media-subscription.journey', french);
        try {
            const page = await get(url);
            expect(page).toContain('<html lang="fr">');
            expect(page).toContain('<title>Aperçu du parcours</title>');
            const secret = /<meta name="journey-preview-secret" content="([^"]+)">/.exec(page)![1];
            const sse = subscribe(`${url}events?secret=${encodeURIComponent(secret)}`);
            await sse.until(1);
            const [diagram] = sse.events[0].diagrams;
            expect(diagram.options.locale).toBe('fr');
            expect(diagram.lanes.map(l => l.label)).toContain('Objectif du client');
            // The toolbar's options stay the toolbar's: the page gets none it did not set.
            expect(sse.events[0].options).toEqual({});
            sse.close();
        } finally {
            child.kill('SIGINT');
        }
        expect(await exited).toBe(0);
    });
});
