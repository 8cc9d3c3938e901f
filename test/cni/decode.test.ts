// Go's JSON syntax errors, word for word: the reference embeds them in code-6 messages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeGoJson, dispatch } from '../../src/cni/index.js';
import { unreachableHostLocal } from './support/plugins.js';
import { LATEST_HOST_LOCAL, containerEnv, runReference } from './support/reference.js';

const cases: [string, string][] = [
  ['', 'unexpected end of JSON input'],
  ['   ', 'unexpected end of JSON input'],
  ['{', 'unexpected end of JSON input'],
  ['{"a"', 'unexpected end of JSON input'],
  ['{"a":1', 'unexpected end of JSON input'],
  ['[1,', 'unexpected end of JSON input'],
  ['"abc', 'unexpected end of JSON input'],
  ['-', "invalid character ' ' in numeric literal"],
  ['tru', "invalid character ' ' in literal true (expecting 'e')"],
  ['"\\u12', "invalid character ' ' in \\u hexadecimal character escape"],
  ['"\\', "invalid character ' ' in string escape code"],
  ['zz', "invalid character 'z' looking for beginning of value"],
  ['{}x', "invalid character 'x' after top-level value"],
  ['{} {}', "invalid character '{' after top-level value"],
  ['01', "invalid character '1' after top-level value"],
  ['{a:1}', "invalid character 'a' looking for beginning of object key string"],
  ['{"a":1,}', "invalid character '}' looking for beginning of object key string"],
  ['{,}', "invalid character ',' looking for beginning of object key string"],
  ['{"a" 1}', "invalid character '1' after object key"],
  ['{"a":1 "b":2}', `invalid character '"' after object key:value pair`],
  ['[1 2]', "invalid character '2' after array element"],
  ['[1,]', "invalid character ']' looking for beginning of value"],
  ['[,1]', "invalid character ',' looking for beginning of value"],
  ['{"a":}', "invalid character '}' looking for beginning of value"],
  ['"a\tb"', "invalid character '\\t' in string literal"],
  ['"a\nb"', "invalid character '\\n' in string literal"],
  ['"\\x"', "invalid character 'x' in string escape code"],
  ['"\\u12g4"', "invalid character 'g' in \\u hexadecimal character escape"],
  ['-a', "invalid character 'a' in numeric literal"],
  ['1.', "invalid character ' ' after decimal point in numeric literal"],
  ['1.e5', "invalid character 'e' after decimal point in numeric literal"],
  ['1e', "invalid character ' ' in exponent of numeric literal"],
  ['1e-', "invalid character ' ' in exponent of numeric literal"],
  ['1e+x', "invalid character 'x' in exponent of numeric literal"],
  ['trux', "invalid character 'x' in literal true (expecting 'e')"],
  ['fals', "invalid character ' ' in literal false (expecting 'e')"],
  ['nul1', "invalid character '1' in literal null (expecting 'l')"],
  ['fxlse', "invalid character 'x' in literal false (expecting 'a')"],
  ["'a'", "invalid character '\\'' looking for beginning of value"],
  ['{"a":"b"}"', `invalid character '"' after top-level value`],
  ['\u00e9', "invalid character 'Ã' looking for beginning of value"],
  ['\u0001', "invalid character '\\x01' looking for beginning of value"],
  ['\u007f', "invalid character '\\x7f' looking for beginning of value"],
  ['\u00a0', "invalid character 'Â' looking for beginning of value"],
  ['+1', "invalid character '+' looking for beginning of value"],
  ['['.repeat(10001), "invalid character '[' exceeded max depth"],
];

for (const [input, message] of cases) {
  test(`Go JSON syntax error for ${JSON.stringify(input.slice(0, 20))}`, async () => {
    assert.deepEqual(decodeGoJson(Buffer.from(input)), { error: message });
    const ours = await dispatch(unreachableHostLocal, containerEnv('ADD'), Buffer.from(input));
    const theirs = runReference(LATEST_HOST_LOCAL, containerEnv('ADD'), input);
    assert.equal(ours.stdout, theirs.stdout);
  });
}

test('valid JSON decodes to its value, deep nesting included', () => {
  assert.deepEqual(decodeGoJson('{"a":[1,-2.5e3,true,false,null,"x\\u0041"]} '), { value: { a: [1, -2500, true, false, null, 'xA'] } });
  const deep = '['.repeat(10000) + ']'.repeat(10000);
  assert.ok('value' in decodeGoJson(deep));
  assert.deepEqual(decodeGoJson('{}'), { value: {} });
  assert.deepEqual(decodeGoJson(' [ ] '), { value: [] });
});
