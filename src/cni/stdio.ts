// Plugin stdin/stdout through plain file-descriptor calls. Touching process.stdin or process.stdout
// makes node load its stream/net/tty machinery, ~6 ms of every plugin exec; readSync/writeSync on
// fds 0 and 1 do not. A pipe can be non-blocking (its other end set it so): then EAGAIN hands the
// rest of the work to the stream, keeping every byte already read or written.
import { readSync, writeSync } from 'node:fs';

const errno = (e: unknown) => (e as NodeJS.ErrnoException).code;

export async function readAllStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const chunk = Buffer.allocUnsafe(64 * 1024);
  for (;;) {
    let n: number;
    try {
      n = readSync(0, chunk, 0, chunk.length, null);
    } catch (e) {
      if (errno(e) === 'EAGAIN') {
        for await (const rest of process.stdin) chunks.push(rest as Buffer);
        break;
      }
      if (errno(e) === 'EBADF') break; // no stdin at all: empty input
      throw e;
    }
    if (n === 0) break;
    chunks.push(Buffer.from(chunk.subarray(0, n)));
  }
  return Buffer.concat(chunks);
}

/** Writes all of `text` to fd `fd` (1 or 2); a reader that went away is not an error for us. */
export async function writeAll(fd: 1 | 2, text: string): Promise<void> {
  let data = Buffer.from(text);
  while (data.length > 0) {
    try {
      data = data.subarray(writeSync(fd, data));
    } catch (e) {
      if (errno(e) !== 'EAGAIN') return; // EPIPE and friends: nobody is listening
      const stream = fd === 1 ? process.stdout : process.stderr;
      stream.on('error', () => {});
      await new Promise<void>((resolve) => stream.write(data, () => resolve()));
      return;
    }
  }
}
