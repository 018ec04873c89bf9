#!/usr/bin/env node
// node-gyp as code-server's install runs it for the e2e suite: linked as node-gyp into
// .e2e-cache/node_modules/.bin, which npm puts on a dependency's script PATH ahead of its own
// node-gyp (it adds node_modules/.bin of every folder above the package). The native addons the
// suite's VS Code server never loads are not built; every other one is built by npm's own
// node-gyp, unchanged.
//
// Why: installing code-server on a fresh machine is the slowest step of CI, and most of it was
// compiling @vscode/sqlite3 (one 8 MB C file, ~80 s of CPU on one core), which only the desktop
// app's storage uses; ssh2 and cpu-features are addons VS Code's own package.json tells npm not
// to build (its `allowScripts`), built only because the install must allow every script.
'use strict';
const { readFileSync } = require('node:fs');
const { dirname, join } = require('node:path');

const NOT_LOADED_BY_THE_SERVER = new Set(['@vscode/sqlite3', 'ssh2', 'cpu-features']);

const { name } = JSON.parse(readFileSync(join(process.cwd(), 'package.json'), 'utf8'));
if (NOT_LOADED_BY_THE_SERVER.has(name)) {
    console.log(`e2e: not building ${name} (the tests' VS Code server never loads it)`);
} else {
    // npm sets npm_execpath to its own CLI script for the scripts it runs; its node-gyp sits beside it.
    const npmCli = process.env.npm_execpath;
    if (!npmCli) throw new Error('node-gyp-for-code-server.cjs: npm_execpath is not set (run by npm only)');
    require(join(dirname(dirname(npmCli)), 'node_modules/node-gyp/bin/node-gyp.js'));
}
