import { ChildProcess, spawn } from 'child_process';
import { pythonTool, PythonTool } from './python-tools';

/**
 * moto's AWS API server (`moto_server`, test/moto-requirements.txt), started by
 * a test on a loopback port of its own: any AWS SDK client given
 * `clientConfig` talks to it. moto serves every service it emulates on the one
 * port, telling them apart by the request's signature (its credential scope),
 * and keeps everything in memory until it stops. It checks no IAM permission
 * (its default), and accepts any credentials: their access key names the
 * account (123456789012 for these).
 */
export interface MotoServer {
  /** `http://127.0.0.1:PORT`. */
  readonly endpoint: string;
  /**
   * What an AWS SDK v3 client needs to talk to the server: its endpoint, a region, fake credentials, and
   * path-style addressing (S3 would otherwise put bucket names in the host name).
   */
  readonly clientConfig: {
    readonly endpoint: string;
    readonly region: string;
    readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
    readonly forcePathStyle: true;
  };
  /** Forgets everything seeded or written (moto's `/moto-api/reset`), and seeds its ids again. */
  reset(): Promise<void>;
  /** Stops the server; waits at most a few seconds for it to exit, then kills it. */
  stop(): Promise<void>;
}

/** moto, installed by `npx projen moto:install`, or why this machine has none. */
export function motoTool(): PythonTool {
  return pythonTool('moto', 'moto_server');
}

/** Time for moto to import and listen, on a busy machine. */
const START_TIMEOUT_MS = 90_000;
const STOP_TIMEOUT_MS = 5_000;

// The SDK runs here on this machine's Node.js, whose version it may warn about; the functions run on Lambda's Node.js 24.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/**
 * Starts `moto_server` (the executable `bin`) on a free port of 127.0.0.1 (it binds port 0, and says which
 * port it got), and waits until it answers an HTTP request. Fails, having stopped it, if it does not within
 * 90 seconds. The ids it makes (accounts, units, requests) are seeded: the same on every run.
 */
export async function startMotoServer(bin: string, region = 'us-east-2'): Promise<MotoServer> {
  const child = spawn(bin, ['-H', '127.0.0.1', '-p', '0'], {
    stdio: ['ignore', 'ignore', 'pipe'],
    // No proxy between the SDK and the loopback port, and no account of this machine.
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_PROXY: '127.0.0.1', no_proxy: '127.0.0.1' },
  });
  const stopOnExit = (): void => {
    child.kill('SIGKILL');
  };
  process.once('exit', stopOnExit);
  const stop = async (): Promise<void> => {
    process.removeListener('exit', stopOnExit);
    await stopProcess(child);
  };
  try {
    const endpoint = await listeningAt(child);
    await answering(endpoint, Date.now() + START_TIMEOUT_MS);
    await motoApi(endpoint, 'seed?a=1');
    return {
      endpoint,
      clientConfig: {
        endpoint,
        region,
        credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
        forcePathStyle: true,
      },
      reset: async () => {
        await motoApi(endpoint, 'reset');
        await motoApi(endpoint, 'seed?a=1');
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Calls moto's own API (`/moto-api/...`). */
async function motoApi(endpoint: string, call: string): Promise<void> {
  const response = await fetch(`${endpoint}/moto-api/${call}`, { method: 'POST', signal: AbortSignal.timeout(10_000) });
  if (!response.ok) {
    throw new Error(`moto's ${call} answered HTTP ${response.status}`);
  }
}

/** The endpoint moto says it listens at (on standard error, as Werkzeug logs it). */
function listeningAt(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => fail(new Error(`moto_server did not listen within ${START_TIMEOUT_MS / 1000} s: ${output}`)), START_TIMEOUT_MS);
    const onData = (data: Buffer): void => {
      output += data.toString('utf-8');
      const match = /Running on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) {
        done();
        resolve(match[1]);
      }
    };
    const onExit = (code: number | null, signal: string | null): void => fail(new Error(`moto_server exited (${code ?? signal}): ${output}`));
    const done = (): void => {
      clearTimeout(timer);
      child.stderr!.removeListener('data', onData);
      child.removeListener('exit', onExit);
      // Werkzeug logs every request: keep reading, or the pipe fills and the server blocks.
      child.stderr!.resume();
    };
    const fail = (error: Error): void => {
      done();
      reject(error);
    };
    child.stderr!.on('data', onData);
    child.once('exit', onExit);
    child.once('error', fail);
  });
}

/** Waits until the server answers an HTTP request, until `deadline`. */
async function answering(endpoint: string, deadline: number): Promise<void> {
  for (;;) {
    try {
      await fetch(`${endpoint}/moto-api/data.json`, { signal: AbortSignal.timeout(5_000) });
      return;
    } catch (error) {
      if (Date.now() > deadline) {
        throw new Error(`moto_server at ${endpoint} does not answer: ${error}`);
      }
      await new Promise(resolve => setTimeout(resolve, 200));
    }
  }
}

/** Ends the process: SIGTERM, then SIGKILL if it has not exited within a few seconds. */
function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve();
  }
  return new Promise(resolve => {
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/**
 * The tests `tests` declares, run against one moto server started before them and stopped after them; where this
 * machine has no moto, one skipped test that says why. `moto.server` is the server, once started.
 */
export function withMotoServer(tests: (moto: { readonly server: MotoServer }) => void): void {
  const tool = motoTool();
  if (tool.skipped !== undefined) {
    console.log(tool.skipped);
    test.skip(`moto: ${tool.skipped}`, () => undefined);
    return;
  }
  const bin = tool.bin;
  const moto: { server: MotoServer } = { server: undefined as unknown as MotoServer };
  beforeAll(async () => {
    moto.server = await startMotoServer(bin);
  }, 120_000);
  afterAll(async () => {
    await moto.server?.stop();
  });
  tests(moto);
}
