// JSON paths as people write them: ipam.ranges[0][1].subnet, args["cni.dev/x"].

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Appends a key or index to a path. */
export function joinPath(path: string, segment: string | number): string {
  if (typeof segment === 'number') return `${path}[${segment}]`;
  if (IDENTIFIER.test(segment)) return path ? `${path}.${segment}` : segment;
  return `${path}[${JSON.stringify(segment)}]`;
}

/** The value and readable path for an ajv instancePath (a JSON pointer) inside `doc`. */
export function resolvePointer(doc: unknown, pointer: string): { path: string; value: unknown } {
  let path = '';
  let value: unknown = doc;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(value)) {
      path = joinPath(path, Number(key));
      value = value[Number(key)];
    } else {
      path = joinPath(path, key);
      value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
    }
  }
  return { path, value };
}
