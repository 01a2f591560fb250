/**
 * The child side of a peer run: the parent sends the task, the child sets up (migrations,
 * clients: not timed) and says `ready`, then copies the account when told `go`, reports, and
 * waits to be ended.
 */
export interface PeerTask {
  databaseUrl: string;
  emulatorUrl: string;
  secretKey: string;
  stripeAccountId: string;
  /** requests per second the peer may make, where it has such a setting */
  rateLimit: number;
  /** the project's own tables, for the naive baseline */
  projectId?: string;
  connectionId?: string;
}

export interface PeerReport {
  /** objects the peer says it copied, per type */
  synced: Record<string, number>;
}

type Message = { task: PeerTask } | { go: true };

export function runAsPeer(prepare: (task: PeerTask) => Promise<() => Promise<PeerReport>>): void {
  let copy: (() => Promise<PeerReport>) | undefined;
  process.on('message', (message: Message) => {
    const step = 'task' in message
      ? prepare(message.task).then((run) => {
          copy = run;
          process.send!({ ready: true });
        })
      // the parent reads this process's CPU and memory, then ends it
      : copy!().then((report) => void process.send!({ report }));
    step.catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
  });
}
