import { Permission as P } from '../../platform/permissions.js';
import { TenantKind } from '../tenant/tenant.enums.js';

export enum TemplateRoleKey {
  GROUP_LEADER = 'GROUP_LEADER',
  DEPUTY_LEADER = 'DEPUTY_LEADER',
  OFFICE_DIRECTOR = 'OFFICE_DIRECTOR',
  MEMBER = 'MEMBER',
  LIAISON = 'LIAISON',
  TENANT_ADMIN = 'TENANT_ADMIN',
  AUDITOR = 'AUDITOR',
}

/** The jurisdiction a template role usually gets: inviteMember and assignRole apply WHOLE_TENANT when no units are named (within the caller's own). */
export enum UsualJurisdiction {
  /** The whole organisation: the 信访办 and the leading group receive and coordinate every case. */
  WHOLE_TENANT = 'WHOLE_TENANT',
  /** The subtree of the unit where the member sits. */
  SEAT = 'SEAT',
  /** Units named one by one (a 包村干部's villages, a work area's liaison). */
  ASSIGNED_UNITS = 'ASSIGNED_UNITS',
}

export const USUAL_JURISDICTION: Readonly<Record<TemplateRoleKey, UsualJurisdiction>> = {
  GROUP_LEADER: UsualJurisdiction.WHOLE_TENANT,
  DEPUTY_LEADER: UsualJurisdiction.WHOLE_TENANT,
  OFFICE_DIRECTOR: UsualJurisdiction.WHOLE_TENANT,
  MEMBER: UsualJurisdiction.SEAT,
  LIAISON: UsualJurisdiction.ASSIGNED_UNITS,
  TENANT_ADMIN: UsualJurisdiction.SEAT,
  AUDITOR: UsualJurisdiction.WHOLE_TENANT,
};

export interface RoleTemplate {
  key: TemplateRoleKey;
  name: string;
  description: string;
  /** Key of the role above it; the chain is 组长 > 副组长 > 办公室主任 > 成员 > 联络员. */
  parent: TemplateRoleKey | null;
  /** Own permissions; a role also holds those of every role below it. */
  permissions: P[];
  leader: boolean;
}

/** Template roles, lowest of the chain first (so parents can be linked as they are created). */
export function roleTemplates(kind: TenantKind): RoleTemplate[] {
  const office = kind === TenantKind.ENTERPRISE ? '信访工作办公室主任' : kind === TenantKind.DISCIPLINE_COMMISSION ? '信访举报应急处置办公室主任' : '办公室主任';
  const liaison = kind === TenantKind.ENTERPRISE ? '联络员（单位信访联络人）' : '联络员（包村干部、调解员）';
  return [
    {
      key: TemplateRoleKey.LIAISON,
      name: liaison,
      description: 'Reports incidents, works assigned tasks, files daily reports. 报告事件、完成分配任务、报送日报。',
      parent: TemplateRoleKey.MEMBER,
      permissions: [P.UNIT_READ, P.PLAN_READ, P.INCIDENT_READ, P.INCIDENT_REPORT, P.INCIDENT_ACT, P.FINDING_ANSWER, P.CONCERN_READ, P.CONCERN_MANAGE],
      leader: false,
    },
    {
      key: TemplateRoleKey.MEMBER,
      name: '成员',
      description: 'Member of the leading group: acts on incidents, escalates. 领导小组成员。',
      parent: TemplateRoleKey.OFFICE_DIRECTOR,
      permissions: [P.MEMBER_READ, P.ROLE_READ, P.INCIDENT_ESCALATE],
      leader: false,
    },
    {
      key: TemplateRoleKey.OFFICE_DIRECTOR,
      name: office,
      description: 'Runs the office: drafts plans, keeps the roster, decides acceptance and replies. 负责办公室日常工作。',
      parent: TemplateRoleKey.DEPUTY_LEADER,
      permissions: [P.PLAN_DRAFT, P.ROSTER_MANAGE, P.PETITION_DECIDE, P.PETITIONER_PII_READ, P.ACCOUNTABILITY_READ, P.FOLLOW_UP_RECORD],
      leader: false,
    },
    {
      key: TemplateRoleKey.DEPUTY_LEADER,
      name: '副组长',
      description: 'Deputy leader: owns cases, closes them, declares alert periods, rules on findings. 副组长。',
      parent: TemplateRoleKey.GROUP_LEADER,
      permissions: [P.INCIDENT_ASSIGN_OWNER, P.INCIDENT_CLOSE, P.ALERT_PERIOD_MANAGE, P.FINDING_RULE],
      leader: true,
    },
    {
      key: TemplateRoleKey.GROUP_LEADER,
      name: '组长',
      description: 'Leads the group; publishes the plan. 组长，统一指挥、决策。',
      parent: null,
      permissions: [P.PLAN_PUBLISH, P.CALENDAR_MANAGE],
      leader: true,
    },
    {
      key: TemplateRoleKey.TENANT_ADMIN,
      name: '系统管理员',
      description: 'Structure and membership, not case content. 管理组织架构与成员，不接触案件内容。',
      parent: null,
      permissions: [P.TENANT_MANAGE, P.UNIT_READ, P.UNIT_MANAGE, P.ROLE_READ, P.ROLE_MANAGE, P.MEMBER_READ, P.MEMBER_MANAGE, P.CALENDAR_MANAGE, P.AUDIT_STRUCTURE_READ, P.WEBHOOK_MANAGE],
      leader: false,
    },
    {
      key: TemplateRoleKey.AUDITOR,
      name: kind === TenantKind.DISCIPLINE_COMMISSION ? '纪检监督员' : '监督员（纪委）',
      description: 'Read-only on cases, the audit log and accountability. 只读查看案件、审计日志与责任追究。',
      parent: null,
      permissions: [P.UNIT_READ, P.ROLE_READ, P.MEMBER_READ, P.PLAN_READ, P.INCIDENT_READ, P.AUDIT_READ, P.ACCOUNTABILITY_READ, P.CONCERN_READ],
      leader: false,
    },
  ];
}
