// The runtime's view of one attachment, as libcni's RuntimeConf / NetworkAttachment / GCArgs.

export interface RuntimeConf {
  containerId: string;
  netns?: string;
  ifName: string;
  /** CNI_ARGS pairs, in order. */
  args?: [string, string][];
  /** Capability name -> value; a plugin gets the ones it declares in `capabilities`. */
  capabilityArgs?: Record<string, unknown>;
}

export interface NetworkAttachment {
  containerId: string;
  network: string;
  ifName: string;
  /** The list's bytes as cached at ADD time. */
  config: Buffer;
  netns?: string;
  cniArgs?: [string, string][];
  capabilityArgs?: Record<string, unknown>;
}

/** One entry of cni.dev/valid-attachments (the JSON keys are the spec's). */
export interface GCAttachment {
  containerID: string;
  ifname: string;
}

export interface GCArgs {
  validAttachments: GCAttachment[];
}

/** A result as a plugin printed it (any spec version), with cniVersion always set. */
export type RawResult = Record<string, unknown> & { cniVersion: string };
