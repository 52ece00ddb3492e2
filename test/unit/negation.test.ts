import * as assert from 'node:assert/strict';
import { builtinCatalog, isNegated, parseDesignDoc, review } from './helpers/core';

/**
 * Negation: evidence that is negated, deferred or undecided in its own clause is not evidence
 * ("no retries", "timeouts are not defined", "TBD", 「未定」「なし」「対象外」); the same words
 * outside that clause, or in fixed phrases such as "no more than", do not negate.
 */

/** Whether `term` (its first occurrence in `line`) reads as negated. */
function negated(line: string, term: string): boolean {
  const text = `# Notes\n\n${line}\n`;
  const doc = parseDesignDoc(text);
  const at = text.indexOf(term, text.indexOf(line.split('\n').pop()!));
  assert.ok(at >= 0, `"${term}" not in "${line}"`);
  const unit = doc.units.find((u) => at >= u.start && at < u.end);
  assert.ok(unit, `no unit holds "${term}"`);
  return isNegated(unit, at - unit.start, at - unit.start + term.length, builtinCatalog().knowledge.vocab);
}

describe('negation', () => {
  const negatedCases: [string, string][] = [
    ['There are no retries for failed uploads.', 'retries'],
    ['Timeouts are not defined for the Slack client.', 'Timeouts'],
    ['Retry policy: TBD.', 'Retry policy'],
    ['A dead-letter queue is not planned for v1.', 'dead-letter queue'],
    ['We do not use circuit breakers.', 'circuit breakers'],
    ['Circuit breakers will be added later.', 'Circuit breakers'],
    ['We might later add a circuit breaker.', 'circuit breaker'],
    ['The service has no health check beyond the port check.', 'health check'],
    ['Load testing is out of scope.', 'Load testing'],
    ['Runbooks: TODO', 'Runbooks'],
    ['リトライ方針は未定。', 'リトライ'],
    ['DLQはなし。', 'DLQ'],
    ['サーキットブレーカーは対象外とする。', 'サーキットブレーカー'],
    ['タイムアウトは設定しない。', 'タイムアウト'],
    ['| Mechanism | Status |\n|---|---|\n| Retry policy | TBD |', 'Retry policy'],
    ['| Mechanism | Status |\n|---|---|\n| Circuit breaker | — |', 'Circuit breaker'],
    ['| 項目 | 方針 |\n|---|---|\n| Dead-letter queue | なし |', 'Dead-letter queue'],
  ];
  for (const [line, term] of negatedCases) {
    it(`treats "${term}" as negated in: ${line.split('\n').pop()}`, () => assert.equal(negated(line, term), true));
  }

  const affirmedCases: [string, string][] = [
    ['We retry with exponential backoff, no more than 5 attempts.', 'exponential backoff'],
    ['Deploys happen with no downtime, and a circuit breaker protects Stripe calls.', 'circuit breaker'],
    ['Messages are never lost: a dead-letter queue keeps every failure.', 'dead-letter queue'],
    ['The timeout is 2 s, but retries are not defined.', 'timeout'],
    ['If the circuit breaker is open, we do not call Stripe.', 'circuit breaker'],
    ['タイムアウトは2秒とする。', 'タイムアウト'],
    ['DLQを設定する。再試行はなし。', 'DLQ'],
    ['サーキットブレーカーが開いたら呼び出さない。', 'サーキットブレーカー'],
    ['| Mechanism | Status |\n|---|---|\n| Retry policy | exponential backoff, 5 attempts |', 'Retry policy'],
    ['| Store | Redundancy | Backup |\n|---|---|---|\n| Redis | cluster mode, 3 shards with a replica each | なし |', 'cluster mode'],
    ['| 連携先 | リトライ | サーキットブレーカー |\n|---|---|---|\n| Vision API | 3 回(指数バックオフ) | なし |', '指数バックオフ'],
  ];
  for (const [line, term] of affirmedCases) {
    it(`keeps "${term}" as evidence in: ${line.split('\n').pop()}`, () => assert.equal(negated(line, term), false));
  }

  it('reads a Japanese status word inside the matched phrase as negation (トレースコンテキストを未伝播)', () => {
    const text = [
      '# 推論基盤 設計書',
      '',
      '## システム構成',
      '',
      '推論API は SQS にジョブを送信し、ジョブワーカーが受信して DynamoDB に書き込む。',
      '',
      '## 監視',
      '',
      '- トレーシング：OpenTelemetry で推論API を計測する。SQS 経由の非同期ジョブにはトレースコンテキストを未伝播。',
      '',
    ].join('\n');
    const a = review(text);
    assert.ok(!a.structure.mechanisms.some((m) => m.text.includes('未伝播')), JSON.stringify(a.structure.mechanisms.map((m) => m.text)));
    assert.ok(a.findings.some((f) => f.ruleId === 'distributed-tracing'), a.findings.map((f) => f.ruleId).join(', '));
  });

  it('leaves negated evidence out of the mechanisms and keeps the affirmed one', () => {
    const a = review(
      [
        '# Notifications',
        '',
        '## Architecture',
        '',
        'The worker posts to the Slack API and sends e-mail through SendGrid.',
        '',
        '## Error handling',
        '',
        '- SendGrid calls go through a circuit breaker.',
        '- Slack API circuit breaker: TBD.',
        '',
      ].join('\n'),
    );
    const breakers = a.structure.mechanisms.filter((m) => m.ruleId === 'circuit-breaker');
    assert.deepEqual(breakers.map((m) => m.range.start.line), [8]);
    const slack = a.findings.filter((f) => f.ruleId === 'circuit-breaker').map((f) => f.entity?.name);
    assert.deepEqual(slack, ['Slack API']);
  });
});
