#!/usr/bin/env python3
"""office.py: `make bench`, the office part (issue 18): editors submitting while the office builds.

Starts `paisano serve` on a free loopback port with a copy of guide-src/, an office account and
one editor per agency (24).  The office starts a draft build (POST /oficina/borrador); while it
runs, every editor loops: submit a new version (a changed phone number), read its page (the
diagnostics), think THINK seconds (default 1).  Prints the build's time, how many submissions
were made during it, the errors, and p50/p95 from submit to diagnostics shown.  Target (issue
18): no request fails, p95 <= 300 ms during a build.  Measures and prints, never fails; bounded:
loopback only, 24 clients, at most 300 s.
"""
import os
import re
import shutil
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'desk'))
from desk import Client, Server, add_user, copy_tree  # noqa: E402

THINK = float(os.environ.get('THINK', '1'))
P = os.path.abspath(os.environ.get('PAISANO', 'bin/paisano'))
WORK = os.path.abspath('build/bench/office')


def pct(xs, p):
    if not xs:
        return float('nan')
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def main():
    shutil.rmtree(WORK, ignore_errors=True)
    os.makedirs(WORK)
    src, data = os.path.join(WORK, 'src'), os.path.join(WORK, 'data')
    copy_tree('guide-src', src)
    agencies = sorted(f[:-4] for f in os.listdir(os.path.join(src, 'agencies')) if f.endswith('.xml'))
    add_user(P, data, src, 'jefa', 'office', None, 'jefa-password-1234')
    for a in agencies:
        add_user(P, data, src, 'ed-' + a, 'editor', a, 'editor-password-1234')
    srv = Server(P, src, data, '--templates', os.path.abspath('templates'), log=os.path.join(WORK, 'serve.log'))
    lat, errors, stop = [], [], threading.Event()
    lock = threading.Lock()

    def editor(a):
        c = Client(srv.port)
        c.login('ed-' + a, 'editor-password-1234')
        text = open(os.path.join(src, 'agencies', a + '.xml'), 'rb').read()
        i = 0
        while not stop.is_set():
            i += 1
            body = text.replace(b'</agency>', ('<!-- %d -->\n</agency>' % i).encode(), 1)
            t0 = time.time()
            try:
                r, num = c.submit(a, body)
                ok = r.status == 303 and num is not None and c.get('/agencia/%s/envio/%d' % (a, num)).status == 200
            except Exception as e:  # noqa: BLE001
                ok, r = False, e
            with lock:
                if ok:
                    lat.append(time.time() - t0)
                else:
                    errors.append(str(getattr(r, 'status', r)))
            time.sleep(THINK)

    try:
        office = Client(srv.port)
        office.login('jefa', 'jefa-password-1234')
        office.get('/oficina/trabajos')
        t0 = time.time()
        r = office.post('/oficina/borrador', {})
        threads = [threading.Thread(target=editor, args=(a,)) for a in agencies]
        for t in threads:
            t.start()
        while time.time() - t0 < 300 and 'Construyendo' in office.get('/oficina/trabajos').text:
            time.sleep(0.5)
        build_s = time.time() - t0
        stop.set()
        for t in threads:
            t.join()
        page = office.get('/oficina/trabajos').text
        done = 'está listo' in page
    finally:
        srv.stop()
    print('desk during a build: build %s in %.1f s (started: %d); %d submissions by %d editors, %d errors; '
          'submit -> diagnostics p50 %.0f ms, p95 %.0f ms (target p95 300 ms, 0 errors)' %
          ('done' if done else 'NOT done', build_s, r.status, len(lat), len(agencies), len(errors),
           pct(lat, 50) * 1e3, pct(lat, 95) * 1e3))
    if errors:
        print('  errors: ' + ', '.join(sorted(set(errors))[:10]))


if __name__ == '__main__':
    main()
