// Modules that esbuild.mjs provides at bundle time.

/** webview/layout-worker.ts, bundled on its own (with elkjs), as script text. */
declare module 'layout-worker-source' {
    const source: string;
    export default source;
}

/** elkjs's worker script (elk-worker.min.js) as text. */
declare module 'elk-worker-source' {
    const source: string;
    export default source;
}
