// Fields of the objects under an incident, and their node(id:) lookups: a child
// is visible exactly when its incident is (incident.access.ts).
import { Ctx as GqlCtx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Ctx } from '../../platform/context.js';
import { nodeFetchers } from '../../platform/graphql/node-registry.js';
import { UnitNode } from '../unit/unit.types.js';
import { unitService } from '../unit/unit.service.js';
import { RoleNode } from '../role/role.types.js';
import { roleService } from '../role/role.service.js';
import { MemberNode } from '../member/member.types.js';
import { incidentAccess } from './incident.access.js';
import { incidentLoaders, incidentNodeOf, memberNode } from './incident.loaders.js';
import { IncidentTask } from './task.entity.js';
import { IncidentEvidence, IncidentReport } from './record.entity.js';
import { FileNode } from '../file/file.types.js';
import { fileLoaders } from '../file/file.loaders.js';
import {
  EvidenceNode,
  ExclusionNode,
  HistoryEntryNode,
  IncidentNode,
  LevelMatchNode,
  PoliceDecisionNode,
  ReportNode,
  TaskNode,
} from './incident.types.js';

nodeFetchers.set('IncidentTask', incidentAccess.childFetcher(IncidentTask, (t) => TaskNode.from(t)));
nodeFetchers.set('IncidentReport', incidentAccess.childFetcher(IncidentReport, (r) => ReportNode.from(r)));
nodeFetchers.set('Evidence', incidentAccess.childFetcher(IncidentEvidence, (e) => EvidenceNode.from(e)));


@Resolver(() => TaskNode)
export class TaskResolver {
  @FieldResolver(() => IncidentNode) incident(@Root() t: TaskNode, @GqlCtx() ctx: Ctx) {
    return incidentNodeOf(ctx, t.incidentId);
  }

  @FieldResolver(() => MemberNode, { nullable: true, description: 'The member responsible; null when nobody holds the role for this unit. 责任人。' })
  assignee(@Root() t: TaskNode, @GqlCtx() ctx: Ctx) {
    return memberNode(ctx, t.assigneeId);
  }

  @FieldResolver(() => RoleNode, { nullable: true, description: 'The role responsible. 责任角色。' })
  async role(@Root() t: TaskNode, @GqlCtx() ctx: Ctx): Promise<RoleNode | null> {
    if (!t.roleId) return null;
    const role = (await roleService.graph(ctx)).roles.get(t.roleId);
    return role ? RoleNode.from(role) : null;
  }

  @FieldResolver(() => UnitNode, { nullable: true, description: 'The unit answerable for the duty (the assignee\'s). 责任单位。' })
  responsibleUnit(@Root() t: TaskNode, @GqlCtx() ctx: Ctx) {
    return unitService.nodeInScope(ctx, t.responsibleUnitId);
  }

  @FieldResolver(() => MemberNode, { nullable: true, description: 'Who did the duty: the assignee who completed it (for an on-scene duty, who arrived); for an own-case duty met by an existing owner, that owner. 完成人。' })
  doneBy(@Root() t: TaskNode, @GqlCtx() ctx: Ctx) {
    return memberNode(ctx, t.doneById);
  }

  @FieldResolver(() => MemberNode, { nullable: true, description: 'Who entered the completion, at recordedAt. The same as doneBy when the assignee completes its own task; apart when one member\'s action met another\'s duty (an escalation meeting the own-case duty of the case\'s existing owner). 录入人。' })
  recordedBy(@Root() t: TaskNode, @GqlCtx() ctx: Ctx) {
    return memberNode(ctx, t.recordedById);
  }

  @FieldResolver(() => [EvidenceNode]) async evidence(@Root() t: TaskNode, @GqlCtx() ctx: Ctx): Promise<EvidenceNode[]> {
    return (await incidentLoaders.taskEvidence(ctx).load(t.rawId)).map((e) => EvidenceNode.from(e));
  }
}

@Resolver(() => ReportNode)
export class ReportResolver {
  @FieldResolver(() => IncidentNode) incident(@Root() r: ReportNode, @GqlCtx() ctx: Ctx) {
    return incidentNodeOf(ctx, r.incidentId);
  }

  @FieldResolver(() => MemberNode, { nullable: true }) reportedBy(@Root() r: ReportNode, @GqlCtx() ctx: Ctx) {
    return memberNode(ctx, r.reportedById);
  }
}

@Resolver(() => EvidenceNode)
export class EvidenceResolver {
  @FieldResolver(() => IncidentNode) incident(@Root() e: EvidenceNode, @GqlCtx() ctx: Ctx) {
    return incidentNodeOf(ctx, e.incidentId);
  }

  @FieldResolver(() => FileNode, { nullable: true, description: 'The stored file (null for metadata recorded without an upload). 证据文件。' })
  async file(@Root() e: EvidenceNode, @GqlCtx() ctx: Ctx): Promise<FileNode | null> {
    if (!e.fileId) return null;
    const file = await fileLoaders.byId(ctx).load(e.fileId);
    return file ? FileNode.from(file) : null;
  }

  @FieldResolver(() => MemberNode, { nullable: true }) recordedBy(@Root() e: EvidenceNode, @GqlCtx() ctx: Ctx) {
    return memberNode(ctx, e.recordedById);
  }
}

@Resolver(() => ExclusionNode)
export class ExclusionResolver {
  @FieldResolver(() => MemberNode, { nullable: true }) member(@Root() x: ExclusionNode, @GqlCtx() ctx: Ctx) {
    return memberNode(ctx, x.memberId);
  }
}

@Resolver(() => LevelMatchNode)
export class LevelMatchResolver {
  @FieldResolver(() => MemberNode, { nullable: true }) appliedBy(@Root() l: LevelMatchNode, @GqlCtx() ctx: Ctx) {
    return memberNode(ctx, l.appliedById);
  }
}

@Resolver(() => PoliceDecisionNode)
export class PoliceDecisionResolver {
  @FieldResolver(() => MemberNode, { nullable: true, description: 'Who decided. 决定人。' }) decidedBy(@Root() p: PoliceDecisionNode, @GqlCtx() ctx: Ctx) {
    return memberNode(ctx, p.decidedById);
  }
  @FieldResolver(() => MemberNode, { nullable: true, description: 'Who entered it. 录入人。' }) recordedBy(@Root() p: PoliceDecisionNode, @GqlCtx() ctx: Ctx) {
    return memberNode(ctx, p.recordedById);
  }
}

@Resolver(() => HistoryEntryNode)
export class HistoryEntryResolver {
  @FieldResolver(() => MemberNode, { nullable: true }) actorMember(@Root() h: HistoryEntryNode, @GqlCtx() ctx: Ctx) {
    return memberNode(ctx, h.actorMemberId);
  }
}
