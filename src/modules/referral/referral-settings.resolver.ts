import { Arg, Ctx as GqlCtx, Mutation, Query, Resolver } from 'type-graphql';
import type { Ctx } from '../../platform/context.js';
import { Allow } from '../../platform/graphql/allow.js';
import { Permission } from '../../platform/permissions.js';
import { toPayload } from '../../platform/graphql/payload.js';
import { referralSettingsService } from './referral-settings.service.js';
import { ReferralSettingsNode, ReferralSettingsPayload, UpdateReferralSettingsInput } from './referral-settings.types.js';

@Resolver()
export class ReferralSettingsResolver {
  @Query(() => ReferralSettingsNode, { description: 'This organisation\'s terms for the matters it assigns. 交办设置。' })
  @Allow.member(Permission.INCIDENT_READ)
  async referralSettings(@GqlCtx() ctx: Ctx): Promise<ReferralSettingsNode> {
    return Object.assign(new ReferralSettingsNode(), await referralSettingsService.mine(ctx));
  }

  @Mutation(() => ReferralSettingsPayload, { description: 'Changes the sign-in working days (1–10) and the return limit (1–10) of this organisation\'s assignments. 修改交办设置。' })
  @Allow.member(Permission.CALENDAR_MANAGE)
  async updateReferralSettings(@GqlCtx() ctx: Ctx, @Arg('input', () => UpdateReferralSettingsInput) input: UpdateReferralSettingsInput): Promise<ReferralSettingsPayload> {
    return toPayload(ReferralSettingsPayload, await referralSettingsService.update(ctx, input), (s) => ({ settings: Object.assign(new ReferralSettingsNode(), s) }));
  }
}
