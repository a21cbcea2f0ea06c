// Statutory clocks of the institution (信访工作条例): past due without the act
// → the clock becomes MISSED (under the incident's row lock, like any change to
// a case), a finding is recorded and CLOCK_MISSED goes to the incident's
// subscribers. A clock met late before the sweeper saw it gets a LATE finding.
// A clock under an approved suspension is left alone until it is resumed.
// Clocks due within the warning window get CLOCK_DUE_SOON, once per due time.
import { LockMode, ref } from '@mikro-orm/core';
import { Tenant } from '../tenant/tenant.entity.js';
import { Incident } from '../incident/incident.entity.js';
import { StatutoryClock } from '../petition/clock.entity.js';
import { ClockKind, ClockState } from '../petition/petition.enums.js';
import { CLOCK_DEFINITIONS, isRunning } from '../petition/statutory-clocks.model.js';
import { Permission } from '../../platform/permissions.js';
import { ClockNoticeKind, FindingOutcome, ObligationSource } from './accountability.enums.js';
import { ClockNotice } from './occurrence.entity.js';
import { primaryRole } from './escalation.rules.js';
import { completionSeqs, creationSeqs } from './sweep.proof.js';
import { recordFinding } from './sweep.record.js';
import type { SweepBatch } from './sweep.context.js';
import { IncidentEventKind } from '../incident/incident.model.js';
import { clockDueSoon, clockMissed } from './sweep-due.sql.js';

interface ClockRow {
  id: string;
  incident_id: string;
  kind: ClockKind;
  article: string;
  state: ClockState;
  due_at: Date;
  met_at: Date | null;
  unit_id: string;
  unit_path: string;
  case_owner_id: string | null;
  level_key: string | null;
  plan_version: number | null;
}

export async function sweepMissedClocks(batch: SweepBatch): Promise<boolean> {
  const rows = await batch.sql<ClockRow>(
    `select c.id, c.incident_id, c.kind, c.article, c.state, c.due_at, c.met_at, i.unit_id, u.path as unit_path,
            i.case_owner_id, i.level_key, i.plan_version
       from statutory_clock c
       join incident i on i.tenant_id = c.tenant_id and i.id = c.incident_id
       join unit u on u.tenant_id = i.tenant_id and u.id = i.unit_id
      where c.tenant_id = ? and ${clockMissed('c', '?')}
      order by c.due_at, c.id
      limit ?`,
    [batch.tenant.id, batch.now, batch.limit],
  );
  if (rows.length === 0) return false;
  const keys = rows.map((r) => ({ incidentId: r.incident_id, type: 'StatutoryClock' as const, id: r.id }));
  const created = await creationSeqs(batch, keys);
  const completed = await completionSeqs(batch, keys.filter((_, i) => rows[i]!.state === ClockState.MET));
  const exclusions = await batch.exclusions(rows.map((r) => r.incident_id));
  const graph = await batch.graph();
  const directory = await batch.directory();
  for (const c of rows) {
    const late = c.state === ClockState.MET;
    // The case owner (领导包案) answers for the case's deadlines; without one, the unit does.
    const owner = c.case_owner_id ? directory.find((m) => m.id === c.case_owner_id) : undefined;
    const ownerRole = owner ? primaryRole(graph, owner.roleIds, Permission.INCIDENT_ACT) : null;
    const definition = CLOCK_DEFINITIONS[c.kind];
    await recordFinding(batch, {
      source: ObligationSource.STATUTORY_CLOCK,
      outcome: late ? FindingOutcome.LATE : FindingOutcome.MISSED,
      incidentId: c.incident_id,
      clockId: c.id,
      dutyKind: null,
      clockKind: c.kind,
      dutyKey: c.kind,
      action: `${definition.title}（${c.article}）`,
      levelKey: c.level_key,
      planVersion: c.plan_version,
      memberId: c.case_owner_id,
      roleId: ownerRole?.id ?? null,
      roleKey: ownerRole ? ownerRole.key ?? ownerRole.id : null,
      unitId: c.unit_id,
      unitPath: c.unit_path,
      dueAt: new Date(c.due_at),
      doneAt: late ? new Date(c.met_at!) : null,
      escalate: !late,
      rule: null,
      createdLogSeq: created.get(c.id) ?? null,
      doneLogSeq: completed.get(c.id) ?? null,
      excluded: exclusions.get(c.incident_id) ?? new Set(),
      event: late ? null : IncidentEventKind.CLOCK_MISSED,
      // First in its own transaction: the incident's lock before the log's, as every mutation takes them.
      alsoDo: late || c.state === ClockState.MISSED ? undefined : async (tx) => {
        const incident = await tx.em.findOneOrFail(Incident, { id: c.incident_id }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
        const clock = await tx.em.findOneOrFail(StatutoryClock, { id: c.id }, { refresh: true });
        // Met or extended since the row was read: the clock is left alone (the finding still records the miss at its due time).
        if (!isRunning(clock) || clock.state === ClockState.MISSED || clock.dueAt > batch.now) return;
        clock.state = ClockState.MISSED;
        clock.history = [...clock.history, { at: batch.now.toISOString(), state: ClockState.MISSED, dueAt: clock.dueAt.toISOString(), memberId: null, note: 'missed (deadline sweeper)' }];
        incident.touch();
        batch.counts.clocksMissed += 1;
      },
    });
  }
  return rows.length >= batch.limit;
}

/** CLOCK_DUE_SOON once per clock and due time (an extension moves the due time and warns again). */
export async function sweepClocksDueSoon(batch: SweepBatch): Promise<boolean> {
  const rows = await batch.sql<{ id: string; incident_id: string; due_at: Date; kind: ClockKind }>(
    `select c.id, c.incident_id, c.due_at, c.kind from statutory_clock c
      where c.tenant_id = ? and ${clockDueSoon('c', '?', '?')}
      order by c.due_at, c.id
      limit ?`,
    [batch.tenant.id, batch.now, new Date(batch.now.getTime() + batch.dueSoonMs), batch.limit],
  );
  const tenantId = batch.tenant.id;
  for (const c of rows) {
    await batch.write('accountability.clock_due_soon', async (tx) => {
      tx.em.persist(tx.em.create(ClockNotice, {
        tenant: ref(Tenant, tenantId),
        clock: ref(tx.em.getReference(StatutoryClock, [tenantId, c.id] as never)),
        incident: ref(tx.em.getReference(Incident, [tenantId, c.incident_id] as never)),
        kind: ClockNoticeKind.DUE_SOON,
        dueAt: new Date(c.due_at),
        noticedAt: batch.now,
      }));
      return {
        result: null,
        target: { type: 'StatutoryClock', id: c.id },
        incidentId: c.incident_id,
        event: IncidentEventKind.CLOCK_DUE_SOON,
        reason: `${c.kind} due ${new Date(c.due_at).toISOString()}`,
      };
    });
    batch.counts.dueSoon += 1;
  }
  return rows.length >= batch.limit;
}
