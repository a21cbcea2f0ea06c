// Uploads and downloads over real HTTP (multipart/form-data built by fetch).
import type { TestServer } from './server.js';

export function baseUrl(server: TestServer): string {
  return server.url.replace(/\/graphql$/, '');
}

export async function upload(server: TestServer, token: string | null, bytes: Buffer, name: string, contentType = 'application/octet-stream') {
  const form = new FormData();
  form.append('file', new Blob([bytes], { type: contentType }), name);
  const res = await fetch(`${baseUrl(server)}/files`, { method: 'POST', body: form, headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: res.status, body: (await res.json()) as any };
}

export async function download(server: TestServer, token: string | null, path: string) {
  const res = await fetch(`${baseUrl(server)}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const bytes = Buffer.from(await res.arrayBuffer());
  return { status: res.status, headers: res.headers, bytes, json: () => JSON.parse(bytes.toString('utf8')) };
}

/** A minimal PDF header followed by the given payload: PDF by its magic number. */
export function pdfLike(payload: Buffer): Buffer {
  return Buffer.concat([Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1'), payload, Buffer.from('\n%%EOF\n')]);
}
