/**
 * Port data type → theme colour. Every colour is a VS Code theme variable (the `charts` palette),
 * so handles and edges follow light, dark and high-contrast themes.
 */
import type { PortDataType } from '../../core/workflow/nodeTypes.js';

const PORT_COLORS: Readonly<Record<PortDataType, string>> = {
  any: 'var(--vscode-charts-foreground, var(--vscode-foreground))',
  string: 'var(--vscode-charts-blue)',
  prompt: 'var(--vscode-charts-purple)',
  number: 'var(--vscode-charts-green)',
  boolean: 'var(--vscode-charts-yellow)',
  json: 'var(--vscode-charts-orange)',
  audio: 'var(--vscode-charts-red)',
};

/** The CSS colour of a port type (a `var(--vscode-charts-…)` expression). Pure. */
export function portColor(type: PortDataType): string {
  return PORT_COLORS[type];
}
