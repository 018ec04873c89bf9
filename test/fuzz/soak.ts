// `npm run soak`: the built language server (`journey lsp --stdio`) under a long editing
// session. A few example maps are opened, then N random edits (default 100,000) are sent
// with requests interleaved (hover, completion, definition, documentSymbol, formatting,
// journey/diagram). Every request must get an answer or an error reply within the timeout;
// the run prints the edit count, p50/p99 latency and the server's RSS at start and end.
// Bounded by the edit count and --minutes, it stops by itself. At the end each map's last
// diagnostics are compared with those of a fresh server opening its final text. Exit code 1 when
// a request went unanswered or got an error answer, the diagnostics differ, or the server died.
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { DiagramRequest } from '../../src/common/server-protocol.js';
import { startStdioServer } from '../lsp/stdio-server.js';
import { EXAMPLES } from '../examples.js';
import { TOKENS } from './arbitraries.js';

const { values } = parseArgs({
    options: {
        edits: { type: 'string', default: '100000' },
        seed: { type: 'string', default: '42' },
        timeout: { type: 'string', default: '10000' },
        minutes: { type: 'string', default: '120' },
        'requests-every': { type: 'string', default: '8' },
        'check-every': { type: 'string', default: '2500' }
    }
});
const EDITS = Number(values.edits);
const TIMEOUT = Number(values.timeout);
const deadline = Date.now() + Number(values.minutes) * 60_000;
const requestEvery = Number(values['requests-every']);
const checkEvery = Number(values['check-every']);

/** mulberry32: a small seeded PRNG, so a soak run can be repeated. */
let state = Number(values.seed) >>> 0;
function random(): number {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const below = (n: number) => Math.floor(random() * n);

const folder = mkdtempSync(join(tmpdir(), 'journey-soak-'));
cpSync(EXAMPLES, folder, { recursive: true });
const names = ['retail-ideal.journey', 'media-subscription.journey', 'taxi-vs-vtc.journey'];
const docs = names.map(name => {
    const text = readFileSync(join(folder, name), 'utf8');
    return { uri: pathToFileURL(join(folder, name)).toString(), original: text, text, version: 1, typing: undefined as Typing | undefined };
});

const server = startStdioServer(['bin/journey.js', 'lsp', '--stdio']);
let died = false;
void server.exited.then(code => { died = true; console.error(`server exited with ${code}\n${server.stderr().slice(-2000)}`); });

function rss(): number {
    const status = readFileSync(`/proc/${server.child.pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

function positionAt(text: string, offset: number): { line: number; character: number } {
    const before = text.slice(0, offset);
    const line = before.split('\n').length - 1;
    return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

/** Text being typed, one character a keystroke: where the next one goes, and what is left. */
interface Typing {
    at: number;
    rest: string;
}

/** Lines a designer types into a stage: most keystrokes on the way leave a syntax error in that stage. */
const TYPED_LINES = [
    'touchpoint Saisie "Saisie du devis" { channel Web emotion -1 }',
    'friction "Attente au guichet" severity high',
    'opportunity "Rappeler le client"',
    'goal "Comparer les offres"'
];

/**
 * One edit. Often a keystroke of a line typed into a stage block (before its closing `}`) or of a
 * word typed into a string, as the maps are written; else a piece of the language inserted or a run deleted anywhere, or, now and
 * then, the original text again.
 */
function edit(doc: typeof docs[number]): void {
    doc.version++;
    if (below(400) === 0 || doc.text.length > doc.original.length * 2) {
        doc.text = doc.original;
        doc.typing = undefined;
        void server.connection.sendNotification('textDocument/didChange', { textDocument: { uri: doc.uri, version: doc.version }, contentChanges: [{ text: doc.text }] });
        return;
    }
    doc.typing ??= below(2) === 0 ? startTyping(doc.text) : undefined;
    const typing = doc.typing;
    const at = typing ? typing.at : below(doc.text.length + 1);
    const remove = typing ? 0 : below(3) === 0 ? Math.min(doc.text.length - at, 1 + below(20)) : 0;
    const insert = typing ? typing.rest[0] : remove > 0 && below(2) === 0 ? '' : TOKENS[below(TOKENS.length)] + (below(2) === 0 ? ' ' : '');
    if (typing) {
        typing.at++;
        typing.rest = typing.rest.slice(1);
        if (typing.rest === '') doc.typing = undefined;
    }
    const range = { start: positionAt(doc.text, at), end: positionAt(doc.text, at + remove) };
    doc.text = doc.text.slice(0, at) + insert + doc.text.slice(at + remove);
    void server.connection.sendNotification('textDocument/didChange', { textDocument: { uri: doc.uri, version: doc.version }, contentChanges: [{ range, text: insert }] });
}

/** Words typed into a label, a goal, a friction: a map without errors is then edited in place. */
const TYPED_WORDS = ['très ', 'nouveau ', 'à revoir ', 'x'];

/** A line to type before the closing `}` of a random stage block, or a word at the start of a random string of the text. */
function startTyping(text: string): Typing | undefined {
    if (below(2) === 0) {
        const strings = [...text.matchAll(/"[^"\n]*"/g)];
        if (strings.length > 0) return { at: strings[below(strings.length)].index + 1, rest: TYPED_WORDS[below(TYPED_WORDS.length)] };
    }
    const ends = [...text.matchAll(/^( *)stage [^\n]*\{[^]*?^\1\}/gm)].map(match => match.index + match[0].length - 1 - match[1].length);
    if (ends.length === 0) return undefined;
    return { at: ends[below(ends.length)], rest: `  ${TYPED_LINES[below(TYPED_LINES.length)]}\n` };
}

/** The diagnostics a server last published for the maps, once none has changed for 1.5 s (its builds done). */
async function settledDiagnostics(of: ReturnType<typeof startStdioServer>): Promise<string[]> {
    const now = () => docs.map(doc => JSON.stringify(of.diagnostics.get(doc.uri) ?? null));
    let last = now();
    for (let quiet = 0; quiet < 1500; quiet += 100) {
        await new Promise(resolve => setTimeout(resolve, 100));
        const current = now();
        if (current.join() !== last.join()) {
            last = current;
            quiet = 0;
        }
    }
    return last;
}

/**
 * The maps whose last diagnostics differ from those of a fresh server that opens their final texts:
 * the tree edited in place and the stages parsed alone must leave what a whole parse gives.
 */
async function diagnosticsAgainstFreshServer(): Promise<string[]> {
    const edited = await settledDiagnostics(server);
    const fresh = startStdioServer(['bin/journey.js', 'lsp', '--stdio']);
    try {
        await fresh.initialize(folder, {});
        for (const doc of docs) await fresh.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: doc.uri, languageId: 'journey', version: doc.version, text: doc.text } });
        await fresh.waitForDiagnostics(() => docs.every(doc => fresh.diagnostics.has(doc.uri)), 'the final texts built', 60_000);
        const expected = await settledDiagnostics(fresh);
        const diagrams = async (of: ReturnType<typeof startStdioServer>) =>
            Promise.all(docs.map(async doc => JSON.stringify(await of.connection.sendRequest(DiagramRequest, { uri: doc.uri }))));
        const [editedDiagrams, freshDiagrams] = [await diagrams(server), await diagrams(fresh)];
        return docs.flatMap((doc, i) => [
            ...edited[i] === expected[i] ? [] : [`${doc.uri.split('/').pop()} v${doc.version}: diagnostics, edited ${edited[i]}\n  fresh  ${expected[i]}`],
            ...editedDiagrams[i] === freshDiagrams[i] ? [] : [`${doc.uri.split('/').pop()} v${doc.version}: diagram, edited ${editedDiagrams[i].slice(0, 2000)}\n  fresh  ${freshDiagrams[i].slice(0, 2000)}`]
        ]);
    } finally {
        fresh.stop();
    }
}

const METHODS = ['textDocument/hover', 'textDocument/completion', 'textDocument/definition', 'textDocument/documentSymbol', 'textDocument/formatting', 'journey/diagram'] as const;
const latencies: Record<string, number[]> = Object.fromEntries(METHODS.map(m => [m, []]));
let answered = 0;
/** Error answers for a text that changed meanwhile (ContentModified, RequestCancelled): a server's right answer to stale work. */
const STALE_CODES = new Set([-32801, -32800]);
let staleReplies = 0;
/** Any other error answer, as `method: code message` (a failure of the server). */
const errorReplies: string[] = [];
const unanswered: string[] = [];

async function request(doc: typeof docs[number]): Promise<void> {
    const method = METHODS[below(METHODS.length)];
    const textDocument = { uri: doc.uri };
    const position = positionAt(doc.text, below(doc.text.length + 1));
    const params = method === 'journey/diagram' ? { uri: doc.uri }
        : method === 'textDocument/documentSymbol' ? { textDocument }
        : method === 'textDocument/formatting' ? { textDocument, options: { tabSize: 2, insertSpaces: true } }
        : { textDocument, position };
    const started = performance.now();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>(resolve => { timer = setTimeout(() => resolve('timeout'), TIMEOUT); });
    const reply = server.connection.sendRequest(method, params).then(() => 'answer' as const, (error: { code?: number; message?: string }) => {
        if (error.code !== undefined && STALE_CODES.has(error.code)) staleReplies++;
        else errorReplies.push(`${method}: ${error.code ?? ''} ${error.message ?? String(error)} (${doc.uri.split('/').pop()} v${doc.version})`);
        return 'error' as const;
    });
    const outcome = await Promise.race([reply, timeout]);
    clearTimeout(timer);
    if (outcome === 'timeout') unanswered.push(`${method} at edit ${edits} (${doc.uri.split('/').pop()} v${doc.version})`);
    else {
        answered++;
        latencies[method].push(performance.now() - started);
    }
}

const percentile = (values: number[], p: number) => {
    if (values.length === 0) return NaN;
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};

await server.initialize(folder, { textDocument: { completion: { completionItem: { snippetSupport: true } }, hover: {}, documentSymbol: { hierarchicalDocumentSymbolSupport: true } } });
for (const doc of docs) await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: doc.uri, languageId: 'journey', version: doc.version, text: doc.text } });
for (const doc of docs) await request(doc);
const rssStart = rss();
let rssMax = rssStart;
/** The maps whose diagnostics differed from a fresh server's at a check, and when. */
const differing: string[] = [];
const began = Date.now();
let edits = 0;
console.log(`soak: ${EDITS} edits over ${docs.length} open documents, a request every ${requestEvery} edits, ${TIMEOUT} ms timeout; server RSS at start ${rssStart.toFixed(0)} MB`);
while (edits < EDITS && Date.now() < deadline && !died && unanswered.length < 10) {
    const doc = docs[below(docs.length)];
    edit(doc);
    edits++;
    if (edits % requestEvery === 0) await request(doc);
    if (edits % checkEvery === 0) differing.push(...(await diagnosticsAgainstFreshServer()).map(d => `after edit ${edits}: ${d}`));
    if (edits % 5000 === 0) {
        rssMax = Math.max(rssMax, rss());
        console.log(`… ${edits} edits, ${answered} answers, ${unanswered.length} unanswered, RSS ${rss().toFixed(0)} MB, ${((Date.now() - began) / 1000).toFixed(0)} s`);
    }
}
// Let the last builds settle, then one more answer from each document.
for (const doc of docs) await request(doc);
const rssEnd = died ? NaN : rss();
if (!died) differing.push(...(await diagnosticsAgainstFreshServer()).map(d => `at the end: ${d}`));
const all = Object.values(latencies).flat();
console.log(`\nedits: ${edits} in ${((Date.now() - began) / 1000).toFixed(0)} s; requests: ${answered + unanswered.length}, answered ${answered} (${staleReplies} ended as stale, ${errorReplies.length} errors), unanswered ${unanswered.length}`);
console.log(`latency: p50 ${percentile(all, 50).toFixed(1)} ms, p99 ${percentile(all, 99).toFixed(1)} ms, max ${Math.max(...all).toFixed(1)} ms`);
for (const method of METHODS) console.log(`  ${method.padEnd(28)} n=${String(latencies[method].length).padStart(6)}  p50 ${percentile(latencies[method], 50).toFixed(1)} ms  p99 ${percentile(latencies[method], 99).toFixed(1)} ms`);
console.log(`server RSS: start ${rssStart.toFixed(0)} MB, end ${rssEnd.toFixed(0)} MB, max ${Math.max(rssMax, rssEnd || 0).toFixed(0)} MB`);
for (const u of unanswered) console.log(`UNANSWERED ${u}`);
for (const e of errorReplies) console.log(`ERROR ${e}`);
for (const d of differing) console.log(`DIFFERS ${d}`);
console.log(`diagnostics against a fresh server's of the same texts, every ${checkEvery} edits and at the end: ${differing.length === 0 ? 'the same' : `${differing.length} differences`}`);
server.stop();
rmSync(folder, { recursive: true, force: true });
process.exit(died || unanswered.length > 0 || errorReplies.length > 0 || differing.length > 0 ? 1 : 0);
