import { DocumentState, URI, type AstNode, type LangiumDocument, type ValidationCategory } from 'langium';
import { appendFileSync, existsSync, readFileSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PassThrough, Writable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import type { Diagnostic } from 'vscode-languageserver';
import { isModel, type Model } from '../language/generated/ast.js';
import type { JourneyCoreServiceSet } from '../language/journey-core-module.js';
import { hasParserErrors, nodeKey, referenceTargets, setWorkspaceJoin, type WorkspaceJoin } from '../language/validation/workspace-facts.js';
import { CliError, type CliIO } from './command.js';
import { findJourneyFiles, IgnoreRules, journeyFilesUnder, walkedWhole, workspaceFilesUnder, workspaceRootOf } from './find-files.js';
import {
    declaresShared, declaresSharedText, loadWorkspace, readText, ShardFileError, sortDiagnostics, STDIN_ARG, type DeclaredFile, type JourneyWorkspace, type WorkspaceOptions, type WorkspaceShard
} from './workspace.js';
import { t, type Locale, type MessageKey } from '../i18n/index.js';
import { localized, type CatalogueMessage } from '../language/localized-messages.js';
import { cliLocale } from './locale.js';
import { undecodableDiagnostic, type Utf8Error } from './utf8.js';
import { journeyCacheFolder } from './elk-cache.js';
import { THRESHOLD_BYTES } from './lint-loader.js';
import { setCommandV8Flags } from './v8-flags.js';

/**
 * `journey lint` on every core: the threads (this one and the workers) first read the
 * files for their declarations only (a map that is one journey from its header, any other
 * parsed with its journey bodies blanked: `JourneyHeaders`, `journeyBodiesBlanked`), each
 * claiming a few files at a time, and share what they found in a first exchange (each
 * thread then indexes every file, and parses blanked the few that are not a lone journey); then each
 * claims the given files a few at a time, in path order, so a thread that starts later (a
 * worker loads its bundle first) or runs slower takes fewer. Each claimed file is parsed,
 * linked and validated at once and dropped, its diagnostics and a few facts kept
 * (`StreamingShard`): the heap holds one map at a time, not the workspace. A file whose
 * checks depend on the rest of the workspace (it declares shared names, a name of it is
 * declared elsewhere too, a reference does not resolve, the parser had to recover it) is
 * kept for the end, when the facts of every shard have come through two exchanges with
 * this thread, so the diagnostics are those of one thread, byte for byte
 * (test/cli/lint-workers.test.ts).
 */

/** Workers beyond this rarely pay: the joins and the blanked copies grow with each. */
const MAX_THREADS = 8;

/** Files a thread claims at a time: few enough to balance the threads, enough to claim rarely. */
const CLAIMED_AT_ONCE = 4;

/**
 * Near the end, one at a time: the threads meet at the first exchange after the last claim, and a thread that
 * claimed a last few files while the other had none left to claim kept it waiting for them.
 */
const CLAIMED_ONE_BY_ONE_AT_THE_END = 8 * CLAIMED_AT_ONCE;

/** Files a thread claims at a time to read for their declarations (about 0.1 ms each). */
const INDEXED_AT_ONCE = 8;

/** The worker's entry point, built beside the CLI's chunks by esbuild.mjs. */
const WORKER_FILE = 'cli-lint-worker.cjs';

export interface LintedDocument {
    readonly path: string;
    readonly diagnostics: readonly Diagnostic[];
    /** The language its messages are in (lint's summary line follows the first file's). */
    readonly locale: Locale;
}

export interface ThreadsChoice {
    /** `--threads N` or `JOURNEY_THREADS`; undefined: decided by the workspace's size. */
    readonly requested?: number;
}

/** What a worker is given. */
export interface LintWorkerData {
    readonly cwd: string;
    readonly env: NodeJS.ProcessEnv;
    /** Every file to lint (one workspace), in path order. */
    readonly files: readonly string[];
    /** Two Int32s shared by every thread: the index in `files` of the next file to claim to lint, then to index. */
    readonly claims: SharedArrayBuffer;
    /**
     * Instead of claiming: this thread lints the files at `seat`, `seat + threads`, ... and indexes the next seat's (tests,
     * through JOURNEY_LINT_DEAL=round-robin, so that every thread lints some files and the
     * joins across threads are exercised whatever the threads' start-up times).
     */
    readonly dealt?: { readonly seat: number, readonly threads: number };
    readonly options: Pick<WorkspaceOptions, 'configFile' | 'workspaceDir' | 'find' | 'messageLocale'>;
    /** The CLI's cache folder, where a worker keeps the lint bundle's code cache (lint-worker.ts); undefined: none. */
    readonly codeCache?: string;
    /**
     * The only files reported (`reportedOfWhole`), when not every file is: the others are linked for what the
     * reported ones need of them (which declarations they use), not checked. Undefined: every file.
     */
    readonly reported?: readonly string[];
}

/** One shard's facts at an exchange. */
export type ShardFacts =
    | { readonly phase: 'declared', readonly declared: DeclaredFile[] }
    | { readonly phase: 'recovered', readonly recovered: string[] }
    | { readonly phase: 'uses', readonly referenced: string[] };

/** Where in the one-thread order something happened: the stage (reading < configuration < the rest), then the file's index. */
type Order = readonly [stage: number, file: number];

/** Messages from a worker. */
export type WorkerMessage =
    | { readonly type: 'facts', readonly facts: ShardFacts }
    | { readonly type: 'done', readonly documents: LintedDocument[], readonly stderr: { readonly order: number, readonly text: string }[] }
    | { readonly type: 'error', readonly message: string, readonly cliError: boolean, readonly exitCode?: number, readonly order?: Order, readonly said?: CliError['said'] };

/** `--threads` / `JOURNEY_THREADS`: a whole number of 1 or more. */
export function parseThreads(value: string | undefined, source: string): number | undefined {
    if (value === undefined || value === '') return undefined;
    if (!/^[1-9]\d*$/.test(value)) throw new CliError(localized('cli.wholeNumberFromOne', { option: source, value }));
    return Number(value);
}

/**
 * Lints on worker threads when that is possible and pays; otherwise resolves to undefined
 * and the caller lints on this thread. When threads were asked for but cannot be used,
 * says why on stderr. `found`: the files of `paths` when the caller has listed them already
 * (findJourneyFiles), so that the workspace is walked once.
 */
export async function lintOnWorkers(paths: readonly string[], io: CliIO, options: WorkspaceOptions, choice: ThreadsChoice, found?: readonly string[]): Promise<LintedDocument[] | undefined> {
    if (choice.requested === 1) return undefined;
    const plan = planShards(paths, io, options, found);
    const workerFile = fileURLToPath(new URL(`./${WORKER_FILE}`, import.meta.url));
    if (typeof plan === 'string' || !existsSync(workerFile)) {
        const reason: CatalogueMessage = typeof plan === 'string' ? { key: plan } : { key: 'cli.oneThread.noWorkerFile', params: { file: WORKER_FILE } };
        const locale = cliLocale(io, options.messageLocale?.explicit);
        if (choice.requested !== undefined) io.stderr.write(`journey lint: ${t(locale, 'cli.lintOneThread', { reason })}\n`);
        return undefined;
    }
    const threads = Math.min(choice.requested ?? Math.min(availableParallelism(), MAX_THREADS), plan.files.length);
    if (choice.requested === undefined && (threads < 2 || !bytesReach(plan.files, THRESHOLD_BYTES))) return undefined;
    if (plan.reported) return reportedOfWhole(plan.files, plan.reported, threads, workerFile, io, options);
    return runWorkers(plan.files, threads, workerFile, io, options);
}

interface Plan {
    /** Every file to lint, in path order: one workspace. */
    readonly files: string[];
    /** Only these are reported, when only some of the workspace was given (`wholeForGiven`); undefined: every file. */
    readonly reported?: ReadonlySet<string>;
}

/**
 * The given files' diagnostics from a lint of their whole workspace on workers (the same as
 * one thread's for them, since that links every file too). Without `--workspace` every map
 * of a workspace uses one configuration (a folder with its own is a workspace of its own),
 * the one the given files use: what the workers say of it on stderr is what one thread says,
 * and is passed on. Under `--workspace` the workspace may hold maps that use a configuration
 * none of the given files uses, which a lint of the given files never reads: undefined, and
 * the caller lints the given files alone on one thread, when the lint says anything on
 * stderr; and with or without, when it stops (a map or a configuration beyond the given
 * files that cannot be read or used is no concern of a lint of the given files; one of
 * theirs is met again on one thread).
 */
async function reportedOfWhole(
    files: readonly string[], reported: ReadonlySet<string>, threads: number, workerFile: string, io: CliIO, options: WorkspaceOptions
): Promise<LintedDocument[] | undefined> {
    let said = false;
    const stderr = options.workspaceDir === undefined ? io.stderr : new Writable({ write(_chunk, _encoding, callback) { said = true; callback(); } });
    let documents: LintedDocument[];
    try {
        documents = await runWorkers(files, threads, workerFile, { ...io, stderr }, options, reported);
    } catch {
        trace(io, 'whole workspace: one thread again (it stopped)');
        return undefined;
    }
    if (said) {
        trace(io, 'whole workspace: one thread again (it said something on stderr)');
        return undefined;
    }
    trace(io, `whole workspace: ${reported.size} of ${files.length} files reported`);
    return documents.filter(document => reported.has(document.path));
}

/**
 * For the tests: the path lint took, a line a step appended to the file JOURNEY_LINT_TRACE
 * names (how many threads and how many of them were started early, whether a lint of the
 * whole workspace was reported or lint went back to one thread), where the output is the
 * same either way.
 */
function trace(io: CliIO, line: string): void {
    if (io.env.JOURNEY_LINT_TRACE) appendFileSync(io.env.JOURNEY_LINT_TRACE, `${line}\n`);
}

/** Why a workspace is linted on one thread (said when threads were asked for). */
type OneThreadReason = Extract<MessageKey, `cli.oneThread.${string}`>;

/**
 * The given files, when they are exactly one workspace (a file's neighbours beyond the
 * given ones, or files of several workspaces, keep the one-thread path and its rules
 * for context files); else why not.
 */
function planShards(paths: readonly string[], io: CliIO, options: WorkspaceOptions, found: readonly string[] | undefined): Plan | OneThreadReason {
    if (paths.includes(STDIN_ARG) || options.stdinFilename !== undefined) return 'cli.oneThread.stdin';
    const args = paths.length > 0 ? paths : ['.'];
    let files: string[];
    try {
        const rules = new IgnoreRules(io.cwd, options.find?.ignorePatterns);
        files = [...(found ?? findJourneyFiles(args, io.cwd, rules, options.find))].sort(comparePaths);
        const root = soleRoot(files, io, options);
        if (root === undefined) return 'cli.oneThread.severalWorkspaces';
        if (!walkedWhole(args, io.cwd, root)) {
            const given = new Set(files);
            const workspaceFiles = options.workspaceDir !== undefined ? journeyFilesUnder(root, rules) : workspaceFilesUnder(root, rules, io.cwd);
            if (workspaceFiles.some(file => !given.has(file))) return wholeForGiven(files, workspaceFiles) ?? 'cli.oneThread.beyondGiven';
        }
    } catch {
        return 'cli.oneThread.notListed';
    }
    if (files.length < 2) return 'cli.oneThread.singleFile';
    return { files };
}

/**
 * The whole workspace, reporting the given files only, when a lint of these alone on one
 * thread would link every map anyway: one of them declares shared names (whether a persona
 * is used depends on every map), and each is one of the workspace's own (not a file named
 * beyond its ignore files, which the rest would not see).
 */
function wholeForGiven(given: readonly string[], workspaceFiles: readonly string[]): Plan | undefined {
    const workspace = new Set(workspaceFiles);
    if (!given.every(file => workspace.has(file)) || !given.some(declaresSharedFile)) return undefined;
    return { files: [...workspaceFiles].sort(comparePaths), reported: new Set(given) };
}

/** Whether the map at `path` declares shared names, as its text tells (the one-thread path reads every map in full then); false when it cannot be read. */
function declaresSharedFile(path: string): boolean {
    try {
        return declaresSharedText(readFileSync(path, 'utf8'));
    } catch {
        return false;
    }
}

/** The one workspace root of `files` (`--workspace`, else each folder's root), or undefined when they are of several. */
function soleRoot(files: readonly string[], io: CliIO, options: WorkspaceOptions): string | undefined {
    if (options.workspaceDir !== undefined) return resolve(io.cwd, options.workspaceDir);
    // Each folder's root once: finding it looks up the tree for a config file and a git root.
    const roots = new Set([...new Set(files.map(file => dirname(file)))].map(folder => workspaceRootOf(folder, io.cwd)));
    return roots.size === 1 ? [...roots][0] : undefined;
}

/** Whether `files` add up to `bytes`: statted only until they do (most of a large workspace need not be). */
function bytesReach(files: readonly string[], bytes: number): boolean {
    let total = 0;
    for (const file of files) {
        total += statSync(file, { throwIfNoEntry: false })?.size ?? 0;
        if (total >= bytes) return true;
    }
    return false;
}

/** One shard's side of the exchanges: a worker thread, or this thread for the first shard. */
interface Participant {
    next(): Promise<WorkerMessage>;
    post(joined: ShardFacts): void;
    stop(): Promise<unknown>;
}

/**
 * Runs one shard on this thread (it has Langium loaded already: one worker fewer to
 * start) and the others on workers, and runs the exchanges: each sends its facts, this
 * thread sends back their union, until every shard is done. An error in any shard stops
 * all; the one a single thread meets first is reported.
 */
async function runWorkers(
    files: readonly string[], threads: number, workerFile: string, io: CliIO, options: WorkspaceOptions, reported?: ReadonlySet<string>
): Promise<LintedDocument[]> {
    const data: LintWorkerData = {
        cwd: io.cwd, env: { ...io.env }, files, claims: new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT),
        options: { configFile: options.configFile, workspaceDir: options.workspaceDir, find: options.find, messageLocale: options.messageLocale },
        codeCache: journeyCacheFolder(io.cwd, io.env), reported: reported && [...reported]
    };
    setCommandV8Flags('lint', data.codeCache);
    // Workers first: this thread's shard then reads and parses without yielding, and a
    // worker created after it started only once that was done (two threads were slower than one).
    const dealt = (seat: number): LintWorkerData => io.env.JOURNEY_LINT_DEAL === 'round-robin' ? { ...data, dealt: { seat, threads } } : data;
    const early = Math.min(idleWorkers.length, threads - 1);
    const workers = Array.from({ length: threads - 1 }, (_, i) => onWorker(workerFile, dealt(i + 1)));
    trace(io, `threads: ${threads} (${early} started early)`);
    const participants = [onThisThread(dealt(0)), ...workers];
    try {
        for (;;) {
            const messages = await Promise.all(participants.map(participant => participant.next()));
            const failed = firstError(messages);
            if (failed) throw failed.cliError ? new CliError(failed.said ?? failed.message, failed.exitCode) : new Error(failed.message);
            if (messages.every(message => message.type === 'done')) {
                // Each shard tells the warnings of the configuration files its maps use: once each, where one thread would.
                const said = messages.flatMap(message => message.type === 'done' ? message.stderr : []).sort((a, b) => a.order - b.order);
                const lines = new Set(said.flatMap(chunk => chunk.text.split(/(?<=\n)/)));
                for (const line of lines) if (line !== '') io.stderr.write(line);
                return messages.flatMap(message => message.type === 'done' ? message.documents : []).sort((a, b) => comparePaths(a.path, b.path));
            }
            const facts = messages.map(message => {
                if (message.type !== 'facts') throw new Error('lint workers out of step');
                return message.facts;
            });
            const joined = joinFacts(facts);
            participants.forEach((participant, seat) => participant.post(withoutOwnTexts(joined, facts[seat])));
        }
    } finally {
        // Not waited for: a worker's heap is torn down while this thread writes the output.
        for (const participant of participants) void participant.stop();
    }
}

/** The error one thread would meet first: a file that cannot be read, else the first file's configuration error, else the first shard's. */
function firstError(messages: readonly WorkerMessage[]): Extract<WorkerMessage, { type: 'error' }> | undefined {
    const errors = messages.filter(message => message.type === 'error');
    const orderOf = (message: Extract<WorkerMessage, { type: 'error' }>): Order => message.order ?? [2, 0];
    return errors.reduce<typeof errors[number] | undefined>((first, error) => {
        if (!first) return error;
        const [a, b] = [orderOf(error), orderOf(first)];
        return a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]) ? error : first;
    }, undefined);
}

/** Workers started before this bundle loaded (lint-loader.ts), given no shard yet. */
const idleWorkers: Worker[] = [];

/** A worker started early (lint-loader.ts): the next shard to run on a worker goes to it, sent as its first message. */
export function offerStartedWorker(worker: Worker): void {
    idleWorkers.push(worker);
    // One that stopped before it was given a shard is given none (and its error is no crash).
    worker.on('error', () => undefined);
    worker.once('exit', () => idleWorkers.includes(worker) && idleWorkers.splice(idleWorkers.indexOf(worker), 1));
}

/** Stops the early workers no shard went to (a small workspace, linted on this thread). */
export function stopIdleWorkers(): void {
    for (const worker of idleWorkers.splice(0)) void worker.terminate();
}

function onWorker(workerFile: string, data: LintWorkerData): Participant {
    const idle = idleWorkers.shift();
    const worker = idle ?? new Worker(workerFile, { workerData: data });
    // Started unreferenced, so that one given no shard never holds the process: this one is waited for now.
    idle?.ref();
    idle?.postMessage(data);
    const mailbox = new Mailbox<WorkerMessage>();
    worker.on('message', (message: WorkerMessage) => mailbox.put(message));
    worker.on('error', error => mailbox.put({ type: 'error', message: error.stack ?? error.message, cliError: false }));
    worker.on('exit', code => mailbox.put({ type: 'error', message: `a lint worker stopped (exit code ${code})`, cliError: false }));
    return { next: () => mailbox.take(), post: joined => worker.postMessage(joined), stop: () => worker.terminate() };
}

function onThisThread(data: LintWorkerData): Participant {
    const outbox = new Mailbox<WorkerMessage>();
    const inbox = new Mailbox<ShardFacts>();
    void lintShard(data, message => outbox.put(message), () => inbox.take());
    // Stopped while waiting for an exchange that will not come (another shard failed): left to the garbage collector.
    return { next: () => outbox.take(), post: joined => inbox.put(joined), stop: async () => undefined };
}

/** Messages in order, each taken once; a taker waits for the next. */
class Mailbox<T> {
    private readonly queue: T[] = [];
    private readonly waiting: ((item: T) => void)[] = [];

    put(item: T): void {
        const taker = this.waiting.shift();
        if (taker) taker(item);
        else this.queue.push(item);
    }

    take(): Promise<T> {
        return this.queue.length > 0 ? Promise.resolve(this.queue.shift()!) : new Promise(resolveItem => this.waiting.push(resolveItem));
    }
}

/**
 * One shard, on a worker (lint-worker.ts) or on this thread: loads the workspace's
 * declarations, lints the files it claims (`StreamingShard`) and sends their diagnostics
 * and what loading said on stderr; an error is sent, not thrown.
 */
export async function lintShard(data: LintWorkerData, send: (message: WorkerMessage) => void, receive: () => Promise<ShardFacts>): Promise<void> {
    const exchange = (facts: ShardFacts) => {
        send({ type: 'facts', facts });
        return receive();
    };
    const next = new Int32Array(data.claims);
    // What loading says on stderr, each with the index of the first file claimed with it (its place on one thread).
    let claimedAt = 0;
    const said: { order: number, text: string }[] = [];
    let nextDealt = data.dealt?.seat ?? 0;
    const claim = () => {
        if (data.dealt) {
            claimedAt = nextDealt;
            nextDealt += data.dealt.threads;
            return data.files.slice(claimedAt, claimedAt + 1);
        }
        // Claimed by one atomic step: the size read before it only decides how many (a race costs nothing but balance).
        const size = Atomics.load(next, 0) < data.files.length - CLAIMED_ONE_BY_ONE_AT_THE_END ? CLAIMED_AT_ONCE : 1;
        claimedAt = Atomics.add(next, 0, size);
        return data.files.slice(claimedAt, claimedAt + size);
    };
    try {
        const stderr = new Writable({ write(chunk: Buffer, _encoding, callback) { said.push({ order: claimedAt, text: chunk.toString('utf8') }); callback(); } });
        const silent = new Writable({ write(_chunk, _encoding, callback) { callback(); } });
        const io = { cwd: data.cwd, env: data.env, stdout: silent, stderr, stdin: new PassThrough() };
        const shard = new StreamingShard(data.files, claim, exchange, indexClaims(data, next), data.reported && new Set(data.reported));
        await loadWorkspace([], io, { ...data.options, shard });
        send({ type: 'done', stderr: said, documents: shard.linted() });
    } catch (caught) {
        const error = caught instanceof ShardFileError ? caught.error : caught;
        const order: Order | undefined = caught instanceof ShardFileError ? [caught.stage === 'read' ? 0 : 1, data.files.indexOf(caught.path)] : undefined;
        send(error instanceof CliError
            ? { type: 'error', message: error.message, cliError: true, exitCode: error.exitCode, order, said: error.said }
            : { type: 'error', message: (error as Error).stack ?? String(error), cliError: false, order });
    }
}

/** A thread's claims of files to read for their declarations (indices in `data.files`): from the second shared counter, or dealt. */
function indexClaims(data: LintWorkerData, next: Int32Array): () => readonly number[] {
    if (data.dealt) {
        // Dealt (tests): the files the next thread lints, so that no file is indexed by the thread that lints it.
        const { seat, threads } = data.dealt;
        const dealt = data.files.map((_, file) => file).filter(file => file % threads === (seat + 1) % threads);
        return () => dealt.splice(0);
    }
    return () => {
        const from = Atomics.add(next, 1, INDEXED_AT_ONCE);
        return data.files.slice(from, from + INDEXED_AT_ONCE).map((_, i) => from + i);
    };
}

/** The union of the shards' facts at one exchange, in shard (path) order. */
function joinFacts(facts: readonly ShardFacts[]): ShardFacts {
    if (facts.every(f => f.phase === 'declared')) {
        return { phase: 'declared', declared: facts.flatMap(f => f.phase === 'declared' ? f.declared : []).sort((a, b) => a.file - b.file) };
    }
    if (facts.every(f => f.phase === 'recovered')) {
        return { phase: 'recovered', recovered: facts.flatMap(f => f.phase === 'recovered' ? f.recovered : []) };
    }
    if (facts.every(f => f.phase === 'uses')) {
        return { phase: 'uses', referenced: facts.flatMap(f => f.phase === 'uses' ? f.referenced : []) };
    }
    throw new Error('lint workers out of step');
}

/** The joined facts for a shard: the texts of the files it read itself left out (it kept them; the rest is posted to a worker, copied). */
function withoutOwnTexts(joined: ShardFacts, own: ShardFacts): ShardFacts {
    if (joined.phase !== 'declared' || own.phase !== 'declared') return joined;
    const read = new Set(own.declared.map(found => found.file));
    return { phase: 'declared', declared: joined.declared.map(found => read.has(found.file) && found.kind !== 'unreadable' ? { ...found, text: undefined } : found) };
}

/** A claimed file kept for the end: its text is parsed again then (it was dropped, or never linked). */
interface KeptFile {
    readonly path: string;
    readonly uri: URI;
    readonly text: string;
}

/** What a file linted as it was read leaves behind. */
interface StreamedFile {
    readonly path: string;
    readonly uri: URI;
    /** Undefined for a file that is not reported (not validated). */
    readonly linted?: LintedDocument;
    /** The names its references found in other files: they are found elsewhere if a recovered file declares them. */
    readonly foreignNames: ReadonlySet<string>;
    /** The top-level declarations its references resolve to (whether a shared persona is used). */
    readonly usedDeclarations: readonly AstNode[];
}

/**
 * The lint of one shard (`WorkspaceShard`), streaming: a claimed file is parsed, linked
 * against the workspace's declarations and validated at once, unless its checks depend on
 * the rest of the workspace (`dependsOnWorkspace`); its diagnostics and the shared
 * declarations it uses are kept, the document dropped. At `finish`, the
 * recovered files of every shard are joined; a streamed file that names what a recovered
 * file declares (recovery may export other names than the blanked text) is linted again
 * with the kept ones, after the uses of every shard are joined, as on one thread.
 */
export class StreamingShard implements WorkspaceShard {
    private readonly streamed: StreamedFile[] = [];
    private readonly kept: KeptFile[] = [];
    private readonly recovered: string[] = [];
    private readonly results: LintedDocument[] = [];
    /** One array for every file: the validation registry keeps its checks per categories array. */
    private categories: ValidationCategory[] | undefined;

    /**
     * @param reported the only files whose diagnostics are wanted (undefined: every file's). The others are linked,
     * for the declarations they use, but not validated: nothing of theirs is reported, and no check
     * of a file depends on another file's checks (what a check reads of the workspace comes from the index and the joins).
     */
    constructor(
        readonly files: readonly string[], readonly claim: () => readonly string[], private readonly exchange: (facts: ShardFacts) => Promise<ShardFacts>,
        readonly claimToIndex?: () => readonly number[], private readonly reported?: ReadonlySet<string>
    ) {}

    /** The first exchange, before any file is claimed to lint: what each thread found reading the files it indexed. */
    async shareDeclarations(own: DeclaredFile[]): Promise<readonly DeclaredFile[]> {
        const joined = await this.exchange({ phase: 'declared', declared: own });
        return joined.phase === 'declared' ? joined.declared : [];
    }

    /** The diagnostics of every file of the shard (in no particular order). */
    linted(): LintedDocument[] {
        return this.results;
    }

    async lint(services: JourneyCoreServiceSet, path: string, uri: URI, text: string): Promise<void> {
        const { Journey, shared } = services;
        if (this.categories === undefined) {
            this.categories = [...Journey.validation.ValidationRegistry.getAllValidationCategories(undefined as unknown as LangiumDocument)];
            // The rest of the workspace as streaming sees it: nothing recovered, nothing to join (a file that depends on those is kept).
            setWorkspaceJoin(Journey, { recovered: new Set(), referenced: new Set() });
        }
        const document = shared.workspace.LangiumDocumentFactory.fromString<Model>(text, uri);
        if (hasParserErrors(document)) this.recovered.push(uri.toString());
        if (document.parseResult.lexerErrors.length > 0 || hasParserErrors(document) || declaresShared(document)) {
            this.kept.push({ path, uri, text });
            return;
        }
        document.localSymbols = await Journey.references.ScopeComputation.collectLocalSymbols(document);
        document.state = DocumentState.ComputedScopes;
        await Journey.references.Linker.link(document);
        document.state = DocumentState.Linked;
        if (dependsOnWorkspace(Journey, document)) {
            this.kept.push({ path, uri, text });
            return;
        }
        const checked = this.isReported(path);
        const diagnostics = checked ? await Journey.validation.DocumentValidator.validateDocument(document, { categories: this.categories }) : [];
        if (checked) document.state = DocumentState.Validated;
        const foreignNames = new Set<string>();
        const usedDeclarations = new Set<AstNode>();
        const root = document.parseResult.value;
        for (const reference of document.references) {
            const target = 'ref' in reference ? reference.ref : undefined;
            // Another file's names are its top-level ones (what it exports): a target inside a journey is this file's.
            if (!target || !isModel(target.$container) || target.$container === root) continue;
            foreignNames.add(reference.$refText);
            usedDeclarations.add(target);
        }
        this.streamed.push({
            path, uri, foreignNames, usedDeclarations: [...usedDeclarations],
            linted: checked ? { path, diagnostics: sortDiagnostics(diagnostics), locale: Journey.config.MessageLocale.of(uri) } : undefined
        });
    }

    /** Whether the diagnostics of the file at `path` are reported (see the constructor). */
    private isReported(path: string): boolean {
        return this.reported === undefined || this.reported.has(path);
    }

    async finish(services: JourneyCoreServiceSet): Promise<void> {
        const { DocumentBuilder } = services.shared.workspace;
        const joinedRecovered = await this.exchange({ phase: 'recovered', recovered: this.recovered });
        const recovered = new Set(joinedRecovered.phase === 'recovered' ? joinedRecovered.recovered : []);
        const own = new Set(this.kept.map(file => file.uri.toString()));
        // What the recovered files declare, blanked and as the parser recovered them: a streamed file that names any of it is linted again.
        const recoveredNames = this.namesDeclaredIn(services, recovered);
        const fromRecovered = [...recovered].filter(uri => !own.has(uri)).map(uri => {
            const fileUri = URI.parse(uri);
            return replaceDocument(services, fileUri, readText(fileUri.fsPath, fileUri.fsPath));
        });
        const kept = this.kept.map(file => replaceDocument(services, file.uri, file.text));
        await DocumentBuilder.build(sortedByPath([...fromRecovered, ...kept]), { validation: false, eagerLinking: false });
        for (const name of this.namesDeclaredIn(services, recovered)) recoveredNames.add(name);
        const streamed: StreamedFile[] = [];
        const again: LangiumDocument<Model>[] = [];
        for (const file of this.streamed) {
            if (![...file.foreignNames].some(name => recoveredNames.has(name))) {
                streamed.push(file);
                continue;
            }
            const text = readText(file.path, file.path);
            this.kept.push({ path: file.path, uri: file.uri, text });
            again.push(replaceDocument(services, file.uri, text));
        }
        await DocumentBuilder.build(sortedByPath(again), { validation: false, eagerLinking: false });
        const given = sortedByPath([...kept, ...again]);
        await DocumentBuilder.build(given, { validation: false });
        const used = new Set(referencedTopLevel(services, given));
        const targets = new Set(streamed.flatMap(file => file.usedDeclarations));
        for (const target of targets) used.add(nodeKey(services.Journey, target));
        const uses = await this.exchange({ phase: 'uses', referenced: [...used] });
        setWorkspaceJoin(services.Journey, {
            recovered,
            referenced: new Set(uses.phase === 'uses' ? uses.referenced : [])
        } satisfies WorkspaceJoin);
        const paths = new Map(this.kept.map(file => [file.uri.toString(), file.path]));
        const pathOf = (document: LangiumDocument) => paths.get(document.uri.toString()) ?? document.uri.fsPath;
        const checked = given.filter(document => this.isReported(pathOf(document)));
        await DocumentBuilder.build(checked, { validation: true });
        const messageLocale = services.Journey.config.MessageLocale;
        for (const file of streamed) if (file.linted) this.results.push(file.linted);
        for (const document of checked) {
            this.results.push({ path: pathOf(document), diagnostics: sortDiagnostics(document.diagnostics ?? []), locale: messageLocale.of(document.uri) });
        }
    }

    /** A claimed map that is not UTF-8: its one diagnostic, as on one thread (it declares nothing to the others). */
    undecodable(services: JourneyCoreServiceSet, path: string, uri: URI, error: Utf8Error): void {
        const locale = services.Journey.config.MessageLocale.of(uri);
        this.results.push({ path, diagnostics: [undecodableDiagnostic(error, locale)], locale });
    }

    /** The names of what the index holds for these documents. */
    private namesDeclaredIn(services: JourneyCoreServiceSet, uris: ReadonlySet<string>): Set<string> {
        const names = new Set<string>();
        if (uris.size === 0) return names;
        for (const description of services.shared.workspace.IndexManager.allElements()) {
            if (uris.has(description.documentUri.toString())) names.add(description.name);
        }
        return names;
    }
}

/**
 * Whether a linked file's checks depend on more of the workspace than its declarations:
 * a reference that does not resolve (its message looks at every file's names and
 * stages), or a top-level name some other file declares too (which is first depends on
 * which files were recovered).
 */
function dependsOnWorkspace(services: JourneyCoreServiceSet['Journey'], document: LangiumDocument<Model>): boolean {
    if (document.references.some(reference => reference.error !== undefined)) return true;
    const facts = services.validation.WorkspaceFacts;
    return document.parseResult.value.journeys.some(journey => journey.name !== undefined && facts.topLevelNamed(journey.$type, journey.name, journey).length > 1);
}

/** A file's document in place of its blanked one: the same place in the index and in the workspace. */
function replaceDocument(services: JourneyCoreServiceSet, uri: URI, text: string): LangiumDocument<Model> {
    const { LangiumDocuments, LangiumDocumentFactory } = services.shared.workspace;
    LangiumDocuments.deleteDocument(uri);
    const document = LangiumDocumentFactory.fromString<Model>(text, uri);
    LangiumDocuments.addDocument(document);
    return document;
}

function sortedByPath(documents: LangiumDocument<Model>[]): LangiumDocument<Model>[] {
    return [...documents].sort((a, b) => comparePaths(a.uri.fsPath, b.uri.fsPath));
}

/** Keys of the top-level declarations the shard's references resolve to (whether a shared persona is used). */
function referencedTopLevel(services: JourneyCoreServiceSet, given: readonly LangiumDocument[]): string[] {
    // Targets first, keys after: most references go to a few shared declarations, and a key is a path and a URI to build.
    return [...referenceTargets(given)].filter(target => isModel(target.$container)).map(target => nodeKey(services.Journey, target));
}

function comparePaths(a: string, b: string): number {
    return a < b ? -1 : a > b ? 1 : 0;
}

/** The given files' diagnostics and the language they are in, as lint reports them. */
export function lintedDocuments(workspace: JourneyWorkspace): LintedDocument[] {
    const messageLocale = workspace.services.Journey.config.MessageLocale;
    return workspace.documents.map(({ path, document, diagnostics }) => ({ path, diagnostics: [...diagnostics], locale: messageLocale.of(document.uri) }));
}
