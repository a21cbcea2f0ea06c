/**
 * Recipes for the operation driver: operations that only succeed from a
 * prepared state set it up through the API (as the driver's caller) and
 * return their variables. A module adds entries for its stateful operations.
 */
import { randomBytes } from 'node:crypto';
import { gql } from './client.js';
import type { Caller, Recipe } from './operation-driver.js';

/** One GraphQL call of a recipe: any error or userError fails the recipe. */
export async function call(url: string, caller: Caller, query: string, variables: Record<string, unknown> = {}): Promise<any> {
  const res = await gql<any>(url, query, variables, caller.token);
  if (res.errors?.length) throw new Error(`recipe: ${JSON.stringify(res.errors)}`);
  for (const value of Object.values(res.data ?? {})) {
    const ue = (value as { userErrors?: unknown[] } | null)?.userErrors;
    if (ue?.length) throw new Error(`recipe: ${JSON.stringify(ue)}`);
  }
  return res.data;
}

const mutate = (name: string, inputType: string, selection = 'incident { id }') =>
  `mutation($input: ${inputType}!) { ${name}(input: $input) { ${selection} userErrors { code field message } } }`;

const sha = () => randomBytes(32).toString('hex');

// ---------- incidents ----------

async function me(url: string, caller: Caller): Promise<{ memberId: string; unitId: string }> {
  const data = await call(url, caller, '{ me { member { id unit { id } } } }');
  return { memberId: data.me.member.id, unitId: data.me.member.unit.id };
}

/** Publishes a plan of its own (from a template) when nothing is published yet, so incidents get duties. */
async function ensurePlan(url: string, caller: Caller): Promise<void> {
  const data = await call(url, caller, '{ activePlan { id } }');
  if (data.activePlan) return;
  const draft = await call(url, caller, mutate('createPlanDraft', 'CreatePlanDraftInput', 'plan { id }'), { input: { source: 'TEMPLATE', templateKey: 'TOWNSHIP_DISCIPLINE' } });
  await call(url, caller, mutate('publishPlan', 'PublishPlanInput', 'plan { id }'), { input: { planId: draft.createPlanDraft.plan.id } });
}

type Stage = 'REPORTED' | 'ACKNOWLEDGED' | 'HANDLING' | 'REPLIED' | 'REVIEW_REQUESTED';
const ORDER: Stage[] = ['REPORTED', 'ACKNOWLEDGED', 'HANDLING', 'REPLIED', 'REVIEW_REQUESTED'];

/** A new incident in the caller's unit, moved to the stage asked for. */
async function incidentAt(url: string, caller: Caller, stage: Stage): Promise<string> {
  return (await caseAt(url, caller, stage)).incidentId;
}

/** Like incidentAt, with the receipt the petitioner was given. */
async function caseAt(url: string, caller: Caller, stage: Stage): Promise<{ incidentId: string; receipt: { receiptNumber: string; accessCode: string } }> {
  await ensurePlan(url, caller);
  const { unitId } = await me(url, caller);
  const now = Date.now();
  const reported = await call(url, caller, mutate('reportIncident', 'ReportIncidentInput', 'incident { id } receipt { receiptNumber accessCode }'), {
    input: {
      category: 'INDIVIDUAL_VISIT', levelReached: 'OWN', headcount: 1, unitId,
      occurredAt: new Date(now - 3_600_000).toISOString(), summary: 'recipe incident', demands: 'recipe demands',
    },
  });
  const incidentId = reported.reportIncident.incident.id;
  const upTo = ORDER.indexOf(stage);
  if (upTo >= 1) await call(url, caller, mutate('acknowledgeIncident', 'AcknowledgeIncidentInput'), { input: { incidentId } });
  if (upTo >= 2) await call(url, caller, mutate('acceptPetition', 'AcceptPetitionInput'), { input: { incidentId, decision: 'ACCEPT' } });
  if (upTo >= 3) await call(url, caller, mutate('replyToPetitioner', 'ReplyToPetitionerInput'), { input: { incidentId, reply: 'recipe reply' } });
  if (upTo >= 4) await call(url, caller, mutate('recordReviewRequest', 'RecordReviewRequestInput', 'clock { id }'), { input: { incidentId, stage: 'REVIEW' } });
  return { incidentId, receipt: reported.reportIncident.receipt };
}

/** A handler beside the caller (four eyes): an office director invited, once per tenant, through the API. */
const handlers = new Map<string, Caller>();
async function otherHandler(url: string, caller: Caller): Promise<Caller> {
  const known = handlers.get(caller.tenantId ?? '');
  if (known) return known;
  const roles = await call(url, caller, '{ roles(first: 50) { edges { node { id key } } } }');
  const roleId = roles.roles.edges.find((e: any) => e.node.key === 'OFFICE_DIRECTOR').node.id;
  const email = `handler-${randomBytes(4).toString('hex')}@test.local`;
  const invited = await call(url, caller, mutate('inviteMember', 'InviteMemberInput', 'member { id } setPasswordToken'), {
    input: { email, displayName: 'recipe handler', unitId: (await me(url, caller)).unitId, roleIds: [roleId] },
  });
  const password = 'recipe-handler-password';
  // Setting a password and signing in are the new member's own, without the caller's token.
  const nobody: Caller = { label: 'anonymous', token: null, userId: null, memberId: null, tenantId: null, email: null };
  await call(url, nobody, 'mutation($input: SetPasswordInput!) { setPassword(input: $input) { ok userErrors { code message } } }', { input: { token: invited.inviteMember.setPasswordToken, password } });
  const signedIn = await call(url, nobody, mutate('login', 'LoginInput', 'tokens { accessToken }'), { input: { email, password } });
  const handler: Caller = { label: 'recipe handler', token: signedIn.login.tokens.accessToken, userId: null, memberId: null, tenantId: caller.tenantId, email };
  handlers.set(caller.tenantId ?? '', handler);
  return handler;
}

/** A case in HANDLING whose extension request, made by another handler, waits for the caller's decision. */
async function extensionRequestedBySomeoneElse(url: string, caller: Caller): Promise<string> {
  const incidentId = await incidentAt(url, caller, 'HANDLING');
  await call(url, await otherHandler(url, caller), mutate('requestDeadlineExtension', 'RequestDeadlineExtensionInput', 'clock { id }'), { input: { incidentId, days: 10, reason: 'recipe extension' } });
  return incidentId;
}

/** The reply clock of a case in HANDLING. */
async function replyClockOf(url: string, caller: Caller): Promise<string> {
  const incidentId = await incidentAt(url, caller, 'HANDLING');
  const data = await call(url, caller, 'query($id: ID!) { incident(id: $id) { clocks { id kind } } }', { id: incidentId });
  return data.incident.clocks.find((c: any) => c.kind === 'REPLY').id;
}

/** A reply clock whose suspension, asked for by another handler, waits for the caller's decision. */
async function suspensionRequestedBySomeoneElse(url: string, caller: Caller): Promise<string> {
  const clockId = await replyClockOf(url, caller);
  await call(url, await otherHandler(url, caller), mutate('suspendClock', 'SuspendClockInput', 'suspension { id }'), { input: { clockId, reason: 'HEARING', basis: 'recipe hearing' } });
  return clockId;
}

async function openTasks(url: string, caller: Caller, incidentId: string): Promise<{ id: string }[]> {
  const data = await call(url, caller, 'query($id: ID!) { incident(id: $id) { openTasks { id recurringAmount } } }', { id: incidentId });
  return data.incident.openTasks;
}

/**
 * Makes the caller the task's assignee (only the assignee completes a task),
 * then the completion's input: an on-scene duty with the arrival the caller states.
 */
async function ownCompletion(url: string, caller: Caller, taskId: string): Promise<Record<string, unknown>> {
  const data = await call(url, caller, 'query($id: ID!) { node(id: $id) { ... on IncidentTask { dutyKind assignee { id } } } }', { id: taskId });
  const { memberId } = await me(url, caller);
  if (data.node.assignee?.id !== memberId) {
    await call(url, caller, mutate('reassignTask', 'ReassignTaskInput', 'task { id }'), { input: { taskId, memberId, reason: 'recipe: taken over to complete' } });
  }
  return data.node.dutyKind === 'ARRIVE_ON_SCENE' ? { taskId, arrivedAt: new Date(Date.now() - 60_000).toISOString() } : { taskId };
}

const evidence = () => [{ kind: 'TALK_RECORD', sha256: sha(), sizeBytes: 1024, storageKey: `recipe/${sha().slice(0, 8)}` }];

const recipeScene = { observedAt: new Date().toISOString(), place: 'recipe place', peoplePresent: [], text: 'recipe scene' };

async function draftRecord(url: string, caller: Caller): Promise<string> {
  const incidentId = await incidentAt(url, caller, 'ACKNOWLEDGED');
  const data = await call(url, caller, mutate('createCaseRecord', 'CreateCaseRecordInput', 'record { id }'), { input: { incidentId, kind: 'SCENE', scene: recipeScene } });
  return data.createCaseRecord.record.id;
}

/** An open concern in the caller's own unit. */
async function openConcern(url: string, caller: Caller): Promise<string> {
  const { unitId } = await me(url, caller);
  const data = await call(url, caller, mutate('recordConcern', 'RecordConcernInput', 'concern { id }'), { input: concernInput(unitId) });
  return data.recordConcern.concern.id;
}
const concernInput = (unitId: string) => ({
  unitId, issue: 'recipe grievance', affectedCount: 3, plannedResolution: 'recipe resolution', resolveBy: new Date(Date.now() + 7 * 86_400_000).toISOString(),
});

let documentDrafter: Caller | null = null;
const servableDocuments: string[] = [];
/** A member who drafts the documents the principal approves. */
export function setDocumentCallers(drafter: Caller): void {
  documentDrafter = drafter;
}

async function documentDraft(url: string, caller: Caller, by: Caller): Promise<string> {
  const incidentId = await incidentAt(url, caller, 'ACKNOWLEDGED');
  const data = await call(url, by, mutate('draftDocument', 'DraftDocumentInput', 'document { id }'), { input: { incidentId, kind: 'ACCEPTANCE_NOTICE' } });
  return data.draftDocument.document.id;
}

const incidentRecipes: Record<string, Recipe> = {
  draftDocument: async ({ url, caller }) => ({ input: { incidentId: await incidentAt(url, caller, 'ACKNOWLEDGED'), kind: 'ACCEPTANCE_NOTICE' } }),
  updateDocumentDraft: async ({ url, caller }) => ({ input: { documentId: await documentDraft(url, caller, caller), body: 'recipe body' } }),
  approveDocument: async ({ url, caller }) => {
    // Also approve one for recordService now: later mutations under test may take the drafter's roles away.
    const servable = await documentDraft(url, caller, documentDrafter ?? caller);
    await call(url, caller, mutate('approveDocument', 'ApproveDocumentInput', 'document { id }'), { input: { documentId: servable } });
    servableDocuments.push(servable);
    return { input: { documentId: await documentDraft(url, caller, documentDrafter ?? caller) } };
  },
  recordService: async () => {
    const documentId = servableDocuments.shift();
    return documentId ? { input: { documentId, method: 'IN_PERSON', servedAt: new Date().toISOString() } } : null;
  },

  acknowledgeIncident: async ({ url, caller }) => ({ input: { incidentId: await incidentAt(url, caller, 'REPORTED') } }),
  startIncidentResponse: async ({ url, caller }) => ({ input: { incidentId: await incidentAt(url, caller, 'ACKNOWLEDGED') } }),
  escalateIncident: async ({ url, caller }) => ({ input: { incidentId: await incidentAt(url, caller, 'ACKNOWLEDGED'), headcount: 12, levelReached: 'COUNTY', reason: 'recipe escalation' } }),
  recordConcern: async ({ url, caller }) => ({ input: concernInput((await me(url, caller)).unitId) }),
  addConcernUpdate: async ({ url, caller }) => ({ input: { concernId: await openConcern(url, caller), note: 'recipe work' } }),
  resolveConcern: async ({ url, caller }) => ({ input: { concernId: await openConcern(url, caller), resolution: 'recipe resolved' } }),
  openIncidentFromConcern: async ({ url, caller }) => {
    await ensurePlan(url, caller);
    return { input: { concernId: await openConcern(url, caller), category: 'INDIVIDUAL_VISIT', demands: 'recipe demands' } };
  },
  recordPoliceDecision: async ({ url, caller }) => ({ input: { incidentId: await incidentAt(url, caller, 'ACKNOWLEDGED'), called: false, reason: 'recipe: leaders present, police not called' } }),
  assignCaseOwner: async ({ url, caller }) => ({ input: { incidentId: await incidentAt(url, caller, 'ACKNOWLEDGED'), memberId: (await me(url, caller)).memberId } }),
  addIncidentReport: async ({ url, caller }) => ({ input: { incidentId: await incidentAt(url, caller, 'ACKNOWLEDGED'), kind: 'DAILY', body: 'recipe report', nothingNew: true } }),
  completeTask: async ({ url, caller }) => {
    const incidentId = await incidentAt(url, caller, 'ACKNOWLEDGED');
    const [task] = await openTasks(url, caller, incidentId);
    return task ? { input: { ...(await ownCompletion(url, caller, task.id)), note: 'recipe note', evidence: evidence() } } : null;
  },
  // Evidence is either a file id (an upload, tested in evidence-files.test.ts) or the full metadata: the generated input gives neither consistently.
  recordEvidence: async ({ url, caller }) => ({ input: { incidentId: await incidentAt(url, caller, 'ACKNOWLEDGED'), evidence: evidence()[0] } }),
  // A record takes the fields of its kind alone.
  createCaseRecord: async ({ url, caller }) => ({ input: { incidentId: await incidentAt(url, caller, 'ACKNOWLEDGED'), kind: 'SCENE', scene: recipeScene } }),
  updateCaseRecord: async ({ url, caller }) => ({ input: { recordId: await draftRecord(url, caller), scene: { ...recipeScene, text: 'recipe edit' } } }),
  fileCaseRecord: async ({ url, caller }) => ({ input: { recordId: await draftRecord(url, caller) } }),
  acceptPetition: async ({ url, caller }) => ({ input: { incidentId: await incidentAt(url, caller, 'ACKNOWLEDGED'), decision: 'ACCEPT' } }),
  reassignTask: async ({ url, caller }) => {
    const incidentId = await incidentAt(url, caller, 'ACKNOWLEDGED');
    const data = await call(url, caller, 'query($id: ID!) { incident(id: $id) { openTasks { id assignee { id } } } }', { id: incidentId });
    const task = data.incident.openTasks[0];
    if (!task) return null;
    const members = await call(url, caller, '{ members(first: 50) { edges { node { id } } } }');
    const other = members.members.edges.map((e: any) => e.node.id).find((id: string) => id !== task.assignee?.id);
    return other ? { input: { taskId: task.id, memberId: other, reason: 'recipe reassignment' } } : null;
  },
  extendDeadline: async ({ url, caller }) => ({ input: { incidentId: await incidentAt(url, caller, 'HANDLING'), days: 10, reason: 'recipe extension' } }),
  requestDeadlineExtension: async ({ url, caller }) => ({ input: { incidentId: await incidentAt(url, caller, 'HANDLING'), days: 10, reason: 'recipe extension' } }),
  approveDeadlineExtension: async ({ url, caller }) => ({ input: { incidentId: await extensionRequestedBySomeoneElse(url, caller), note: 'recipe approval' } }),
  rejectDeadlineExtension: async ({ url, caller }) => ({ input: { incidentId: await extensionRequestedBySomeoneElse(url, caller), reason: 'recipe rejection' } }),
  replyToPetitioner: async ({ url, caller }) => ({ input: { incidentId: await incidentAt(url, caller, 'HANDLING'), reply: 'recipe reply' } }),
  linkRepeat: async ({ url, caller }) => {
    const earlierIncidentId = await incidentAt(url, caller, 'ACKNOWLEDGED');
    return { input: { incidentId: await incidentAt(url, caller, 'ACKNOWLEDGED'), earlierIncidentId, note: 'recipe link' } };
  },
  unlinkRepeat: async ({ url, caller }) => {
    const earlierIncidentId = await incidentAt(url, caller, 'ACKNOWLEDGED');
    const incidentId = await incidentAt(url, caller, 'ACKNOWLEDGED');
    await call(url, caller, mutate('linkRepeat', 'LinkRepeatInput'), { input: { incidentId, earlierIncidentId } });
    return { input: { incidentId, reason: 'recipe unlink' } };
  },
  suspendClock: async ({ url, caller }) => ({ input: { clockId: await replyClockOf(url, caller), reason: 'SUPPLEMENTARY_MATERIAL', basis: 'recipe material' } }),
  approveClockSuspension: async ({ url, caller }) => ({ input: { clockId: await suspensionRequestedBySomeoneElse(url, caller), note: 'recipe approval' } }),
  rejectClockSuspension: async ({ url, caller }) => ({ input: { clockId: await suspensionRequestedBySomeoneElse(url, caller), reason: 'recipe rejection' } }),
  resumeClock: async ({ url, caller }) => {
    const clockId = await suspensionRequestedBySomeoneElse(url, caller);
    await call(url, caller, mutate('approveClockSuspension', 'ApproveClockSuspensionInput', 'suspension { id }'), { input: { clockId } });
    return { input: { clockId } };
  },
  exportIncidents: async () => ({ input: { format: 'CSV', includePersonalData: false } }),
  exportList: async () => ({ input: { kind: 'INCIDENTS', format: 'CSV', includePersonalData: false } }),
  startExport: async () => ({ input: { kind: 'INCIDENTS', format: 'JSONL', includePersonalData: false } }),
  rateReply: async ({ url, caller }) => ({ input: { ...(await caseAt(url, caller, 'REPLIED')).receipt, stage: 'REPLY', rating: 'SATISFIED' } }),
  recordFollowUpCall: async ({ url, caller }) => ({ input: { incidentId: await incidentAt(url, caller, 'REPLIED'), summary: 'recipe call', outcome: 'REACHED' } }),
  recordReviewRequest: async ({ url, caller }) => ({ input: { incidentId: await incidentAt(url, caller, 'REPLIED'), stage: 'REVIEW' } }),
  answerReview: async ({ url, caller }) => ({ input: { incidentId: await incidentAt(url, caller, 'REVIEW_REQUESTED'), stage: 'REVIEW', answer: 'recipe answer' } }),
  closeIncident: async ({ url, caller }) => {
    const incidentId = await incidentAt(url, caller, 'REPLIED');
    for (const t of await openTasks(url, caller, incidentId)) {
      if ((t as { recurringAmount?: number | null }).recurringAmount) continue;
      await call(url, caller, mutate('completeTask', 'CompleteTaskInput', 'task { id }'), { input: { ...(await ownCompletion(url, caller, t.id)), evidence: evidence() } });
    }
    await call(url, caller, mutate('addIncidentReport', 'AddIncidentReportInput', 'report { id }'), { input: { incidentId, kind: 'ALL_CLEAR', body: 'recipe all clear' } });
    return { input: { incidentId, review: { causes: 'c', whatWorked: 'w', whatDidNot: 'd', improvements: 'i', planRevisions: [] } } };
  },
};

// ---------- working calendar ----------

/** A year no test uses, different per attempt. */
const yearOf = (attempt: number) => 2090 + attempt;

async function defineYear(url: string, caller: Caller, year: number): Promise<void> {
  await call(url, caller, mutate('setCalendarYear', 'SetCalendarYearInput', 'calendar { timezone }'), { input: { year, daysOff: [`${year}-01-01`], makeUpWorkdays: [] } });
}

const calendarRecipes: Record<string, Recipe> = {
  setCalendarYear: async ({ attempt }) => ({ input: { year: yearOf(attempt), source: 'recipe', daysOff: [`${yearOf(attempt)}-01-01`], makeUpWorkdays: [] } }),
  loadOfficialHolidays: async () => ({ input: { year: 2026 } }),
  updateCalendarDays: async ({ url, caller, attempt }) => {
    const year = yearOf(attempt) + 20;
    await defineYear(url, caller, year);
    return { input: { year, changes: [{ date: `${year}-05-01`, kind: 'DAY_OFF' }] } };
  },
  removeCalendarYear: async ({ url, caller, attempt }) => {
    const year = yearOf(attempt) + 40;
    await defineYear(url, caller, year);
    return { input: { year } };
  },
};

// ---------- webhook endpoints ----------

/** A public documentation address (TEST-NET-3): passes the SSRF check; nothing is sent in these tests. */
const HOOK_URL = 'https://203.0.113.10/hook';

async function anyRoleId(url: string, caller: Caller): Promise<string> {
  const data = await call(url, caller, '{ roles(first: 1) { edges { node { id } } } }');
  return data.roles.edges[0].node.id;
}

async function newEndpoint(url: string, caller: Caller): Promise<string> {
  const data = await call(url, caller, mutate('createWebhookEndpoint', 'CreateWebhookEndpointInput', 'endpoint { id }'), {
    input: { url: HOOK_URL, eventKinds: ['REPORTED'], roleId: await anyRoleId(url, caller) },
  });
  return data.createWebhookEndpoint.endpoint.id;
}

const webhookRecipes: Record<string, Recipe> = {
  createWebhookEndpoint: async ({ url, caller }) => ({ input: { url: HOOK_URL, eventKinds: ['REPORTED'], roleId: await anyRoleId(url, caller), description: 'recipe' } }),
  updateWebhookEndpoint: async ({ url, caller }) => ({ input: { endpointId: await newEndpoint(url, caller), eventKinds: ['REPORTED', 'ESCALATED'] } }),
  rotateWebhookSecret: async ({ url, caller }) => ({ input: { endpointId: await newEndpoint(url, caller) } }),
  deleteWebhookEndpoint: async ({ url, caller }) => ({ input: { endpointId: await newEndpoint(url, caller) } }),
  sendTestWebhook: async ({ url, caller }) => ({ input: { endpointId: await newEndpoint(url, caller) } }),
  configureNotificationChannel: async ({ attempt }) => ({ input: { kind: 'SMS_GATEWAY', url: `${HOOK_URL}/sms/${attempt}`, secret: 'recipe-secret' } }),
  setContactPoints: async () => ({ input: { mobile: '13800000000', dingtalkUserId: 'recipe' } }),
};


// ---------- members ----------

const memberRecipes: Record<string, Recipe> = {
  setJurisdiction: async ({ url, caller }) => {
    const { memberId, unitId } = await me(url, caller);
    const members = await call(url, caller, '{ members(first: 50) { edges { node { id } } } }');
    const other = members.members.edges.map((e: any) => e.node.id).find((id: string) => id !== memberId);
    return other ? { input: { memberId: other, unitIds: [unitId], reason: 'recipe jurisdiction' } } : null;
  },
};

// ---------- alert periods ----------

/** A period on now over the caller's unit, and a unit below it (the root owes no per-unit report to itself). */
async function reportingUnit(url: string, caller: Caller): Promise<{ periodId: string; unitId: string }> {
  const { unitId: seat } = await me(url, caller);
  const unit = await call(url, caller, mutate('createUnit', 'CreateUnitInput', 'unit { id }'), { input: { parentId: seat, name: `recipe unit ${randomBytes(3).toString('hex')}`, kind: 'OTHER' } });
  const now = Date.now();
  const period = await call(url, caller, mutate('declareAlertPeriod', 'DeclareAlertPeriodInput', 'alertPeriod { id }'), {
    input: { name: 'recipe period', unitId: seat, startsAt: new Date(now).toISOString(), endsAt: new Date(now + 5 * 86_400_000).toISOString() },
  });
  return { periodId: period.declareAlertPeriod.alertPeriod.id, unitId: unit.createUnit.unit.id };
}

// A caller whose session an earlier mutation ended: null, so the driver signs it in again and retries.
const orNull = (recipe: Recipe): Recipe => async (args) => recipe(args).catch(() => null);

const alertPeriodRecipes: Record<string, Recipe> = {
  submitAlertPeriodReport: orNull(async ({ url, caller }) => {
    const { periodId, unitId } = await reportingUnit(url, caller);
    return { input: { alertPeriodId: periodId, unitId, nothingToReport: true } };
  }),
  correctAlertPeriodReport: orNull(async ({ url, caller }) => {
    const { periodId, unitId } = await reportingUnit(url, caller);
    const filed = await call(url, caller, mutate('submitAlertPeriodReport', 'SubmitAlertPeriodReportInput', 'report { id }'), { input: { alertPeriodId: periodId, unitId, nothingToReport: true } });
    return { input: { reportId: filed.submitAlertPeriodReport.report.id, nothingToReport: false, content: 'recipe correction', reason: 'recipe reason' } };
  }),
};

export const DRIVER_RECIPES: Record<string, Recipe> = { ...incidentRecipes, ...calendarRecipes, ...memberRecipes, ...webhookRecipes, ...alertPeriodRecipes };
