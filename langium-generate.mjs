// `npm run generate`: langium-cli's generator, minus one warning it cannot be told to skip.
//
// The grammar lets a touchpoint's (journey's, persona's, ...) fields come in any order, so
// a single-valued field such as `emotion=SignedNumber` sits inside a repeated group, and
// langium-cli warns "Found multiple assignments to 'emotion' with the '=' assignment
// operator" for each of them (13 in all). That is deliberate: a field written twice is
// reported to the user as an error ("'emotion' is given more than once ... Keep one";
// src/language/validation/structure.ts, fields read by grammar-facts.ts SINGLE_FIELDS),
// and `+=` would turn every such field into an array across the whole code. Langium 4.2.1
// has no setting for this one check, so exactly this message is filtered here; every
// other line, warning or error is printed as langium-cli wrote it. SINGLE_FIELDS is derived
// from the grammar by the same criterion (an `=` assignment inside a repeated group), so a
// field added later is reported to users just the same.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// langium-cli exports no module path, so its bin is found where npm installs it.
const cli = fileURLToPath(new URL('node_modules/langium-cli/bin/langium.js', import.meta.url));
const KNOWN_WARNING = /^\S+\.langium:\d+:\d+ - Found multiple assignments to '\w+' with the '=' assignment operator\. Consider using '\+=' instead to prevent data loss\.$/u;
const ANSI = /\u001b\[[0-9;]*m/gu;

const run = spawnSync(process.execPath, [cli, 'generate', ...process.argv.slice(2)], { encoding: 'utf8' });
if (run.error) throw run.error;
const keep = text => text.split('\n').filter(line => !KNOWN_WARNING.test(line.replace(ANSI, ''))).join('\n');
process.stdout.write(keep(run.stdout));
process.stderr.write(keep(run.stderr));
process.exitCode = run.status ?? 1;
