// A strict well-formedness check for the XML subset an SVG needs (prolog, elements,
// attributes, text, character and entity references; no DTD, CDATA or comments, which the
// renderer never writes). It throws on anything a conforming XML parser would reject in
// that subset, and returns the element tree so tests can read text and attributes.

export interface XmlElement { name: string; attributes: Record<string, string>; children: (XmlElement | string)[] }

const NAME = /^[A-Za-z_:][-A-Za-z0-9_:.]*/;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(raw: string, where: number): string {
    if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/.test(raw)) throw new Error(`control character at ${where}`);
    return raw.replace(/&([^;\s&<]*);|&/g, (_, ref: string | undefined) => {
        if (ref === undefined) throw new Error(`bare & at ${where}`);
        if (ref.startsWith('#x')) return String.fromCodePoint(parseInt(ref.slice(2), 16));
        if (ref.startsWith('#')) return String.fromCodePoint(parseInt(ref.slice(1), 10));
        const entity = ENTITIES[ref];
        if (entity === undefined) throw new Error(`unknown entity &${ref}; at ${where}`);
        return entity;
    });
}

export function parseXml(text: string): XmlElement {
    let pos = 0;
    if (text.startsWith('<?xml')) {
        const end = text.indexOf('?>');
        if (end < 0) throw new Error('unterminated prolog');
        pos = end + 2;
    }
    const stack: XmlElement[] = [];
    let root: XmlElement | undefined;
    while (pos < text.length) {
        const lt = text.indexOf('<', pos);
        const chunk = text.slice(pos, lt < 0 ? text.length : lt);
        if (chunk.includes(']]>')) throw new Error(`']]>' in text at ${pos}`);
        if (stack.length === 0) {
            if (chunk.trim() !== '') throw new Error(`text outside the root at ${pos}`);
        } else if (chunk) {
            stack[stack.length - 1].children.push(decode(chunk, pos));
        }
        if (lt < 0) break;
        pos = lt + 1;
        if (text.startsWith('!', pos) || text.startsWith('?', pos)) throw new Error(`unsupported markup at ${lt}`);
        if (text[pos] === '/') {
            const name = NAME.exec(text.slice(pos + 1))?.[0];
            const open = stack.pop();
            if (!name || !open || open.name !== name) throw new Error(`mismatched </${name}> at ${lt}`);
            pos += 1 + name.length;
            while (/\s/.test(text[pos] ?? '')) pos++;
            if (text[pos] !== '>') throw new Error(`bad end tag at ${lt}`);
            pos++;
            continue;
        }
        const name = NAME.exec(text.slice(pos))?.[0];
        if (!name) throw new Error(`bad tag name at ${lt}`);
        pos += name.length;
        const element: XmlElement = { name, attributes: {}, children: [] };
        for (;;) {
            const spaced = /\s/.test(text[pos] ?? '');
            while (/\s/.test(text[pos] ?? '')) pos++;
            if (text.startsWith('/>', pos) || text[pos] === '>') break;
            if (!spaced) throw new Error(`missing space before attribute at ${pos}`);
            const attribute = NAME.exec(text.slice(pos))?.[0];
            if (!attribute) throw new Error(`bad attribute at ${pos}`);
            pos += attribute.length;
            if (text[pos] !== '=') throw new Error(`attribute without value at ${pos}`);
            const quote = text[pos + 1];
            if (quote !== '"' && quote !== "'") throw new Error(`unquoted attribute at ${pos}`);
            const end = text.indexOf(quote, pos + 2);
            if (end < 0) throw new Error(`unterminated attribute at ${pos}`);
            const raw = text.slice(pos + 2, end);
            if (raw.includes('<')) throw new Error(`'<' in attribute at ${pos}`);
            if (attribute in element.attributes) throw new Error(`duplicate attribute ${attribute} at ${pos}`);
            element.attributes[attribute] = decode(raw, pos);
            pos = end + 1;
        }
        if (stack.length > 0) stack[stack.length - 1].children.push(element);
        else if (root) throw new Error(`second root element at ${lt}`);
        else root = element;
        if (text.startsWith('/>', pos)) { pos += 2; } else { pos += 1; stack.push(element); }
    }
    if (stack.length > 0) throw new Error(`unclosed <${stack[stack.length - 1].name}>`);
    if (!root) throw new Error('no root element');
    return root;
}

export function* elements(node: XmlElement): Generator<XmlElement> {
    yield node;
    for (const child of node.children) if (typeof child !== 'string') yield* elements(child);
}

/** The text of the element's <text> descendants, one entry per <text>. */
export function textLines(node: XmlElement): string[] {
    return [...elements(node)].filter(e => e.name === 'text').map(e => e.children.filter(c => typeof c === 'string').join(''));
}
