// Latency of the real language server: time from each didChange to the diagnostics for that
// version, over JSON-RPC on stdio, with debounce 0. `npm run bench` imports benchLsp();
// run directly: node scripts/bench-lsp.mjs [--pull] [--edits N] [--json] [FILE]
// (BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the server process.)
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import lsp from 'vscode-languageserver-protocol/node.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_FILE = resolve(ROOT, '..', 'shared', 'corpus', 'real', 'kubernetes__enhancements', 'keps__sig-api-machinery__1040-priority-and-fairness__README.md');

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Positions to type at: the ends of prose lines spread over the document, like an author editing. */
function typingSpots(text, count) {
  const lines = text.split('\n');
  const prose = [];
  let fence = false;
  lines.forEach((l, i) => {
    if (/^\s*(```|~~~)/.test(l)) fence = !fence;
    else if (!fence && /^[A-Za-z].{40,}$/.test(l)) prose.push(i);
  });
  const spots = [];
  for (let k = 0; k < count; k++) spots.push(prose[Math.floor(((k + 0.5) / count) * prose.length)]);
  return spots.map((line) => ({ line, character: lines[line].length }));
}

/**
 * Opens `file` in a fresh server, then types `edits` single characters (a phrase at a few places),
 * waiting after each didChange for its diagnostics. Returns latencies in milliseconds.
 */
export async function benchLsp({ file = DEFAULT_FILE, edits = 100, pull = false, server = join(ROOT, 'dist', 'server.js'), nodeArgs = [] } = {}) {
  const text = readFileSync(file, 'utf8');
  const child = spawn(process.execPath, [...nodeArgs, server, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const conn = lsp.createProtocolConnection(new lsp.StreamMessageReader(child.stdout), new lsp.StreamMessageWriter(child.stdin));
  const waiting = new Map();
  conn.onNotification(lsp.PublishDiagnosticsNotification.type, (p) => {
    const w = waiting.get(p.version);
    if (w) {
      waiting.delete(p.version);
      w(p.diagnostics);
    }
  });
  conn.onRequest(lsp.ConfigurationRequest.type, (p) => p.items.map(() => ({ debounceMs: 0 })));
  conn.onRequest(lsp.RegistrationRequest.type, () => undefined);
  conn.listen();
  const uri = pathToFileURL(file).toString();
  const capabilities = {
    workspace: { configuration: true },
    textDocument: { publishDiagnostics: { versionSupport: true }, ...(pull ? { diagnostic: {} } : {}) },
  };
  await conn.sendRequest(lsp.InitializeRequest.type, { processId: process.pid, rootUri: null, capabilities });
  await conn.sendNotification(lsp.InitializedNotification.type, {});

  const diagnosticsFor = async (version) => {
    if (pull) {
      const r = await conn.sendRequest(lsp.DocumentDiagnosticRequest.type, { textDocument: { uri } });
      return r.items;
    }
    return new Promise((res) => waiting.set(version, res));
  };

  let t = performance.now();
  let pending = pull ? undefined : diagnosticsFor(1);
  await conn.sendNotification(lsp.DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'markdown', version: 1, text } });
  const first = await (pending ?? diagnosticsFor(1));
  const openMs = performance.now() - t;

  const phrase = ' Calls to the API server use a 5s timeout and retry with exponential backoff.';
  const spots = typingSpots(text, 4);
  const perSpot = Math.ceil(edits / spots.length);
  const latencies = [];
  let version = 1;
  for (let i = 0; i < edits; i++) {
    const spot = spots[Math.floor(i / perSpot)];
    const offset = i % perSpot;
    const at = { line: spot.line, character: spot.character + offset };
    const ch = phrase[offset % phrase.length];
    version++;
    pending = pull ? undefined : diagnosticsFor(version);
    t = performance.now();
    await conn.sendNotification(lsp.DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version },
      contentChanges: [{ range: { start: at, end: at }, text: ch }],
    });
    await (pending ?? diagnosticsFor(version));
    latencies.push(performance.now() - t);
  }
  await conn.sendRequest('shutdown');
  await conn.sendNotification('exit');
  conn.dispose();
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    file,
    lines: text.split('\n').length,
    mode: pull ? 'pull' : 'push',
    edits,
    openMs,
    initialDiagnostics: first.length,
    latencies,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    max: sorted.at(-1),
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const n = args.indexOf('--edits');
  const file = args.find((a, i) => !a.startsWith('--') && (n < 0 || i !== n + 1));
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
  const r = await benchLsp({ file: file ?? DEFAULT_FILE, pull: args.includes('--pull'), edits: n >= 0 ? Number(args[n + 1]) : 100, nodeArgs });
  if (args.includes('--json')) console.log(JSON.stringify(r));
  else {
    const f = (x) => `${x.toFixed(1)} ms`;
    console.log(`LSP latency (${r.mode}, debounce 0) on ${r.lines} lines, ${r.edits} single-character edits:`);
    console.log(`  open ${f(r.openMs)} (${r.initialDiagnostics} diagnostics)`);
    console.log(`  didChange → diagnostics: p50 ${f(r.p50)}  p95 ${f(r.p95)}  max ${f(r.max)}  (target p95 ≤ 30 ms)`);
  }
}
