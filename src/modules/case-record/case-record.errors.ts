export enum CaseRecordErrorCode {
  /** Only the author edits or files a draft. */
  NOT_RECORD_AUTHOR = 'NOT_RECORD_AUTHOR',
  /** A filed record is locked. */
  RECORD_FILED = 'RECORD_FILED',
  /** The fields given are not those of the record's kind. */
  RECORD_FIELDS_MISMATCH = 'RECORD_FIELDS_MISMATCH',
}
