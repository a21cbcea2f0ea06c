// Who receives a referred matter in the receiving tenant: its 信访办 (the
// office director), else a leader, else a member — the reporter of the new
// incident there. Read in the receiving tenant's scope.
import { randomUUID } from 'node:crypto';
import type { Actor, Ctx } from '../../platform/context.js';
import { ALL_PERMISSIONS } from '../../platform/permissions.js';
import { DomainError } from '../../platform/errors.js';
import { Tenant } from '../tenant/tenant.entity.js';
import { Unit } from '../unit/unit.entity.js';
import { MemberRole, MemberStatus } from '../member/member.entity.js';
import { TemplateRoleKey } from '../role/role-templates.model.js';
import { ReferralErrorCode } from './referral.errors.js';

const ORDER = [TemplateRoleKey.OFFICE_DIRECTOR, TemplateRoleKey.GROUP_LEADER, TemplateRoleKey.DEPUTY_LEADER, TemplateRoleKey.MEMBER];

export async function receivingActor(tx: Ctx, tenantId: string): Promise<Actor> {
  const tenant = await tx.em.findOneOrFail(Tenant, { id: tenantId });
  const root = await tx.em.findOneOrFail(Unit, { tenant: tenantId, depth: 0 });
  const rows = await tx.em.find(MemberRole, { role: { key: { $in: ORDER } }, member: { status: MemberStatus.ACTIVE } }, { populate: ['member.user', 'role'] });
  rows.sort((a, b) => ORDER.indexOf(a.role.getEntity().key as TemplateRoleKey) - ORDER.indexOf(b.role.getEntity().key as TemplateRoleKey)
    || a.member.getEntity().createdAt.getTime() - b.member.getEntity().createdAt.getTime());
  const chosen = rows[0];
  if (!chosen) throw new DomainError(ReferralErrorCode.NO_RECEIVER, 'The receiving organisation has nobody to receive the matter', ['input', 'toTenantId']);
  const member = chosen.member.getEntity();
  const key = chosen.role.getEntity().key as TemplateRoleKey;
  return {
    userId: member.user.id,
    sessionId: randomUUID(),
    email: member.user.getEntity().email,
    platformAdmin: false,
    platformRole: null,
    tenant: { id: tenant.id, slug: tenant.slug, name: tenant.name, timezone: tenant.timezone, status: tenant.status, tier: tenant.tier, requestsPerMinute: tenant.quotas().requestsPerMinute },
    memberId: member.id,
    unitId: root.id,
    unitPath: root.path,
    jurisdiction: [root.path],
    roleIds: [],
    roleLabels: [key],
    leader: key !== TemplateRoleKey.MEMBER && key !== TemplateRoleKey.OFFICE_DIRECTOR,
    permissions: new Set(ALL_PERMISSIONS),
  };
}
