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
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'desk'))
from desk import Client, bench_desk, pct  # noqa: E402

THINK = float(os.environ.get('THINK', '1'))
P = os.path.abspath(os.environ.get('PAISANO', 'bin/paisano'))
WORK = os.path.abspath('build/bench/office')


def main():
    src, agencies, srv = bench_desk(P, WORK, '--templates', os.path.abspath('templates'),
                                    office=('jefa', 'jefa-password-1234'))
    lat, errors, stop = [], [], threading.Event()
    lock = threading.Lock()

    def editor(a):
        c = Client(srv.port)
        c.login('ed-' + a, 'editor-password-' + a)
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
