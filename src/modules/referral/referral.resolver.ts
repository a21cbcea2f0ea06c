import { Arg, Ctx as GqlCtx, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { Ctx } from '../../platform/context.js';
import { Allow } from '../../platform/graphql/allow.js';
import { Permission } from '../../platform/permissions.js';
import { PlatformRole } from '../../platform/platform-roles.js';
import { toPayload } from '../../platform/graphql/payload.js';
import { nodeFetchers } from '../../platform/graphql/node-registry.js';
import { validateInput } from '../../platform/validation.js';
import { precheck } from '../../platform/audit/mutation.js';
import { referralAccess } from './referral.access.js';
import { referralService } from './referral.service.js';
import { tenantLinkService } from './tenant-link.service.js';
import {
  AssignMatterInput, LinkTenantsInput, ReferralActionInput, ReferralNode, ReferralPayload, ReturnClosingReportInput, SubmitClosingReportInput,
  TenantLinkNode, TenantLinkPayload, TransferMatterInput, UnlinkTenantsInput,
} from './referral.types.js';
import type { Referral } from './referral.entity.js';
import type { Outcome } from '../../platform/audit/mutation.js';

nodeFetchers.set('Referral', async (ctx, id) => {
  if (!ctx.actor?.memberId || !ctx.actor.permissions.has(Permission.INCIDENT_READ)) return null;
  const r = await referralAccess.find(ctx, id);
  return r ? ReferralNode.from(r, ctx.actor.tenant!.id) : null;
});

function referralPayload(ctx: Ctx, outcome: Outcome<Referral>): ReferralPayload {
  return toPayload(ReferralPayload, outcome, (r) => ({ referral: ReferralNode.from(r, ctx.actor!.tenant!.id) }));
}

async function validated<T extends object>(input: T) {
  return precheck(() => validateInput(input));
}

@Resolver(() => ReferralNode)
export class ReferralResolver {
  @Query(() => [TenantLinkNode], { description: 'Links between organisations (platform administrators: all; a member: its own). 机构关系。' })
  @Allow.signedIn()
  async tenantLinks(@GqlCtx() ctx: Ctx): Promise<TenantLinkNode[]> {
    return (await tenantLinkService.list(ctx)).map((l) => TenantLinkNode.from(l));
  }

  @Query(() => [ReferralNode], { description: 'Referrals this organisation sent or received, newest first. 本机构的转交办记录。' })
  @Allow.member(Permission.INCIDENT_READ)
  async referrals(@GqlCtx() ctx: Ctx, @Arg('first', () => Int, { nullable: true }) first: number | null): Promise<ReferralNode[]> {
    const limit = Math.min(Math.max(first ?? 50, 1), ctx.config.limits.maxPageSize);
    return (await referralService.list(ctx, limit)).map((r) => ReferralNode.from(r, ctx.actor!.tenant!.id));
  }

  @Mutation(() => TenantLinkPayload, { description: 'Links two organisations (platform administrators). 建立机构关系。' })
  @Allow.platform(PlatformRole.SYSTEM_ADMIN)
  async linkTenants(@GqlCtx() ctx: Ctx, @Arg('input', () => LinkTenantsInput) input: LinkTenantsInput): Promise<TenantLinkPayload> {
    const v = await validated(input);
    const out = v.ok ? await tenantLinkService.link(ctx, input) : v;
    return toPayload(TenantLinkPayload, out, (l) => ({ link: TenantLinkNode.from(l) }));
  }

  @Mutation(() => TenantLinkPayload, { description: 'Removes a link between organisations (platform administrators). 解除机构关系。' })
  @Allow.platform(PlatformRole.SYSTEM_ADMIN)
  async unlinkTenants(@GqlCtx() ctx: Ctx, @Arg('input', () => UnlinkTenantsInput) input: UnlinkTenantsInput): Promise<TenantLinkPayload> {
    return toPayload(TenantLinkPayload, await tenantLinkService.unlink(ctx, input), (l) => ({ link: TenantLinkNode.from(l) }));
  }

  @Mutation(() => ReferralPayload, { description: '转送: hands the matter to a linked organisation; this side\'s handling ends as TRANSFERRED.' })
  @Allow.member(Permission.PETITION_DECIDE)
  async transferMatter(@GqlCtx() ctx: Ctx, @Arg('input', () => TransferMatterInput) input: TransferMatterInput): Promise<ReferralPayload> {
    const v = await validated(input);
    return referralPayload(ctx, v.ok ? await referralService.transfer(ctx, input) : v);
  }

  @Mutation(() => ReferralPayload, { description: '交办: assigns the matter to a lower organisation with a sign-in time and a closing-report deadline.' })
  @Allow.member(Permission.PETITION_DECIDE)
  async assignMatter(@GqlCtx() ctx: Ctx, @Arg('input', () => AssignMatterInput) input: AssignMatterInput): Promise<ReferralPayload> {
    const v = await validated(input);
    return referralPayload(ctx, v.ok ? await referralService.assign(ctx, input) : v);
  }

  @Mutation(() => ReferralPayload, { description: 'The receiver signs for an assigned matter. 签收交办事项。' })
  @Allow.member(Permission.PETITION_DECIDE)
  async acceptAssignment(@GqlCtx() ctx: Ctx, @Arg('input', () => ReferralActionInput) input: ReferralActionInput): Promise<ReferralPayload> {
    return referralPayload(ctx, await referralService.acceptAssignment(ctx, input));
  }

  @Mutation(() => ReferralPayload, { description: 'The receiver reports how the matter was closed. 报送办结报告。' })
  @Allow.member(Permission.PETITION_DECIDE)
  async submitClosingReport(@GqlCtx() ctx: Ctx, @Arg('input', () => SubmitClosingReportInput) input: SubmitClosingReportInput): Promise<ReferralPayload> {
    const v = await validated(input);
    return referralPayload(ctx, v.ok ? await referralService.submitClosingReport(ctx, input) : v);
  }

  @Mutation(() => ReferralPayload, { description: 'The sender returns the closing report for rework, with a new due time. 退回重办。' })
  @Allow.member(Permission.PETITION_DECIDE)
  async returnClosingReport(@GqlCtx() ctx: Ctx, @Arg('input', () => ReturnClosingReportInput) input: ReturnClosingReportInput): Promise<ReferralPayload> {
    const v = await validated(input);
    return referralPayload(ctx, v.ok ? await referralService.returnClosingReport(ctx, input) : v);
  }

  @Mutation(() => ReferralPayload, { description: 'The sender accepts the closing report. 审核通过办结报告。' })
  @Allow.member(Permission.PETITION_DECIDE)
  async acceptClosingReport(@GqlCtx() ctx: Ctx, @Arg('input', () => ReferralActionInput) input: ReferralActionInput): Promise<ReferralPayload> {
    return referralPayload(ctx, await referralService.acceptClosingReport(ctx, input));
  }
}
