export enum ConcernErrorCode {
  /** Only an open concern takes updates, is resolved or becomes an incident. */
  CONCERN_NOT_OPEN = 'CONCERN_NOT_OPEN',
  /** The text records who plans to petition, when or where, or asks to watch or stop people: a concern records the institution's obligation only. */
  CONCERN_STANCE_TEXT = 'CONCERN_STANCE_TEXT',
}
