import { join } from 'node:path';
import { runTests } from '@vscode/test-electron';

/**
 * Downloads VS Code (needs network access to the VS Code CDN, so not on this project's machines)
 * and runs suite/ inside it with the extension under development loaded from the repo.
 */
async function main(): Promise<void> {
  const repo = join(__dirname, '..', '..');
  await runTests({
    version: process.env.VSCODE_VERSION ?? 'stable',
    extensionDevelopmentPath: repo,
    extensionTestsPath: join(__dirname, 'suite', 'index.js'),
    launchArgs: [join(repo, 'test', 'fixtures', 'lsp'), '--disable-extensions', '--disable-workspace-trust'],
  });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
