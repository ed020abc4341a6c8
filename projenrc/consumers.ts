import { awscdk } from 'projen';

export function addConsumerTasks(project: awscdk.AwsCdkConstructLibrary): void {
  project.npmignore?.exclude('/.venv/', '/consumers/');
}
