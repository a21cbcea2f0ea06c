// Typed records on a case: drafts edited by their author (each save a new
// version, all kept), then filed and locked. Readers see them where they may
// see the incident (the incident visibility rule).
import type { Ctx } from '../../platform/context.js';
import { audited, type Outcome } from '../../platform/audit/mutation.js';
import { validateInput } from '../../platform/validation.js';
import { idOf } from '../../platform/ids.js';
import { requireMember } from '../../platform/authz.js';
import { CommonErrorCode, DomainError, notFound } from '../../platform/errors.js';
import { tenantRef } from '../../platform/db/tenant-refs.js';
import { actorRef } from '../member/member.service.js';
import { incidentAccess } from '../incident/incident.access.js';
import { assertWritable } from '../incident/incident-lifecycle.model.js';
import type { Incident } from '../incident/incident.entity.js';
import { CaseRecord, CaseRecordVersion, type RecordContent } from './case-record.entity.js';
import { CaseRecordKind, CaseRecordStatus } from './case-record.enums.js';
import { CaseRecordErrorCode } from './case-record.errors.js';
import type { CreateCaseRecordInput, FileCaseRecordInput, RecordFieldsInput, UpdateCaseRecordInput } from './case-record.inputs.js';

export interface CaseRecordResult {
  record: CaseRecord;
  incident: Incident;
}

const FIELD_OF: Record<CaseRecordKind, keyof RecordFieldsInput> = {
  [CaseRecordKind.INTERVIEW]: 'interview',
  [CaseRecordKind.SCENE]: 'scene',
  [CaseRecordKind.WORK_SUMMARY]: 'workSummary',
};

/** The content of the record's kind from the input; the other kinds' fields must be absent. */
function contentOf(kind: CaseRecordKind, input: RecordFieldsInput): RecordContent {
  const field = FIELD_OF[kind];
  const others = (Object.values(FIELD_OF) as (keyof RecordFieldsInput)[]).filter((f) => f !== field && input[f]);
  if (!input[field] || others.length) {
    throw new DomainError(CaseRecordErrorCode.RECORD_FIELDS_MISMATCH, `A ${kind} record takes \`${field}\` and no other fields`, ['input', field]);
  }
  const trim = (xs: string[]) => xs.map((x) => x.trim()).filter(Boolean);
  if (input.interview) {
    const i = input.interview;
    return { heldAt: i.heldAt.toISOString(), place: i.place.trim(), interviewers: trim(i.interviewers), interviewees: trim(i.interviewees), peoplePresent: trim(i.peoplePresent), text: i.text };
  }
  if (input.scene) {
    const s = input.scene;
    return { observedAt: s.observedAt.toISOString(), place: s.place.trim(), peoplePresent: trim(s.peoplePresent), text: s.text };
  }
  const w = input.workSummary!;
  return { title: w.title.trim(), period: w.period?.trim() || null, text: w.text };
}

function version(tx: Ctx, record: CaseRecord): CaseRecordVersion {
  return tx.em.create(CaseRecordVersion, { tenant: tenantRef(tx), record, version: record.version, content: record.content, status: record.status, editedBy: actorRef(tx) });
}

/** The record for a change by its author: visible, its incident locked and writable, still a draft, at the expected version. */
async function draftForChange(tx: Ctx, input: { recordId: string; expectedVersion?: number | null }): Promise<{ record: CaseRecord; incident: Incident }> {
  const id = idOf('CaseRecord', input.recordId, ['input', 'recordId']);
  const found = await tx.em.findOne(CaseRecord, { id });
  if (!found) throw notFound('CaseRecord', ['input', 'recordId']);
  const incident = await incidentAccess.lock(tx, found.incident.id, ['input', 'recordId']);
  const record = await tx.em.findOneOrFail(CaseRecord, { id }, { refresh: true });
  if (record.author.id !== requireMember(tx).memberId) throw new DomainError(CaseRecordErrorCode.NOT_RECORD_AUTHOR, 'Only its author changes a draft record', ['input', 'recordId']);
  if (record.status === CaseRecordStatus.FILED) throw new DomainError(CaseRecordErrorCode.RECORD_FILED, 'The record is filed and locked', ['input', 'recordId']);
  if (input.expectedVersion !== undefined && input.expectedVersion !== null && input.expectedVersion !== record.version) {
    throw new DomainError(CommonErrorCode.STALE_OBJECT, `The record is at version ${record.version}, not ${input.expectedVersion}; reload it`, ['input', 'expectedVersion']);
  }
  assertWritable(incident.status);
  return { record, incident };
}

export const caseRecordService = {
  async create(ctx: Ctx, input: CreateCaseRecordInput): Promise<Outcome<CaseRecordResult>> {
    return audited(ctx, 'record.create', async (tx) => {
      await validateInput(input);
      const incident = await incidentAccess.lock(tx, idOf('Incident', input.incidentId, ['input', 'incidentId']));
      assertWritable(incident.status);
      const record = tx.em.create(CaseRecord, { tenant: tenantRef(tx), incident, kind: input.kind, version: 1, content: contentOf(input.kind, input), author: actorRef(tx) });
      tx.em.persist([record, version(tx, record)]);
      return { result: { record, incident }, target: { type: 'CaseRecord', id: record.id }, incidentId: incident.id };
    });
  },

  async update(ctx: Ctx, input: UpdateCaseRecordInput): Promise<Outcome<CaseRecordResult>> {
    return audited(ctx, 'record.update', async (tx) => {
      await validateInput(input);
      const { record, incident } = await draftForChange(tx, input);
      record.content = contentOf(record.kind, input);
      record.version += 1;
      tx.em.persist(version(tx, record));
      return { result: { record, incident }, target: { type: 'CaseRecord', id: record.id }, incidentId: incident.id };
    });
  },

  async file(ctx: Ctx, input: FileCaseRecordInput): Promise<Outcome<CaseRecordResult>> {
    return audited(ctx, 'record.file', async (tx) => {
      await validateInput(input);
      const { record, incident } = await draftForChange(tx, input);
      record.status = CaseRecordStatus.FILED;
      record.filedAt = new Date();
      record.version += 1;
      tx.em.persist(version(tx, record));
      return { result: { record, incident }, target: { type: 'CaseRecord', id: record.id }, incidentId: incident.id };
    });
  },

  /** A record the caller may see (through its incident), or null. */
  async find(ctx: Ctx, id: string): Promise<CaseRecord | null> {
    const record = await ctx.em.findOne(CaseRecord, { id });
    if (!record) return null;
    return (await incidentAccess.find(ctx, record.incident.id)) ? record : null;
  },
};
