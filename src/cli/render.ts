import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
    EMBEDDED_FONT_FAMILY, escapeXml, LANE_IDS, layoutDiagram, renderSvg,
    type DiagramModel, type DiagramOptions, type ElkApi, type LaneId
} from '../diagram/index.js';
import { CliError, type CliCommand, type CliIO } from './command.js';
import { cachedElk, drawnWithoutElk } from './elk-cache.js';
import { isGuessable, mayNeedElk, namedMapFiles } from './elk-guess.js';
import { takeElkThread } from './elk-thread.js';
import { pictureFileNames } from './picture-names.js';
import { checkedOutputFormat, loadMaps, makeOutputFolder, noSuchJourney, parseCommandFiles, writeOutput, type LoadedMap } from './map-io.js';
import { FILE_OPTIONS, fileOptions, STDIN_ARG, withStdin } from './workspace.js';
import { cliLocale, localeOption, mapLocale } from './locale.js';
import { DEFAULT_LOCALE, t, type Locale } from '../i18n/index.js';
import { htmlPageStart } from '../common/html-page.js';
import { pngFonts, type PngFonts } from './png-fonts.js';
import { undrawableWarning } from './undrawable-warning.js';
import { localized } from '../language/localized-messages.js';

/** The formats a picture is written in: render's, and compare's besides its reports. */
export const PICTURE_FORMATS = ['svg', 'png', 'html'] as const;
export type RenderFormat = typeof PICTURE_FORMATS[number];
/** `-o map.png` writes PNG unless `-f` says otherwise. */
export const FORMAT_BY_EXTENSION: Readonly<Record<string, RenderFormat>> = { svg: 'svg', png: 'png', html: 'html', htm: 'html' };
export const THEMES = ['light', 'dark'] as const;
export type RenderTheme = typeof THEMES[number];

/** `journey render`: the preview's pipeline and look, to a file. */
export const renderCommand: CliCommand = {
    name: 'render',
    async run(args, io) {
        // ELK loads on its own thread (started by main.ts before this command's code loaded) while this one parses the maps, when they likely need it.
        const elkThread = takeElkThread(io.cwd, io.env, args, io.stderr);
        try {
            const elk = cachedElk(io.cwd, io.env, elkThread.elk);
            const loaded: LoadedMap[] = [];
            const code = await renderMaps(renderRequest(args, io), elk, io, loaded);
            // Drawing these texts again will find ELK's answers kept: no ELK thread for them.
            if (elk.allKept) rememberDrawnWithoutElk(io.cwd, io.env, args, loaded);
            return code;
        } finally {
            elkThread.stop();
        }
    }
};

/**
 * Only the texts the guess would start a thread for are worth remembering (elk-guess.ts): those of
 * the regular .journey files named, as drawn (the files are not read again: a named pipe could not be).
 */
function rememberDrawnWithoutElk(cwd: string, env: NodeJS.ProcessEnv, args: readonly string[], loaded: readonly LoadedMap[]): void {
    const named = new Set(namedMapFiles(cwd, args));
    const drawn = drawnWithoutElk(cwd, env);
    for (const { document } of loaded) {
        const text = document.textDocument.getText();
        if (named.has(document.uri.fsPath) && isGuessable(document.uri.fsPath) && mayNeedElk(text)) drawn.add(text);
    }
}

/** What `journey render ARGS` asks for (usage errors thrown). */
function renderRequest(args: string[], io: CliIO): RenderRequest {
    const { values, files } = parseCommandFiles('render', args, {
        format: { type: 'string', short: 'f' },
        output: { type: 'string', short: 'o' },
        journey: { type: 'string', short: 'j' },
        theme: { type: 'string' },
        lanes: { type: 'string' },
        'group-by': { type: 'string' },
        persona: { type: 'string' },
        locale: { type: 'string' },
        ...FILE_OPTIONS
    });
    // Without --locale, each map speaks its journey.config.json's "locale" (mapLocale, in renderMaps).
    const locale = localeOption(values.locale);
    // `-o -` is standard output, as `-` is standard input among the files.
    const output = values.output === STDIN_ARG ? undefined : values.output;
    const asked = values.format === undefined ? undefined : oneOf('format', values.format, PICTURE_FORMATS);
    // A file's extension names its format (`-o map.gif` is refused, not an SVG named .gif); a folder's name names none.
    const toFolder = output !== undefined && isFolderArg(output, io);
    const format = toFolder ? asked ?? 'svg' : checkedOutputFormat(asked, output, FORMAT_BY_EXTENSION, 'svg', 'cli.folderHint');
    const theme = oneOf('theme', values.theme ?? 'light', THEMES);
    const options: DiagramOptions = {
        ...(values['group-by'] !== undefined && { groupBy: oneOf('group-by', values['group-by'], ['channel', 'persona'] as const) }),
        ...(values.lanes !== undefined && { lanes: parseLanes(values.lanes) }),
        ...(values.persona !== undefined && { persona: values.persona }),
        ...(locale && { locale })
    };
    return { files, fileOpts: fileOptions(values), output, toFolder, format, theme, options, journey: values.journey };
}

interface RenderRequest {
    readonly files: string[];
    readonly fileOpts: ReturnType<typeof fileOptions>;
    readonly output: string | undefined;
    /** `output` names a folder (a trailing slash, or one that is there): one picture a journey in it. */
    readonly toFolder: boolean;
    readonly format: RenderFormat;
    readonly theme: RenderTheme;
    readonly options: DiagramOptions;
    /** --journey */
    readonly journey: string | undefined;
}

/** Loads the maps (into `loaded`), builds their diagrams and writes each picture. */
async function renderMaps({ files, fileOpts, output, toFolder, format, theme, options, journey }: RenderRequest, elk: ElkApi, io: CliIO, loaded: LoadedMap[]): Promise<number> {
    const maps = await loadMaps(withStdin(files, fileOpts.stdinFilename), io, fileOpts, journey);
    loaded.push(...maps);
    const skipped: string[] = [];
    let diagrams = maps.flatMap(({ workspace, document, shown }) => {
        // The bound builder (src/services/diagram-module.ts): the preview's, replaced in one place. The map's language is mapLocale's.
        const mapOptions = { ...options, locale: mapLocale(options.locale, workspace, document.uri, io.cwd) };
        const { diagrams: built, errors: [failed] } = workspace.services.Journey.diagram.ModelBuilder.result(document, { options: mapOptions });
        if (built.length === 0 && failed) throw new CliError({ fixed: `${shown}:${failed.line}:${failed.column}: ${failed.message}` });
        // A shared file (personas, channels, teams only) is part of the workspace, not a picture.
        if (built.length === 0) skipped.push(shown);
        return built.map(diagram => ({ diagram, shown, map: { workspace, document, shown } }));
    });
    // Asked for one picture (a file or stdout), nothing to draw is an error: an exit 0 would leave
    // CI with no file, or an empty one. Into a folder, a shared file alone is simply skipped.
    if (diagrams.length === 0 && !toFolder) {
        throw new CliError(maps.length === 1 ? localized('cli.mapHoldsNoJourney', { file: maps[0].shown }) : localized('cli.mapsHoldNoJourney', { count: maps.length }));
    }
    const said = cliLocale(io, options.locale);
    for (const shown of skipped) io.stderr.write(`${t(said, 'cli.noJourneyToRender', { file: shown })}\n`);
    if (diagrams.length === 0) return 0;
    const warnUndrawable = (map: LoadedMap) => (fonts: PngFonts) => io.stderr.write(undrawableWarning(map, io.cwd, fonts));
    if (journey !== undefined) {
        const ids = diagrams.map(d => d.diagram.id);
        diagrams = diagrams.filter(d => d.diagram.id === journey);
        if (diagrams.length === 0) throw noSuchJourney(maps.map(map => map.shown), journey, ids);
    }
    if (options.persona !== undefined) {
        checkPersona(diagrams.map(d => d.diagram), options.persona);
        // As --journey picks: a journey the persona does not go through would be drawn empty.
        diagrams = diagrams.filter(d => d.diagram.personas.some(p => p.id === options.persona));
    }
    if (diagrams.length === 1 && !toFolder) {
        writeOutput(await renderOne(diagrams[0].diagram, format, theme, elk, warnUndrawable(diagrams[0].map)), output, io);
        return 0;
    }
    if (output === undefined || !toFolder) {
        const listed = { count: diagrams.length, ids: diagrams.map(d => d.diagram.id).join(', ') };
        throw new CliError(maps.length === 1 ? localized('cli.mapHasJourneysPickOne', { file: maps[0].shown, ...listed }) : localized('cli.mapsHaveJourneysPickOne', { files: maps.length, ...listed }));
    }
    makeOutputFolder(output, io);
    const names = pictureFileNames(diagrams.map(({ diagram, shown }) => ({ id: diagram.id, shown })), format);
    for (const [i, { diagram, map }] of diagrams.entries()) {
        const out = join(output, names[i]);
        writeOutput(await renderOne(diagram, format, theme, elk, warnUndrawable(map)), out, io);
        io.stderr.write(`${t(said, 'cli.wrote', { file: out })}\n`);
    }
    return 0;
}

/** An unknown --persona would draw an empty map: a usage error naming the personas of the journeys drawn instead. */
function checkPersona(diagrams: DiagramModel[], persona: string): void {
    if (diagrams.some(d => d.personas.some(p => p.id === persona))) return;
    const names = [...new Set(diagrams.flatMap(d => d.personas.map(p => p.id)))];
    const where = diagrams.length === 1 ? localized('cli.inJourney', { id: diagrams[0].id }) : localized('cli.inJourneys', { ids: diagrams.map(d => d.id).join(', ') });
    const personas = names.length > 0 ? localized('cli.personaList', { names: names.join(', ') }) : localized('cli.noPersonaDeclared');
    throw new CliError(localized('cli.noPersona', { persona, where, personas }));
}

/** -o names a folder when it exists as one or ends with a slash. */
function isFolderArg(out: string, io: CliIO): boolean {
    if (/[\\/]$/.test(out)) return true;
    try {
        return statSync(resolve(io.cwd, out)).isDirectory();
    } catch {
        return false;
    }
}

export function oneOf<T extends string>(option: string, value: string, allowed: readonly T[]): T {
    if (!(allowed as readonly string[]).includes(value)) throw new CliError(localized('cli.unknownValue', { option: `--${option}`, value, expected: allowed.join(', ') }));
    return value as T;
}

function parseLanes(list: string): LaneId[] {
    return list.split(',').map(l => l.trim()).filter(l => l !== '').map(lane => oneOf('lanes', lane, LANE_IDS));
}

/** The standalone SVG of one journey: the preview's pipeline, ELK's answers from the cache or from ELK in this thread. */
export async function renderStandaloneSvg(diagram: DiagramModel, theme: RenderTheme, elk: ElkApi): Promise<{ svg: string; width: number; height: number }> {
    const layout = await layoutDiagram(diagram, elk);
    return { svg: renderSvg(layout, { standalone: true, theme }), width: layout.width, height: layout.height };
}

async function renderOne(
    diagram: DiagramModel, format: RenderFormat, theme: RenderTheme, elk: ElkApi, onUndrawable?: (fonts: PngFonts) => void
): Promise<string | Uint8Array> {
    return pictureAs(format, { title: diagram.title, ...await renderStandaloneSvg(diagram, theme, elk) }, theme, diagram.options.locale, onUndrawable);
}

/** A drawn picture as SVG, as PNG or as a self-contained HTML page (titled, sized by it): a map's, or compare's. */
export async function pictureAs(
    format: RenderFormat, picture: { title: string; svg: string; width: number; height: number }, theme: RenderTheme, locale?: Locale,
    onUndrawable?: (fonts: PngFonts) => void
): Promise<string | Uint8Array> {
    switch (format) {
        case 'svg': return picture.svg;
        case 'png': return rasterise(picture.svg, onUndrawable);
        case 'html': return htmlPage(picture.title, picture.svg, picture.width, picture.height, theme, locale);
    }
}

/**
 * PNG at the SVG's own size (resvg ships its binary in the npm package). resvg reads no
 * `@font-face`, so it gets the SVG's embedded font as TrueType files and, only when the text has
 * characters Arimo lacks, the installed fonts' glyphs for them (png-fonts.ts); no system font is
 * loaded otherwise. Characters no installed font can draw go to `onUndrawable`, not to silent boxes.
 */
export async function rasterise(svg: string, onUndrawable?: (fonts: PngFonts) => void): Promise<Uint8Array> {
    // require, not import(): render's bundle runs as a script with no dynamic import (render-loader.ts).
    const { Resvg } = require('@resvg/resvg-js') as typeof import('@resvg/resvg-js');
    const bundled = BUNDLED_FONT_FILES.map(file => require.resolve(`@expo-google-fonts/arimo/${file}`));
    let fonts = pngFonts(svg, bundled);
    // resvg takes fonts as files only: the fallback faces are written to a folder of their own for the time of the drawing.
    const folder = fonts.fallbacks.length > 0 ? fallbackFolder(fonts.fallbacks) : undefined;
    if (fonts.fallbacks.length > 0 && !folder) fonts = { ...fonts, fallbacks: [], undrawable: [...fonts.undrawable, ...fonts.fallbacks.flatMap(f => f.chars)] };
    if (fonts.undrawable.length > 0) onUndrawable?.(fonts);
    try {
        const fallbackFiles = fonts.fallbacks.map((_, i) => join(folder!, `fallback-${i}.ttf`));
        const resvg = new Resvg(svg, {
            fitTo: { mode: 'original' },
            font: { fontFiles: [...bundled, ...fallbackFiles], loadSystemFonts: false, defaultFontFamily: EMBEDDED_FONT_FAMILY, sansSerifFamily: EMBEDDED_FONT_FAMILY }
        });
        return resvg.render().asPng();
    } finally {
        if (folder) rmSync(folder, { recursive: true, force: true });
    }
}

/** A temporary folder holding the fallback fonts as fallback-<i>.ttf; none when it cannot be written (their characters are then undrawable). */
function fallbackFolder(fallbacks: PngFonts['fallbacks']): string | undefined {
    let folder: string | undefined;
    try {
        folder = mkdtempSync(join(tmpdir(), 'journey-fonts-'));
        fallbacks.forEach(({ font }, i) => writeFileSync(join(folder!, `fallback-${i}.ttf`), font));
        return folder;
    } catch {
        if (folder) rmSync(folder, { recursive: true, force: true });
        return undefined;
    }
}

const BUNDLED_FONT_FILES = ['400Regular/Arimo_400Regular.ttf', '600SemiBold/Arimo_600SemiBold.ttf'];

/** Height of the bar under the map that holds the zoom and pan hint, in CSS pixels. */
const HINT_BAR = 24;

/**
 * One self-contained page: the SVG inline and the preview's zoom and pan (webview/viewport.ts,
 * bundled as out/webview/standalone-page.js) as an inline script allowed by its hash only.
 */
export function htmlPage(title: string, svg: string, width: number, height: number, theme: RenderTheme, locale: Locale = DEFAULT_LOCALE): string {
    const script = readFileSync(join(__dirname, 'webview', 'standalone-page.js'), 'utf8').replace(/\n\/\/# sourceMappingURL=.*\s*$/, '\n');
    const hash = createHash('sha256').update(script).digest('base64');
    const [background, rule, hintColour] = theme === 'dark' ? ['#1e1e1e', '#333333', '#a0a0a0'] : ['#ffffff', '#e0e0e0', '#666666'];
    return `${htmlPageStart(locale, `default-src 'none'; style-src 'unsafe-inline'; font-src data:; img-src data:; script-src 'sha256-${hash}'`)}
<title>${escapeXml(title)}</title>
<style>
html, body { margin: 0; height: 100%; background: ${background}; }
/* The hint has a bar of its own under the map's area: floating over the map, it covered the bottom-right cards. */
#viewport { position: fixed; inset: 0 0 ${HINT_BAR}px 0; overflow: hidden; cursor: grab; touch-action: none; outline: none; }
#viewport.dragging { cursor: grabbing; }
#canvas { position: absolute; top: 0; left: 0; transform-origin: 0 0; }
#canvas > svg { display: block; }
#hint { position: fixed; left: 0; right: 0; bottom: 0; height: ${HINT_BAR}px; box-sizing: border-box; padding: 0 8px; border-top: 1px solid ${rule};
  font: 12px/${HINT_BAR - 1}px sans-serif; color: ${hintColour}; text-align: right; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
</style>
</head>
<body>
<div id="viewport" tabindex="0" data-width="${width}" data-height="${height}"><div id="canvas">
${svg.replace(/^<\?xml[^>]*>\s*/, '')}
</div></div>
<div id="hint" title="${escapeXml(t(locale, 'page.hint'))}">${escapeXml(t(locale, 'page.hint'))}</div>
<script>${script}</script>
</body>
</html>
`;
}
