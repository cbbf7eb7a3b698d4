// A tiny SMTP server on 127.0.0.1 that accepts every message and keeps it, for tests that read the e-mail Csm sent
// (Email__Mode=Smtp pointed at it). It offers 8BITMIME, so text parts arrive as written (MailKit then sends 8bit).
import { createServer } from 'node:net';

export async function startSmtpSink() {
  const received = [];
  const server = createServer((socket) => {
    socket.setEncoding('utf8');
    let buffer = '';
    let data = null;
    let envelope = { from: '', to: [] };
    const reply = (line) => socket.write(`${line}\r\n`);
    reply('220 sink.csm.test ESMTP');
    socket.on('data', (chunk) => {
      buffer += chunk;
      for (;;) {
        if (data !== null) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          data += buffer.slice(0, end);
          buffer = buffer.slice(end + 5);
          received.push({ ...envelope, data: data.replace(/^\.\./gm, '.') });
          envelope = { from: '', to: [] };
          data = null;
          reply('250 2.0.0 queued');
          continue;
        }
        const end = buffer.indexOf('\r\n');
        if (end < 0) return;
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO') { reply('250-sink.csm.test'); reply('250 8BITMIME'); }
        else if (verb === 'HELO') reply('250 sink.csm.test');
        else if (verb === 'MAIL') { envelope.from = line.replace(/^MAIL FROM:\s*<([^>]*)>.*$/i, '$1'); reply('250 2.1.0 ok'); }
        else if (verb === 'RCPT') { envelope.to.push(line.replace(/^RCPT TO:\s*<([^>]*)>.*$/i, '$1')); reply('250 2.1.5 ok'); }
        else if (verb === 'DATA') { data = ''; reply('354 end with <CRLF>.<CRLF>'); }
        else if (verb === 'QUIT') { reply('221 2.0.0 bye'); socket.end(); return; }
        else reply('250 2.0.0 ok'); // RSET, NOOP
      }
    });
    socket.on('error', () => {});
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: server.address().port,
    received,
    /** The settings that send Csm's e-mail here. */
    env: (port) => ({ Email__Mode: 'Smtp', Email__Host: '127.0.0.1', Email__Port: String(port), Email__Security: 'None', Email__From: 'Service <service@csm.test>' }),
    /** A message's text with quoted-printable soft line breaks joined and base64 parts decoded, for finding a link in it. */
    text: (message) => message.data.replace(/=\r\n/g, '') + '\n' + [...message.data.matchAll(/\r\n\r\n([A-Za-z0-9+/=\r\n]{40,})/g)]
      .map((m) => Buffer.from(m[1].replace(/\r\n/g, ''), 'base64').toString('utf8')).join('\n'),
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
