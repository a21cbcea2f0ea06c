import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { IsBoolean, IsIn, Length } from 'class-validator';
import { Node, UserError } from '../../platform/graphql/relay.js';
import { toGlobalId } from '../../platform/ids.js';
import { ReferralKind, ReferralStage, TenantLinkKind } from './referral.enums.js';
import type { Referral, TenantLink } from './referral.entity.js';

registerEnumType(TenantLinkKind, { name: 'TenantLinkKind', description: 'How two organisations are related. 机构关系。' });
registerEnumType(ReferralKind, { name: 'ReferralKind', description: 'TRANSFER 转送; ASSIGNMENT 交办.' });
registerEnumType(ReferralStage, { name: 'ReferralStage', description: 'The stage of a referral, as both sides see it. 转交办阶段。' });

@ObjectType('TenantLink', { description: 'A relation between two organisations. 机构关系。' })
export class TenantLinkNode {
  @Field(() => ID) id!: string;
  @Field(() => ID) upperTenantId!: string;
  @Field(() => ID) lowerTenantId!: string;
  @Field(() => TenantLinkKind) kind!: TenantLinkKind;
  @Field(() => Date) createdAt!: Date;

  static from(l: TenantLink): TenantLinkNode {
    return Object.assign(new TenantLinkNode(), {
      id: toGlobalId('TenantLink', l.id), upperTenantId: toGlobalId('Tenant', l.upper.id), lowerTenantId: toGlobalId('Tenant', l.lower.id), kind: l.kind, createdAt: l.createdAt,
    });
  }
}

@ObjectType('ClosingReport', { description: 'The receiver\'s closing report. 办结报告。' })
export class ClosingReportNode {
  @Field(() => String) findings!: string;
  @Field(() => String) outcome!: string;
  @Field(() => Boolean) replySent!: boolean;
  @Field(() => Date) submittedAt!: Date;
}

@ObjectType('Referral', {
  implements: Node,
  description: 'The record two organisations share about a referred matter: stage, clocks and the closing report, never either side\'s internals. 转交办记录。',
})
export class ReferralNode extends Node {
  @Field(() => ReferralKind) kind!: ReferralKind;
  @Field(() => ReferralStage) stage!: ReferralStage;
  @Field(() => ID) senderTenantId!: string;
  @Field(() => String) senderName!: string;
  @Field(() => ID) receiverTenantId!: string;
  @Field(() => String) receiverName!: string;
  @Field(() => String, { description: 'The sender\'s receipt number. 来文编号。' }) senderReceiptNumber!: string;
  @Field(() => ID, { nullable: true, description: 'The calling side\'s own incident of the matter. 本方事件。' }) incidentId!: string | null;
  @Field(() => String, { nullable: true }) reason!: string | null;
  @Field(() => String, { nullable: true }) instructions!: string | null;
  @Field(() => Date, { nullable: true, description: 'Sign-in due (交办). 签收时限。' }) signInDueAt!: Date | null;
  @Field(() => Date, { nullable: true }) signedAt!: Date | null;
  @Field(() => Date, { nullable: true, description: 'Closing report due (交办). 办结时限。' }) dueAt!: Date | null;
  @Field(() => Int, { description: 'Times the closing report was returned for rework. 退回重办次数。' }) returns!: number;
  @Field(() => ClosingReportNode, { nullable: true }) closingReport!: ClosingReportNode | null;
  @Field(() => Date) createdAt!: Date;

  static from(r: Referral, viewerTenantId: string): ReferralNode {
    const sender = r.tenant.id === viewerTenantId;
    const own = sender ? r.senderIncidentId : r.receiverIncidentId ?? null;
    return Object.assign(new ReferralNode(), {
      id: toGlobalId('Referral', r.id),
      kind: r.kind, stage: r.stage,
      senderTenantId: toGlobalId('Tenant', r.tenant.id), senderName: r.senderName,
      receiverTenantId: toGlobalId('Tenant', r.receiverTenantId), receiverName: r.receiverName,
      senderReceiptNumber: r.senderReceiptNumber,
      incidentId: own ? toGlobalId('Incident', own) : null,
      reason: r.reason ?? null, instructions: r.instructions ?? null,
      signInDueAt: r.signInDueAt ?? null, signedAt: r.signedAt ?? null, dueAt: r.dueAt ?? null, returns: r.returns,
      closingReport: r.closingReport ? Object.assign(new ClosingReportNode(), { ...r.closingReport, submittedAt: new Date(r.closingReport.submittedAt) }) : null,
      createdAt: r.createdAt,
    });
  }
}

@InputType()
export class LinkTenantsInput {
  @Field(() => ID) upperTenantId!: string;
  @Field(() => ID) lowerTenantId!: string;
  @Field(() => TenantLinkKind) @IsIn(Object.values(TenantLinkKind)) kind!: TenantLinkKind;
}

@InputType()
export class UnlinkTenantsInput {
  @Field(() => ID) linkId!: string;
}

@ObjectType()
export class TenantLinkPayload {
  @Field(() => TenantLinkNode, { nullable: true }) link!: TenantLinkNode | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}

@InputType()
export class TransferMatterInput {
  @Field(() => ID) incidentId!: string;
  @Field(() => ID, { description: 'A linked organisation. 受理机关。' }) toTenantId!: string;
  @Field(() => String) @Length(1, 2000) reason!: string;
}

@InputType()
export class AssignMatterInput {
  @Field(() => ID) incidentId!: string;
  @Field(() => ID, { description: 'A lower organisation this one supervises. 承办机关。' }) toTenantId!: string;
  @Field(() => Date, { description: 'When the closing report is due. 办结时限。' }) dueAt!: Date;
  @Field(() => String) @Length(1, 4000) instructions!: string;
}

@InputType()
export class ReferralActionInput {
  @Field(() => ID) referralId!: string;
}

@InputType()
export class SubmitClosingReportInput extends ReferralActionInput {
  @Field(() => String) @Length(1, 8000) findings!: string;
  @Field(() => String) @Length(1, 4000) outcome!: string;
  @Field(() => Boolean) @IsBoolean() replySent!: boolean;
}

@InputType()
export class ReturnClosingReportInput extends ReferralActionInput {
  @Field(() => String, { description: 'Why it goes back for rework. 退回理由。' }) @Length(1, 4000) reasons!: string;
  @Field(() => Date, { description: 'The new due time. 新的办结时限。' }) dueAt!: Date;
}

@ObjectType()
export class ReferralPayload {
  @Field(() => ReferralNode, { nullable: true }) referral!: ReferralNode | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}
