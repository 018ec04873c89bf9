// One fuzz case through everything a user can run on a map: parse → validate (every rule)
// → format → export (JSON, Markdown, CSV, Mermaid) → render (model → ELK layout → SVG)
// → import (the Mermaid export read back). The first broken promise is the case's failure.
// One Checker per thread: Langium services are built once (creating them per case is slow
// and leaks, issue 10 point 5) and each case's document is removed after it.
import { parse as parseCsv } from 'csv-parse/sync';
import ELK from 'elkjs/lib/elk.bundled.js';
import { XMLValidator } from 'fast-xml-parser';
import { EmptyFileSystem, URI, type LangiumDocument, type Lexer } from 'langium';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic } from 'vscode-languageserver';
import { buildDiagramModels, layoutDiagram, renderSvg, type DiagramOptions, type ElkApi } from '../../src/diagram/index.js';
import { CSV_COLUMNS, toCsv } from '../../src/export/csv.js';
import { toMarkdown } from '../../src/export/markdown.js';
import { toMermaid } from '../../src/export/mermaid.js';
import { exportModel, SCHEMA_VERSION, type ExportedJourney } from '../../src/export/model.js';
import { importMermaid } from '../../src/import/mermaid.js';
import type { Model } from '../../src/language/generated/ast.js';
import { createJourneyServices } from '../../src/language/journey-module.js';
import { formatText, scanTokens } from '../../src/language/pretty-printer.js';
import { findRule } from '../../src/language/rules.js';
import { firstSyntaxProblem } from '../../src/language/syntax-problem.js';
import { EXAMPLES } from '../examples.js';

export type Stage = 'validate' | 'format' | 'export' | 'render' | 'import';

export interface Failure { stage: Stage; message: string }

/** A broken invariant (as opposed to an exception thrown by the product). */
class Broken extends Error {}

function check(condition: unknown, message: string): asserts condition {
    if (!condition) throw new Broken(message);
}

/** A failure's class: its stage and message up to the first quoted (case-specific) text, numbers blurred. */
export function failureClass(failure: Failure): string {
    // Details that differ from case to case follow ' — '.
    // ([\s\S], not '.': a label may hold U+2028, which '.' does not match.)
    const first = failure.message.split(/\r\n|\r|\n|\u2028|\u2029/)[0].split(' — ')[0].slice(0, 160);
    return `${failure.stage}: ${first.replace(/['"`][\s\S]*$/, '…').replace(/\d+/g, 'N')}`;
}

const ElkConstructor = ((ELK as unknown as { default?: typeof ELK }).default ?? ELK) as unknown as new () => ElkApi;

export class Checker {
    private readonly services = createJourneyServices(EmptyFileSystem);
    private readonly elk = new ElkConstructor();
    private counter = 0;
    /**
     * Set when building a document threw: Langium's parser can be left in a broken state (after
     * a stack overflow in CST building, the next document gets wrong diagnostics: issue 10
     * point 1), so the caller should start a new Checker rather than blame the next case.
     */
    poisoned = false;
    private ready: Promise<void>;

    constructor() {
        // common.journey beside each case, so the examples' cross-file names resolve.
        const { LangiumDocumentFactory, LangiumDocuments, DocumentBuilder } = this.services.shared.workspace;
        const common = LangiumDocumentFactory.fromString<Model>(readFileSync(join(EXAMPLES, 'common.journey'), 'utf8'), URI.file('/fuzz/common.journey'));
        LangiumDocuments.addDocument(common);
        this.ready = DocumentBuilder.build([common], { validation: true });
    }

    /** The first failure of `text` in the pipeline, or undefined when every promise holds. */
    /** `render: false` skips the ELK layout, which costs more than every other step together. */
    async run(text: string, options: DiagramOptions = { groupBy: 'channel' }, render = true): Promise<Failure | undefined> {
        await this.ready;
        let stage: Stage = 'validate';
        const documents: URI[] = [];
        try {
            const document = await this.build(text, documents);
            checkDiagnostics(document, text);
            stage = 'format';
            const formatted = checkFormat(text, this.services.Journey.parser.Lexer);
            const clean = firstSyntaxProblem(document) === undefined;
            if (!clean) return undefined;
            stage = 'export';
            const model = document.parseResult.value;
            const exported = checkExports(model);
            stage = 'import';
            for (const journey of exported) this.checkMermaidRoundTrip(journey);
            stage = 'render';
            if (render) await this.checkRender(model, options);
            stage = 'format';
            if (formatted !== text) await this.checkSameLint(document, formatted, documents);
            return undefined;
        } catch (error) {
            if (!(error instanceof Broken) && stage === 'validate') this.poisoned = true;
            const message = error instanceof Broken ? error.message : `threw ${error instanceof Error ? `${error.name}: ${error.message}\n${error.stack ?? ''}` : String(error)}`;
            return { stage, message };
        } finally {
            if (documents.length > 0) await this.services.shared.workspace.DocumentBuilder.update([], documents);
        }
    }

    private async build(text: string, documents: URI[]): Promise<LangiumDocument<Model>> {
        const { LangiumDocumentFactory, LangiumDocuments, DocumentBuilder } = this.services.shared.workspace;
        const uri = URI.file(`/fuzz/case-${this.counter++}.journey`);
        documents.push(uri);
        const document = LangiumDocumentFactory.fromString<Model>(text, uri);
        LangiumDocuments.addDocument(document);
        await DocumentBuilder.build([document], { validation: true });
        return document;
    }

    /** Formatting changes layout only: lint says the same of the formatted text (the suppressions keep their statements). */
    private async checkSameLint(document: LangiumDocument<Model>, formatted: string, documents: URI[]): Promise<void> {
        const codes = (d: LangiumDocument) => (d.diagnostics ?? []).map(x => `${x.code}`).sort().join(', ');
        const before = codes(document);
        // The original leaves the workspace first, or its names would be duplicates of the formatted text's.
        await this.services.shared.workspace.DocumentBuilder.update([], documents.splice(0));
        const after = await this.build(formatted, documents);
        check(before === codes(after), `lint differs after formatting — [${before}] became [${codes(after)}]`);
    }

    /** Mermaid export read back by our importer: same sections (stages) and tasks (touchpoints), same labels. */
    private checkMermaidRoundTrip(journey: ExportedJourney): void {
        const mermaid = toMermaid(journey);
        const imported = importMermaid(mermaid).source;
        const result = this.services.Journey.parser.LangiumParser.parse<Model>(imported);
        check(result.lexerErrors.length === 0 && result.parserErrors.length === 0,
            `the import of the Mermaid export does not parse — ${[...result.lexerErrors, ...result.parserErrors][0]?.message}`);
        const back = result.value.journeys;
        check(back.length === 1, `the import of one Mermaid journey gives ${back.length} journeys`);
        // Exact: line breaks, edge whitespace and control characters are written as entity codes.
        const want = journey.stages.map(s => [s.label, ...s.touchpoints.map(t => t.label)]);
        const got = back[0].stages.map(s => [s.label ?? s.name, ...s.touchpoints.map(t => t.label ?? t.name)]);
        check(JSON.stringify(want) === JSON.stringify(got), `Mermaid round trip changed stages/labels — ${JSON.stringify(want).slice(0, 200)} became ${JSON.stringify(got).slice(0, 200)}`);
    }

    private async checkRender(model: Model, options: DiagramOptions): Promise<void> {
        // The first journey only: layout is the slow step, and every journey takes the same path.
        const [diagram] = buildDiagramModels(model, options);
        if (!diagram) return;
        const layout = await layoutDiagram(diagram, this.elk);
        const svg = renderSvg(layout, { standalone: true });
        const valid = XMLValidator.validate(svg);
        check(valid === true, `SVG is not well-formed XML: ${valid === true ? '' : `${valid.err.msg} at ${valid.err.line}:${valid.err.col}`}`);
        check(!/NaN|Infinity|undefined/.test(svg.replace(/>[^<]*</g, '><')), 'SVG markup holds NaN, Infinity or undefined');
        // A lone surrogate or a control character is not XML even when the markup is balanced.
        check(!/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(svg), 'SVG holds a character XML forbids');
    }
}

function checkDiagnostics(document: LangiumDocument, text: string): void {
    const lines = text.split(/\r\n|\r|\n/);
    for (const diagnostic of document.diagnostics ?? []) checkDiagnostic(diagnostic, lines);
}

function checkDiagnostic(diagnostic: Diagnostic, lines: string[]): void {
    const code = String(diagnostic.code);
    check(code !== 'internal-error', `internal-error diagnostic: ${diagnostic.message}`);
    check(findRule(code) !== undefined, `diagnostic without a rule id: ${diagnostic.message}`);
    const { start, end } = diagnostic.range;
    for (const p of [start, end]) {
        check(Number.isInteger(p.line) && p.line >= 0 && p.line < lines.length && Number.isInteger(p.character) && p.character >= 0 && p.character <= lines[p.line].length,
            `diagnostic range outside the text: ${code} at ${p.line}:${p.character}`);
    }
    check(start.line < end.line || (start.line === end.line && start.character <= end.character), `diagnostic range ends before it starts: ${code}`);
}

/** Idempotent and token-preserving; returns the formatted text. */
function checkFormat(text: string, lexer: Lexer): string {
    const once = formatText(text, lexer);
    check(formatText(once, lexer) === once, 'format is not idempotent: format(format(x)) != format(x)');
    const tokens = (t: string) => scanTokens(t, lexer).map(k => k.text);
    check(JSON.stringify(tokens(text)) === JSON.stringify(tokens(once)), 'format changed the tokens');
    check(text.replace(/\s+/g, '') === once.replace(/\s+/g, ''), 'format changed a non-whitespace character');
    return once;
}

/** JSON, Markdown and CSV exports are well-formed; returns the exported journeys. */
function checkExports(model: Model): ExportedJourney[] {
    const exported = exportModel(model);
    const json = JSON.stringify(exported, undefined, 2);
    const back = JSON.parse(json) as typeof exported;
    check(back.schemaVersion === SCHEMA_VERSION, 'JSON export without schemaVersion');
    checkFinite(exported, '$');
    check(JSON.stringify(back) === JSON.stringify(exported), 'JSON export does not read back the same');

    const markdown = toMarkdown(exported);
    const suspicious = /\bNaN\b|\bundefined\b|\[object Object\]/;
    check(!suspicious.test(markdown) || suspicious.test(json), 'Markdown export holds NaN, undefined or [object Object]');

    const csv = toCsv(exported);
    const rows = parseCsv(csv, { relax_column_count: false, bom: true }) as string[][];
    const touchpoints = exported.journeys.reduce((n, j) => n + j.stages.reduce((m, s) => m + s.touchpoints.length, 0), 0);
    check(rows.length === touchpoints + 1, `CSV export has ${rows.length} records for ${touchpoints} touchpoints`);
    check(rows.every(r => r.length === CSV_COLUMNS.length), 'CSV export has a record of the wrong width');
    return exported.journeys;
}

function checkFinite(value: unknown, path: string): void {
    if (typeof value === 'number') check(Number.isFinite(value), `JSON export has a non-finite number at ${path}: ${value}`);
    else if (value === undefined) check(false, `JSON export has undefined at ${path}`);
    else if (value === null) check(false, `JSON export has null at ${path}`);
    else if (Array.isArray(value)) value.forEach((v, i) => checkFinite(v, `${path}[${i}]`));
    else if (typeof value === 'object') for (const [k, v] of Object.entries(value)) if (v !== undefined) checkFinite(v, `${path}.${k}`);
}
