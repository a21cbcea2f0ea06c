// The kind of a received file, from its bytes: file-type's magic numbers, and
// for text the absence of NULs in valid UTF-8 (text has no magic number).
import { fileTypeFromFile } from 'file-type';
import { FileKind } from './file.enums.js';

const OFFICE = [
  /^application\/vnd\.openxmlformats-officedocument\./,
  /^application\/vnd\.oasis\.opendocument\./,
  /^application\/vnd\.ms-/,
  /^application\/x-cfb$/, // .doc, .xls, .ppt (compound file)
  /^application\/msword$/,
  /^application\/rtf$/,
];

export function kindOfMime(mime: string): FileKind | null {
  if (mime.startsWith('image/')) return FileKind.IMAGE;
  if (mime.startsWith('video/')) return FileKind.VIDEO;
  if (mime.startsWith('audio/')) return FileKind.AUDIO;
  if (mime === 'application/pdf') return FileKind.PDF;
  if (OFFICE.some((re) => re.test(mime))) return FileKind.OFFICE;
  return null;
}

/** Media type and kind of the file at `path`; kind null when it is none of ours. */
export async function sniffFile(path: string, looksLikeText: boolean): Promise<{ contentType: string; kind: FileKind | null }> {
  const detected = await fileTypeFromFile(path);
  if (detected) return { contentType: detected.mime, kind: kindOfMime(detected.mime) };
  if (looksLikeText) return { contentType: 'text/plain; charset=utf-8', kind: FileKind.TEXT };
  return { contentType: 'application/octet-stream', kind: null };
}
