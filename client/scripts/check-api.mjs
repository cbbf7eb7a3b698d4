// Fails when src/api/schema.d.ts is not what openapi-typescript makes of the committed openapi.json.
import { execFileSync } from 'node:child_process';
import { readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const fresh = join(mkdtempSync(join(tmpdir(), 'csm-api-')), 'schema.d.ts');
execFileSync(process.execPath, ['node_modules/openapi-typescript/bin/cli.js', '../src/Host/openapi.json', '-o', fresh], { stdio: 'ignore' });
if (readFileSync(fresh, 'utf8') !== readFileSync('src/api/schema.d.ts', 'utf8')) {
  console.error('src/api/schema.d.ts is stale: run `npm run gen:api` (or dotnet cake --target=OpenApi) and commit it.');
  process.exit(1);
}
console.log('API types match openapi.json');
