// What modules ask of their tables beyond tenant isolation, applied by the
// migration CLI to the tables a migration creates. A module adds its tables here.
import type { TablePolicyRules } from '../platform/db/table-policies.js';

export const tablePolicyRules: TablePolicyRules = {
  appendOnly: [
    'log_checkpoint', 'log_signing_key',
    // Accountability: a finding, its answer, ruling and escalation, and what fell due, never change.
    // Attached evidence never changes (made append-only by hand in Migration20261202030652: the table was older).
    'incident_evidence',
    // Every saved version of a case record is kept as it was.
    'case_record_version',
    // A tenant's document wording is versioned: each save a new row.
    'document_template',
    'accountability_finding', 'finding_answer', 'finding_ruling', 'finding_escalation', 'duty_occurrence', 'clock_notice',
    // A rating and a follow-up call are what the petitioner said: never changed.
    'satisfaction_rating', 'follow_up_call',
    // The work recorded on a concern is kept as it was written.
    'concern_update',
  ],
  // A stored file is what the server measured when it arrived; it never changes, but an expired export's is removed (foreign keys keep the others).
  removableAppendOnly: ['stored_file'],
  platformLogGrant: ['log_checkpoint'],
  // The outbox's bookkeeping (notify): derived from committed log entries, not changes to record.
  // An export job's progress (export): its start, completion and downloads are logged by the service.
  operational: ['webhook_delivery', 'webhook_attempt', 'notification', 'export_job'],
  extra: {
    // A signed-in user may read its own memberships in every tenant (sign-in, switchTenant).
    // A referral is shared by its two tenants: the sender owns it (tenant_id), the receiver reads and updates it too.
    referral: [
      `create policy receiver_side on "referral" using (receiver_tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) with check (receiver_tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);`,
    ],
    // A supervision order likewise: the upper organ owns it, the lower one reads and answers it.
    supervision_order: [
      `create policy receiver_side on "supervision_order" using (receiver_tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) with check (receiver_tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);`,
    ],
    member: [`create policy own_memberships on "member" for select using (user_id = nullif(current_setting('app.user_id', true), '')::uuid);`],
  },
};
