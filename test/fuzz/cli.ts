/**
 * The src/ CLI for in-process runs under vitest: main with validate and lint registered (the
 * commands are imported, so vitest compiles them), and the parser. Test code only.
 */
import { main, registerCommand } from '../../src/cli/main';
import { command as lint } from '../../src/cli/lint';
import { command as validate } from '../../src/cli/validate';
import { parseManifests } from '../../src/validate/engine';
import type { Cli } from './harness';

registerCommand('validate', () => validate);
registerCommand('lint', () => lint);

export const srcCli: Cli = { main, parseManifests };
