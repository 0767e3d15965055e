// Starts the real outturn server for a test: a fresh SQLite database in a
// temporary folder, the demo councils loaded (`serve --demo`), a free port on
// the loopback address. Builds nothing: the binary comes from OUTTURN_BIN, by
// default target/debug/outturn at the top of the repository (scripts/test
// builds it first).

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** tests/browser, whatever the working folder. */
export const TESTS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The server binary: OUTTURN_BIN, or ../../target/debug/outturn from tests/browser. */
export function serverBinary() {
  const given = process.env.OUTTURN_BIN;
  return given ? path.resolve(given) : path.resolve(TESTS_DIR, '../../target/debug/outturn');
}

/** A TCP port nobody listens on now, on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/**
 * The demo accounts from the lines `serve --demo` prints once, such as
 * `  owner            Data owner           stevenage      password: XXXX`.
 * Returns { username: password }.
 */
export function parseDemoAccounts(text) {
  const accounts = {};
  for (const line of text.split('\n')) {
    const m = /^\s+(\S+)\s+.*\bpassword:\s*(\S+)\s*$/.exec(line);
    if (m) accounts[m[1]] = m[2];
  }
  return accounts;
}

const running = new Set();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/**
 * Starts `outturn --database-url sqlite://TMP/t.db serve --demo --addr 127.0.0.1:PORT`
 * and waits until it says it is serving. Returns
 * { baseURL, accounts, output(), stop() }; call stop() when done.
 */
export async function startServer({ timeoutMs = 120_000 } = {}) {
  const bin = serverBinary();
  if (!existsSync(bin)) {
    throw new Error(`the outturn binary is not at ${bin}: build it with \`cargo build -p outturn\` or set OUTTURN_BIN`);
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'outturn-browser-'));
  const port = await freePort();
  const args = ['--database-url', `sqlite://${path.join(dir, 't.db')}`, 'serve', '--demo', '--addr', `127.0.0.1:${port}`];
  const child = spawn(bin, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  running.add(child);
  let stdout = '';
  let stderr = '';
  const keep = (text, more) => (text + more).slice(-200_000);

  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`outturn did not say "serving on" within ${timeoutMs} ms`)), timeoutMs);
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (chunk) => {
      stdout = keep(stdout, chunk);
      if (stdout.includes('serving on')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.stderr.on('data', (chunk) => {
      stderr = keep(stderr, chunk);
    });
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`outturn exited (code ${code}, signal ${signal}) before serving`));
    });
  });

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(killer);
    }
    running.delete(child);
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    await ready;
  } catch (e) {
    await stop();
    throw new Error(`${e.message}\n$ ${bin} ${args.join(' ')}\nstdout:\n${stdout}\nstderr:\n${stderr}`);
  }
  const accounts = parseDemoAccounts(stdout);
  for (const name of ['admin', 'officer', 'owner', 'viewer']) {
    if (!accounts[name]) {
      await stop();
      throw new Error(`outturn serve --demo printed no password for the demo account "${name}":\n${stdout}`);
    }
  }
  return {
    baseURL: `http://127.0.0.1:${port}`,
    accounts,
    output: () => ({ stdout, stderr }),
    stop,
  };
}
