/**
 * Recipes for the referral operations (issue 15): linked partner tenants of the
 * caller's, made once per caller tenant through the API (a platform
 * administrator links them), and referrals brought to the stage each step needs.
 */
import type { TestServer } from './server.js';
import { addMember, platformAdmin, provisionTenant } from './fixtures.js';
import { call } from './driver-recipes.js';
import type { Caller, Recipe } from './operation-driver.js';

const M = (name: string, type: string, selection: string) => `mutation($input: ${type}!) { ${name}(input: $input) { ${selection} userErrors { code field message } } }`;
const LINK = M('linkTenants', 'LinkTenantsInput', 'link { id }');
const REFERRAL = 'referral { id }';

interface Partner { tenantId: string; actor: Caller }

export function referralRecipes(server: TestServer): Record<string, Recipe> {
  let platform: Caller | null = null;
  const partners = new Map<string, Promise<Partner>>();

  async function asPlatform(): Promise<Caller> {
    if (!platform) {
      const p = await platformAdmin(server);
      platform = { label: 'platform (referral recipes)', token: p.token, userId: null, memberId: null, tenantId: null, email: p.email };
    }
    return platform;
  }

  async function freshTenant(): Promise<Partner> {
    const t = await provisionTenant(server, (await asPlatform()).token!, 'TOWNSHIP');
    const m = await addMember(server, t, ['GROUP_LEADER']);
    return { tenantId: t.id, actor: { label: 'partner leader', token: m.token, userId: null, memberId: null, tenantId: null, email: m.email } };
  }

  /** A partner the caller's tenant supervises ('lower') or that supervises it ('upper'). */
  function partner(caller: Caller, side: 'lower' | 'upper'): Promise<Partner> {
    const key = `${caller.tenantId}:${side}`;
    if (!partners.has(key)) {
      partners.set(key, (async () => {
        const p = await freshTenant();
        const mine = (await call(server.url, caller, '{ me { tenant { id } } }')).me.tenant.id;
        const input = side === 'lower' ? { upperTenantId: mine, lowerTenantId: p.tenantId } : { upperTenantId: p.tenantId, lowerTenantId: mine };
        await call(server.url, await asPlatform(), LINK, { input: { ...input, kind: 'SUPERVISES' } });
        return p;
      })());
    }
    return partners.get(key)!;
  }

  async function incidentOf(who: Caller): Promise<string> {
    const me = await call(server.url, who, '{ me { member { unit { id } } } }');
    const data = await call(server.url, who, M('reportIncident', 'ReportIncidentInput', 'incident { id }'), {
      input: { category: 'INDIVIDUAL_VISIT', levelReached: 'OWN', headcount: 1, unitId: me.me.member.unit.id, occurredAt: new Date(Date.now() - 3_600_000).toISOString(), summary: 'recipe referral', demands: 'recipe demands' },
    });
    return data.reportIncident.incident.id;
  }

  const later = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

  async function assign(from: Caller, toTenantId: string): Promise<string> {
    const data = await call(server.url, from, M('assignMatter', 'AssignMatterInput', REFERRAL), { input: { incidentId: await incidentOf(from), toTenantId, dueAt: later(10), instructions: 'recipe instructions' } });
    return data.assignMatter.referral.id;
  }
  const stepAs = (who: Caller, name: string, type: string, input: Record<string, unknown>) => call(server.url, who, M(name, type, REFERRAL), { input });
  const report = { findings: 'recipe findings', outcome: 'recipe outcome', replySent: true };

  /** An assignment from the caller to its lower partner, signed for and reported on. */
  async function reportedToCaller(caller: Caller): Promise<string> {
    const lower = await partner(caller, 'lower');
    const referralId = await assign(caller, lower.tenantId);
    await stepAs(lower.actor, 'acceptAssignment', 'ReferralActionInput', { referralId });
    await stepAs(lower.actor, 'submitClosingReport', 'SubmitClosingReportInput', { referralId, ...report });
    return referralId;
  }

  return {
    linkTenants: async () => {
      const [a, b] = [await freshTenant(), await freshTenant()];
      return { input: { upperTenantId: a.tenantId, lowerTenantId: b.tenantId, kind: 'PEER' } };
    },
    unlinkTenants: async () => {
      const [a, b] = [await freshTenant(), await freshTenant()];
      const data = await call(server.url, await asPlatform(), LINK, { input: { upperTenantId: a.tenantId, lowerTenantId: b.tenantId, kind: 'PEER' } });
      return { input: { linkId: data.linkTenants.link.id } };
    },
    transferMatter: async ({ caller }) => ({ input: { incidentId: await incidentOf(caller), toTenantId: (await partner(caller, 'lower')).tenantId, reason: 'recipe reason' } }),
    assignMatter: async ({ caller }) => ({ input: { incidentId: await incidentOf(caller), toTenantId: (await partner(caller, 'lower')).tenantId, dueAt: later(10), instructions: 'recipe instructions' } }),
    acceptAssignment: async ({ caller }) => {
      const upper = await partner(caller, 'upper');
      return { input: { referralId: await assign(upper.actor, (await call(server.url, caller, '{ me { tenant { id } } }')).me.tenant.id) } };
    },
    submitClosingReport: async ({ caller }) => {
      const upper = await partner(caller, 'upper');
      const referralId = await assign(upper.actor, (await call(server.url, caller, '{ me { tenant { id } } }')).me.tenant.id);
      await stepAs(caller, 'acceptAssignment', 'ReferralActionInput', { referralId });
      return { input: { referralId, ...report } };
    },
    returnClosingReport: async ({ caller }) => ({ input: { referralId: await reportedToCaller(caller), reasons: 'recipe reasons', dueAt: later(5) } }),
    acceptClosingReport: async ({ caller }) => ({ input: { referralId: await reportedToCaller(caller) } }),
    issueSupervisionOrder: async ({ caller }) => ({ input: { referralId: await assign(caller, (await partner(caller, 'lower')).tenantId), instruction: 'recipe instruction', dueAt: later(2) } }),
    answerSupervisionOrder: async ({ caller }) => {
      const upper = await partner(caller, 'upper');
      const referralId = await assign(upper.actor, (await call(server.url, caller, '{ me { tenant { id } } }')).me.tenant.id);
      const data = await call(server.url, upper.actor, M('issueSupervisionOrder', 'IssueSupervisionOrderInput', 'order { id }'), { input: { referralId, instruction: 'recipe instruction', dueAt: later(2) } });
      return { input: { orderId: data.issueSupervisionOrder.order.id, answer: 'recipe answer' } };
    },
  };
}
