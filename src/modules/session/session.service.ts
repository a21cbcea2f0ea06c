import { ref } from '@mikro-orm/core';
import type { Ctx } from '../../platform/context.js';
import { DomainError, rateLimited, notFound } from '../../platform/errors.js';
import { audited, failed, precheck, type Outcome } from '../../platform/audit/mutation.js';
import { validateInput } from '../../platform/validation.js';
import { idOf } from '../../platform/ids.js';
import { requireActor } from '../../platform/authz.js';
import { setTenantScope } from '../../platform/db/tenant-scope.js';
import { ActorKind } from '../../platform/audit/log.entity.js';
import { appendPlatformLog } from '../../platform/audit/log-writer.js';
import { Tenant } from '../tenant/tenant.entity.js';
import { TenantStatus } from '../tenant/tenant.enums.js';
import { User, UserStatus } from '../user/user.entity.js';
import { normalizeEmail } from '../user/user.service.js';
import { PasswordToken, RefreshToken, Session } from './session.entity.js';
import { SessionErrorCode } from './session.errors.js';
import { hashPassword, verifyPassword } from './password.service.js';
import { hashOpaqueToken } from './tokens.service.js';
import type { LoginInput, LogoutInput, RefreshSessionInput, SetPasswordInput, SwitchTenantInput } from './session.types.js';

export interface IssuedSession {
  accessToken: string;
  accessTokenExpiresAt: Date;
  refreshToken: string;
  refreshTokenExpiresAt: Date;
  tenant: Tenant | null;
}

interface MembershipRow {
  member_id: string;
  tenant_id: string;
  slug: string;
  status: TenantStatus;
  role_labels: string[] | null;
}

/** The user's active memberships in every tenant (row-level security lets a user read its own). */
async function membershipsOf(ctx: Ctx, userId: string): Promise<MembershipRow[]> {
  return ctx.em.getConnection().execute<MembershipRow[]>(
    `select m.id as member_id, m.tenant_id, t.slug, t.status,
       (select array_agg(coalesce(r.key, r.name)) from member_role mr join role r on r.tenant_id = mr.tenant_id and r.id = mr.role_id
         where mr.tenant_id = m.tenant_id and mr.member_id = m.id) as role_labels
     from member m join tenant t on t.id = m.tenant_id
     where m.user_id = ? and m.status = 'ACTIVE' order by m.created_at, m.id`,
    [userId],
    'all',
    ctx.em.getTransactionContext(),
  );
}

function invalidCredentials(): DomainError {
  return new DomainError(SessionErrorCode.INVALID_CREDENTIALS, 'E-mail or password is wrong', ['input']);
}

/** Writes the session event in the tenant's log, or in the platform log for a platform-only session. */
async function logSessionEvent<T>(
  ctx: Ctx,
  action: string,
  tenantId: string | null,
  actor: { userId: string; memberId: string | null; roles: string[] },
  work: (tx: Ctx) => Promise<T>,
  target: { type: string; id: string },
  reason: string | null = null,
): Promise<Outcome<T>> {
  if (tenantId) {
    return audited(ctx, action, async (tx) => ({ result: await work(tx), target, reason }), { tenantId, actor, actorKind: ActorKind.USER });
  }
  const value = await ctx.em.transactional(async (em) => {
    const tx: Ctx = { ...ctx, em: em as Ctx['em'] };
    const result = await work(tx);
    await em.flush();
    await appendPlatformLog(tx.em, {
      actorUserId: actor.userId,
      action,
      targetType: target.type,
      targetId: target.id,
      reason,
      requestId: ctx.request.requestId,
      clientAddress: ctx.request.clientAddress,
    });
    return result;
  });
  return { ok: true, value };
}

export const sessionService = {
  async issue(ctx: Ctx, user: User, tenant: Tenant | null): Promise<IssuedSession> {
    const session = ctx.em.create(Session, {
      user,
      tenant: tenant ? ref(tenant) : null,
      expiresAt: ctx.services.tokens.refreshExpiry(),
      userAgent: ctx.request.userAgent,
      clientAddress: ctx.request.clientAddress,
    });
    return this.tokensFor(ctx, session, user, tenant);
  },

  /** A new refresh token in the session's family and an access token for it. */
  tokensFor(ctx: Ctx, session: Session, user: User, tenant: Tenant | null): IssuedSession {
    const refresh = ctx.services.tokens.newOpaqueToken();
    ctx.em.persist(ctx.em.create(RefreshToken, { session, tokenHash: refresh.hash }));
    const access = ctx.services.tokens.signAccess({ sub: user.id, tid: tenant?.id, sid: session.id });
    return {
      accessToken: access.token,
      accessTokenExpiresAt: access.expiresAt,
      refreshToken: refresh.token,
      refreshTokenExpiresAt: session.expiresAt,
      tenant,
    };
  },

  /** Rate-limited per account and per address; failures are counted outside the transaction. */
  async login(ctx: Ctx, input: LoginInput): Promise<Outcome<IssuedSession>> {
    const valid = await precheck(() => validateInput(input));
    if (!valid.ok) return valid;
    const email = normalizeEmail(input.email);
    const { perAccount, perAddress, windowSeconds } = ctx.config.loginRate;
    const accountKey = `login:account:${email}`;
    const addressKey = `login:address:${ctx.request.clientAddress ?? 'unknown'}`;
    // Every attempt is counted before it is evaluated, in one statement (a burst cannot slip past the limit);
    // one with the right password is given back below, so the limits count failures.
    const allowed = await ctx.services.sharedLimiter.take([{ key: accountKey, limit: perAccount }, { key: addressKey, limit: perAddress }], windowSeconds);
    if (!allowed) throw rateLimited(windowSeconds);
    const user = await ctx.em.findOne(User, { email });
    const ok = await verifyPassword(input.password, user?.passwordHash);
    if (!ok || !user || user.status !== UserStatus.ACTIVE) return failed(invalidCredentials());
    await ctx.services.sharedLimiter.refund([accountKey, addressKey]);
    await setTenantScope(ctx.em, null, user.id);
    const memberships = await membershipsOf(ctx, user.id);
    let chosen: MembershipRow | undefined;
    if (input.tenantSlug) {
      chosen = memberships.find((m) => m.slug === input.tenantSlug);
      if (!chosen) return failed(new DomainError(SessionErrorCode.NO_MEMBERSHIP, 'No membership in that tenant', ['input', 'tenantSlug']));
      if (chosen.status === TenantStatus.SUSPENDED) return failed(new DomainError(SessionErrorCode.TENANT_SUSPENDED, 'The tenant is suspended', ['input', 'tenantSlug']));
    } else {
      chosen = memberships.find((m) => m.status === TenantStatus.ACTIVE);
      if (!chosen && !user.platformAdmin) {
        const suspended = memberships.length > 0;
        return failed(
          suspended
            ? new DomainError(SessionErrorCode.TENANT_SUSPENDED, 'The tenant is suspended', ['input'])
            : new DomainError(SessionErrorCode.NO_MEMBERSHIP, 'This account has no active membership', ['input']),
        );
      }
    }
    await ctx.services.sharedLimiter.reset(accountKey);
    const tenant = chosen ? await ctx.em.findOneOrFail(Tenant, { id: chosen.tenant_id }) : null;
    let issued: IssuedSession | null = null;
    const outcome = await logSessionEvent(
      ctx,
      'session.login',
      tenant?.id ?? null,
      { userId: user.id, memberId: chosen?.member_id ?? null, roles: chosen?.role_labels ?? [] },
      async (tx) => {
        issued = await this.issue(tx, user, tenant);
        return issued;
      },
      { type: 'User', id: user.id },
    );
    return outcome.ok && issued ? { ok: true, value: issued } : outcome;
  },

  /**
   * Rotates the refresh token. A token presented twice means it leaked: the
   * whole session (every token of the family) ends, and that is committed.
   */
  async refresh(ctx: Ctx, input: RefreshSessionInput): Promise<Outcome<IssuedSession>> {
    const hash = hashOpaqueToken(input.refreshToken ?? '');
    const [row] = await ctx.em.getConnection().execute<{
      token_id: string; used_at: Date | null; session_id: string; revoked_at: Date | null; expires_at: Date; user_id: string; tenant_id: string | null;
    }[]>(
      `select rt.id as token_id, rt.used_at, s.id as session_id, s.revoked_at, s.expires_at, s.user_id, s.tenant_id
       from refresh_token rt join session s on s.id = rt.session_id where rt.token_hash = ? for update of rt, s`,
      [hash],
      'all',
      ctx.em.getTransactionContext(),
    );
    const invalid = new DomainError(SessionErrorCode.INVALID_REFRESH_TOKEN, 'Refresh token is not valid', ['input', 'refreshToken']);
    if (!row) return failed(invalid);
    await setTenantScope(ctx.em, row.tenant_id, row.user_id);
    const memberships = row.tenant_id ? await membershipsOf(ctx, row.user_id) : [];
    const membership = memberships.find((m) => m.tenant_id === row.tenant_id);
    const actor = { userId: row.user_id, memberId: membership?.member_id ?? null, roles: membership?.role_labels ?? [] };
    if (row.used_at && !row.revoked_at) {
      await logSessionEvent(ctx, 'session.refresh_reuse_detected', row.tenant_id, actor, async (tx) => {
        await tx.em.getConnection().execute(
          `update session set revoked_at = now(), revoked_reason = 'REFRESH_TOKEN_REUSED' where id = ?`,
          [row.session_id], 'run', tx.em.getTransactionContext(),
        );
      }, { type: 'Session', id: row.session_id }, 'refresh token presented twice');
      return failed(new DomainError(SessionErrorCode.REFRESH_TOKEN_REUSED, 'This refresh token was already used; the session has ended', ['input', 'refreshToken']));
    }
    if (row.used_at || row.revoked_at || new Date(row.expires_at) < new Date()) {
      return failed(new DomainError(SessionErrorCode.SESSION_ENDED, 'The session has ended; sign in again', ['input', 'refreshToken']));
    }
    const user = await ctx.em.findOneOrFail(User, { id: row.user_id });
    if (user.status !== UserStatus.ACTIVE) return failed(invalid);
    let tenant: Tenant | null = null;
    if (row.tenant_id) {
      tenant = await ctx.em.findOneOrFail(Tenant, { id: row.tenant_id });
      if (tenant.status === TenantStatus.SUSPENDED) return failed(new DomainError(SessionErrorCode.TENANT_SUSPENDED, 'The tenant is suspended', ['input']));
      if (!membership) return failed(new DomainError(SessionErrorCode.SESSION_ENDED, 'The membership has ended', ['input']));
    }
    return logSessionEvent(ctx, 'session.refresh', row.tenant_id, actor, async (tx) => {
      const token = await tx.em.findOneOrFail(RefreshToken, { id: row.token_id });
      token.usedAt = new Date();
      const session = await tx.em.findOneOrFail(Session, { id: row.session_id });
      return this.tokensFor(tx, session, user, tenant);
    }, { type: 'Session', id: row.session_id });
  },

  async logout(ctx: Ctx, input: LogoutInput): Promise<Outcome<number>> {
    const actor = requireActor(ctx);
    return logSessionEvent(
      ctx,
      'session.logout',
      actor.tenant?.id ?? null,
      { userId: actor.userId, memberId: actor.memberId, roles: actor.roleLabels },
      async (tx) => {
        const res = await tx.em.getConnection().execute(
          input.allSessions
            ? `update session set revoked_at = now(), revoked_reason = 'LOGOUT' where user_id = ? and revoked_at is null`
            : `update session set revoked_at = now(), revoked_reason = 'LOGOUT' where id = ? and revoked_at is null`,
          [input.allSessions ? actor.userId : actor.sessionId],
          'run',
          tx.em.getTransactionContext(),
        );
        return (res as { affectedRows?: number }).affectedRows ?? 0;
      },
      { type: 'Session', id: actor.sessionId },
    );
  },

  /** Moves the session to another tenant of the user; access tokens of the old tenant stop working. */
  async switchTenant(ctx: Ctx, input: SwitchTenantInput): Promise<Outcome<{ accessToken: string; expiresAt: Date; tenant: Tenant }>> {
    const actor = requireActor(ctx);
    const parsed = await precheck(() => idOf('Tenant', input.tenantId, ['input', 'tenantId']));
    if (!parsed.ok) return parsed;
    const tenantId = parsed.value;
    const membership = (await membershipsOf(ctx, actor.userId)).find((m) => m.tenant_id === tenantId);
    if (!membership) return failed(notFound('Tenant', ['input', 'tenantId']));
    if (membership.status === TenantStatus.SUSPENDED) {
      return failed(new DomainError(SessionErrorCode.TENANT_SUSPENDED, 'The tenant is suspended', ['input', 'tenantId']));
    }
    return logSessionEvent(
      ctx,
      'session.switch_tenant',
      tenantId,
      { userId: actor.userId, memberId: membership.member_id, roles: membership.role_labels ?? [] },
      async (tx) => {
        const session = await tx.em.findOneOrFail(Session, { id: actor.sessionId });
        session.tenant = ref(Tenant, tenantId);
        const tenant = await tx.em.findOneOrFail(Tenant, { id: tenantId });
        const access = tx.services.tokens.signAccess({ sub: actor.userId, tid: tenantId, sid: session.id });
        return { accessToken: access.token, expiresAt: access.expiresAt, tenant };
      },
      { type: 'Session', id: actor.sessionId },
    );
  },

  /** Consumes a one-time token; every existing session of the user ends. */
  async setPassword(ctx: Ctx, input: SetPasswordInput): Promise<Outcome<boolean>> {
    const valid = await precheck(() => validateInput(input));
    if (!valid.ok) {
      return failed(...valid.errors.map((x) => (x.field?.[1] === 'password' ? new DomainError(SessionErrorCode.WEAK_PASSWORD, x.message, x.field) : x)));
    }
    const record = await ctx.em.findOne(PasswordToken, { tokenHash: hashOpaqueToken(input.token) }, { populate: ['user'] });
    if (!record || record.usedAt || record.expiresAt < new Date()) {
      return failed(new DomainError(SessionErrorCode.INVALID_PASSWORD_TOKEN, 'This link is not valid any more', ['input', 'token']));
    }
    const passwordHash = await hashPassword(input.password);
    const user = record.user.getEntity();
    return logSessionEvent(
      ctx,
      'user.set_password',
      null,
      { userId: user.id, memberId: null, roles: [] },
      async (tx) => {
        const r = await tx.em.findOneOrFail(PasswordToken, { id: record.id });
        r.usedAt = new Date();
        const u = await tx.em.findOneOrFail(User, { id: user.id });
        u.passwordHash = passwordHash;
        await tx.em.getConnection().execute(
          `update session set revoked_at = now(), revoked_reason = 'PASSWORD_SET' where user_id = ? and revoked_at is null`,
          [user.id], 'run', tx.em.getTransactionContext(),
        );
        return true;
      },
      { type: 'User', id: user.id },
    );
  },

  async memberships(ctx: Ctx) {
    const actor = requireActor(ctx);
    return membershipsOf(ctx, actor.userId);
  },
};
