# mkpng.py KIND FILE: small PNG files for tests/t_hardening.sh: good, rgb, truncated, corrupt,
# corruptz (a bad zlib stream), header (an IHDR of 2^31-1 x 2^31-1), bomb (20000 x 20000 of zeros, ~400 KB).
import struct, zlib, sys
def chunk(t, d): return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
def png(w, h, ctype=0, data=None, depth=8):
    ch = {0:1, 2:3, 6:4}[ctype]
    if data is None:
        row = b"\0" + b"\x80" * (w * ch)
        data = zlib.compress(row * h, 9)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, depth, ctype, 0, 0, 0)) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
kind, out = sys.argv[1], sys.argv[2]
if kind == "good": b = png(40, 30)
elif kind == "rgb": b = png(40, 30, 2)
elif kind == "truncated": b = png(200, 200)[:120]
elif kind == "corrupt":
    b = bytearray(png(40, 30)); b[60] ^= 0xff; b = bytes(b)
elif kind == "corruptz":
    good = png(40,30); 
    b = png(40, 30, 0, b"x\x9c" + b"\xff" * 50)
elif kind == "header": b = png(0x7fffffff, 0x7fffffff, 0, zlib.compress(b"\0"*10))
elif kind == "bomb": 
    z = zlib.compressobj(9); row = b"\0" * 20001
    d = b"".join(z.compress(row) for _ in range(20000)) + z.flush()
    b = png(20000, 20000, 0, d)
open(out, "wb").write(b)
