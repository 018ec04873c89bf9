// The diagram pipeline: one entry point for the preview, the CLI and the tests.
// AST → buildDiagramModels → layoutDiagram (grid placement, ELK orders the touchpoints,
// orthogonal routing through the gutters) → renderSvg.
// ELK in Node: `import ELK from 'elkjs/lib/elk.bundled.js'` and `new ELK.default()` (it runs
// in-thread; the package's main entry wants the optional `web-worker` module when bundled).
export * from './types.js';
export { buildDiagramModels, buildJourneyModel, laneLabel } from './model.js';
export { applyViewOptions } from './view-options.js';
export { layoutDiagram } from './layout.js';
export { measureText, wrapText } from './text.js';
export { renderSvg, escapeXml, EMBEDDED_FONT_FAMILY } from './svg.js';
