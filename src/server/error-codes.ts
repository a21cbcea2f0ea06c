import { registerUserErrorCodes } from '../platform/graphql/user-error-code.js';
import { SessionErrorCode } from '../modules/session/session.errors.js';
import { TenantErrorCode } from '../modules/tenant/tenant.errors.js';
import { PlatformAdminErrorCode } from '../modules/user/platform-admin.errors.js';
import { UnitErrorCode } from '../modules/unit/unit.errors.js';
import { RoleErrorCode } from '../modules/role/role.errors.js';
import { MemberErrorCode } from '../modules/member/member.errors.js';
import { LogErrorCode } from '../modules/log/log.errors.js';
import { CalendarErrorCode } from '../modules/calendar/calendar.errors.js';
import { ExportErrorCode, IncidentErrorCode } from '../modules/incident/incident.errors.js';
import { PetitionErrorCode } from '../modules/petition/petition.errors.js';
import { PlanErrorCode } from '../modules/plan/plan.errors.js';
import { ReferralErrorCode } from '../modules/referral/referral.errors.js';
import { RosterErrorCode } from '../modules/roster/roster.errors.js';
import { AlertPeriodErrorCode, AlertPeriodReportErrorCode } from '../modules/alert-period/alert-period.errors.js';
import { AccountabilityErrorCode } from '../modules/accountability/accountability.errors.js';
import { FileErrorCode } from '../modules/file/file.errors.js';
import { CaseRecordErrorCode } from '../modules/case-record/case-record.errors.js';
import { DocumentErrorCode } from '../modules/document/document.errors.js';
import { NotifyAckErrorCode, NotifyErrorCode } from '../modules/notify/notify.errors.js';
import { SatisfactionErrorCode } from '../modules/satisfaction/satisfaction.errors.js';
import { ExportJobErrorCode } from '../modules/export/export.errors.js';
import { ConcernErrorCode } from '../modules/concern/concern.errors.js';

// Every module's error codes. A module adds its enum here.
export const UserErrorCode = registerUserErrorCodes([
  SessionErrorCode,
  TenantErrorCode,
  PlatformAdminErrorCode,
  UnitErrorCode,
  RoleErrorCode,
  MemberErrorCode,
  LogErrorCode,
  CalendarErrorCode,
  IncidentErrorCode,
  PetitionErrorCode,
  PlanErrorCode,
  RosterErrorCode,
  AlertPeriodErrorCode,
  AlertPeriodReportErrorCode,
  AccountabilityErrorCode,
  FileErrorCode,
  CaseRecordErrorCode,
  DocumentErrorCode,
  NotifyErrorCode,
  NotifyAckErrorCode,
  SatisfactionErrorCode,
  ExportErrorCode,
  ExportJobErrorCode,
  ConcernErrorCode,
  ReferralErrorCode,
]);
