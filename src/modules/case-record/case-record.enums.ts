/** The typed records kept on a case (记录在案). */
export enum CaseRecordKind {
  /** 谈话记录 */
  INTERVIEW = 'INTERVIEW',
  /** 现场记录 */
  SCENE = 'SCENE',
  /** 工作总结 */
  WORK_SUMMARY = 'WORK_SUMMARY',
}

export enum CaseRecordStatus {
  DRAFT = 'DRAFT',
  /** Filed (归档): locked, never edited again. */
  FILED = 'FILED',
}
