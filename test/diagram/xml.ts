// Reads the SVG the renderer writes with a real XML parser (fast-xml-parser), an oracle
// written by other hands than the writer's. Its validator checks well-formedness (tags,
// nesting, attribute syntax, bare `&`); the few XML 1.0 rules it lets through are checked
// here on top: characters XML cannot carry, entity references other than the predefined
// and numeric ones (an SVG has no DTD to declare more), `]]>` in text, and one root element.
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export interface XmlElement { name: string; attributes: Record<string, string>; children: (XmlElement | string)[] }

/** XML 1.0's Char production, negated (surrogates are checked by the string being well-formed UTF-16). */
const NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;
const PREDEFINED_OR_NUMERIC = /^(amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+)$/;

const options = {
    preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '', allowBooleanAttributes: false,
    parseTagValue: false, parseAttributeValue: false, trimValues: false
} as const;
/** Decodes references (numeric ones too); named HTML entities never get this far (rejected on the raw tree). */
const decoding = new XMLParser({ ...options, processEntities: true, htmlEntities: true });
/** Leaves text and attribute values as written, for the checks the validator does not make. */
const raw = new XMLParser({ ...options, processEntities: false, htmlEntities: false });

/** Parses an XML document into its element tree; throws on anything that is not well-formed. */
export function parseXml(text: string): XmlElement {
    const valid = XMLValidator.validate(text);
    if (valid !== true) throw new Error(`${valid.err.msg} at ${valid.err.line}:${valid.err.col}`);
    const control = NOT_XML_CHAR.exec(text);
    if (control) throw new Error(`character U+${control[0].codePointAt(0)!.toString(16).padStart(4, '0')} is not allowed in XML, at offset ${control.index}`);
    const [written] = rootsOf(raw.parse(text) as OrderedNode[]);
    checkWritten(written);
    return rootsOf(decoding.parse(text) as OrderedNode[])[0];
}

/** The one root element of a parsed document (after the prolog; only white space around it). */
function rootsOf(nodes: OrderedNode[]): XmlElement[] {
    const roots: XmlElement[] = [];
    for (const node of nodes.filter(n => !Object.keys(n).some(key => key.startsWith('?')))) {
        const converted = toElement(node);
        if (typeof converted !== 'string') roots.push(converted);
        else if (converted.trim() !== '') throw new Error(`text outside the root element: ${converted.trim().slice(0, 20)}`);
    }
    if (roots.length !== 1) throw new Error(roots.length === 0 ? 'no root element' : 'more than one root element');
    return roots;
}

/** On values as written: no `<` in an attribute, only predefined or numeric references, no `]]>` in text. */
function checkWritten(element: XmlElement): void {
    for (const [name, value] of Object.entries(element.attributes)) {
        if (value.includes('<')) throw new Error(`'<' in attribute ${name} of <${element.name}>`);
        checkReferences(value);
    }
    for (const child of element.children) {
        if (typeof child !== 'string') { checkWritten(child); continue; }
        if (child.includes(']]>')) throw new Error(`']]>' in the text of <${element.name}>`);
        checkReferences(child);
    }
}

function checkReferences(value: string): void {
    for (const match of value.matchAll(/&([^;\s&<]*);/g)) {
        if (!PREDEFINED_OR_NUMERIC.test(match[1])) throw new Error(`undeclared entity &${match[1]}; (an SVG has no DTD)`);
    }
}

/** fast-xml-parser's preserveOrder shape: `{ tag: children, ':@': attributes }` or `{ '#text': text }`. */
type OrderedNode = Record<string, unknown>;

function toElement(node: OrderedNode): XmlElement | string {
    if ('#text' in node) return String(node['#text']);
    const name = Object.keys(node).find(key => key !== ':@')!;
    const attributes = (node[':@'] ?? {}) as Record<string, string>;
    return { name, attributes: { ...attributes }, children: (node[name] as OrderedNode[]).map(toElement) };
}

export function* elements(node: XmlElement): Generator<XmlElement> {
    yield node;
    for (const child of node.children) if (typeof child !== 'string') yield* elements(child);
}

/** The text of the element's <text> descendants, one entry per <text>. */
export function textLines(node: XmlElement): string[] {
    return [...elements(node)].filter(e => e.name === 'text').map(e => e.children.filter(c => typeof c === 'string').join(''));
}
