// Search that works in Chinese: incidents(filter: {text}) through the trigram
// index over doubled characters, two-character queries included; LIKE
// metacharacters literal; RELEVANCE ranks by similarity and pages; a fixed
// number of statements; and EXPLAIN of the very statement the API sent shows
// the index used on a tenant of 20,000 incidents.
import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { startTestServer, type TestServer } from '../support/server.js';
import { superuserClient } from '../support/db.js';
import { gql, ok } from '../support/fixtures.js';
import { reportAt, township, days, type Township } from '../support/accountability.js';
import { recordStatements } from '../../src/platform/db/sql-counter.js';

let server: TestServer;
let db: pg.Client;
let t: Township;
const BULK = 20_000;

const LIST = `query($first: Int, $after: String, $filter: IncidentFilter, $order: IncidentOrder) {
  incidents(first: $first, after: $after, filter: $filter, orderBy: $order) {
    totalCount edges { node { id receiptNumber summary demands unit { id } openTasks { id } clocks { kind } } }
    pageInfo { hasNextPage endCursor } } }`;

const named: Record<string, string> = {};

async function search(text: string, extra: Record<string, unknown> = {}, first = 50) {
  const data = await ok<any>(server.url, LIST, { first, filter: { text }, ...extra }, t.director.token);
  return data.incidents;
}

/** 20,000 incidents of everyday matters, written behind the API's back, none holding the words searched for below. */
async function bulk(): Promise<void> {
  const unit = (await db.query('select id from unit where tenant_id = $1 and depth = 1 limit 1', [t.tenantId])).rows[0].id;
  const member = (await db.query('select id from member where tenant_id = $1 limit 1', [t.tenantId])).rows[0].id;
  await db.query('begin');
  await db.query('set local session_replication_role = replica');
  await db.query(
    `insert into incident (tenant_id, id, receipt_number, category, level_reached, headcount, occurred_at, received_at, summary, demands, conduct_flags, topics, unit_id, reported_by_id)
     select $1, gen_random_uuid(), 'BULK-' || g, 'INDIVIDUAL_VISIT', 'OWN', 1, now() - interval '400 days' + g * interval '1 minute', now() - interval '400 days' + g * interval '1 minute',
            '反映' || (array['工资拖欠','医疗报销','子女入学','环境污染','邻里纠纷','养老保险','房屋漏水'])[g % 7 + 1] || '事项第' || g || '号',
            '要求' || (array['尽快处理','公开说明','依法赔偿','协调解决','书面答复'])[g % 5 + 1],
            '{}', '{}', $2, $3
       from generate_series(1, $4) g`,
    [t.tenantId, unit, member, BULK],
  );
  await db.query('commit');
  await db.query('analyze incident');
}

beforeAll(async () => {
  server = await startTestServer();
  db = await superuserClient(server.databaseUrl);
  t = await township(server);
  const texts: [string, string, string][] = [
    ['road', '反映村道硬化工程质量问题', '要求返工'],
    ['road2', '村里道路硬化拖了两年', '要求年内完工'],
    ['percent', '补偿标准100%落实了吗', '要求公开_名单'],
    ['plain', '补偿标准1000落实', '要求公开A名单'],
    ['near', '土地征收补偿款', '要求发放'],
    ['nearer', '征收补偿款未发放', '要求说明'],
  ];
  for (const [key, summary, demands] of texts) named[key] = (await reportAt(server, t, days(1), { summary, demands })).id;
  await bulk();
}, 300_000);
afterAll(async () => {
  await db?.end();
  await server?.stop();
});

describe('incidents(filter: {text})', () => {
  it('finds a two-character Chinese query in summary or demands, and only there', async () => {
    const hit = await search('硬化');
    expect(hit.edges.map((e: any) => e.node.id).sort()).toEqual([named.road, named.road2].sort());
    expect(hit.totalCount).toBe(2);
    expect((await search('返工')).edges.map((e: any) => e.node.id)).toEqual([named.road]);
    expect((await search('完工')).edges.map((e: any) => e.node.id)).toEqual([named.road2]);
    // Characters of the query present, but not next to each other: no match.
    expect((await search('硬工')).totalCount).toBe(0);
    // The bulk rows are found too (and counted), case of the receipt number aside.
    expect((await search('医疗报销')).totalCount).toBe(Array.from({ length: BULK }, (_, i) => i + 1).filter((g) => g % 7 === 1).length);
    expect((await search('bulk-19999')).edges.map((e: any) => e.node.receiptNumber)).toEqual(['BULK-19999']);
  });

  it('keeps LIKE metacharacters literal', async () => {
    expect((await search('100%')).edges.map((e: any) => e.node.id)).toEqual([named.percent]);
    expect((await search('公开_')).edges.map((e: any) => e.node.id)).toEqual([named.percent]);
    expect((await search('%')).edges.map((e: any) => e.node.id)).toEqual([named.percent]);
    expect((await search('\\')).totalCount).toBe(0);
  });

  it('ranks by similarity when asked, close matches included, and pages without gaps or repeats', async () => {
    const order = { field: 'RELEVANCE', direction: 'DESC' };
    const ranked = await search('征收补偿款未', { order });
    const ids = ranked.edges.map((e: any) => e.node.id);
    // The row holding the text first; the one that only resembles it next; the unrelated rows not at all.
    expect(ids[0]).toBe(named.nearer);
    expect(ids).toContain(named.near);
    expect(ids).not.toContain(named.road);
    expect(ranked.totalCount).toBe(ids.length);
    // Exact matches alone without RELEVANCE.
    expect((await search('征收补偿款未')).edges.map((e: any) => e.node.id)).toEqual([named.nearer]);
    // Paging one by one gives the same sequence.
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page: any = await ok<any>(server.url, LIST, { first: 1, after, filter: { text: '征收补偿款未' }, order }, t.director.token);
      seen.push(...page.incidents.edges.map((e: any) => e.node.id));
      after = page.incidents.pageInfo.hasNextPage ? page.incidents.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toEqual(ids);
    // A two-character query ranks its exact matches first (score 1), close ones after.
    const short = await search('硬化', { order });
    expect(short.edges.slice(0, 2).map((e: any) => e.node.id).sort()).toEqual([named.road, named.road2].sort());
    const refused = await gql<any>(server.url, LIST, { first: 5, order }, t.director.token);
    expect(refused.errors?.[0]?.extensions?.code).toBe('INVALID_INPUT');
  });

  it('the lookup functions answer the current tenant only, whoever owns them', async () => {
    const other = (await db.query(`select id from tenant where id <> $1 limit 1`, [t.tenantId])).rows[0]?.id ?? '00000000-0000-0000-0000-000000000000';
    const lookups = async (tenant: string | null) => {
      await db.query('begin');
      try {
        await db.query('set local role xinfang_app');
        if (tenant) await db.query(`select set_config('app.tenant_id', $1, true)`, [tenant]);
        const like = await db.query(`select count(*)::int as n from xf_incident_text_like($1)`, ['%硬硬化化%']);
        const close = await db.query(`select count(*)::int as n from xf_incident_text_close($1, $2)`, ['硬硬化化', '%硬硬化化%']);
        return [like.rows[0].n, close.rows[0].n];
      } finally {
        await db.query('rollback');
      }
    };
    expect(await lookups(t.tenantId)).toEqual([2, 2]);
    expect(await lookups(other)).toEqual([0, 0]);
    expect(await lookups(null)).toEqual([0, 0]);
  });

  it('runs the same number of statements for 2 and 50 rows', async () => {
    const small = await gql<any>(server.url, LIST, { first: 2, filter: { text: '工资拖欠' } }, t.director.token);
    const large = await gql<any>(server.url, LIST, { first: 50, filter: { text: '工资拖欠' } }, t.director.token);
    expect(small.data.incidents.edges).toHaveLength(2);
    expect(large.data.incidents.edges).toHaveLength(50);
    expect(large.extensions?.sqlStatements).toBe(small.extensions?.sqlStatements);
  });

  it('uses the trigram index on a tenant of 20,000 incidents (the plans of the statement the API sent, as it ran)', async () => {
    for (const [text, order] of [['硬化', undefined], ['村道硬化', undefined], ['征收补偿款未', { field: 'RELEVANCE', direction: 'DESC' }]] as const) {
      const statements = await recordStatements(() => ok(server.url, LIST, { first: 20, filter: { text }, order }, t.director.token));
      const page = statements.find((s) => s.includes('xf_incident_text_') && s.includes('limit'));
      expect(page, 'the page statement').toBeDefined();
      // auto_explain hands every plan, the lookup function's own statement included, back as a notice.
      const plans: string[] = [];
      const onNotice = (n: { message?: string }) => plans.push(n.message ?? '');
      db.on('notice', onNotice);
      await db.query('begin');
      try {
        await db.query(`load 'auto_explain'`);
        await db.query('set local auto_explain.log_min_duration = 0');
        await db.query('set local auto_explain.log_nested_statements = on');
        await db.query('set local auto_explain.log_level = notice');
        // As the API runs it: the application role under row-level security, the tenant set.
        await db.query('set local role xinfang_app');
        await db.query(`select set_config('app.tenant_id', $1, true)`, [t.tenantId]);
        const { rows } = await db.query(page!);
        expect(rows.length).toBeGreaterThan(0);
      } finally {
        await db.query('rollback');
        db.off('notice', onNotice);
      }
      const lookup = plans.find((p) => /from incident i where/.test(p));
      expect(lookup, `the lookup's plan for ${text}`).toBeDefined();
      expect(lookup, `plan for ${text}`).toMatch(/Bitmap Index Scan on incident_search_trgm/);
      // The page reads the matches by primary key, never the whole tenant.
      const outer = plans.find((p) => p.includes(page!.slice(0, 40)) || p.includes('from "incident" as "e"'))!;
      expect(outer).toMatch(/Index Scan using incident_pkey/);
      expect(outer).not.toMatch(/Seq Scan on incident /);
    }
  });
});
