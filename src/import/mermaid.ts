// Mermaid `journey` diagrams → .journey source (`journey import`). Pure: text in, text out.
// Mermaid's journey syntax: `journey`, then `title …`, `section …`, tasks
// `Task name: score: Actor, Actor`, `accTitle: …`, `accDescr: …` or `accDescr { … }`,
// `%%` comments and `%%{…}%%` directives, optional `---` front matter; `#NNN;` entity
// codes stand for characters the syntax reserves (`#58;` is ':').

import { UniqueNames } from '../diagram/unique-names.js';
import { withoutByteOrderMark } from '../language/byte-order-mark.js';
import { localized } from '../language/localized-messages.js';

/**
 * Mermaid's journey grammar in one place (its lexer, journey.jison, is case-insensitive and
 * the first rule that matches wins): what a line can start with besides a task. The importer
 * reads these; the exporter writes a task name that would start one with its first character
 * as an entity code, so that Mermaid still reads a task.
 */
export const MERMAID_STATEMENT_STARTS: readonly RegExp[] = [
    /^journey/i,            // the header; anywhere else a parse error
    /^title\s/i,            // title …
    /^section\s/i,          // section …
    /^accTitle\s*:/i,       // accTitle: …
    /^accDescr\s*[:{]/i,    // accDescr: …  and  accDescr { … }
    /^%%/                   // comment, %%{…}%% directive; `%%` after any other character too
];

/**
 * A comment line the exporter writes before a touchpoint without emotion: Mermaid needs a
 * score (it gets the neutral 3), the importer leaves the emotion out again.
 */
export const NO_EMOTION_COMMENT = '%% no emotion';

export interface MermaidTask {
    name: string;
    /** As written; undefined when the task has no score. */
    score?: number;
    actors: string[];
    line: number;
    /** 1-based column of the score. */
    scoreColumn: number;
}
export interface MermaidSection { name: string; tasks: MermaidTask[]; line: number }
export interface MermaidJourney {
    title?: string;
    accTitle?: string;
    accDescr?: string;
    sections: MermaidSection[];
    /** Line of the `journey` keyword (1-based, in the whole input). */
    line: number;
}

/** Something worth telling the user, at a 1-based line and column of the input. */
export interface ImportMessage { line: number; column: number; message: string }

export class MermaidImportError extends Error {
    constructor(readonly line: number, readonly column: number, readonly reason: string) {
        super(`${line}:${column}: ${reason}`);
    }
}

export interface ImportResult {
    /** The .journey text. */
    source: string;
    warnings: ImportMessage[];
}

/** Every journey of a `.mmd` file or of the ```mermaid blocks of a Markdown file, as one .journey text. */
export function importMermaid(text: string): ImportResult {
    const warnings: ImportMessage[] = [];
    const journeys = diagramBlocks(text).flatMap(block => parseBlock(block, warnings));
    if (journeys.length === 0) throw new MermaidImportError(1, 1, localized('import.noDiagram'));
    return { source: writeJourneys(journeys, warnings), warnings };
}

interface Line { text: string; number: number }

/** The lines of each diagram: the whole file, or each fenced ```mermaid block of a Markdown file. */
function diagramBlocks(text: string): Line[][] {
    const lines = withoutByteOrderMark(text).split(/\r\n|\r|\n/).map((t, i) => ({ text: t, number: i + 1 }));
    const fenced: Line[][] = [];
    let current: Line[] | undefined;
    let fence = '';
    for (const line of lines) {
        if (current === undefined) {
            const open = /^\s{0,3}(`{3,}|~{3,})\s*mermaid\b/i.exec(line.text);
            if (open) { current = []; fence = open[1]; }
        } else if (line.text.trim().startsWith(fence) && line.text.trim().replace(/[`~]/g, '') === '') {
            fenced.push(current);
            current = undefined;
        } else current.push(line);
    }
    if (current) fenced.push(current); // an unclosed fence runs to the end of the file, as in CommonMark
    return fenced.length > 0 ? fenced : [lines];
}

/** One diagram; [] when it is another kind of Mermaid diagram inside Markdown. */
function parseBlock(lines: Line[], warnings: ImportMessage[]): MermaidJourney[] {
    let index = 0;
    const next = () => lines[index++];
    let frontTitle: string | undefined;
    // Skip blank lines and comments before the header, and read YAML front matter's title.
    while (index < lines.length) {
        const trimmed = lines[index].text.trim();
        if (trimmed === '' || trimmed.startsWith('%%')) { index++; continue; }
        if (trimmed === '---') {
            index++;
            while (index < lines.length && lines[index].text.trim() !== '---') {
                const title = /^title:\s*(.*)$/.exec(lines[index].text.trim());
                if (title) frontTitle = unquoteYaml(title[1]);
                index++;
            }
            index++;
            continue;
        }
        break;
    }
    const header = lines[index];
    if (!header) return [];
    const headerMatch = /^\s*(\S+)(.*)$/.exec(header.text)!;
    if (headerMatch[1] !== 'journey') return [];
    index++;
    const journey: MermaidJourney = { sections: [], line: header.number, ...(frontTitle && { title: frontTitle }) };
    let noEmotion = false;
    if (headerMatch[2].trim() !== '') statement(journey, { text: headerMatch[2], number: header.number }, header.text.indexOf(headerMatch[2]), warnings);
    while (index < lines.length) {
        const line = next();
        const trimmed = line.text.trim();
        if (trimmed === NO_EMOTION_COMMENT) { noEmotion = true; continue; }
        if (trimmed === '' || trimmed.startsWith('%%')) continue;
        const multiDescr = /^accDescr\s*\{(.*)$/i.exec(trimmed);
        if (multiDescr) {
            const parts = [multiDescr[1]];
            while (!parts[parts.length - 1].includes('}') && index < lines.length) parts.push(next().text.trim());
            const joined = parts.join(' ');
            journey.accDescr = joined.slice(0, joined.indexOf('}')).trim();
            continue;
        }
        const task = statement(journey, line, line.text.length - line.text.trimStart().length, warnings);
        if (task && noEmotion && task.score === 3) delete task.score;
        noEmotion = false;
    }
    return [journey];
}

/** One statement line; `column` = 0-based offset of its first character. The task it adds, if any. */
function statement(journey: MermaidJourney, line: Line, column: number, warnings: ImportMessage[]): MermaidTask | undefined {
    const text = stripComment(line.text.slice(column)).trim();
    // Case-insensitive, as Mermaid's lexer.
    const keyword = /^(title(?=\s|$)|section(?=\s|$)|accTitle\s*:|accDescr\s*:)\s*(.*)$/i.exec(text);
    if (keyword) {
        const value = decodeEntities(keyword[2].trim());
        switch (keyword[1].replace(/\s*:$/, '').toLowerCase()) {
            case 'title': journey.title = value; return undefined;
            case 'acctitle': journey.accTitle = value; return undefined;
            case 'accdescr': journey.accDescr = value; return undefined;
            case 'section': journey.sections.push({ name: value, tasks: [], line: line.number }); return undefined;
        }
    }
    const colon = text.indexOf(':');
    if (colon < 0) {
        throw new MermaidImportError(line.number, column + 1, localized('import.expectedTask', { text }));
    }
    const name = decodeEntities(text.slice(0, colon).trim());
    if (name === '') throw new MermaidImportError(line.number, column + 1, localized('import.taskNeedsName'));
    const [scoreText = '', actorsText = ''] = text.slice(colon + 1).split(':');
    const afterColon = column + line.text.slice(column).indexOf(':') + 1;
    const scoreColumn = afterColon + (line.text.slice(afterColon).length - line.text.slice(afterColon).trimStart().length) + 1;
    const task: MermaidTask = {
        name,
        actors: actorsText.split(',').map(a => decodeEntities(a.trim())).filter(a => a !== ''),
        line: line.number,
        scoreColumn
    };
    if (scoreText.trim() !== '') {
        const score = Number(scoreText.trim());
        if (Number.isFinite(score)) task.score = score;
        else warnings.push({ line: line.number, column: scoreColumn, message: localized('import.scoreNotNumber', { score: scoreText.trim(), task: name }) });
    }
    if (journey.sections.length === 0) journey.sections.push({ name: '', tasks: [], line: line.number });
    journey.sections[journey.sections.length - 1].tasks.push(task);
    return task;
}

/** `%%` starts a comment anywhere on a line. */
function stripComment(text: string): string {
    const at = text.indexOf('%%');
    return at < 0 ? text : text.slice(0, at);
}

/** Mermaid's entity codes: `#58;` (decimal) and a few names; anything else stays as written. */
export function decodeEntities(text: string): string {
    return text.replace(/#(\d+|[a-z]+);/gi, (whole, code: string) => {
        if (/^\d+$/.test(code)) {
            // Every code point, control characters too: a map's string can hold any of them
            // and the exporter writes each as its code, so export → import stays exact.
            const point = Number(code);
            return point <= 0x10FFFF ? String.fromCodePoint(point) : whole;
        }
        return NAMED_ENTITIES[code.toLowerCase()] ?? whole;
    });
}

const NAMED_ENTITIES: Record<string, string> = { colon: ':', comma: ',', semi: ';', quot: '"', amp: '&', lt: '<', gt: '>', num: '#', percnt: '%' };

function unquoteYaml(value: string): string {
    const trimmed = value.trim();
    return /^(["']).*\1$/.test(trimmed) ? trimmed.slice(1, -1) : trimmed;
}

// ---- .journey output ----------------------------------------------------------------

/** Hands out identifiers unique within one scope: `Name`, `Name2`, `Name3`, …. */
class NameScope {
    private readonly names = new UniqueNames((base, n) => `${base}${n}`);
    constructor(private readonly fallback: string) {}
    take(label: string): string {
        return this.names.take(identifierFrom(label) ?? this.fallback);
    }
}

/**
 * An identifier from a display name: words joined in PascalCase, Unicode letters and digits
 * kept, spaces and punctuation dropped, `_` before a leading digit. PascalCase also keeps
 * clear of the keywords, which are all lower-case ASCII.
 * undefined when nothing usable is left (emoji only, punctuation only).
 */
export function identifierFrom(label: string): string | undefined {
    const words = label.normalize('NFC').split(/[^\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}]+/u).filter(w => w !== '');
    if (words.length === 0) return undefined;
    // toUpperCase, not toLocaleUpperCase: the same identifiers on every machine.
    const name = words.map(w => w[0].toUpperCase() + w.slice(1)).join('');
    return /^[\p{L}\p{Nl}]/u.test(name) ? name : `_${name}`;
}

const STRING_ESCAPES: Record<string, string> = { '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function quote(text: string): string {
    return `"${text.replace(/[\\"\n\r\t]/g, c => STRING_ESCAPES[c])}"`;
}

function writeJourneys(journeys: MermaidJourney[], warnings: ImportMessage[]): string {
    const journeyNames = new NameScope('Journey');
    return journeys.map(j => writeJourney(j, journeyNames, warnings)).join('\n');
}

function writeJourney(journey: MermaidJourney, journeyNames: NameScope, warnings: ImportMessage[]): string {
    const title = journey.title || journey.accTitle || 'Journey';
    const out = [`journey ${journeyNames.take(title)} ${quote(title)} {`];
    if (journey.accDescr) out.push(`  description ${quote(journey.accDescr)}`);
    const personaNames = new NameScope('Persona');
    const personaIds = new Map<string, string>();
    for (const actor of journey.sections.flatMap(s => s.tasks.flatMap(t => t.actors))) {
        if (!personaIds.has(actor)) personaIds.set(actor, personaNames.take(actor));
    }
    // A blank line between groups, none right after the journey's `{` (the formatter's layout).
    const gap = () => out.length > 1 ? [''] : [];
    if (personaIds.size > 0) out.push(...gap());
    for (const [label, id] of personaIds) out.push(`  persona ${id} ${quote(label)}`);
    const stageNames = new NameScope('Stage');
    const touchpointNames = new NameScope('Touchpoint');
    for (const section of journey.sections) {
        const label = section.name || 'Steps';
        out.push(...gap(), `  stage ${stageNames.take(label)} ${quote(label)} {`);
        for (const task of section.tasks) {
            out.push(`    touchpoint ${touchpointNames.take(task.name)} ${quote(task.name)} {`);
            const actors = [...new Set(task.actors)];
            if (actors.length > 0) out.push(`      personas ${actors.map(a => personaIds.get(a)).join(', ')}`);
            if (task.score !== undefined) out.push(`      emotion ${emotionOf(task, warnings)}`);
            out.push('    }');
        }
        out.push('  }');
    }
    out.push('}');
    return out.join('\n') + '\n';
}

/** score − 3, the score first clamped to 1…5 and rounded (with a warning naming the line). */
function emotionOf(task: MermaidTask, warnings: ImportMessage[]): number {
    const score = task.score!;
    const clamped = Math.min(5, Math.max(1, Math.round(score)));
    if (clamped !== score) {
        const why = { key: score < 1 || score > 5 ? 'import.outsideRange' : 'import.notWhole' } as const;
        const params = { score, task: task.name, why, clamped, emotion: clamped - 3 };
        warnings.push({ line: task.line, column: task.scoreColumn, message: localized('import.scoreClamped', params) });
    }
    return clamped - 3;
}
