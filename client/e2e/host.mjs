// The real host on Kestrel at 127.0.0.1 with a fresh SQLite file, serving the built SPA from src/Host/wwwroot.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const adminPassword = 'E2e-Pa55word!';

async function freePort() {
  return new Promise((ok) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => ok(port));
    });
  });
}

export async function startHost() {
  const dll = process.env.CSM_HOST_DLL ?? resolve('../src/Host/bin/Debug/net10.0/Csm.Host.dll');
  const folder = mkdtempSync(join(tmpdir(), 'csm-e2e-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn('dotnet', [dll, '--urls', url, '--contentRoot', resolve('../src/Host')], {
    cwd: folder,
    env: {
      // The development mail drop (data/mail) unless a test chose a server: unset, every e-mail would be recorded failed.
      Email__Mode: 'FileDrop',
      Sms__Mode: 'FileDrop',
      ...process.env,
      ASPNETCORE_ENVIRONMENT: 'Production',
      ConnectionStrings__Csm: join(folder, 'csm.db'),
      // What the host writes besides the database (the development mail drop) stays in this folder.
      DataFolder: join(folder, 'data'),
      CSM_ADMIN_PASSWORD: adminPassword,
      Logging__LogLevel__Default: 'Warning',
      // Invitation links in the mail drop point at this host.
      Surveys__PublicBaseUrl: url,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${url}/health/ready`)).ok) break;
    } catch { /* not listening yet */ }
    if (child.exitCode !== null) throw new Error('the host exited during start-up');
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    /** The host's working folder: data/mail holds the e-mails it would have sent. */
    folder,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
