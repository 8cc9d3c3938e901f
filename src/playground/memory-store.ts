// host-local's store (src/store's StoreTx) kept in memory, so the playground drives the plugin's
// own allocator without a data directory. One MemoryStore stands for one <dataDir>/<network>/.
import { parseIP } from '../core/index.js';
import type { Attachment, Reservation, StoreTx } from '../store/index.js';

export class MemoryStore implements StoreTx {
  private readonly byIP = new Map<string, { containerId: string; ifname: string }>();
  private readonly last = new Map<number, string>();

  packedAddresses(): Uint8Array {
    const out = new Uint8Array(this.byIP.size * 16);
    let at = 0;
    for (const ip of this.byIP.keys()) {
      const parsed = parseIP(ip);
      if (!parsed) continue;
      out.set(parsed.bytes, at);
      at += 16;
    }
    return out.subarray(0, at);
  }

  reservations(): Reservation[] {
    return [...this.byIP].map(([ip, owner]) => ({ ip, ...owner }));
  }

  has(ip: string): boolean {
    return this.byIP.has(ip);
  }

  findByOwner(containerId: string, ifname: string): string[] {
    return [...this.byIP].filter(([, o]) => o.containerId === containerId && o.ifname === ifname).map(([ip]) => ip);
  }

  /** The map is the only truth here: nothing can change behind its back. */
  reconcile(): boolean {
    return false;
  }

  reserve(ip: string, containerId: string, ifname: string, rangeSet: number): boolean {
    if (this.byIP.has(ip)) return false;
    this.byIP.set(ip, { containerId, ifname });
    this.last.set(rangeSet, ip);
    return true;
  }

  lastReserved(rangeSet: number): string | null {
    return this.last.get(rangeSet) ?? null;
  }

  releaseByOwner(containerId: string, ifname: string): string[] {
    const gone = this.findByOwner(containerId, ifname);
    for (const ip of gone) this.byIP.delete(ip);
    return gone;
  }

  release(ip: string): boolean {
    return this.byIP.delete(ip);
  }

  releaseAllExcept(valid: Attachment[]): string[] {
    const keep = new Set(valid.map((a) => `${a.containerId}\n${a.ifname}`));
    const gone = [...this.byIP].filter(([, o]) => !keep.has(`${o.containerId}\n${o.ifname}`)).map(([ip]) => ip);
    for (const ip of gone) this.byIP.delete(ip);
    return gone;
  }
}
