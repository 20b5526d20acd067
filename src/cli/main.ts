/**
 * The `helmless` command: dispatches to one module per sub-command.
 * Exit codes: 0 ok, 1 findings (or changes, for diff), 2 usage or input error.
 */
export interface CliIO {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly stdin: NodeJS.ReadableStream;
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
}

export interface Command {
  /** One line for `helmless --help`. */
  readonly summary: string;
  /** Full text for `helmless <cmd> --help`. */
  readonly help: string;
  run(args: readonly string[], io: CliIO): Promise<number>;
}

/** Sub-commands, loaded lazily so start-up only pays for the one that runs. */
const COMMANDS: Record<string, () => Command> = {};

export function registerCommand(name: string, load: () => Command): void {
  COMMANDS[name] = load;
}

function version(): string {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  return require('../../../package.json').version as string;
}

function usage(): string {
  const lines = ['Usage: helmless <command> [options]', '', 'Commands:'];
  for (const name of Object.keys(COMMANDS).sort()) {
    lines.push(`  ${name.padEnd(10)} ${COMMANDS[name]().summary}`);
  }
  lines.push('', 'Options:', '  --help     show help (also: helmless <command> --help)', '  --version  print the version');
  return lines.join('\n') + '\n';
}

export async function main(argv: readonly string[], io: CliIO): Promise<number> {
  const [cmd, ...rest] = argv;
  if (cmd === undefined) {
    // No command is a usage error: the usage goes to stderr, exit 2.
    io.stderr.write(usage());
    return 2;
  }
  if (cmd === '--help' || cmd === '-h' || cmd === 'help') {
    io.stdout.write(usage());
    return 0;
  }
  if (cmd === '--version' || cmd === '-v') {
    io.stdout.write(version() + '\n');
    return 0;
  }
  const load = COMMANDS[cmd];
  if (!load && cmd.startsWith('-')) {
    io.stderr.write(`helmless: unknown option '${cmd}'. Run 'helmless --help'.\n`);
    return 2;
  }
  if (!load) {
    io.stderr.write(`helmless: unknown command '${cmd}'. Run 'helmless --help' for the list.\n`);
    return 2;
  }
  const command = load();
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(command.help.endsWith('\n') ? command.help : command.help + '\n');
    return 0;
  }
  return command.run(rest, io);
}
