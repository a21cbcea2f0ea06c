// Content-Disposition for a download (RFC 6266 with RFC 8187's filename*): an
// ASCII fallback for old clients and the exact UTF-8 name, percent-encoded.
function encodeRfc8187(value: string): string {
  return encodeURIComponent(value).replace(/['()*!]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function contentDisposition(name: string, type: 'attachment' | 'inline' = 'attachment'): string {
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 ? name.slice(dot).replace(/[^A-Za-z0-9.]/g, '') : '';
  const asciiBase = name.slice(0, dot > 0 ? dot : undefined).replace(/[^\x20-\x7e]|["\\%;]/g, '_').trim();
  const fallback = `${asciiBase || 'file'}${ext}`;
  return `${type}; filename="${fallback}"; filename*=UTF-8''${encodeRfc8187(name)}`;
}
