// A separate process using the store, for the crash, lock and concurrency tests. Bundled to
// CommonJS by helpers.ts (like the shipped executables), so it starts without a TS loader.
//   reserve <dataDir> <ip> <containerId>   reserve one IP, print "reserved" or "taken"
//   reserve-loop <dataDir> <first>         reserve 10.x.y.z from index <first> on, print "started",
//                                          release every third one, until killed
//   hold <dataDir>                         take the lock, print "locked", never release it
import { NetworkStore } from '../../src/store/index.js';

async function main(command: string | undefined, dataDir: string, rest: string[]): Promise<void> {
  const store = await NetworkStore.open(dataDir, 'n');
  if (command === 'reserve') {
    const [ip, containerId] = rest;
    const ok = await store.withLock((tx) => tx.reserve(ip!, containerId!, 'eth0', 0));
    console.log(ok ? 'reserved' : 'taken');
  } else if (command === 'reserve-loop') {
    console.log('started');
    for (let i = Number(rest[0]); ; i++) {
      const ip = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
      await store.withLock((tx) => {
        tx.reserve(ip, `container-${i}`, 'eth0', 0);
        if (i % 3 === 0) tx.releaseByOwner(`container-${i}`, 'eth0');
      });
    }
  } else if (command === 'hold') {
    await store.withLock(async () => {
      console.log('locked');
      await new Promise(() => setInterval(() => undefined, 1000));
    });
  } else {
    throw new Error(`unknown command ${command}`);
  }
}

const [command, dataDir, ...rest] = process.argv.slice(2);
main(command, dataDir!, rest).catch((err) => {
  console.error(err);
  process.exit(1);
});
