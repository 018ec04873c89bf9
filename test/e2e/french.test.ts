// VS Code in French, end to end: code-server with a French language pack and the display
// language `fr`, the built .vsix installed as a user would. The palette must show Journey's
// command titles from package.nls.fr.json, the settings editor its setting descriptions from
// there, and the preview's toolbar must speak French (it follows `vscode.env.language`).
//
// The language pack is a fixture (test/e2e/fixtures/vscode-language-pack-fr: a subset of
// microsoft/vscode-loc's French strings), packed and installed here: the real pack comes from
// the Marketplace, which the tests do not reach.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { extensionsDir, installExtension, ROOT } from './code-server.js';
import { openFromExplorer, openWorkbench, reportFailures, runCommand, webview, type Workbench } from './workbench.js';
import { t, type MessageKey } from '../../src/i18n/index.js';

const FILE = 'retail-ideal.journey';
const PACK_DIR = join(ROOT, 'test/e2e/fixtures/vscode-language-pack-fr');
type Catalogue = Record<string, string>;
const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8'));
/** The extension's contributed words, English and French. */
const NLS: Catalogue = readJson(join(ROOT, 'package.nls.json'));
const NLS_FR: Catalogue = readJson(join(ROOT, 'package.nls.fr.json'));
const MANIFEST = readJson(join(ROOT, 'package.json'));
/** VS Code's own French words, as the language pack fixture holds them. */
const VSCODE_FR: Record<string, Catalogue> = readJson(join(PACK_DIR, 'translations/main.i18n.json')).contents;

let workbench: Workbench | undefined;
let page: Page;

reportFailures(() => page);

beforeAll(async () => {
    mkdirSync(join(ROOT, 'test-results'), { recursive: true });
    workbench = await openWorkbench({
        // The copy of examples/ is a French team's folder: its journey.config.json says "locale": "fr",
        // so its maps are French too (the map's own language, beside VS Code's).
        profile: userData => {
            installLanguagePack(userData);
            displayLanguageFrench(userData);
        }
    });
    page = workbench.page;
    // Journey's commands are in the palette while a journey editor is active.
    await openFromExplorer(page, FILE);
});

afterAll(async () => {
    await workbench?.close();
});

/** Packs the language pack fixture and installs it into the profile, as a user installs a pack. */
function installLanguagePack(userData: string): void {
    const packOut = mkdtempSync(join(tmpdir(), 'journey-e2e-pack-'));
    try {
        const pack = join(packOut, 'vscode-language-pack-fr.vsix');
        execFileSync(join(ROOT, 'node_modules/.bin/vsce'), ['package', '--no-dependencies', '--out', pack], { cwd: PACK_DIR, stdio: 'inherit' });
        installExtension(pack, userData);
    } finally {
        rmSync(packOut, { recursive: true, force: true });
    }
}

/**
 * Makes French the display language of this profile, as VS Code's "Configure Display Language"
 * does: `"locale": "fr"` in the runtime arguments (argv.json, which code-server reads as it
 * reads `--locale`), and the installed French pack in languagepacks.json. VS Code writes that
 * file when its server installs a pack; code-server's `--install-extension` runs in a separate
 * CLI process that does not, and without the file `fr` falls back to English.
 */
function displayLanguageFrench(userData: string): void {
    writeFileSync(join(userData, 'User/argv.json'), JSON.stringify({ locale: 'fr' }));
    const pack = readJson(join(PACK_DIR, 'package.json'));
    const id = `${pack.publisher}.${pack.name}`.toLowerCase();
    const installed: { identifier: { id: string }; version: string; relativeLocation: string }[] = readJson(join(extensionsDir(userData), 'extensions.json'));
    const entry = installed.find(extension => extension.identifier.id.toLowerCase() === id);
    if (!entry) throw new Error(`the language pack ${id} is not in ${join(extensionsDir(userData), 'extensions.json')}`);
    const location = join(extensionsDir(userData), entry.relativeLocation);
    const languagePacks = Object.fromEntries(pack.contributes.localizations.map((localization: { languageId: string; localizedLanguageName: string; translations: { id: string; path: string }[] }) => [
        localization.languageId, {
            hash: createHash('md5').update(entry.identifier.id).update(entry.version).digest('hex'),
            extensions: [{ extensionIdentifier: entry.identifier, version: entry.version }],
            translations: Object.fromEntries(localization.translations.map(translation => [translation.id, join(location, translation.path)])),
            label: localization.localizedLanguageName
        }
    ]));
    writeFileSync(join(userData, 'languagepacks.json'), JSON.stringify(languagePacks, null, 2));
}

/** The words VS Code shows for a key of its own, in French. */
function vscodeFr(module: string, key: string): string {
    const text = VSCODE_FR[module]?.[key];
    if (!text) throw new Error(`the language pack fixture has no ${module} ${key}`);
    return text;
}

/** A contributed title or description as VS Code shows it: `%key%` replaced from package.nls[.fr].json. */
function contributed(catalogue: Catalogue, key: string): string {
    const text = catalogue[key];
    if (!text) throw new Error(`package.nls has no ${key}`);
    return text;
}

/** Titles of the palette rows for a query (F1, `>query`), asked again until `expected` shows: contributions register late. */
async function paletteRows(query: string, expected: string): Promise<string[]> {
    const rows = page.locator('.quick-input-list .monaco-list-row');
    const deadline = Date.now() + 60_000;
    for (;;) {
        await page.keyboard.press('F1');
        await page.locator('.quick-input-widget input').fill(`>${query}`);
        try {
            await rows.filter({ hasText: expected }).first().waitFor({ timeout: 5_000 });
            // A row's first line is the title; VS Code in another language than English adds the
            // English title under it (so English queries still match): that line is left out.
            return (await rows.locator('.quick-input-list-row:first-child .label-name').allTextContents()).map(normalize);
        } catch (error) {
            if (Date.now() > deadline) throw error;
            await page.keyboard.press('Escape');
        }
    }
}

function preview(): FrameLocator {
    return webview(page);
}

/** Text as a person reads it: one space for any run of white space (no-break spaces too). */
function normalize(text: string): string {
    return text.replace(/\s+/g, ' ').trim();
}

describe('Journey in VS Code in French', () => {
    test('VS Code itself runs in French', async () => {
        // The workbench's messages come from the pack (English without it), in the page's language `fr`.
        expect(await page.evaluate(() => (globalThis as { _VSCODE_NLS_LANGUAGE?: string })._VSCODE_NLS_LANGUAGE)).toBe('fr');
        await page.keyboard.press('F1');
        const placeholder = vscodeFr('vs/workbench/contrib/quickaccess/browser/quickAccess.contribution', 'commandsQuickAccessPlaceholder');
        await expect.poll(() => page.locator('.quick-input-widget input').getAttribute('placeholder')).toBe(placeholder);
        await page.keyboard.press('Escape');
    });

    test('the command palette shows Journey\'s command titles from package.nls.fr.json', async () => {
        const commands: { command: string; title: string; category?: string }[] = MANIFEST.contributes.commands;
        // Titles and categories are both `%key%` placeholders of the nls files.
        const say = (catalogue: Catalogue, text: string) => contributed(catalogue, text.replace(/^%|%$/g, ''));
        const titles = (catalogue: Catalogue) => commands.map(command =>
            `${command.category ? `${say(catalogue, command.category)}: ` : ''}${say(catalogue, command.title)}`);
        const french = titles(NLS_FR);
        const english = titles(NLS);
        expect(french.filter(title => english.includes(title))).toEqual([]);
        const rows = await paletteRows('Journey', french[0]);
        await page.keyboard.press('Escape');
        for (const title of french) expect(rows).toContain(normalize(title));
        for (const title of english) expect(rows).not.toContain(normalize(title));
    });

    test('the preview\'s toolbar is French, and so is the map of a French folder', async () => {
        await runCommand(page, `Journey: ${contributed(NLS_FR, 'command.openPreviewToSide')}`);
        await preview().locator('#canvas g.card').first().waitFor({ timeout: 30_000 });
        // The extension writes `vscode.env.language` (matched to en|fr) into the page's <html lang>.
        expect(await preview().locator('html').getAttribute('lang')).toBe('fr');
        const toolbar = normalize(await preview().locator('#toolbar').textContent() ?? '');
        const words: MessageKey[] = ['preview.journey', 'preview.rowsBy', 'preview.byChannel', 'preview.lanes', 'preview.fit',
            'preview.exportSvg', 'preview.exportPng', 'preview.allPersonas'];
        for (const key of words) {
            expect(toolbar).toContain(normalize(t('fr', key)));
            if (t('en', key) !== t('fr', key)) expect(toolbar).not.toContain(normalize(t('en', key)));
        }
        // The map inside speaks the folder's language (journey.config.json), not only the toolbar.
        const lanes = normalize(await preview().locator('#canvas').textContent() ?? '');
        for (const key of ['lane.touchpoints', 'lane.goal', 'lane.opportunities'] as MessageKey[]) {
            expect(lanes).toContain(normalize(t('fr', key)));
            expect(lanes).not.toContain(normalize(t('en', key)));
        }
        await page.screenshot({ path: join(ROOT, 'test-results/vscode-fr-preview.png') });
    });

    test('the settings editor shows Journey\'s setting descriptions from package.nls.fr.json', async () => {
        const openSettings = `${vscodeFr('vs/platform/action/common/actionCommonCategories', 'preferences')}: ${vscodeFr('vs/workbench/contrib/preferences/browser/preferences.contribution', 'openSettings2')}`;
        await runCommand(page, openSettings);
        // The settings editor opens over the workbench (a modal editor) or in a tab, titled in French, its search box focused.
        const title = vscodeFr('vs/workbench/services/preferences/common/preferencesEditorInput', 'settingsEditor2InputName');
        await page.locator('.modal-editor-header, .tab.active', { hasText: title }).first().waitFor({ timeout: 30_000 });
        await page.locator('.settings-editor .suggest-input-container .monaco-editor.focused').waitFor();
        await page.keyboard.type(`@ext:${MANIFEST.publisher}.${MANIFEST.name}`);
        const properties: Record<string, { markdownDescription?: string; description?: string }> = MANIFEST.contributes.configuration.properties;
        const count = Object.keys(properties).length;
        // VS Code's own count, in French: "{0} paramètres trouvés".
        const found = vscodeFr('vs/workbench/contrib/preferences/browser/settingsEditor2', 'moreThanOneResult').replace('{0}', String(count));
        await expect.poll(() => page.locator('.settings-count-widget').textContent(), { timeout: 30_000 }).toBe(found);
        const descriptions = (await page.locator('.settings-editor-tree .setting-item-description').allTextContents()).map(normalize);
        for (const setting of Object.values(properties)) {
            const key = (setting.markdownDescription ?? setting.description ?? '').replace(/^%|%$/g, '');
            // Rendered Markdown: `code` shows without its backticks.
            const shown = (catalogue: Catalogue) => normalize(contributed(catalogue, key).replace(/`/g, ''));
            expect(shown(NLS_FR)).not.toBe(shown(NLS));
            expect(descriptions).toContain(shown(NLS_FR));
            expect(descriptions).not.toContain(shown(NLS));
        }
        await page.screenshot({ path: join(ROOT, 'test-results/vscode-fr-settings.png') });
    });
});
