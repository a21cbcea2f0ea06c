// petitionStatus: a petitioner checks the stage, statutory due dates and reply
// of their case with the receipt number and access code, without an account.
// A wrong code answers exactly like an unknown receipt (null) and counts
// against the caller's address; over the limit every lookup is refused.
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { Ctx } from '../../platform/context.js';
import { rateLimited } from '../../platform/errors.js';
import { setTenantScope } from '../../platform/db/tenant-scope.js';
import { Incident } from '../incident/incident.entity.js';
import { PetitionReceipt } from './petitioner.entity.js';
import { StatutoryClock } from './clock.entity.js';
import { ClockKind, ClockState, SuspensionReason, SuspensionState } from './petition.enums.js';
import { ClockSuspension } from './clock-suspension.entity.js';
import { effectiveState } from './statutory-clocks.model.js';
import { PetitionStage, stageOf } from './petition-stage.model.js';
import { accessCodeHash, normaliseReceipt, sameHash } from './receipt.model.js';

registerEnumType(PetitionStage, {
  name: 'PetitionStage',
  description:
    'RECEIVED 已收到, ACCEPTED 已受理, NOT_ACCEPTED 不予受理, REFERRED_BACK 非本单位事项（已提出异议）, REPLIED 已答复, UNDER_REVIEW 复查中 (art. 35), UNDER_REREVIEW 复核中 (art. 36), CLOSED 已办结, WITHDRAWN 已撤回. ' +
    'A review or re-review asked for within its window reopens a closed case for that stage.',
});

@ObjectType('PetitionSuspension', { description: 'A suspension of a deadline approved by a leader (中止计时): why, from when, until when, and the working days added. 中止计时。' })
export class PetitionSuspension {
  @Field(() => SuspensionReason) reason!: SuspensionReason;
  @Field(() => String, { description: 'The lawful basis. 依据。' }) basis!: string;
  @Field(() => Date) suspendedFrom!: Date;
  @Field(() => Date, { nullable: true, description: 'Null while the clock is still suspended. 恢复计时时间。' }) resumedAt!: Date | null;
  @Field(() => Int, { nullable: true, description: 'Working days added to the deadline. 顺延的工作日数。' }) workingDays!: number | null;
}

@ObjectType('PetitionDeadline', { description: 'A statutory deadline of the petition. 法定期限。' })
export class PetitionDeadline {
  @Field(() => ClockKind) kind!: ClockKind;
  @Field(() => Date) dueAt!: Date;
  @Field(() => ClockState) state!: ClockState;
  @Field(() => Boolean, { description: 'The deadline was extended (art. 34), once approved by a leader. 是否延期。' }) extended!: boolean;
  @Field(() => Int, { nullable: true, description: 'Days of the approved extension. 延长天数。' }) extensionDays!: number | null;
  @Field(() => String, { nullable: true, description: 'Why it was extended, as approved (art. 34: the petitioner is told why). 延期理由。' }) extensionReason!: string | null;
  @Field(() => [PetitionSuspension], { description: 'Approved suspensions of this deadline, oldest first (a pending or rejected request is not shown). 中止计时记录。' })
  suspensions!: PetitionSuspension[];
}

@ObjectType('PetitionStatus', { description: 'What a petitioner may see of their case: stage, statutory deadlines, the reply. 信访事项办理状态。' })
export class PetitionStatus {
  @Field(() => PetitionStage) stage!: PetitionStage;
  @Field(() => [PetitionDeadline]) deadlines!: PetitionDeadline[];
  @Field(() => String, { nullable: true, description: 'The written answer, once given. 书面答复。' }) reply!: string | null;
  @Field(() => Date, { nullable: true }) repliedAt!: Date | null;
  /** For field resolvers of other modules (the documents served); never shown. */
  tenantId!: string;
  incidentId!: string;
}

// Compared against when the receipt is unknown, so both answers cost the same work.
const DUMMY_HASH = accessCodeHash('XF-00000000-0000000000', '000000000000');

export { PetitionStage };

/**
 * The receipt for a receipt number and access code, or null — the same null
 * for an unknown receipt and a wrong code, after the same work. Every public
 * use (petitionStatus, rateReply) counts against one limit per address; a
 * valid code is given back, so wrong codes are what count.
 */
export async function verifyReceipt(ctx: Ctx, receiptNumber: string, accessCode: string): Promise<PetitionReceipt | null> {
  const { perAddress, windowSeconds } = ctx.config.publicLookupRate;
  const key = `petition-status:address:${ctx.request.clientAddress ?? 'unknown'}`;
  // Counted and decided in one statement (a burst cannot slip past the limit); a valid lookup is given back.
  if (!(await ctx.services.sharedLimiter.take([{ key, limit: perAddress }], windowSeconds))) throw rateLimited(windowSeconds);

  const number = normaliseReceipt(String(receiptNumber).slice(0, 100));
  const receipt = number ? await ctx.em.findOne(PetitionReceipt, { receiptNumber: number }) : null;
  const given = accessCodeHash(number, String(accessCode).slice(0, 100));
  const valid = sameHash(receipt?.accessCodeHash ?? DUMMY_HASH, given) && !!receipt;
  if (!valid) return null;
  await ctx.services.sharedLimiter.refund([key]);
  return receipt;
}

export async function petitionStatus(ctx: Ctx, receiptNumber: string, accessCode: string): Promise<PetitionStatus | null> {
  const receipt = await verifyReceipt(ctx, receiptNumber, accessCode);
  if (!receipt) return null;
  // Read the case in its tenant, then drop the tenant again.
  await setTenantScope(ctx.em, receipt.tenant.id, null);
  try {
    const incident = await ctx.em.findOne(Incident, { id: receipt.incidentId });
    if (!incident) return null;
    const clocks = await ctx.em.find(StatutoryClock, { incident }, { orderBy: { startedAt: 'asc', id: 'asc' } });
    const suspensions = clocks.length
      ? await ctx.em.find(ClockSuspension, { clock: { id: { $in: clocks.map((c) => c.id) } }, state: { $in: [SuspensionState.ACTIVE, SuspensionState.RESUMED] } }, { orderBy: { suspendedFrom: 'asc', id: 'asc' } })
      : [];
    const now = new Date();
    return Object.assign(new PetitionStatus(), {
      stage: stageOf(incident, clocks),
      deadlines: clocks
        .filter((c) => c.state !== ClockState.CANCELLED)
        .map((c) => Object.assign(new PetitionDeadline(), { kind: c.kind, dueAt: c.dueAt, state: effectiveState(c, now),
          extended: !!c.extensionDays,
          // Set only by an approval: a pending or rejected request is not the petitioner's news.
          extensionDays: c.extensionDays ?? null,
          extensionReason: c.extensionDays ? (c.extensionReason ?? null) : null,
          suspensions: suspensions.filter((x) => x.clock.id === c.id).map((x) => Object.assign(new PetitionSuspension(), {
            reason: x.reason, basis: x.basis, suspendedFrom: x.suspendedFrom, resumedAt: x.resumedAt ?? null, workingDays: x.workingDays ?? null,
          })),
        })),
      reply: incident.replyText ?? null,
      repliedAt: incident.repliedAt ?? null,
      tenantId: receipt.tenant.id,
      incidentId: incident.id,
    });
  } finally {
    await setTenantScope(ctx.em, null, null);
  }
}
