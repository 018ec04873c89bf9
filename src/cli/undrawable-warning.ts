import { CstUtils, isLeafCstNode, type LangiumDocument } from 'langium';
import type { ComparedJourney } from '../compare/markdown.js';
import type { LoadedMap } from './map-io.js';
import type { PngFonts } from './png-fonts.js';
import { displayPath } from './workspace.js';

/** How many undrawable characters a warning names before it counts the rest. */
const NAMED_CHARACTERS = 8;

/**
 * The one warning for a PNG with characters no installed font has, at the first label that uses
 * one of them (the drawn map's file first, then the rest of its workspace, where its personas may be).
 */
export function undrawableWarning({ document, workspace, shown }: LoadedMap, cwd: string, fonts: PngFonts): string {
    const { undrawable } = fonts;
    const others = workspace.services.shared.workspace.LangiumDocuments.all.filter(d => d !== document).toArray();
    let where = shown;
    for (const doc of [document, ...others]) {
        const label = firstLeafWith(doc, undrawable);
        if (!label) continue;
        where = `${doc === document ? shown : displayPath(doc.uri.fsPath, cwd)}:${label.line + 1}:${label.character + 1}`;
        break;
    }
    return warningAt(where, fonts);
}

/**
 * The one warning for a PNG of a comparison (compare, diff --render): at the file of the first
 * side whose journey has one of the characters (its labels are all the picture shows of it), else the first side's.
 */
export function undrawableComparisonWarning(sides: readonly ComparedJourney[], fonts: PngFonts): string {
    const named = sides.filter(side => side.ref);
    const holding = named.find(side => side.journey && fonts.undrawable.some(char => JSON.stringify(side.journey).includes(char)));
    return warningAt((holding ?? named[0])?.ref?.file ?? 'journey', fonts);
}

function warningAt(where: string, { undrawable, bitmapOnly }: PngFonts): string {
    const named = undrawable.slice(0, NAMED_CHARACTERS).map(char => `${char} U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`).join(', ')
        + (undrawable.length > NAMED_CHARACTERS ? ` and ${undrawable.length - NAMED_CHARACTERS} more` : '');
    const bitmaps = bitmapOnly.length > 0 ? ` (${bitmapOnly.join(', ')} ${bitmapOnly.length === 1 ? 'has' : 'have'} them in colour bitmaps only, which the PNG renderer cannot draw)` : '';
    return `${where}: warning: no installed font can draw ${named}${bitmaps}: the PNG shows empty boxes for them; install a font that has them, or render SVG or HTML\n`;
}

/** The start of the first token (not a comment) that holds one of `chars`. */
function firstLeafWith(document: LangiumDocument, chars: readonly string[]): { line: number; character: number } | undefined {
    const root = document.parseResult.value.$cstNode;
    if (!root) return undefined;
    const leaf = CstUtils.streamCst(root).find(node => isLeafCstNode(node) && !node.hidden && chars.some(char => node.text.includes(char)));
    return leaf?.range.start;
}
