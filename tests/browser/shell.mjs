// Runs a command line with /bin/sh, as a user pasting it into a terminal.
import { execFile } from 'node:child_process';

// Resolves to the command's standard output; rejects when it exits non-zero.
export function runInShell(command) {
  return new Promise((resolve, reject) => {
    execFile('/bin/sh', ['-c', command], { timeout: 30000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${command}\nfailed: ${error.message}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

// The command's output parsed as JSON.
export async function runJson(command) {
  const out = await runInShell(command);
  try {
    return JSON.parse(out);
  } catch {
    throw new Error(`${command}\ndid not answer JSON: ${out}`);
  }
}
