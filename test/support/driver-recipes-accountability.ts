/**
 * Operation-driver recipes for accountability: findings are written only by
 * the deadline sweeper, so a recipe reports an incident received weeks ago
 * through the API, runs the sweeper in-process for the caller's tenant, and
 * picks a finding the caller may answer (one naming it: the case it owns
 * missed its acceptance clock) or rule on (one naming nobody else it is).
 */
import type { SystemDeps } from '../../src/platform/system-context.js';
import { runDeadlineSweep } from '../../src/modules/accountability/sweeper.js';
import { call } from './driver-recipes.js';
import type { Caller, Recipe } from './operation-driver.js';

const mutate = (name: string, inputType: string, selection: string) =>
  `mutation($input: ${inputType}!) { ${name}(input: $input) { ${selection} userErrors { code field message } } }`;

const DAY = 86_400_000;

/** An incident of the caller's unit received three weeks ago (its acceptance clock long missed), optionally owned by the caller, then a sweep. */
async function missedCase(deps: SystemDeps, url: string, caller: Caller, owned: boolean): Promise<void> {
  const data = await call(url, caller, '{ me { member { id unit { id } } } activePlan { id } }');
  if (!data.activePlan) {
    const draft = await call(url, caller, mutate('createPlanDraft', 'CreatePlanDraftInput', 'plan { id }'), { input: { source: 'TEMPLATE', templateKey: 'TOWNSHIP_DISCIPLINE' } });
    await call(url, caller, mutate('publishPlan', 'PublishPlanInput', 'plan { id }'), { input: { planId: draft.createPlanDraft.plan.id } });
  }
  const receivedAt = Date.now() - 21 * DAY;
  const reported = await call(url, caller, mutate('reportIncident', 'ReportIncidentInput', 'incident { id }'), {
    input: {
      category: 'INDIVIDUAL_VISIT', levelReached: 'OWN', headcount: 1, unitId: data.me.member.unit.id,
      receivedAt: new Date(receivedAt).toISOString(), occurredAt: new Date(receivedAt - 3_600_000).toISOString(),
      summary: 'recipe: a case whose deadlines passed', demands: 'recipe demands',
    },
  });
  const incidentId = reported.reportIncident.incident.id;
  if (owned) await call(url, caller, mutate('assignCaseOwner', 'AssignCaseOwnerInput', 'incident { id }'), { input: { incidentId, memberId: data.me.member.id } });
  const result = await runDeadlineSweep(deps, { tenantIds: caller.tenantId ? [caller.tenantId] : [] });
  if (result.failures.length) throw new Error(`recipe: sweep failed ${JSON.stringify(result.failures)}`);
}

const OPEN_FINDINGS = `query($own: Boolean!) {
  mine: myAccountabilityFindings(filter: { statuses: [OPEN] }, first: 50) @include(if: $own) { edges { node { id } } }
  all: accountabilityFindings(filter: { statuses: [OPEN, ANSWERED] }, first: 100) @skip(if: $own) { edges { node { id responsibleMember { id } } } }
}`;

export function accountabilityRecipes(deps: SystemDeps): Record<string, Recipe> {
  return {
    answerAccountabilityFinding: async ({ url, caller }) => {
      await missedCase(deps, url, caller, true);
      const data = await call(url, caller, OPEN_FINDINGS, { own: true });
      const finding = data.mine.edges[0]?.node;
      return finding ? { input: { findingId: finding.id, explanation: 'recipe: 情况说明' } } : null;
    },
    ruleOnAccountabilityFinding: async ({ url, caller }) => {
      await missedCase(deps, url, caller, false);
      const data = await call(url, caller, OPEN_FINDINGS, { own: false });
      const me = (await call(url, caller, '{ me { member { id } } }')).me.member.id;
      const finding = data.all.edges.map((e: any) => e.node).find((n: any) => n.responsibleMember?.id !== me);
      return finding ? { input: { findingId: finding.id, decision: 'UPHELD', note: 'recipe: 维持' } } : null;
    },
  };
}
