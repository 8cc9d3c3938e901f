// resolv.conf -> result DNS, with the reference's rules (reference-plugins.md 1.9) and Go's error
// texts for files it cannot read ("open <path>: no such file or directory").
import { readFileSync } from 'node:fs';
import type { DNS } from '../cni/result.js';

const GO_ERRNO_TEXT: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EISDIR: 'is a directory',
  ENOTDIR: 'not a directory',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'file name too long',
  EMFILE: 'too many open files',
  EIO: 'input/output error',
};

function goFileError(op: 'open' | 'read', path: string, err: NodeJS.ErrnoException): Error {
  const text = GO_ERRNO_TEXT[err.code ?? ''] ?? err.message;
  // Go opens a directory fine and fails on the first read.
  return new Error(`${err.code === 'EISDIR' ? 'read' : op} ${path}: ${text}`);
}

// Go's unicode.IsSpace (strings.Fields, strings.TrimSpace); unlike JS \s it excludes U+FEFF.
const GO_SPACE = '\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const FIELD_SEP = new RegExp(`[${GO_SPACE}]+`);
const EDGE_SPACE = new RegExp(`^[${GO_SPACE}]+|[${GO_SPACE}]+$`, 'g');

export function parseResolvConf(text: string): DNS {
  const dns: DNS = {};
  for (const raw of text.split('\n')) {
    const line = raw.replace(EDGE_SPACE, '');
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const fields = line.split(FIELD_SEP).filter((f) => f !== '');
    if (fields.length < 2) continue;
    const [key, ...values] = fields;
    switch (key) {
      case 'nameserver':
        (dns.nameservers ??= []).push(values[0]);
        break;
      case 'domain':
        dns.domain = values[0];
        break;
      case 'search':
        (dns.search ??= []).push(...values);
        break;
      case 'options':
        (dns.options ??= []).push(...values);
        break;
    }
  }
  return dns;
}

export function readResolvConf(path: string): DNS {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw goFileError('open', path, err as NodeJS.ErrnoException);
  }
  return parseResolvConf(text);
}
