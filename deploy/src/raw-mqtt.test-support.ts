import { connect, type Socket } from "node:net";

/**
 * A bare MQTT 3.1.1 connection for the broker tests: CONNECT, CONNACK and PINGREQ/PINGRESP, nothing
 * else. Enough to see whether the broker accepts a login and whether it later drops the connection
 * (a session take-over closes the socket), without a client library that would silently reconnect.
 */
export interface RawMqttConnection {
  /** CONNACK return code: 0 accepted, 4 bad username or password, 5 not authorised. */
  returnCode: number;
  /** Set once the broker (or anyone) closed the socket. */
  readonly closed: boolean;
  /** PINGREQ; true on PINGRESP, false if the connection closes instead. */
  ping(): Promise<boolean>;
  end(): void;
}

export interface RawLogin {
  clientId: string;
  username: string;
  password: string;
}

const utf8 = (text: string): Buffer => {
  const bytes = Buffer.from(text);
  return Buffer.concat([Buffer.from([bytes.length >> 8, bytes.length & 0xff]), bytes]);
};

function remainingLength(length: number): Buffer {
  const out: number[] = [];
  let rest = length;
  do {
    const byte = rest % 128;
    rest = Math.floor(rest / 128);
    out.push(rest > 0 ? byte | 0x80 : byte);
  } while (rest > 0);
  return Buffer.from(out);
}

function connectPacket(login: RawLogin): Buffer {
  // Clean session, username and password; keep-alive 60 s (longer than any test).
  const header = Buffer.concat([utf8("MQTT"), Buffer.from([4, 0x02 | 0x80 | 0x40, 0, 60])]);
  const body = Buffer.concat([header, utf8(login.clientId), utf8(login.username), utf8(login.password)]);
  return Buffer.concat([Buffer.from([0x10]), remainingLength(body.length), body]);
}

/** Connects and waits for the CONNACK; rejects if the socket closes or errs before it. */
export async function rawConnect(port: number, login: RawLogin): Promise<RawMqttConnection> {
  const socket: Socket = connect(port, "127.0.0.1");
  let closed = false;
  let onPacket: ((type: number, body: Buffer) => void) | undefined;
  let onClose: (() => void) | undefined;
  let pending = Buffer.alloc(0);
  socket.on("data", (chunk: Buffer) => {
    pending = Buffer.concat([pending, chunk]);
    // The broker only sends CONNACK and PINGRESP here: one-byte remaining lengths.
    while (pending.length >= 2 && pending.length >= 2 + (pending[1] ?? 0)) {
      const size = pending[1] ?? 0;
      onPacket?.((pending[0] ?? 0) >> 4, pending.subarray(2, 2 + size));
      pending = pending.subarray(2 + size);
    }
  });
  socket.on("error", () => socket.destroy());
  socket.on("close", () => {
    closed = true;
    onClose?.();
  });
  const returnCode = await new Promise<number>((resolve, reject) => {
    onPacket = (type, body) => (type === 2 ? resolve(body[1] ?? -1) : undefined);
    onClose = () => reject(new Error(`connection closed before CONNACK (${login.username})`));
    socket.write(connectPacket(login));
  });
  return {
    returnCode,
    get closed() {
      return closed;
    },
    ping: () =>
      new Promise<boolean>((resolve) => {
        if (closed) return resolve(false);
        onPacket = (type) => (type === 13 ? resolve(true) : undefined);
        onClose = () => resolve(false);
        socket.write(Buffer.from([0xc0, 0x00]));
      }),
    end: () => socket.destroy(),
  };
}
