#!/usr/bin/python3
"""gst-rtsp-server peer for the camstream fan-out benchmark (benchmarks/scripts/run-server-benchmark.sh).

Serves the same access units as the Java server at the same rate: an appsrc fed by a thread that pushes
one access unit every 1/30 s on an absolute schedule (the GStreamer counterpart of RtspServer.send()),
then h264parse ! rtph264pay (pt 96, SPS/PPS before every IDR, 1400-byte payloads like camstream),
one shared media for all clients.

Usage: gst_rtsp_server.py <units.bin>   (records of 32-bit big-endian length + Annex-B access unit)
Control on stdin/stdout, same as org.camstream.bench.server.ServerChild:
  prints "READY <port>" (mount /stream); "MARK" starts a window; "REPORT <file>" writes the window's
  push start times (CLOCK_MONOTONIC ns, the clock of Java's System.nanoTime) one per line and prints
  "REPORT fed=.. sendP50=.. ..."; "QUIT" stops.
"""
import math
import struct
import sys
import threading
import time

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtspServer  # noqa: E402

FPS = 30
LAUNCH = ("( appsrc name=src is-live=true do-timestamp=true format=time "
          "caps=video/x-h264,stream-format=byte-stream,alignment=au,framerate=30/1 "
          "! h264parse ! rtph264pay name=pay0 pt=96 config-interval=-1 mtu=1412 )")


def read_units(path):
    units = []
    with open(path, "rb") as f:
        data = f.read()
    p = 0
    while p + 4 <= len(data):
        (n,) = struct.unpack(">I", data[p:p + 4])
        units.append(data[p + 4:p + 4 + n])
        p += 4 + n
    return units


class Peer:
    def __init__(self, units):
        self.units = units
        self.appsrc = None
        self.index = 0
        self.lock = threading.Lock()
        self.starts = []
        self.durations = []
        self.running = True

    def on_configure(self, _factory, media):
        src = media.get_element().get_by_name_recurse_up("src")
        with self.lock:
            self.appsrc = src
            self.index = 0  # the clip starts with an IDR

    def feed(self):
        period = 1_000_000_000 // FPS
        nxt = time.monotonic_ns()
        while self.running:
            wait = nxt - time.monotonic_ns()
            if wait > 0:
                time.sleep(wait / 1e9)
            with self.lock:
                src = self.appsrc
                unit = self.units[self.index]
                self.index = (self.index + 1) % len(self.units)
            if src is not None:
                t0 = time.monotonic_ns()
                src.emit("push-buffer", Gst.Buffer.new_wrapped(unit))
                t1 = time.monotonic_ns()
                with self.lock:
                    self.starts.append(t0)
                    self.durations.append(t1 - t0)
            nxt += period
            # late (stall): catch up, but never closer than half a period (same rule as ServerChild)
            now = time.monotonic_ns()
            if nxt - now < period // 2:
                nxt = now + period // 2


def percentile(sorted_values, q):
    if not sorted_values:
        return 0
    rank = max(1, min(len(sorted_values), math.ceil(q * len(sorted_values))))
    return sorted_values[rank - 1]


def control(peer, loop):
    mark = 0
    for line in sys.stdin:
        line = line.strip()
        if line == "MARK":
            with peer.lock:
                mark = len(peer.starts)
            print("OK", flush=True)
        elif line.startswith("REPORT "):
            with peer.lock:
                starts = peer.starts[mark:]
                lat = sorted(peer.durations[mark:])
            with open(line[7:].strip(), "w") as f:
                f.write("".join("%d\n" % t for t in starts))
            print("REPORT fed=%d sendP50=%d sendP99=%d sendP999=%d sendMax=%d" % (
                len(starts), percentile(lat, 0.5), percentile(lat, 0.99), percentile(lat, 0.999),
                lat[-1] if lat else 0), flush=True)
        elif line == "QUIT":
            break
    peer.running = False
    loop.quit()


def main():
    Gst.init(None)
    peer = Peer(read_units(sys.argv[1]))
    server = GstRtspServer.RTSPServer()
    server.set_address("127.0.0.1")
    server.set_service("0")
    server.set_backlog(256)
    factory = GstRtspServer.RTSPMediaFactory()
    factory.set_launch(LAUNCH)
    factory.set_shared(True)
    factory.connect("media-configure", peer.on_configure)
    server.get_mount_points().add_factory("/stream", factory)
    server.attach(None)
    print("READY %d" % server.get_bound_port(), flush=True)
    loop = GLib.MainLoop()
    threading.Thread(target=peer.feed, daemon=True).start()
    threading.Thread(target=control, args=(peer, loop), daemon=True).start()
    loop.run()
    print("BYE", flush=True)


if __name__ == "__main__":
    main()
