/**
 * Times pods from their create call returning to status.phase Running, through one watch
 * on their namespace of the in-process API server, so no poll interval adds to the figure.
 */
import { CoreV1Api, Watch, type KubeConfig, type V1Pod } from '@kubernetes/client-node';
import { INSTANCE_ANNOTATION } from '../kubelet/index.js';

export interface PodRunTime {
  /** Create call returned → status.phase Running, ms. */
  readonly runningMs: number;
  /** Create call returned → the kubelet annotated the pod with its device instance (the workload is on the device), ms. */
  readonly deployedMs: number;
}

export class PodRunTimer {
  readonly #kubeConfig: KubeConfig;
  readonly #namespace: string;
  readonly #core: CoreV1Api;
  readonly #annotatedAt = new Map<string, number>();
  readonly #runningAt = new Map<string, number>();
  readonly #lastSeen = new Map<string, V1Pod>();
  readonly #waiters = new Map<string, () => void>();
  #watch: AbortController | undefined;

  constructor(kubeConfig: KubeConfig, namespace: string) {
    this.#kubeConfig = kubeConfig;
    this.#namespace = namespace;
    this.#core = kubeConfig.makeApiClient(CoreV1Api);
  }

  async start(): Promise<void> {
    this.#watch = await new Watch(this.#kubeConfig).watch(`/api/v1/namespaces/${this.#namespace}/pods`, {}, (_type: string, pod: V1Pod) => this.#seen(pod), () => undefined);
  }

  stop(): void {
    this.#watch?.abort();
  }

  /** Creates `pod` and resolves when it is Running; rejects with its last status after `timeoutMs`. */
  async run(pod: V1Pod, timeoutMs: number): Promise<PodRunTime> {
    const name = pod.metadata?.name ?? '';
    const running = new Promise<void>((resolve) => this.#waiters.set(name, resolve));
    await this.#core.createNamespacedPod({ namespace: this.#namespace, body: pod });
    const createdAt = performance.now();
    let timer: NodeJS.Timeout | undefined;
    try {
      if (!this.#runningAt.has(name)) {
        const late = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`pod ${name} not Running after ${timeoutMs} ms; last status ${JSON.stringify(this.#lastSeen.get(name)?.status ?? null)}`)), timeoutMs);
        });
        await Promise.race([running, late]);
      }
    } finally {
      clearTimeout(timer);
      this.#waiters.delete(name);
    }
    const since = (at: number | undefined): number => Math.max(0, (at ?? NaN) - createdAt);
    return { runningMs: since(this.#runningAt.get(name)), deployedMs: since(this.#annotatedAt.get(name)) };
  }

  #seen(pod: V1Pod): void {
    const name = pod.metadata?.name ?? '';
    const now = performance.now();
    this.#lastSeen.set(name, pod);
    if (!this.#annotatedAt.has(name) && pod.metadata?.annotations?.[INSTANCE_ANNOTATION] !== undefined) this.#annotatedAt.set(name, now);
    if (!this.#runningAt.has(name) && pod.status?.phase === 'Running') {
      this.#runningAt.set(name, now);
      this.#waiters.get(name)?.();
    }
  }
}
