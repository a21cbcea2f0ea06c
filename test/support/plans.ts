// Helpers for plan, roster and alert-period tests.
import type { TestServer } from './server.js';
import { gql, ok } from './client.js';

export const PLAN_FIELDS = `id version status title revision templateKey publishedAt supersededAt
  levels { key name severity trigger { combine conditions { kind } groups { combine } } duties { key kind roleKey roleName due { amount unit } recurring { every { amount unit } } escalation { notifyRoleKey } } }
  problems { code field message }`;

export async function createDraft(server: TestServer, token: string, input: Record<string, unknown>) {
  const res = await ok<any>(server.url, `mutation($input: CreatePlanDraftInput!) { createPlanDraft(input: $input) { plan { ${PLAN_FIELDS} } userErrors { code field message } } }`, { input }, token);
  return res.createPlanDraft.plan;
}

export async function updateDraft(server: TestServer, token: string, input: Record<string, unknown>) {
  const res = await gql<any>(server.url, `mutation($input: UpdatePlanDraftInput!) { updatePlanDraft(input: $input) { plan { ${PLAN_FIELDS} } userErrors { code field message } } }`, { input }, token);
  if (res.errors?.length) throw new Error(JSON.stringify(res.errors));
  return res.data!.updatePlanDraft as { plan: any; userErrors: { code: string; field: string[]; message: string }[] };
}

export async function publish(server: TestServer, token: string, planId: string, extra: Record<string, unknown> = {}) {
  const res = await gql<any>(
    server.url,
    `mutation($input: PublishPlanInput!) { publishPlan(input: $input) { plan { id version status } superseded { id version status } userErrors { code field message } } }`,
    { input: { planId, ...extra } },
    token,
  );
  if (res.errors?.length) throw new Error(JSON.stringify(res.errors));
  return res.data!.publishPlan as { plan: any; superseded: any; userErrors: { code: string; field: string[]; message: string }[] };
}

/** A level input in the GraphQL shape, from the output shape of a plan's levels query. */
export function levelInput(level: any): any {
  return {
    key: level.key,
    name: level.name,
    severity: level.severity,
    description: level.description ?? null,
    trigger: triggerInput(level.trigger),
    duties: level.duties.map((d: any) => ({
      key: d.key,
      kind: d.kind,
      roleKey: d.roleKey,
      action: d.action,
      due: d.due,
      recurringEvery: d.recurring?.every ?? null,
      evidenceRequired: d.evidenceRequired,
      escalation: d.escalation ? { notifyRoleKey: d.escalation.notifyRoleKey, after: d.escalation.after ?? null } : null,
      stage: d.stage ?? null,
    })),
  };
}

function triggerInput(t: any): any {
  return {
    combine: t.combine,
    conditions: t.conditions.map((c: any) => Object.fromEntries(Object.entries(c).filter(([k, v]) => v !== null && k !== 'description'))),
    groups: (t.groups ?? []).map(triggerInput),
  };
}

export const FULL_LEVEL_FIELDS = `key name severity description
  trigger { ...T groups { ...T groups { ...T groups { ...T } } } }
  duties { key kind roleKey roleName action due { amount unit } recurring { every { amount unit } } evidenceRequired escalation { notifyRoleKey after { amount unit } } stage }`;

export const TRIGGER_FRAGMENT = `fragment T on Trigger { combine conditions { kind categories levels atLeast min max flags match topics active riskFlags known description } }`;
