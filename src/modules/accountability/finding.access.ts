// Who may see a finding, in one place: the member it names always; with
// ACCOUNTABILITY_READ (or FINDING_RULE) every finding whose responsible unit
// (or, on an incident, the incident's unit) lies in the caller's jurisdiction. Never a finding on an incident the caller is
// kept out of (举报: subjects and recused members; incident.access.ts's rule).
import type { Ctx } from '../../platform/context.js';
import { notFound } from '../../platform/errors.js';
import { idOf } from '../../platform/ids.js';
import { requireMember } from '../../platform/authz.js';
import { unitSubtree } from '../../platform/unit-subtree.js';
import { incidentVisibility } from '../incident/incident.access.js';
import { Permission } from '../../platform/permissions.js';
import { AccountabilityFinding } from './finding.entity.js';

export function readsSubtree(ctx: Ctx): boolean {
  const p = ctx.actor?.permissions;
  return !!p && (p.has(Permission.ACCOUNTABILITY_READ) || p.has(Permission.FINDING_RULE));
}

export const findingAccess = {
  /** Findings on incidents the caller is kept out of (a subquery of finding ids). */
  excludedIds(ctx: Ctx) {
    const actor = requireMember(ctx);
    return ctx.em
      .getKnex()
      .select('id')
      .from('accountability_finding')
      .where({ tenant_id: actor.tenant.id })
      .whereIn('incident_id', incidentVisibility.excludedIncidentIds(ctx));
  },

  /** Where-conditions (MikroORM) for the findings the caller may see; `own` keeps only those naming the caller. */
  visibleWhere(ctx: Ctx, own = false): Record<string, unknown>[] {
    const actor = requireMember(ctx);
    const mine = { responsibleMember: { id: actor.memberId } };
    // A finding on an incident follows the incident's unit; one on no incident (an alert-period report) its responsible unit.
    const inJurisdiction = [
      { incident: unitSubtree.whereAny(actor.jurisdiction, 'unit') },
      { $and: [{ incident: { id: null } }, unitSubtree.whereAny(actor.jurisdiction, 'responsibleUnit')] },
    ];
    const who = own || !readsSubtree(ctx) ? mine : { $or: [mine, ...inJurisdiction] };
    return [who, { id: { $nin: this.excludedIds(ctx) } }];
  },

  async find(ctx: Ctx, id: string): Promise<AccountabilityFinding | null> {
    if (!ctx.actor?.memberId || !ctx.actor.unitPath) return null;
    return ctx.em.findOne(AccountabilityFinding, { $and: [{ id }, ...this.visibleWhere(ctx)] });
  },

  async get(ctx: Ctx, globalId: string, field: string[] | null = null): Promise<AccountabilityFinding> {
    const finding = await this.find(ctx, idOf('AccountabilityFinding', globalId, field));
    if (!finding) throw notFound('AccountabilityFinding', field);
    return finding;
  },
};
