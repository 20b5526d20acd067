// Entry point of the compiled bin: registers the sub-commands and runs one.
import { main, registerCommand } from './main';

// Each sub-command lives in its own module under src/cli/ and is required only when it runs.
registerCommand('synth', () => require('./synth').command);
registerCommand('validate', () => require('./validate').command);
registerCommand('lint', () => require('./lint').command);
registerCommand('diff', () => require('./diff').command);
registerCommand('adopt', () => require('./adopt').command);
registerCommand('init', () => require('./init').command);
registerCommand('graph', () => require('./graph').command);

export function run(argv: readonly string[]): void {
  // The standard streams are made on first use: making one on a pipe loads Node's net and stream
  // modules (~5 ms), and a validate that finds nothing never writes to stderr.
  const used = new Set<'stdout' | 'stderr'>();
  const io = {
    get stdout(): NodeJS.WritableStream {
      used.add('stdout');
      return process.stdout;
    },
    get stderr(): NodeJS.WritableStream {
      used.add('stderr');
      return process.stderr;
    },
    get stdin(): NodeJS.ReadableStream {
      return process.stdin;
    },
    cwd: process.cwd(),
    env: process.env,
  };
  main(argv, io).then(
    (code) => exitWhenFlushed(code, used),
    (err: unknown) => {
      process.stderr.write(`helmless: internal error: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
      exitWhenFlushed(2, used.add('stderr'));
    },
  );
}

/**
 * Exits as soon as everything written to the streams used has reached the OS. The command has
 * finished all its work by then; waiting for the event loop to drain would only wait for V8 to
 * finish garbage-collection work it scheduled on a large heap (up to ~20 ms after a big validate).
 * An empty write's callback runs after the writes queued before it, so nothing is cut off even
 * when output goes to a slow pipe.
 */
function exitWhenFlushed(code: number, used: ReadonlySet<'stdout' | 'stderr'>): void {
  process.exitCode = code;
  let pending = used.size + 1;
  const done = (): void => {
    if (--pending === 0) process.exit(code);
  };
  for (const name of used) {
    try {
      process[name].write('', done);
    } catch {
      done(); // a closed stream: nothing left to flush there
    }
  }
  done();
}
export { main, registerCommand };
