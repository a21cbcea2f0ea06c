/** What a file is, judged from its bytes (UPLOAD_ALLOWED_KINDS names these in lower case). */
export enum FileKind {
  IMAGE = 'IMAGE',
  VIDEO = 'VIDEO',
  AUDIO = 'AUDIO',
  PDF = 'PDF',
  OFFICE = 'OFFICE',
  TEXT = 'TEXT',
}
