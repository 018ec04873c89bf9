// Preloaded by a test (NODE_OPTIONS=--require) to list what a CLI run takes beyond its bundles: each module
// required from disk (not one of Node's own), and each grapheme segmenter made (Intl.Segmenter, ~20 ms to
// make), a line each, appended to the file JOURNEY_REQUIRES_FILE names. The CLI's bundles share this
// realm's Intl (code-cache.ts runs them in this context).
const { appendFileSync } = require('node:fs');
const Module = require('node:module');

const file = process.env.JOURNEY_REQUIRES_FILE;
const load = Module._load;
Module._load = function (request, parent, isMain) {
    if (!Module.isBuiltin(request)) appendFileSync(file, `require ${Module._resolveFilename(request, parent, isMain)}\n`);
    return load.apply(this, arguments);
};
const Segmenter = Intl.Segmenter;
Intl.Segmenter = class extends Segmenter {
    constructor(...args) {
        super(...args);
        appendFileSync(file, `Intl.Segmenter ${JSON.stringify(args)}\n`);
    }
};
