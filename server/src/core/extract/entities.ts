import { positionAt, rangeOf, stripInline, unitAt, type DesignDoc } from '../document/designDoc';
import { findAliases, groupOfKind, normalizeAlias, type AliasMatch, type Knowledge } from '../knowledge/knowledge';
import { absorbTechnologiesIntoComponents, addWebhooks, WEBHOOK, mergeInstances, mergeManagedPlatforms, mergeProductApis, mergeShortNames, promoteStoreInstances, type Candidate, type RawMention } from './entityMerge';
import { buildWordIndex, compileGated, execGated, positionsOf, positionsOfAny, wordKey, type GatedRegex, type WordIndex } from '../text/gatedRegex';
import { LineScans } from '../text/lineScans';
import { test } from '../text/patterns';
import type { Entity } from '../types';
import { isAsideSection, sectionIs } from './sections';

/** Suffixes that make a CamelCase identifier a component name (NotificationWorker, CacheGateway). */
const CAMEL_COMPONENT = /(?<![A-Za-z0-9_./-])(?:[A-Z][a-z0-9]+){1,4}(?:Service|Worker|Handler|Gateway|Relay|Generator|Scheduler|Consumer|Producer|Processor|Manager|Controller|Server|Proxy|Router|Dispatcher|Publisher|Subscriber|Engine|Aggregator|Indexer|Poller|Syncer|Broker|Coordinator|Orchestrator|Collector|Notifier|Listener|Backend|Frontend|App|Api|API|Bot|Job)(?![A-Za-z0-9_])/y;
/** "WebSocket service", "Shipping API", "Inventory Service" (a word ending in "." ends a sentence, not a name). */
const NAMED_SERVICE = /(?<![A-Za-z0-9_./-])((?:[A-Z](?:[A-Za-z0-9.]*[A-Za-z0-9])?[ -]){0,2}[A-Z][A-Za-z0-9.]* )(service|Service|API|worker|Worker|gateway|Gateway|server|Server)(?![A-Za-z0-9_-])/g;
/** NAMED_SERVICE for a name wrapped onto the next line of its sentence ("the Hive Moderation\nAPI"). */
const NAMED_SERVICE_WRAPPED = /(?<![A-Za-z0-9_./-])((?:[A-Z](?:[A-Za-z0-9.]*[A-Za-z0-9])?(?:[ -]|\n[ \t]*)){0,2}[A-Z][A-Za-z0-9.]*(?: |\n[ \t]*))(service|Service|API|worker|Worker|gateway|Gateway|server|Server)(?![A-Za-z0-9_-])/g;
/** What may precede the last word of a wrapped name on its line: up to two capitalised words. */
const WRAPPED_LINE_HEAD = /^[ \t]*(?:[A-Z][A-Za-z0-9.]*[ -]){0,2}$/;
/** Word keys of NAMED_SERVICE's last word: only lines holding one can match. */
const NAMED_SERVICE_KEYS = ['serv', 'api', 'work', 'gate'].map(wordKey);
const EXTERNAL_WORDS = /third[- ]party|external|vendor|provider|partner|saas|外部|連携|提供元/i;
/** Bold labels: **worker service**. */
const BOLD = /\*\*([^*\n]{2,40}?)\*\*/g;
const BOLD_COMPONENT = /(service|worker|gateway|server|api|proxy|relay|scheduler|consumer|producer|processor|handler|broker|backend|frontend|サービス|ワーカー|サーバー?|ゲートウェイ|バッチ)$/i;
/** 予約サービス, 決済API, 通知ワーカー. */
const JA_SERVICE = /([\p{Script=Katakana}\p{Script=Han}ー]{2,12})(サービス|ワーカー|サーバー?|ゲートウェイ|API|バッチ)/gu;
const JA_SUFFIXES = ['サービス', 'ワーカー', 'サーバ', 'ゲートウェイ', 'API', 'バッチ'];
const JA_STOP = /^(外部|各|全|本|当|社内|他|既存|新|旧|共通|対象|同じ|同一|該当|上記|下記|関連|複数|自社|他社|当該)/;
const STOP_WORDS = new Set([
  'the', 'a', 'an', 'this', 'that', 'these', 'those', 'our', 'your', 'their', 'its', 'each', 'every', 'any', 'all', 'some', 'other', 'another',
  'rest', 'http', 'https', 'web', 'public', 'private', 'internal', 'external', 'admin', 'new', 'old', 'core', 'main', 'same', 'json', 'graphql',
  'grpc', 'crud', 'batch', 'streaming', 'legacy', 'client', 'server', 'backend', 'frontend', 'third-party', 'v1', 'v2', 'v3', 'one', 'two',
  'downstream', 'upstream', 'partner', 'customer', 'user', 'openapi', 'alpha', 'beta', 'ga', 'stable', 'if', 'when', 'then', 'for', 'in', 'on',
  'with', 'and', 'or', 'to', 'of', 'by', 'as', 'at', 'from', 'is', 'are', 'be', 'we', 'it', 'they', 'kep', 'kubernetes', 'k8s', 'go', 'java',
  'node', 'native', 'remote', 'local', 'mock', 'fake', 'test', 'example', 'sample', 'given', 'cloud', 'managed', 'hosted', 'existing', 'current',
]);
/** Words right before a mention that rule the technology out. */
const REJECTED_BEFORE = /(\b(do(es)?n't|do(es)? not|won't|will not|never|no longer|cannot|can't)\s+(use|run|adopt|deploy|need|expose|call|depend on|rely on|choose|pick|introduce)|\binstead of|\brather than|\bwithout|\bnot\s+(use|using|on|via|through))\s+(an?\s+|the\s+|any\s+|our\s+)?$|(を|は)?(使わない|使用しない|採用しない|利用しない)$/i;

/** kebab-case or snake_case identifiers in bold are component names (**ws-gateway**). */
const IDENTIFIER = /^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)+$/;
/** Header of a table whose first column lists components. */
const COMPONENT_COLUMN = /^(services?|components?|modules?|name|systems?|workers?|サービス|コンポーネント|モジュール|名称|システム|構成要素)(\s*名)?$/i;
/** One-word table entries that name a role, not a component ("API" and "Worker" rows of a scaling table). */
const GENERIC_NAMES = new Set(['api', 'apis', 'worker', 'workers', 'web', 'app', 'apps', 'frontend', 'backend', 'websocket', 'database', 'db', 'cache', 'queue', 'server', 'servers', 'service', 'services', 'gateway', 'client', 'clients', 'total', 'all', 'other', 'others', 'system', 'batch', 'jobs', 'job', 'ui']);
/** Header of a table whose first column lists third-party dependencies. */
const DEPENDENCY_COLUMN = /^((external )?dependenc(y|ies)|providers?|integrations?|vendors?|upstreams?|third[- ]party|依存先|外部依存|連携先|外部サービス|外部API)$/i;
/** A backticked name: a topic or queue when its sentence talks about topics, partitions, consumers. */
const BACKTICKED = /`([a-z][a-z0-9_.:-]{2,79})`/g;
/** Text just before a backticked name that makes it a queue or topic. */
const QUEUE_BEFORE = /(\b(topics?|queues?|streams?|subjects?|channels?|exchanges?|subscriptions?)|\b(publish(es|ed|ing)?|produc(es|ed|ing)|send(s|ing)?|sent|enqueue(s|d)?|writ(es|ten|ing)|push(es|ed)?|emit(s|ted)?)\b[^.;`]{0,20}\b(to|into|on|onto)|\b(consum(es|ed|ing)|reads?|polls?|long[- ]polls?|subscrib(es|ed)\s+to|listens?\s+(to|on)|drains?)(\s+from)?)\s*[:=]?\s*$|(キュー|トピック)\s*[:：]?\s*$/i;
/** Text just after a backticked name that makes it a queue or topic. */
const QUEUE_AFTER = /^\s*(topic|queue|stream|subject|channel|exchange|subscription|dead[- ]letter)s?\b|^\s*\(\s*\d+\s+partitions\b|^\s*(キュー|トピック|に(送信|発行|投入))/i;
const NOT_A_TOPIC_AFTER = /^\s+(message|messages|event|events|row|rows|column|table|field|header|key|type|record|records|payload|command|flag|setting|file|value)\b/i;
/** "Kafka: telemetry.raw", "SQS: orders", "SQS murmur-push-jobs", 「SQS の inference-jobs」. */
const TECH_LABEL = /^(?:\s*[:：]\s*`?([a-z][a-z0-9_.-]{2,79})`?|\s*(?:の\s*)?`?([a-z][a-z0-9_]*(?:[-_.][a-z0-9_]+)+)`?)/;
const DLQ_NAME = /dlq|\bdlt\b|[._-]dlt$|dead[-_.]?letter|deadletter|parking|retry|[<>]/i;

/**
 * Finds the entities of the design: knowledge-base technologies, named queues and topics,
 * and components named in prose, bold labels, tables and diagrams.
 */
export function extractEntities(
  doc: DesignDoc,
  kb: Knowledge,
  words: WordIndex = buildWordIndex(doc.masked),
  aliases: AliasMatch[] = findAliases(kb, words),
  scans: LineScans = new LineScans(doc.masked, doc.lineStarts),
): Entity[] {
  const cands = new Map<string, Candidate>();
  /** Spans of knowledge-base names, in text order. */
  const taken: { start: number; end: number }[] = [];
  const text = doc.masked;

  const unitOf = (offset: number) => unitAt(doc, offset);
  const add = (c: Omit<Candidate, 'mentions' | 'aliases'> & { aliases?: string[] }, start: number, end: number, unit: number) => {
    let cand = cands.get(c.key);
    if (!cand) {
      // Every candidate has the same fields in the same order (one object shape for the merges).
      cand = { key: c.key, name: c.name, kind: c.kind, group: c.group, domain: c.domain, techId: c.techId, implementsIds: c.implementsIds, aliases: new Set(c.aliases ?? []), mentions: [] };
      cands.set(c.key, cand);
    }
    cand.mentions.push({ key: c.key, start, end, unit });
  };
  /**
   * Inside a longer known name ("Management API" in "Auth0 Management API"), or starting inside
   * one ("会計API" in "freee会計API", whose "freee会計" is known): a fragment, not a name.
   */
  const overlaps = (s: number, e: number) => {
    let lo = 0;
    let hi = taken.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (taken[mid].start <= s) lo = mid + 1;
      else hi = mid - 1;
    }
    return hi >= 0 && (e <= taken[hi].end || (s > taken[hi].start && s < taken[hi].end));
  };

  // 1. Knowledge-base technologies.
  for (const m of aliases) {
    const unit = unitOf(m.start);
    if (unit < 0) continue;
    const t = m.tech;
    const group = groupOfKind(t.kind);
    taken.push({ start: m.start, end: m.end });
    if (!group) continue;
    add({ key: t.id, name: t.name, kind: t.kind, group, domain: t.domain, techId: t.id, implementsIds: t.implements }, m.start, m.end, unit);
  }

  // 2. Named queues / topics next to a messaging technology.
  const instanceOf = new Map<string, string>(); // instance key -> tech key
  // Topics and queues named in backticks next to messaging words ("writes to `alerts.outbound`
  // (12 partitions)", "Kafka: telemetry.raw").
  const messagingTechs = [...cands.values()].filter((c) => c.group === 'messaging' && c.techId);
  const techFor = (unit: number) => messagingTechs.find((c) => c.mentions.some((x) => x.unit === unit)) ?? (messagingTechs.length === 1 ? messagingTechs[0] : undefined);
  const addInstance = (name: string, unit: number, tech: Candidate | undefined) => {
    if (DLQ_NAME.test(name) || /^[\d.]+$/.test(name) || /[{}/]/.test(name) || /\.(ya?ml|json|md|sql|txt|csv|java|go|ts|js|py)$/i.test(name)) return;
    const key = `q:${name.toLowerCase()}`;
    if (cands.has(key) || cands.has(`x:${normalizeAlias(name)}`)) return;
    // A topic of a stream platform is a 'topic': its redundancy is the cluster's, not its own.
    const kind = tech?.kind === 'stream' ? 'topic' : tech?.kind ?? 'queue';
    cands.set(key, { key, name, kind, group: 'messaging', aliases: new Set(tech ? [tech.name] : []), mentions: [] });
    if (tech) instanceOf.set(key, tech.key);
    void unit;
  };
  for (const m of scans.matches(BACKTICKED, ['`'])) {
    const unit = unitOf(m.index);
    if (unit < 0) continue;
    const u = doc.units[unit];
    const name = m[1];
    const after = text.slice(m.index + m[0].length, m.index + m[0].length + 24);
    const before = text.slice(Math.max(u.start, m.index - 40), m.index);
    if (NOT_A_TOPIC_AFTER.test(after) || /(consumer )?group\s*$|key\s*$|header\s*$/i.test(before)) continue;
    // The name must be tied to the queue or topic itself ("topic `orders`", "publishes to
    // `alerts.outbound`", a Topic column), not merely share a sentence with messaging words.
    const column = u.kind === 'table-row' ? u.header?.[u.cells?.findIndex((c) => m!.index - u.start >= c.start && m!.index - u.start < c.end) ?? -1] : undefined;
    const tied = QUEUE_BEFORE.test(before) || QUEUE_AFTER.test(after) || (column !== undefined && /^(topics?|queues?|streams?|channels?|subjects?|キュー|トピック)/i.test(column));
    if (!tied) continue;
    const nounNext = /\b(topic|queue|stream|subject|channel|exchange)s?\s*[:=]?\s*$/i.test(before) || /^\s*(topic|queue|stream|subject|channel|exchange)s?\b/i.test(after) || /キュー|トピック/.test(before.slice(-6) + after.slice(0, 6));
    if (!/[._:-]/.test(name) && !nounNext) continue;
    addInstance(name, unit, techFor(unit));
  }
  for (const tech of messagingTechs) {
    for (const mention of tech.mentions) {
      const label = TECH_LABEL.exec(text.slice(mention.end, mention.end + 80));
      if (label) addInstance(label[1] ?? label[2], mention.unit, tech);
    }
  }
  // Every mention of a named queue: tried only at the words that start like its name.
  for (const [key, cand] of cands) {
    if (!key.startsWith('q:')) continue;
    const name = cand.name;
    const first = /^[A-Za-z0-9_]+/.exec(name);
    if (!first) continue;
    const positions = positionsOf(words, wordKey(first[0].slice(0, 4)));
    for (let i = 0; i < positions.length; i++) {
      const at = positions[i];
      const before = at > 0 ? text[at - 1] : ' ';
      const after = text[at + name.length] ?? ' ';
      if (!text.startsWith(name, at) || /[\w./-]/.test(before) || /[\w-]/.test(after)) continue;
      const unit = unitOf(at);
      if (unit >= 0) cand.mentions.push({ key, start: at, end: at + name.length, unit });
    }
  }

  addWebhooks(doc, cands, scans);
  addOutboundWebhooks(doc, cands, text, scans);

  // 3. Components named in prose, bold labels and Japanese compounds.
  const titleText = (doc.sections.find((s) => s.level === 1)?.title ?? '').toLowerCase();
  const addComponent = (rawName: string, start: number, end: number, external = false, viaTable = false, inHeading = false) => {
    const name = rawName.trim().replace(/\s+/g, ' ');
    const first = name.split(/[ -]/)[0].toLowerCase();
    if (STOP_WORDS.has(first) && name.split(' ').length <= 2) return;
    if (overlaps(start, end)) return;
    const unit = unitOf(start);
    // Headings name topics ("Required API Changes"), not components.
    if (unit < 0 || (doc.units[unit].kind === 'heading' && !inHeading)) return;
    // An unknown "X API" is a third party only where the text says so ("our partner's SiteRegistry
    // API", a dependency table); otherwise it is one of the design's own services ("Read API").
    const domain = external ? kb.vocab.nameDomains.find((d) => test(d.re, name))?.domain : undefined;
    if (external && !viaTable && !domain && !EXTERNAL_WORDS.test(doc.units[unit].text)) external = false;
    // The system under design ("推論API" in the title "Kizashi 推論API基盤 設計書") is not a third party.
    if (external && titleText.includes(name.toLowerCase())) external = false;
    const key = `x:${normalizeAlias(name)}`;
    const existing = cands.get(key);
    if (existing && existing.group === 'component' && external) {
      existing.group = 'external';
      existing.kind = 'external-api';
      existing.domain = 'other';
    }
    const realtime = /websocket|socket\.io|realtime|real-time|\bsse\b|push/i.test(name);
    add({ key, name, kind: external ? 'external-api' : realtime ? 'realtime' : 'service', group: external ? 'external' : 'component', domain: external ? domain ?? 'other' : undefined }, start, end, unit);
  };
  for (const m of scans.matches(BOLD, ['**'])) {
    const inner = stripInline(m[1]).replace(/[.:]$/, '');
    if ((BOLD_COMPONENT.test(inner) || IDENTIFIER.test(inner)) && inner.split(' ').length <= 4 && !/^(the|a|an)\b/i.test(inner)) {
      addComponent(inner, m.index + 2, m.index + 2 + m[1].length);
    }
  }
  // Tables of services (first column: components) and of dependencies (first column: third parties).
  for (const u of doc.units) {
    if (u.kind !== 'table-row' || !u.header?.[0] || !u.cells?.[0]) continue;
    const dependency = DEPENDENCY_COLUMN.test(u.header[0].trim());
    if (!dependency && !COMPONENT_COLUMN.test(u.header[0].trim())) continue;
    const cell = u.cells[0];
    const name = stripInline(cell.text).replace(/[（(].*$/, '').trim();
    if (!name || name.split(/\s+/).length > 4 || /^[\d.]+$/.test(name) || GENERIC_NAMES.has(name.toLowerCase())) continue;
    const at = u.start + cell.start + Math.max(0, cell.text.indexOf(name));
    addComponent(name, at, at + name.length, dependency, true);
  }
  for (const m of camelComponents(words)) addComponent(m[0], m.index, m.index + m[0].length);
  addNamedSections(doc, text, addComponent);
  for (const m of namedServices(doc, words)) {
    const words = m[1].trim().split(/[\s-]+/);
    while (words.length && STOP_WORDS.has(words[0].toLowerCase())) words.shift();
    if (words.length === 0) continue;
    const lead = m[1].trim().split(/[\s-]+/).length - words.length;
    const name = `${words.join(' ')} ${m[2]}`;
    const offset = m.index + indexOfWord(m[0], lead);
    const isApi = m[2] === 'API';
    if (isApi && words.length === 1 && words[0].length < 3) continue;
    // "a Node.js service", "Kotlin / Spring Boot service": a language or framework, not a name.
    if (LANGUAGE_WORDS.has(words[0].toLowerCase())) continue;
    // "the GridMeta API key", "API tokens": a credential or a document, not a service.
    const end = m.index + m[0].length;
    if (NOT_A_SERVICE_AFTER.test(text.slice(end, end + 16))) continue;
    // "Twilio's Messages API", 「SendGrid の Mail Send API」: an API of a known provider.
    if (knownOwnerBefore(text, offset, taken)) continue;
    addComponent(name, offset, end, isApi);
  }
  // Only lines that hold one of the suffixes can name one (a Unicode-property scan of the whole text is slow).
  for (const m of words.hasCjk ? matchesOnLines(JA_SERVICE, doc, text, occurrences(text, JA_SUFFIXES)) : []) {
    if (JA_STOP.test(m[1])) continue;
    addComponent(m[0], m.index, m.index + m[0].length, m[2] === 'API');
  }

  // Later mentions of discovered names anywhere in the text (e.g. "worker service" after its bold label).
  const discovered = [...cands.values()].filter((c) => c.key.startsWith('x:')).sort((a, b) => b.name.length - a.name.length);
  if (discovered.length) {
    const byName = new Map(discovered.map((c) => [normalizeAlias(c.name), c]));
    const names = namesPattern(discovered.map((c) => c.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/-/g, ' ')));
    for (const m of execGated(names, words)) {
      const cand = byName.get(normalizeAlias(m.text));
      if (!cand || cand.mentions.some((x) => x.start === m.start)) continue;
      const unit = unitOf(m.start);
      if (unit >= 0) cand.mentions.push({ key: cand.key, start: m.start, end: m.end, unit });
    }
  }

  mergeProductApis(cands, text);
  mergeShortNames(cands, text);
  mergeOwnedApis(doc, cands, text);
  promoteStoreInstances(doc, cands, text, instanceOf);
  mergeManagedPlatforms(cands);
  mergeInstances(cands, instanceOf);
  absorbTechnologiesIntoComponents(cands);

  const entities: Entity[] = [];
  // "We do not use Solr", "instead of Kafka": a technology the design rules out is not part of it.
  // ("We do not back up ClickHouse" still names ClickHouse.)
  const denied = (m: RawMention) => REJECTED_BEFORE.test(text.slice(Math.max(doc.units[m.unit].start, m.start - 60), m.start));
  for (const c of cands.values()) {
    // "long-polls the queue": how a worker reads a queue, not a realtime channel to clients.
    const polling = c.kind === 'realtime' && /poll/i.test(c.name);
    const mentions = c.mentions
      .filter((m) => !isAsideSection(doc, doc.units[m.unit].section) && !denied(m) && !(polling && QUEUE_READ.test(doc.units[m.unit].text)))
      .sort((a, b) => a.start - b.start);
    if (mentions.length === 0) continue;
    // Slack as the place alerts are posted ("#payments-alerts Slack channel") is the team's
    // tooling, not a dependency of the system.
    if (c.group === 'external' && c.domain === 'chat' && mentions.every((m) => alertChannel(doc, m.unit))) continue;
    const id = c.key;
    const own = normalizeAlias(c.name);
    // Surface forms other than the name itself ("Postgres" for PostgreSQL), each normalised once.
    const forms = new Set<string>(c.aliases);
    for (const m of mentions) forms.add(text.slice(m.start, m.end));
    const aliases: string[] = [];
    for (const f of forms) if (f !== c.name && normalizeAlias(f) !== own) aliases.push(f);
    const entity: Entity = {
      id,
      name: c.name,
      group: c.group,
      kind: c.kind,
      domain: c.domain,
      aliases,
      mentions: dedupe(mentions).map((m) => ({ entityId: id, text: text.slice(m.start, m.end), range: rangeOf(doc, m.start, m.end), start: m.start, end: m.end, unit: m.unit })),
    };
    // A named queue of SQS is as zone-redundant as SQS.
    if (kb.technologies.get(c.techId ?? instanceOf.get(c.key) ?? '')?.zoneRedundant) entity.zoneRedundant = true;
    entities.push(entity);
  }
  entities.sort((a, b) => a.mentions[0].range.start.line - b.mentions[0].range.start.line || a.mentions[0].range.start.character - b.mentions[0].range.start.character);
  return entities;
}

/** Webhooks the system calls: "POSTs the event to each customer webhook URL", 「顧客Webhook に POST」. */
/** Who owns a webhook the system calls, right before the word: "customer webhook URL", 「顧客Webhook」. */
const WEBHOOK_OWNER = /(?:(?<![\w'])(?:customer|customers'|client|partner|tenant|merchant|subscriber|third[- ]party|outbound|outgoing)\s+|(?:顧客|テナント|加盟店|パートナー|利用者|取引先)(?:の)?\s*)$/i;

/**
 * Customers' webhook endpoints are remote calls like any third-party API (they hang, fail and
 * rate-limit), so they are one external dependency: "customer webhooks".
 */
function addOutboundWebhooks(doc: DesignDoc, cands: Map<string, Candidate>, text: string, scans: LineScans): void {
  let cand: Candidate | undefined;
  for (const m of scans.matches(WEBHOOK)) {
    const start = m.index;
    if (/^callback/i.test(m[0])) continue;
    const owner = WEBHOOK_OWNER.exec(text.slice(Math.max(0, start - 24), start));
    if (!owner) continue;
    const from = start - owner[0].length;
    const end = start + m[0].length;
    const unit = unitAt(doc, from);
    if (unit < 0 || doc.units[unit].kind === 'heading') continue;
    if (!cand) {
      cand = [...cands.values()].find((c) => c.key.startsWith('x:') && /webhook|ウェブフック/i.test(c.name));
      if (!cand) {
        const phrase = text.slice(from, end);
        const name = /^[a-z]/i.test(phrase) ? phrase.toLowerCase().replace(/\s+/g, ' ').replace(/webhook$/, 'webhooks') : phrase;
        cand = { key: `x:${normalizeAlias(name)}`, name, kind: 'external-api', group: 'external', domain: 'other', aliases: new Set(), mentions: [] };
        cands.set(cand.key, cand);
      }
    }
    const c = cand;
    if (!c.mentions.some((x) => x.start === from)) c.mentions.push({ key: c.key, start: from, end, unit });
  }
}

/** First words of "X service" that name the implementation language or framework. */
const LANGUAGE_WORDS = new Set(['node.js', 'nodejs', 'spring', 'kotlin', 'python', 'golang', 'rust', 'ruby', 'rails', 'django', 'flask', 'fastapi', 'express', 'nestjs', '.net', 'dotnet', 'php', 'laravel', 'scala', 'elixir', 'typescript', 'javascript', 'c#', 'c++', 'quarkus', 'micronaut', 'ktor', 'gin', 'echo', 'fastify', 'deno', 'bun']);
const NOT_A_SERVICE_AFTER = /^\s+(keys?|tokens?|secrets?|credentials?|docs?|documentation|reference|spec|specification|version|quotas?)\b/i;

/** A possessive right before a name: "Twilio's ", 「SendGrid の」. */
const POSSESSIVE = /(?:'s|’s|\s*の)\s*$/;

/** Whether a known technology's possessive ("Twilio's ", 「SendGrid の」) ends right before the offset. */
function knownOwnerBefore(text: string, offset: number, taken: { start: number; end: number }[]): boolean {
  const m = POSSESSIVE.exec(text.slice(Math.max(0, offset - 6), offset));
  if (!m) return false;
  const ownerEnd = offset - m[0].length;
  return taken.some((t) => t.end === ownerEnd);
}

/**
 * "Twilio's Messages API", 「SendGrid の Mail Send API」, "Mail Send API (v3)" in the section
 * titled SendGrid: an unknown API owned by a known provider is that provider.
 */
function mergeOwnedApis(doc: DesignDoc, cands: Map<string, Candidate>, text: string): void {
  const known = [...cands.values()].filter((c) => c.techId && c.group === 'external');
  if (known.length === 0) return;
  const ownerAt = (end: number) => known.find((k) => k.mentions.some((m) => m.end === end));
  for (const c of [...cands.values()]) {
    if (!c.key.startsWith('x:') || !/API$/.test(c.name) || c.group === 'store' || c.group === 'messaging') continue;
    let owner: Candidate | undefined;
    for (const m of c.mentions) {
      const pos = POSSESSIVE.exec(text.slice(Math.max(0, m.start - 6), m.start));
      owner = pos ? ownerAt(m.start - pos[0].length) : undefined;
      if (owner) break;
      const section = doc.sections[doc.units[m.unit].section];
      if (section.headingLine < 0) continue;
      const from = doc.lineStarts[section.headingLine];
      const to = doc.lineStarts[section.headingLine + 1] ?? text.length;
      const named = known.filter((k) => k.mentions.some((x) => x.start >= from && x.end <= to));
      if (named.length === 1) owner = named[0];
      if (owner) break;
    }
    if (!owner) continue;
    owner.aliases.add(c.name);
    for (const m of c.mentions) owner.mentions.push({ ...m, key: owner.key });
    cands.delete(c.key);
  }
}

const QUEUE_READ = /\b(sqs|queues?|topics?|kafka|consum\w*)\b|キュー|受信|`[a-z][\w.-]*`/i;
/**
 * A channel alerts go to ("the `#payments-alerts` Slack channel", "Sev2 alerts go to Slack" in
 * the monitoring section); "posts a message to the customer's Slack channel" is a product feature.
 */
function alertChannel(doc: DesignDoc, unit: number): boolean {
  const u = doc.units[unit];
  const text = doc.masked.slice(u.start, u.end);
  if (HASH_CHANNEL.test(text)) return true;
  return ALERT_CONTEXT.test(text) && (CHANNEL_WORD.test(text) || sectionIs(doc, u.section, ['monitoring', 'operations']));
}
const HASH_CHANNEL = /(?<![\w/#(])#[a-z][\w-]*[a-z0-9]/i;
const CHANNEL_WORD = /\bchannels?\b|チャンネル/i;
const ALERT_CONTEXT = /\b(alerts?|alerting|alertmanager|pag(e|es|ed|ing)|pagerduty|on-?call|incidents?|escalat\w*)\b|#[a-z][\w-]+|アラート|オンコール|監視|障害|エスカレーション/i;

/** Words joined by hyphens that are English, not identifiers ("### Non-goals", "trade-offs"). */
const HYPHENATED_WORDS = /^(non|multi|cross|self|end|read|write|follow|roll|set|sign|log|opt|pre|post|re|co|sub|in|out|on|off|up|down|long|short|high|low|real|near|third|first|second|top|per|one|two|single|double|zero|well|built|open|closed|trade|back|fail|hot|cold|warm|blue|green|day|run|part|full|half|semi)-/;
/** A diagram node labelled with an identifier: `IG[ingest-gateway]`, `W(push-worker)`. */
const DIAGRAM_NODE = /\b[A-Za-z_][\w]*\s*(?:\[|\(|\{)"?([a-z][a-z0-9]*(?:[-_][a-z0-9]+)+)"?(?:\]|\)|\})/g;

/**
 * Components that give a section its title ("### 3.1 ingest-gateway", "### device-config-api and
 * fleet-db") or label a diagram node: identifiers such as these name a part of the system when
 * the text names them again elsewhere.
 */
function addNamedSections(doc: DesignDoc, text: string, addComponent: (name: string, start: number, end: number, external: boolean, viaTable: boolean, inHeading: boolean) => void): void {
  const found: { name: string; start: number; heading: boolean }[] = [];
  for (const u of doc.units) {
    if (u.kind === 'heading') {
      if (!doc.sections[u.section].kinds.some((k) => k === 'architecture' || k === 'data-model')) continue;
      const raw = text.slice(u.start, u.end);
      const title = raw.replace(/^#+\s*/, '').replace(/^(\d+(\.\d+)*\.?|[A-Z]\.)\s+/, '').replace(/`/g, '').trim();
      for (const part of title.split(/\s*(?:,|&|\/|\band\b|と|・|、)\s*/)) {
        if (!IDENTIFIER.test(part) || HYPHENATED_WORDS.test(part)) continue;
        const at = raw.indexOf(part);
        if (at >= 0) found.push({ name: part, start: u.start + at, heading: true });
      }
    } else if (u.kind === 'code' && u.lang === 'mermaid') {
      const line = text.slice(u.start, u.end);
      for (const m of line.matchAll(DIAGRAM_NODE)) {
        if (HYPHENATED_WORDS.test(m[1])) continue;
        found.push({ name: m[1], start: u.start + m.index + m[0].indexOf(m[1], m[0].length - m[1].length - 3), heading: false });
      }
    }
  }
  for (const f of found) {
    // Named again outside this heading or node.
    let again = false;
    for (let at = text.indexOf(f.name); at >= 0 && !again; at = text.indexOf(f.name, at + 1)) {
      if (at !== f.start && !/[\w-]/.test(text[at - 1] ?? ' ') && !/[\w-]/.test(text[at + f.name.length] ?? ' ')) again = true;
    }
    if (again) addComponent(f.name, f.start, f.start + f.name.length, false, false, f.heading);
  }
}

/**
 * Matches of a regex that cannot cross a line break, run only on the lines holding these offsets
 * (ascending). Each line is matched as its own string: the look-arounds see the line's ends as the
 * text's, which is what a line break is to them.
 */
function matchesOnLines(re: RegExp, doc: DesignDoc, text: string, positions: ArrayLike<number>): RegExpExecArray[] {
  const out: RegExpExecArray[] = [];
  let scanned = -1;
  for (let i = 0; i < positions.length; i++) {
    if (positions[i] < scanned) continue;
    const line = positionAt(doc, positions[i]).line;
    const start = doc.lineStarts[line];
    const end = line + 1 < doc.lineStarts.length ? doc.lineStarts[line + 1] : text.length;
    const slice = text.slice(start, end);
    re.lastIndex = 0;
    for (let m = re.exec(slice); m; m = re.exec(slice)) {
      m.index += start;
      out.push(m);
    }
    scanned = end;
  }
  return out;
}

/**
 * CAMEL_COMPONENT's matches. A match is one whole word (its look-arounds exclude word characters
 * on both sides) that starts with a capital and has another past its second character, where its
 * suffix starts: the pattern is tried only at such words, not run over the whole text.
 */
function camelComponents(words: WordIndex): RegExpExecArray[] {
  const text = words.text;
  const out: RegExpExecArray[] = [];
  for (let w = 0; w < words.count; w++) {
    const start = words.starts[w];
    const end = words.ends[w];
    const c = text.charCodeAt(start);
    // The shortest is a capital, a lower-case letter and a three-letter suffix ("DbApp").
    if (c < 65 || c > 90 || end - start < 5) continue;
    let capital = false;
    for (let i = start + 2; i <= end - 3 && !capital; i++) {
      const d = text.charCodeAt(i);
      capital = d >= 65 && d <= 90;
    }
    if (!capital) continue;
    CAMEL_COMPONENT.lastIndex = start;
    const m = CAMEL_COMPONENT.exec(text);
    if (m) out.push(m);
  }
  return out;
}

/** Offsets of every occurrence of the strings, ascending. */
function occurrences(text: string, literals: readonly string[]): Int32Array {
  const at: number[] = [];
  for (const lit of literals) for (let i = text.indexOf(lit); i !== -1; i = text.indexOf(lit, i + 1)) at.push(i);
  return Int32Array.from(at).sort();
}

/**
 * The gated pattern for a list of discovered names, memoised: while an author types, every
 * analysis of the document discovers the same names.
 */
const namesMemo = new Map<string, GatedRegex>();
function namesPattern(patterns: string[]): GatedRegex {
  const key = patterns.join('\n');
  let g = namesMemo.get(key);
  if (!g) {
    if (namesMemo.size >= 64) namesMemo.clear();
    namesMemo.set(key, (g = compileGated(patterns)));
  }
  return g;
}

/** Mentions sorted by start, without those that overlap an earlier one. */
function dedupe(ms: RawMention[]): RawMention[] {
  const out: RawMention[] = [];
  let end = -1;
  for (const m of ms) {
    if (m.start < end && m.end > m.start) continue;
    out.push(m);
    end = Math.max(end, m.end);
  }
  return out;
}

/** Offset of the n-th word (0-based) of a name whose words are separated by spaces, hyphens or a line break. */
function indexOfWord(s: string, n: number): number {
  const sep = /[\s-]+/g;
  let idx = 0;
  for (let i = 0; i < n; i++) {
    sep.lastIndex = idx;
    const m = sep.exec(s);
    if (!m) break;
    idx = m.index + m[0].length;
  }
  return idx;
}

/**
 * Names such as "Inventory Service" (NAMED_SERVICE), each line holding a suffix matched on its
 * own, and names that a hard-wrapped paragraph splits over two lines of one sentence ("… to the
 * Hive Moderation\nAPI (a third-party …)"), which then replace the part found on the second line.
 */
function namedServices(doc: DesignDoc, words: WordIndex): RegExpExecArray[] {
  const text = words.text;
  // The suffix words, found once: each line holding one is matched, and each may end a wrapped name.
  const positions = positionsOfAny(words, NAMED_SERVICE_KEYS);
  const single = matchesOnLines(NAMED_SERVICE, doc, text, positions);
  const wrapped: RegExpExecArray[] = [];
  for (let i = 0; i < positions.length; i++) {
    const p = positions[i];
    const line = positionAt(doc, p).line;
    const lineStart = doc.lineStarts[line];
    if (line === 0 || !WRAPPED_LINE_HEAD.test(text.slice(lineStart, p))) continue;
    const u = unitAt(doc, p);
    // A sentence of prose that began on an earlier line.
    if (u < 0 || doc.units[u].kind !== 'text' || doc.units[u].start >= lineStart) continue;
    const from = Math.max(doc.units[u].start, doc.lineStarts[line - 1]);
    const slice = text.slice(from, doc.units[u].end);
    NAMED_SERVICE_WRAPPED.lastIndex = 0;
    for (let m = NAMED_SERVICE_WRAPPED.exec(slice); m; m = NAMED_SERVICE_WRAPPED.exec(slice)) {
      if (from + m.index >= p) break;
      if (from + m.index + m[0].length - m[2].length !== p || !m[0].includes('\n')) continue;
      m.index += from;
      if (!wrapped.some((w) => w.index === m!.index)) wrapped.push(m);
    }
  }
  if (wrapped.length === 0) return single;
  const inside = (m: RegExpExecArray) => wrapped.some((w) => m.index < w.index + w[0].length && m.index + m[0].length > w.index);
  return [...single.filter((m) => !inside(m)), ...wrapped].sort((a, b) => a.index - b.index);
}
