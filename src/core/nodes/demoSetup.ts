/**
 * The bundled demo's setup, once for the CLI's `demo` and the extension: the demo model pins
 * `pantograph-demo-synth==0.1.0`, which no index serves, so its wheel is built from the bundled
 * sources into `<dataDir>/demo/wheels` and every binding that pins it gets a machine-local
 * `wheel_source_path` override (never written to the workflow). Nothing for other models.
 */
import { join } from 'node:path';
import type { DependencyOverridePatchV1 } from '../contracts/overridePatch.js';
import { buildDemoWheels, DEMO_SYNTH_DISTRIBUTION } from '../library/demoWheels.js';
import type { MachineOverrides } from './dependencyEnvironmentRequest.js';

/** The folder the demo wheel is built into: `<dataDir>/demo/wheels`. */
export function demoWheelDir(dataDir: string): string {
  return join(dataDir, 'demo', 'wheels');
}

/** Binding ids of `requirements` (a DependencyRequirementsV1 payload) that pin the demo package. Pure. */
export function demoBindingIds(requirements: unknown): string[] {
  if (typeof requirements !== 'object' || requirements === null) return [];
  const bindings = (requirements as { bindings?: unknown }).bindings;
  if (!Array.isArray(bindings)) return [];
  return bindings
    .filter(
      (b): b is { binding_id: string; requirements: unknown[] } =>
        typeof b?.binding_id === 'string' && Array.isArray(b?.requirements),
    )
    .filter((b) =>
      b.requirements.some(
        (r) => typeof r === 'object' && r !== null && (r as { name?: unknown }).name === DEMO_SYNTH_DISTRIBUTION.name,
      ),
    )
    .map((b) => b.binding_id);
}

/** A machine-local binding-scope patch pointing a binding at a folder of wheels. */
export function wheelSourcePatch(bindingId: string, wheelDir: string, updatedAt: Date): DependencyOverridePatchV1 {
  return {
    contract_version: 1,
    binding_id: bindingId,
    scope: 'binding',
    requirement_name: null,
    fields: { wheel_source_path: wheelDir },
    source: 'user',
    updated_at: updatedAt.toISOString(),
  };
}

/** Options of {@link createDemoSetup}. */
export interface DemoSetupOptions {
  readonly dataDir: string;
  /** The `src` folder of the demo package; default: the extension's `examples/demo-synth/src`. */
  readonly sourceDir?: string;
}

/** The demo's wheel and its machine-local overrides. */
export interface DemoSetup {
  /** `<dataDir>/demo/wheels`. */
  readonly wheelDir: string;
  /** Builds the demo wheel once (later calls share the result; retried after a failure); resolves to the wheel paths. */
  wheels(): Promise<string[]>;
  /**
   * For every binding of `requirements` that pins the demo package, a `wheel_source_path` patch
   * to {@link wheelDir}, after building the wheel; `[]` for other payloads. Rejects when the
   * wheel cannot be built.
   */
  readonly machineOverrides: MachineOverrides;
}

/** See the module comment. */
export function createDemoSetup(options: DemoSetupOptions): DemoSetup {
  const wheelDir = demoWheelDir(options.dataDir);
  let built: Promise<string[]> | undefined;
  const wheels = (): Promise<string[]> => {
    built ??= buildDemoWheels(wheelDir, options.sourceDir !== undefined ? { sourceDir: options.sourceDir } : {});
    built.catch(() => (built = undefined));
    return built;
  };
  return {
    wheelDir,
    wheels,
    machineOverrides: async (_nodeId, requirements) => {
      const bindings = demoBindingIds(requirements);
      if (bindings.length === 0) return [];
      await wheels();
      const now = new Date();
      return bindings.map((id) => wheelSourcePatch(id, wheelDir, now));
    },
  };
}
