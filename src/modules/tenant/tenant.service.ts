import { ref } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Ctx } from '../../platform/context.js';
import { DomainError, notFound, CommonErrorCode } from '../../platform/errors.js';
import { audited, failed, precheck, type Outcome } from '../../platform/audit/mutation.js';
import { validateInput } from '../../platform/validation.js';
import { idOf } from '../../platform/ids.js';
import { requireMember } from '../../platform/authz.js';
import { appendPlatformLog } from '../../platform/audit/log-writer.js';
import { LogHead } from '../../platform/audit/log.entity.js';
import { GENESIS_HASH, LogHashAlgorithm } from '../../platform/audit/log-hash.js';
import { Tenant } from './tenant.entity.js';
import { TenantStatus } from './tenant.enums.js';
import { TenantErrorCode } from './tenant.errors.js';
import type {
  ProvisionTenantInput, ReactivateTenantInput, SetPlatformLogAccessInput, SetTenantSubscriptionInput, SuspendTenantInput, UpdateTenantSettingsInput,
} from './tenant.types.js';
import { Unit, UnitKind } from '../unit/unit.entity.js';
import { Role } from '../role/role.entity.js';
import { roleTemplates, TemplateRoleKey } from '../role/role-templates.model.js';
import { Member, MemberRole } from '../member/member.entity.js';
import { findOrCreateUser, issuePasswordToken } from '../user/user.service.js';

export function isValidTimezone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export interface ProvisionResult {
  tenant: Tenant;
  adminMemberId: string;
  setPasswordToken: string | null;
}

/** Creates the tenant's template roles; returns them by key. */
export function createTemplateRoles(em: EntityManager, tenant: Tenant): Map<TemplateRoleKey, Role> {
  const byKey = new Map<TemplateRoleKey, Role>();
  const templates = roleTemplates(tenant.kind);
  // Parents first, so every role can point at its parent.
  const ordered = [...templates].reverse();
  for (const t of ordered) {
    const role = em.create(Role, {
      tenant: ref(tenant),
      key: t.key,
      name: t.name,
      description: t.description,
      permissions: t.permissions,
      leader: t.leader,
      parent: t.parent ? byKey.get(t.parent) ?? null : null,
    });
    byKey.set(t.key, role);
  }
  return byKey;
}

export const tenantService = {
  /**
   * Platform administrators: the tenant, its log head, root unit, template
   * roles, the first tenant administrator, and what provisioning hooks add
   * (the plan template draft). Writes one entry in the new tenant's log and
   * one in the platform log.
   */
  async provision(ctx: Ctx, input: ProvisionTenantInput): Promise<Outcome<ProvisionResult>> {
    const tenantId = randomUUID();
    return audited(
      ctx,
      'tenant.provision',
      async (tx) => {
        const em = tx.em;
        await validateInput(input);
        const timezone = input.timezone ?? 'Asia/Shanghai';
        if (!isValidTimezone(timezone)) {
          throw new DomainError(TenantErrorCode.INVALID_TIMEZONE, `Unknown time zone ${timezone}`, ['input', 'timezone']);
        }
        if (await em.findOne(Tenant, { slug: input.slug })) {
          throw new DomainError(TenantErrorCode.SLUG_TAKEN, 'This slug is taken', ['input', 'slug']);
        }
        const tenant = em.create(Tenant, {
          id: tenantId,
          slug: input.slug,
          name: input.name.trim(),
          kind: input.kind,
          timezone,
          locale: input.locale ?? 'zh-CN',
          ...(input.tier ? { tier: input.tier } : {}),
        });
        const hashAlgorithm = input.logHashAlgorithm ?? LogHashAlgorithm.SHA256;
        em.persist(em.create(LogHead, { tenant: ref(tenant), seq: 0, hash: GENESIS_HASH, hashAlgorithm }));
        await em.flush();
        const root = em.create(Unit, {
          tenant: ref(tenant),
          kind: UnitKind.ROOT,
          name: (input.rootUnitName ?? input.name).trim(),
          path: '',
          depth: 0,
        });
        root.path = `/${root.id}/`;
        const roles = createTemplateRoles(em, tenant);
        const { user } = await findOrCreateUser(em, input.admin.email, input.admin.displayName);
        const member = em.create(Member, { tenant: ref(tenant), user, unit: root });
        em.persist(em.create(MemberRole, { tenant: ref(tenant), member, role: roles.get(TemplateRoleKey.TENANT_ADMIN)! }));
        const setPasswordToken = issuePasswordToken(em, tx.services.tokens, user);
        await em.flush();
        for (const hook of ctx.services.provisionHooks) await hook(tx, tenant, { rootUnitId: root.id, adminMemberId: member.id });
        await appendPlatformLog(em, {
          actorUserId: ctx.actor?.userId ?? null,
          action: 'tenant.provision',
          targetType: 'Tenant',
          targetId: tenant.id,
          tenantId: tenant.id,
          changes: [{ type: 'Tenant', id: tenant.id, op: 'create', before: null, after: { slug: tenant.slug, name: tenant.name, kind: tenant.kind, logHashAlgorithm: hashAlgorithm } }],
          requestId: ctx.request.requestId,
          clientAddress: ctx.request.clientAddress,
        });
        return {
          result: { tenant, adminMemberId: member.id, setPasswordToken },
          target: { type: 'Tenant', id: tenant.id },
          extraChanges: [{ type: 'Tenant', id: tenant.id, op: 'create', before: null, after: { slug: tenant.slug, name: tenant.name, kind: tenant.kind, timezone: tenant.timezone, tier: tenant.tier, logHashAlgorithm: hashAlgorithm } }],
        };
      },
      { tenantId },
    );
  },

  async setStatus(ctx: Ctx, input: SuspendTenantInput | ReactivateTenantInput, status: TenantStatus): Promise<Outcome<Tenant>> {
    const checked = await precheck(async () => {
      await validateInput(input);
      return idOf('Tenant', input.tenantId, ['input', 'tenantId']);
    });
    if (!checked.ok) return checked;
    const tenantId = checked.value;
    const tenant = await ctx.em.findOne(Tenant, { id: tenantId });
    if (!tenant) return failed(notFound('Tenant', ['input', 'tenantId']));
    if (tenant.status === status) {
      return failed(new DomainError(TenantErrorCode.ALREADY_IN_STATE, `Tenant is already ${status}`, ['input', 'tenantId']));
    }
    const action = status === TenantStatus.SUSPENDED ? 'tenant.suspend' : 'tenant.reactivate';
    return audited(
      ctx,
      action,
      async (tx) => {
        const t = await tx.em.findOneOrFail(Tenant, { id: tenantId });
        const before = t.status;
        t.status = status;
        t.suspendedReason = status === TenantStatus.SUSPENDED ? input.reason ?? null : null;
        await tx.em.flush();
        let revoked = 0;
        if (status === TenantStatus.SUSPENDED) {
          // Members of a suspended tenant can do nothing: end their sessions now.
          revoked = await tx.em.getConnection().execute(
            `update session set revoked_at = now(), revoked_reason = 'TENANT_SUSPENDED' where tenant_id = ? and revoked_at is null`,
            [tenantId],
            'run',
            tx.em.getTransactionContext(),
          ).then((r: unknown) => (r as { affectedRows?: number }).affectedRows ?? 0);
        }
        const change = { type: 'Tenant', id: tenantId, op: 'update' as const, before: { status: before }, after: { status, revokedSessions: revoked } };
        await appendPlatformLog(tx.em, {
          actorUserId: ctx.actor?.userId ?? null,
          action,
          targetType: 'Tenant',
          targetId: tenantId,
          tenantId,
          changes: [change],
          reason: input.reason ?? null,
          requestId: ctx.request.requestId,
          clientAddress: ctx.request.clientAddress,
        });
        return { result: t, target: { type: 'Tenant', id: tenantId }, reason: input.reason ?? null, extraChanges: [change] };
      },
      { tenantId },
    );
  },

  /**
   * A tenant administrator grants or revokes platform administrators' read
   * access to the tenant's log. The tenant row is not tenant-owned, so the
   * change is described to the log explicitly.
   */
  async setPlatformLogAccess(ctx: Ctx, input: SetPlatformLogAccessInput): Promise<Outcome<Tenant>> {
    return audited(ctx, input.granted ? 'tenant.grant_platform_log_access' : 'tenant.revoke_platform_log_access', async (tx) => {
      await validateInput(input);
      const tenant = await tx.em.findOneOrFail(Tenant, { id: requireMember(tx).tenant.id });
      if (tenant.platformLogAccess === input.granted) {
        throw new DomainError(TenantErrorCode.ALREADY_IN_STATE, `Platform log access is already ${input.granted ? 'granted' : 'revoked'}`, ['input', 'granted']);
      }
      tenant.platformLogAccess = input.granted;
      return {
        result: tenant,
        target: { type: 'Tenant', id: tenant.id },
        reason: input.reason ?? null,
        extraChanges: [{ type: 'Tenant', id: tenant.id, op: 'update', before: { platformLogAccess: !input.granted }, after: { platformLogAccess: input.granted } }],
      };
    });
  },

  /** Tenant administrators: name, time zone, locale. Day-based deadlines follow the new time zone from now on. */
  async updateSettings(ctx: Ctx, input: UpdateTenantSettingsInput): Promise<Outcome<Tenant>> {
    return audited(ctx, 'tenant.update_settings', async (tx) => {
      await validateInput(input);
      if (input.timezone && !isValidTimezone(input.timezone)) {
        throw new DomainError(TenantErrorCode.INVALID_TIMEZONE, `Unknown time zone ${input.timezone}`, ['input', 'timezone']);
      }
      const tenant = await tenantService.current(tx);
      const before = { name: tenant.name, timezone: tenant.timezone, locale: tenant.locale };
      if (input.name) tenant.name = input.name.trim();
      if (input.timezone) tenant.timezone = input.timezone;
      if (input.locale) tenant.locale = input.locale;
      // Tenant is a platform table: describe the change for the log ourselves.
      const after = { name: tenant.name, timezone: tenant.timezone, locale: tenant.locale };
      return { result: tenant, target: { type: 'Tenant', id: tenant.id }, extraChanges: [{ type: 'Tenant', id: tenant.id, op: 'update', before, after }] };
    });
  },

  /** Platform administrators: tier and quota overrides. */
  async setSubscription(ctx: Ctx, input: SetTenantSubscriptionInput): Promise<Outcome<Tenant>> {
    const checked = await precheck(async () => {
      await validateInput(input);
      return idOf('Tenant', input.tenantId, ['input', 'tenantId']);
    });
    if (!checked.ok) return checked;
    const tenantId = checked.value;
    if (!(await ctx.em.findOne(Tenant, { id: tenantId }))) return failed(notFound('Tenant', ['input', 'tenantId']));
    return audited(
      ctx,
      'tenant.set_subscription',
      async (tx) => {
        const tenant = await tx.em.findOneOrFail(Tenant, { id: tenantId });
        const before = { tier: tenant.tier, quotaOverrides: tenant.quotaOverrides ?? null };
        tenant.tier = input.tier;
        const overrides = {
          ...(input.maxUnits ? { maxUnits: input.maxUnits } : {}),
          ...(input.maxMembers ? { maxMembers: input.maxMembers } : {}),
          ...(input.requestsPerMinute ? { requestsPerMinute: input.requestsPerMinute } : {}),
        };
        tenant.quotaOverrides = Object.keys(overrides).length ? overrides : null;
        const change = { type: 'Tenant', id: tenantId, op: 'update' as const, before, after: { tier: tenant.tier, quotaOverrides: tenant.quotaOverrides } };
        await appendPlatformLog(tx.em, {
          actorUserId: ctx.actor?.userId ?? null, action: 'tenant.set_subscription', targetType: 'Tenant', targetId: tenantId, tenantId,
          changes: [change], requestId: ctx.request.requestId, clientAddress: ctx.request.clientAddress,
        });
        return { result: tenant, target: { type: 'Tenant', id: tenantId }, extraChanges: [change] };
      },
      { tenantId },
    );
  },

  async current(ctx: Ctx): Promise<Tenant> {
    const id = ctx.actor?.tenant?.id;
    if (!id) throw new DomainError(CommonErrorCode.NOT_FOUND, 'No tenant in this session');
    return ctx.em.findOneOrFail(Tenant, { id });
  },
};
