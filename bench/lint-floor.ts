/**
 * The floor of bench/lint.bench.ts: `node lint-floor.mjs FOLDER` reads FOLDER's maps and parses each
 * with bare Langium (the journey grammar's parser, V8's defaults), each result dropped at once, and
 * prints the wall and CPU milliseconds of that reading and parsing as JSON: the process's start-up
 * and the parser's construction are not the floor's (this script loads every service of the
 * language, unbundled, where the CLI loads a leaner bundle through a code cache). A process of its
 * own per run, as each run of the CLI it is compared with.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EmptyFileSystem } from 'langium';
import { createJourneyServices } from '../src/language/journey-module.js';

const folder = process.argv[2];
if (folder === undefined) throw new Error('usage: node lint-floor.mjs FOLDER');
const parser = createJourneyServices(EmptyFileSystem).Journey.parser.LangiumParser;
const started = performance.now();
const cpu = process.cpuUsage();
for (const name of readdirSync(folder).filter(file => file.endsWith('.journey'))) {
    const result = parser.parse(readFileSync(join(folder, name), 'utf8'));
    if (result.parserErrors.length + result.lexerErrors.length > 0) throw new Error(`${name} does not parse`);
}
const used = process.cpuUsage(cpu);
process.stdout.write(JSON.stringify({ wallMs: performance.now() - started, cpuMs: (used.user + used.system) / 1000 }));
