// Every entity the ORM knows. A module adds its entities here.
import { Tenant } from '../modules/tenant/tenant.entity.js';
import { User } from '../modules/user/user.entity.js';
import { PasswordToken, RateLimitBucket, RefreshToken, Session } from '../modules/session/session.entity.js';
import { Unit } from '../modules/unit/unit.entity.js';
import { Role } from '../modules/role/role.entity.js';
import { Member, MemberJurisdiction, MemberRole } from '../modules/member/member.entity.js';
import { LogEntry, LogHead, PlatformLogEntry } from '../platform/audit/log.entity.js';
import { LogCheckpoint } from '../modules/log/checkpoint.entity.js';
import { LogSigningKey } from '../modules/log/signing-key.entity.js';
import { TenantDataKey } from '../platform/crypto/data-key.entity.js';
import { CalendarSettings, CalendarYear } from '../modules/calendar/calendar.entity.js';
import { Plan } from '../modules/plan/plan.entity.js';
import { DutyShift } from '../modules/roster/roster.entity.js';
import { AlertPeriod, AlertPeriodReport } from '../modules/alert-period/alert-period.entity.js';
import { Incident, IncidentLevel } from '../modules/incident/incident.entity.js';
import { Petitioner, PetitionReceipt } from '../modules/petition/petitioner.entity.js';
import { IncidentExclusion } from '../modules/incident/exclusion.entity.js';
import { IncidentTask } from '../modules/incident/task.entity.js';
import { IncidentEvidence, IncidentReport } from '../modules/incident/record.entity.js';
import { StatutoryClock } from '../modules/petition/clock.entity.js';
import { ClockSuspension } from '../modules/petition/clock-suspension.entity.js';
import { AccountabilityFinding, FindingAnswer, FindingEscalation, FindingRuling } from '../modules/accountability/finding.entity.js';
import { ClockNotice, DutyOccurrence } from '../modules/accountability/occurrence.entity.js';
import { StoredFile } from '../modules/file/file.entity.js';
import { CaseRecord, CaseRecordVersion } from '../modules/case-record/case-record.entity.js';
import { CaseDocument, DocumentCounter, DocumentTemplate } from '../modules/document/document.entity.js';
import { OutboxCursor, WebhookAttempt, WebhookDelivery, WebhookEndpoint } from '../modules/notify/webhook.entity.js';
import { MemberContact, Notification, NotificationChannel } from '../modules/notify/people.entity.js';
import { Referral, TenantLink } from '../modules/referral/referral.entity.js';
import { SupervisionOrder } from '../modules/referral/supervision-order.entity.js';
import { ReferralSettings } from '../modules/referral/referral-settings.entity.js';
import { FollowUpCall, SatisfactionRating, SatisfactionSettings } from '../modules/satisfaction/satisfaction.entity.js';
import { ExportJob } from '../modules/export/export.entity.js';
import { Concern, ConcernUpdate } from '../modules/concern/concern.entity.js';

export const entities = [
  Tenant,
  User,
  Session,
  RefreshToken,
  PasswordToken,
  RateLimitBucket,
  Unit,
  Role,
  Member,
  MemberRole,
  MemberJurisdiction,
  LogEntry,
  LogHead,
  PlatformLogEntry,
  LogCheckpoint,
  LogSigningKey,
  TenantDataKey,
  CalendarSettings,
  CalendarYear,
  Plan,
  DutyShift,
  AlertPeriod,
  AlertPeriodReport,
  Incident,
  IncidentLevel,
  Petitioner,
  IncidentExclusion,
  PetitionReceipt,
  IncidentTask,
  IncidentReport,
  IncidentEvidence,
  Concern,
  ConcernUpdate,
  StatutoryClock,
  ClockSuspension,
  DutyOccurrence,
  AccountabilityFinding,
  FindingAnswer,
  FindingRuling,
  FindingEscalation,
  ClockNotice,
  StoredFile,
  CaseRecord,
  CaseRecordVersion,
  CaseDocument,
  DocumentCounter,
  DocumentTemplate,
  WebhookEndpoint,
  OutboxCursor,
  WebhookDelivery,
  WebhookAttempt,
  MemberContact,
  NotificationChannel,
  Notification,
  TenantLink,
  Referral,
  SupervisionOrder,
  ReferralSettings,
  FollowUpCall,
  SatisfactionRating,
  SatisfactionSettings,
  ExportJob,
];
