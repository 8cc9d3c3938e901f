// The plugin side of the protocol: environment and stdin checks in the reference's order, version
// gates, dispatch to the plugin's callbacks, and the output format. Pure and in-process (no process
// access) so it can be tested, fuzzed and bundled for the browser; skel.ts adds the process wrapper.
import { CniError, Code, formatError, toCniError } from './errors.js';
import { getField, isObject } from './fields.js';
import { goQuote, goQuoteList, marshalCompact } from './gojson.js';
import { validateContainerId, validateIfName, validateNetworkName } from './names.js';
import { formatResult, type Result } from './result.js';
import { decodeGoJson } from './decode.js';
import { CURRENT_VERSION, compareVersions } from './version.js';

export interface CmdArgs {
  command: string;
  containerId: string;
  netns: string;
  ifname: string;
  args: string;
  path: string[];
  stdin: Buffer;
  config: any;
  env: Record<string, string | undefined>;
}

export interface PluginSpec {
  name: string;
  versions: string[];
  /** Build version for the about text; the reference prints "version unknown" when unset. */
  buildVersion?: string;
  /** How ADD's result is printed; default formatResult. loopback uses formatResultLabelled. */
  printResult?(r: Result, cniVersion: string): string;
  add?(a: CmdArgs): Promise<Result>;
  del?(a: CmdArgs): Promise<void>;
  check?(a: CmdArgs): Promise<void>;
  gc?(a: CmdArgs): Promise<void>;
  status?(a: CmdArgs): Promise<void>;
}

export interface DispatchOutput { stdout: string; stderr: string; exitCode: number }

export interface DispatchOptions {
  /**
   * True if `netns` is the plugin's own network namespace (the latest reference then fails ADD and
   * DEL with code 8 after running them). Paths that cannot be opened must give false. Leave unset
   * to skip the check (tests, fuzzing, the browser).
   */
  isOwnNetns?: (netns: string) => boolean;
}

type Command = 'ADD' | 'DEL' | 'CHECK' | 'GC' | 'STATUS';

// Which variables each command requires, in the reference's order, and how a value is validated.
const REQUIRED: { name: string; commands: Command[]; validate?: (v: string) => CniError | null }[] = [
  { name: 'CNI_CONTAINERID', commands: ['ADD', 'CHECK', 'DEL'], validate: validateContainerId },
  { name: 'CNI_NETNS', commands: ['ADD', 'CHECK'] },
  { name: 'CNI_IFNAME', commands: ['ADD', 'CHECK', 'DEL'], validate: validateIfName },
  { name: 'CNI_PATH', commands: ['ADD', 'CHECK', 'DEL', 'GC', 'STATUS'] },
];

/** The config version a verb needs (CHECK came with 0.4.0, GC and STATUS with 1.1.0). */
const MIN_VERSION: Partial<Record<Command, string>> = { CHECK: '0.4.0', GC: '1.1.0', STATUS: '1.1.0' };

function ok(stdout = '', stderr = ''): DispatchOutput {
  return { stdout, stderr, exitCode: 0 };
}

function failed(err: CniError, before = ''): DispatchOutput {
  return { stdout: before + formatError(err), stderr: '', exitCode: 1 };
}

export function aboutText(p: PluginSpec): string {
  return `CNI ${p.name} plugin ${p.buildVersion ?? 'version unknown'}\nCNI protocol versions supported: ${p.versions.join(', ')}\n`;
}

export function versionText(p: PluginSpec): string {
  return marshalCompact({ cniVersion: CURRENT_VERSION, supportedVersions: p.versions }) + '\n';
}

function isKnownCommand(cmd: string): cmd is Command {
  return cmd === 'ADD' || cmd === 'DEL' || cmd === 'CHECK' || cmd === 'GC' || cmd === 'STATUS';
}

function envValue(env: Record<string, string | undefined>, name: string): string {
  return env[name] ?? '';
}

/**
 * The reference reads the variables in order: a bad required value fails at once (code 4, or 3 for
 * an empty container ID, which cannot happen here), and every empty required one is reported
 * together afterwards (code 4).
 */
function checkEnv(cmd: string, env: Record<string, string | undefined>): CniError | null {
  const missing: string[] = [];
  for (const { name, commands, validate } of REQUIRED) {
    if (!commands.includes(cmd as Command)) continue;
    const value = envValue(env, name);
    if (value === '') missing.push(name);
    else if (validate) {
      const err = validate(value);
      if (err) return err;
    }
  }
  return missing.length ? new CniError(Code.InvalidEnv, `required env variables [${missing.join(',')}] missing`) : null;
}

/** Stdin must be JSON whose `name` is a valid network name (codes 6 and 7). */
function parseConfig(stdin: Buffer): { config: unknown } | CniError {
  const decoded = decodeGoJson(stdin); // bytes: invalid UTF-8 becomes U+FFFD, as in Go
  if ('error' in decoded) return new CniError(Code.Decode, `error unmarshall network config: ${decoded.error}`);
  const config = decoded.value;
  if (config !== null && !isObject(config)) {
    return new CniError(Code.Decode, `error unmarshall network config: json: cannot unmarshal ${goKind(config)} into Go value of type struct { Name string "json:\\"name\\"" }`);
  }
  const badName = firstNonString(config, 'name');
  if (badName !== undefined) {
    return new CniError(Code.Decode, `error unmarshall network config: json: cannot unmarshal ${goKind(badName)} into Go struct field .name of type string`);
  }
  return validateNetworkName((getField(config, 'name') as string | null | undefined) ?? '') ?? { config };
}

/** Go keeps the first type error while decoding on: any spelling of `key` that is not a string. */
function firstNonString(obj: unknown, key: string): unknown {
  if (!isObject(obj)) return undefined;
  const lower = key.toLowerCase();
  const k = Object.keys(obj).find((k) => k.toLowerCase() === lower && obj[k] !== null && typeof obj[k] !== 'string');
  return k === undefined ? undefined : obj[k];
}

/** Go's name for a JSON value's type in unmarshal errors. */
function goKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'boolean') return 'bool';
  if (isObject(v)) return 'object';
  return typeof v; // number, string
}

/** The config's cniVersion as the reference decodes it: absent or "" means 0.1.0. */
function configVersion(config: unknown): string | CniError {
  const bad = firstNonString(config, 'cniVersion');
  if (bad !== undefined) {
    return new CniError(Code.Decode, `decoding version from network config: json: cannot unmarshal ${goKind(bad)} into Go struct field .cniVersion of type string`);
  }
  return (getField(config, 'cniVersion') as string | null | undefined) || '0.1.0';
}

/** Go's version comparison, with its parse errors as code 6. */
function atLeast(v: string, min: string): boolean | CniError {
  try {
    return compareVersions(v, min) >= 0;
  } catch (err) {
    return new CniError(Code.Decode, (err as Error).message);
  }
}

/** CHECK/GC/STATUS: the config must be recent enough, and the plugin must speak at least that version. */
function checkVerbVersion(cmd: Command, version: string, p: PluginSpec): CniError | null {
  const min = MIN_VERSION[cmd];
  if (!min) return null;
  const enough = atLeast(version, min);
  if (enough instanceof CniError) return enough;
  if (!enough) return new CniError(Code.IncompatibleVersion, `config version does not allow ${cmd}`);
  for (const pluginVersion of p.versions) {
    const covers = atLeast(pluginVersion, version);
    if (covers instanceof CniError) return covers;
    if (covers) return null;
  }
  return new CniError(Code.IncompatibleVersion, `plugin version does not allow ${cmd}`);
}

function checkSupported(version: string, p: PluginSpec): CniError | null {
  if (p.versions.includes(version)) return null;
  return new CniError(Code.IncompatibleVersion, 'incompatible CNI versions', `config is ${goQuote(version)}, plugin supports ${goQuoteList(p.versions)}`);
}

function buildArgs(cmd: Command, env: Record<string, string | undefined>, stdin: Buffer, config: unknown): CmdArgs {
  const path = envValue(env, 'CNI_PATH');
  return {
    command: cmd,
    containerId: envValue(env, 'CNI_CONTAINERID'),
    netns: envValue(env, 'CNI_NETNS'),
    ifname: envValue(env, 'CNI_IFNAME'),
    args: envValue(env, 'CNI_ARGS'),
    path: path === '' ? [] : path.split(':'),
    stdin,
    config,
    env,
  };
}

/** The latest reference refuses to run in its own netns unless CNI_NETNS_OVERRIDE is 1/true. */
function checkNetnsAfter(args: CmdArgs, opts: DispatchOptions): CniError | null {
  const override = envValue(args.env, 'CNI_NETNS_OVERRIDE');
  if (override === '1' || override.toLowerCase() === 'true' || !opts.isOwnNetns || args.netns === '') return null;
  let same = false;
  try {
    same = opts.isOwnNetns(args.netns);
  } catch {
    same = false;
  }
  return same ? new CniError(Code.InvalidNetNS, "plugin's netns and netns from CNI_NETNS should not be the same") : null;
}

async function runVerb(cmd: Command, p: PluginSpec, args: CmdArgs, version: string): Promise<string> {
  switch (cmd) {
    case 'ADD': {
      if (!p.add) throw new CniError(Code.Internal, `plugin ${p.name} does not implement ADD`);
      return (p.printResult ?? formatResult)(await p.add(args), version);
    }
    case 'DEL':
      if (!p.del) throw new CniError(Code.Internal, `plugin ${p.name} does not implement DEL`);
      await p.del(args);
      return '';
    case 'CHECK':
      if (!p.check) throw new CniError(Code.Internal, `plugin ${p.name} does not implement CHECK`);
      await p.check(args);
      return '';
    case 'GC':
      await p.gc?.(args); // a plugin without GC succeeds silently, like the reference
      return '';
    case 'STATUS':
      await p.status?.(args);
      return '';
  }
}

/** Stdin, or how to read it: the reference reads it only once the environment has passed. */
export type StdinSource = Buffer | (() => Promise<Buffer>);

async function readInput(stdin: StdinSource): Promise<Buffer | CniError> {
  if (typeof stdin !== 'function') return stdin;
  try {
    return await stdin();
  } catch (err) {
    return new CniError(Code.IO, `error reading from stdin: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** One plugin invocation: env + stdin in, what to print and the exit code out. Never throws. */
export async function dispatch(
  p: PluginSpec,
  env: Record<string, string | undefined>,
  source: StdinSource,
  opts: DispatchOptions = {},
): Promise<DispatchOutput> {
  const cmd = envValue(env, 'CNI_COMMAND');
  if (cmd === '') return ok('', aboutText(p));
  const envErr = checkEnv(cmd, env);
  if (envErr) return failed(envErr);
  if (cmd === 'VERSION') return ok(versionText(p));
  const stdin = await readInput(source);
  if (stdin instanceof CniError) return failed(stdin);
  const parsed = parseConfig(stdin);
  if (parsed instanceof CniError) return failed(parsed);
  // The reference looks at the command only after stdin has passed.
  if (!isKnownCommand(cmd)) return failed(new CniError(Code.InvalidEnv, `unknown CNI_COMMAND: ${cmd}`));

  const version = configVersion(parsed.config);
  if (version instanceof CniError) return failed(version);
  const gateErr = checkVerbVersion(cmd, version, p) ?? checkSupported(version, p);
  if (gateErr) return failed(gateErr);

  const args = buildArgs(cmd, env, stdin, parsed.config);
  let stdout: string;
  try {
    stdout = await runVerb(cmd, p, args, version);
  } catch (err) {
    return failed(toCniError(err));
  }
  const netnsErr = cmd === 'ADD' || cmd === 'DEL' ? checkNetnsAfter(args, opts) : null;
  return netnsErr ? failed(netnsErr, stdout) : ok(stdout);
}
