import { ref } from '@mikro-orm/core';
import type { Ctx } from '../../platform/context.js';
import { tenantIdOf } from '../../platform/context.js';
import { CommonErrorCode, DomainError, DomainErrors, invalid, notFound } from '../../platform/errors.js';
import { audited, type Outcome } from '../../platform/audit/mutation.js';
import { validateInput } from '../../platform/validation.js';
import { idOf, toGlobalId } from '../../platform/ids.js';
import './plan-review.model.js';
import { requireMember } from '../../platform/authz.js';
import { unitSubtree } from '../../platform/unit-subtree.js';
import { byKeys } from '../../platform/loaders.js';
import { pageRequest, toConnection, type PageArgs } from '../../platform/graphql/relay.js';
import { Tenant } from '../tenant/tenant.entity.js';
import { Member, MemberStatus } from '../member/member.entity.js';
import { Role } from '../role/role.entity.js';
import { RoleGraph, roleService } from '../role/role.service.js';
import { staffLoader } from './staff.loaders.js';
import { unitService } from '../unit/unit.service.js';
import { alertPeriodService } from '../alert-period/alert-period.service.js';
import { type PlanMatch, type PlanSnapshot, type ResponseLevel, type SupplementaryMeasure } from './plan.model.js';
import { emptyOrganisation, type PlanDocument } from './plan.document.js';
import { Plan, PlanStatus } from './plan.entity.js';
import { PlanErrorCode } from './plan.errors.js';
import { levelsFromInput, measuresFromInput, organisationFromInput, textListFromInput } from './plan.input.js';
import { matchPlan } from './plan-matcher.model.js';
import { validatePlan } from './plan.validate.js';
import { diffPlans, type PlanChange } from './plan.diff.js';
import { cloneTemplate, PLAN_TEMPLATES, templateByKey, type PlanTemplate } from './templates/index.js';
import {
  PlanConnection,
  PlanDraftSource,
  PlanNode,
  type CreatePlanDraftInput,
  type DeletePlanDraftInput,
  type IncidentFactsInput,
  type PublishPlanInput,
  type UpdatePlanDraftInput,
  PlanWarning,
  PlanWarningCode,
} from './plan.types.js';
import { describeTerms, textHits } from './plan.stance.js';
import { LevelReached, languageToServeIn, riskFlagsOf, type IncidentFacts } from '../incident/incident.model.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function snapshotOf(plan: Plan): PlanSnapshot {
  return { planId: plan.id, version: plan.version, title: plan.title, levels: plan.levels, measures: plan.measures ?? [], staged: plan.stagedDuties ?? false };
}

export interface PublishResult {
  plan: Plan;
  superseded: Plan | null;
  warnings: PlanWarning[];
}

export interface PreviewResult extends PlanMatch {
  plan: Plan;
  alertPeriodActive: boolean;
}

/** Plan writes of one tenant take turns: version numbers and the publish swap stay consistent. */
async function lockPlans(ctx: Ctx): Promise<void> {
  await ctx.em.execute(`select pg_advisory_xact_lock(hashtext('plan:' || ?))`, [tenantIdOf(ctx)]);
}

async function nextVersion(ctx: Ctx): Promise<number> {
  const last = await ctx.em.findOne(Plan, { tenant: tenantIdOf(ctx) }, { orderBy: { version: 'desc' }, fields: ['version'], refresh: true });
  return (last?.version ?? 0) + 1;
}

function assertRevision(plan: Plan, expected: number | null | undefined): void {
  if (expected !== null && expected !== undefined && expected !== plan.revision) {
    throw new DomainError(CommonErrorCode.STALE_OBJECT, `The draft changed since revision ${expected} (now ${plan.revision}); reload it`, ['input', 'expectedRevision']);
  }
}

/** A plan binds every unit of the organisation: a member handling only part of it (a village, a work area) does not write it. */
function assertWholeTenant(ctx: Ctx): void {
  if (!unitSubtree.coversRoot(requireMember(ctx).jurisdiction)) {
    throw new DomainError(PlanErrorCode.JURISDICTION_TOO_NARROW, 'Drafting and publishing the plan need a jurisdiction over the whole organisation', ['input']);
  }
}

function assertDraft(plan: Plan, field: string[]): void {
  if (plan.status !== PlanStatus.DRAFT) {
    throw new DomainError(PlanErrorCode.PLAN_NOT_DRAFT, `Version ${plan.version} is ${plan.status}; a published or superseded version never changes`, field);
  }
}

export const planService = {
  // ---- what incidents call -------------------------------------------------

  /** The tenant's PUBLISHED version as incidents pin it, or null when none was published yet. */
  async activeSnapshot(ctx: Ctx): Promise<PlanSnapshot | null> {
    const plan = await ctx.em.findOne(Plan, { tenant: tenantIdOf(ctx), status: PlanStatus.PUBLISHED });
    return plan ? snapshotOf(plan) : null;
  },

  /** Any version of the tenant's plan by uuid (an incident keeps the version it opened under); NOT_FOUND otherwise. */
  async snapshot(ctx: Ctx, planId: string): Promise<PlanSnapshot> {
    const plan = UUID.test(planId) ? await this.loader(ctx).load(planId.toLowerCase()) : null;
    if (!plan) throw notFound('Plan');
    return snapshotOf(plan);
  },

  // ---- reads ---------------------------------------------------------------

  loader(ctx: Ctx) {
    const tenant = tenantIdOf(ctx);
    return ctx.loaders.get<string, Plan | null>('planById', async (ids) => byKeys(ids, await ctx.em.find(Plan, { tenant, id: { $in: [...ids] } }), (p) => p.id));
  },

  async get(ctx: Ctx, globalId: string, field: string[] | null = null): Promise<Plan> {
    requireMember(ctx);
    const plan = await this.loader(ctx).load(idOf('Plan', globalId, field));
    if (!plan) throw notFound('Plan', field);
    return plan;
  },

  async nodeById(ctx: Ctx, id: string | null): Promise<PlanNode | null> {
    if (!id) return null;
    const plan = await this.loader(ctx).load(id);
    return plan ? PlanNode.from(plan) : null;
  },

  /** Versions, newest first. */
  async list(ctx: Ctx, status: PlanStatus | null | undefined, page: PageArgs) {
    requireMember(ctx);
    const { limit, after } = pageRequest(page, ctx.config.limits.maxPageSize);
    const where: Record<string, unknown> = status ? { status } : {};
    if (after && !Number.isInteger(after[0])) throw invalid('after is not a cursor of this list', ['after']);
    const pageWhere = after ? { ...where, version: { $lt: after[0] as number } } : where;
    const rows = await ctx.em.find(Plan, pageWhere, { orderBy: { version: 'desc' }, limit: limit + 1 });
    return toConnection(PlanConnection, rows, limit, !!after, (p) => [p.version], (p) => PlanNode.from(p), () => ctx.em.count(Plan, where));
  },

  async active(ctx: Ctx): Promise<Plan | null> {
    requireMember(ctx);
    return ctx.em.findOne(Plan, { status: PlanStatus.PUBLISHED });
  },

  templates(): readonly PlanTemplate[] {
    return PLAN_TEMPLATES;
  },

  /** What publishing this version would refuse (empty once published: it passed). */
  async problems(ctx: Ctx, plan: { status: PlanStatus; document: PlanDocument }): Promise<DomainError[]> {
    if (plan.status !== PlanStatus.DRAFT) return [];
    return validateDocument(ctx, plan.document, true);
  },

  async diff(ctx: Ctx, fromId: string, toId: string): Promise<{ from: Plan; to: Plan; changes: PlanChange[] }> {
    const [from, to] = await Promise.all([this.get(ctx, fromId, ['fromId']), this.get(ctx, toId, ['toId'])]);
    return { from, to, changes: diffPlans(from.document(), to.document()).map(publicChange) };
  },

  /**
   * The response level the facts would get under the published version (or
   * the version named), without opening an incident. When the facts leave
   * the alert period open, it is looked up for the unit (default: the
   * caller's) at the time (default: now).
   */
  async preview(ctx: Ctx, input: IncidentFactsInput, options: { planId?: string | null; unitId?: string | null; at?: Date | null }): Promise<PreviewResult> {
    const actor = requireMember(ctx);
    const plan = options.planId ? await this.get(ctx, options.planId, ['planId']) : await this.active(ctx);
    if (!plan) throw new DomainError(PlanErrorCode.NO_PUBLISHED_PLAN, 'No plan was published yet; name a draft with planId to preview it', ['planId']);
    const facts = factsFromInput(input);
    let alertPeriodActive = input.alertPeriodActive;
    if (alertPeriodActive === null || alertPeriodActive === undefined) {
      const unitPath = options.unitId ? (await unitService.getInScope(ctx, options.unitId, ['unitId'])).path : actor.unitPath;
      alertPeriodActive = await alertPeriodService.activeAt(ctx, options.at ?? new Date(), unitPath);
    }
    facts.alertPeriodActive = alertPeriodActive;
    return { ...matchPlan(plan, facts), plan, alertPeriodActive };
  },

  // ---- writes --------------------------------------------------------------

  async createDraft(ctx: Ctx, input: CreatePlanDraftInput): Promise<Outcome<Plan>> {
    return audited(ctx, 'plan.create_draft', async (tx) => {
      await validateInput(input);
      assertWholeTenant(tx);
      const actor = requireMember(tx);
      // Ids first: another tenant's plan is NOT_FOUND whatever the source says.
      const named = input.planId ? await this.get(tx, input.planId, ['input', 'planId']) : null;
      if (input.planId && input.source !== PlanDraftSource.VERSION) throw invalid('planId goes with source VERSION', ['input', 'planId']);
      if (input.templateKey && input.source !== PlanDraftSource.TEMPLATE) throw invalid('templateKey goes with source TEMPLATE', ['input', 'templateKey']);
      if (input.fromReviewId && input.source !== PlanDraftSource.PUBLISHED && input.source !== PlanDraftSource.VERSION) {
        throw invalid('fromReviewId goes with source PUBLISHED or VERSION (the plan the review proposes to revise)', ['input', 'fromReviewId']);
      }
      const review = input.fromReviewId ? await tx.services.planReviewSource.lockReview(tx, input.fromReviewId, ['input', 'fromReviewId']) : null;
      if (review && !review.proposals.length) throw new DomainError(PlanErrorCode.NO_REVISION_PROPOSALS, 'The review proposes no plan revision', ['input', 'fromReviewId']);
      if (review?.draftPlanId) throw new DomainError(PlanErrorCode.REVIEW_ALREADY_DRAFTED, 'A draft was already started from this review', ['input', 'fromReviewId']);
      await lockPlans(tx);
      let doc: PlanDocument;
      let templateKey: string | null = null;
      let basedOn: Plan | null = null;
      switch (input.source) {
        case PlanDraftSource.BLANK:
          doc = { title: '信访工作应急预案', purpose: '', scope: '', principles: [], organisation: emptyOrganisation(), levels: [], measures: [], generalRequirements: [] };
          break;
        case PlanDraftSource.TEMPLATE: {
          const template = input.templateKey ? templateByKey(input.templateKey) : undefined;
          if (!template) throw new DomainError(PlanErrorCode.UNKNOWN_TEMPLATE, 'No template with this key (see planTemplates)', ['input', 'templateKey']);
          doc = documentOfTemplate(template);
          templateKey = template.key;
          break;
        }
        case PlanDraftSource.PUBLISHED:
          basedOn = await tx.em.findOne(Plan, { status: PlanStatus.PUBLISHED }, { refresh: true });
          if (!basedOn) throw new DomainError(PlanErrorCode.NO_PUBLISHED_PLAN, 'No version is published yet', ['input', 'source']);
          break;
        case PlanDraftSource.VERSION:
          if (!named) throw invalid('planId is required to copy a version', ['input', 'planId']);
          basedOn = named;
          break;
      }
      if (basedOn) {
        doc = structuredClone(basedOn.document());
        templateKey = basedOn.templateKey ?? null;
      }
      const plan = tx.em.create(Plan, {
        tenant: ref(Tenant, actor.tenant.id),
        version: await nextVersion(tx),
        ...doc!,
        title: input.title?.trim() || doc!.title,
        templateKey,
        basedOn,
        fromIncidentId: review?.incidentId ?? null,
        revisionProposals: review?.proposals ?? [],
        createdBy: tx.em.getReference(Member, [actor.tenant.id, actor.memberId], { wrapped: true }),
      });
      if (review) await tx.services.planReviewSource.linkDraft(tx, review.incidentId, plan.id);
      return { result: plan, target: { type: 'Plan', id: plan.id }, reason: review ? `from the review of incident ${review.incidentId}` : null };
    });
  },

  async updateDraft(ctx: Ctx, input: UpdatePlanDraftInput): Promise<Outcome<Plan>> {
    return audited(ctx, 'plan.update_draft', async (tx) => {
      await validateInput(input);
      assertWholeTenant(tx);
      const id = idOf('Plan', input.planId, ['input', 'planId']);
      // Shapes first: nothing is locked or read for an input that cannot be stored.
      const errors: DomainError[] = [];
      const collect = <T>(f: () => T): T | undefined => {
        try {
          return f();
        } catch (e) {
          if (e instanceof DomainErrors) errors.push(...e.errors);
          else throw e;
          return undefined;
        }
      };
      const levels = input.levels ? collect(() => levelsFromInput(input.levels!)) : undefined;
      const measures = input.measures ? collect(() => measuresFromInput(input.measures!)) : undefined;
      const organisation = input.organisation ? collect(() => organisationFromInput(input.organisation!)) : undefined;
      const principles = input.principles ? collect(() => textListFromInput(input.principles!, ['input', 'principles'])) : undefined;
      const requirements = input.generalRequirements ? collect(() => textListFromInput(input.generalRequirements!, ['input', 'generalRequirements'])) : undefined;
      if (errors.length) throw new DomainErrors(errors);
      await assertReferencesExist(tx, organisation, [...(levels ?? []), ...(measures ?? [])]);
      await lockPlans(tx);
      const plan = await tx.em.findOne(Plan, { id }, { refresh: true });
      if (!plan) throw notFound('Plan', ['input', 'planId']);
      assertDraft(plan, ['input', 'planId']);
      assertRevision(plan, input.expectedRevision);
      if (input.title !== null && input.title !== undefined) plan.title = input.title.trim();
      if (input.purpose !== null && input.purpose !== undefined) plan.purpose = input.purpose.trim();
      if (input.scope !== null && input.scope !== undefined) plan.scope = input.scope.trim();
      if (principles) plan.principles = principles;
      if (organisation) plan.organisation = organisation;
      if (levels) plan.levels = levels;
      if (measures) plan.measures = measures;
      if (requirements) plan.generalRequirements = requirements;
      if (typeof input.stagedDuties === 'boolean') plan.stagedDuties = input.stagedDuties;
      plan.revision += 1;
      return { result: plan, target: { type: 'Plan', id: plan.id } };
    });
  },

  /**
   * Validates the draft, then in one transaction supersedes the published
   * version (原有预案同时废止) and publishes this one. Publishes of a tenant
   * take turns on an advisory lock; the partial unique index would refuse a
   * second PUBLISHED row even if they did not.
   */
  async publish(ctx: Ctx, input: PublishPlanInput): Promise<Outcome<PublishResult>> {
    return audited(ctx, 'plan.publish', async (tx) => {
      await validateInput(input);
      assertWholeTenant(tx);
      const actor = requireMember(tx);
      const id = idOf('Plan', input.planId, ['input', 'planId']);
      await lockPlans(tx);
      const plan = await tx.em.findOne(Plan, { id }, { refresh: true });
      if (!plan) throw notFound('Plan', ['input', 'planId']);
      assertDraft(plan, ['input', 'planId']);
      assertRevision(plan, input.expectedRevision);
      const problems = await validateDocument(tx, plan.document());
      if (problems.length) throw new DomainErrors(problems);
      const now = new Date();
      const superseded = await tx.em.findOne(Plan, { status: PlanStatus.PUBLISHED }, { refresh: true });
      if (superseded) {
        superseded.status = PlanStatus.SUPERSEDED;
        superseded.supersededAt = now;
        superseded.supersededBy = ref(plan);
        // The old version leaves PUBLISHED before the new one enters it (the unique index checks each row).
        await tx.em.flush();
      }
      plan.status = PlanStatus.PUBLISHED;
      plan.publishedAt = now;
      plan.publishedBy = tx.em.getReference(Member, [actor.tenant.id, actor.memberId], { wrapped: true });
      return { result: { plan, superseded, warnings: stanceWarnings(plan.document()) }, target: { type: 'Plan', id: plan.id }, reason: input.reason ?? null };
    });
  },

  async deleteDraft(ctx: Ctx, input: DeletePlanDraftInput): Promise<Outcome<Plan>> {
    return audited(ctx, 'plan.delete_draft', async (tx) => {
      await validateInput(input);
      assertWholeTenant(tx);
      const id = idOf('Plan', input.planId, ['input', 'planId']);
      await lockPlans(tx);
      const plan = await tx.em.findOne(Plan, { id }, { refresh: true });
      if (!plan) throw notFound('Plan', ['input', 'planId']);
      assertDraft(plan, ['input', 'planId']);
      // Drafts copied from this one keep their text but lose the link.
      for (const copy of await tx.em.find(Plan, { basedOn: { id: plan.id } })) copy.basedOn = null;
      await tx.em.flush();
      tx.em.remove(plan);
      return { result: plan, target: { type: 'Plan', id: plan.id } };
    });
  },

  /**
   * The draft provisioning creates from a template (version 1 of a new
   * tenant). Runs inside the provisioning mutation; the creator may be null.
   */
  async createTemplateDraft(tx: Ctx, tenantId: string, template: PlanTemplate, createdById: string | null): Promise<Plan> {
    await tx.em.execute(`select pg_advisory_xact_lock(hashtext('plan:' || ?))`, [tenantId]);
    const last = await tx.em.findOne(Plan, { tenant: tenantId }, { orderBy: { version: 'desc' }, fields: ['version'], refresh: true });
    return tx.em.create(Plan, {
      tenant: ref(Tenant, tenantId),
      version: (last?.version ?? 0) + 1,
      ...documentOfTemplate(template),
      templateKey: template.key,
      createdBy: createdById ? tx.em.getReference(Member, [tenantId, createdById], { wrapped: true }) : null,
    });
  },
};

/**
 * Members and custom roles a draft names must be this tenant's (another
 * tenant's id is NOT_FOUND, as everywhere). Whether they are still active is
 * a publish rule (UNKNOWN_MEMBER, UNKNOWN_ROLE).
 */
async function assertReferencesExist(ctx: Ctx, organisation: PlanDocument['organisation'] | undefined, levels: (ResponseLevel | SupplementaryMeasure)[]): Promise<void> {
  const members: { id: string; path: string[] }[] = [];
  const roles: { id: string; path: string[] }[] = [];
  const role = (key: string, path: string[]) => UUID.test(key) && roles.push({ id: key, path });
  for (const body of ['leadingGroup', 'office'] as const) {
    organisation?.[body].positions.forEach((p, i) => {
      const path = ['input', 'organisation', body, 'positions', String(i)];
      role(p.roleKey, [...path, 'roleKey']);
      p.memberIds.forEach((m, j) => members.push({ id: m, path: [...path, 'memberIds', String(j)] }));
    });
  }
  const measureStart = levels.findIndex((l) => !('severity' in l));
  levels.forEach((l, i) => l.duties.forEach((d, j) => {
    const path = 'severity' in l ? ['input', 'levels', String(i), 'duties', String(j)] : ['input', 'measures', String(i - measureStart), 'duties', String(j)];
    role(d.roleKey, [...path, 'roleKey']);
    if (d.escalation) role(d.escalation.notifyRoleKey, [...path, 'escalation', 'notifyRoleKey']);
  }));
  if (!members.length && !roles.length) return;
  const [foundMembers, foundRoles] = await Promise.all([
    members.length ? ctx.em.find(Member, { id: { $in: [...new Set(members.map((m) => m.id))] } }, { fields: ['id'] }) : Promise.resolve([]),
    roles.length ? ctx.em.find(Role, { id: { $in: [...new Set(roles.map((r) => r.id))] } }, { fields: ['id'] }) : Promise.resolve([]),
  ]);
  const known = new Set([...foundMembers.map((m) => m.id), ...foundRoles.map((r) => r.id)]);
  const missing = [
    ...members.filter((m) => !known.has(m.id)).map((m) => notFound('Member', m.path)),
    ...roles.filter((r) => !known.has(r.id)).map((r) => notFound('Role', r.path)),
  ];
  if (missing.length) throw new DomainErrors(missing);
}

function documentOfTemplate(t: PlanTemplate): PlanDocument {
  const c = cloneTemplate(t);
  return { title: c.title, purpose: c.purpose, scope: c.scope, principles: c.principles, organisation: c.organisation, levels: c.levels, measures: c.measures, generalRequirements: c.generalRequirements };
}

/**
 * Validation against the tenant's current roles and members: read fresh at
 * publish, through the operation's loaders for `problems` on a list of drafts.
 */
async function validateDocument(ctx: Ctx, doc: PlanDocument, batched = false): Promise<DomainError[]> {
  const tenant = tenantIdOf(ctx);
  const memberIds = [...new Set([...doc.organisation.leadingGroup.positions, ...doc.organisation.office.positions].flatMap((p) => p.memberIds))];
  let graph: RoleGraph;
  let active: string[];
  if (batched) {
    const [g, members] = await Promise.all([roleService.graph(ctx), staffLoader(ctx).loadMany(memberIds)]);
    graph = g;
    active = members.filter((m): m is Member => !!m && !(m instanceof Error) && m.status === MemberStatus.ACTIVE).map((m) => m.id);
  } else {
    const [roles, members] = await Promise.all([
      ctx.em.find(Role, { tenant }, { refresh: true }),
      memberIds.length ? ctx.em.find(Member, { tenant, id: { $in: memberIds }, status: MemberStatus.ACTIVE }, { fields: ['id'], refresh: true }) : Promise.resolve([]),
    ]);
    graph = new RoleGraph(new Map(roles.map((r) => [r.id, r])));
    active = members.map((m) => m.id);
  }
  return validatePlan(doc, { graph, activeMemberIds: new Set(active) });
}

/** Descriptive text is not refused for these words (it may quote a rule or a petitioner's conduct), but the publisher is told. */
function stanceWarnings(doc: PlanDocument): PlanWarning[] {
  return textHits(doc).map((hit) =>
    Object.assign(new PlanWarning(), {
      code: PlanWarningCode.STANCE_TEXT,
      field: ['input', ...hit.path],
      message: `This text speaks of ${describeTerms(hit.terms)}; no duty may ask for it. 此处文字涉及${hit.terms.map((t) => t.term).join('、')}，请核对。`,
    }),
  );
}

function factsFromInput(input: IncidentFactsInput): IncidentFacts {
  const headcount = input.headcount ?? 1;
  if (!Number.isInteger(headcount) || headcount < 1 || headcount > 1_000_000) throw invalid('headcount must be a whole number from 1', ['facts', 'headcount']);
  const topics = (input.topics ?? []).map((t) => t.trim()).filter(Boolean);
  if (topics.length > 50) throw invalid('at most 50 topics', ['facts', 'topics']);
  return {
    category: input.category,
    levelReached: input.levelReached ?? LevelReached.OWN,
    headcount,
    conductFlags: [...new Set(input.conductFlags ?? [])],
    topics,
    alertPeriodActive: input.alertPeriodActive ?? false,
    riskFlags: riskFlagsOf(input.riskFlags ?? [], input.conductFlags ?? []),
    knownInAdvance: input.knownInAdvance ?? false,
    firstPetition: input.firstPetition ?? false,
    intakeChannel: input.intakeChannel ?? null,
    interpreterNeeded: interpreterNeededOf(input.interpreterLanguage),
    policeCalled: input.policeCalled ?? null,
  };
}

function interpreterNeededOf(language: string | null | undefined): boolean {
  if (language === null || language === undefined || language.trim() === '') return false;
  if (!languageToServeIn(language)) throw invalid('interpreterLanguage must be a BCP-47 language tag (language and script only), e.g. en, ug, zh-Hant', ['facts', 'interpreterLanguage']);
  return true;
}

/** Ids in diffs as the API gives them: member and custom role ids become global ids. */
function publicValue(value: unknown, key?: string): unknown {
  if (Array.isArray(value)) return key === 'memberIds' ? value.map((id) => toGlobalId('Member', String(id))) : value.map((v) => publicValue(v));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, publicValue(v, k)]));
  }
  if ((key === 'roleKey' || key === 'notifyRoleKey') && typeof value === 'string' && UUID.test(value)) return toGlobalId('Role', value);
  return value;
}

function publicChange(c: PlanChange): PlanChange {
  const key = c.path[c.path.length - 1];
  return { ...c, before: publicValue(c.before, key), after: publicValue(c.after, key) };
}
