// A test oracle: Mermaid's `journey` diagram grammar as its lexer and parser read it
// (mermaid's user-journey/parser/journey.jison: case-insensitive rules, the first rule that
// matches wins), after Mermaid's entity pass (`#58;` kept as one opaque piece of text, shown
// as ':' in the SVG). Written from the grammar's rules so exported text can be checked
// against what Mermaid accepts without a browser. Throws where Mermaid's parser fails.

export interface MermaidTaskSeen { name: string; score: number; people: string[] }
export interface MermaidJourneySeen { title?: string; accDescr?: string; sections: Array<{ name: string; tasks: MermaidTaskSeen[] }> }

type Token = { type: string; text: string };

const RULES: Array<[RegExp, string | undefined]> = [
    [/^%%(?!\{)[^\n]*/, undefined],
    [/^[^}]%%[^\n]*/, undefined],
    [/^\n+/, 'NEWLINE'],
    [/^\s+/, undefined],
    [/^#[^\n]*/, undefined],
    [/^journey/i, 'journey'],
    [/^title\s[^#\n;]+/i, 'title'],
    [/^accTitle\s*:\s*[^\n]*/i, 'acc_title'],
    [/^accDescr\s*:\s*[^\n]*/i, 'acc_descr'],
    [/^accDescr\s*\{\s*[^}]*\}/i, 'acc_descr_multiline'],
    [/^section\s[^#:\n;]+/i, 'section'],
    [/^[^#:\n;]+/, 'taskName'],
    [/^:[^#\n;]+/, 'taskData'],
    [/^:/, ':'],
    [/^[^]/, 'INVALID']
];

/** Mermaid's encodeEntities, then its decodeEntities as the SVG shows the text. */
const ENTITY = /#(\w+);/g;
const PLACEHOLDER = /\uFB02°(°?)(\w+)¶ß/g;
const NAMED: Record<string, string> = { colon: ':', comma: ',', semi: ';', num: '#', percnt: '%', quot: '"', amp: '&', lt: '<', gt: '>' };

function decode(text: string): string {
    return text.replace(PLACEHOLDER, (_, numeric: string, code: string) =>
        numeric ? String.fromCodePoint(Number(code)) : NAMED[code.toLowerCase()] ?? `&${code};`);
}

function tokens(source: string): Token[] {
    let rest = source.replace(ENTITY, (_, code: string) => /^\+?\d+$/.test(code) ? `\uFB02°°${code}¶ß` : `\uFB02°${code}¶ß`);
    const out: Token[] = [];
    while (rest.length > 0) {
        const [pattern, type] = RULES.find(([p]) => p.test(rest))!;
        const text = pattern.exec(rest)![0];
        if (type === 'INVALID') throw new Error(`Mermaid lexer: unexpected ${JSON.stringify(text)}`);
        if (type) out.push({ type, text });
        rest = rest.slice(text.length);
    }
    return out;
}

export function parseMermaidJourney(source: string): MermaidJourneySeen {
    const all = tokens(source).filter(t => t.type !== 'NEWLINE');
    if (all[0]?.type !== 'journey') throw new Error('Mermaid parser: expected journey');
    const seen: MermaidJourneySeen = { sections: [] };
    for (let i = 1; i < all.length; i++) {
        const { type, text } = all[i];
        if (type === 'title') seen.title = decode(text.slice(6));
        else if (type === 'acc_descr') seen.accDescr = decode(text.replace(/^accDescr\s*:/i, '').trim());
        else if (type === 'acc_title' || type === 'acc_descr_multiline') continue;
        else if (type === 'section') seen.sections.push({ name: decode(text.slice(8)), tasks: [] });
        else if (type === 'taskName' && all[i + 1]?.type === 'taskData') {
            const pieces = all[++i].text.slice(1).split(':');
            const section = seen.sections[seen.sections.length - 1] ?? (seen.sections[0] = { name: '', tasks: [] });
            section.tasks.push({
                name: decode(text), score: Number(pieces[0]),
                people: pieces.length > 1 ? pieces[1].split(',').map(p => decode(p.trim())) : []
            });
        } else throw new Error(`Mermaid parser: unexpected ${type} ${JSON.stringify(text)}`);
    }
    return seen;
}
