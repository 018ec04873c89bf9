#!/usr/bin/env node
// The `journey` CLI: runs the bundle that `npm install` builds (see esbuild.mjs).
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
require('../out/cli.cjs').runCli();
