import { analyze } from '../core/analyze';
import type { Catalog } from '../core/rules/catalog';

/**
 * Runs the analysis on a design made of the rules' own examples, then on a run of one-character
 * edits to it, so that V8 has compiled the analysis before the author's first keystrokes: cold,
 * the first few dozen edits of a long document take 20–45 ms; compiled, 7–10 ms. At most
 * `budgetMs` is spent, since the first diagnostics wait for it. Returns the number of analyses
 * run, how many findings the last one had (the examples fire most rules, so the rule code is
 * compiled too) and whether it took the incremental path.
 */
export function warmUp(catalog: Catalog, edits = 40, budgetMs = 700): { runs: number; findings: number; reused: boolean } {
  const deadline = performance.now() + budgetMs;
  const parts = [
    '# Warm-up design',
    '',
    '## Architecture',
    '',
    '- **api-gateway** routes requests to the Order Service.',
    '- The Order Service stores orders in PostgreSQL and publishes to the SQS queue `orders`.',
    '',
    'Every order the Order Service accepts is written once and read by the billing worker later',
    '',
  ];
  for (const { spec } of catalog.rules) {
    if (!spec.examples) continue;
    parts.push(`## ${spec.title}`, '', spec.examples.fires, '', spec.examples.silent, '');
  }
  let text = parts.join('\n');
  let previous = analyze(text, { catalog });
  let runs = 1;
  // Type and delete a word at the end of a prose line, as an author does.
  const line = text.indexOf('Every order the Order Service accepts');
  let at = text.indexOf('\n', line);
  const word = ' retried';
  // Forty edits take about 0.7 s on a fast machine; a slow one stops at the budget.
  for (let i = 0; i < edits && performance.now() < deadline; i++) {
    const typing = i % (2 * word.length) < word.length;
    if (typing) {
      text = text.slice(0, at) + word[i % word.length] + text.slice(at);
      at++;
    } else {
      text = text.slice(0, at - 1) + text.slice(at);
      at--;
    }
    previous = analyze(text, { catalog, previous });
    runs++;
  }
  return { runs, findings: previous.findings.length, reused: previous.doc.edited !== undefined };
}
