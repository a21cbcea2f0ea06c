// Work on a case: completing tasks, reports (有情况报情况，无情况报平安) and
// evidence records. Each mutation locks the incident row first.
import type { Ctx } from '../../platform/context.js';
import { DomainError, invalid, notFound } from '../../platform/errors.js';
import { audited, type Outcome } from '../../platform/audit/mutation.js';
import { validateInput } from '../../platform/validation.js';
import { idOf } from '../../platform/ids.js';
import { requireMember } from '../../platform/authz.js';
import { DutyKind } from '../plan/plan.model.js';
import type { Incident } from './incident.entity.js';
import { IncidentTask } from './task.entity.js';
import { IncidentEvidence, IncidentReport } from './record.entity.js';
import { EvidenceKind, ReportKind, TaskStatus } from './incident.enums.js';
import { IncidentErrorCode } from './incident.errors.js';
import { assertWritable } from './incident-lifecycle.model.js';
import { incidentAccess } from './incident.access.js';
import type { AddIncidentReportInput, CompleteTaskInput, EvidenceInput, RecordEvidenceInput } from './incident.inputs.js';
import { nextOccurrence, openTasksOf } from './duty-tasks.service.js';
import { actorRef } from '../member/member.service.js';
import { tenantRef } from '../../platform/db/tenant-refs.js';
import { IncidentEventKind } from './incident.model.js';
import { fileService } from '../file/file.service.js';
import { FileErrorCode } from '../file/file.errors.js';

export interface TaskResult {
  task: IncidentTask;
  nextTask: IncidentTask | null;
  incident: Incident;
}

export interface ReportResult {
  report: IncidentReport;
  incident: Incident;
}

export interface EvidenceResult {
  evidence: IncidentEvidence;
  incident: Incident;
}

/**
 * An evidence row from its input: an uploaded file (the server's hash, size,
 * type and storage; a file is evidence once), or client-given metadata.
 */
async function evidenceOf(ctx: Ctx, incident: Incident, task: IncidentTask | null, e: EvidenceInput, field: string[]): Promise<IncidentEvidence> {
  const common = {
    tenant: tenantRef(ctx),
    incident,
    task,
    kind: e.kind,
    description: e.description?.trim() || null,
    capturedAt: e.capturedAt ?? null,
    recordedBy: actorRef(ctx),
  };
  if (e.fileId) {
    const file = await fileService.find(ctx, idOf('File', e.fileId, [...field, 'fileId']));
    // Another member's upload not yet evidence is not the caller's to attach.
    const attached = file ? await ctx.em.count(IncidentEvidence, { file: { id: file.id } }) : 0;
    if (!file || (attached === 0 && file.uploadedBy.id !== requireMember(ctx).memberId)) throw notFound('File', [...field, 'fileId']);
    if (attached > 0) throw new DomainError(FileErrorCode.FILE_ALREADY_ATTACHED, 'The file is evidence already; attached evidence never changes', [...field, 'fileId']);
    if ((e.sha256 && e.sha256 !== file.sha256) || (e.sizeBytes !== undefined && e.sizeBytes !== null && e.sizeBytes !== file.sizeBytes)) {
      throw new DomainError(FileErrorCode.FILE_MISMATCH, `The file's sha256 is ${file.sha256} and its size ${file.sizeBytes}`, [...field, 'sha256']);
    }
    return ctx.em.create(IncidentEvidence, { ...common, file, sha256: file.sha256, sizeBytes: file.sizeBytes, storageKey: file.storageKey, contentType: file.contentType });
  }
  if (!e.sha256 || e.sizeBytes === undefined || e.sizeBytes === null || !e.storageKey?.trim()) {
    throw invalid('Give a fileId (upload to POST /files), or sha256, sizeBytes and storageKey', [...field, 'fileId']);
  }
  return ctx.em.create(IncidentEvidence, { ...common, sha256: e.sha256, sizeBytes: e.sizeBytes, storageKey: e.storageKey.trim(), contentType: e.contentType ?? null });
}

/** Marks a task done by the caller, who also records it; a recurring duty gets its next occurrence. */
async function finish(ctx: Ctx, task: IncidentTask, at: Date, note: string | null, recordedAt = at): Promise<IncidentTask | null> {
  task.status = TaskStatus.DONE;
  task.doneAt = at;
  task.recordedAt = recordedAt;
  task.doneBy = actorRef(ctx);
  task.recordedBy = actorRef(ctx);
  task.note = note;
  const next = await nextOccurrence(ctx, task);
  if (next) ctx.em.persist(next);
  return next;
}

/** A device clock a little ahead of the server's is not a future arrival. */
const ARRIVAL_CLOCK_SKEW_MS = 60_000;

export const workService = {
  /**
   * Completes a task: only its assignee (others reassign it first). An on-scene
   * duty needs the arrival time the assignee gives; a duty that requires
   * evidence needs at least one record (given here or recorded before).
   */
  async completeTask(ctx: Ctx, input: CompleteTaskInput): Promise<Outcome<TaskResult>> {
    return audited(ctx, 'incident.complete_task', async (tx) => {
      await validateInput(input);
      const actor = requireMember(tx);
      const taskId = idOf('IncidentTask', input.taskId, ['input', 'taskId']);
      const found = await tx.em.findOne(IncidentTask, { id: taskId });
      if (!found) throw notFound('IncidentTask', ['input', 'taskId']);
      const incident = await incidentAccess.lock(tx, found.incident.id, ['input', 'taskId']);
      assertWritable(incident.status);
      const task = await tx.em.findOneOrFail(IncidentTask, { id: taskId }, { refresh: true });
      if (task.status !== TaskStatus.OPEN) throw new DomainError(IncidentErrorCode.TASK_NOT_OPEN, `The task is ${task.status}`, ['input', 'taskId']);
      // Only the assignee completes its own task: whoever else would, reassigns it first (a completion is a statement of what one did).
      if (task.assignee?.id !== actor.memberId) {
        throw new DomainError(
          IncidentErrorCode.NOT_TASK_ASSIGNEE,
          task.assignee ? 'Only the assignee completes this task; reassign it first (reassignTask)' : 'Nobody holds this task; assign it first (reassignTask)',
          ['input', 'taskId'],
        );
      }
      const now = new Date();
      const arrivedAt = input.arrivedAt ?? null;
      if (task.dutyKind === DutyKind.ARRIVE_ON_SCENE) {
        // An arrival is a fact stated by the one who arrived, not the moment of the click.
        if (!arrivedAt) throw new DomainError(IncidentErrorCode.ARRIVAL_REQUIRED, 'An on-scene duty is completed with the time you arrived (arrivedAt)', ['input', 'arrivedAt']);
        if (arrivedAt.getTime() > now.getTime() + ARRIVAL_CLOCK_SKEW_MS) throw new DomainError(IncidentErrorCode.ARRIVAL_TIME_INVALID, 'The arrival cannot be in the future', ['input', 'arrivedAt']);
        if (arrivedAt < incident.occurredAt) throw new DomainError(IncidentErrorCode.ARRIVAL_TIME_INVALID, 'The arrival cannot be before the incident occurred', ['input', 'arrivedAt']);
        task.arrivedAt = arrivedAt;
      } else if (arrivedAt) {
        throw new DomainError(IncidentErrorCode.NOT_AN_ARRIVAL, 'Only an on-scene duty records an arrival', ['input', 'arrivedAt']);
      }
      const evidence: IncidentEvidence[] = [];
      for (const [i, e] of input.evidence.entries()) {
        const row = await evidenceOf(tx, incident, task, e, ['input', 'evidence', String(i)]);
        tx.em.persist(row);
        // Persisted one by one: the same file twice in one input is caught by the count above.
        await tx.em.flush();
        evidence.push(row);
      }
      if (task.evidenceRequired && evidence.length === 0 && (await tx.em.count(IncidentEvidence, { task })) === 0) {
        throw new DomainError(IncidentErrorCode.EVIDENCE_REQUIRED, 'This duty requires evidence (a talk record, photo, video...)', ['input', 'evidence']);
      }
      const nextTask = await finish(tx, task, arrivedAt ?? now, input.note?.trim() || null, now);
      incident.touch();
      return {
        result: { task, nextTask, incident },
        target: { type: 'IncidentTask', id: task.id },
        incidentId: incident.id,
        event: IncidentEventKind.TASK_DONE,
      };
    });
  },

  /**
   * Files a report. A DAILY report fulfils the open daily-report duties (and
   * schedules the next); ALL_CLEAR ends every recurring reporting duty.
   */
  async addReport(ctx: Ctx, input: AddIncidentReportInput): Promise<Outcome<ReportResult>> {
    return audited(ctx, 'incident.add_report', async (tx) => {
      await validateInput(input);
      const incident = await incidentAccess.lock(tx, idOf('Incident', input.incidentId, ['input', 'incidentId']), undefined, input.expectedVersion);
      assertWritable(incident.status);
      const now = new Date();
      const report = tx.em.create(IncidentReport, {
        tenant: tenantRef(tx),
        incident,
        kind: input.kind,
        body: input.body.trim(),
        nothingNew: input.kind === ReportKind.DAILY && !!input.nothingNew,
        headcount: input.headcount ?? null,
        reportedBy: actorRef(tx),
      });
      tx.em.persist(report);
      for (const task of await openTasksOf(tx, incident.id)) {
        if (input.kind === ReportKind.DAILY && task.dutyKind === DutyKind.DAILY_REPORT) {
          await finish(tx, task, now, 'daily report filed');
        } else if (input.kind === ReportKind.ALL_CLEAR && task.recurringEvery) {
          task.status = TaskStatus.CANCELLED;
          task.cancelledAt = now;
          task.cancelReason = 'all clear reported';
        }
      }
      incident.touch();
      return {
        result: { report, incident },
        target: { type: 'IncidentReport', id: report.id },
        incidentId: incident.id,
        event: IncidentEventKind.REPORT_ADDED,
      };
    });
  },

  /** Records evidence metadata (kind, sha256, size, storage key, who and when); the bytes stay in storage. */
  async recordEvidence(ctx: Ctx, input: RecordEvidenceInput): Promise<Outcome<EvidenceResult>> {
    return audited(ctx, 'incident.record_evidence', async (tx) => {
      await validateInput(input);
      const incident = await incidentAccess.lock(tx, idOf('Incident', input.incidentId, ['input', 'incidentId']), undefined, input.expectedVersion);
      assertWritable(incident.status);
      let task: IncidentTask | null = null;
      if (input.taskId) {
        task = await tx.em.findOne(IncidentTask, { id: idOf('IncidentTask', input.taskId, ['input', 'taskId']), incident });
        if (!task) throw notFound('IncidentTask', ['input', 'taskId']);
      }
      const evidence = await evidenceOf(tx, incident, task, input.evidence, ['input', 'evidence']);
      tx.em.persist(evidence);
      incident.touch();
      return {
        result: { evidence, incident },
        target: { type: 'Evidence', id: evidence.id },
        incidentId: incident.id,
        event: IncidentEventKind.EVIDENCE_ADDED,
      };
    });
  },
};

/** Attaches an uploaded file as evidence inside another module's mutation (a delivery receipt): the same checks as recordEvidence. */
export async function attachFileEvidence(tx: Ctx, incident: Incident, fileId: string, kind: EvidenceKind, description: string, field: string[]): Promise<IncidentEvidence> {
  const evidence = await evidenceOf(tx, incident, null, { kind, fileId, description } as EvidenceInput, field.slice(0, -1));
  tx.em.persist(evidence);
  return evidence;
}
