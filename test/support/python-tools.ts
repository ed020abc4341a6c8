import { existsSync, readFileSync } from 'fs';
import { join, resolve } from 'path';

/** Where the tests' Python tools are installed, one virtual environment each (`npx projen checkov:install`, `moto:install`). */
const VENVS = resolve(__dirname, '..', '..', '.venvs');

/** A Python tool the tests run: its executable, or why this machine has none. */
export type PythonTool = { readonly bin: string; readonly skipped?: undefined } | { readonly bin?: undefined; readonly skipped: string };

/**
 * The executable `command` of the virtual environment `venv`; where its install task found neither PyPI
 * nor the offline wheels, the reason it gave (one line). Neither: the task has not run, and that is an error.
 */
export function pythonTool(venv: string, command: string): PythonTool {
  const bin = join(VENVS, venv, 'bin', command);
  if (existsSync(bin)) {
    return { bin };
  }
  const skipped = join(VENVS, `${venv}.skipped`);
  if (existsSync(skipped)) {
    return { skipped: readFileSync(skipped, 'utf8').trim() };
  }
  throw new Error(`${command} is not installed: run "npx projen ${venv}:install"`);
}
