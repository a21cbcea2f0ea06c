// Drives incident events through the real API (mutations over HTTP), for realtime tests.
import { gql, ok } from './client.js';
import { REPORT_INCIDENT, reportInput } from './incidents.js';

export const EVENT_FIELDS = `cursor kind time action incidentId actor { kind memberId roles }
  incident { id status summary levelReached confidential unit { id } }`;

export const INCIDENT_EVENTS_FULL = `subscription($after: String, $filter: IncidentEventFilter) {
  incidentEvents(after: $after, filter: $filter) { ${EVENT_FIELDS} } }`;

/** reportIncident over HTTP; the incident's global id. */
export async function reportIncident(url: string, token: string, unitId: string, extra: Record<string, unknown> = {}): Promise<string> {
  const data = await ok<any>(url, REPORT_INCIDENT, { input: reportInput(unitId, extra) }, token);
  return data.reportIncident.incident.id;
}

/** addIncidentReport over HTTP: one REPORT_ADDED event. */
export async function addReport(url: string, token: string, incidentId: string, body = '现场情况平稳，正在做解释工作'): Promise<void> {
  await ok(
    url,
    `mutation($input: AddIncidentReportInput!) { addIncidentReport(input: $input) { report { id } userErrors { code field message } } }`,
    { input: { incidentId, kind: 'SITUATION', body } },
    token,
  );
}

export async function acknowledge(url: string, token: string, incidentId: string): Promise<void> {
  await ok(url, `mutation($input: AcknowledgeIncidentInput!) { acknowledgeIncident(input: $input) { incident { id } userErrors { code message } } }`, { input: { incidentId } }, token);
}

export async function escalate(url: string, token: string, incidentId: string, levelReached: string): Promise<void> {
  const res = await gql<any>(
    url,
    `mutation($input: EscalateIncidentInput!) { escalateIncident(input: $input) { userErrors { code message } } }`,
    { input: { incidentId, levelReached, reason: '信访人前往县信访局' } },
    token,
  );
  if (res.errors?.length || res.data?.escalateIncident?.userErrors?.length) throw new Error(JSON.stringify(res.errors ?? res.data));
}
