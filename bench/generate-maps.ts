/**
 * Deterministic generator of compact, realistic journey maps that lint with no
 * diagnostic at all (the benchmark measures checking, not reporting). A shared file
 * declares the personas, channels and teams (workspace-wide), and each map uses
 * them across its stages, so the benchmark also exercises cross-file linking.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { seededRandom } from './harness.js';

const PERSONAS = ['Lectrice', 'Abonné', 'Inès'];
const CHANNELS = ['Site', 'App', 'Email', 'Réseaux', 'Kiosque', 'Téléphone'];
const TEAMS = ['Marketing', 'Rédaction', 'Service', 'Data'];
const LEVELS = ['low', 'medium', 'high'];

export const SHARED_DECLARATIONS = [
    // Each persona with what its band on the map shows: segment, goal, frustration.
    ...PERSONAS.map((p, i) => `persona ${p} "${p}" { segment "Segment ${i}" goal "Lire l'essentiel" frustration "Trop de publicité" }`),
    ...CHANNELS.map((c, i) => `channel ${c} "${c}" ${i < 4 ? 'digital' : 'physical'}`),
    ...TEAMS.map(t => `team ${t} "${t}"`)
].join('\n') + '\n';

/** Map number `index` with `touchpoints` touchpoints spread over stages of 10. */
export function generateMap(index: number, touchpoints: number): string {
    const random = seededRandom(index + 1);
    const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
    const lines = [`// Generated map ${index}`, `journey Parcours${index} "Parcours n°${index}" {`, '  state current'];
    const stages = Math.ceil(touchpoints / 10);
    for (let s = 0; s < stages; s++) {
        lines.push(`  stage Étape${s} "Étape ${s}" {`, `    goal "Objectif de l'étape ${s}"`);
        for (let t = s * 10; t < Math.min(touchpoints, (s + 1) * 10); t++) {
            const next = t + 1 < touchpoints ? ` next P${t + 1}` : '';
            // Mostly one line per touchpoint, as compact hand-written maps look. Every third one is
            // shared by two personas, the second of whom feels it differently (per-persona emotion).
            const persona = pick(PERSONAS);
            const other = PERSONAS[(PERSONAS.indexOf(persona) + 1) % PERSONAS.length];
            const personas = t % 3 === 1 ? `${persona}, ${other} emotion ${other} ${Math.floor(random() * 5) - 2}` : persona;
            const head = `    touchpoint P${t} { channel ${pick(CHANNELS)} personas ${personas} emotion ${Math.floor(random() * 5) - 2} owner ${pick(TEAMS)}${next}`;
            const extras = [
                ...(t % 20 === 0 ? [`      action "Consulte l'offre ${t}" evidence "Entretien ${t}"`] : []),
                ...(t % 5 === 2 ? [`      evidence "Analytics : ${t} % des visites"`] : []),
                ...(t % 20 === 3 ? [`      friction "Attente ${t}" severity ${pick(LEVELS)}`, `      opportunity "Simplifier ${t}" impact ${pick(LEVELS)} effort ${pick(LEVELS)}`] : [])
            ];
            lines.push(...(extras.length > 0 ? [head, ...extras, '    }'] : [head + ' }']));
        }
        lines.push('  }');
        // KPIs both ways: higher is better (a rate), lower is better (a wait, with its unit).
        lines.push(s % 2 === 0
            ? `  metric M${s} "Conversion ${s}" in Étape${s} target >= ${Math.floor(random() * 90) + 5}% actual ${(random() * 90).toFixed(1)}%`
            : `  metric M${s} "Attente ${s}" in Étape${s} target <= ${Math.floor(random() * 10) + 2} actual ${(random() * 15).toFixed(1)} unit "min"`);
    }
    lines.push('}');
    return lines.join('\n') + '\n';
}

/** Writes `count` maps plus the shared declarations into `folder`; returns the total size in bytes. */
export function writeMaps(folder: string, count: number, touchpoints: number): { files: string[], bytes: number } {
    mkdirSync(folder, { recursive: true });
    const files: string[] = [];
    let bytes = 0;
    const write = (name: string, text: string) => {
        const path = join(folder, name);
        writeFileSync(path, text);
        files.push(path);
        bytes += Buffer.byteLength(text);
    };
    write('common.journey', SHARED_DECLARATIONS);
    for (let i = 0; i < count; i++) write(`map-${String(i).padStart(4, '0')}.journey`, generateMap(i, touchpoints));
    return { files, bytes };
}
