/**
 * express.json `verify` hook: refuses bodies nested deeper than `max`
 * before they are parsed. GraphQL variables never need deep JSON, and a
 * 200 KB body of nested brackets otherwise costs seconds of CPU downstream
 * (every recursive walk overflows the stack and unwinds).
 */
export function refuseDeepJson(max: number) {
  return (_req: unknown, _res: unknown, buf: Buffer): void => {
    let depth = 0;
    let inString = false;
    for (let i = 0; i < buf.length; i++) {
      const c = buf[i]!;
      if (inString) {
        if (c === 0x5c) i++; // backslash: skip the escaped byte
        else if (c === 0x22) inString = false;
      } else if (c === 0x22) inString = true;
      else if (c === 0x5b || c === 0x7b) {
        if (++depth > max) throw Object.assign(new Error(`JSON nested deeper than ${max} levels`), { status: 400, type: 'entity.too.deep' });
      } else if (c === 0x5d || c === 0x7d) depth--;
    }
  };
}
