// W3's mutation driver: one paced loop per tenant (a tenant's mutations never
// overlap, so each response maps to one log entry), cycling through the life
// of an incident: report, acknowledge, two situation reports.
import { performance } from 'node:perf_hooks';
import { gql } from '../../test/support/client.js';
import { reportInput } from '../../test/support/incidents.js';
import type { W3Tenant } from './w3-setup.js';

const REPORT = `mutation($input: ReportIncidentInput!) { reportIncident(input: $input) { incident { id } userErrors { code message } } }`;
const ACKNOWLEDGE = `mutation($input: AcknowledgeIncidentInput!) { acknowledgeIncident(input: $input) { incident { id } userErrors { code message } } }`;
const ADD_REPORT = `mutation($input: AddIncidentReportInput!) { addIncidentReport(input: $input) { report { id } userErrors { code message } } }`;

export interface DriverResult {
  /** x-request-id → wall-clock ms when the response arrived. */
  respondedAt: Map<string, number>;
  ok: number;
  failed: number;
  failures: string[];
  /** Wall-clock ms: first request sent, last response received. */
  startedAt: number;
  endedAt: number;
  /** Per-request HTTP round trip (ms). */
  roundTrips: number[];
}

const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function call(url: string, token: string, requestId: string, query: string, input: Record<string, unknown>, field: string): Promise<any> {
  const res = await gql<any>(url, query, { input }, token, { 'x-request-id': requestId });
  const payload = res.data?.[field];
  if (res.status !== 200 || res.errors?.length || !payload || payload.userErrors?.length) {
    throw new Error(`${field} ${res.status}: ${JSON.stringify(res.errors ?? payload?.userErrors ?? res.data).slice(0, 300)}`);
  }
  return payload;
}

/** One mutation at a time per tenant, aiming at `ratePerSecond` in total, for `durationSeconds`. */
export async function driveMutations(options: { url: string; tenants: W3Tenant[]; ratePerSecond: number; durationSeconds: number; label: string }): Promise<DriverResult> {
  const { url, tenants, ratePerSecond, durationSeconds, label } = options;
  const result: DriverResult = { respondedAt: new Map(), ok: 0, failed: 0, failures: [], startedAt: now(), endedAt: 0, roundTrips: [] };
  const interval = (1000 * tenants.length) / ratePerSecond;
  const stopAt = result.startedAt + durationSeconds * 1000;
  await Promise.all(
    tenants.map(async (tenant, t) => {
      // Tenants start spread over one interval, not all at once.
      const first = result.startedAt + (interval * t) / tenants.length;
      let incident: string | null = null;
      for (let k = 0; ; k++) {
        const due = first + k * interval;
        if (due >= stopAt) break;
        const wait = due - now();
        if (wait > 0) await sleep(wait);
        const requestId = `w3-${label}-${t}-${k}`;
        const sentAt = now();
        try {
          const step = k % 4;
          if (step === 0 || !incident) {
            const unitId = k % 8 === 0 ? tenant.fixture.rootUnitId : tenant.subUnitId;
            incident = (await call(url, tenant.writer.token, requestId, REPORT, reportInput(unitId), 'reportIncident')).incident.id as string;
          } else if (step === 1) {
            await call(url, tenant.writer.token, requestId, ACKNOWLEDGE, { incidentId: incident }, 'acknowledgeIncident');
          } else {
            await call(url, tenant.writer.token, requestId, ADD_REPORT, { incidentId: incident, kind: 'SITUATION', body: `现场情况平稳 ${k}` }, 'addIncidentReport');
          }
          const at = now();
          result.respondedAt.set(requestId, at);
          result.roundTrips.push(at - sentAt);
          result.ok += 1;
        } catch (error) {
          result.failed += 1;
          if (result.failures.length < 5) result.failures.push(String(error instanceof Error ? error.message : error));
        }
      }
    }),
  );
  result.endedAt = now();
  return result;
}
