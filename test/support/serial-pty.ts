/**
 * A null-modem cable for tests: socat joins two pseudo-terminals, reachable through
 * stable links in a temporary folder, so a "cable pull" (stop) and a re-plug (start)
 * keep the same paths, as a USB serial adapter's udev name does.
 */
import type { ChildProcess } from 'node:child_process';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnUntilReady, stopProcess } from './processes.js';

/** Why serial tests cannot run here, or undefined when socat is installed. */
export function socatMissing(): string | undefined {
  const probe = spawnSync('socat', ['-V'], { stdio: 'ignore' });
  return probe.error ? 'socat is not installed (apt-get install socat)' : undefined;
}

export class PtyPair {
  /** The device's end of the cable. */
  readonly devPath: string;
  /** The gateway's end. */
  readonly gwPath: string;
  readonly #dir: string;
  #socat: ChildProcess | undefined;

  private constructor(dir: string) {
    this.#dir = dir;
    this.devPath = join(dir, 'dev');
    this.gwPath = join(dir, 'gw');
  }

  /** A pair in a fresh temporary folder, plugged in. */
  static async create(): Promise<PtyPair> {
    const pair = new PtyPair(await mkdtemp(join(tmpdir(), 'farside-pty-')));
    await pair.plug();
    return pair;
  }

  /** Starts socat; resolves once both links lead to a terminal. */
  async plug(): Promise<void> {
    if (this.#socat) return;
    const args = ['-d', '-d', `pty,raw,echo=0,link=${this.devPath}`, `pty,raw,echo=0,link=${this.gwPath}`];
    this.#socat = await spawnUntilReady('socat', 'socat', args, () => this.#linksExist());
  }

  /** Stops socat: both terminals vanish, as when the cable is pulled. */
  async unplug(): Promise<void> {
    const socat = this.#socat;
    this.#socat = undefined;
    if (socat) await stopProcess(socat);
  }

  async dispose(): Promise<void> {
    await this.unplug();
    await rm(this.#dir, { recursive: true, force: true });
  }

  async #linksExist(): Promise<void> {
    const deadline = Date.now() + 5_000;
    // existsSync follows the links: true only once the terminals behind them exist.
    while (!(existsSync(this.devPath) && existsSync(this.gwPath))) {
      if (Date.now() > deadline) throw new Error(`socat made no links in ${this.#dir} within 5 s`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}
