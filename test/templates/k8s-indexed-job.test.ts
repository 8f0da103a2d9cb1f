// templates/k8s-indexed-job.yaml: every object is a valid Kubernetes object (the API's OpenAPI
// schema, through kubernetes-models), the parts fit together (volume, labels, Indexed Job with
// completions = the shard count), and the pod command, run once per JOB_COMPLETION_INDEX the
// Job controller sets, produces shards that partition the sweep and merge into the unsharded result.
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { ROOT, tempDir } from '../helpers/cli.js';
import { cleanEnv, expectPartition, expectSameResults, referenceSweep, sh } from '../helpers/shards.js';

const FILE = join(ROOT, 'templates', 'k8s-indexed-job.yaml');
const text = readFileSync(FILE, 'utf8');

interface Container {
  name: string;
  workingDir?: string;
  env?: { name: string; value?: string }[];
  command?: string[];
  args?: string[];
  volumeMounts?: { name: string; mountPath: string }[];
}
interface PodSpec {
  restartPolicy?: string;
  containers: Container[];
  volumes?: { name: string; persistentVolumeClaim?: { claimName: string } }[];
}
interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  spec: Record<string, unknown> & { template?: { spec: PodSpec } };
}

const objects = parseAllDocuments(text).map((d) => {
  expect(d.errors).toEqual([]);
  return d.toJS() as K8sObject;
});
const byName = (name: string) => {
  const o = objects.find((x) => x.metadata.name === name);
  if (!o) throw new Error(`no object named ${name} in ${FILE}`);
  return o;
};

function validate(o: K8sObject): void {
  const key = `${o.apiVersion}/${o.kind}`;
  if (key === 'batch/v1/Job') new Job(o as never).validate();
  else if (key === 'v1/PersistentVolumeClaim') new PersistentVolumeClaim(o as never).validate();
  else throw new Error(`no validator for ${key}`);
}

/** The header's `kubectl ... -l vpsim/part=X` and `job/NAME` references. */
const header = text.split('\n').filter((l) => l.startsWith('#')).join('\n');

describe('templates/k8s-indexed-job.yaml', () => {
  it('holds a PersistentVolumeClaim and two Jobs, each valid against the Kubernetes schema', () => {
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['PersistentVolumeClaim/vpsim-results', 'Job/vpsim-sweep', 'Job/vpsim-sweep-merge']);
    for (const o of objects) expect(() => validate(o), `${o.kind}/${o.metadata.name}`).not.toThrow();
  });

  it('has a validator that rejects broken Jobs (so the check above can fail)', () => {
    const broken = (edit: (j: K8sObject) => void) => {
      const j = structuredClone(byName('vpsim-sweep'));
      edit(j);
      return () => validate(j);
    };
    expect(broken((j) => (j.spec.completionMode = 'Indexd'))).toThrow(/completionMode/);
    expect(broken((j) => (j.spec.parallelism = '8'))).toThrow(/parallelism/);
    expect(broken((j) => (j.spec.template!.spec.containers[0].args = 'npx vpsim' as never))).toThrow(/args/);
    expect(broken((j) => delete (j.spec.template!.spec as Partial<PodSpec>).containers)).toThrow(/containers/);
  });

  it('wires the parts together: Indexed completions = the --shard count, one shared volume, labels the header applies', () => {
    const pvc = byName('vpsim-results');
    const job = byName('vpsim-sweep');
    const merge = byName('vpsim-sweep-merge');
    expect(job.spec.completionMode).toBe('Indexed');
    const completions = job.spec.completions as number;
    const parallelism = job.spec.parallelism as number;
    expect(parallelism).toBeGreaterThanOrEqual(1);
    expect(parallelism).toBeLessThanOrEqual(completions);
    const pod = job.spec.template!.spec;
    const script = pod.containers[0].args!.join(' ');
    const shardArg = /--shard (\S+)/.exec(script)?.[1];
    expect(shardArg, 'the shard count alone: the index comes from JOB_COMPLETION_INDEX').toBe(String(completions));
    // A pod that is restarted resumes its shard instead of refusing the existing directory.
    expect(pod.restartPolicy).toBe('OnFailure');
    expect(script).toContain('--resume');
    expect(script).toContain('$JOB_COMPLETION_INDEX');
    // Both Jobs mount the claim, at the path their commands write and read.
    expect(pvc.spec.accessModes).toContain('ReadWriteMany');
    for (const j of [job, merge]) {
      const spec = j.spec.template!.spec;
      const vol = spec.volumes!.find((v) => v.persistentVolumeClaim)!;
      expect(vol.persistentVolumeClaim!.claimName).toBe(pvc.metadata.name);
      const mount = spec.containers[0].volumeMounts!.find((m) => m.name === vol.name)!;
      expect(spec.containers[0].args!.join(' ')).toContain(`${mount.mountPath}/shard-`);
    }
    // `kubectl apply -l vpsim/part=shards` creates the volume and the shards, `-l vpsim/part=merge` the merge.
    expect(header).toContain('-l vpsim/part=shards');
    expect(header).toContain('-l vpsim/part=merge');
    expect([pvc, job].map((o) => o.metadata.labels?.['vpsim/part'])).toEqual(['shards', 'shards']);
    expect(merge.metadata.labels?.['vpsim/part']).toBe('merge');
    expect(header).toContain(`job/${job.metadata.name}`);
    expect(header).toContain(`job/${merge.metadata.name}`);
  });

  describe('run as the Job controller runs it', () => {
    let work: string;
    let full: string;
    beforeAll(() => {
      work = tempDir('vpsim-k8s-');
      const sweep = byName('vpsim-sweep').spec.template!.spec.containers[0].env!.find((e) => e.name === 'SWEEP')!.value!;
      full = referenceSweep(sweep, join(work, 'full'));
    });
    afterAll(() => rmSync(work, { recursive: true, force: true }));

    /** A container's command in the image's working directory (/app = this repository), with
     * the volume's mount path mapped to a local folder. */
    function runContainer(c: Container, results: string, env: Record<string, string>) {
      expect(c.command).toEqual(['sh', '-c']);
      expect(c.workingDir).toBe('/app');
      const mount = c.volumeMounts![0].mountPath;
      const script = c.args![0].split(mount).join(results);
      const vars = Object.fromEntries((c.env ?? []).map((e) => [e.name, e.value ?? '']));
      return sh(script, { cwd: ROOT, env: cleanEnv({ ...vars, ...env }), shell: 'sh' });
    }

    it('pods 0..completions-1 write shards that partition the sweep; the merge Job gives the unsharded results.csv', () => {
      const results = join(work, 'results');
      const job = byName('vpsim-sweep');
      const completions = job.spec.completions as number;
      for (let k = 0; k < completions; k++) {
        const r = runContainer(job.spec.template!.spec.containers[0], results, { JOB_COMPLETION_INDEX: String(k) });
        expect(r.code, r.stderr).toBe(0);
        expect(r.stdout).toContain(`shard ${k + 1}/${completions}:`);
      }
      expectPartition(full, Array.from({ length: completions }, (_, k) => join(results, `shard-${k}`)));
      // A retried pod (same index) resumes: nothing runs twice, nothing changes.
      const again = runContainer(job.spec.template!.spec.containers[0], results, { JOB_COMPLETION_INDEX: '3' });
      expect(again.code, again.stderr).toBe(0);
      expect(again.stdout).toMatch(/\(0 ok, 0 failed, \d+ already complete\)/);
      const m = runContainer(byName('vpsim-sweep-merge').spec.template!.spec.containers[0], results, {});
      expect(m.code, m.stderr).toBe(0);
      expectSameResults(full, join(results, 'merged'));
    });
  });
});
