/** `pantograph key --requirements <payload.json>`: the environment key, without touching the store (CI cache keys). */
import type { CliContext } from '../context.js';
import { CliError, EXIT_NEEDS_INPUT, EXIT_OK, EXIT_USAGE, exitCodeForErrors } from '../exitCodes.js';
import type { ExitCode } from '../exitCodes.js';
import { readJsonFile, readOverridePatches } from '../inputFiles.js';
import { answer, formatStructuredError, printJson } from '../output.js';

/** Options of `key`. */
export interface KeyOptions {
  readonly requirements?: string;
  readonly override?: readonly string[];
  readonly binding?: readonly string[];
}

/**
 * Prints the 20-hex environment key an ensure would use (`--json`: key, full fingerprint and the
 * interpreter it was computed for). Reads no manifest and writes nothing to the store (only the
 * interpreter facts cache under `<dataDir>/cache`). Exit 3 when a field is missing.
 */
export async function keyCommand(ctx: CliContext, options: KeyOptions): Promise<ExitCode> {
  if (options.requirements === undefined) throw new CliError(EXIT_USAGE, 'key needs --requirements <payload.json>');
  const requirements = await readJsonFile(options.requirements, 'requirements payload', ctx.io);
  const overrides = await readOverridePatches(options.override ?? [], ctx.io);
  const binding = options.binding ?? [];
  const computed = await ctx
    .services()
    .service.computeKey({ requirements, selectedBindingIds: binding.length > 0 ? binding : null, overrides });
  if (!computed.ok) {
    const needsInput = computed.missingFields.length > 0;
    throw new CliError(
      needsInput ? EXIT_NEEDS_INPUT : exitCodeForErrors(computed.errors),
      needsInput
        ? 'the environment key cannot be computed: fields are missing'
        : `the environment key cannot be computed: ${computed.errors.map(formatStructuredError).join('; ')}`,
      {
        errors: computed.errors,
        details: computed.missingFields.map(
          (f) =>
            `missing ${f.field} for binding ${f.binding_id}${f.requirement_name ? `, requirement ${f.requirement_name}` : ''}: ${f.reason}`,
        ),
        ...(needsInput
          ? { hint: 'Pass an --override patch that provides the missing fields, or --default-index <url>.' }
          : computed.errors[0]?.hint
            ? { hint: computed.errors[0].hint }
            : {}),
      },
    );
  }
  printJson(ctx, {
    environment_key: computed.key.shortKey,
    requirements_fingerprint: computed.key.key,
    python: { executable: computed.python.executable, version: computed.python.version, pip_version: computed.python.pipVersion },
  });
  answer(ctx, computed.key.shortKey);
  return EXIT_OK;
}
