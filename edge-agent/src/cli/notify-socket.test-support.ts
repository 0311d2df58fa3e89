import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";

const PYTHON = "/usr/bin/python3";

// Node cannot bind a Unix datagram socket, so a few lines of Python stand in for systemd's end of
// NOTIFY_SOCKET and print each datagram as one JSON string per line.
const LISTENER = `
import json, socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
print(json.dumps("listening"), flush=True)
while True:
    print(json.dumps(s.recv(65536).decode()), flush=True)
`;

/** Why the notify tests cannot run here, or undefined when they can. */
export function notifyUnavailableReason(): string | undefined {
  if (!existsSync(PYTHON)) return `${PYTHON} is missing`;
  const notify = ["/usr/bin/systemd-notify", "/bin/systemd-notify"].find((p) => existsSync(p));
  return notify ? undefined : "systemd-notify is missing (Debian package systemd)";
}

export interface NotifySocket {
  path: string;
  /** Every datagram received so far, e.g. "READY=1\\nSTATUS=…". */
  messages: string[];
  close(): void;
}

export async function listenNotifySocket(): Promise<NotifySocket> {
  const dir = mkdtempSync(join(tmpdir(), "notify-"));
  const path = join(dir, "notify.sock");
  const child: ChildProcess = spawn(PYTHON, ["-c", LISTENER, path], { stdio: ["ignore", "pipe", "inherit"] });
  const messages: string[] = [];
  await new Promise<void>((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`notify listener exited with ${code}`)));
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on("line", (line) => {
      const text = JSON.parse(line) as string;
      if (text === "listening") resolve();
      else messages.push(text);
    });
  });
  return {
    path,
    messages,
    close() {
      child.removeAllListeners("exit");
      child.kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
