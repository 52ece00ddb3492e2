import * as assert from 'node:assert/strict';
import type { Analysis } from '../../server/src/core/analyze';
import type { Entity } from '../../server/src/core/types';
import { review } from './helpers/core';
import { textOf } from './helpers/text';

/** Structural extraction: entities and aliases, named queues, flows, endpoints, targets, mechanisms. */

const DESIGN = `# Ride Share — Design

## Architecture

- **Trip API**: stores trips in Amazon RDS for PostgreSQL and caches driver locations in
  ElastiCache.
- Trip events are published to the MSK topic \`trip-events\`; the Billing worker consumes them.
- Receipts go out through SendGrid; payments are taken with the Stripe API.
- Surge pricing comes from the Pricing Service over gRPC; maps come from the Acme Maps API.
- Rider profiles live in Amazon DocumentDB; live updates reach the app over Socket.IO.

## Data flow

Rider app → Trip API → PostgreSQL → \`trip-events\`

\`\`\`mermaid
flowchart LR
  app[Rider app] --> api[Trip API]
  api --> db[(PostgreSQL)]
\`\`\`

\`\`\`mermaid
sequenceDiagram
  participant A as Trip API
  participant S as Stripe
  A->>S: create PaymentIntent
  S-->>A: payment_intent.succeeded
\`\`\`

## API

| Method | Path | Purpose |
|---|---|---|
| \`POST\` | \`/api/trips\` | request a trip |
| \`GET\` | \`/api/trips/{id}\` | trip status |

\`PATCH /api/trips/{id}/cancel\` cancels a trip; \`DELETE /api/drivers/{id}\` removes a driver.

\`\`\`bash
curl -X POST https://example.test/api/never-an-endpoint
\`\`\`

## Non-functional requirements

- Availability: 99.95% per month; p99 latency under 400 ms.
- Peak throughput 1,500 requests/s.
- RPO 5 minutes, RTO 30 minutes.
- HikariCP \`maximumPoolSize\` 25; up to 16 tasks; \`max_connections\` = 500.

## Error handling

- Stripe API calls go through a circuit breaker (Resilience4j, 50% over 20 calls).
- All external API calls use a 2 s timeout.
`;

function entity(a: Analysis, id: string): Entity {
  const all = [...a.structure.components, ...a.structure.stores, ...a.structure.messaging, ...a.structure.external];
  const e = all.find((x) => x.id === id);
  assert.ok(e, `no entity ${id}; have ${all.map((x) => `${x.id} (${x.name})`).join(', ')}`);
  return e;
}

describe('extraction', () => {
  let a: Analysis;
  before(() => {
    a = review(DESIGN);
  });

  describe('entities', () => {
    it('recognises "Amazon RDS for PostgreSQL" as PostgreSQL, a relational store, keeping the alias', () => {
      const pg = entity(a, 'postgresql');
      assert.equal(pg.kind, 'relational-db');
      assert.ok(a.structure.stores.includes(pg));
      assert.ok(pg.aliases.includes('Amazon RDS for PostgreSQL'), JSON.stringify(pg.aliases));
      assert.ok(pg.mentions.some((m) => m.text === 'Amazon RDS for PostgreSQL'));
    });

    it('recognises a bare "ElastiCache" as a cache store', () => {
      const cache = a.structure.stores.find((e) => e.name === 'Amazon ElastiCache' || e.aliases.includes('ElastiCache'));
      assert.equal(cache?.kind, 'cache', JSON.stringify(a.structure.stores.map((e) => e.name)));
    });

    it('merges "Redis (Amazon ElastiCache)" and "ElastiCache for Redis" into one Redis entity with the ElastiCache alias', () => {
      for (const text of ['Sessions live in Redis (Amazon ElastiCache).', 'Sessions live in ElastiCache for Redis.']) {
        const b = review(`# Sessions\n\n## Architecture\n\n${text}\n`);
        assert.deepEqual(b.structure.stores.map((e) => e.id), ['redis'], text);
        assert.ok(b.structure.stores[0].aliases.some((x) => /ElastiCache/.test(x)), `${text}: ${JSON.stringify(b.structure.stores[0].aliases)}`);
      }
    });

    it('turns "the MSK topic `trip-events`" into a named topic of the stream that carries the MSK alias', () => {
      const topic = entity(a, 'q:trip-events');
      assert.equal(topic.name, 'trip-events');
      assert.equal(topic.kind, 'topic');
      assert.ok(a.structure.messaging.includes(topic));
      assert.ok(topic.aliases.includes('MSK'), JSON.stringify(topic.aliases));
      assert.ok(topic.mentions.filter((m) => m.text === 'trip-events').length >= 2, 'the data-flow mention of trip-events is missing');
    });

    it('classifies external APIs by domain and finds unknown names shaped like "X API"', () => {
      assert.equal(entity(a, 'stripe').domain, 'payment');
      assert.equal(entity(a, 'sendgrid').domain, 'email');
      const acme = entity(a, 'x:acme maps api');
      assert.equal(acme.group, 'external');
      assert.equal(acme.name, 'Acme Maps API');
    });

    it('finds components named in bold labels and "X Service" / "X worker" prose', () => {
      const names = a.structure.components.map((c) => c.name);
      for (const n of ['Trip API', 'Pricing Service', 'Billing worker']) assert.ok(names.includes(n), `${n} missing from ${names.join(', ')}`);
    });

    it('recognises DocumentDB and Socket.IO by their short names', () => {
      assert.equal(a.structure.stores.find((e) => /DocumentDB/.test(e.name))?.kind, 'document-db');
      assert.equal(a.structure.components.find((e) => /Socket\.IO/.test(e.name) || e.aliases.includes('Socket.IO'))?.kind, 'realtime');
    });

    it('gives every mention a range that covers exactly its text', () => {
      for (const e of [...a.structure.components, ...a.structure.stores, ...a.structure.messaging, ...a.structure.external]) {
        for (const m of e.mentions) assert.equal(textOf(DESIGN, m.range), m.text, `${e.name}: ${JSON.stringify(m.range)}`);
      }
    });

    it('keeps the mentions of two named SQS queues apart', () => {
      const b = review(
        '# Billing\n\n## Architecture\n\n- The Ledger worker consumes the SQS queue `invoice-paid`.\n- The Refund worker consumes the SQS queue `refund-issued`.\n',
      );
      const paid = entity(b, 'q:invoice-paid');
      const refund = entity(b, 'q:refund-issued');
      assert.deepEqual([...new Set(paid.mentions.map((m) => m.range.start.line))], [4], `invoice-paid mentioned on lines ${paid.mentions.map((m) => m.range.start.line + 1)}`);
      assert.deepEqual([...new Set(refund.mentions.map((m) => m.range.start.line))], [5], `refund-issued mentioned on lines ${refund.mentions.map((m) => m.range.start.line + 1)}`);
    });

    it('finds Japanese service and API names and known technologies in Japanese prose', () => {
      const b = review('# 予約システム 設計書\n\n## システム構成\n\n予約サービスは決済APIを呼び出し、結果をAurora MySQLに保存する。通知はSendGridで送る。\n');
      const names = [...b.structure.components, ...b.structure.external, ...b.structure.stores].map((e) => e.name);
      assert.ok(names.includes('予約サービス'), names.join(', '));
      assert.equal(b.structure.external.find((e) => e.name === '決済API')?.group, 'external');
      assert.equal(b.structure.stores.find((e) => e.name === 'MySQL' || e.aliases.includes('Aurora MySQL'))?.kind, 'relational-db');
      assert.ok(b.structure.external.some((e) => e.id === 'sendgrid'));
    });
  });

  describe('entities named by headings, diagrams and owners', () => {
    const STREAM = `# Telemetry pipeline

## Components

\`\`\`mermaid
flowchart LR
  IG[ingest-gateway] --> K[(Kafka)]
  K --> AD[alert-dispatcher]
  AD --> WH[Customer webhooks]
\`\`\`

### 3.1 ingest-gateway

Go service, 6 pods. Accepts batches and writes them to Kafka.

### 3.2 alert-dispatcher and device-config

Node.js service, 2 pods. alert-dispatcher sends an SMS through Twilio's Messages API and POSTs
the event to each customer webhook URL.

## Monitoring

Alerts go to the \`#pipeline-alerts\` Slack channel.
`;

    it('finds components that title a section or label a diagram node when the text names them again', () => {
      const b = review(STREAM);
      const names = b.structure.components.map((c) => c.name);
      for (const n of ['ingest-gateway', 'alert-dispatcher']) assert.ok(names.includes(n), `${n} missing from ${names.join(', ')}`);
      // Named in a heading only: not a component.
      assert.ok(!names.includes('device-config'), names.join(', '));
    });

    it('does not take the implementation language ("Node.js service") or a provider\'s product API for a component', () => {
      const b = review(STREAM);
      const all = [...b.structure.components, ...b.structure.external].map((c) => c.name);
      assert.ok(!all.some((n) => /Node\.js|Messages API/.test(n)), all.join(', '));
      assert.ok(b.structure.external.some((e) => e.id === 'twilio'));
    });

    it('finds a name that a hard-wrapped paragraph splits over two lines, and reads its provider\'s short name as that API', () => {
      const b = review(
        '# Media\n\n## Architecture\n\nAfter transcoding, the worker sends a frame to the Hive Moderation\nAPI (a third-party classifier).\nWhile Hive is down, jobs fail. The refund goes through the Stripe\nRefunds API, and the Order\n  Service records it.\n',
      );
      const names = [...b.structure.components, ...b.structure.stores, ...b.structure.external].map((e) => e.name);
      assert.ok(names.includes('Hive Moderation API') && names.includes('Order Service'), names.join(', '));
      // "Hive" is the moderation API here, not Apache Hive; "Stripe Refunds API" is Stripe's.
      assert.ok(!names.includes('Apache Hive') && !names.includes('Stripe Refunds API'), names.join(', '));
      const hive = b.structure.external.find((e) => e.name === 'Hive Moderation API')!;
      assert.equal(hive.mentions.length, 2);
      assert.ok(b.structure.external.find((e) => e.id === 'stripe')?.aliases.includes('Stripe Refunds API'));
    });

    it('reads a Japanese design\'s bold component labels, a provider API written without a space, and Slack\'s Incoming Webhook', () => {
      const b = review(
        '# 経費精算\n\n## システム構成\n\n- **OCRワーカー**: SQS キュー `receipt-ocr` をロングポーリングします。\n- **仕訳連携バッチ**: 承認済みの申請を freee会計API に送ります。\n- 承認依頼は Slack の Incoming Webhook で通知します。\n\nOCRワーカーの処理は冪等です。\n',
      );
      const names = [...b.structure.components, ...b.structure.messaging, ...b.structure.external].map((e) => e.name);
      assert.ok(names.includes('OCRワーカー') && names.includes('仕訳連携バッチ'), names.join(', '));
      // freee会計API is the known provider freee, once: no "会計API" fragment, no second dependency.
      assert.deepEqual(
        b.structure.external.map((e) => e.name).sort(),
        ['Slack API', 'freee API'],
      );
      assert.ok(b.structure.external.find((e) => e.name === 'freee API')!.aliases.includes('freee会計'));
      // The Incoming Webhook is a call to Slack, not webhooks that Slack sends.
      assert.ok(!b.structure.messaging.some((e) => e.kind === 'webhook'), names.join(', '));
    });

    it('merges an unknown API in a section titled by its provider into the provider', () => {
      const b = review('# Mail\n\n## Dependencies\n\n### SendGrid\n\nThe Mail Send API (v3) is called by mail-worker.\n');
      assert.deepEqual(b.structure.external.map((e) => e.name), ['SendGrid']);
      assert.ok(b.structure.external[0].aliases.includes('Mail Send API'));
    });

    it('treats customers\' webhook endpoints as one external dependency', () => {
      const b = review(STREAM);
      const wh = b.structure.external.find((e) => /webhook/i.test(e.name));
      assert.ok(wh, JSON.stringify(b.structure.external.map((e) => e.name)));
      assert.equal(wh.group, 'external');
      assert.ok(wh.mentions.length >= 2);
    });

    it('does not count Slack as a dependency when it is only where alerts are posted', () => {
      assert.ok(!review(STREAM).structure.external.some((e) => e.id === 'slack'));
      const product = review('# Alerts\n\n## Architecture\n\n- The notifier posts each alert to the Slack API and waits for the answer.\n');
      assert.ok(product.structure.external.some((e) => e.id === 'slack'), 'Slack called by the product is a dependency');
      const feature = review('# Digest\n\n## Architecture\n\n- The digest worker posts each summary to the customer\'s Slack channel through the Slack API.\n');
      assert.ok(feature.structure.external.some((e) => e.id === 'slack'), 'a Slack channel the product posts to is a dependency');
    });

    it('does not read "long-polls the queue" as a realtime channel', () => {
      const b = review('# Mail\n\n## Architecture\n\nmail-worker は SQS の `mail-queue` をロングポーリングで受信する。\n');
      assert.ok(!b.structure.components.some((c) => c.kind === 'realtime'), JSON.stringify(b.structure.components.map((c) => c.name)));
    });
  });

  describe('flows', () => {
    it('reads an arrow chain and links each hop to its entity', () => {
      const f = a.structure.flows.find((x) => x.source === 'arrow')!;
      assert.deepEqual(
        f.hops.map((h) => [h.text, h.entityId]),
        [
          ['Rider app', undefined],
          ['Trip API', 'x:trip api'],
          ['PostgreSQL', 'postgresql'],
          ['trip-events', 'q:trip-events'],
        ],
      );
      assert.equal(f.range.start.line, 13);
    });

    it('reads a Mermaid flowchart, using node labels as hop names', () => {
      const f = a.structure.flows.find((x) => x.source === 'mermaid' && x.hops.some((h) => h.text === 'Rider app'))!;
      assert.ok(f, 'no flow from the flowchart');
      assert.deepEqual(f.hops.map((h) => h.text), ['Rider app', 'Trip API', 'PostgreSQL']);
      assert.equal(f.hops[2].entityId, 'postgresql');
    });

    it('reads a Mermaid sequenceDiagram through participant aliases', () => {
      const f = a.structure.flows.find((x) => x.source === 'mermaid' && x.hops.some((h) => h.entityId === 'stripe'))!;
      assert.ok(f, 'no flow from the sequence diagram');
      assert.deepEqual(f.hops.map((h) => h.text).slice(0, 2), ['Trip API', 'Stripe']);
    });

    it('reads arrows written with -> and => and in Japanese', () => {
      const b = review('# Flows\n\n## Data flow\n\nApp -> Order Service => Kafka\n\n予約サービス → PostgreSQL → SQS\n');
      const chains = b.structure.flows.map((f) => f.hops.map((h) => h.text).join(' | '));
      assert.ok(chains.includes('App | Order Service | Kafka'), chains.join('; '));
      assert.ok(chains.includes('予約サービス | PostgreSQL | SQS'), chains.join('; '));
    });

    it('does not read an arrow that maps a key to a described value as a flow', () => {
      const b = review('# Store\n\n## Data\n\n- **DynamoDB `dedup`** — `client_msg_id` → stored message key, expired by DynamoDB TTL after 24 hours.\n');
      assert.deepEqual(b.structure.flows, []);
    });

    it('sends a hop that publishes to a channel through the Pub/Sub entity, not the cache of the same name', () => {
      const b = review('# Chat\n\n## Flow\n\n```\nchat-api ──► DynamoDB ──► Redis PUBLISH conv:{id} ──► ws-gateway\n```\n\nMessages fan out over Redis Pub/Sub; presence keys live in the Redis cache.\n');
      const f = b.structure.flows[0];
      assert.ok(f, 'no flow');
      const hop = f.hops.find((h) => /PUBLISH/.test(h.text));
      assert.equal(b.structure.messaging.find((e) => e.id === hop?.entityId)?.kind, 'pubsub', JSON.stringify(f.hops));
    });
  });

  describe('endpoints', () => {
    it('finds table and inline endpoints, marks the mutating ones and skips code blocks', () => {
      const eps = a.structure.endpoints.map((e) => `${e.method} ${e.path} ${e.mutating ? 'mutating' : 'read'}`);
      assert.deepEqual(eps, ['POST /api/trips mutating', 'GET /api/trips/{id} read', 'PATCH /api/trips/{id}/cancel mutating', 'DELETE /api/drivers/{id} mutating']);
      const post = a.structure.endpoints[0];
      assert.equal(DESIGN.split('\n')[post.range.start.line], '| `POST` | `/api/trips` | request a trip |');
    });
  });

  describe('targets', () => {
    it('extracts availability, latency, throughput, RPO/RTO, pool size, instance ceiling and connection limit', () => {
      const t = Object.fromEntries(a.structure.targets.map((x) => [x.kind, x.value]));
      assert.deepEqual(t, { availability: 99.95, latency: 400, throughput: 1500, rpo: 5, rto: 30, 'pool-size': 25, instances: 16, 'connection-limit': 500 });
      const avail = a.structure.targets.find((x) => x.kind === 'availability')!;
      assert.equal(textOf(DESIGN, avail.range), avail.text);
    });

    it('ignores percentages that are not availability targets', () => {
      const b = review('# Rollout\n\n## Deployment\n\nThe canary takes 10% of traffic, then 50%.\n');
      assert.deepEqual(b.structure.targets.filter((x) => x.kind === 'availability'), []);
    });

    it('reads a Max column of a scaling table as instance ceilings, but not a max-receives column of a queue table', () => {
      const b = review(
        '# Jobs\n\n## Services\n\n| Service | Min | Max |\n|---|---|---|\n| api | 2 | 12 |\n\n## Queues\n\n| Queue | Consumer | 最大受信回数 |\n|---|---|---|\n| jobs | worker | 3 |\n',
      );
      assert.deepEqual(b.structure.targets.filter((x) => x.kind === 'instances').map((x) => [x.subject, x.value]), [['api', 12]]);
    });
  });

  describe('mechanisms', () => {
    it('attributes a circuit breaker to the entity its sentence names, not to the others', () => {
      const cb = a.structure.mechanisms.filter((m) => m.ruleId === 'circuit-breaker');
      assert.ok(cb.length > 0, 'the circuit breaker was not found');
      assert.ok(cb.every((m) => m.covers.includes('stripe')));
      assert.ok(cb.every((m) => !m.covers.includes('sendgrid') && !m.covers.includes('x:acme maps api')));
    });

    it('attributes "all external API calls" evidence to every external dependency', () => {
      const t = a.structure.mechanisms.find((m) => m.ruleId === 'timeouts' && m.range.start.line === DESIGN.split('\n').findIndex((l) => l.includes('All external API calls')));
      assert.ok(t, 'the group timeout was not found');
      for (const id of ['stripe', 'sendgrid', 'x:acme maps api']) assert.ok(t.covers.includes(id), `${id} not covered: ${t.covers.join(', ')}`);
    });
  });
});
