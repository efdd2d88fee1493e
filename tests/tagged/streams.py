#!/usr/bin/env python3
"""streams.py PDF: every stream of the screen PDF as written (no qpdf rewrite) is compressed
(but the XMP metadata, which PDF/A and PDF/UA readers want plain), and each length written as
an object of its own holds the stream's length.  Prints one "ok"/"not ok" line per check."""
import re
import sys
import zlib

data = open(sys.argv[1], 'rb').read()
objs = {}
for m in re.finditer(rb'(?m)^(\d+) 0 obj\n', data):
    objs[int(m.group(1))] = m.end()     # the last one written (an update) wins
plain, bad_len, bad_z, n = [], [], [], 0
for num, at in objs.items():
    st, eo = data.find(b'\nstream\n', at), data.find(b'endobj', at)
    if st < 0 or st > eo:
        continue
    d = data[at:st]
    start = st + 8
    end = data.find(b'\nendstream', start)
    n += 1
    if b'/Filter' not in d:
        if b'/Metadata' not in d:
            plain.append(num)
        continue
    ref = re.search(rb'/Length (\d+) 0 R', d)
    if ref is not None:
        lo = objs.get(int(ref.group(1)))
        v = re.match(rb'\s*(\d+)\s*\nendobj', data[lo:lo + 32]) if lo is not None else None
        if v is None or int(v.group(1)) != end - start:
            bad_len.append(num)
    if b'/FlateDecode' in d:
        try:
            zlib.decompress(data[start:end])
        except zlib.error:
            bad_z.append(num)
print(('ok' if n > 0 and not plain else 'not ok') + ' streams: %d, none left uncompressed %s' % (n, plain[:5]))
print(('ok' if not bad_len else 'not ok') + ' streams: every /Length object holds its stream\'s length %s' % bad_len[:5])
print(('ok' if not bad_z else 'not ok') + ' streams: every Flate stream inflates %s' % bad_z[:5])
