/** The fixed set of permissions; roles hold subsets, resolvers check them. */
export enum Permission {
  TENANT_MANAGE = 'TENANT_MANAGE',
  UNIT_READ = 'UNIT_READ',
  UNIT_MANAGE = 'UNIT_MANAGE',
  ROLE_READ = 'ROLE_READ',
  ROLE_MANAGE = 'ROLE_MANAGE',
  MEMBER_READ = 'MEMBER_READ',
  MEMBER_MANAGE = 'MEMBER_MANAGE',
  CALENDAR_MANAGE = 'CALENDAR_MANAGE',

  PLAN_READ = 'PLAN_READ',
  PLAN_DRAFT = 'PLAN_DRAFT',
  PLAN_PUBLISH = 'PLAN_PUBLISH',
  ROSTER_MANAGE = 'ROSTER_MANAGE',
  ALERT_PERIOD_MANAGE = 'ALERT_PERIOD_MANAGE',

  INCIDENT_READ = 'INCIDENT_READ',
  INCIDENT_REPORT = 'INCIDENT_REPORT',
  INCIDENT_ACT = 'INCIDENT_ACT',
  INCIDENT_ASSIGN_OWNER = 'INCIDENT_ASSIGN_OWNER',
  INCIDENT_ESCALATE = 'INCIDENT_ESCALATE',
  PETITION_DECIDE = 'PETITION_DECIDE',
  INCIDENT_CLOSE = 'INCIDENT_CLOSE',
  PETITIONER_PII_READ = 'PETITIONER_PII_READ',
  /** Read prevention records (预防: grievances to resolve before anyone petitions). */
  CONCERN_READ = 'CONCERN_READ',
  /** Record, update, resolve a concern, or open the incident it became. */
  CONCERN_MANAGE = 'CONCERN_MANAGE',
  /** Record follow-up calls (回访) and the ratings petitioners give on them. */
  FOLLOW_UP_RECORD = 'FOLLOW_UP_RECORD',

  /** The whole tenant log; entries about an incident only where the incident is visible to the reader (auditors). */
  AUDIT_READ = 'AUDIT_READ',
  /** The structure view of the log: units, roles, members, settings, sign-ins, log access — never case content (tenant administrators). */
  AUDIT_STRUCTURE_READ = 'AUDIT_STRUCTURE_READ',
  ACCOUNTABILITY_READ = 'ACCOUNTABILITY_READ',
  FINDING_ANSWER = 'FINDING_ANSWER',
  FINDING_RULE = 'FINDING_RULE',

  /** Webhook endpoints of the tenant: create, rotate, delete, read deliveries and the outbox's state (tenant administrators). */
  WEBHOOK_MANAGE = 'WEBHOOK_MANAGE',
}

export const ALL_PERMISSIONS = Object.values(Permission);

export function isPermission(value: string): value is Permission {
  return (ALL_PERMISSIONS as string[]).includes(value);
}
