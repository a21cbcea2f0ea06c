// Who may read which entries of a tenant's log, in one place. Two views
// (三员分立: the audit administrator reads what happened, the system
// administrator the structure):
// - CASE (AUDIT_READ, auditors): every entry, but an entry about an incident
//   (or anything under one) only while the reader may see that incident,
//   through the incident visibility rule; a confidential case's entries stay
//   hidden from its subjects and recused members.
// - STRUCTURE (AUDIT_STRUCTURE_READ, tenant administrators; platform
//   administrators reading under a tenant's grant): units, roles, members,
//   settings, calendar, sign-ins and log access — never an entry about an incident.
// Verification is not a view: it covers every entry and reports only
// sequence numbers and hashes.
import type { Ctx } from '../../platform/context.js';
import { Permission } from '../../platform/permissions.js';
import { incidentVisibility } from '../incident/incident.access.js';

export enum LogView {
  CASE = 'CASE',
  STRUCTURE = 'STRUCTURE',
}

/** Actions of the structure view (their prefixes). */
export const STRUCTURE_ACTION_PREFIXES: readonly string[] = ['tenant.', 'unit.', 'role.', 'member.', 'session.', 'user.', 'calendar.', 'log.', 'webhook.', 'notify.'];

export const logAccess = {
  /** The view of a member of the tenant (AUDIT_READ wins), or of a platform administrator under a grant. */
  viewOf(ctx: Ctx, viaGrant: boolean): LogView {
    if (!viaGrant && ctx.actor?.memberId && ctx.actor.permissions.has(Permission.AUDIT_READ)) return LogView.CASE;
    return LogView.STRUCTURE;
  },

  /** SQL over a log_entry alias restricting it to what the view shows, with its parameters in order. */
  sql(ctx: Ctx, view: LogView, alias: string): { sql: string; params: string[] } {
    const a = alias;
    if (view === LogView.STRUCTURE) {
      const actions = STRUCTURE_ACTION_PREFIXES.map(() => `${a}.action like ?`).join(' or ');
      return { sql: `(${a}.incident_id is null and (${actions}))`, params: STRUCTURE_ACTION_PREFIXES.map((p) => `${p}%`) };
    }
    const actor = ctx.actor;
    if (!actor?.memberId || !actor.unitPath || !actor.permissions.has(Permission.INCIDENT_READ)) {
      return { sql: `(${a}.incident_id is null)`, params: [] };
    }
    const rule = incidentVisibility.sql({ memberId: actor.memberId, unitPath: actor.unitPath, permissions: actor.permissions }, 'li');
    return {
      sql: `(${a}.incident_id is null or exists (select 1 from incident li where li.tenant_id = ${a}.tenant_id and li.id = ${a}.incident_id and ${rule.sql}))`,
      params: rule.params,
    };
  },
};
