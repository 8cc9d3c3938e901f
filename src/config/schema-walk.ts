// Walking a document alongside its JSON schema, for what ajv's validators do not tell us: which keys
// a given object may have (key normalisation, unknown-key reports). Supports the subset our schemas
// use: $ref (local and cross-file), allOf, if/then, properties, additionalProperties, items.
import { schemas } from '../../build/generated/validators.js';

export type Schema = Record<string, any>;
interface Located { schema: Schema; file: string }

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function resolveRef(ref: string, file: string): Located {
  const [target, pointer = ''] = ref.split('#');
  const targetFile = target || file;
  let node: any = schemas[targetFile];
  if (!node) throw new Error(`schema ${targetFile} not found (ref ${ref})`);
  for (const part of pointer.split('/').filter(Boolean)) node = node[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  if (!node) throw new Error(`schema ref ${ref} does not resolve`);
  return { schema: node, file: targetFile };
}

/** A minimal evaluator for our `if` conditions: type object, required, properties with const. */
function matches(value: unknown, schema: Schema): boolean {
  if (schema.type === 'object' && !isObject(value)) return false;
  if ('const' in schema && value !== schema.const) return false;
  if (!isObject(value)) return true;
  for (const key of schema.required ?? []) if (!(key in value)) return false;
  for (const [key, sub] of Object.entries<Schema>(schema.properties ?? {})) {
    if (key in value && !matches(value[key], sub)) return false;
  }
  return true;
}

/** Every schema node that applies to `value` at this place (through $ref, allOf and matching if/then). */
export function applicable(start: Located[], value: unknown): Located[] {
  const out: Located[] = [];
  const queue = [...start];
  while (queue.length) {
    const { schema, file } = queue.shift()!;
    if (typeof schema !== 'object' || schema === null) continue;
    out.push({ schema, file });
    if (schema.$ref) queue.push(resolveRef(schema.$ref, file));
    for (const sub of schema.allOf ?? []) queue.push({ schema: sub, file });
    if (schema.if && schema.then && matches(value, schema.if)) queue.push({ schema: schema.then, file });
  }
  return out;
}

export function rootOf(schemaId: string): Located[] {
  return [{ schema: schemas[schemaId]!, file: schemaId }];
}

/** The object keys the schemas know here, and whether any of them closes the object to other keys. */
export function knownKeys(nodes: Located[]): { keys: Map<string, Located[]>; open: boolean } {
  const keys = new Map<string, Located[]>();
  let withProperties = 0;
  let openCount = 0;
  for (const { schema, file } of nodes) {
    if (!schema.properties) continue;
    withProperties++;
    if (schema.additionalProperties === true) openCount++;
    for (const [key, sub] of Object.entries<Schema>(schema.properties)) {
      if (!keys.has(key)) keys.set(key, []);
      keys.get(key)!.push({ schema: sub, file });
    }
  }
  return { keys, open: withProperties === 0 || openCount === withProperties };
}

/** Schemas for the elements of an array here (`items`), and for values of open maps. */
export function itemSchemas(nodes: Located[]): Located[] {
  return nodes.filter((n) => typeof n.schema.items === 'object').map((n) => ({ schema: n.schema.items, file: n.file }));
}

export function additionalSchemas(nodes: Located[]): Located[] {
  return nodes
    .filter((n) => typeof n.schema.additionalProperties === 'object')
    .map((n) => ({ schema: n.schema.additionalProperties, file: n.file }));
}

export type { Located };
