// Where `journey compare` and `journey diff` get their journeys: the ONE place they use the
// CLI's workspace loading (map-io.ts, workspace.ts), so changes there touch only this file.
// Maps in git history are read into an in-memory workspace of their folder at that revision.
import { EmptyFileSystem, type LangiumDocument } from 'langium';
import { URI } from 'vscode-uri';
import { exportModel, type ExportedJourney, type ExportedModel } from '../export/model.js';
import type { Model } from '../language/generated/ast.js';
import { withoutByteOrderMark } from '../language/byte-order-mark.js';
import { createJourneyCoreServices } from '../language/journey-core-module.js';
import { CliError, type CliIO } from './command.js';
import { loadMap, noSuchJourney, stopAtSyntaxProblem, warnClampedEmotions } from './map-io.js';

export { writeOutput } from './map-io.js';
import { displayPath, loadWorkspace } from './workspace.js';
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

/** The file and journey id of `file.journey` or `file.journey#JourneyId`. */
export function parseJourneySpec(spec: string): [file: string, id: string | undefined] {
    const hash = spec.lastIndexOf('#');
    return hash > 0 ? [spec.slice(0, hash), spec.slice(hash + 1)] : [spec, undefined];
}

/** `file.journey` (its only journey) or `file.journey#JourneyId`; `named`, the files of every spec the user gave. */
export async function loadJourneySpec(spec: string, io: CliIO, named?: readonly string[]): Promise<{ shown: string; journey: ExportedJourney }> {
    const [file, id] = parseJourneySpec(spec);
    // Only the compared journey's clamped emotions are warned about (each once: both sides may be of one file).
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
            const warn = () => warnClampedEmotions(document as LangiumDocument<Model>, shown, locale, io, journey.id);
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
    // Only the two compared journeys' clamped emotions are what the report uses.
    found.current[0].warn();
    found.ideal[0].warn();
    return [found.current[0], found.ideal[0]].map(({ shown, journey }) => ({ shown, journey }));
}

/**
 * Files as they were at a revision (path → text), in a workspace of their own; `wanted`
 * is the file whose model is returned. A syntax error is reported at `shownInErrors`:line:column,
 * and so are its emotions used clamped (warnClampedEmotions), in English as its syntax error is
 * (the revision's journey.config.json is not read).
 */
export async function loadJourneyTexts(files: ReadonlyMap<string, string>, wanted: string, io: CliIO, shown: string, shownInErrors = shown): Promise<LoadedJourneys> {
    const services = createJourneyCoreServices(EmptyFileSystem);
    const { LangiumDocumentFactory, LangiumDocuments, DocumentBuilder } = services.shared.workspace;
    const documents = [...files].map(([path, text]) => {
        // As the working tree's maps are read (decodeUtf8): without a byte order mark, so positions are the editor's.
        const document = LangiumDocumentFactory.fromString<Model>(withoutByteOrderMark(text), URI.file(path));
        LangiumDocuments.addDocument(document);
        return { path, document };
    });
    await DocumentBuilder.build(documents.map(d => d.document), { validation: false });
    const document = documents.find(d => d.path === wanted)?.document;
    if (!document) throw new Error(`internal: ${shown} was not loaded`);
    stopAtSyntaxProblem(document, shownInErrors);
    warnClampedEmotions(document, shownInErrors, DEFAULT_LOCALE, io);
    return { shown, model: exportModel(document.parseResult.value) };
}

/** An absolute path as messages show it (relative to the current folder when inside it). */
export function shownPath(path: string, io: CliIO): string {
    return displayPath(path, io.cwd);
}
