// Enums of the incident domain (their GraphQL registration is in incident.types.ts).

/** The response lifecycle; escalations and level changes are events, not states. */
export enum IncidentStatus {
  REPORTED = 'REPORTED',
  ACKNOWLEDGED = 'ACKNOWLEDGED',
  /** Staff on the scene (现场处置). */
  RESPONDING = 'RESPONDING',
  /** The petition was accepted and is being investigated (调查处理). */
  HANDLING = 'HANDLING',
  /** A written answer was given (答复), or acceptance was refused with reasons. */
  REPLIED = 'REPLIED',
  /** Archived with its review (后期处置). Read-only. */
  CLOSED = 'CLOSED',
  /** The petitioner withdrew. Read-only. */
  WITHDRAWN = 'WITHDRAWN',
  /** 转送: handed to the organ with authority; this tenant's handling ended. Read-only. */
  TRANSFERRED = 'TRANSFERRED',
}

/** Where the incident came from: received here, or referred by another organisation. */
export enum IncidentSource {
  DIRECT = 'DIRECT',
  /** 转送 by another organisation. */
  TRANSFERRED = 'TRANSFERRED',
  /** 交办 by an upper organisation, with a deadline and a closing report. */
  ASSIGNED = 'ASSIGNED',
}

export const TERMINAL_STATUSES: readonly IncidentStatus[] = [IncidentStatus.CLOSED, IncidentStatus.WITHDRAWN, IncidentStatus.TRANSFERRED];

export enum TaskStatus {
  OPEN = 'OPEN',
  DONE = 'DONE',
  CANCELLED = 'CANCELLED',
  /** A higher level's duty with the same key took it over after an escalation: never a finding. */
  SUPERSEDED = 'SUPERSEDED',
}

/** How a task found its assignee. */
export enum TaskAssignedVia {
  /** Holds the duty's role for the incident's unit and is on duty now. */
  ON_DUTY = 'ON_DUTY',
  /** Holds the duty's role and its jurisdiction covers the incident's unit. */
  ROLE = 'ROLE',
  /** Nobody held the duty's role for the unit: the nearest role above took it (a warning said so). */
  ROLE_ABOVE = 'ROLE_ABOVE',
  /** Given by a person (reassignTask). */
  MANUAL = 'MANUAL',
}

export enum ReportKind {
  /** 有情况报情况. */
  SITUATION = 'SITUATION',
  /** The daily report; with nothing new it still reports that all is calm (无情况报平安). */
  DAILY = 'DAILY',
  /** The situation is resolved: recurring reporting duties end. */
  ALL_CLEAR = 'ALL_CLEAR',
}

export enum EvidenceKind {
  TALK_RECORD = 'TALK_RECORD',
  PHOTO = 'PHOTO',
  VIDEO = 'VIDEO',
  AUDIO = 'AUDIO',
  DOCUMENT = 'DOCUMENT',
  OTHER = 'OTHER',
}

export enum ExclusionKind {
  /** The official a report (举报) is about. */
  SUBJECT = 'SUBJECT',
  /** A member who must not handle or see the case (回避). */
  RECUSED = 'RECUSED',
}
