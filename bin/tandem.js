#!/usr/bin/env node
// The built CLI lives in dist/; a fresh clone must be built first.
import { existsSync } from 'node:fs';

const entry = new URL('../dist/src/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('tandem: not built yet — run "npm run build" (or "npm start") first\n');
  process.exit(1);
}
await import(entry.href);
