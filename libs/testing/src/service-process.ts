import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const WORKSPACE_ROOT = resolve(__dirname, '../../..').replace(/[\\/]dist$/, '');

export type ServiceName = 'accounts' | 'ingest' | 'contacts' | 'writeback' | 'provider-emulator';

/** One service, run as production runs it: its built entry point in its own Node process. */
export class ServiceProcess {
  private child?: ChildProcess;

  /** The running process's id (tests that must show nothing restarted compare it). */
  get pid(): number | undefined {
    return this.child?.exitCode === null ? this.child.pid : undefined;
  }
  private exited?: Promise<number | null>;
  readonly url: string;

  constructor(
    readonly name: ServiceName,
    readonly port: number,
    private readonly env: Record<string, string>,
    readonly logFile: string,
  ) {
    this.url = `http://127.0.0.1:${port}`;
  }

  async start(timeoutMs = 60_000): Promise<void> {
    const entry = join(WORKSPACE_ROOT, 'dist/apps', this.name, 'src/main.js');
    mkdirSync(join(this.logFile, '..'), { recursive: true });
    const log = openSync(this.logFile, 'a');
    const child = spawn(process.execPath, ['--enable-source-maps', entry], {
      cwd: WORKSPACE_ROOT,
      env: { ...process.env, ...this.env, PORT: String(this.port), HOST: '127.0.0.1' },
      stdio: ['ignore', log, log],
    });
    closeSync(log);
    this.child = child;
    const exited = new Promise<number | null>((res) => child.once('exit', (code) => res(code)));
    this.exited = exited;
    await this.waitReady(exited, timeoutMs);
  }

  private async waitReady(exited: Promise<number | null>, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let exitCode: number | null | undefined;
    void exited.then((c) => (exitCode = c ?? -1));
    while (Date.now() < deadline) {
      if (exitCode !== undefined) throw new Error(`${this.name} exited (${exitCode}) during start:\n${this.logTail()}`);
      try {
        const res = await fetch(`${this.url}/health/ready`, { signal: AbortSignal.timeout(2000) });
        if (res.ok) return;
      } catch {
        /* not listening yet */
      }
      await new Promise((r) => setTimeout(r, 150));
    }
    throw new Error(`${this.name} not ready after ${timeoutMs} ms:\n${this.logTail()}`);
  }

  /** SIGTERM and wait: the service's graceful shutdown path. */
  async stop(timeoutMs = 20_000): Promise<void> {
    if (!this.child || this.child.exitCode !== null) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child?.kill('SIGKILL'), timeoutMs);
    await this.exited;
    clearTimeout(timer);
  }

  /** Abrupt death (for fault tests). */
  async kill(): Promise<void> {
    if (!this.child || this.child.exitCode !== null) return;
    this.child.kill('SIGKILL');
    await this.exited;
  }

  logTail(lines = 40): string {
    try {
      return readFileSync(this.logFile, 'utf8').split('\n').slice(-lines).join('\n');
    } catch {
      return '(no log)';
    }
  }
}
