import {
  LayoutTarget,
  RegistryTarget,
  credentialsFromDockerConfig,
  parseReference,
  readDockerConfig,
  staticCredentials,
  tagOrDigest,
  type CredentialsProvider,
  type OciTarget,
} from '../oci/index.js';

/** Registry access options shared by pack, push, pull and inspect. */
export interface RegistryCliOptions {
  readonly plainHttp?: boolean;
  readonly insecure?: boolean;
  /** A docker config.json with `auths`; default ~/.docker/config.json when it exists. */
  readonly dockerConfig?: string;
  readonly username?: string;
}

/** The default embedded store: an OCI image layout in the working directory. */
export const DEFAULT_STORE = '.farside/store';

async function credentials(options: RegistryCliOptions): Promise<CredentialsProvider | undefined> {
  if (options.username) {
    const password = process.env.FARSIDE_REGISTRY_PASSWORD;
    if (password === undefined) throw new Error('--username needs the password in FARSIDE_REGISTRY_PASSWORD (never on the command line)');
    return staticCredentials({ username: options.username, password });
  }
  try {
    return credentialsFromDockerConfig(await readDockerConfig(options.dockerConfig));
  } catch (err) {
    // No config file is the common case; a broken one the user named is an error.
    if (options.dockerConfig) throw err;
    return undefined;
  }
}

/**
 * A reference on the command line as a store and the tag or digest inside it:
 * `oci-layout:<dir>[:tag|@digest]` is an image-layout directory, anything else a
 * registry reference (`host[:port]/repo[:tag|@digest]`).
 */
export async function targetFor(text: string, options: RegistryCliOptions, mode: { create: boolean }): Promise<{ target: OciTarget; reference: string; label: string }> {
  const reference = parseReference(text);
  if (reference.kind === 'layout') {
    const target = await LayoutTarget.open(reference.path, { create: mode.create });
    return { target, reference: tagOrDigest(reference), label: text };
  }
  const target = RegistryTarget.fromReference(reference, {
    plainHttp: options.plainHttp,
    insecure: options.insecure,
    credentials: await credentials(options),
  });
  return { target, reference: tagOrDigest(reference), label: text };
}
