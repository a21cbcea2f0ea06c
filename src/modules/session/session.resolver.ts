import { Arg, Ctx as GqlCtx, Mutation, Query, Resolver } from 'type-graphql';
import type { Ctx } from '../../platform/context.js';
import { Allow } from '../../platform/graphql/allow.js';
import { toPayload } from '../../platform/graphql/payload.js';
import { toGlobalId } from '../../platform/ids.js';
import { requireActor } from '../../platform/authz.js';
import { Tenant } from '../tenant/tenant.entity.js';
import { TenantNode } from '../tenant/tenant.types.js';
import { User } from '../user/user.entity.js';
import { MemberNode } from '../member/member.types.js';
import { Member } from '../member/member.entity.js';
import { sessionService, type IssuedSession } from './session.service.js';
import {
  AuthTokens, LoginInput, LogoutInput, LogoutPayload, Me, Membership, RefreshSessionInput, SessionPayload, SetPasswordInput,
  SetPasswordPayload, SwitchTenantInput, SwitchTenantPayload,
} from './session.types.js';

function sessionPayload(issued: IssuedSession): Partial<SessionPayload> {
  return {
    tokens: Object.assign(new AuthTokens(), {
      accessToken: issued.accessToken,
      accessTokenExpiresAt: issued.accessTokenExpiresAt,
      refreshToken: issued.refreshToken,
      refreshTokenExpiresAt: issued.refreshTokenExpiresAt,
    }),
    tenant: issued.tenant ? TenantNode.from(issued.tenant) : null,
  };
}

@Resolver()
export class SessionResolver {
  @Mutation(() => SessionPayload, { description: 'Signs in with e-mail and password. 登录。' })
  @Allow.public()
  async login(@GqlCtx() ctx: Ctx, @Arg('input', () => LoginInput) input: LoginInput): Promise<SessionPayload> {
    return toPayload(SessionPayload, await sessionService.login(ctx, input), sessionPayload);
  }

  @Mutation(() => SessionPayload, { description: 'Exchanges a refresh token for new tokens (rotation). 刷新会话。' })
  @Allow.public()
  async refreshSession(@GqlCtx() ctx: Ctx, @Arg('input', () => RefreshSessionInput) input: RefreshSessionInput): Promise<SessionPayload> {
    return toPayload(SessionPayload, await sessionService.refresh(ctx, input), sessionPayload);
  }

  @Mutation(() => LogoutPayload, { description: 'Ends this session (or all of the user\'s). 退出登录。' })
  @Allow.signedIn()
  async logout(@GqlCtx() ctx: Ctx, @Arg('input', () => LogoutInput, { nullable: true }) input: LogoutInput | null): Promise<LogoutPayload> {
    return toPayload(LogoutPayload, await sessionService.logout(ctx, input ?? {}), (n) => ({ revokedSessions: n }));
  }

  @Mutation(() => SwitchTenantPayload, { description: 'Moves the session to another tenant of the user. 切换租户。' })
  @Allow.signedIn()
  async switchTenant(@GqlCtx() ctx: Ctx, @Arg('input', () => SwitchTenantInput) input: SwitchTenantInput): Promise<SwitchTenantPayload> {
    return toPayload(SwitchTenantPayload, await sessionService.switchTenant(ctx, input), (r) => ({
      accessToken: r.accessToken,
      accessTokenExpiresAt: r.expiresAt,
      tenant: TenantNode.from(r.tenant),
    }));
  }

  @Mutation(() => SetPasswordPayload, { description: 'Sets a password with a one-time token from an invitation. 设置密码。' })
  @Allow.public()
  async setPassword(@GqlCtx() ctx: Ctx, @Arg('input', () => SetPasswordInput) input: SetPasswordInput): Promise<SetPasswordPayload> {
    return toPayload(SetPasswordPayload, await sessionService.setPassword(ctx, input), () => ({ ok: true }));
  }

  @Query(() => Me, { description: 'The signed-in user, its tenant, membership and permissions. 当前用户。' })
  @Allow.signedIn()
  async me(@GqlCtx() ctx: Ctx): Promise<Me> {
    const actor = requireActor(ctx);
    const user = await ctx.em.findOneOrFail(User, { id: actor.userId });
    const rows = await sessionService.memberships(ctx);
    const tenants = rows.length ? await ctx.em.find(Tenant, { id: { $in: rows.map((r) => r.tenant_id) } }) : [];
    const member = actor.memberId ? await ctx.em.findOne(Member, { id: actor.memberId }, { populate: ['user'] }) : null;
    return Object.assign(new Me(), {
      userId: toGlobalId('User', user.id),
      email: user.email,
      displayName: user.displayName,
      platformAdmin: user.platformAdmin,
      tenant: actor.tenant ? TenantNode.from(tenants.find((t) => t.id === actor.tenant!.id) ?? (await ctx.em.findOneOrFail(Tenant, { id: actor.tenant.id }))) : null,
      member: member ? MemberNode.from(member) : null,
      permissions: [...actor.permissions].sort(),
      memberships: rows.map((r) => Object.assign(new Membership(), {
        tenant: TenantNode.from(tenants.find((t) => t.id === r.tenant_id)!),
        memberId: toGlobalId('Member', r.member_id),
        current: r.tenant_id === actor.tenant?.id,
      })),
    });
  }
}
