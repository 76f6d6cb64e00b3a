/**
 * zod without code generation, set before any schema exists (main.tsx imports this module first):
 * the webview's CSP forbids `eval`, so zod's JIT could never run, and the probe for it
 * (`new Function('')`) would be reported as a CSP violation on every load.
 */
import * as z from 'zod';

z.config({ jitless: true });
