import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clientForUrl, DockerHosts } from '../../../src/docker/hosts.js';
import { NotFoundError, UsageError } from '../../../src/errors.js';

// dockerode keeps its connection settings on the modem
type Modem = { socketPath?: string; host?: string; port?: number; protocol?: string; ca?: unknown; cert?: unknown; key?: unknown; username?: string };
const modemOf = (client: unknown) => (client as { modem: Modem }).modem;

describe('clientForUrl', () => {
  it('talks to a unix socket over plain http', () => {
    expect(modemOf(clientForUrl('unix:///run/docker.sock'))).toMatchObject({ socketPath: '/run/docker.sock', protocol: 'http', host: undefined });
  });

  it('uses https with the given certificates for tcp:// with TLS, on port 2376 by default', () => {
    const pem = { ca: Buffer.from('ca'), cert: Buffer.from('cert'), key: Buffer.from('key') };
    expect(modemOf(clientForUrl('tcp://docker.example:2376', { tls: pem }))).toMatchObject({ host: 'docker.example', port: 2376, protocol: 'https', ...pem });
    expect(modemOf(clientForUrl('tcp://docker.example', { tls: pem })).port).toBe(2376);
  });

  it('uses plain http on port 2375 for tcp:// without certificates', () => {
    expect(modemOf(clientForUrl('tcp://10.0.0.5'))).toMatchObject({ host: '10.0.0.5', port: 2375, protocol: 'http' });
  });

  it('goes through ssh for ssh://user@host', () => {
    expect(modemOf(clientForUrl('ssh://ops@docker.example:2222'))).toMatchObject({ protocol: 'ssh', host: 'docker.example', port: 2222, username: 'ops' });
  });

  it('refuses other schemes with a usage error', () => {
    expect(() => clientForUrl('http://docker.example')).toThrow(UsageError);
  });
});

describe('DockerHosts', () => {
  it('makes "local" from DOCKER_HOST, and from the default socket without it', () => {
    expect(new DockerHosts({ hosts: {} }, { DOCKER_HOST: 'unix:///tmp/d.sock' }).host('local').url).toBe('unix:///tmp/d.sock');
    expect(new DockerHosts({ hosts: {} }, {}).host('local').url).toBe('unix:///var/run/docker.sock');
  });

  it('reads the PEM files of a TLS host from the paths in the config', () => {
    const dir = mkdtempSync(join(tmpdir(), 'irctl-tls-'));
    for (const name of ['ca', 'cert', 'key']) writeFileSync(join(dir, `${name}.pem`), `${name}-pem`);
    const hosts = new DockerHosts({
      hosts: { prod: { url: 'tcp://prod.example:2376', tls: { ca: join(dir, 'ca.pem'), cert: join(dir, 'cert.pem'), key: join(dir, 'key.pem') } } },
    });
    const modem = modemOf(hosts.get('prod'));
    expect(modem.protocol).toBe('https');
    expect(String(modem.cert)).toBe('cert-pem');
  });

  it('names the config entry when a TLS file cannot be read', () => {
    const hosts = new DockerHosts({ hosts: { prod: { url: 'tcp://prod.example:2376', tls: { ca: '/nonexistent/ca.pem' } } } });
    expect(() => hosts.get('prod')).toThrow(/TLS CA file \/nonexistent\/ca.pem for Docker host "prod"/);
  });

  it('reports an unknown host name as not found and lists the known ones', () => {
    const hosts = new DockerHosts({ hosts: { prod: { url: 'unix:///x.sock' } } });
    expect(() => hosts.get('staging')).toThrow(NotFoundError);
    expect(hosts.names()).toEqual(['local', 'prod']);
  });

  it('takes the quarantine network name from the config, irctl-quarantine by default', () => {
    expect(new DockerHosts({ hosts: {} }).quarantineNetwork).toBe('irctl-quarantine');
    expect(new DockerHosts({ hosts: {}, quarantine_network: 'ir-q' }).quarantineNetwork).toBe('ir-q');
  });
});
