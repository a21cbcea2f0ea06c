import { Arg, Ctx as GqlCtx, Mutation, Query, Resolver } from 'type-graphql';
import type { Ctx } from '../../platform/context.js';
import { Allow } from '../../platform/graphql/allow.js';
import { toPayload } from '../../platform/graphql/payload.js';
import { PlatformRole } from '../../platform/platform-roles.js';
import { platformAdminService } from './platform-admin.service.js';
import { PlatformAdministratorNode, SetPlatformRoleInput, SetPlatformRolePayload } from './platform-admin.types.js';

@Resolver()
export class PlatformAdminResolver {
  @Query(() => [PlatformAdministratorNode], { description: 'Who holds which platform role (security and audit administrators). 平台三员名单。' })
  @Allow.platform(PlatformRole.SECURITY_ADMIN, PlatformRole.AUDIT_ADMIN)
  async platformAdministrators(@GqlCtx() ctx: Ctx): Promise<PlatformAdministratorNode[]> {
    return (await platformAdminService.list(ctx)).map((u) => PlatformAdministratorNode.from(u));
  }

  @Mutation(() => SetPlatformRolePayload, {
    description: 'Grants, changes or revokes a user\'s platform role (security administrators; never their own); ends the user\'s sessions. 授予/变更/撤销平台角色。',
  })
  @Allow.platform(PlatformRole.SECURITY_ADMIN)
  async setPlatformRole(@GqlCtx() ctx: Ctx, @Arg('input', () => SetPlatformRoleInput) input: SetPlatformRoleInput): Promise<SetPlatformRolePayload> {
    return toPayload(SetPlatformRolePayload, await platformAdminService.setRole(ctx, input), (u) => ({
      administrator: u.platformRole ? PlatformAdministratorNode.from(u) : null,
    }));
  }
}
