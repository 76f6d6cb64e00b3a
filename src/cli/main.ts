/** Entry point of the `pantograph` executable (bundled into dist/cli.cjs): real stdio, Ctrl+C → cancel, exit status. */
import { cancelOnSignals } from './cancel.js';
import { runCli } from './program.js';

const { signal, dispose } = cancelOnSignals(() => process.stderr.write('\ncancelling… (press Ctrl+C again to quit at once)\n'));
runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
  signal,
}).then(
  (code) => {
    dispose();
    process.exitCode = code;
  },
  (error: unknown) => {
    dispose();
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
