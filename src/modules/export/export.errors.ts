/** Error codes of the export module (userErrors). */
export enum ExportJobErrorCode {
  /** The filter does not fit the kind's filter type. */
  EXPORT_FILTER_INVALID = 'EXPORT_FILTER_INVALID',
  /** The job has not finished (or failed): there is nothing to download. */
  EXPORT_NOT_READY = 'EXPORT_NOT_READY',
  /** The file's retention period has passed: it is (or is about to be) removed (HTTP 410). */
  EXPORT_EXPIRED = 'EXPORT_EXPIRED',
}
