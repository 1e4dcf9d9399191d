#!/usr/bin/env python3
"""Draws Shopdock's app icons with the standard library only, so anyone can regenerate them
byte for byte: `python3 icons/make_icons.py` (writes next to this script).

The mark: a parcel resting in a dock (a U-shaped tray) in white on a dark rounded square, with
cyan and pink offset copies behind it, the two accent colours sellers know from TikTok.
Every shape is a rounded rectangle drawn from its signed distance, which gives anti-aliased
edges at any size without supersampling; each size is drawn directly rather than scaled down.
"""

import math
import os
import struct
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))

BG_TOP = (0x1B, 0x26, 0x3B)
BG_BOTTOM = (0x0B, 0x11, 0x20)
CYAN = (0x25, 0xF4, 0xEE)
PINK = (0xFE, 0x2C, 0x55)
WHITE = (0xFF, 0xFF, 0xFF)
TAPE = (0xC9, 0xD3, 0xE0)

# The glyph in unit coordinates (0..1, y down): (x0, y0, x1, y1, corner radius).
PARCEL = (0.35, 0.28, 0.65, 0.55, 0.035)
TAPE_STRIPE = (0.475, 0.28, 0.525, 0.41, 0.0)
TRAY = [
    (0.20, 0.62, 0.80, 0.72, 0.04),  # floor of the dock
    (0.20, 0.50, 0.29, 0.72, 0.04),  # left wall
    (0.71, 0.50, 0.80, 0.72, 0.04),  # right wall
]
GLYPH = [PARCEL] + TRAY
BACKGROUND = (0.03, 0.03, 0.97, 0.97, 0.22)
SHADOW_OFFSET = 0.022


def rounded_rect_distance(px, py, rect):
    """Signed distance from (px, py) to a rounded rectangle: negative inside."""
    x0, y0, x1, y1, r = rect
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    hx, hy = (x1 - x0) / 2 - r, (y1 - y0) / 2 - r
    qx, qy = abs(px - cx) - hx, abs(py - cy) - hy
    outside = math.hypot(max(qx, 0.0), max(qy, 0.0))
    inside = min(max(qx, qy), 0.0)
    return outside + inside - r


def coverage(px, py, rects, pixel, dx=0.0, dy=0.0):
    """How much of the pixel at (px, py) the union of `rects` (shifted by dx, dy) covers."""
    d = min(rounded_rect_distance(px - dx, py - dy, r) for r in rects)
    return min(max(0.5 - d / pixel, 0.0), 1.0)


def over(dst, src, alpha):
    """Composites colour `src` with opacity `alpha` over the premultiplied-free RGBA `dst`."""
    r, g, b, a = dst
    out_a = alpha + a * (1 - alpha)
    if out_a == 0:
        return (0.0, 0.0, 0.0, 0.0)
    mix = [(s * alpha + d * a * (1 - alpha)) / out_a for s, d in zip(src, (r, g, b))]
    return (mix[0], mix[1], mix[2], out_a)


def render(size):
    pixel = 1.0 / size
    rows = []
    for y in range(size):
        py = (y + 0.5) * pixel
        row = bytearray()
        for x in range(size):
            px = (x + 0.5) * pixel
            bg = coverage(px, py, [BACKGROUND], pixel)
            t = py
            bg_colour = tuple(a + (b - a) * t for a, b in zip(BG_TOP, BG_BOTTOM))
            rgba = over((0.0, 0.0, 0.0, 0.0), bg_colour, bg)
            rgba = over(rgba, CYAN, coverage(px, py, GLYPH, pixel, -SHADOW_OFFSET, -SHADOW_OFFSET))
            rgba = over(rgba, PINK, coverage(px, py, GLYPH, pixel, SHADOW_OFFSET, SHADOW_OFFSET))
            rgba = over(rgba, WHITE, coverage(px, py, GLYPH, pixel))
            rgba = over(rgba, TAPE, coverage(px, py, [TAPE_STRIPE], pixel))
            row += bytes(
                [round(min(max(c, 0.0), 255.0)) for c in rgba[:3]] + [round(rgba[3] * 255)]
            )
        rows.append(bytes(row))
    return rows


def png_bytes(rows):
    """Encodes 8-bit RGBA rows as a PNG (filter 0 on every row, fixed compression level)."""
    height, width = len(rows), len(rows[0]) // 4

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    raw = b"".join(b"\x00" + row for row in rows)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


def ico_bytes(pngs):
    """An .ico whose entries are PNGs (supported since Windows Vista), largest last."""
    header = struct.pack("<HHH", 0, 1, len(pngs))
    offset = 6 + 16 * len(pngs)
    entries, blobs = b"", b""
    for size, data in pngs:
        dim = 0 if size >= 256 else size
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(data), offset)
        blobs += data
        offset += len(data)
    return header + entries + blobs


def main():
    cache = {}

    def png(size):
        if size not in cache:
            cache[size] = png_bytes(render(size))
        return cache[size]

    outputs = {
        "32x32.png": 32,
        "128x128.png": 128,
        "128x128@2x.png": 256,
        "icon.png": 512,
    }
    for name, size in outputs.items():
        with open(os.path.join(HERE, name), "wb") as f:
            f.write(png(size))
    with open(os.path.join(HERE, "icon.ico"), "wb") as f:
        f.write(ico_bytes([(s, png(s)) for s in (16, 32, 48, 64, 128, 256)]))


if __name__ == "__main__":
    main()
