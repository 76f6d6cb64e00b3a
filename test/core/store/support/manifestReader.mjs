// Reads a manifest in a tight loop until a stop file appears, then prints what it saw as JSON:
// { reads, parsed, failures, missing, tags[] }. Usage: node manifestReader.mjs <manifest> <stopFile>
import { existsSync, readFileSync } from 'node:fs';

const [manifestPath, stopFile] = process.argv.slice(2);
const result = { reads: 0, parsed: 0, failures: 0, missing: 0, tags: [] };
const tags = new Set();
process.stdout.write('ready\n');
while (!existsSync(stopFile)) {
  let text;
  try {
    text = readFileSync(manifestPath, 'utf8');
  } catch {
    result.missing += 1;
    continue;
  }
  result.reads += 1;
  try {
    const json = JSON.parse(text);
    result.parsed += 1;
    tags.add(json.key_payload);
  } catch {
    result.failures += 1;
  }
}
result.tags = [...tags];
process.stdout.write(`${JSON.stringify(result)}\n`);
