import { registerEnumType } from 'type-graphql';
import { CommonErrorCode } from './errors.js';
import { SessionErrorCode } from '../modules/session/session.errors.js';
import { TenantErrorCode } from '../modules/tenant/tenant.errors.js';
import { UnitErrorCode } from '../modules/unit/unit.errors.js';
import { RoleErrorCode } from '../modules/role/role.errors.js';
import { MemberErrorCode } from '../modules/member/member.errors.js';
import { LogErrorCode } from '../modules/log/log.errors.js';
import { CalendarErrorCode } from '../modules/calendar/calendar.errors.js';
import { IncidentErrorCode } from '../modules/incident/incident.errors.js';
import { PlanErrorCode } from '../modules/plan/plan.errors.js';
import { RosterErrorCode } from '../modules/roster/roster.errors.js';
import { AlertPeriodErrorCode } from '../modules/alert-period/alert-period.errors.js';

/** Every module's codes in one GraphQL enum, so clients can switch on them. */
export const UserErrorCode = {
  ...CommonErrorCode,
  ...SessionErrorCode,
  ...TenantErrorCode,
  ...UnitErrorCode,
  ...RoleErrorCode,
  ...MemberErrorCode,
  ...LogErrorCode,
  ...CalendarErrorCode,
  ...IncidentErrorCode,
  ...PlanErrorCode,
  ...RosterErrorCode,
  ...AlertPeriodErrorCode,
};

registerEnumType(UserErrorCode, {
  name: 'UserErrorCode',
  description: 'Why a mutation was refused. 变更被拒绝的原因。',
});
