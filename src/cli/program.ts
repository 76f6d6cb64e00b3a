/**
 * The `pantograph` command tree (commander) and {@link runCli}, which runs one command line
 * in-process against injected I/O and returns its exit status — `main.ts` wires it to the real
 * process; tests call it directly.
 */
import { Command, CommanderError, Option } from 'commander';
import { demoCommand } from './commands/demo.js';
import { doctorCommand } from './commands/doctor.js';
import { modelsCommand } from './commands/models.js';
import { ensureCommand } from './commands/ensure.js';
import { envsGcCommand, envsListCommand, envsRmCommand } from './commands/envs.js';
import { envsExportCommand } from './commands/envsExport.js';
import { envsPythonCommand, envsShellCommand } from './commands/envsUse.js';
import { envsCheckCommand } from './commands/envsStore.js';
import { keyCommand } from './commands/key.js';
import { runCommand } from './commands/run.js';
import { createCliContext } from './context.js';
import type { CliContext, CliIo, GlobalOptions } from './context.js';
import { EXIT_CANCELLED, EXIT_OK, EXIT_USAGE } from './exitCodes.js';
import type { ExitCode } from './exitCodes.js';
import { collect } from './inputFiles.js';
import { reportError } from './output.js';
import { packageVersion } from './version.js';
import { asCliError } from './workflowRunner.js';

/** Builds the command tree. Each action stores its exit status through `done`. */
function buildProgram(io: CliIo, done: (ctx: CliContext, code: ExitCode) => void, onContext: (ctx: CliContext) => void): Command {
  const program = new Command('pantograph');
  const context = (command: Command): CliContext => {
    const ctx = createCliContext(command.optsWithGlobals<GlobalOptions>(), io);
    onContext(ctx);
    return ctx;
  };
  program
    .description('Run .pantograph AI workflows and manage their persistent, hash-keyed Python environments.')
    .version(packageVersion(), '-V, --version')
    .option('--data-dir <dir>', 'environment store folder (env PANTOGRAPH_DATA_DIR; default: the platform data folder)')
    .option(
      '--default-index <url|none>',
      'package index for requirements that name none; none = offline (env PANTOGRAPH_DEFAULT_INDEX_URL; default https://pypi.org/simple)',
    )
    .option(
      '--model-library <dir>',
      'model library for Puma-Lib nodes (env PANTOGRAPH_MODEL_LIBRARY; default: the bundled examples/model-library)',
    )
    .option(
      '--hf-cache',
      'also list the models of your Hugging Face hub cache (HF_HUB_CACHE, HF_HOME/hub or ~/.cache/huggingface/hub; env PANTOGRAPH_HF_CACHE=1)',
    )
    .option('--hf-cache-dir <dir>', 'also list the models of this Hugging Face hub cache')
    .option('--python <exe>', 'preferred base interpreter (default: the newest one satisfying python_requires)')
    .addOption(
      new Option(
        '--installer <store|pip>',
        'how python-venv environments are filled: store = link from the shared package store, pip = one pip install (env PANTOGRAPH_INSTALLER; default store; part of the key)',
      ).choices(['store', 'pip']),
    )
    .option('--json', 'print one JSON document on stdout, nothing else')
    .option('--quiet', 'no progress and no informational lines')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: (s) => void io.stdout.write(s), writeErr: (s) => void io.stderr.write(s) })
    .exitOverride();

  program
    .command('run')
    .description('parse, validate and run a workflow; inference outputs go to <workflow dir>/<name>.outputs/')
    .argument('<workflow>', 'a .pantograph file')
    .option('--node <id>', 'run only this node and its upstream (repeatable)', collect, [])
    .option(
      '--override <node=patch.json>',
      'machine-local override patch(es) for a dependency-environment node (repeatable)',
      collect,
      [],
    )
    .option('--output-dir <dir>', 'run output folder')
    .option('--mode <auto|manual>', 'force the mode of every dependency-environment node')
    .action(
      async (
        workflow: string,
        options: { node: string[]; override: string[]; outputDir?: string; mode?: 'auto' | 'manual' },
        command: Command,
      ) => {
        const ctx = context(command);
        done(ctx, await runCommand(ctx, workflow, options));
      },
    );

  program
    .command('ensure')
    .description("make environments ready: a workflow's dependency-environment nodes, or a raw requirements payload")
    .argument('[workflow]', 'a .pantograph file (runs only its dependency-environment nodes and their upstream)')
    .option('--node <id>', 'only this dependency-environment node (repeatable)', collect, [])
    .option('--requirements <payload.json>', 'a DependencyRequirementsV1 payload instead of a workflow')
    .option(
      '--override <patch.json | node=patch.json>',
      'override patch file(s); with a workflow, prefix the node id (repeatable)',
      collect,
      [],
    )
    .option('--mode <auto|manual>', 'manual never installs (exit 3 when not installed)')
    .option('--binding <id>', 'select this binding of the payload (repeatable)', collect, [])
    .option('--lock <pylock.toml>', 'with --requirements: install exactly this PEP 751 lock (no resolution; hashes checked)')
    .action(
      async (
        workflow: string | undefined,
        options: { node: string[]; requirements?: string; override: string[]; mode?: string; binding: string[]; lock?: string },
        command: Command,
      ) => {
        const ctx = context(command);
        done(ctx, await ensureCommand(ctx, workflow, options));
      },
    );

  program
    .command('key')
    .description('print the environment key of a payload without touching the store (for CI cache keys)')
    .requiredOption('--requirements <payload.json>', 'a DependencyRequirementsV1 payload')
    .option('--override <patch.json>', 'override patch file(s) (repeatable)', collect, [])
    .option('--binding <id>', 'select this binding (repeatable)', collect, [])
    .action(async (options: { requirements: string; override: string[]; binding: string[] }, command: Command) => {
      const ctx = context(command);
      done(ctx, await keyCommand(ctx, options));
    });

  const envs = program.command('envs').description('list, use, export, collect and remove stored environments');
  envs
    .command('list')
    .description('list stored environments')
    .option('--size', 'measure each environment (slow)')
    .action(async (options: { size?: boolean }, command: Command) => {
      const ctx = context(command);
      done(ctx, await envsListCommand(ctx, options));
    });
  envs
    .command('gc')
    .description(
      'remove environments unused for N days and/or beyond a size budget (least recently used first); never locked or installing ones',
    )
    .option('--dry-run', 'only print the plan')
    .option('--max-age-days <n>', 'remove environments not used for more than n days')
    .option('--max-size-gb <n>', 'keep the store under n GB')
    .action(async (options: { dryRun?: boolean; maxAgeDays?: string; maxSizeGb?: string }, command: Command) => {
      const ctx = context(command);
      done(ctx, await envsGcCommand(ctx, options));
    });
  envs
    .command('check')
    .description(
      'deep check: re-hash every file of an environment against its RECORDs and name changed files (a changed environment is rebuilt by the next ensure)',
    )
    .argument('<key>', 'the 20-hex environment key')
    .option('--deep', 're-hash every installed file (required)')
    .action(async (key: string, options: { deep?: boolean }, command: Command) => {
      const ctx = context(command);
      done(ctx, await envsCheckCommand(ctx, key, options));
    });
  envs
    .command('rm')
    .description('remove one environment')
    .argument('<key>', 'the 20-hex environment key')
    .option('--force', 'remove even while locked')
    .action(async (key: string, options: { force?: boolean }, command: Command) => {
      const ctx = context(command);
      done(ctx, await envsRmCommand(ctx, key, options));
    });

  envs
    .command('python')
    .description('print the interpreter of a ready environment')
    .argument('<key>', 'the 20-hex environment key')
    .action(async (key: string, _options: unknown, command: Command) => {
      const ctx = context(command);
      done(ctx, await envsPythonCommand(ctx, key));
    });
  envs
    .command('shell')
    .description(
      'start your shell ($SHELL, %COMSPEC% on Windows) with the environment activated (bin first on PATH, VIRTUAL_ENV set)',
    )
    .argument('<key>', 'the 20-hex environment key')
    .action(async (key: string, _options: unknown, command: Command) => {
      const ctx = context(command);
      done(ctx, await envsShellCommand(ctx, key));
    });

  envs
    .command('export')
    .description('write a ready environment as a PEP 751 pylock.toml or a hash-checking requirements.txt')
    .argument('<key>', 'the 20-hex environment key')
    .option('--format <pylock|requirements>', 'pylock (default) or requirements')
    .option('-o, --output <file>', 'write to this file (atomically) instead of stdout')
    .action(async (key: string, options: { format?: string; output?: string }, command: Command) => {
      const ctx = context(command);
      done(ctx, await envsExportCommand(ctx, key, options));
    });

  program
    .command('models')
    .description(
      'list the models Puma-Lib nodes can pick: the model library (and with --hf-cache the Hugging Face hub cache), with task and torch build',
    )
    .action(async (_options: unknown, command: Command) => {
      const ctx = context(command);
      done(ctx, await modelsCommand(ctx));
    });

  program
    .command('doctor')
    .description('show interpreters, data dir, store state, default index and model library')
    .action(async (_options: unknown, command: Command) => {
      const ctx = context(command);
      done(ctx, await doctorCommand(ctx));
    });

  program
    .command('demo')
    .description('the end-to-end demo, offline: build the demo wheel, ensure its environment, render a WAV')
    .option('--output-dir <dir>', 'where the WAV goes (default <data dir>/demo/outputs)')
    .option('--duration <seconds>', 'length of the WAV (default: the workflow value, 3 s)')
    .option('--prompt <text>', 'the prompt (default: the workflow value)')
    .action(async (options: { outputDir?: string; duration?: string; prompt?: string }, command: Command) => {
      const ctx = context(command);
      done(ctx, await demoCommand(ctx, options));
    });
  return program;
}

/**
 * Runs one command line (`argv` without `node` and the script) and returns its exit status.
 * Never throws: usage errors exit 2, failures print one line plus a hint on stderr.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  let code = EXIT_OK as ExitCode;
  let json = argv.includes('--json');
  const program = buildProgram(
    io,
    (_ctx, exitCode) => void (code = exitCode),
    (ctx) => void (json = ctx.json),
  );
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version' ||
        error.code === 'commander.help' ||
        error.exitCode === 0
        ? EXIT_OK
        : EXIT_USAGE;
    }
    if (io.signal.aborted) {
      io.stderr.write('cancelled\n');
      return EXIT_CANCELLED;
    }
    return reportError(asCliError(error), io, json);
  }
  if (code === EXIT_CANCELLED) io.stderr.write('cancelled\n');
  return code;
}
