// The preview's local echo of label edits: a keystroke inside a string literal the map draws
// verbatim is shown on the map at once, before the language server has re-parsed the document
// (a full re-parse, link and validation does not fit in a frame). The extension host keeps the
// spans of the diagrams it last posted and asks echoChanges about each change of the document;
// the server's full answer follows and is the truth. Pure: no `vscode`, tested in Node.
import type { DiagramModel, LiteralSpan, SourceRange } from '../diagram/types.js';

/** A text the map draws: a card's (by card id) or a stage's label (by stage id), in one journey. */
export interface EchoTarget { journey: string; kind: 'card' | 'stage'; id: string }

/** Where a drawn text is written: the content of its one-line literal, `start`–`end` on `line` (UTF-16 units, as LSP counts). */
export interface EchoSpan extends EchoTarget {
    /** The text drawn (the literal's value, unescaped). */
    text: string;
    line: number;
    start: number;
    end: number;
    quote: LiteralSpan['quote'];
    /** Empty, the literal gives way to the element's name (touchpoint, metric, stage labels): no echo then. */
    fallsBack: boolean;
}

/** The spans of a document's diagrams by line, each line's in text order. */
export type EchoSpans = ReadonlyMap<number, readonly EchoSpan[]>;

/** A change as VS Code's onDidChangeTextDocument reports it (its range in the text before this change). */
export interface TextChange { range: SourceRange; text: string }

/** A drawn text's new value. */
export interface LabelEdit extends EchoTarget { text: string }

export interface Echo {
    edits: LabelEdit[];
    /** The lines whose spans moved or changed, with their new spans: the others are as they were. */
    lines: Map<number, EchoSpan[]>;
}

/** The spans of every text the diagrams draw from a literal. */
export function echoSpans(diagrams: readonly DiagramModel[]): Map<number, readonly EchoSpan[]> {
    const lines = new Map<number, EchoSpan[]>();
    const add = (target: EchoTarget, text: string, span: LiteralSpan | undefined, fallsBack: boolean) => {
        if (!span) return;
        const entry: EchoSpan = { ...target, text, line: span.line, start: span.start, end: span.end, quote: span.quote, fallsBack };
        const list = lines.get(span.line);
        if (list) list.push(entry); else lines.set(span.line, [entry]);
    };
    for (const diagram of diagrams) {
        const journey = diagram.id;
        for (const stage of diagram.stages) add({ journey, kind: 'stage', id: stage.id }, stage.label, stage.labelSpan, true);
        for (const card of diagram.cards) {
            add({ journey, kind: 'card', id: card.id }, card.text, card.textSpan, card.kind === 'touchpoint' || card.kind === 'metric');
        }
    }
    for (const list of lines.values()) list.sort((a, b) => a.start - b.start);
    return lines;
}

/**
 * The new texts when every change lies inside one span's literal, on one line, inserts no
 * quote of that literal, backslash or line break, and the literal holds no escape (its content
 * is as long as its text); else undefined (the server's answer will show the change). Changes
 * apply one after the other, each in the text the previous one left, as VS Code reports them.
 * `spans` is not changed: the lines it returns replace those of `spans`.
 */
export function echoChanges(spans: EchoSpans, changes: readonly TextChange[]): Echo | undefined {
    if (changes.length === 0) return undefined;
    const lines = new Map<number, EchoSpan[]>();
    const edits = new Map<string, LabelEdit>();
    for (const change of changes) {
        const { start, end } = change.range;
        if (start.line !== end.line) return undefined;
        const line = lines.get(start.line) ?? spans.get(start.line);
        const index = line?.findIndex(s => s.start <= start.character && end.character <= s.end) ?? -1;
        if (!line || index < 0) return undefined;
        const span = line[index];
        if (span.end - span.start !== span.text.length || /[\\\r\n]/.test(change.text) || change.text.includes(span.quote)) return undefined;
        const text = span.text.slice(0, start.character - span.start) + change.text + span.text.slice(end.character - span.start);
        if (text === '' && span.fallsBack) return undefined;
        const shift = change.text.length - (end.character - start.character);
        lines.set(start.line, line.map((s, i) => i === index ? { ...s, text, end: s.end + shift }
            : s.start >= span.end ? { ...s, start: s.start + shift, end: s.end + shift } : s));
        edits.set(`${span.journey}\u0000${span.kind}\u0000${span.id}`, { journey: span.journey, kind: span.kind, id: span.id, text });
    }
    return { edits: [...edits.values()], lines };
}

/**
 * True when each span without an escape covers its text in the document as it is now
 * (`lineText`: a line's text): the spans were built from, or moved along with, this text. The
 * server may answer a diagram request from the build before the last change; spans from that
 * answer would echo into the wrong places.
 */
export function spansAgree(spans: Iterable<EchoSpan>, lineText: (line: number) => string | undefined): boolean {
    for (const span of spans) {
        if (span.end - span.start !== span.text.length) continue;
        if (lineText(span.line)?.slice(span.start, span.end) !== span.text) return false;
    }
    return true;
}
