// A node:test reporter that ends the run with the one line CI reads: "N passed, N failed".
// Suites (describe blocks) are not counted, only the tests inside them.
export default async function* summary(source) {
  let passed = 0;
  let failed = 0;
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    if (event.data.details?.type === 'suite') continue;
    if (event.type === 'test:pass') passed++;
    else failed++;
  }
  yield `\n${passed} passed, ${failed} failed\n`;
}
