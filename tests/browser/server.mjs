// Starts the real hookwarden binary on port 0 with its own temporary data
// directory, as a user would run it, and stops it.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ADMIN_PASSWORD = 'Admin-Pa55word-for-browser-tests';

// Resolves to {url, log(), stop()} once the server logs "listening";
// rejects when it exits first or does not listen within 20 s. `options` are
// more command-line options of `serve`.
export async function startServer(binary, options = []) {
  const root = mkdtempSync(join(tmpdir(), 'hookwarden-browser-'));
  const logPath = join(root, 'server.log');
  const logFd = openSync(logPath, 'a');
  const child = spawn(binary, ['serve', '--listen', '127.0.0.1:0', '--data', join(root, 'data'), ...options], {
    env: { ...process.env, HOOKWARDEN_ADMIN_PASSWORD: ADMIN_PASSWORD },
    stdio: ['ignore', logFd, logFd],
  });
  const log = () => readFileSync(logPath, 'utf8');
  let exited = null;
  child.on('exit', (code, signal) => { exited = signal || code; });
  const deadline = Date.now() + 20000;
  let address = null;
  while (!address) {
    if (exited !== null) throw new Error(`hookwarden exited (${exited}) before listening:\n${log()}`);
    if (Date.now() > deadline) throw new Error(`hookwarden did not listen within 20 s:\n${log()}`);
    for (const line of log().split('\n')) {
      if (!line.includes('listening')) continue;
      try {
        const entry = JSON.parse(line);
        if (entry.msg === 'listening') address = entry.address;
      } catch { /* a partial line */ }
    }
    if (!address) await new Promise((resolve) => { setTimeout(resolve, 50); });
  }
  return {
    url: `http://${address}`,
    log,
    async stop() {
      if (exited === null) {
        const done = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10000);
        await done;
        clearTimeout(timer);
      }
      rmSync(root, { recursive: true, force: true });
    },
  };
}
