// Steady, paced client traffic (open loop: one operation every 1/rate s,
// whatever the answers take, capped in flight) and what it saw.
import { REPORT_INCIDENT, raw, reportInput } from '../../test/support/incidents.js';
import type { AcknowledgedMutation } from '../../test/support/fault-checks.js';
import type { ServerProcess } from '../../test/support/processes.js';
import type { SoakEnv, SoakTenant } from './env.js';
import { Tally, percentile } from './stats.js';

export type OpKind = 'list' | 'me' | 'report' | 'acknowledge' | 'addReport' | 'login';
export type Mix = Partial<Record<OpKind, number>>;

export const MIXED: Mix = { list: 35, me: 15, report: 12, acknowledge: 8, addReport: 20, login: 10 };
export const READS: Mix = { list: 70, me: 30 };
export const WRITES: Mix = { report: 40, acknowledge: 25, addReport: 35 };

export interface Answer {
  status: number;
  /** extensions.code of the first error, the first userError's code, NETWORK, or null when it succeeded. */
  code: string | null;
  ok: boolean;
  body: any;
}

/** One POST to /graphql; a transport failure is status 0, code NETWORK. */
export async function post(url: string, query: string, variables: Record<string, unknown>, token?: string | null, headers: Record<string, string> = {}): Promise<Answer> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await res.text();
    let body: any = null;
    try {
      body = JSON.parse(text);
    } catch {
      return { status: res.status, code: 'NON_JSON', ok: false, body: text.slice(0, 200) };
    }
    const error = body?.errors?.[0]?.extensions?.code ?? (body?.errors?.length ? 'NO_CODE' : null);
    const payload = body?.data ? Object.values(body.data)[0] as { userErrors?: { code: string }[] } | null : null;
    const userError = payload?.userErrors?.[0]?.code ?? null;
    const code = error ?? userError;
    return { status: res.status, code, ok: res.status === 200 && code === null && !!body?.data, body };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    return { status: 0, code: (error as Error).name === 'TimeoutError' ? 'CLIENT_TIMEOUT' : `NETWORK${cause ? `:${cause}` : ''}`, ok: false, body: null };
  }
}

export interface OpStats {
  latencies: number[];
  statuses: Tally;
  codes: Tally;
  ok: number;
}

/** What one stream of traffic saw, per operation kind. */
export class Recorder {
  readonly byKind = new Map<OpKind, OpStats>();
  readonly acknowledged: AcknowledgedMutation[] = [];
  /** Latency samples with their time, for "before / during" comparisons. */
  readonly timeline: { at: number; ms: number; kind: OpKind; status: number; ok: boolean; code: string | null }[] = [];
  skipped = 0;

  record(kind: OpKind, answer: Answer, ms: number): void {
    let s = this.byKind.get(kind);
    if (!s) this.byKind.set(kind, (s = { latencies: [], statuses: new Tally(), codes: new Tally(), ok: 0 }));
    s.latencies.push(ms);
    s.statuses.add(String(answer.status));
    if (answer.code) s.codes.add(answer.code);
    if (answer.ok) s.ok += 1;
    this.timeline.push({ at: Date.now(), ms, kind, status: answer.status, ok: answer.ok, code: answer.code });
  }

  total(): number {
    return this.timeline.length;
  }

  count(predicate: (t: Recorder['timeline'][number]) => boolean): number {
    return this.timeline.filter(predicate).length;
  }

  statuses(): Tally {
    const t = new Tally();
    for (const s of this.byKind.values()) for (const [k, n] of s.statuses.counts) t.add(k, n);
    return t;
  }

  codes(): Tally {
    const t = new Tally();
    for (const s of this.byKind.values()) for (const [k, n] of s.codes.counts) t.add(k, n);
    return t;
  }

  latencies(from = 0, to = Infinity, kinds?: OpKind[]): number[] {
    return this.timeline.filter((t) => t.at >= from && t.at < to && t.ok && (!kinds || kinds.includes(t.kind))).map((t) => t.ms);
  }

  p(pct: number, from?: number, to?: number, kinds?: OpKind[]): number {
    return percentile(this.latencies(from, to, kinds), pct);
  }
}

/** Per-tenant working set: incidents to acknowledge, incidents to report on. */
class TenantState {
  readonly unacknowledged: string[] = [];
  readonly open: string[] = [];
  constructor(readonly tenant: SoakTenant) {}
}

const LIST = `query { incidents(first: 20) { edges { node { id status levelKey unit { id } caseOwner { id } tasks { id status dueAt } clocks { kind dueAt } } } pageInfo { hasNextPage } } }`;
const ME = `query { me { email member { id unit { id } } } }`;
const LOGIN = `mutation($input: LoginInput!) { login(input: $input) { tokens { accessToken } userErrors { code } } }`;
const ACK = `mutation($input: AcknowledgeIncidentInput!) { acknowledgeIncident(input: $input) { incident { id } userErrors { code } } }`;
const ADD_REPORT = `mutation($input: AddIncidentReportInput!) { addIncidentReport(input: $input) { report { id } userErrors { code } } }`;

export class Traffic {
  private readonly states: TenantState[];
  private turn = 0;

  constructor(private readonly env: SoakEnv, readonly recorder: Recorder) {
    this.states = env.tenants.map((t) => new TenantState(t));
  }

  private pickKind(mix: Mix): OpKind {
    const entries = Object.entries(mix) as [OpKind, number][];
    let r = Math.random() * entries.reduce((s, [, w]) => s + w, 0);
    for (const [k, w] of entries) if ((r -= w) < 0) return k;
    return entries[0]![0];
  }

  /** One operation of `kind` for a tenant on a server; records what it saw. */
  async one(kind: OpKind, server: ServerProcess, state: TenantState): Promise<void> {
    const { tenant } = state;
    const t0 = performance.now();
    let answer: Answer;
    let incident: string | undefined;
    switch (kind) {
      case 'list':
        answer = await post(server.url, LIST, {}, tenant.watchers[0]!.token);
        break;
      case 'me':
        answer = await post(server.url, ME, {}, tenant.writer.token);
        break;
      case 'login':
        answer = await post(server.url, LOGIN, { input: { email: tenant.writer.email, password: this.env.password, tenantSlug: tenant.fixture.slug } });
        break;
      case 'report': {
        answer = await post(server.url, REPORT_INCIDENT, { input: reportInput(tenant.fixture.rootUnitId) }, tenant.writer.token);
        const id = answer.ok ? answer.body.data.reportIncident.incident.id : null;
        if (id) {
          state.unacknowledged.push(id);
          this.recorder.acknowledged.push({ kind: 'REPORTED', incidentId: raw(id) });
        }
        break;
      }
      case 'acknowledge':
        incident = state.unacknowledged.shift();
        if (!incident) return this.one('report', server, state);
        answer = await post(server.url, ACK, { input: { incidentId: incident } }, tenant.writer.token);
        if (answer.ok) {
          this.recorder.acknowledged.push({ kind: 'ACKNOWLEDGED', incidentId: raw(incident) });
          state.open.push(incident);
          if (state.open.length > 50) state.open.shift();
        } else if (answer.status !== 200 || answer.code === 'SERVICE_UNAVAILABLE') {
          state.unacknowledged.unshift(incident);
        }
        break;
      case 'addReport':
        incident = state.open[Math.floor(Math.random() * state.open.length)];
        if (!incident) return this.one('acknowledge', server, state);
        answer = await post(server.url, ADD_REPORT, { input: { incidentId: incident, kind: 'SITUATION', body: '有情况报情况，无情况报平安' } }, tenant.writer.token);
        if (answer.ok) this.recorder.acknowledged.push({ kind: 'REPORT_ADDED', incidentId: raw(incident) });
        break;
    }
    this.recorder.record(kind, answer, performance.now() - t0);
  }

  /**
   * Paced traffic until `until()` holds: `rate` operations per second spread
   * over the given servers and the tenants in turn; at most `maxInFlight` open.
   */
  async run(options: { rate: number; mix: Mix; servers: ServerProcess[]; until: () => boolean; maxInFlight?: number }): Promise<void> {
    const interval = 1000 / options.rate;
    const maxInFlight = options.maxInFlight ?? 64;
    const inFlight = new Set<Promise<void>>();
    const start = performance.now();
    for (let i = 0; !options.until(); i++) {
      const wait = start + i * interval - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      if (inFlight.size >= maxInFlight) {
        this.recorder.skipped += 1;
        continue;
      }
      const n = this.turn++;
      const server = options.servers[n % options.servers.length]!;
      const state = this.states[Math.floor(n / options.servers.length) % this.states.length]!;
      const p = this.one(this.pickKind(options.mix), server, state).catch(() => undefined);
      inFlight.add(p);
      void p.finally(() => inFlight.delete(p));
    }
    await Promise.all(inFlight);
  }
}

export const sleep = (msDelay: number) => new Promise((r) => setTimeout(r, msDelay));

/** A deadline predicate for Traffic.run. */
export const forMs = (durationMs: number) => {
  const end = Date.now() + durationMs;
  return () => Date.now() >= end;
};
