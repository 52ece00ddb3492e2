// Bundles the three entry points with esbuild: the CLI, the language server and the VS Code client.
// Type-checking is tsc -b's job; this step only packs what runs.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';

const entries = [
  { in: 'server/src/cli.ts', out: 'dist/cli.js' },
  { in: 'server/src/server.ts', out: 'dist/server.js' },
  { in: 'client/src/extension.ts', out: 'dist/client.js' },
].filter((e) => existsSync(e.in));

const production = process.argv.includes('--production');
try {
  await Promise.all(
    entries.map((e) =>
      build({
        entryPoints: [e.in],
        outfile: e.out,
        bundle: true,
        platform: 'node',
        target: 'node20',
        format: 'cjs',
        external: ['vscode'],
        // ESM dependencies (tinyglobby/fdir) read import.meta.url; give the CJS bundle a real one.
        define: { 'import.meta.url': '__faultlineImportMetaUrl' },
        banner: { js: "const __faultlineImportMetaUrl = require('url').pathToFileURL(__filename).href;" },
        minify: production,
        sourcemap: !production,
        logLevel: 'warning',
      }),
    ),
  );
} catch {
  process.exit(1);
}
