import { randomBytes } from "node:crypto";
import { ApiError, notFound } from "../../../errors/api-error.js";

/** A finished upload: the file it was written to and its length. */
export interface ReceivedUpload {
  path: string;
  bytes: number;
}

export interface UploadTarget {
  site: string;
  device: string;
  /** The segments table row the file belongs to. */
  segmentId: string;
}

interface Slot extends UploadTarget {
  upload: string;
  /** Set when the device's PUT arrived: the id is spent, a second PUT is refused. */
  receiving: boolean;
  resolve(received: ReceivedUpload): void;
  reject(err: Error): void;
}

/**
 * Single-use upload ids the hub hands a device with a segmentUpload command. An id names one file from
 * one device: another device's PUT is refused (403), and once a PUT for it began, or the hub stopped
 * waiting, it is unknown (404). The waiting side gets the stored file, or why there is none.
 */
export class UploadSlots {
  private readonly slots = new Map<string, Slot>();

  /** A new id for `target` and the promise of its upload. */
  open(target: UploadTarget): { upload: string; received: Promise<ReceivedUpload> } {
    // 24 random bytes: 32 base64url characters, within the command schema's 16..64.
    const upload = randomBytes(24).toString("base64url");
    const received = new Promise<ReceivedUpload>((resolve, reject) => {
      this.slots.set(upload, { ...target, upload, receiving: false, resolve, reject });
    });
    // The waiter may already have given up when a late failure arrives; that is not an unhandled error.
    received.catch(() => undefined);
    return { upload, received };
  }

  /** The slot a device's PUT may fill; throws NOT_FOUND or FORBIDDEN otherwise. */
  claim(upload: string, caller: { site: string; device: string }): UploadTarget {
    const slot = this.slots.get(upload);
    if (!slot || slot.receiving) throw notFound(`upload ${upload} (unknown, expired or already used)`);
    if (slot.site !== caller.site || slot.device !== caller.device) {
      throw new ApiError("FORBIDDEN", "this upload was requested from another device");
    }
    slot.receiving = true;
    return { site: slot.site, device: slot.device, segmentId: slot.segmentId };
  }

  /** The device's PUT stored the whole file. */
  complete(upload: string, received: ReceivedUpload): void {
    const slot = this.take(upload);
    slot?.resolve(received);
  }

  /** The upload failed or the hub stopped waiting: the waiter gets `err`, later PUTs get 404. */
  fail(upload: string, err: Error): void {
    const slot = this.take(upload);
    slot?.reject(err);
  }

  /** Whether the hub still waits for `upload` (a PUT that finishes after this is false is discarded). */
  isOpen(upload: string): boolean {
    return this.slots.has(upload);
  }

  get size(): number {
    return this.slots.size;
  }

  /** Ends every wait, e.g. at shutdown. */
  failAll(err: Error): void {
    for (const upload of [...this.slots.keys()]) this.fail(upload, err);
  }

  private take(upload: string): Slot | undefined {
    const slot = this.slots.get(upload);
    this.slots.delete(upload);
    return slot;
  }
}
