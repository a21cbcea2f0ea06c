import { Arg, Ctx as GqlCtx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { Ctx } from '../../platform/context.js';
import { Allow } from '../../platform/graphql/allow.js';
import { Permission } from '../../platform/permissions.js';
import { toPayload } from '../../platform/graphql/payload.js';
import { nodeFetchers } from '../../platform/graphql/node-registry.js';
import { MemberNode } from '../member/member.types.js';
import { IncidentNode } from '../incident/incident.types.js';
import { incidentNodeOf, memberNode } from '../incident/incident.loaders.js';
import { caseRecordService, type CaseRecordResult } from './case-record.service.js';
import { caseRecordLoaders } from './case-record.loaders.js';
import { CaseRecordNode, CaseRecordVersionNode } from './case-record.types.js';
import { CaseRecordPayload, CreateCaseRecordInput, FileCaseRecordInput, UpdateCaseRecordInput } from './case-record.inputs.js';

nodeFetchers.set('CaseRecord', async (ctx, id) => {
  const record = await caseRecordService.find(ctx, id);
  return record ? CaseRecordNode.from(record) : null;
});

const fill = (r: CaseRecordResult) => ({ record: CaseRecordNode.from(r.record), incident: IncidentNode.from(r.incident) });

@Resolver(() => CaseRecordNode)
export class CaseRecordResolver {
  @Mutation(() => CaseRecordPayload, { description: 'Starts a draft record (谈话记录, 现场记录, 工作总结) on an incident. 新建记录。' })
  @Allow.member(Permission.INCIDENT_ACT)
  async createCaseRecord(@GqlCtx() ctx: Ctx, @Arg('input', () => CreateCaseRecordInput) input: CreateCaseRecordInput): Promise<CaseRecordPayload> {
    return toPayload(CaseRecordPayload, await caseRecordService.create(ctx, input), fill);
  }

  @Mutation(() => CaseRecordPayload, { description: 'Saves a new version of a draft (its author only). 修改记录草稿。' })
  @Allow.member(Permission.INCIDENT_ACT)
  async updateCaseRecord(@GqlCtx() ctx: Ctx, @Arg('input', () => UpdateCaseRecordInput) input: UpdateCaseRecordInput): Promise<CaseRecordPayload> {
    return toPayload(CaseRecordPayload, await caseRecordService.update(ctx, input), fill);
  }

  @Mutation(() => CaseRecordPayload, { description: 'Files a draft: locked from then on (its author only). 记录归档。' })
  @Allow.member(Permission.INCIDENT_ACT)
  async fileCaseRecord(@GqlCtx() ctx: Ctx, @Arg('input', () => FileCaseRecordInput) input: FileCaseRecordInput): Promise<CaseRecordPayload> {
    return toPayload(CaseRecordPayload, await caseRecordService.file(ctx, input), fill);
  }

  @FieldResolver(() => IncidentNode) incident(@Root() r: CaseRecordNode, @GqlCtx() ctx: Ctx) {
    return incidentNodeOf(ctx, r.incidentId);
  }

  @FieldResolver(() => MemberNode, { nullable: true }) author(@Root() r: CaseRecordNode, @GqlCtx() ctx: Ctx) {
    return memberNode(ctx, r.authorId);
  }

  @FieldResolver(() => [CaseRecordVersionNode], { description: 'Every saved version, oldest first. 各版本。' })
  async versions(@Root() r: CaseRecordNode, @GqlCtx() ctx: Ctx): Promise<CaseRecordVersionNode[]> {
    return (await caseRecordLoaders.versions(ctx).load(r.rawId)).map((v) => CaseRecordVersionNode.from(r.kind, v));
  }
}

@Resolver(() => IncidentNode)
export class IncidentRecordsResolver {
  @FieldResolver(() => [CaseRecordNode], { description: 'Typed records: interviews, scene records, work summaries. 案件记录。' })
  async records(@Root() i: IncidentNode, @GqlCtx() ctx: Ctx): Promise<CaseRecordNode[]> {
    return (await caseRecordLoaders.byIncident(ctx).load(i.rawId)).map((r) => CaseRecordNode.from(r));
  }
}
