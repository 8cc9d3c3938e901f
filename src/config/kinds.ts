// The configuration kinds that have a schema.
import type { SchemaKind } from '../../build/generated/validators.js';

export type ConfigKind = SchemaKind;

export const CONFIG_KINDS: ConfigKind[] = ['netconf', 'conflist', 'host-local', 'bridge', 'loopback'];
