/**
 * The deployment files (deploy/systemd, deploy/kubernetes, deploy/container) against each other and
 * against the code they deploy, so they cannot drift: every daemon invocation (the unit's
 * ExecStart, the DaemonSet's args, the image's CMD) passes only options the daemon's own option
 * table (DAEMON_OPTIONS) has, with its default config, socket and state paths, which are the
 * directories systemd and Kubernetes provide; the probes and the Prometheus annotations point at
 * routes the daemon's own route table (apiRoutes) serves on the metrics listener; the image copies the addon to where the loader looks.
 * `systemd-analyze verify` checks the units (installed by scripts/ensure-commands.mjs when missing),
 * and `kubectl kustomize` renders the manifests offline where kubectl is installed.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAEMON_OPTIONS } from '../../src/cli/daemon.js';
import { apiRoutes } from '../../src/daemon/api.js';
import { nativeAddonPath } from '../../src/native/loader.js';
import { parseConfigText, validateSources } from '../../src/state/index.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const read = (path: string): string => readFileSync(join(root, path), 'utf8');
const hasCommand = (name: string): boolean => spawnSync('sh', ['-c', `command -v "${name}"`], { stdio: 'ignore' }).status === 0;

/** A systemd unit file: section -> key -> values (a key may repeat). */
function parseUnit(text: string): Map<string, Map<string, string[]>> {
  const sections = new Map<string, Map<string, string[]>>();
  let current: Map<string, string[]> | undefined;
  for (const line of text.split('\n')) {
    if (/^\s*([#;]|$)/.test(line)) continue;
    const section = /^\[(.+)\]$/.exec(line);
    if (section) {
      current = new Map();
      sections.set(section[1]!, current);
      continue;
    }
    const at = line.indexOf('=');
    if (!current || at < 0) throw new Error(`not a unit line: ${line}`);
    const key = line.slice(0, at).trim();
    current.set(key, [...(current.get(key) ?? []), line.slice(at + 1).trim()]);
  }
  return sections;
}
const unitValue = (unit: Map<string, Map<string, string[]>>, section: string, key: string): string => {
  const values = unit.get(section)?.get(key);
  if (values?.length !== 1) throw new Error(`[${section}] ${key}: expected one value, got ${JSON.stringify(values)}`);
  return values[0]!;
};

/** `--flag value` pairs of a daemon command line after the `daemon` word. */
function daemonFlags(args: readonly string[]): Map<string, string> {
  expect(args[0]).toBe('daemon');
  const flags = new Map<string, string>();
  for (let i = 1; i < args.length; i += 2) {
    expect(args[i]).toMatch(/^--[a-z-]+$/);
    expect(args[i + 1], `${args[i]} has a value`).toBeDefined();
    flags.set(args[i]!, args[i + 1]!);
  }
  return flags;
}

type Yaml = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function yamlDocuments(path: string): Yaml[] {
  return parseAllDocuments(read(path)).map((doc) => {
    expect(doc.errors, path).toEqual([]);
    return doc.toJS() as Yaml;
  });
}

const service = parseUnit(read('deploy/systemd/devlink-ts.service'));
const waitReady = parseUnit(read('deploy/systemd/devlink-ts-wait-ready.service'));
const daemonSet = yamlDocuments('deploy/kubernetes/daemonset/daemonset.yaml')[0]!;
const pod = daemonSet['spec']['template']['spec'] as Yaml;
const container = pod['containers'][0] as Yaml;
const containerfile = read('deploy/container/Containerfile');
const cmd = JSON.parse(/^CMD (\[.*\])$/m.exec(containerfile)![1]!) as string[];

const execStart = unitValue(service, 'Service', 'ExecStart').split(/\s+/);
const invocations = {
  'devlink-ts.service ExecStart': daemonFlags(execStart.slice(1)),
  'DaemonSet args': daemonFlags(container['args'] as string[]),
  'Containerfile CMD': daemonFlags(cmd),
};
const mountOf = (volume: string): Yaml => (container['volumeMounts'] as Yaml[]).find((m) => m['name'] === volume)!;
const volumeOf = (volume: string): Yaml => (pod['volumes'] as Yaml[]).find((v) => v['name'] === volume)!;

describe('deployment files', () => {
  it("run the daemon with options it has, and its default config, socket and state paths, everywhere", () => {
    for (const [where, flags] of Object.entries(invocations)) {
      for (const flag of flags.keys()) expect(Object.keys(DAEMON_OPTIONS), `${where} ${flag}`).toContain(flag.slice(2));
      expect(flags.get('--config'), where).toBe(DAEMON_OPTIONS.config.default);
      expect(flags.get('--socket'), where).toBe(DAEMON_OPTIONS.socket.default);
      expect(flags.get('--state-dir'), where).toBe(DAEMON_OPTIONS['state-dir'].default);
    }
    expect(execStart[0]).toBe('/usr/local/bin/devlink-ts'); // where `npm install -g` and the image put it
    expect(/ln -s \/opt\/devlink-ts\/bin\/devlink-ts.js \/usr\/local\/bin\/devlink-ts/.test(containerfile)).toBe(true);
  });

  it('give the daemon exactly the writable directories systemd creates and Kubernetes mounts', () => {
    const flags = invocations['devlink-ts.service ExecStart'];
    expect(`/var/lib/${unitValue(service, 'Service', 'StateDirectory')}`).toBe(flags.get('--state-dir'));
    expect(`/run/${unitValue(service, 'Service', 'RuntimeDirectory')}`).toBe(flags.get('--socket')!.replace(/\/[^/]+$/, ''));
    expect(`/etc/${unitValue(service, 'Service', 'ConfigurationDirectory')}/`).toBe(flags.get('--config'));
    expect(unitValue(service, 'Service', 'ProtectSystem')).toBe('strict');
    expect(unitValue(service, 'Service', 'CapabilityBoundingSet').split(' ').sort()).toEqual(['CAP_NET_ADMIN', 'CAP_SYS_ADMIN']);
    expect(unitValue(service, 'Service', 'RestrictNamespaces')).toBe('net');

    const k8s = invocations['DaemonSet args'];
    expect(`${mountOf('config')['mountPath']}/`).toBe(k8s.get('--config'));
    expect(volumeOf('config')['configMap']['name']).toBe('devlink-ts-config');
    expect(mountOf('state')['mountPath']).toBe(k8s.get('--state-dir'));
    expect(volumeOf('state')['hostPath']['path']).toBe(k8s.get('--state-dir'));
    expect(mountOf('run')['mountPath']).toBe(k8s.get('--socket')!.replace(/\/[^/]+$/, ''));
    expect(mountOf('netns')).toMatchObject({ mountPath: '/var/run/netns', mountPropagation: 'HostToContainer' });
    expect(volumeOf('netns')['hostPath']['path']).toBe('/var/run/netns');
    expect(mountOf('sys')).toMatchObject({ mountPath: '/sys', readOnly: true });
    expect(container['securityContext']['readOnlyRootFilesystem']).toBe(true);
    expect(container['securityContext']['capabilities']['add'].sort()).toEqual(['NET_ADMIN', 'SYS_ADMIN']);
    expect(pod['hostNetwork']).toBe(true);
    for (const mount of container['volumeMounts'] as Yaml[]) expect(volumeOf(mount['name']), mount['name']).toBeDefined();
  });

  it('give the daemon the same environment in the unit and the DaemonSet, one that Node accepts', () => {
    // bench/daemon.mjs starts the daemon with the unit's Environment= lines, read with this form.
    const lines = service.get('Service')?.get('Environment') ?? [];
    for (const line of lines) expect(line, 'Environment="KEY=VALUE", one a line').toMatch(/^"[A-Z_][A-Z0-9_]*=[^"']*"$/);
    const unitEnv = Object.fromEntries(lines.map((line) => line.slice(1, -1)).map((text) => [text.slice(0, text.indexOf('=')), text.slice(text.indexOf('=') + 1)]));
    const podEnv = Object.fromEntries(((container['env'] ?? []) as Yaml[]).map((e) => [e['name'] as string, e['value'] as string]));
    expect(podEnv).toEqual(unitEnv);
    expect(unitEnv['NODE_OPTIONS']).toBeDefined();
    // Node refuses in NODE_OPTIONS what it does not allow there (exit 9, "is not allowed in NODE_OPTIONS").
    const started = spawnSync(process.execPath, ['-e', '1'], { env: { ...process.env, ...unitEnv }, encoding: 'utf8' });
    expect(started.stderr).toBe('');
    expect(started.status).toBe(0);
    const refused = spawnSync(process.execPath, ['-e', '1'], { env: { ...process.env, NODE_OPTIONS: '--no-such-v8-option-here' }, encoding: 'utf8' });
    expect(refused.status).not.toBe(0);
  });

  it('probe /readyz and /healthz and scrape /metrics on the daemon\'s metrics listener', () => {
    const listen = invocations['DaemonSet args'].get('--metrics-listen')!;
    const port = Number(/:(\d+)$/.exec(listen)![1]);
    expect(invocations['Containerfile CMD'].get('--metrics-listen')).toBe(listen);
    expect(containerfile).toMatch(new RegExp(`^EXPOSE ${port}$`, 'm'));
    const metricsPort = (container['ports'] as Yaml[]).find((p) => p['name'] === 'metrics')!;
    expect(metricsPort['containerPort']).toBe(port);
    expect(container['readinessProbe']['httpGet']).toEqual({ path: '/readyz', port: 'metrics' });
    expect(container['livenessProbe']['httpGet']).toEqual({ path: '/healthz', port: 'metrics' });
    expect(container['startupProbe']['httpGet']).toEqual({ path: '/healthz', port: 'metrics' });
    const annotations = daemonSet['spec']['template']['metadata']['annotations'] as Yaml;
    expect(annotations).toEqual({ 'prometheus.io/scrape': 'true', 'prometheus.io/port': String(port), 'prometheus.io/path': '/metrics' });
    // Served by the daemon's metrics listener (its own route table, not a copy), and only there
    // what the manifests use: probes are GETs, the scrape path too.
    const served = apiRoutes(false);
    for (const probe of ['readinessProbe', 'livenessProbe', 'startupProbe']) expect(served).toContain(`GET ${container[probe]['httpGet']['path']}`);
    expect(served).toContain(`GET ${annotations['prometheus.io/path']}`);
    expect(apiRoutes(true)).toEqual(expect.arrayContaining(served)); // the unix socket serves them too
  });

  it('select nodes by the pool label, the same in selector, pod labels and nodeSelector', () => {
    const pool = pod['nodeSelector']['devlink-ts.io/pool'];
    expect(pool).toBe('connectx-sf');
    expect(daemonSet['spec']['selector']['matchLabels']['devlink-ts.io/pool']).toBe(pool);
    expect(daemonSet['spec']['template']['metadata']['labels']).toMatchObject(daemonSet['spec']['selector']['matchLabels']);
  });

  it('has the wait-ready oneshot after the daemon, on the daemon\'s socket', () => {
    expect(unitValue(service, 'Service', 'Type')).toBe('notify');
    expect(unitValue(service, 'Service', 'NotifyAccess')).toBe('main');
    expect(unitValue(service, 'Service', 'ExecReload')).toBe('/bin/kill -HUP $MAINPID');
    expect(unitValue(service, 'Service', 'WatchdogSec')).toMatch(/^\d+s$/);
    expect(unitValue(waitReady, 'Service', 'Type')).toBe('oneshot');
    expect(unitValue(waitReady, 'Unit', 'After')).toBe('devlink-ts.service');
    expect(unitValue(waitReady, 'Unit', 'Requires')).toBe('devlink-ts.service');
    const args = unitValue(waitReady, 'Service', 'ExecStart').split(/\s+/);
    expect(args.slice(0, 2)).toEqual([execStart[0], 'wait-ready']);
    expect(args[args.indexOf('--socket') + 1]).toBe(invocations['devlink-ts.service ExecStart'].get('--socket'));
  });

  it('every Kubernetes file parses, and each ConfigMap is a config the engine accepts', () => {
    const files = (dir: string): string[] => readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.yaml') ? [join(dir, e.name)] : []);
    const all = files('deploy/kubernetes');
    expect(all.length).toBeGreaterThanOrEqual(6);
    for (const file of all) {
      for (const doc of yamlDocuments(file)) {
        expect(doc['apiVersion'], file).toBeTruthy();
        expect(doc['kind'], file).toBeTruthy();
        if (doc['kind'] === 'ConfigMap') {
          for (const [key, text] of Object.entries(doc['data'] as Record<string, string>)) {
            expect(key).toMatch(/\.yaml$/); // the daemon reads *.yaml of its config directory
            const { source, issues } = parseConfigText(`${file}:${key}`, text);
            expect(issues, `${file} ${key}`).toEqual([]);
            expect(validateSources([source]).devices.length, `${file} ${key}`).toBeGreaterThan(0);
          }
        }
      }
    }
  });

  it('build the image from sources that exist, putting the addon where the loader looks', () => {
    const sources = [...containerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm)].flatMap((m) => m[1]!.split(/\s+/));
    expect(sources.length).toBeGreaterThan(5);
    for (const source of sources) expect(existsSync(join(root, source)), source).toBe(true);
    const ignored = read('.dockerignore').split('\n').filter((l) => l && !l.startsWith('#'));
    for (const source of sources) expect(ignored.some((i) => source.startsWith(i.replace(/\/$/, ''))), source).toBe(false);
    const addon = relative(root, nativeAddonPath);
    expect(containerfile).toContain(`COPY --from=build /src/${addon} ${addon}`);
    expect(containerfile).toMatch(/^WORKDIR \/opt\/devlink-ts$/m);
    expect(containerfile).toContain('COPY --from=build /src/package.json /src/binding.gyp ./'); // the loader finds its root by binding.gyp
    expect(/^ENTRYPOINT \["devlink-ts"\]$/m.test(containerfile)).toBe(true);
  });
});

describe('systemd-analyze verify', () => {
  let scratch: string;
  beforeAll(() => {
    execFileSync(process.execPath, [join(root, 'scripts/ensure-commands.mjs'), 'systemd-analyze=systemd'], { stdio: 'inherit' });
    scratch = mkdtempSync(join(tmpdir(), 'devlink-ts-units-'));
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  /** Copies of the units whose ExecStart is this checkout's CLI (verify checks the binary exists). */
  function verify(transform: (text: string) => string = (text) => text): string {
    const names = ['devlink-ts.service', 'devlink-ts-wait-ready.service'];
    for (const name of names) {
      const text = read(`deploy/systemd/${name}`).replaceAll('/usr/local/bin/devlink-ts', join(root, 'bin', 'devlink-ts.js'));
      writeFileSync(join(scratch, name), transform(text));
    }
    const run = spawnSync('systemd-analyze', ['verify', '--man=no', ...names.map((n) => join(scratch, n))], { encoding: 'utf8' });
    return `${run.status === 0 ? '' : `exit ${run.status}\n`}${run.stdout}${run.stderr}`.trim();
  }

  it('finds nothing to say about both units', () => {
    expect(verify()).toBe('');
  });

  it('does report a misspelt directive and a missing binary (the check can fail)', () => {
    expect(verify((t) => t.replace('NoNewPrivileges=', 'NoNewPrivilegs='))).toMatch(/Unknown key 'NoNewPrivilegs'/);
    expect(verify((t) => t.replaceAll(join(root, 'bin', 'devlink-ts.js'), '/nonexistent/devlink-ts'))).toMatch(/not executable/);
  });
});

describe.skipIf(!hasCommand('kubectl'))('kubectl kustomize (offline)', () => {
  it.each(['deploy/kubernetes', 'deploy/kubernetes/pools/dpu'])('renders %s', (dir) => {
    const rendered = parseAllDocuments(execFileSync('kubectl', ['kustomize', join(root, dir)], { encoding: 'utf8' })).map((d) => d.toJS() as Yaml);
    const set = rendered.find((d) => d['kind'] === 'DaemonSet')!;
    const configMap = rendered.find((d) => d['kind'] === 'ConfigMap')!;
    // the DaemonSet mounts the ConfigMap rendered beside it (kustomize renames both together)
    expect(set['spec']['template']['spec']['volumes'].find((v: Yaml) => v['name'] === 'config')['configMap']['name']).toBe(configMap['metadata']['name']);
    expect(set['spec']['template']['spec']['nodeSelector']['devlink-ts.io/pool']).toBe(dir.endsWith('dpu') ? 'dpu' : 'connectx-sf');
  });
});
