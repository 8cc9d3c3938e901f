// validate <file|dir>...: every problem on its own line on stderr (file: field: message), exit 1 if
// any; unknown keys are printed as warnings and do not fail. With CNI_PATH set, the plugins are also
// looked up there and asked (VERSION) whether they speak the list's version.
import { CniRuntime } from '../runtime/cni.js';
import { formatProblem, pluginProblems, validatePaths } from '../runtime/validate.js';
import { readEnv } from './env.js';

export async function validateCommand(paths: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  const { files, problems } = validatePaths(paths);
  const env = readEnv(process.env);
  if (env.path.length > 0) {
    const cni = new CniRuntime({ path: env.path, cacheDir: env.cacheDir });
    for (const f of files) problems.push(...(await pluginProblems(f, cni)));
  }
  for (const p of problems.filter((p) => p.warning)) err.write(`${formatProblem(p)}\n`);
  const errors = problems.filter((p) => !p.warning);
  if (errors.length === 0) {
    out.write(`${files.length} file(s) OK${env.path.length > 0 ? ` (plugins found in ${env.path.join(':')})` : ''}\n`);
    return 0;
  }
  for (const p of errors) err.write(`${formatProblem(p)}\n`);
  err.write(`${errors.length} problem(s) in ${new Set(errors.map((p) => p.file)).size} file(s)\n`);
  return 1;
}
