/**
 * Every stable error code Pantograph emits. Codes are part of the public contract (CLI `--json`,
 * status payloads, the webview): never rename or remove one; add new ones at the end of a group.
 * `docs/contracts/README.md` documents each.
 */
export const ENVIRONMENT_ERROR_CODES = [
  'env_id_missing',
  'unsupported_environment_kind',
  'python_runtime_unavailable',
  'python_version_unsatisfiable',
  'requirements_missing',
  'unpinned_dependency',
  'dependency_check_failed',
  'dependency_install_failed',
  'no_dependency_bindings',
  'invalid_override',
  'externally_managed_python',
  'lock_compromised',
  'cancelled',
  'unsupported_contract_version',
  'lock_mismatch',
  'lock_hash_mismatch',
] as const;

export const VALIDATION_ERROR_CODES = [
  'invalid_payload',
  'invalid_url',
  'url_scheme_not_allowed',
  'url_has_credentials',
  'invalid_path',
  'path_not_absolute',
  'path_not_found',
  'path_contains_nul',
  'path_traversal',
  'invalid_python_executable',
  'invalid_package_name',
  'invalid_pin',
  'invalid_env_id',
  'invalid_environment_key',
  'string_too_long',
  'requirement_conflict',
  'unknown_binding_id',
  'platform_mismatch',
  'invalid_lock_file',
] as const;

export const WORKFLOW_ERROR_CODES = [
  'invalid_json',
  'invalid_workflow',
  'unsupported_workflow_version',
  'unknown_node_type',
  'duplicate_node_id',
  'duplicate_edge_id',
  'dangling_edge',
  'unknown_port',
  'incompatible_ports',
  'cycle_detected',
  'missing_required_input',
  'invalid_edit',
  'node_failed',
  'upstream_failed',
  'environment_not_ready',
  'worker_failed',
  'worker_timeout',
  'model_not_found',
  'invalid_model_library',
  'model_unsupported_architecture',
  'model_config_invalid',
  'model_weights_missing',
] as const;

/** Reading, unpacking and linking wheels (the wheel installer behind the package store). */
export const WHEEL_ERROR_CODES = [
  'wheel_invalid',
  'wheel_unsafe_path',
  'wheel_hash_mismatch',
  'wheel_record_mismatch',
  'wheel_entry_incomplete',
] as const;

export const GENERAL_ERROR_CODES = ['io_error', 'internal_error', 'invalid_message', 'not_trusted'] as const;

/** Reported by inference workers about the model folder, the device or the node's inputs. */
export const INFERENCE_ERROR_CODES = ['model_file_missing', 'device_unavailable', 'invalid_inference_input'] as const;

/** A stable error code. */
export type ErrorCode =
  | (typeof ENVIRONMENT_ERROR_CODES)[number]
  | (typeof VALIDATION_ERROR_CODES)[number]
  | (typeof WORKFLOW_ERROR_CODES)[number]
  | (typeof WHEEL_ERROR_CODES)[number]
  | (typeof GENERAL_ERROR_CODES)[number]
  | (typeof INFERENCE_ERROR_CODES)[number];

/** All codes, for documentation and exhaustiveness tests. */
export const ALL_ERROR_CODES: readonly ErrorCode[] = [
  ...ENVIRONMENT_ERROR_CODES,
  ...VALIDATION_ERROR_CODES,
  ...WORKFLOW_ERROR_CODES,
  ...WHEEL_ERROR_CODES,
  ...GENERAL_ERROR_CODES,
  ...INFERENCE_ERROR_CODES,
];
