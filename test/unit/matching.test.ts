import * as assert from 'node:assert/strict';
import { buildWordIndex, builtinCatalog, compileGated, execGated, findAliases, nextWordKeys, patternPrefixes, splitSentences, wordHeads, wordKey } from './helpers/core';

/**
 * The fast matching layer under every rule: gated patterns must find exactly what a plain
 * regex scan finds, the alias trie the longest knowledge-base name, and the sentence splitter
 * the sentence ends. These are the shortcuts that keep analysis within 2× of markdown-it.
 */

const matches = (patterns: string[], text: string) => execGated(compileGated(patterns), buildWordIndex(text)).map((m) => m.text);
const plain = (patterns: string[], text: string) => [...text.matchAll(compileGated(patterns).all)].map((m) => m[0]);

describe('gated patterns', () => {
  const cases: [string, string[], string][] = [
    ['words', ['circuit ?breakers?', 'retr(y|ies)'], 'A circuit breaker wraps calls; retries use circuitbreakers too.'],
    ['numbers', ['\\d+ (retries|retry attempts)', '([2-9]|[1-9]\\d+) (instances|replicas)'], 'Up to 3 retries, 2 instances, 12 replicas, 1 instances.'],
    ['digits inside the first word', ['\\b(p[0-4]|sev[0-4])\\b'], 'Pages on P1 and SEV2, tickets on P3; p9 is not a severity.'],
    ['punctuation first', ['\\/health', '@Scheduled', '->|→'], 'GET /healthz; @Scheduled(cron) job; A -> B → C.'],
    ['a word that ends at punctuation', ['wss?://'], 'Clients connect to wss://chat and ws://local.'],
    ['Japanese alternatives', ['(availability|可用性) .{0,20}\\d+%', 'マルチAZ'], 'Availability is 99.9% here. 可用性は 99.95% を目標。マルチAZ構成。'],
    ['Japanese alternatives in English text', ['(availability|可用性) .{0,20}\\d+%'], 'Availability target: 99.9% for the API.'],
    [
      'a first word, a separator, a second word',
      ['in[- ]flight', 'alter table', '\\b(one|1) (instance|node)\\b', 'dead[- ]letter( queue)?'],
      'In-flight work; in  flight; in\nflight; in-memory; in the flight; ALTER   TABLE; alter tables; one node; 1 instance; 1-node; one, node; dead-letter queue.',
    ],
    ['Japanese from first to last character', ['決済(サーバー|サービス)', '(最大)?プールサイズ', '(DB|RDS).{0,10}レプリカ'], '決済サーバーと決済サービス。最大プールサイズは20、プールサイズ。DBのリードレプリカ。'],
    [
      'words with the same four letters that begin differently',
      ['configuration', 'retr(y|ies)', 'socket\\.io', 'dead[- ]letter', '(the )?cache', 'p9\\d latency'],
      'config, Configuration, configured; retry, Retries, retrieve; Socket.IO, socket io; deadletter, dead letter; the cache, thee cache, cached; p99 latency, p999 latency.',
    ],
    ['two words and one word with the same start', ['in[- ]flight', 'in ?memory'], 'In-flight work; in memory; inmemory; in-memory; in flight.'],
  ];
  for (const [name, patterns, text] of cases) {
    it(`finds what a plain scan finds: ${name}`, () => {
      assert.deepEqual(matches(patterns, text), plain(patterns, text));
      assert.ok(matches(patterns, text).length > 0, 'the case must match something');
    });
  }

  it('derives word keys, digits and Japanese starts from a pattern', () => {
    assert.deepEqual([...patternPrefixes('circuit ?breakers?')!.words], ['circ']);
    assert.deepEqual([...patternPrefixes('[2-9] nodes')!.words], ['#']);
    assert.deepEqual([...patternPrefixes('wss?://')!.words].sort(), ['ws', 'wss']);
    assert.deepEqual(patternPrefixes('(uptime|稼働率) target'), { words: new Set(['upti']), cjk: new Set(['稼']) });
    assert.equal(patternPrefixes('/health'), undefined);
  });

  it('tries a pattern of two words only where the next word starts like its second', () => {
    assert.deepEqual(nextWordKeys('in[- ]flight'), [wordKey('flig')]);
    assert.deepEqual(nextWordKeys('\\d+ (retries|retry attempts)'), [wordKey('retr')]);
    assert.deepEqual(nextWordKeys('\\b(one|1) (instance|node)\\b')!.sort(), [wordKey('inst'), wordKey('node')].sort());
    // One word or not: "in memory" and "inmemory"; "request_id" is one word; "99.9 %" has punctuation first.
    assert.equal(nextWordKeys('in ?memory'), undefined);
    assert.equal(nextWordKeys('request[_ -]?ids?'), undefined);
    assert.equal(nextWordKeys('\\d+(\\.\\d+)? %'), undefined);
    assert.equal(nextWordKeys('(the )?cache'), undefined);
  });

  it('derives how the first word must begin, where that says more than its key', () => {
    assert.deepEqual(wordHeads('configuration'), ['configur']);
    assert.deepEqual(wordHeads('retr(y|ies)')!.sort(), ['retries', 'retry']);
    assert.deepEqual(wordHeads('socket\\.io'), ['socket\u0000']);
    assert.deepEqual(wordHeads('(the )?cache')!.sort(), ['cache', 'the\u0000']);
    assert.equal(wordHeads('\\d+ retries'), undefined);
    assert.equal(wordHeads('(?<!x)cache'), undefined);
  });

  it('indexes a text whose words are nearly all distinct (the key table grows)', () => {
    const words = Array.from({ length: 3000 }, (_, i) => `k${i.toString(36).padStart(3, '0')}`);
    const index = buildWordIndex(words.join(' '));
    assert.equal(index.count, 3000);
    assert.deepEqual(matches(['k2ba', 'k0zz'], words.join(' ')), ['k0zz', 'k2ba']);
  });

  it('starts a number match only where the number starts a word ("v2 retries" is a version)', () => {
    assert.deepEqual(matches(['\\d+ retries'], 'v2 retries; 2 retries; K8s'), ['2 retries']);
  });

  it('gates "P1" and "SEV2" as whole words, so they count as alert severities', () => {
    assert.deepEqual(matches(['\\b(p[0-4]|sev[0-4])\\b'], 'P1 pages; SEV2 tickets; P9 no; sev3.'), ['P1', 'SEV2', 'sev3']);
  });
});

describe('knowledge-base names', () => {
  const kb = builtinCatalog().knowledge;
  const names = (text: string) => findAliases(kb, buildWordIndex(text)).map((m) => `${m.text}=${m.tech.id}`);

  it('prefers the longest alias at a position', () => {
    const found = names('Trips live in Amazon RDS for PostgreSQL; sessions in Amazon ElastiCache.');
    assert.ok(found.some((f) => f.startsWith('Amazon RDS for PostgreSQL=')), found.join(', '));
    assert.ok(found.some((f) => f.startsWith('Amazon ElastiCache=') || f.startsWith('ElastiCache=')), found.join(', '));
  });

  it('matches names with punctuation between words and across line breaks', () => {
    const found = names('Live updates over Socket.IO and Google Cloud\nPub/Sub.');
    assert.ok(found.some((f) => f.startsWith('Socket.IO=')), found.join(', '));
    assert.ok(found.some((f) => /^Google Cloud\nPub\/Sub=/.test(f)), found.join(', '));
  });

  it('keeps case-sensitive aliases case-sensitive and whole words whole', () => {
    assert.deepEqual(names('the aurora borealis; Redisson client; node-redis'), []);
    assert.ok(names('Amazon Aurora and Redis').length === 2);
  });

  it('finds names that start with punctuation or Japanese, in English and Japanese text alike', () => {
    assert.ok(names('Pipelines are defined in .gitlab-ci.yml at the root.').some((f) => f.startsWith('.gitlab-ci.yml=')));
    assert.ok(names('予約は楽天トラベル APIから取得する。').some((f) => f.startsWith('楽天トラベル')));
  });

  it('finds names that continue in Japanese', () => {
    assert.ok(names('決済はGMOペイメントゲートウェイ、通知はLINE公式アカウント。').length >= 2);
  });
});

describe('sentence splitting', () => {
  const split = (text: string) => splitSentences(text, 0, text.length).map((s) => text.slice(s.start, s.end));

  it('does not end sentences at abbreviations, decimals, ordinals or dotted names', () => {
    assert.deepEqual(split('Use e.g. Socket.IO vs. raw sockets at 99.9% uptime. J. Smith owns it! Done?'), [
      'Use e.g. Socket.IO vs. raw sockets at 99.9% uptime.',
      'J. Smith owns it!',
      'Done?',
    ]);
    assert.deepEqual(split('1. First step\nthen more. Next'), ['1. First step\nthen more.', 'Next']);
  });

  it('ends Japanese sentences at 。！？', () => {
    assert.deepEqual(split('決済はStripe。通知はSES！失敗時は？'), ['決済はStripe。', '通知はSES！', '失敗時は？']);
  });
});
