/**
 * nginx for the cluster tests, with the repo's own configuration (deploy/nginx/tablecloth.conf)
 * included verbatim: a tiny wrapper in a temporary prefix holds what a Debian machine's
 * /etc/nginx/nginx.conf would (pid file, error log, temp folders, the `http` block) and
 * `include`s the repo file, so the tests prove exactly what an operator runs. Debian's `nginx`
 * package, as .ci/run installs it; under CI=true a missing nginx fails the tests rather than
 * skipping them.
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process'
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)

export const NGINX = '/usr/sbin/nginx'
/** The file operators install, and the one the tests use. */
export const NGINX_CONF = join(import.meta.dirname, '..', '..', 'deploy', 'nginx', 'tablecloth.conf')
/** Where the repo's configuration writes its access log (its `access_log` line). */
export const NGINX_ACCESS_LOG = '/var/log/nginx/tablecloth.access.log'

export function nginxMissing(): string | undefined {
  if (existsSync(NGINX)) return undefined
  return `nginx is not installed (no ${NGINX}): apt-get install nginx, as .ci/run does`
}

export interface RunningNginx {
  /** nginx's master process. */
  pid: number
  prefix: string
  /** nginx's error log (the wrapper's), for a failing test's message. */
  errors(): string
  stop(): Promise<void>
}

function wrapper(prefix: string): string {
  return `# Written by tests/support/nginx.ts: what /etc/nginx/nginx.conf holds on a Debian machine,
# in a temporary prefix, around the repo's configuration.
daemon off;
worker_processes 1;
pid ${prefix}/nginx.pid;
error_log ${prefix}/error.log warn;
events { worker_connections 1024; }
http {
    client_body_temp_path ${prefix}/body;
    proxy_temp_path ${prefix}/proxy;
    fastcgi_temp_path ${prefix}/fastcgi;
    uwsgi_temp_path ${prefix}/uwsgi;
    scgi_temp_path ${prefix}/scgi;
    include ${NGINX_CONF};
}
`
}

/**
 * Starts nginx in the foreground (`daemon off`, so it is this process's child) and waits until
 * `url` answers anything at all — 502 included: the processes behind it may not be up yet.
 */
export async function startNginx(url: string): Promise<RunningNginx> {
  const missing = nginxMissing()
  if (missing) throw new Error(missing)
  const prefix = mkdtempSync(join(tmpdir(), 'tablecloth-nginx-'))
  // As root, nginx's workers run as an unprivileged user: they must reach the temp folders.
  chmodSync(prefix, 0o755)
  const conf = join(prefix, 'nginx.conf')
  writeFileSync(conf, wrapper(prefix))
  const errors = () => (existsSync(join(prefix, 'error.log')) ? readFileSync(join(prefix, 'error.log'), 'utf8') : '')
  try {
    await run(NGINX, ['-t', '-q', '-p', prefix, '-c', conf])
  } catch (err) {
    rmSync(prefix, { recursive: true, force: true })
    throw new Error(`nginx refuses ${NGINX_CONF}: ${(err as { stderr?: string }).stderr ?? (err as Error).message}`)
  }

  let output = ''
  const child: ChildProcess = spawn(NGINX, ['-p', prefix, '-c', conf], { stdio: ['ignore', 'pipe', 'pipe'] })
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()))
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()))
  const deadline = Date.now() + 10_000
  let up = false
  while (Date.now() < deadline && child.exitCode === null) {
    up = await fetch(url, { signal: AbortSignal.timeout(1000) }).then(
      () => true,
      () => false,
    )
    if (up) break
    await new Promise((r) => setTimeout(r, 50))
  }
  if (!up || child.exitCode !== null) {
    // SIGTERM, not SIGKILL: the master takes its workers (and their listening socket) with it.
    child.kill('SIGTERM')
    const message = `nginx did not start (${url}):\n${output}${errors()}`
    rmSync(prefix, { recursive: true, force: true })
    throw new Error(message)
  }

  return {
    pid: child.pid!,
    prefix,
    errors,
    async stop() {
      try {
        if (child.exitCode === null && child.signalCode === null) {
          const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
          // SIGQUIT is `nginx -s quit`: finish the requests in hand, then leave; the open
          // WebSockets would hold it, so SIGTERM (fast shutdown) follows shortly.
          child.kill('SIGQUIT')
          const fast = setTimeout(() => child.kill('SIGTERM'), 2000)
          const killed = setTimeout(() => child.kill('SIGKILL'), 10_000)
          await exited
          clearTimeout(fast)
          clearTimeout(killed)
        }
      } finally {
        rmSync(prefix, { recursive: true, force: true })
      }
    },
  }
}
