import { execFileSync } from 'child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';

/**
 * Where NuGet does not serve a version that the .NET package or the C# consumer needs, builds
 * a stand-in into the output folder: the same npm package, at the lowest version the range
 * admits, turned into a NuGet package by jsii-pacmak, as its authors' release does. Prints one
 * line for each stand-in, and nothing for what NuGet serves.
 *
 * It walks the jsii packages among the dependencies as NuGet resolves them: from the package's
 * own (the compiled assembly's npm dependencies) and the consumer's Amazon.CDK.Lib, each range to
 * the lowest version the NuGet source lists, then that version's .nuspec. The npm package behind
 * a NuGet id comes from the assembly's dependency closure (each jsii dependency names its NuGet
 * id); other NuGet packages (Amazon.JSII.Runtime, Microsoft.*) are left to the restore.
 *
 *   ts-node consumers/dotnet/stand-ins.ts OUTDIR CDK_VERSION
 */

/** Where the C# consumer restores its packages (consumers/dotnet/NuGet.config). */
const RESTORED = join('consumers', 'dotnet', '.nuget', 'packages');

interface Range {
  readonly min: string;
  readonly minInclusive: boolean;
  readonly max?: string;
  readonly maxInclusive: boolean;
  readonly text: string;
}

const [outdir, cdkVersion] = process.argv.slice(2).map(String);
if (!outdir || !/^\d+\.\d+\.\d+$/.test(cdkVersion ?? '')) {
  throw new Error('usage: stand-ins.ts OUTDIR CDK_VERSION (the Amazon.CDK.Lib version of the C# consumer, such as 2.267.0)');
}

void main(resolve(outdir), cdkVersion).catch(error => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

async function main(out: string, cdk: string): Promise<void> {
  // The compiled assembly (jsii writes it uncompressed): its npm dependencies and their closure.
  const assembly = JSON.parse(readFileSync('.jsii', 'utf-8')) as {
    dependencies?: { [name: string]: string };
    dependencyClosure?: { [name: string]: { targets?: { dotnet?: { packageId?: string } } } };
  };
  // NuGet id -> npm package, for every jsii package the assembly depends on, directly or not.
  const npmNameOf = new Map<string, string>();
  for (const [name, dependency] of Object.entries(assembly.dependencyClosure ?? {})) {
    const packageId = dependency.targets?.dotnet?.packageId;
    if (packageId) {
      npmNameOf.set(packageId, name);
    }
  }
  const nugetIdOf = (npmName: string) => [...npmNameOf].find(([, name]) => name === npmName)?.[0];

  const queue: Array<[string, Range]> = Object.entries(assembly.dependencies ?? {}).map(([name, npmRange]) => {
    const id = nugetIdOf(name);
    const caret = /^\^(\d+)\.(\d+\.\d+)$/.exec(npmRange);
    if (!id || !caret) {
      throw new Error(`the assembly's dependency ${name}@${npmRange} has no NuGet id or is not a ^ range`);
    }
    return [id, parseRange(`[${caret[1]}.${caret[2]}, ${Number(caret[1]) + 1}.0.0)`)];
  });
  queue.push(['Amazon.CDK.Lib', parseRange(`[${cdk}]`)]);

  const flatContainer = await packageBaseAddress();
  const seen = new Set<string>();
  while (queue.length > 0) {
    const [id, range] = queue.shift()!;
    const key = `${id.toLowerCase()} ${range.text}`;
    // Only jsii packages can stand in: NuGet's own (Amazon.JSII.Runtime, Microsoft.*) are left to the restore.
    if (seen.has(key) || !npmNameOf.has(id)) {
      continue;
    }
    seen.add(key);

    const listing = await fetch(`${flatContainer}${id.toLowerCase()}/index.json`);
    const served: string[] = listing.ok ? ((await listing.json()) as { versions: string[] }).versions : [];
    const version = served.filter(v => !v.includes('-') && satisfies(v, range)).sort(compareVersions)[0];
    if (version) {
      queue.push(...dependenciesOf(await servedNuspec(flatContainer, id, version)));
      continue;
    }

    const npmName = npmNameOf.get(id)!;
    if (!range.minInclusive) {
      throw new Error(`NuGet serves no ${id} in ${range.text} (it serves ${served.join(', ') || 'none'}), and the range has no lowest version to build`);
    }
    const nupkg = join(out, `${id}.${range.min}.nupkg`);
    if (!existsSync(nupkg)) {
      buildStandIn(npmName, range.min, out);
    }
    console.log(`stand-in: ${id} ${range.min}, built from npm ${npmName}@${range.min}, in ${outdir}: ` +
      `NuGet serves no ${id} in ${range.text} (it serves ${served.join(', ') || 'none'})`);
    queue.push(...dependenciesOf(nuspecIn(nupkg)));
  }
}

/** The NuGet source's package content base address: its first enabled HTTP source's service index says where. */
async function packageBaseAddress(): Promise<string> {
  const sources = execFileSync('dotnet', ['nuget', 'list', 'source', '--format', 'Short'], { encoding: 'utf-8' });
  const source = sources.split('\n').map(line => line.trim().split(/\s+/)).find(([state, url]) => state === 'E' && /^https?:/.test(url ?? ''))?.[1];
  if (!source) {
    throw new Error('no enabled NuGet source over HTTP in `dotnet nuget list source`');
  }
  const index = (await (await fetch(source)).json()) as { resources: Array<{ '@id': string; '@type': string }> };
  const base = index.resources.find(r => r['@type'].startsWith('PackageBaseAddress'))?.['@id'];
  if (!base) {
    throw new Error(`the NuGet source ${source} names no PackageBaseAddress`);
  }
  return base.endsWith('/') ? base : `${base}/`;
}

/**
 * The .nuspec of a version NuGet serves: from the consumer's restored packages if there, else
 * from the package itself (the source serves no .nuspec of its own).
 */
async function servedNuspec(flatContainer: string, id: string, version: string): Promise<string> {
  const lower = id.toLowerCase();
  const restored = join(RESTORED, lower, version, `${lower}.nuspec`);
  if (existsSync(restored)) {
    return readFileSync(restored, 'utf-8');
  }
  const response = await fetch(`${flatContainer}${lower}/${version}/${lower}.${version}.nupkg`);
  if (!response.ok) {
    throw new Error(`NuGet lists ${id} ${version} but serves no package: HTTP ${response.status}`);
  }
  const work = mkdtempSync(join(tmpdir(), 'nuspec-'));
  try {
    const nupkg = join(work, `${lower}.${version}.nupkg`);
    writeFileSync(nupkg, Buffer.from(await response.arrayBuffer()));
    return nuspecIn(nupkg);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** The .nuspec at the root of a .nupkg (a zip). */
function nuspecIn(nupkg: string): string {
  return execFileSync('unzip', ['-p', nupkg, '*.nuspec'], { encoding: 'utf-8', maxBuffer: 16 * 1024 * 1024 });
}

/** jsii-pacmak builds the npm package's .NET package, as the package's own release does, and its .nupkg goes to `out`. */
function buildStandIn(npmName: string, version: string, out: string): void {
  const work = mkdtempSync(join(tmpdir(), 'stand-in-'));
  try {
    run('npm', ['pack', '--silent', `${npmName}@${version}`], work);
    const tarball = readdirSync(work).find(file => file.endsWith('.tgz'))!;
    run('tar', ['xzf', tarball], work);
    run(resolve('node_modules', '.bin', 'jsii-pacmak'), ['--target', 'dotnet', '--outdir', join(work, 'dist')], join(work, 'package'));
    mkdirSync(out, { recursive: true });
    for (const file of readdirSync(join(work, 'dist', 'dotnet')).filter(name => name.endsWith('.nupkg'))) {
      copyFileSync(join(work, 'dist', 'dotnet', file), join(out, file));
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Runs a command quietly; on failure its output is in the error. */
function run(command: string, args: string[], cwd: string): void {
  try {
    execFileSync(command, args, { cwd, stdio: 'pipe' });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: Buffer; stderr?: Buffer };
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${stdout ?? ''}${stderr ?? ''}`);
  }
}

/** The dependencies a .nuspec declares, with their version ranges. */
function dependenciesOf(nuspec: string): Array<[string, Range]> {
  return [...nuspec.matchAll(/<dependency\s+id="([^"]+)"\s+version="([^"]+)"/g)].map(([, id, range]) => [id, parseRange(range)]);
}

/** A NuGet version range: `1.0`, `[1.0]`, `[1.0, 2.0)`, `(1.0,)`. */
function parseRange(text: string): Range {
  const interval = /^([[(])\s*([^,\]\s]*)\s*(?:,\s*([^\])\s]*)\s*)?([\])])$/.exec(text);
  if (!interval) {
    return { min: text, minInclusive: true, maxInclusive: false, text: `[${text}, )` };
  }
  const [, open, min, max, close] = interval;
  const exact = max === undefined;
  return { min, minInclusive: open === '[', max: exact ? min : max || undefined, maxInclusive: exact || close === ']', text };
}

function satisfies(version: string, range: Range): boolean {
  const low = compareVersions(version, range.min);
  if (low < 0 || (low === 0 && !range.minInclusive)) {
    return false;
  }
  if (range.max === undefined) {
    return true;
  }
  const high = compareVersions(version, range.max);
  return high < 0 || (high === 0 && range.maxInclusive);
}

function compareVersions(a: string, b: string): number {
  const [x, y] = [a, b].map(v => v.split('.').map(Number));
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const difference = (x[i] ?? 0) - (y[i] ?? 0);
    if (difference !== 0) {
      return difference;
    }
  }
  return 0;
}
