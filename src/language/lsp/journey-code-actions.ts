import { AstUtils, CstUtils, GrammarAST, GrammarUtils, type AstNode, type LangiumDocument, type MaybePromise, type ScopeProvider } from 'langium';
import type { CodeActionProvider } from 'langium/lsp';
import { CodeActionKind, type CodeAction, type CodeActionParams, type Command, type Diagnostic, type TextEdit } from 'vscode-languageserver';
import {
    Channel, Persona, Team, Touchpoint, isJourney, isModel, isPersona, isStage, isTouchpoint,
    type Journey, type Model
} from '../generated/ast.js';
import type { JourneyServices } from '../journey-module.js';
import { RuleIds } from '../rules.js';
import type { UnresolvedReferenceData } from '../validation/index.js';
import { logError } from '../../common/errors.js';
import { t, type MessageKey, type MessageParams } from '../../i18n/index.js';
import type { MessageLocale } from '../message-locale.js';
import { kindWord } from '../validation/diagnostics.js';
import { lineBreakOf } from '../pretty-printer.js';

/** How many existing channels or teams "add channel/owner" offers. */
const MAX_CHOICES = 5;

/**
 * Quick fixes for the lint rules' diagnostics, keyed by rule id: each reads the
 * document as it is now and edits only what the fix is about.
 */
export class JourneyCodeActionProvider implements CodeActionProvider {
    private readonly scopeProvider: ScopeProvider;
    private readonly messageLocale: MessageLocale;

    constructor(services: JourneyServices) {
        this.scopeProvider = services.references.ScopeProvider;
        this.messageLocale = services.config.MessageLocale;
    }

    /** A fix's title (or inserted placeholder) in the language of the document's messages. */
    private say(document: LangiumDocument, key: MessageKey, params?: MessageParams): string {
        return t(this.messageLocale.of(document.uri), key, params);
    }

    getCodeActions(document: LangiumDocument, params: CodeActionParams): MaybePromise<Array<Command | CodeAction>> {
        const actions: CodeAction[] = [];
        for (const diagnostic of params.context.diagnostics) {
            try {
                actions.push(...this.fixesFor(document, diagnostic));
            } catch (error) {
                logError('quick fix failed', error);
            }
        }
        return actions;
    }

    private fixesFor(document: LangiumDocument, diagnostic: Diagnostic): CodeAction[] {
        switch (diagnostic.code) {
            case RuleIds.unresolvedReference: return this.unresolvedReference(document, diagnostic);
            case RuleIds.touchpointNoChannel: return this.addReferenceField(document, diagnostic, 'channel', 'channels');
            case RuleIds.touchpointNoOwner: return this.addReferenceField(document, diagnostic, 'owner', 'owner');
            case RuleIds.touchpointNoPersona: return this.addReferenceField(document, diagnostic, 'personas', 'personas');
            case RuleIds.stageNoGoal: return this.addGoal(document, diagnostic);
            case RuleIds.personaUnused: return this.removePersona(document, diagnostic);
            case RuleIds.emotionPersona: return this.addPersona(document, diagnostic);
            default: return [];
        }
    }

    private unresolvedReference(document: LangiumDocument, diagnostic: Diagnostic): CodeAction[] {
        const data = diagnostic.data as Partial<UnresolvedReferenceData> | undefined;
        const leaf = leafAt(document, diagnostic);
        const refText = data?.refText ?? leaf?.text;
        const expectedType = data?.expectedType ?? (leaf && crossReferenceType(leaf.grammarSource));
        if (!leaf || !refText || !expectedType) return [];
        const actions: CodeAction[] = [];
        if (data?.suggestion && data.suggestion !== refText) {
            actions.push(fix(this.say(document, 'fix.changeTo', { name: data.suggestion }), document, diagnostic, [{ range: diagnostic.range, newText: data.suggestion }], true));
        }
        const creation = declarationFor(expectedType, refText);
        const journey = AstUtils.getContainerOfType(leaf.astNode, isJourney);
        if (creation && journey) {
            actions.push(fix(this.say(document, 'fix.create', { kind: kindWord('the', expectedType), name: refText }), document, diagnostic,
                [insertDeclaration(document, journey, expectedType, creation)], !data?.suggestion));
        }
        if (expectedType === Touchpoint.$type) {
            // Right after the touchpoint whose `next` names it: the flow reads in order.
            const from = AstUtils.getContainerOfType(leaf.astNode, isTouchpoint);
            const stage = from && AstUtils.getContainerOfType(from, isStage);
            if (from?.$cstNode && stage) {
                actions.push(fix(this.say(document, 'fix.createTouchpointIn', { name: refText, stage: stage.name }), document, diagnostic,
                    [insertAfterLine(document, from, `touchpoint ${refText} "${refText}" {}`)], false));
            }
        }
        return actions;
    }

    /** `channel X`, `owner T` or `personas P` added to a touchpoint, one action per candidate in scope. */
    private addReferenceField(document: LangiumDocument, diagnostic: Diagnostic, keyword: string, property: string): CodeAction[] {
        const touchpoint = declarationAt(document, diagnostic, isTouchpoint);
        if (!touchpoint) return [];
        const scope = this.scopeProvider.getScope({
            reference: { $refText: '', ref: undefined },
            container: touchpoint,
            property
        });
        const names = [...new Set(scope.getAllElements().map(d => d.name))].slice(0, MAX_CHOICES);
        return names.map((name, index) => fix(this.say(document, 'fix.addField', { keyword, name }), document, diagnostic,
            [insertInBlock(document, touchpoint, `${keyword} ${name}`)], index === 0));
    }

    private addGoal(document: LangiumDocument, diagnostic: Diagnostic): CodeAction[] {
        const stage = declarationAt(document, diagnostic, isStage);
        if (!stage) return [];
        return [fix(this.say(document, 'fix.addGoal'), document, diagnostic, [insertInBlock(document, stage, `goal "${this.say(document, 'fix.goalPlaceholder')}"`)], true)];
    }

    /** `emotion Karim -2` in a touchpoint that does not name Karim: add him to its `personas`. */
    private addPersona(document: LangiumDocument, diagnostic: Diagnostic): CodeAction[] {
        const touchpoint = declarationAt(document, diagnostic, isTouchpoint);
        const persona = (diagnostic.data as { persona?: string } | undefined)?.persona;
        if (!touchpoint?.$cstNode || !persona) return [];
        const last = touchpoint.personas.at(-1)?.$refNode;
        const edit: TextEdit = last
            ? { range: { start: last.range.end, end: last.range.end }, newText: `, ${persona}` }
            : insertInBlock(document, touchpoint, `personas ${persona}`);
        return [fix(this.say(document, 'fix.addPersonaTo', { persona, name: touchpoint.name }), document, diagnostic, [edit], true)];
    }

    private removePersona(document: LangiumDocument, diagnostic: Diagnostic): CodeAction[] {
        const persona = declarationAt(document, diagnostic, isPersona);
        if (!persona?.$cstNode) return [];
        return [fix(this.say(document, 'fix.removePersona', { name: persona.name }), document, diagnostic, [deleteLines(document, persona)], false)];
    }
}

function fix(title: string, document: LangiumDocument, diagnostic: Diagnostic, edits: TextEdit[], isPreferred: boolean): CodeAction {
    return {
        title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred,
        edit: { changes: { [document.uri.toString()]: edits } }
    };
}

function leafAt(document: LangiumDocument, diagnostic: Diagnostic) {
    const root = document.parseResult.value.$cstNode;
    return root && CstUtils.findLeafNodeAtOffset(root, document.textDocument.offsetAt(diagnostic.range.start));
}

function declarationAt<T extends AstNode>(document: LangiumDocument, diagnostic: Diagnostic, guard: (node: unknown) => node is T): T | undefined {
    const leaf = leafAt(document, diagnostic);
    return leaf && AstUtils.getContainerOfType(leaf.astNode, guard);
}

function crossReferenceType(source: GrammarAST.AbstractElement | undefined): string | undefined {
    const crossReference = source && AstUtils.getContainerOfType(source, GrammarAST.isCrossReference);
    return crossReference?.type.ref?.name;
}

function declarationFor(type: string, name: string): string | undefined {
    switch (type) {
        case Persona.$type: return `persona ${name} "${name}"`;
        case Channel.$type: return `channel ${name} "${name}" digital`;
        case Team.$type: return `team ${name} "${name}"`;
        default: return undefined;
    }
}

/**
 * A new persona, channel or team goes where the author keeps that kind:
 * after the last top-level declaration of that kind in the file, else after the
 * journey's last declaration of that kind, else at the top of the journey.
 */
function insertDeclaration(document: LangiumDocument, journey: Journey, type: string, text: string): TextEdit {
    const model = journey.$container as Model;
    const ofType = (nodes: readonly AstNode[]) => nodes.filter(n => n.$type === type);
    const topLevel = isModel(model) ? ofType([...model.personas, ...model.channels, ...model.teams]) : [];
    const local = ofType([...journey.personas, ...journey.channels, ...journey.teams]);
    const after = local.at(-1) ?? topLevel.at(-1);
    if (after?.$cstNode) {
        return insertAfterLine(document, after, text);
    }
    return insertInBlock(document, journey, text);
}

/** Inserts a line right after `node`'s last line (after a trailing comment there), with `node`'s indentation. */
function insertAfterLine(document: LangiumDocument, node: AstNode, text: string): TextEdit {
    const cst = node.$cstNode!;
    return insertAfterLineOf(document, cst.range.end.line, indentationOf(document, cst.range.start.line) + text);
}

/**
 * Inserts a statement first in `node`'s block: on its own line after the
 * `{` line (after a comment there), inside a one-line block, or in a new block
 * when the node has none.
 */
function insertInBlock(document: LangiumDocument, node: AstNode, text: string): TextEdit {
    const cst = node.$cstNode!;
    const open = GrammarUtils.findNodeForKeyword(cst, '{');
    const close = GrammarUtils.findNodeForKeyword(cst, '}');
    const indent = indentationOf(document, cst.range.start.line);
    const eol = lineBreakOf(document.textDocument.getText());
    if (!open) {
        return { range: { start: cst.range.end, end: cst.range.end }, newText: ` {${eol}${indent}  ${text}${eol}${indent}}` };
    }
    if (close && close.range.start.line === open.range.start.line) {
        const inside = { start: open.range.end, end: close.range.start };
        return document.textDocument.getText(inside).trim() === ''
            ? { range: inside, newText: `${eol}${indent}  ${text}${eol}${indent}` }
            : { range: { start: open.range.end, end: open.range.end }, newText: ` ${text}` };
    }
    return insertAfterLineOf(document, open.range.end.line, `${indent}  ${text}`);
}

/** Inserts `line` (indented by the caller) after line `line` of the document, after anything on it. */
function insertAfterLineOf(document: LangiumDocument, lineNumber: number, line: string): TextEdit {
    const text = document.textDocument.getText({ start: { line: lineNumber, character: 0 }, end: { line: lineNumber + 1, character: 0 } });
    const end = { line: lineNumber, character: text.replace(/\r?\n$/, '').length };
    return { range: { start: end, end }, newText: `${lineBreakOf(document.textDocument.getText())}${line}` };
}

/** Removes the node's lines (with a trailing line comment, which is about it) when nothing else is on them, else just its text. */
function deleteLines(document: LangiumDocument, node: AstNode): TextEdit {
    const cst = node.$cstNode!;
    const text = document.textDocument;
    const lineStart = text.offsetAt({ line: cst.range.start.line, character: 0 });
    const nextLine = text.offsetAt({ line: cst.range.end.line + 1, character: 0 });
    const before = text.getText().slice(lineStart, cst.offset);
    const after = text.getText().slice(cst.end, nextLine);
    if (/^\s*$/.test(before) && /^[ \t]*(\/\/[^\r\n]*)?\s*$/.test(after)) {
        return { range: { start: text.positionAt(lineStart), end: text.positionAt(nextLine) }, newText: '' };
    }
    return { range: cst.range, newText: '' };
}

function indentationOf(document: LangiumDocument, line: number): string {
    const lineText = document.textDocument.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } });
    return /^[ \t]*/.exec(lineText)?.[0] ?? '';
}
