// host-local IPAM plugin: parse, validate, allocate, print. Everything lives in src/ipam.
import { pluginMain } from '../src/cni/skel.js';
import { hostLocal } from '../src/ipam/index.js';
import { skipLockNestingCheck } from '../src/store/lock.js';

skipLockNestingCheck();   // one command, one lock per process
void pluginMain(hostLocal);
