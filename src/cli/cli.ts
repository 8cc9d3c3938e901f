// The command dispatch of cnirun, separate from the process entry so that it can be driven in-process.
import { ATTACH_COMMANDS, type AttachCommand, attachCommand } from './attach.js';
import { DEFAULT_BIN_DIR, installPlugins, pluginSourceDir } from './install.js';
import { runCommand } from './run.js';
import { USAGE } from './usage.js';
import { validateCommand } from './validate.js';

export class UsageError extends Error {
  constructor(message: string, readonly full = false) {
    super(message);
  }
}

// cnitool's -i/--ifname (it wins over CNI_IFNAME), anywhere among the arguments.
function ifNameFlag(rest: string[]): { ifName?: string; args: string[] } {
  const i = rest.findIndex((a) => a === '-i' || a === '--ifname' || a.startsWith('--ifname='));
  if (i < 0) return { args: rest };
  const inline = rest[i].startsWith('--ifname=') ? rest[i].slice('--ifname='.length) : undefined;
  const ifName = inline ?? rest[i + 1];
  if (!ifName) throw new UsageError(`${rest[i]} needs an interface name`);
  return { ifName, args: [...rest.slice(0, i), ...rest.slice(i + (inline === undefined ? 2 : 1))] };
}

export async function main(argv: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  const [cmd, ...rest] = argv;
  if (cmd === 'help' || cmd === '--help' || cmd === '-h') {
    out.write(USAGE);
    return 0;
  }
  if (ATTACH_COMMANDS.includes(cmd as AttachCommand)) {
    const { ifName, args } = ifNameFlag(rest);
    if (args.length !== 2) throw new UsageError(`${cmd} takes [-i <ifname>] <network> <netns>`);
    await attachCommand(cmd as AttachCommand, args[0], args[1], out, ifName);
    return 0;
  }
  switch (cmd) {
    case 'validate':
      if (rest.length === 0) throw new UsageError('validate takes at least one file or directory');
      return validateCommand(rest, out, err);
    case 'run': {
      const sep = rest.indexOf('--');
      const network = rest[0];
      const command = sep >= 0 ? rest.slice(sep + 1) : rest.slice(1);
      if (!network || network === '--' || (sep >= 0 && sep !== 1) || command.length === 0) throw new UsageError('run takes <network> -- <command> [args...]');
      return runCommand(network, command, err);
    }
    case 'install': {
      const from = rest[0] === '--from' ? rest.slice(0, 2) : [];
      const dirs = rest.slice(from.length);
      if ((from.length > 0 && !from[1]) || dirs.length > 1) throw new UsageError('install takes [--from <build dir>] [dir]');
      const target = dirs[0] ?? DEFAULT_BIN_DIR;
      const files = installPlugins(target, from[1] ?? pluginSourceDir());
      out.write(`installed ${files.join(', ')} into ${target}\n`);
      return 0;
    }
    case undefined:
      throw new UsageError('no command given', true);
    default:
      throw new UsageError(`unknown command "${cmd}"`);
  }
}
