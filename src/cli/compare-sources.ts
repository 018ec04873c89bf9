// Where `journey compare` and `journey diff` get their journeys: the ONE place they use the
// CLI's workspace loading (map-io.ts, workspace.ts), so changes there touch only this file.
// Maps in git history are read into an in-memory workspace of their folder at that revision.
import { EmptyFileSystem, type LangiumDocument } from 'langium';
import { URI } from 'vscode-uri';
import { exportModel, type ExportedJourney, type ExportedModel } from '../export/model.js';
import type { Model } from '../language/generated/ast.js';
import { createJourneyCoreServices } from '../language/journey-core-module.js';
import { CliError, type CliIO } from './command.js';
import { loadMap, loadMaps, noSuchJourney, stopAtSyntaxProblem, warnUsedOtherwise } from './map-io.js';
import { decodeUtf8, Utf8Error } from './utf8.js';

export { writeOutput } from './map-io.js';
import { displayPath, loadWorkspace, warnNotUtf8LeftOut } from './workspace.js';
import { findJourneyFiles, IgnoreRules, ofWorkspaceOf } from './find-files.js';
import { JOURNEY_FILE_EXTENSION } from '../language/config.js';
import { DEFAULT_LOCALE } from '../i18n/index.js';
import { localized } from '../language/localized-messages.js';

/** One file's journeys, as the export model. */
export interface LoadedJourneys {
    /** The file as messages and reports name it. */
    readonly shown: string;
    readonly model: ExportedModel;
}

/** A file of the working tree, with the other `.journey` files of its folder (shared names resolve). */
export async function loadJourneyFile(file: string, io: CliIO, warnFor?: string, named?: readonly string[]): Promise<LoadedJourneys> {
    const { document, shown } = await loadMap(file, io, named ? { named } : {}, warnFor);
    return { shown, model: exportModel(document.parseResult.value) };
}

/**
 * A changed file of the working tree that `journey diff` found (git listed it, the user did not name
 * it), with the other `.journey` files of its folder: one that is not UTF-8 is left out with a
 * warning at its file:line:column, as a map a folder or glob gives is (undefined then).
 */
export async function loadFoundJourneyFile(file: string, io: CliIO): Promise<LoadedJourneys | undefined> {
    const [map] = await loadMaps([file], io, { named: [] });
    return map && { shown: map.shown, model: exportModel(map.document.parseResult.value) };
}

/** The file and journey id of `file.journey` or `file.journey#JourneyId`. */
export function parseJourneySpec(spec: string): [file: string, id: string | undefined] {
    const hash = spec.lastIndexOf('#');
    return hash > 0 ? [spec.slice(0, hash), spec.slice(hash + 1)] : [spec, undefined];
}

/** `file.journey` (its only journey) or `file.journey#JourneyId`; `named`, the files of every spec the user gave. */
export async function loadJourneySpec(spec: string, io: CliIO, named?: readonly string[]): Promise<{ shown: string; journey: ExportedJourney }> {
    const [file, id] = parseJourneySpec(spec);
    // Only the compared journey's clamped emotions and unresolved names are warned about (each once: both sides may be of one file).
    const { shown, model } = await loadJourneyFile(file, io, id, named);
    return { shown, journey: pickJourney(shown, model.journeys, id) };
}

function pickJourney(shown: string, journeys: readonly ExportedJourney[], id: string | undefined): ExportedJourney {
    const ids = journeys.map(j => j.id);
    if (id !== undefined) {
        const found = journeys.find(j => j.id === id);
        if (!found) throw noSuchJourney([shown], id, ids);
        return found;
    }
    if (journeys.length === 1) return journeys[0];
    throw new CliError(journeys.length === 0 ? localized('cli.mapHasNoJourney', { file: shown })
        : localized('cli.mapHasJourneys', { file: shown, count: journeys.length, ids: ids.join(', ') }));
}

/**
 * The one `state current` and one `state ideal` journey among the maps under the current
 * folder that belong to its workspace: a folder below with its own journey.config.json (or
 * git root) is a workspace of its own, with its own pair, and is left out.
 */
export async function loadCurrentAndIdeal(io: CliIO): Promise<Array<{ shown: string; journey: ExportedJourney }>> {
    const files = ofWorkspaceOf(findJourneyFiles(['.'], io.cwd, new IgnoreRules(io.cwd)), io.cwd, io.cwd);
    if (files.length === 0) throw new CliError(localized('cli.noWorkspaceMaps', { extension: JOURNEY_FILE_EXTENSION }));
    // The maps were found, not named: one that is not UTF-8 is left out with a warning.
    const workspace = await loadWorkspace(files, io, { validate: false, named: [] });
    type Found = { shown: string; journey: ExportedJourney; warn: () => void };
    const found = { current: [] as Found[], ideal: [] as Found[] };
    for (const { path, document } of workspace.documents) {
        const shown = displayPath(path, io.cwd);
        const locale = workspace.services.Journey.config.MessageLocale.of(document.uri);
        stopAtSyntaxProblem(document, shown, locale);
        for (const journey of exportModel(document.parseResult.value).journeys) {
            const warn = () => warnUsedOtherwise(workspace.services.Journey, document as LangiumDocument<Model>, shown, locale, io, journey.id);
            if (journey.state) found[journey.state].push({ shown, journey, warn });
        }
    }
    for (const state of ['current', 'ideal'] as const) {
        if (found[state].length !== 1) {
            const list = found[state].map(f => `${f.shown}#${f.journey.id}`).join(', ');
            const folder = displayPath(io.cwd, io.cwd) || '.';
            throw new CliError(localized('cli.notOneStateJourney', { state, folder, count: found[state].length, list: list ? ` (${list})` : '' }));
        }
    }
    // Only the two compared journeys' emotions and names are what the report uses.
    found.current[0].warn();
    found.ideal[0].warn();
    return [found.current[0], found.ideal[0]].map(({ shown, journey }) => ({ shown, journey }));
}

/** A file as it was at a revision: its bytes, and how messages name it (`HEAD:maps/a.journey`). */
export interface RevisionFile {
    readonly bytes: Uint8Array;
    readonly shown: string;
}

/**
 * Files as they were at a revision (path → bytes), in a workspace of their own; `wanted` is the
 * file whose model is returned. One that is not UTF-8 is left out with a warning at its
 * `REV:path`:line:column, as a map beside the ones given is in the working tree (undefined
 * when that is `wanted`). A syntax error is reported at `REV:path`:line:column, and so are its
 * emotions used clamped and names that resolve to nothing (warnUsedOtherwise), in English as its syntax error is (the revision's
 * journey.config.json is not read).
 */
export async function loadRevisionJourneys(files: ReadonlyMap<string, RevisionFile>, wanted: string, io: CliIO, shown: string): Promise<LoadedJourneys | undefined> {
    const services = createJourneyCoreServices(EmptyFileSystem);
    const { LangiumDocumentFactory, LangiumDocuments, DocumentBuilder } = services.shared.workspace;
    const documents = [...files].flatMap(([path, file]) => {
        const text = revisionText(file, io);
        if (text === undefined) return [];
        const document = LangiumDocumentFactory.fromString<Model>(text, URI.file(path));
        LangiumDocuments.addDocument(document);
        return [{ path, document }];
    });
    await DocumentBuilder.build(documents.map(d => d.document), { validation: false });
    const document = documents.find(d => d.path === wanted)?.document;
    if (!document) return undefined;
    const shownInErrors = files.get(wanted)!.shown;
    stopAtSyntaxProblem(document, shownInErrors);
    warnUsedOtherwise(services.Journey, document, shownInErrors, DEFAULT_LOCALE, io);
    return { shown, model: exportModel(document.parseResult.value) };
}

/** A file's text at a revision as the working tree's maps are read (without a byte order mark: positions are the editor's); undefined, warned about, when not UTF-8. */
function revisionText(file: RevisionFile, io: CliIO): string | undefined {
    try {
        return decodeUtf8(file.bytes).text;
    } catch (error) {
        if (!(error instanceof Utf8Error)) throw error;
        warnNotUtf8LeftOut(file.shown, error, DEFAULT_LOCALE, io);
        return undefined;
    }
}

/** An absolute path as messages show it (relative to the current folder when inside it). */
export function shownPath(path: string, io: CliIO): string {
    return displayPath(path, io.cwd);
}
