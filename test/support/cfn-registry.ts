import { spawnSync } from 'child_process';
import { existsSync } from 'fs';
import { resolve } from 'path';

const PYTHON = resolve(__dirname, '..', '..', '.venv', 'bin', 'python');

/** The handlers CloudFormation runs on a resource during stack operations (`list` is for resource discovery). */
export type StackHandler = 'create' | 'read' | 'update' | 'delete';

/**
 * The IAM permissions each handler of a resource type needs, as its
 * CloudFormation registry schema (`handlers.<name>.permissions`) states them,
 * read from the us-east-1 schemas cfn-lint ships.
 */
export function handlerPermissions(resourceType: string): { [handler in StackHandler]: string[] } {
  if (!existsSync(PYTHON)) {
    throw new Error('cfn-lint not installed: run "npx projen cfnlint:install"');
  }
  const script = [
    'import json, os, sys, cfnlint',
    'base = os.path.join(os.path.dirname(cfnlint.__file__), "data", "schemas")',
    'providers = json.load(open(os.path.join(base, "providers", "us-east-1.json")))',
    'schema = json.load(open(os.path.join(base, "resources", providers[sys.argv[1]] + ".json")))',
    'print(json.dumps({name: handler.get("permissions", []) for name, handler in schema["handlers"].items()}))',
  ].join('\n');
  const run = spawnSync(PYTHON, ['-c', script, resourceType], { encoding: 'utf8' });
  if (run.status !== 0) {
    throw new Error(`reading the registry schema of ${resourceType} failed: ${run.stderr}`);
  }
  const handlers = JSON.parse(run.stdout);
  // A type without a handler (AWS::SNS::TopicPolicy has no read) needs nothing for it.
  return { create: handlers.create ?? [], read: handlers.read ?? [], update: handlers.update ?? [], delete: handlers.delete ?? [] };
}
