// Deleting a link (a veth takes its peer with it); a link that is already gone is not an error.
import { linkDel } from './commands.js';
import { Plan, PlanError } from './plan.js';

/** Returns false when there was no such link. */
export async function deleteLink(name: string, netns?: string): Promise<boolean> {
  try {
    await new Plan().add(linkDel(name), `failed to delete "${name}"`).run(netns);
    return true;
  } catch (e) {
    if (e instanceof PlanError && /Cannot find device/.test(e.detail)) return false;
    throw e;
  }
}
