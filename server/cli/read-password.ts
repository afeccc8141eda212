import readline from 'node:readline';

/** All of stdin, without the trailing newline: for `--password-stdin` (scripts, CI, a password manager pipe). */
export async function readPasswordFromStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

/** Asks on the terminal without echoing what is typed. */
export function promptPassword(question: string): Promise<string> {
  if (!process.stdin.isTTY) throw new Error('No terminal to ask on; pipe the password in with --password-stdin.');
  return new Promise((resolve) => {
    const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: true });
    const output = rl as unknown as { _writeToOutput: (s: string) => void; output: NodeJS.WriteStream };
    let asked = false;
    // readline echoes each key through _writeToOutput; print the question once, then nothing.
    output._writeToOutput = (s: string) => {
      if (!asked) {
        asked = true;
        process.stdout.write(s);
      }
    };
    rl.question(question, (answer) => {
      rl.close();
      process.stdout.write('\n');
      resolve(answer);
    });
  });
}
