"""Throw-away RTSP server for Sitewatch integration tests (started by rtsp-server.ts).

Serves one H.264 stream on 127.0.0.1 at the mount path given on the command line, in one of two modes:
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


def launch_line(args: argparse.Namespace) -> str:
    if args.mode == "udp":
        # A large socket buffer: a keyframe of a 768x576 clip is many datagrams arriving at once.
        source = (
            f'udpsrc address=127.0.0.1 port={args.udp_port} buffer-size=4194304 caps="{RTP_CAPS}" '
            "! rtph264depay"
        )
    else:
        source = f'filesrc location="{args.clip}" ! qtdemux'
    # config-interval=-1 repeats SPS/PPS with every keyframe, so a client joining mid-stream can decode.
    return f"( {source} ! h264parse ! rtph264pay name=pay0 pt=96 config-interval=-1 )"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--path", default="/stream")
    parser.add_argument("--mode", choices=["file", "udp"], default="file")
    parser.add_argument("--clip")
    parser.add_argument("--udp-port", type=int)
    args = parser.parse_args()

    Gst.init(None)
    server = GstRtspServer.RTSPServer()
    server.set_address("127.0.0.1")
    server.set_service(str(args.port))
    factory = GstRtspServer.RTSPMediaFactory()
    factory.set_launch(launch_line(args))
    # Live mode: all clients watch the same stream; file mode: each client starts the file from the beginning.
    factory.set_shared(args.mode == "udp")
    server.get_mount_points().add_factory(args.path, factory)
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
