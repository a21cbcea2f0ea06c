export enum FileErrorCode {
  /** Over UPLOAD_MAX_BYTES (HTTP 413). */
  FILE_TOO_LARGE = 'FILE_TOO_LARGE',
  /** Its bytes are not of a kind in UPLOAD_ALLOWED_KINDS (HTTP 415). */
  FILE_TYPE_NOT_ALLOWED = 'FILE_TYPE_NOT_ALLOWED',
  /** Not one file part in a multipart/form-data body (HTTP 400). */
  UPLOAD_MALFORMED = 'UPLOAD_MALFORMED',
  /** The file is evidence already; attached evidence never changes. */
  FILE_ALREADY_ATTACHED = 'FILE_ALREADY_ATTACHED',
  /** The evidence's sha256 or size given with a file id differ from the file's. */
  FILE_MISMATCH = 'FILE_MISMATCH',
}
