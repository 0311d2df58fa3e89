/**
 * The optional alert sound: a short two-tone beep made with WebAudio (no audio file to ship). Browsers
 * only let a page start audio after a user gesture, so `unlock` is called from the click that turns
 * sound on or starts the session.
 */
export class AlertSound {
  private context: AudioContext | undefined;

  unlock(): void {
    const Ctor = globalThis.AudioContext;
    if (!Ctor) return;
    this.context ??= new Ctor();
    void this.context.resume().catch(() => undefined);
  }

  beep(): void {
    const ctx = this.context;
    if (ctx?.state !== "running") return;
    const start = ctx.currentTime;
    for (const [offset, frequency] of [
      [0, 880],
      [0.18, 660],
    ] as const) {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.frequency.value = frequency;
      // A quick rise and fall: an abrupt square edge clicks in the speakers.
      gain.gain.setValueAtTime(0, start + offset);
      gain.gain.linearRampToValueAtTime(0.2, start + offset + 0.02);
      gain.gain.linearRampToValueAtTime(0, start + offset + 0.16);
      osc.connect(gain).connect(ctx.destination);
      osc.start(start + offset);
      osc.stop(start + offset + 0.17);
    }
  }

  close(): void {
    void this.context?.close().catch(() => undefined);
    this.context = undefined;
  }
}
