// The TypeScript twin of libcni-driver/main.go: one operation of our runtime per process, same JSON
// request and reply, so the interop tests can run each scenario with either implementation (and run
// it inside a test "host" namespace with `ip netns exec`).
import { CniRuntime, cniErrorOf, loadNetworkConf } from '../../src/runtime/index.js';
import type { GCArgs, RuntimeConf } from '../../src/runtime/index.js';

interface Request {
  op: string;
  confDir: string;
  network: string;
  cacheDir: string;
  path: string[];
  containerId: string;
  netns: string;
  ifName: string;
  args?: [string, string][];
  capabilityArgs?: Record<string, unknown>;
  validAttachments?: GCArgs['validAttachments'] | null;
  pluginType?: string;
  negotiate?: boolean;
}

async function run(req: Request, out: Record<string, unknown>): Promise<void> {
  const cni = new CniRuntime({ path: req.path, cacheDir: req.cacheDir, negotiateVersions: req.negotiate ?? false });
  const rt: RuntimeConf = { containerId: req.containerId, netns: req.netns, ifName: req.ifName, args: req.args ?? undefined, capabilityArgs: req.capabilityArgs ?? undefined };
  if (req.op === 'attachments') {
    // Go's NetworkAttachment has no JSON tags: field names as keys, []byte as base64.
    out.attachments = cni.getCachedAttachments(req.containerId).map((a) => ({
      ContainerID: a.containerId, Network: a.network, IfName: a.ifName, Config: a.config.toString('base64'),
      NetNS: a.netns ?? '', CniArgs: a.cniArgs ?? null, CapabilityArgs: a.capabilityArgs ?? null,
    }));
    return;
  }
  if (req.op === 'version') {
    out.versions = (await cni.getVersionInfo(req.pluginType ?? '')).supportedVersions;
    return;
  }
  const list = loadNetworkConf(req.confDir, req.network);
  out.cniVersion = list.cniVersion;
  switch (req.op) {
    case 'add':
      out.result = await cni.addNetworkList(list, rt);
      return;
    case 'check':
      return cni.checkNetworkList(list, rt);
    case 'del':
      return cni.delNetworkList(list, rt);
    case 'gc':
      return cni.gcNetworkList(list, req.validAttachments ? { validAttachments: req.validAttachments } : undefined);
    case 'status':
      return cni.getStatusNetworkList(list);
    case 'validate':
      out.versions = await cni.validateNetworkList(list);
      return;
    case 'cached': {
      out.result = cni.getNetworkListCachedResult(list, rt) ?? undefined;
      const cached = cni.getNetworkListCachedConfig(list, rt);
      if (cached) {
        out.config = cached.config.toString();
        out.cachedArgs = cached.rt.args;
        out.cachedCapabilityArgs = cached.rt.capabilityArgs;
      }
      return;
    }
  }
  throw new Error(`unknown op "${req.op}"`);
}

const out: Record<string, unknown> = {};
run(JSON.parse(process.argv[2]) as Request, out)
  .catch((e: Error) => {
    out.error = { message: e.message, code: cniErrorOf(e)?.code || undefined };
  })
  .finally(() => process.stdout.write(`${JSON.stringify(out)}\n`));
