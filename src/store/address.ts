// Address text -> the 16-byte form the Wasm core uses (IPv4 as ::ffff:a.b.c.d).
// Only used to decide which directory entries are reservations (the reference counts a file as
// one when net.ParseIP accepts its name) and to fill the packed address list. File names are
// never re-formatted from these bytes: the name on disk stays whatever string created it.

const V4_MAPPED_PREFIX = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff];

function parseIPv4(text: string): number[] | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  const bytes: number[] = [];
  for (const part of parts) {
    // Go's ParseIP rejects leading zeros ("01") since Go 1.17; empty parts and signs too.
    if (!/^(0|[1-9][0-9]{0,2})$/.test(part)) return null;
    const value = Number(part);
    if (value > 255) return null;
    bytes.push(value);
  }
  return bytes;
}

function parseHexGroups(text: string): number[] | null {
  if (text === '') return [];
  const groups: number[] = [];
  for (const group of text.split(':')) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return null;
    groups.push(parseInt(group, 16));
  }
  return groups;
}

function parseIPv6(text: string): number[] | null {
  // A trailing dotted quad stands for the last two groups.
  let tail: number[] = [];
  let rest = text;
  const lastColon = text.lastIndexOf(':');
  if (text.indexOf('.', lastColon) >= 0) {
    const v4 = parseIPv4(text.slice(lastColon + 1));
    if (!v4) return null;
    tail = [(v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!];
    rest = text.slice(0, lastColon + 1);
    // "::1.2.3.4" leaves "::"; "1::2:1.2.3.4" leaves "1::2:" whose trailing colon joined the quad.
    if (rest.endsWith(':') && !rest.endsWith('::')) rest = rest.slice(0, -1);
  }
  const halves = rest.split('::');
  if (halves.length > 2) return null;
  const head = parseHexGroups(halves[0]!);
  const after = halves.length === 2 ? parseHexGroups(halves[1]!) : [];
  if (!head || !after) return null;
  const explicit = head.length + after.length + tail.length;
  let groups: number[];
  if (halves.length === 2) {
    if (explicit > 7) return null; // "::" must stand for at least one zero group
    groups = [...head, ...new Array<number>(8 - explicit).fill(0), ...after, ...tail];
  } else {
    if (explicit !== 8) return null;
    groups = [...head, ...tail];
  }
  return groups.flatMap((g) => [g >> 8, g & 0xff]);
}

/** The 16-byte form of an IP text Go's net.ParseIP accepts, or null (zones, CIDRs, junk). */
export function addressBytes(text: string): Uint8Array | null {
  if (text.includes(':')) {
    const v6 = parseIPv6(text);
    return v6 ? Uint8Array.from(v6) : null;
  }
  const v4 = parseIPv4(text);
  return v4 ? Uint8Array.from([...V4_MAPPED_PREFIX, ...v4]) : null;
}
