// MediaStreamTrackProcessor (WebCodecs' "breakout box") is not in TypeScript's DOM library yet.
type TrackProcessor = new (init: {
  track: MediaStreamTrack;
  maxBufferSize?: number;
}) => { readable: ReadableStream<VideoFrame> };

/**
 * The camera's frames as a stream a worker can read by itself, or null where the browser has no
 * MediaStreamTrackProcessor (Firefox, Safari): the page then grabs bitmaps itself. The processor keeps
 * only the newest frame, so a slow analysis drops frames at the source instead of queueing them.
 */
export function cameraFrames(stream: MediaStream): ReadableStream<VideoFrame> | null {
  const Processor = (globalThis as { MediaStreamTrackProcessor?: TrackProcessor }).MediaStreamTrackProcessor;
  const track = stream.getVideoTracks()[0];
  if (!Processor || !track) return null;
  return new Processor({ track, maxBufferSize: 1 }).readable;
}
