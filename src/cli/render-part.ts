/**
 * `journey render`'s part of the commands bundle (commands-bundle.ts `renderPart`), whose
 * modules' top-level code runs only when render asks for it: run on every lint, it cost a lint
 * of one map ~15 ms of CPU (0.241 s against 0.225 s, 10 interleaved runs).
 */
export { offerElkThread } from './elk-thread.js';
export { renderCommand } from './render.js';
