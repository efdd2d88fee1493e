"""print_widths.py PDF: the print PDF's fonts declare the characters drawn, and only those.

For each CIDFontType2 font (libharu's UTF-8 fonts, whose CIDs are the characters' UCS-2
values): the characters of its ToUnicode map are the characters drawn; its /W array lists
no other character, its CIDToGIDMap ends with the last of them, and each one's width (from
/W, else /DW) is its glyph's advance in the embedded font (hmtx, 1/1000 em, truncated as
libharu computes it).  Prints one line per font; exits 1 on the first mismatch."""
import base64
import json
import re
import struct
import subprocess
import sys


def stream(objs, ref):
    """The decoded bytes of stream object ref ("N 0 R")."""
    return base64.b64decode(objs[ref]["stream"]["data"])


def advances(font):
    """(unitsPerEm, [advance of each long metric]) of a TrueType file's bytes."""
    n = struct.unpack(">H", font[4:6])[0]
    tables = {}
    for i in range(n):
        tag, _, off, length = struct.unpack(">4sIII", font[12 + 16 * i:28 + 16 * i])
        tables[tag] = (off, length)
    upem = struct.unpack(">H", font[tables[b"head"][0] + 18:tables[b"head"][0] + 20])[0]
    nhm = struct.unpack(">H", font[tables[b"hhea"][0] + 34:tables[b"hhea"][0] + 36])[0]
    hmtx = tables[b"hmtx"][0]
    return upem, [struct.unpack(">H", font[hmtx + 4 * g:hmtx + 4 * g + 2])[0] for g in range(nhm)]


def main():
    doc = json.loads(subprocess.run(["qpdf", "--json", "--json-stream-data=inline",
                                     "--decode-level=generalized", sys.argv[1]],
                                    check=True, capture_output=True).stdout)
    objs = {k[4:]: v for k, v in doc["qpdf"][1].items() if k.startswith("obj:")}

    def val(x):
        return objs[x]["value"] if isinstance(x, str) and x.endswith(" R") else x

    def dic(ref):
        o = objs[ref]
        return o["value"] if "value" in o else o["stream"]["dict"]

    fonts = 0
    for ref, o in objs.items():
        d = o.get("value")
        if not isinstance(d, dict) or d.get("/Subtype") != "/Type0":
            continue
        fonts += 1
        name = d["/BaseFont"]
        tu = stream(objs, d["/ToUnicode"]).decode("latin-1")
        drawn = sorted(int(h, 16) for part in re.findall(r"beginbfchar\n(.*?)endbfchar", tu, re.S)
                       for h in re.findall(r"<([0-9A-F]{4})> <[0-9A-F]{4}>", part))
        cid = dic(val(d["/DescendantFonts"])[0])
        dw = cid.get("/DW", 1000)
        widths, w, i = {}, val(cid.get("/W", [])), 0
        while i < len(w):
            first, rest = w[i], val(w[i + 1])
            if isinstance(rest, list):
                for k, x in enumerate(rest):
                    widths[first + k] = x
                i += 2
            else:
                for c in range(first, rest + 1):
                    widths[c] = w[i + 2]
                i += 3
        cmap = stream(objs, cid["/CIDToGIDMap"])
        upem, adv = advances(stream(objs, dic(cid["/FontDescriptor"])["/FontFile2"]))
        extra = sorted(set(widths) - set(drawn))
        if extra:
            print(f"{name}: /W lists {len(extra)} characters not drawn, e.g. U+{extra[0]:04X}")
            return 1
        if not drawn or len(cmap) != 2 * (drawn[-1] + 1):
            print(f"{name}: CIDToGIDMap of {len(cmap)} bytes for characters up to "
                  f"U+{drawn[-1] if drawn else 0:04X}")
            return 1
        for c in drawn:
            g = struct.unpack(">H", cmap[2 * c:2 * c + 2])[0]
            want = adv[min(g, len(adv) - 1)] * 1000 // upem
            if g == 0 or widths.get(c, dw) != want:
                print(f"{name}: U+{c:04X} is glyph {g}, width {widths.get(c, dw)}; "
                      f"the font's advance is {want}")
                return 1
        print(f"{name}: {len(drawn)} characters drawn, {len(widths)} widths in /W, "
              f"map of {len(cmap)} bytes")
    if fonts == 0:
        print("no Type0 font")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
