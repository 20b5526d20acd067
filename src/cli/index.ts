// Entry point of the compiled bin: registers the sub-commands and runs one.
import { main, registerCommand } from './main';

// Each sub-command lives in its own module under src/cli/ and is required only when it runs.
registerCommand('synth', () => require('./synth').command);
registerCommand('validate', () => require('./validate').command);
registerCommand('lint', () => require('./lint').command);
registerCommand('diff', () => require('./diff').command);
registerCommand('adopt', () => require('./adopt').command);

export function run(argv: readonly string[]): void {
  const io = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, cwd: process.cwd(), env: process.env };
  main(argv, io).then(
    (code) => { process.exitCode = code; },
    (err: unknown) => {
      process.stderr.write(`helmless: internal error: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
      process.exitCode = 2;
    },
  );
}
export { main, registerCommand };
