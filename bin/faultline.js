#!/usr/bin/env node
'use strict';
// A closed pipe (`faultline check … | head`) ends the run quietly.
process.stdout.on('error', (err) => { if (err && err.code === 'EPIPE') process.exit(process.exitCode ?? 0); else throw err; });
// Thin launcher: the CLI is bundled to dist/cli.js by `npm run build` (run by `npm install` in a clone).
require('../dist/cli.js').main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err) => { process.stderr.write(`faultline: ${err && err.stack ? err.stack : err}\n`); process.exitCode = 2; },
);
