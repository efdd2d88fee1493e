#!/usr/bin/env python3
"""Draws guide-src/images/holograma.png: a windshield with the permit sticker (CC0).

Pure Python (zlib only) so it runs anywhere; 600 x 360 px, 8-bit grayscale, flat shapes
suitable for print at 300 dpi (50 x 30 mm).
"""
import struct, sys, zlib

W, H = 600, 360
px = bytearray([255] * (W * H))

def fill(pred, v):
    for y in range(H):
        for x in range(W):
            if pred(x, y):
                px[y * W + x] = v

def windshield(x, y, inset=0):
    top, bot = 40 + inset, 330 - inset
    if not (top <= y <= bot):
        return False
    t = (y - top) / (bot - top)
    half = 200 + 70 * t - inset
    return abs(x - 300) <= half

fill(lambda x, y: windshield(x, y), 60)            # frame
fill(lambda x, y: windshield(x, y, 14), 225)       # glass
fill(lambda x, y: 360 <= x <= 450 and 80 <= y <= 150, 40)    # sticker border
fill(lambda x, y: 366 <= x <= 444 and 86 <= y <= 144, 140)   # sticker
fill(lambda x, y: (x - 405) ** 2 + (y - 115) ** 2 <= 16 ** 2, 250)  # hologram disc
fill(lambda x, y: 260 <= x <= 340 and 18 <= y <= 34, 60)      # rear-view mirror mount

raw = b"".join(b"\x00" + bytes(px[y * W:(y + 1) * W]) for y in range(H))
def chunk(t, d):
    c = struct.pack(">I", len(d)) + t + d
    return c + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", W, H, 8, 0, 0, 0, 0))
png += chunk(b"pHYs", struct.pack(">IIB", 11811, 11811, 1))   # 300 dpi
png += chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")
open(sys.argv[1] if len(sys.argv) > 1 else "guide-src/images/holograma.png", "wb").write(png)
