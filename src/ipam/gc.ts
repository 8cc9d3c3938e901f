// The attachments a GC request says are still in use: `cni.dev/valid-attachments` (spec 1.1.0)
// and the older `cni.dev/attachments`, both lists of {containerID, ifname}.
import { getField, isObject } from '../cni/fields.js';
import type { Attachment } from '../store/index.js';

const KEYS = ['cni.dev/valid-attachments', 'cni.dev/attachments'];

function attachment(v: unknown): Attachment {
  const containerId = getField(v, 'containerID');
  const ifname = getField(v, 'ifname');
  if (!isObject(v) || typeof containerId !== 'string' || typeof ifname !== 'string') {
    throw new Error(`invalid attachment ${JSON.stringify(v)}: want {"containerID": string, "ifname": string}`);
  }
  return { containerId, ifname };
}

/**
 * The union of both lists, or null when the config carries neither key: the runtime said nothing
 * about what is valid (libcni without GC args), so nothing may be released. An empty list, or
 * null (how libcni marshals an empty Go slice), releases everything.
 */
export function validAttachments(config: unknown): Attachment[] | null {
  let found: Attachment[] | null = null;
  for (const key of KEYS) {
    const list = getField(config, key);
    if (list === undefined) continue;
    if (list !== null && !Array.isArray(list)) throw new Error(`${key} must be a list of attachments`);
    found = [...(found ?? []), ...(list ?? []).map(attachment)];
  }
  return found;
}
