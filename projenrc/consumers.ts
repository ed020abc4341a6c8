import { awscdk, Task, TaskShell } from 'projen';

/** Where `consumers:reference` writes the TypeScript templates the consumer tests compare against. */
const REFERENCE = 'consumers/reference-template.json';

/**
 * Tasks that prove the jsii packages work: Python, Java and Go programs build
 * the README example (examples/app.ts) from the packages in dist/ and must
 * synthesize exactly the templates TypeScript does.
 */
export function addConsumerTasks(project: awscdk.AwsCdkConstructLibrary): void {
  // The npm tarball is embedded in every language package: keep the cfn-lint
  // virtualenv (160 MB) and the consumers' builds out of it.
  project.npmignore?.exclude('/.venv/', '/consumers/');
  project.gitignore.exclude(`/${REFERENCE}`);
  project.eslint?.addLintPattern('consumers');

  // Each consumer task writes the reference: ts-node only transpiles, and the
  // script's types are checked with the tests' (test:typecheck).
  project.tsconfigDev.addInclude('../consumers/*.ts');
  // These tasks compare templates. aws-cdk-lib's synth-time template validation (a rule
  // engine that takes seconds in every synthesizing process) is off here: it does not change
  // a template, and test/gates.test.ts runs it on the example apps' stacks and others.
  const noValidation = { CDK_VALIDATION: 'false' };
  const reference = project.addTask('consumers:reference', {
    description: 'Write the templates examples/app.ts synthesizes in TypeScript',
    env: noValidation,
    exec: `ts-node --transpile-only --project test/tsconfig.json consumers/reference-template.ts ${REFERENCE}`,
  });

  const env = {
    ...noValidation,
    // Each consumer pins aws-cdk-lib to the version the reference was synthesized with.
    CDK_VERSION: '$(node -p "require(\'aws-cdk-lib/package.json\').version")',
    LIB_VERSION: '$(node -p "require(\'./package.json\').version")',
    BREAK_GLASS_REFERENCE_TEMPLATE: `$(realpath ${REFERENCE})`,
  };
  /** The packages each consumer builds from, by what marks each in dist/. */
  const ARTIFACTS: { [language: string]: string } = { python: '*.whl', java: '*.jar', go: 'go.mod' };
  /** A shell test true when no package of `language` is newer than the last compile. */
  const stale = (language: string) => `[ -z "$(find dist/${language} -name '${ARTIFACTS[language]}' -newer .jsii 2>/dev/null)" ]`;

  const consumerTask = (language: string, description: string): Task => {
    const task = project.addTask(`test:${language}`, { description, env, shell: TaskShell.bash() });
    // jsii-pacmak packages the compiled assembly, which a fresh clone lacks.
    task.spawn(project.compileTask, { condition: '[ ! -f .jsii ]' });
    // Repackage only when no package is newer than the last compile, so a CI run packages once.
    task.spawn(project.tasks.tryFind(`package:${language}`)!, { condition: stale(language) });
    task.spawn(reference);
    return task;
  };

  const python = consumerTask('python', 'Build examples/app.ts in Python from the wheel in dist/python');
  python.exec('python3 -m venv .venv', { cwd: 'consumers/python' });
  // A rebuilt wheel keeps its version, so pip would keep the installed one.
  python.exec('.venv/bin/pip uninstall -q -y aws-break-glass-role', { cwd: 'consumers/python' });
  python.exec(
    '.venv/bin/pip install -q --disable-pip-version-check -r requirements.txt "aws-cdk-lib==$CDK_VERSION" ../../dist/python/*.whl',
    { cwd: 'consumers/python' },
  );
  python.exec('.venv/bin/python -m pytest -p no:cacheprovider', { cwd: 'consumers/python' });

  const java = consumerTask('java', 'Build examples/app.ts in Java from the jar in dist/java');
  // Installed, not read from dist/java as a repository: Maven never re-fetches a
  // cached release, so a rebuilt 0.0.0 jar would go unseen.
  const jar = 'dist/java/io/github/awsbreakglassrole/aws-break-glass-role/$LIB_VERSION/aws-break-glass-role-$LIB_VERSION';
  java.exec(`mvn -q -B -f consumers/java/pom.xml install:install-file -Dfile="$PWD/${jar}.jar" -DpomFile="$PWD/${jar}.pom"`);
  java.exec('mvn -B -ntp -f consumers/java/pom.xml test -Dcdk.version="$CDK_VERSION" -Dbreak-glass-role.version="$LIB_VERSION"');

  const go = consumerTask('go', 'Build examples/app.ts in Go from the module in dist/go');
  // go.mod cannot take the version from the command line: check it instead.
  go.exec(
    'test "$(go list -m -f "{{.Version}}" github.com/aws/aws-cdk-go/awscdk/v2)" = "v$CDK_VERSION" || ' +
    '{ echo "consumers/go/go.mod must require awscdk v$CDK_VERSION: go get github.com/aws/aws-cdk-go/awscdk/v2@v$CDK_VERSION && go mod tidy"; exit 1; }',
    { cwd: 'consumers/go' },
  );
  go.exec('go test -count=1 ./...', { cwd: 'consumers/go' });

  const all = project.addTask('test:consumers', {
    description: 'Build examples/app.ts from the Python, Java and Go packages and compare with TypeScript',
  });
  // CI's build packages only js: package the three languages in one jsii-pacmak run, in
  // parallel, rather than one run each (each run loads the assemblies and packs npm again).
  const packages = project.addTask('package:consumers', {
    description: 'Package Python, Java and Go with one jsii-pacmak run',
    exec: 'jsii-pacmak -v --target python --target java --target go',
  });
  all.spawn(project.compileTask, { condition: '[ ! -f .jsii ]' });
  all.spawn(packages, { condition: Object.keys(ARTIFACTS).map(stale).join(' || ') });
  [python, java, go].forEach(task => all.spawn(task));
}
