"""Throw-away RTSP server for Sitewatch integration tests (started by rtsp-server.ts).

Serves H.264 streams on 127.0.0.1, one per --path (each with its own --clip or --udp-port, in the same
order; e.g. a seats camera and a gate camera on one server), in one of two modes:
  file  - every client gets its own pass over an mp4 (qtdemux), which ends after one pass;
  udp   - one shared live stream fed by RTP on a local UDP port (ffmpeg -stream_loop -1 -f rtp), so it never ends.
Prints "READY <port>" once listening, so the caller does not have to poll the port.
"""

import argparse
import signal
import sys

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtspServer  # noqa: E402

RTP_CAPS = "application/x-rtp,media=video,encoding-name=H264,payload=96,clock-rate=90000"


def launch_line(mode: str, feed: "str | int") -> str:
    if mode == "udp":
        # A large socket buffer: a keyframe of a 768x576 or 1280x720 clip is many datagrams arriving at once.
        source = (
            f'udpsrc address=127.0.0.1 port={feed} buffer-size=4194304 caps="{RTP_CAPS}" '
            "! rtph264depay"
        )
    else:
        source = f'filesrc location="{feed}" ! qtdemux'
    # config-interval=-1 repeats SPS/PPS with every keyframe, so a client joining mid-stream can decode.
    return f"( {source} ! h264parse ! rtph264pay name=pay0 pt=96 config-interval=-1 )"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--path", action="append")
    parser.add_argument("--mode", choices=["file", "udp"], default="file")
    parser.add_argument("--clip", action="append")
    parser.add_argument("--udp-port", type=int, action="append")
    args = parser.parse_args()
    paths = args.path or ["/stream"]
    feeds = (args.udp_port if args.mode == "udp" else args.clip) or []
    if len(feeds) != len(paths):
        parser.error("give one --clip (file mode) or --udp-port (udp mode) per --path")

    Gst.init(None)
    server = GstRtspServer.RTSPServer()
    server.set_address("127.0.0.1")
    server.set_service(str(args.port))
    for path, feed in zip(paths, feeds):
        factory = GstRtspServer.RTSPMediaFactory()
        factory.set_launch(launch_line(args.mode, feed))
        # Live mode: all clients watch the same stream; file mode: each client starts the file from the beginning.
        factory.set_shared(args.mode == "udp")
        server.get_mount_points().add_factory(path, factory)
    if server.attach(None) == 0:
        print(f"ERROR cannot listen on 127.0.0.1:{args.port}", flush=True)
        return 2

    loop = GLib.MainLoop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, sig, loop.quit)
    print(f"READY {server.get_bound_port()}", flush=True)
    loop.run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
