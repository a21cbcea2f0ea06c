// Fields of the objects under an incident, and their node(id:) lookups: a child
// is visible exactly when its incident is (incident.access.ts).
import { Ctx as GqlCtx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { EntityName } from '@mikro-orm/core';
import type { Ctx } from '../../platform/context.js';
import { nodeFetchers } from '../../platform/graphql/node-registry.js';
import type { Node } from '../../platform/graphql/relay.js';
import { UnitNode } from '../unit/unit.types.js';
import { unitService } from '../unit/unit.service.js';
import { RoleNode } from '../role/role.types.js';
import { roleService } from '../role/role.service.js';
import { MemberNode } from '../member/member.types.js';
import { incidentAccess } from './incident.access.js';
import { incidentLoaders } from './incident.loaders.js';
import { memberNode } from './incident.resolver.js';
import { IncidentTask } from './task.entity.js';
import { IncidentEvidence, IncidentReport } from './record.entity.js';
import { StatutoryClock } from '../petition/clock.entity.js';
import { Petitioner } from '../petition/petitioner.entity.js';
import { readPetitionerPii } from '../petition/petitioner-pii.service.js';
import {
  ClockHistoryNode,
  ClockNode,
  EvidenceNode,
  ExclusionNode,
  HistoryEntryNode,
  IncidentNode,
  LevelMatchNode,
  PetitionerNode,
  ReportNode,
  TaskNode,
} from './incident.types.js';

/** A node under an incident, or null when the caller may not see that incident. */
function childFetcher<E extends { incident: { id: string } }>(entity: EntityName<E>, toNode: (e: E) => Node) {
  return async (ctx: Ctx, id: string): Promise<Node | null> => {
    if (!ctx.actor?.tenant) return null;
    const row = await ctx.em.findOne(entity, { id } as never);
    if (!row) return null;
    const visible = await incidentAccess.visibleIncidentIds(ctx, [row.incident.id]);
    return visible.has(row.incident.id) ? toNode(row) : null;
  };
}

nodeFetchers.set('IncidentTask', childFetcher(IncidentTask, (t) => TaskNode.from(t)));
nodeFetchers.set('IncidentReport', childFetcher(IncidentReport, (r) => ReportNode.from(r)));
nodeFetchers.set('Evidence', childFetcher(IncidentEvidence, (e) => EvidenceNode.from(e)));
nodeFetchers.set('StatutoryClock', childFetcher(StatutoryClock, (c) => ClockNode.from(c)));
nodeFetchers.set('Petitioner', childFetcher(Petitioner, (p) => PetitionerNode.from(p)));

async function incidentNode(ctx: Ctx, id: string): Promise<IncidentNode> {
  const incident = await incidentLoaders.incident(ctx).load(id);
  if (!incident) throw new Error('incident missing');
  return IncidentNode.from(incident);
}

@Resolver(() => TaskNode)
export class TaskResolver {
  @FieldResolver(() => IncidentNode) incident(@Root() t: TaskNode, @GqlCtx() ctx: Ctx) {
    return incidentNode(ctx, t.incidentId);
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

  @FieldResolver(() => MemberNode, { nullable: true }) doneBy(@Root() t: TaskNode, @GqlCtx() ctx: Ctx) {
    return memberNode(ctx, t.doneById);
  }

  @FieldResolver(() => [EvidenceNode]) async evidence(@Root() t: TaskNode, @GqlCtx() ctx: Ctx): Promise<EvidenceNode[]> {
    return (await incidentLoaders.taskEvidence(ctx).load(t.rawId)).map((e) => EvidenceNode.from(e));
  }
}

@Resolver(() => ReportNode)
export class ReportResolver {
  @FieldResolver(() => IncidentNode) incident(@Root() r: ReportNode, @GqlCtx() ctx: Ctx) {
    return incidentNode(ctx, r.incidentId);
  }

  @FieldResolver(() => MemberNode, { nullable: true }) reportedBy(@Root() r: ReportNode, @GqlCtx() ctx: Ctx) {
    return memberNode(ctx, r.reportedById);
  }
}

@Resolver(() => EvidenceNode)
export class EvidenceResolver {
  @FieldResolver(() => IncidentNode) incident(@Root() e: EvidenceNode, @GqlCtx() ctx: Ctx) {
    return incidentNode(ctx, e.incidentId);
  }

  @FieldResolver(() => MemberNode, { nullable: true }) recordedBy(@Root() e: EvidenceNode, @GqlCtx() ctx: Ctx) {
    return memberNode(ctx, e.recordedById);
  }
}

@Resolver(() => ClockNode)
export class ClockResolver {
  @FieldResolver(() => IncidentNode) incident(@Root() c: ClockNode, @GqlCtx() ctx: Ctx) {
    return incidentNode(ctx, c.incidentId);
  }

  @FieldResolver(() => MemberNode, { nullable: true, description: 'Leader-rank approver of the extension. 延期批准人。' })
  extensionApprovedBy(@Root() c: ClockNode, @GqlCtx() ctx: Ctx) {
    return memberNode(ctx, c.extensionApprovedById);
  }
}

@Resolver(() => ClockHistoryNode)
export class ClockHistoryResolver {
  @FieldResolver(() => MemberNode, { nullable: true }) member(@Root() h: ClockHistoryNode, @GqlCtx() ctx: Ctx) {
    return memberNode(ctx, h.memberId);
  }
}

@Resolver(() => PetitionerNode)
export class PetitionerResolver {
  @FieldResolver(() => String, { nullable: true, description: 'Needs PETITIONER_PII_READ; each read is logged. 姓名（需授权，读取留痕）。' })
  async name(@Root() p: PetitionerNode, @GqlCtx() ctx: Ctx): Promise<string | null> {
    return (await readPetitionerPii(ctx, p.entity))?.name ?? null;
  }

  @FieldResolver(() => String, { nullable: true, description: 'Needs PETITIONER_PII_READ; each read is logged. 联系方式（需授权，读取留痕）。' })
  async contact(@Root() p: PetitionerNode, @GqlCtx() ctx: Ctx): Promise<string | null> {
    return (await readPetitionerPii(ctx, p.entity))?.contact ?? null;
  }

  @FieldResolver(() => IncidentNode) incident(@Root() p: PetitionerNode, @GqlCtx() ctx: Ctx) {
    return incidentNode(ctx, p.incidentId);
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

@Resolver(() => HistoryEntryNode)
export class HistoryEntryResolver {
  @FieldResolver(() => MemberNode, { nullable: true }) actorMember(@Root() h: HistoryEntryNode, @GqlCtx() ctx: Ctx) {
    return memberNode(ctx, h.actorMemberId);
  }
}
