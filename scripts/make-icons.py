#!/usr/bin/env python3
"""Draws the NeuroLive app icons (assets/icon.svg, icon-192.png, icon-512.png): a spike trace on the
accent colour of style/main.css. Standard library only (zlib + struct write the PNGs), so the icons can
be redrawn without downloading anything. The output is committed; rerun only to change the logo."""

import math
import struct
import zlib
from pathlib import Path

ACCENT = (0x0A, 0x5F, 0x96)  # --accent in style/main.css
WHITE = (0xFF, 0xFF, 0xFF)
# The favicon's trace (index.html), in its 16-unit box: rest, upstroke, undershoot, recovery.
TRACE = [(1, 10), (5, 10), (7, 2), (9, 14), (11, 8), (15, 8)]
# The trace sits in the central 62.5 % of the icon, inside the safe zone of masked launcher icons.
BOX0, UNIT = 3 / 16, 0.625 / 16
STROKE = 1.5  # trace width in trace units
RADIUS = 0.22  # corner radius of the tile, fraction of the side


def seg_dist(px, py, ax, ay, bx, by):
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - ax - t * dx, py - ay - t * dy)


def tile_dist(px, py, n):
    """Signed distance (pixels) from the rounded square tile's edge, negative inside."""
    r = RADIUS * n
    qx, qy = abs(px - n / 2) - (n / 2 - r), abs(py - n / 2) - (n / 2 - r)
    return math.hypot(max(qx, 0), max(qy, 0)) + min(max(qx, qy), 0) - r


def png(n):
    pts = [((BOX0 + UNIT * x) * n, (BOX0 + UNIT * y) * n) for x, y in TRACE]
    segs = list(zip(pts, pts[1:]))
    half = STROKE * UNIT * n / 2
    rows = bytearray()
    for j in range(n):
        rows.append(0)  # PNG filter: none
        for i in range(n):
            px, py = i + 0.5, j + 0.5
            # Coverage from the signed distance: a one-pixel ramp anti-aliases the edges.
            a_tile = min(1.0, max(0.0, 0.5 - tile_dist(px, py, n)))
            d = min(seg_dist(px, py, *a, *b) for a, b in segs) - half
            a_line = min(1.0, max(0.0, 0.5 - d))
            rgb = [round(c0 * (1 - a_line) + c1 * a_line) for c0, c1 in zip(ACCENT, WHITE)]
            rows += bytes(rgb) + bytes([round(255 * a_tile)])

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", n, n, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(bytes(rows), 9))
            + chunk(b"IEND", b""))


def svg():
    s = 512
    path = " ".join(f"{'M' if k == 0 else 'L'}{(BOX0 + UNIT * x) * s:g} {(BOX0 + UNIT * y) * s:g}"
                    for k, (x, y) in enumerate(TRACE))
    colour = "#%02x%02x%02x" % ACCENT
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {s} {s}">'
            f'<rect width="{s}" height="{s}" rx="{RADIUS * s:g}" fill="{colour}"/>'
            f'<path d="{path}" fill="none" stroke="#fff" stroke-width="{STROKE * UNIT * s:g}" '
            f'stroke-linecap="round" stroke-linejoin="round"/></svg>\n')


if __name__ == "__main__":
    out = Path(__file__).resolve().parent.parent / "assets"
    out.mkdir(exist_ok=True)
    (out / "icon.svg").write_text(svg())
    for n in (192, 512):
        (out / f"icon-{n}.png").write_bytes(png(n))
