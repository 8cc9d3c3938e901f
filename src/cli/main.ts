// cnirun: the command-line front of the runtime library. Errors go to stderr with exit status 1.
import { USAGE } from './usage.js';
import { UsageError, main } from './cli.js';

function entry(): void {
  main(process.argv.slice(2), process.stdout, process.stderr).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      if (e instanceof UsageError) process.stderr.write(`cnirun: ${e.message}\n${e.full ? `\n${USAGE}` : "run 'cnirun help' for usage\n"}`);
      else process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 1;
    },
  );
}

entry();
