// A list of ip (or bridge) commands for one namespace, each with the message prefix the
// reference would use if that step failed, run as one batch: one process, or one nsenter'd
// shell that first writes the plan's sysctls inside the namespace.
import { BatchError, batch, sysctlAndBatch, type SysctlWrite } from './ip.js';

export class Plan {
  readonly lines: string[] = [];
  private readonly labels: string[] = [];
  readonly sysctls: SysctlWrite[] = [];

  /** `bridge` for VLAN commands (`vlan add ...`), `ip` for everything else. */
  constructor(private readonly tool: 'ip' | 'bridge' = 'ip') {}

  /** `label` prefixes iproute2's message when this line fails: "<label>: <message>". */
  add(line: string, label: string): this {
    this.lines.push(line);
    this.labels.push(label);
    return this;
  }

  sysctl(path: string, value: string, mode: SysctlWrite[2]): this {
    this.sysctls.push([path, value, mode]);
    return this;
  }

  /** Runs in `netns` (or the plugin's own namespace); returns the JSON of showing commands. */
  async run(netns?: string): Promise<unknown[]> {
    try {
      if (this.sysctls.length > 0) {
        if (!netns) throw new Error('sysctls in a plan need a namespace');
        return await sysctlAndBatch(netns, this.sysctls, this.lines);
      }
      return await batch(this.lines, netns, this.tool);
    } catch (e) {
      if (e instanceof BatchError) {
        const label = this.labels[e.index];
        throw new PlanError(label ? `${label}: ${e.detail}` : e.detail, e.index, e.detail);
      }
      throw e;
    }
  }
}

export class PlanError extends Error {
  constructor(message: string, readonly index: number, readonly detail: string) {
    super(message);
  }
}
