// The editor side of French as users meet it: `journey lint` in --locale, the config's locale or
// LANG, and a real LSP client over stdio sending `initialize` locale "fr". Rule ids never change
// with the language; no English sentence is left in a French message.
import { afterEach, describe, expect, it } from 'vitest';
import { pathToFileURL } from 'node:url';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CompletionItem, Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { journey, tempTree } from '../cli/run-cli.js';
import { EXAMPLES, INVALID_EXAMPLES } from '../examples.js';
import { startStdioServer, type StdioServer } from '../lsp/stdio-server.js';

/** A map with a touchpoint that has no owner and no emotion, and a stage with no goal. */
const INCOMPLETE = `journey Essai "Essai" {
  persona Ana "Ana"
  channel Web "Web" digital
  stage Achat "Achat" {
    touchpoint Panier "Panier" {
      channel Web
      personas Ana
    }
  }
}
`;

/**
 * English words that French messages never need. The user's names ('…'), code (`…`) and the
 * words French shares with English (persona, segment, info, message, a) are not looked at.
 */
const ENGLISH = /\b(the|is|are|has|have|no|not|with|of|in|to|and|or|an|it|this|found|expected|unexpected|unknown|missing|add|remove|did|you|mean|belongs|stage|touchpoint|journey|channel|team|metric|owner|goal|emotion|friction|opportunity|declare|declared|correct|name|names|keep|only|last|given|more|than|once|line|file|cannot|be|read|number|string|quoted|end|after|before|close|rename|target)\b/i;

function englishWordsIn(message: string): string[] {
    // A quoted name opens after a space; French elisions (l'étape, n'a) are a letter's.
    const prose = message.replace(/(^|[\s(])'[^']*'/g, ' ').replace(/\S*\.journey\b/g, ' ').replace(/`[^`]*`/g, ' ').replace(/"[^"]*"/g, ' ');
    return [...prose.matchAll(new RegExp(ENGLISH.source, 'gi'))].map(m => m[0]);
}

type Message = { ruleId: string; message: string; line: number; column: number; file: string };
const messages = (json: string): Message[] => (JSON.parse(json) as { filePath: string; messages: Omit<Message, 'file'>[] }[])
    .flatMap(r => r.messages.map(m => ({ ...m, file: r.filePath })));

/** No locale from the environment, unless a test gives one. */
const NO_LOCALE = { LANG: 'C', LC_ALL: undefined, LC_MESSAGES: undefined };

/** Each slip makes a map that cannot be read; the message names the fix (test/language/recovery.test.ts, in French). */
const SLIPS: Record<string, string> = {
    'persona-not-personas.journey': INCOMPLETE.replace('personas Ana', 'persona Ana'),
    'label-first.journey': INCOMPLETE.replace('touchpoint Panier "Panier"', 'touchpoint "Panier" Panier'),
    'emotion-in-stage.journey': INCOMPLETE.replace('  stage Achat "Achat" {\n', '  stage Achat "Achat" {\n    emotion -2\n'),
    'missing-brace.journey': INCOMPLETE.replace('stage Achat "Achat" {', 'stage Achat "Achat"'),
    'bad-character.journey': INCOMPLETE.replace('channel Web\n', 'channel Web §\n'),
    'top-level-word.journey': `jurney X "X" {}\n`,
    'open-string.journey': INCOMPLETE.replace('persona Ana "Ana"', 'persona Ana "Ana'),
    'big-number.journey': INCOMPLETE.replace('channel Web\n', 'channel Web\n      emotion 99999999999999999999\n'),
    'suppressions.journey': `// journey-disable stage-no-gaol, syntax\n// journey-disable-nxt-line\n${INCOMPLETE}`,
    'emotions.journey': INCOMPLETE.replace('personas Ana\n', 'personas Ana\n      emotion Bea 1\n      emotion Ana 1\n      emotion Ana 5\n      emotion 1\n      emotion 2\n      owner Ventes\n      owner Ventes\n')
        .replace('  channel Web "Web" digital\n', '  channel Web "Web" digital\n  persona Bea "Béa"\n  team Ventes "Ventes"\n  persona Ana "Ana bis"\n'),
    'metric.journey': INCOMPLETE.replace('  stage Achat', '  metric Taux "Taux" in Panier target 5 actual 3\n  metric Cible "Cible" in Achat actual 3\n  stage Achat'),
    'next.journey': INCOMPLETE.replace('personas Ana\n', 'personas Ana\n      next Retour\n').replace('  stage Achat', '  stage Avant "Avant" {\n    touchpoint Retour "Retour" { channel Web personas Ana }\n  }\n  stage Achat')
        .replace('    }\n  }\n}', '    }\n    touchpoint Seul "Seul" { channel Wbe personas Ana }\n  }\n}')
};

describe('journey lint in the user\'s language', () => {
    it('LANG=fr_FR.UTF-8 over every invalid example: French messages, the same rule ids at the same places, no English left', async () => {
        // Copied out of examples/, whose journey.config.json says "fr" (it would speak French whatever LANG says).
        const files = [...INVALID_EXAMPLES, 'common.journey'];
        const dir = tempTree(Object.fromEntries(files.map(file => [file, readFileSync(join(EXAMPLES, file), 'utf8')])));
        const [en, fr] = await Promise.all([
            journey(['lint', '-f', 'json', ...files], { cwd: dir, env: { ...NO_LOCALE, LANG: 'en_US.UTF-8' } }),
            journey(['lint', '-f', 'json', ...files], { cwd: dir, env: { ...NO_LOCALE, LANG: 'fr_FR.UTF-8' } })
        ]);
        const english = messages(en.stdout), french = messages(fr.stdout);
        expect(english.length).toBeGreaterThan(10);
        expect(french.map(m => [m.file, m.line, m.column, m.ruleId])).toEqual(english.map(m => [m.file, m.line, m.column, m.ruleId]));
        french.forEach((m, i) => {
            expect(m.message, english[i].message).not.toBe(english[i].message);
            expect(englishWordsIn(m.message), m.message).toEqual([]);
        });
        // The English is what it was: the catalogue did not change a word of it.
        expect(english.map(m => m.message)).toContain("Unknown channel 'Webb'. Did you mean 'Web'?");
    });

    it('every syntax error, recovery hint and rule of the slips in French, each with its English counterpart', async () => {
        // One journey name per file: top-level names are shared by the workspace.
        const dir = tempTree(Object.fromEntries(Object.entries(SLIPS).map(([file, text], i) => [file, text.replace('journey Essai "Essai"', `journey Essai${i} "Essai"`)])));
        const [en, fr] = await Promise.all([
            journey(['lint', '-f', 'json', '--locale', 'en', '.'], { cwd: dir, env: NO_LOCALE }),
            journey(['lint', '-f', 'json', '--locale', 'fr', '.'], { cwd: dir, env: NO_LOCALE })
        ]);
        const english = messages(en.stdout), french = messages(fr.stdout);
        expect(french.map(m => [m.file, m.line, m.column, m.ruleId])).toEqual(english.map(m => [m.file, m.line, m.column, m.ruleId]));
        const rules = new Set(french.map(m => m.ruleId));
        for (const rule of ['syntax', 'unresolved-reference', 'duplicate-name', 'emotion-range', 'emotion-persona', 'metric-stage', 'next-backwards', 'unreachable-touchpoint', 'metric-no-target']) {
            expect(rules, rule).toContain(rule);
        }
        french.forEach((m, i) => {
            expect(m.message, english[i].message).not.toBe(english[i].message);
            expect(englishWordsIn(m.message), `${m.message}\n(${english[i].message})`).toEqual([]);
        });
        const said = french.map(m => m.message).join('\n');
        // The recovery hints, in French.
        expect(said).toMatch(/vouliez-vous dire 'personas'\u202F\?/);
        expect(said).toContain('touchpoint Nom "Libellé"');
        expect(said).toContain("'emotion' va dans un point de contact, pas directement dans cette étape.");
        expect(said).toContain("Manque-t-il une '{' après 'stage Achat \"Achat\"'\u202F?");
    });

    it('--locale over the config\'s locale over LC_ALL over LC_MESSAGES over LANG; the summary line too', async () => {
        const dir = tempTree({ 'map.journey': INCOMPLETE });
        const lcAll = await journey(['lint', 'map.journey'], { cwd: dir, env: { ...NO_LOCALE, LC_ALL: 'fr_FR.UTF-8', LANG: 'en_US.UTF-8' } });
        expect(lcAll.stdout).toContain("L'étape 'Achat' n'a pas d'objectif client.");
        expect(lcAll.stdout).toMatch(/✖ 3 problèmes \(0 erreur, 0 avertissement, 3 infos\)/);
        const lcMessages = await journey(['lint', 'map.journey'], { cwd: dir, env: { ...NO_LOCALE, LC_MESSAGES: 'fr_CA', LANG: 'en_US.UTF-8' } });
        expect(lcMessages.stdout).toContain("n'a pas d'objectif client");
        const flag = await journey(['lint', '--locale', 'en', 'map.journey'], { cwd: dir, env: { ...NO_LOCALE, LC_ALL: 'fr_FR.UTF-8' } });
        expect(flag.stdout).toContain("Stage 'Achat' has no customer goal.");
        expect(flag.stdout).toMatch(/✖ 3 problems \(0 errors, 0 warnings, 3 infos\)/);
        const configured = tempTree({ 'map.journey': INCOMPLETE, 'journey.config.json': '{ "locale": "fr" }' });
        const config = await journey(['lint', 'map.journey'], { cwd: configured, env: { ...NO_LOCALE, LANG: 'en_US.UTF-8' } });
        expect(config.stdout).toContain("n'a pas d'objectif client");
        const bad = await journey(['lint', '--locale', 'de', 'map.journey'], { cwd: dir, env: NO_LOCALE });
        expect(bad.code).toBe(2);
        expect(bad.stderr).toContain("--locale: unknown value 'de' (expected en, fr)");
    });

    it('JSON, SARIF and GitHub keep the rule ids; their messages follow the locale (on lint workers too)', async () => {
        const dir = tempTree({ 'a.journey': INCOMPLETE, 'b.journey': INCOMPLETE.replaceAll('Essai', 'Autre').replaceAll('Ana', 'Bea') });
        const threads = await journey(['lint', '-f', 'json', '--threads', '2', '.'], { cwd: dir, env: { ...NO_LOCALE, LANG: 'fr_FR.UTF-8' } });
        expect(messages(threads.stdout).map(m => m.message)).toContain("L'étape 'Achat' n'a pas d'objectif client. Ajoutez `goal \"…\"`\u00A0: ce que le client veut accomplir ici, avec ses mots.");
        const sarif = await journey(['lint', '-f', 'sarif', '--locale', 'fr', 'a.journey'], { cwd: dir, env: NO_LOCALE });
        const results = (JSON.parse(sarif.stdout) as { runs: { results: { ruleId: string; message: { text: string } }[] }[] }).runs[0].results;
        expect(results.map(r => r.ruleId).sort()).toEqual(['stage-no-goal', 'touchpoint-no-emotion', 'touchpoint-no-owner']);
        expect(results.every(r => englishWordsIn(r.message.text).length === 0)).toBe(true);
        const github = await journey(['lint', '-f', 'github', '--locale', 'fr', 'a.journey'], { cwd: dir, env: NO_LOCALE });
        expect(github.stdout).toContain('title=stage-no-goal');
        expect(github.stdout).toContain("n'a pas d'objectif client");
    });
});

describe('the language server in the client\'s locale', () => {
    let server: StdioServer | undefined;
    afterEach(() => server?.stop());

    /** Opens `text` on a server initialized with `locale`, and waits for its first non-empty diagnostics. */
    async function open(text: string, locale: string | undefined, files: Record<string, string> = {}): Promise<{ uri: string; diagnostics: Diagnostic[] }> {
        const dir = tempTree({ 'map.journey': text, ...files });
        server = startStdioServer();
        const uri = pathToFileURL(join(dir, 'map.journey')).toString();
        const published = new Promise<Diagnostic[]>(resolve => server!.connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
            if (params.uri === uri && params.diagnostics.length > 0) resolve(params.diagnostics);
        }));
        const capabilities = { textDocument: { completion: { completionItem: { snippetSupport: true } } } };
        await server.initialize(dir, capabilities, locale ? { locale } : {});
        await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'journey', version: 1, text } });
        const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no diagnostics; stderr:\n${server!.stderr()}`)), 15_000));
        return { uri, diagnostics: await Promise.race([published, timeout]) };
    }

    const request = <T>(method: string, params: object) => server!.connection.sendRequest<T>(method, params);

    it('locale "fr": French diagnostics with the same codes as without a locale', async () => {
        const fr = (await open(INCOMPLETE, 'fr')).diagnostics;
        server!.stop();
        const en = (await open(INCOMPLETE, undefined)).diagnostics;
        expect(fr.map(d => d.code).sort()).toEqual(en.map(d => d.code).sort());
        expect(fr.find(d => d.code === 'stage-no-goal')?.message).toContain("L'étape 'Achat' n'a pas d'objectif client.");
        expect(en.find(d => d.code === 'stage-no-goal')?.message).toContain("Stage 'Achat' has no customer goal.");
        for (const diagnostic of fr) expect(englishWordsIn(diagnostic.message), diagnostic.message).toEqual([]);
    }, 40_000);

    it('locale "fr-CA": a French syntax error (the parser\'s own message) and a French related information', async () => {
        // The duplicate is a real one, before the slip: the slip's own `persona Ana`, read one level up by the recovery, is not one.
        const { diagnostics } = await open(INCOMPLETE.replace('personas Ana', 'persona Ana').replace('  channel Web', '  persona Ana "Encore"\n  channel Web'), 'fr-CA');
        const syntax = diagnostics.find(d => d.code === 'syntax');
        expect(syntax?.message).toMatch(/^'persona' est inattendu dans ce point de contact\u00A0: vouliez-vous dire 'personas'\u202F\?/);
        const duplicate = diagnostics.find(d => d.code === 'duplicate-name');
        expect(duplicate?.relatedInformation?.[0]?.message).toBe("Persona 'Ana' (première déclaration)");
    }, 40_000);

    it('locale "fr": a journey.config.json that cannot be used is said in French, with its reason', async () => {
        const { diagnostics } = await open(INCOMPLETE, 'fr', { 'journey.config.json': '{\n  "rules": { "stage-no-gaol": "off" }\n}\n' });
        expect(diagnostics[0].message).toMatch(/^La configuration des règles .*journey\.config\.json est inutilisable, les sévérités par défaut s'appliquent\u00A0: ligne 2, colonne 14\u00A0: règle "stage-no-gaol" inconnue\u202F; vouliez-vous dire "stage-no-goal"\u202F\?$/);
    }, 40_000);

    it('locale "fr": hovers, completion details and documentation, quick fixes and inlay hints in French', async () => {
        const { uri, diagnostics } = await open(INCOMPLETE, 'fr');
        const noGoal = diagnostics.find(d => d.code === 'stage-no-goal')!;
        const actions = await request<{ title: string }[]>('textDocument/codeAction', { textDocument: { uri }, range: noGoal.range, context: { diagnostics: [noGoal] } });
        expect(actions.map(a => a.title)).toEqual(['Ajouter un objectif']);

        const persona = await request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 11 } });
        expect(persona.contents.value).toContain('Passe par 1 point de contact en 1 étape');
        const stage = await request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri }, position: { line: 3, character: 9 } });
        expect(stage.contents.value).toContain('**Étape** `Achat`');
        expect(stage.contents.value).toContain('1 point de contact\u00A0: `Panier`');
        const keyword = await request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri }, position: { line: 5, character: 8 } });
        expect(keyword.contents.value).toContain('là où il a lieu');

        // After `channel Web` in the touchpoint: keywords with their French docs, then names with their kind.
        const keywords = await request<{ items: CompletionItem[] }>('textDocument/completion', { textDocument: { uri }, position: { line: 6, character: 0 } });
        const owner = keywords.items.find(i => i.label === 'owner' && i.kind === 14);
        expect(owner?.detail).toBe('Mot-clé');
        expect((owner?.documentation as { value: string }).value).toBe("`owner Team`\u00A0: l'équipe responsable du point de contact.");
        const kindValues = await request<{ items: CompletionItem[] }>('textDocument/completion', { textDocument: { uri }, position: { line: 2, character: 20 } });
        expect(kindValues.items.find(i => i.label === 'physical')?.detail).toBe('Valeur\u00A0: nature du canal');
        const names = await request<{ items: CompletionItem[] }>('textDocument/completion', { textDocument: { uri }, position: { line: 6, character: 15 } });
        expect(names.items.find(i => i.label === 'Ana')?.detail).toBe('Persona · Ana');
        const snippets = await request<{ items: CompletionItem[] }>('textDocument/completion', { textDocument: { uri }, position: { line: 8, character: 0 } });
        const snippet = snippets.items.find(i => i.label === 'touchpoint' && i.kind === 15);
        expect(snippet?.detail).toBe('Nouveau point de contact');
        expect(snippet?.insertText).toContain('touchpoint ${1:Nom} "${2:Libellé}"');

        const hints = await request<{ label: string }[]>('textDocument/inlayHint', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 10, character: 0 } } });
        expect(hints.map(h => h.label)).toContain('passe par 1 point de contact en 1 étape');
    }, 40_000);

    it('no client locale, a folder whose journey.config.json says "locale": "fr": a keyword\'s hover in French like the rest', async () => {
        // The keyword's own node belongs to the grammar, not to the map: its locale is the map's.
        const { uri, diagnostics } = await open(INCOMPLETE, undefined, { 'journey.config.json': '{ "locale": "fr" }' });
        expect(diagnostics.find(d => d.code === 'stage-no-goal')?.message).toContain("L'étape 'Achat' n'a pas d'objectif client.");
        const persona = await request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 11 } });
        expect(persona.contents.value).toContain('Passe par 1 point de contact en 1 étape');
        const keyword = await request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri }, position: { line: 5, character: 8 } });
        expect(keyword.contents.value).toContain('là où il a lieu');
        const value = await request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri }, position: { line: 2, character: 21 } });
        expect(value.contents.value).toContain('un canal numérique');
        // `emotion Ana ` typed in the touchpoint: the emotion scale's meanings in French.
        const typing = INCOMPLETE.replace('      personas Ana\n', '      personas Ana\n      emotion Ana \n');
        await server!.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: typing }] });
        const scale = await request<{ items: CompletionItem[] }>('textDocument/completion', { textDocument: { uri }, position: { line: 7, character: 18 } });
        expect(scale.items.find(i => i.label === '-2')?.detail).toBe('très négative');
    }, 40_000);
});
