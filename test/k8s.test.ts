import t from 'tap';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { configSchema, loadConfig } from '../src/config.js';
import { projectRoot } from '../src/paths.js';
import { buildTestApp } from './helper.js';

// `any` below: Kubernetes objects are read as plain YAML trees.
const dir = join(projectRoot, 'deploy', 'k8s');
const files = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();
const objects: any[] = files.flatMap((f) => parseAllDocuments(readFileSync(join(dir, f), 'utf8')).map((doc) => {
  if (doc.errors.length) throw new Error(`${f}: ${doc.errors.map((e) => e.message).join('; ')}`);
  return { ...(doc.toJS() as object), file: f };
}));
const only = (kind: string) => {
  const found = objects.filter((o) => o.kind === kind);
  if (found.length !== 1) throw new Error(`expected one ${kind}, found ${found.length}`);
  return found[0];
};
const configMap = only('ConfigMap');
const deployment = only('Deployment');
const service = only('Service');
const hpa = only('HorizontalPodAutoscaler');
const pod = deployment.spec.template.spec;
const container = pod.containers[0];
const settings = Object.keys(configSchema.properties);

t.test('kustomization lists every manifest', async (t) => {
  t.same([...only('Kustomization').resources].sort(), files.filter((f) => f !== 'kustomization.yaml'));
});

t.test('ConfigMap and env names are settings of the app, with valid values', async (t) => {
  for (const key of Object.keys(configMap.data)) t.ok(settings.includes(key), `ConfigMap key ${key} is a setting`);
  for (const e of container.env ?? []) t.ok(settings.includes(e.name), `env ${e.name} is a setting`);
  t.ok(container.envFrom.some((e: any) => e.configMapRef?.name === configMap.metadata.name), 'the container reads the ConfigMap');
  t.doesNotThrow(() => loadConfig(configMap.data), 'the ConfigMap passes the config schema');
});

t.test('ports agree: app PORT, containerPort, Dockerfile EXPOSE, probes and Service', async (t) => {
  const config = loadConfig(configMap.data);
  const http = container.ports.find((p: any) => p.name === 'http');
  t.equal(http.containerPort, config.PORT);
  t.match(readFileSync(join(projectRoot, 'Dockerfile'), 'utf8'), new RegExp(`^EXPOSE ${config.PORT}$`, 'm'));
  for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe']) t.equal(container[probe].httpGet.port, 'http', `${probe} port`);
  t.equal(service.spec.ports[0].targetPort, 'http');
  t.same(service.spec.selector, deployment.spec.template.metadata.labels, 'the Service selects the pods');
  t.same(deployment.spec.selector.matchLabels, deployment.spec.template.metadata.labels);
});

t.test('probes hit routes that answer 200 without an API key when ready', async (t) => {
  t.equal(container.readinessProbe.httpGet.path, '/health', 'readiness = /health');
  const config = loadConfig(configMap.data, { MODELS: 'bert-base-uncased', DEFAULT_MODEL: 'bert-base-uncased', API_KEYS: 'secret' });
  const app = await buildTestApp(t, config);
  for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe']) {
    const path = container[probe].httpGet.path;
    t.equal((await app.inject({ url: path })).statusCode, 200, `${probe} ${path} is 200 with API_KEYS set and no key`);
  }
  app.readiness.drain();
  t.equal((await app.inject({ url: container.readinessProbe.httpGet.path })).statusCode, 503, 'readiness fails while draining');
});

t.test('shutdown fits in the grace period; MODEL_DIR is a mounted volume', async (t) => {
  const config = loadConfig(configMap.data);
  const preStop = container.lifecycle.preStop.exec.command;
  t.equal(preStop[0], 'sleep');
  const drainMs = Number(preStop[1]) * 1000 + config.SHUTDOWN_DELAY_MS + config.SHUTDOWN_GRACE_MS;
  t.ok(pod.terminationGracePeriodSeconds * 1000 > drainMs, `terminationGracePeriodSeconds covers ${drainMs} ms`);
  t.ok(container.volumeMounts.some((m: any) => m.mountPath === config.MODEL_DIR), 'MODEL_DIR is mounted');
});

t.test('non-root, locked down, with resources; HPA targets the Deployment', async (t) => {
  t.equal(pod.securityContext.runAsNonRoot, true);
  t.ok(pod.securityContext.runAsUser > 0);
  t.equal(container.securityContext.allowPrivilegeEscalation, false);
  t.same(container.securityContext.capabilities.drop, ['ALL']);
  for (const kind of ['requests', 'limits']) for (const r of ['cpu', 'memory']) t.ok(container.resources[kind][r], `${kind}.${r}`);
  t.equal(hpa.spec.scaleTargetRef.kind, 'Deployment');
  t.equal(hpa.spec.scaleTargetRef.name, deployment.metadata.name);
  t.ok(hpa.spec.minReplicas >= 1 && hpa.spec.maxReplicas >= hpa.spec.minReplicas);
});
