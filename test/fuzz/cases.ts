// The inputs of the fuzz suite: case `index` of run `seed` is always the same text, so any
// case can be rerun alone and a run can resume from any index. A third are random valid
// maps, a third mutations of examples/*.journey, the rest hostile shapes.
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLEAN_EXAMPLES, EXAMPLES, INVALID_EXAMPLES } from '../examples.js';
import { applyMutations, journeyOf, journeySource, mutationOf, quote, TOKENS, LABEL_UNITS } from './arbitraries.js';

export interface FuzzCase { index: number; kind: 'random' | 'mutation' | 'hostile'; text: string }

const files = [...CLEAN_EXAMPLES, ...INVALID_EXAMPLES];
const examples = files.map(f => readFileSync(join(EXAMPLES, f), 'utf8'));

/** Characters that break naive code: CJK, emoji (astral), bidi overrides, separators, NUL, BOM. */
const UNICODE = ['中文', '😀', '👩‍👩‍👧', '\u202E', '\u200F', '\u2028', '\u2029', '\0', '\uFEFF', '\r', '\t', '\uD800'];
const HUGE_NUMBER = '9'.repeat(400);

/** Words Mermaid reads as statements at the start of a line. */
const STATEMENT_WORDS = ['title ', 'section ', 'accDescr {', 'accTitle: ', 'journey', '%%', '---'];

/** 32-bit seed of one case, from the run's seed and the case's index (splitmix-style mixing). */
export function caseSeed(seed: number, index: number): number {
    let h = (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index + 1, 0xc2b2ae35)) >>> 0;
    h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0;
    h = Math.imul(h ^ (h >>> 15), 0x846ca68b) >>> 0;
    return (h ^ (h >>> 16)) | 0;
}

function sample<T>(arbitrary: fc.Arbitrary<T>, seed: number): T {
    return fc.sample(arbitrary, { seed, numRuns: 1 })[0];
}

/** The text of case `index` of the run `seed`. */
export function fuzzCase(seed: number, index: number): FuzzCase {
    const s = caseSeed(seed, index);
    const pick = (s >>> 0) % 100;
    if (pick < 40) return { index, kind: 'random', text: sample(randomMap(), s) };
    if (pick < 85) return { index, kind: 'mutation', text: sample(mutatedExample(), s) };
    return { index, kind: 'hostile', text: sample(hostile(), s) };
}

function randomMap(): fc.Arbitrary<string> {
    const unit = fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...LABEL_UNITS) }, { weight: 1, arbitrary: fc.constantFrom(...UNICODE) });
    const plain = fc.string({ unit, maxLength: 40 });
    const label = fc.oneof({ weight: 6, arbitrary: plain }, { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...STATEMENT_WORDS), plain).map(([w, l]) => w + l) });
    const emotion = fc.oneof({ weight: 20, arbitrary: fc.integer({ min: -3, max: 3 }) }, { weight: 1, arbitrary: fc.constant(HUGE_NUMBER) });
    const comments = ['// a comment', '/* block */', '/* multi\nline */', '// 中文 😀',
        '// journey-disable-next-line', '// journey-disable-next-line stage-no-goal', '// journey-disable touchpoint-no-owner'];
    return fc.tuple(journeyOf(label, emotion as fc.Arbitrary<number>), fc.array(fc.tuple(fc.nat(), fc.constantFrom(...comments)), { maxLength: 4 }))
        .map(([j, inserted]) => {
            const lines = journeySource(j).text.split('\n');
            // Comments between statements, never inside the first line's header.
            for (const [at, comment] of inserted) lines.splice(1 + (at % lines.length), 0, comment);
            return lines.join('\n');
        });
}

function mutatedExample(): fc.Arbitrary<string> {
    const tokens = [...TOKENS, ...UNICODE, 'x'.repeat(3000), '"' + 'y'.repeat(3000) + '"', HUGE_NUMBER, `-${HUGE_NUMBER}`];
    const byteFlip = fc.record({ at: fc.nat(), code: fc.integer({ min: 0, max: 0xffff }) });
    return fc.tuple(fc.nat({ max: examples.length - 1 }), fc.array(mutationOf(tokens), { minLength: 1, maxLength: 6 }), fc.array(byteFlip, { maxLength: 2 }))
        .map(([index, mutations, flips]) => {
            let text = applyMutations(examples[index], mutations);
            for (const flip of flips) {
                if (text.length === 0) break;
                const at = flip.at % text.length;
                text = text.slice(0, at) + String.fromCharCode(flip.code) + text.slice(at + 1);
            }
            return text;
        });
}

function hostile(): fc.Arbitrary<string> {
    const wrap = (body: string) => `journey J "J" {\nstage S "S" {\ntouchpoint T "T" {\n${body}\n}\n}\n}\n`;
    const shapes: fc.Arbitrary<string>[] = [
        // Deep nesting of braces, open or balanced.
        fc.integer({ min: 1, max: 1000 }).map(n => wrap('{'.repeat(n))),
        fc.integer({ min: 1, max: 500 }).map(n => wrap('{'.repeat(n) + '}'.repeat(n))),
        // Many comments, and comments that never end.
        fc.integer({ min: 1, max: 3000 }).map(n => wrap('// c\n'.repeat(n))),
        fc.integer({ min: 1, max: 3000 }).map(n => wrap('/* c */ '.repeat(n))),
        fc.constant(wrap('/* never closed')),
        // Long lines and long strings.
        fc.integer({ min: 1, max: 20_000 }).map(n => wrap(`action "${'a'.repeat(n)}"`)),
        fc.integer({ min: 1, max: 20_000 }).map(n => wrap(`action "${'中'.repeat(n)}"`)),
        fc.integer({ min: 1, max: 20_000 }).map(n => wrap('x'.repeat(n))),
        // Many statements sharing one name.
        fc.integer({ min: 1, max: 300 }).map(n => `journey J {\nstage S {\n${'touchpoint T "T" { emotion 1 }\n'.repeat(n)}}\n}\n`),
        // Numbers at the edge of the grammar.
        fc.constantFrom('0', '2', '-2', '+2', '2.0', '0.0000001', '1.5', '3', '-3', '00000000000000000002', '9007199254740993')
            .map(n => wrap(`emotion ${n}`)),
        fc.constantFrom('0', '100', '1e3', '99999999999999999999', '0.1', '-5').map(n => `journey J {\nstage S { touchpoint T }\nmetric M in S target ${n}% actual ${n}\n}\n`),
        // Labels made of hostile characters.
        fc.array(fc.constantFrom(...UNICODE, '"', '\\', '<', '&', ':', ';', '#', '%%'), { maxLength: 30 })
            .map(cs => `journey J ${quote(cs.join(''))} {\nstage S ${quote(cs.join(''))} {\ntouchpoint T ${quote(cs.join('') || 'x')} { emotion 1 }\n}\n}\n`),
        // Numbers beyond the finite range.
        fc.constantFrom(HUGE_NUMBER, `-${HUGE_NUMBER}`, `${HUGE_NUMBER}.5`).map(n => wrap(`emotion ${n}`)),
        fc.constant(`journey J {\nstage S { touchpoint T }\nmetric M in S target ${HUGE_NUMBER}% actual -${HUGE_NUMBER}\n}\n`),
        // A suppression above a header whose `{` is on the next line (the formatter must not join them).
        fc.tuple(fc.constantFrom('', ' unresolved-reference', ' touchpoint-no-owner', ' touchpoint-no-emotion'), fc.constantFrom('', ' "U"'), fc.boolean())
            .map(([rule, label, blank]) => wrap(`}\n// journey-disable-next-line${rule}\ntouchpoint U${label}\n${blank ? '\n' : ''}{ channel Nowhere }\ntouchpoint V {`)),
        // Rare: inputs large enough to overflow the stack (slow: about one case in 2,000).
        fc.integer({ min: 0, max: 19 }).chain(n => n > 0 ? fc.constant(wrap('// c')) : fc.constantFrom(
            wrap('// c\n'.repeat(70_000)), wrap(`action "${'a'.repeat(5_000_000)}"`)))
    ];
    return fc.oneof(...shapes);
}
