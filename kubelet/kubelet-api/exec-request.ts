/** The kubelet's /exec query: `command` (repeated), and `stdin`/`stdout`/`stderr`/`tty` flags. */

export interface ExecRequest {
  readonly command: readonly string[];
  readonly tty: boolean;
  readonly stdin: boolean;
  readonly stdout: boolean;
  readonly stderr: boolean;
}

/**
 * The kube-apiserver sends the flags to the kubelet as `=1`; kubectl talking to a kubelet
 * directly sends `=true`: both mean yes.
 */
export function execRequestFromQuery(query: URLSearchParams): ExecRequest {
  const flag = (name: string): boolean => /^(1|true)$/i.test(query.get(name) ?? '');
  return { command: query.getAll('command'), tty: flag('tty'), stdin: flag('stdin'), stdout: flag('stdout'), stderr: flag('stderr') };
}
