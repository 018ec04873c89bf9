import { DocumentState, UriUtils, URI, type FileSystemProvider, type LangiumSharedCoreServices } from 'langium';
import type { LangiumSharedServices } from 'langium/lsp';
import { getNodeValue, parseTree, printParseErrorCode, findNodeAtLocation, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import { existsSync, realpathSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ALWAYS_ERROR_RULES, findRule, RULES, type RuleId, type RuleSeverity } from './rules.js';
import { configSeverity, SEVERITY_NAMES } from './config-severity.js';
import { closestName } from './validation/closest-name.js';
import { JourneyMapsLanguageMetaData } from './generated/module.js';
import { errorMessage } from '../common/errors.js';
import { CATALOGUES, isLocale, LOCALES, type Locale, type MessageKey, type MessageParams } from '../i18n/index.js';
import { localized } from './localized-messages.js';
import { withoutByteOrderMark } from './byte-order-mark.js';

/**
 * Rule configuration. Severities are merged from
 * the rule table's defaults ← the VS Code setting `journey.rules` ← the nearest
 * `journey.config.json` up the folder tree ← a file set with `useConfigFile`
 * (the CLI's `--config`). The document validator applies them after all checks.
 */

export const CONFIG_FILE_NAME = 'journey.config.json';

/**
 * The folder whose path is walked up for a map's journey.config.json and git root (its project),
 * for the workspace root (src/node/workspace-root.ts, markedRootOf) and the severities alike. A folder
 * reached through a symbolic link belongs to its real folder's project, unless its real folder has none
 * or that project is the one (or the git repository) the link is in: then to the link's project, as if
 * its maps were where the link is (a monorepo package linking a shared folder keeps the package's config).
 */
export function projectFolderOf(folder: string): string {
    const real = realPathOf(folder);
    const spelled = resolve(folder);
    if (real === spelled) return spelled;
    const realProject = projectOf(real);
    if (realProject === undefined) return spelled;
    const linkSide = [projectOf(spelled), nearestMarked(spelled, '.git')];
    return linkSide.some(root => root !== undefined && realPathOf(root) === realProject) ? spelled : real;
}

/** The nearest folder up holding journey.config.json, else the git root, else undefined. */
export function projectOf(folder: string): string | undefined {
    return nearestMarked(folder, CONFIG_FILE_NAME) ?? nearestMarked(folder, '.git');
}

/** The nearest of `folder` and the folders above it holding `name`. */
function nearestMarked(folder: string, name: string): string | undefined {
    for (let current = resolve(folder); ; current = dirname(current)) {
        if (existsSync(join(current, name))) return current;
        if (dirname(current) === current) return undefined;
    }
}

/** The path with symbolic links resolved; as it is when it cannot be (it does not exist). */
function realPathOf(path: string): string {
    try {
        return realpathSync.native(path);
    } catch {
        return resolve(path);
    }
}

/** A map folder's `projectFolderOf`, for a file URI. */
function projectFolder(folder: URI): URI {
    return folder.scheme === 'file' ? URI.file(projectFolderOf(folder.fsPath)) : folder;
}

/** Whether a batch of watched-file events creates or deletes a `.git` (a project's root, when no journey.config.json is above). */
export function touchesGitRoot(changes: readonly { readonly uri: string }[]): boolean {
    return changes.some(change => change.uri.endsWith('/.git'));
}

/** Whether a batch of watched-file events touches a journey.config.json (created, changed or deleted). */
export function touchesConfig(changes: readonly { readonly uri: string }[]): boolean {
    return changes.some(change => change.uri.endsWith(`/${CONFIG_FILE_NAME}`));
}
/** The extension of map files (from langium-config.json, through the generated metadata). */
export const JOURNEY_FILE_EXTENSION = JourneyMapsLanguageMetaData.fileExtensions[0];
/** The VS Code setting section and key: `"journey.rules": { "rule-id": "warning" }`. */
export const SETTINGS_SECTION = 'journey';
export const SETTINGS_RULES_KEY = 'rules';
/** The keys a `journey.config.json` may have. */
const CONFIG_KEYS = ['rules', 'locale', '$schema'];

/** A configuration file that cannot be used; `line` and `column` are 1-based. */
export class ConfigError extends Error {
    constructor(readonly file: string, readonly line: number, readonly column: number, readonly reason: string) {
        super(`${file}:${line}:${column}: ${reason}`);
        this.name = 'ConfigError';
    }
}

/** A setting that is read but has no effect; `line` and `column` are 1-based. */
export interface ConfigWarning {
    readonly line: number;
    readonly column: number;
    readonly reason: string;
}

/** The content of one `journey.config.json`. */
export interface RuleConfig {
    readonly file: string;
    readonly rules: ReadonlyMap<RuleId, RuleSeverity>;
    /** Settings without effect (`"syntax": "off"`): the file is used, these are told to the user. */
    readonly warnings: readonly ConfigWarning[];
    /** `"locale"`: the language of the maps' fixed words and of `journey lint`'s messages. */
    readonly locale?: Locale;
}

/**
 * Reads `{ "rules": { "rule-id": "off|info|warning|error" } }` (comments and
 * trailing commas allowed, as in VS Code settings). Throws `ConfigError` at the
 * offending place for bad JSON, unknown keys, unknown rule ids or bad severities.
 */
export function parseRuleConfig(withBom: string, file: string): RuleConfig {
    // Editors on Windows may save JSON with a byte order mark; it is no part of the content.
    const text = withoutByteOrderMark(withBom);
    const fail = (offset: number, reason: string): never => {
        const { line, column } = lineColumnAt(text, offset);
        throw new ConfigError(file, line, column, reason);
    };
    if (text.length > MAX_CONFIG_CHARS) fail(0, localized('config.tooLarge', { characters: String(text.length), maximum: String(MAX_CONFIG_CHARS) }));
    if (text.trim() === '') fail(0, localized('config.empty'));
    const tooDeep = offsetBeyondDepth(text, MAX_CONFIG_DEPTH);
    if (tooDeep !== undefined) fail(tooDeep, localized('config.tooDeep', { depth: MAX_CONFIG_DEPTH }));
    const errors: ParseError[] = [];
    const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
    if (errors.length > 0) {
        const first = errors[0];
        fail(first.offset, localized('config.invalidJson', { error: describeJsonError(first) }));
    }
    if (!root || root.type !== 'object') return fail(root?.offset ?? 0, localized('config.notObject'));
    for (const property of root.children ?? []) {
        const key = property.children?.[0];
        if (key && !CONFIG_KEYS.includes(String(key.value))) {
            fail(key.offset, localized('config.unknownSetting', { name: String(key.value) }));
        }
    }
    const localeNode = findNodeAtLocation(root, ['locale']);
    const locale: unknown = localeNode && getNodeValue(localeNode);
    if (localeNode && !isLocale(locale)) {
        fail(localeNode.offset, localized('config.badLocale', { locales: { key: 'syntax.or', params: { a: LOCALES.slice(0, -1).map(l => `"${l}"`).join(', '), b: `"${LOCALES.at(-1)}"` } }, value: JSON.stringify(locale) ?? 'undefined' }));
    }
    const withLocale = isLocale(locale) ? { locale } : {};
    const rules = new Map<RuleId, RuleSeverity>();
    const warnings: ConfigWarning[] = [];
    const rulesNode = findNodeAtLocation(root, ['rules']);
    if (!rulesNode) return { file, rules, warnings, ...withLocale };
    if (rulesNode.type !== 'object') return fail(rulesNode.offset, localized('config.rulesNotObject'));
    for (const property of rulesNode.children ?? []) {
        const [key, value] = property.children ?? [];
        if (!key || !value) continue;
        const id = String(key.value);
        const rule = findRule(id);
        if (!rule) fail(key.offset, localized('config.unknownRule', { id, suggestion: suggestRule(id) }));
        const written: unknown = getNodeValue(value as JsonNode);
        const severity = configSeverity(written);
        if (severity === undefined) {
            return fail(value.offset, localized('config.badSeverity', { id, value: JSON.stringify(written) ?? 'undefined', suggestion: suggestSeverity(written) }));
        }
        if (ALWAYS_ERROR_RULES.has(rule!.id) && severity !== 'error') {
            warnings.push({
                ...lineColumnAt(text, value.offset),
                reason: localized('config.cannotTurnOff', { id })
            });
        }
        rules.set(rule!.id, severity);
    }
    return { file, rules, warnings, ...withLocale };
}

/**
 * Limits on a configuration file: a real one holds a few dozen lines, and one that a pull
 * request adds may be hostile (huge, or nested deep enough to overflow the parser's stack).
 */
export const MAX_CONFIG_CHARS = 1_000_000;
export const MAX_CONFIG_DEPTH = 32;

/**
 * Reads and checks a configuration file through Langium's file system. Only a regular
 * file is read: `journey.config.json` linked to /dev/zero or a pipe would never end.
 * Throws `ConfigError`.
 */
export function readConfigFile(path: string | URI, fileSystem: FileSystemProvider): RuleConfig {
    const uri = typeof path === 'string' ? URI.file(path) : path;
    const file = uri.scheme === 'file' ? uri.fsPath : uri.toString();
    let text: string;
    try {
        if (!fileSystem.statSync(uri).isFile) throw new ConfigError(file, 1, 1, localized('config.notRegularFile'));
        // Langium's file system tells no size: a file on disk is measured before it is read.
        const bytes = uri.scheme === 'file' ? statSync(uri.fsPath, { throwIfNoEntry: false })?.size : undefined;
        if (bytes !== undefined && bytes > MAX_CONFIG_CHARS) {
            throw new ConfigError(file, 1, 1, localized('config.tooLargeBytes', { bytes: String(bytes), maximum: String(MAX_CONFIG_CHARS) }));
        }
        text = fileSystem.readFileSync(uri);
    } catch (error) {
        if (error instanceof ConfigError) throw error;
        throw new ConfigError(file, 1, 1, localized('config.cannotRead', { error: errorMessage(error) }));
    }
    return parseRuleConfig(text, file);
}

/** The default severity of every rule, from the rule table. */
export function defaultSeverities(): Map<RuleId, RuleSeverity> {
    return new Map(RULES.map(rule => [rule.id, rule.defaultSeverity]));
}

/** The severities in effect for one document, and the configuration problem if any. */
export interface ResolvedRuleConfig {
    /** Shared by every document under the same configuration: read, never changed. */
    readonly severities: ReadonlyMap<RuleId, RuleSeverity>;
    /** The configuration file that applied, if any. */
    readonly configFile?: string;
    /** A configuration file was found but cannot be used (its rules are ignored). */
    readonly error?: ConfigError;
    /** Settings of the file that applied which have no effect. */
    readonly warnings?: readonly ConfigWarning[];
    /** The `"locale"` of the configuration file that applied. */
    readonly locale?: Locale;
}

/** `Journey.config.RuleSeverities`: the merged rule severities for a document. */
export interface RuleSeverities {
    /** Defaults ← editor setting ← nearest journey.config.json (or the explicit file). */
    severitiesFor(uri: URI): ReadonlyMap<RuleId, RuleSeverity>;
    /** Like `severitiesFor`, plus which file applied and the error of a bad one. */
    resolve(uri: URI): ResolvedRuleConfig;
    /** Use this file for every document instead of the nearest one (the CLI's `--config`); `undefined` goes back to the lookup. Throws `ConfigError`. */
    useConfigFile(path: string | URI | undefined): RuleConfig | undefined;
    /** Re-reads the editor setting (waits until the configuration provider is ready) and re-lints if it changed. */
    refreshEditorRules(): Promise<void>;
    /** Forgets the configuration files read so far (after one changed on disk). */
    clearCache(): void;
}

type ConfigLookup = { config: RuleConfig } | { error: ConfigError } | undefined;

export class DefaultRuleSeverities implements RuleSeverities {
    private readonly fileSystem: FileSystemProvider;
    private readonly shared: LangiumSharedCoreServices & Partial<Pick<LangiumSharedServices, 'lsp'>>;
    private readonly lookupByFolder = new Map<string, ConfigLookup>();
    /**
     * Each map folder's project folder (projectFolder): a `realpath` and a walk per document
     * otherwise, the same for a thousand maps of one folder (some 60 ms of each lint thread).
     * Forgotten with the lookups, and when a `.git` comes or goes; a symbolic link re-pointed
     * meanwhile is seen at the next configuration change (the maps already loaded keep their
     * answers until then anyway: `resolvedByUri`).
     */
    private readonly projectByFolder = new Map<string, URI>();
    private explicitConfig: { config: RuleConfig } | undefined;
    private editorRules = new Map<RuleId, RuleSeverity>();
    /**
     * `resolve`'s answers, per document URI (a build asks several times per document: its checks,
     * its severities, its locale) and per configuration lookup (documents under one config share
     * one merge; so do documents under none, the `undefined` lookup). Forgotten whatever changes an
     * answer: `clearCache`, `useConfigFile`, the setting. The lookups are few (one per configuration
     * file) and held by `lookupByFolder` or `explicitConfig` until the merges are forgotten anyway.
     */
    private resolvedByUri = new WeakMap<URI, ResolvedRuleConfig>();
    private readonly resolvedByLookup = new Map<ConfigLookup, ResolvedRuleConfig>();

    constructor(services: { shared: LangiumSharedCoreServices & Partial<Pick<LangiumSharedServices, 'lsp'>> }) {
        this.shared = services.shared;
        this.fileSystem = services.shared.workspace.FileSystemProvider;
        const configuration = this.shared.workspace.ConfigurationProvider;
        configuration.onConfigurationSectionUpdate(update => {
            if (update.section === SETTINGS_SECTION) this.applyEditorRules(update.configuration?.[SETTINGS_RULES_KEY]);
        });
        // The first settings arrive without an update event (when the client is initialized).
        void configuration.ready.then(() => this.refreshEditorRules());
        // In the language server, an edited journey.config.json re-lints the open workspace.
        if (this.shared.lsp?.Connection) {
            this.shared.lsp.DocumentUpdateHandler.onWatchedFilesChange(params => {
                if (touchesConfig(params.changes)) {
                    this.clearCache();
                    this.revalidateAll();
                } else if (touchesGitRoot(params.changes)) {
                    // A `.git` made or removed may move a linked folder's project (projectFolderOf): found again for the maps to come.
                    this.projectByFolder.clear();
                }
            });
        }
    }

    severitiesFor(uri: URI): ReadonlyMap<RuleId, RuleSeverity> {
        return this.resolve(uri).severities;
    }

    resolve(uri: URI): ResolvedRuleConfig {
        let resolved = this.resolvedByUri.get(uri);
        if (!resolved) {
            resolved = this.resolvedFor(this.explicitConfig ?? this.nearestConfig(uri));
            this.resolvedByUri.set(uri, resolved);
        }
        return resolved;
    }

    /** The merge for one lookup, made once: lookups are shared by all the folders they answer for. */
    private resolvedFor(lookup: ConfigLookup): ResolvedRuleConfig {
        let resolved = this.resolvedByLookup.get(lookup);
        if (!resolved) {
            resolved = this.merge(lookup);
            this.resolvedByLookup.set(lookup, resolved);
        }
        return resolved;
    }

    /** Defaults ← editor setting ← the lookup's file. */
    private merge(lookup: ConfigLookup): ResolvedRuleConfig {
        const severities = defaultSeverities();
        for (const [id, severity] of this.editorRules) severities.set(id, severity);
        if (lookup && 'error' in lookup) return { severities, error: lookup.error };
        if (!lookup) return { severities };
        for (const [id, severity] of lookup.config.rules) severities.set(id, severity);
        return { severities, configFile: lookup.config.file, warnings: lookup.config.warnings, ...(lookup.config.locale && { locale: lookup.config.locale }) };
    }

    private forgetResolved(): void {
        this.resolvedByUri = new WeakMap();
        this.resolvedByLookup.clear();
    }

    useConfigFile(path: string | URI | undefined): RuleConfig | undefined {
        this.explicitConfig = path === undefined ? undefined : { config: readConfigFile(path, this.fileSystem) };
        this.forgetResolved();
        return this.explicitConfig?.config;
    }

    async refreshEditorRules(): Promise<void> {
        this.applyEditorRules(await this.shared.workspace.ConfigurationProvider.getConfiguration(SETTINGS_SECTION, SETTINGS_RULES_KEY));
    }

    clearCache(): void {
        this.lookupByFolder.clear();
        this.projectByFolder.clear();
        this.forgetResolved();
    }

    /** Runs the checks of every validated document again, so new severities show at once. */
    private revalidateAll(): void {
        const { LangiumDocuments, DocumentBuilder, WorkspaceLock } = this.shared.workspace;
        if (!LangiumDocuments.all.some(document => document.state >= DocumentState.Validated)) return;
        void WorkspaceLock.write(async cancelToken => {
            for (const document of LangiumDocuments.all) DocumentBuilder.resetToState(document, DocumentState.IndexedReferences);
            await DocumentBuilder.update([], [], cancelToken);
        });
    }

    private applyEditorRules(value: unknown): void {
        const before = [...this.editorRules].join();
        this.editorRules = editorRules(value);
        this.forgetResolved();
        if ([...this.editorRules].join() !== before) this.revalidateAll();
    }

    private nearestConfig(uri: URI): ConfigLookup {
        if (uri.scheme === 'untitled') return undefined;
        const visited: string[] = [];
        let folder = this.projectFolderOf(UriUtils.dirname(uri));
        let found: ConfigLookup;
        for (;;) {
            const key = folder.toString();
            if (this.lookupByFolder.has(key)) {
                found = this.lookupByFolder.get(key);
                break;
            }
            visited.push(key);
            found = this.configIn(folder);
            if (found) break;
            const parent = UriUtils.dirname(folder);
            if (parent.path === folder.path) break;
            folder = parent;
        }
        for (const key of visited) this.lookupByFolder.set(key, found);
        return found;
    }

    private projectFolderOf(folder: URI): URI {
        const key = folder.toString();
        let project = this.projectByFolder.get(key);
        if (!project) this.projectByFolder.set(key, project = projectFolder(folder));
        return project;
    }

    private configIn(folder: URI): ConfigLookup {
        const candidate = UriUtils.joinPath(folder, CONFIG_FILE_NAME);
        let exists = false;
        try {
            exists = this.fileSystem.existsSync(candidate);
        } catch {
            exists = false;
        }
        if (!exists) return undefined;
        try {
            return { config: readConfigFile(candidate, this.fileSystem) };
        } catch (error) {
            if (error instanceof ConfigError) return { error };
            throw error;
        }
    }
}

/** Settings come from the editor's JSON schema; entries it would flag are ignored here. */
function editorRules(value: unknown): Map<RuleId, RuleSeverity> {
    const rules = new Map<RuleId, RuleSeverity>();
    if (value && typeof value === 'object') {
        for (const [id, severity] of Object.entries(value)) {
            const rule = findRule(id);
            const read = configSeverity(severity);
            if (rule && read) rules.set(rule.id, read);
        }
    }
    return rules;
}

/** The offset of the first `{` or `[` deeper than `maxDepth`, skipping strings and comments; undefined when within. */
function offsetBeyondDepth(text: string, maxDepth: number): number | undefined {
    let depth = 0;
    for (let i = 0; i < text.length; i++) {
        const char = text[i];
        if (char === '"') {
            for (i++; i < text.length && text[i] !== '"' && text[i] !== '\n'; i++) if (text[i] === '\\') i++;
        } else if (char === '/' && text[i + 1] === '/') {
            while (i < text.length && text[i] !== '\n') i++;
        } else if (char === '/' && text[i + 1] === '*') {
            const end = text.indexOf('*/', i + 2);
            i = end < 0 ? text.length : end + 1;
        } else if (char === '{' || char === '[') {
            if (++depth > maxDepth) return i;
        } else if (char === '}' || char === ']') {
            depth--;
        }
    }
    return undefined;
}

function lineColumnAt(text: string, offset: number): { line: number; column: number } {
    let line = 1;
    let lineStart = 0;
    for (let i = 0; i < offset && i < text.length; i++) {
        if (text.charCodeAt(i) === 10) {
            line++;
            lineStart = i + 1;
        }
    }
    return { line, column: offset - lineStart + 1 };
}

function describeJsonError(error: ParseError): MessageParams[string] {
    const code = printParseErrorCode(error.error);
    // "ValueExpected": the catalogue's `config.json.valueExpected` ("value expected", « valeur attendue »).
    const key = `config.json.${code[0].toLowerCase()}${code.slice(1)}`;
    return key in CATALOGUES.en ? { key: key as MessageKey } : code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

/** ESLint's numbered severities, as someone used to its configuration writes them: the word to write instead. */
const ESLINT_SEVERITY_NUMBERS: ReadonlyMap<unknown, RuleSeverity> = new Map<unknown, RuleSeverity>([[0, 'off'], [1, 'warning'], [2, 'error']]);

/** "did you mean" for an ESLint number or a typo ("warnig"); nothing for a word far from every severity. */
function suggestSeverity(severity: unknown): MessageParams[string] {
    const suggestion = ESLINT_SEVERITY_NUMBERS.get(severity) ?? (typeof severity === 'string' ? closestName(severity, SEVERITY_NAMES) : undefined);
    return suggestion ? { key: 'config.didYouMeanRule', params: { suggestion } } : '';
}

function suggestRule(id: string): MessageParams[string] {
    const suggestion = closestName(id, RULES.map(rule => rule.id));
    return suggestion ? { key: 'config.didYouMeanRule', params: { suggestion } } : { key: 'config.seeRules' };
}
