# desk.py: what the desk's tests and benchmarks share (tests/desk/*.py, tests/bench/desk.py and
# office.py): a copy of guide-src/ with its data directory and accounts, the desk started on a
# free loopback port, a client over HTTP, waits, TAP lines, the browser runs.  Standard library only.
import http.client
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import uuid


def copy_tree(src, dst):
    shutil.rmtree(dst, ignore_errors=True)
    shutil.copytree(src, dst)


def add_user(prog, data, src, login, role, agency=None, password=None):
    args = [prog, 'user', 'add', login, '--role', role, '--data', data, '--src', src]
    if agency:
        args += ['--agency', agency]
    return subprocess.run(args, input=(password + '\n') if password else '', capture_output=True,
                          text=True)


class Server:
    """paisano serve on a free loopback port; stop() kills it."""

    def __init__(self, prog, src, data, *extra, log=None):
        self.log = open(log or os.path.join(os.path.dirname(data.rstrip('/')), 'serve.log'), 'a')
        self.proc = subprocess.Popen([prog, 'serve', '--listen', '127.0.0.1:0', '--src', src,
                                      '--data', data, *extra], stdout=subprocess.PIPE,
                                     stderr=self.log, text=True)
        line = self.proc.stdout.readline()
        m = re.search(r'(https?)://(?:127\.0\.0\.1|0\.0\.0\.0):(\d+)/', line)
        if not m:
            self.proc.kill()
            raise RuntimeError('the desk did not start: ' + line)
        self.scheme, self.port = m.group(1), int(m.group(2))

    def stop(self, sig=None):
        if self.proc.poll() is None:
            if sig is None:
                self.proc.terminate()
            else:
                self.proc.send_signal(sig)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()
        return self.proc.returncode


class Response:
    def __init__(self, r):
        self.status = r.status
        self.headers = r.headers
        self.body = r.read()
        self.text = self.body.decode('utf-8', 'replace')

    def header(self, name):
        return self.headers.get(name)

    def cookies(self):
        return self.headers.get_all('Set-Cookie') or []


class Client:
    """One browser: a cookie jar of one cookie, no automatic redirects."""

    def __init__(self, port, tls=None):
        self.port = port
        self.cookie = None
        self.csrf = None
        self.tls = tls     # an ssl.SSLContext: talk HTTPS

    def request(self, method, path, body=None, headers=None):
        h = dict(headers or {})
        if self.cookie:
            h['Cookie'] = 'paisano_sesion=' + self.cookie
        c = (http.client.HTTPSConnection('127.0.0.1', self.port, timeout=60, context=self.tls) if self.tls
             else http.client.HTTPConnection('127.0.0.1', self.port, timeout=60))
        c.putrequest(method, path, skip_accept_encoding=True)
        for k, v in h.items():
            c.putheader(k, v)
        if body is not None:
            c.putheader('Content-Length', str(len(body)))
        c.endheaders()
        if body is not None:
            c.send(body)
        r = Response(c.getresponse())
        c.close()
        for sc in r.cookies():
            m = re.match(r'paisano_sesion=([^;]*)', sc)
            if m:
                self.cookie = m.group(1) or None
        m = re.search(r'name="csrf" value="([0-9a-f]+)"', r.text)
        if m:
            self.csrf = m.group(1)
        return r

    def get(self, path):
        return self.request('GET', path)

    def post(self, path, fields, csrf=True):
        f = dict(fields)
        if csrf and self.csrf:
            f.setdefault('csrf', self.csrf)
        from urllib.parse import urlencode
        return self.request('POST', path, urlencode(f).encode(),
                            {'Content-Type': 'application/x-www-form-urlencoded'})

    def post_multipart(self, path, fields, file_bytes=None, csrf=True):
        f = dict(fields)
        if csrf and self.csrf:
            f.setdefault('csrf', self.csrf)
        b = uuid.uuid4().hex
        parts = []
        for k, v in f.items():
            parts.append(('--%s\r\nContent-Disposition: form-data; name="%s"\r\n\r\n' % (b, k)).encode()
                         + (v if isinstance(v, bytes) else str(v).encode()) + b'\r\n')
        if file_bytes is not None:
            parts.append(('--%s\r\nContent-Disposition: form-data; name="archivo"; filename="s.xml"\r\n'
                          'Content-Type: application/xml\r\n\r\n' % b).encode() + file_bytes + b'\r\n')
        body = b''.join(parts) + ('--%s--\r\n' % b).encode()
        return self.request('POST', path, body, {'Content-Type': 'multipart/form-data; boundary=' + b})

    def login(self, login, password):
        self.get('/ingresar')
        r = self.post('/ingresar', {'usuario': login, 'clave': password})
        if r.status == 303:
            self.get('/agencias')   # the session's CSRF token
        return r

    def submit(self, agency, data, base=None, textarea=False):
        """POST a version; returns (response of the submit, the submission's number or None)."""
        if base is None:
            page = self.get('/agencia/' + agency)
            m = re.search(r'name="base" value="(\d+)"', page.text)
            base = m.group(1) if m else '0'
        if textarea:
            r = self.post_multipart('/agencia/%s/enviar' % agency, {'base': base, 'texto': data})
        else:
            r = self.post_multipart('/agencia/%s/enviar' % agency, {'base': base}, data)
        loc = r.header('Location') or ''
        m = re.search(r'/envio/(\d+)$', loc)
        return r, (int(m.group(1)) if m else None)


def free_port():
    s = socket.socket()
    s.bind(('127.0.0.1', 0))
    p = s.getsockname()[1]
    s.close()
    return p


def wait(cond, timeout=30, step=0.1):
    end = time.time() + timeout
    while time.time() < end:
        if cond():
            return True
        time.sleep(step)
    return False


class Tap:
    """The TAP lines of a test: result(ok, name, detail) prints "ok N - NAME" or "not ok N - NAME"
    and the first `lines` lines of the detail; plan() prints "1..N"."""

    def __init__(self, lines=15):
        self.n = 0
        self.failed = 0
        self.lines = lines

    def __call__(self, ok, name, detail=''):
        self.n += 1
        print('%s %d - %s' % ('ok' if ok else 'not ok', self.n, name))
        if not ok:
            self.failed += 1
            for line in str(detail).splitlines()[:self.lines]:
                print('#   ' + line)
        sys.stdout.flush()

    def plan(self):
        print('1..%d' % self.n)


def desk_dirs(out, name):
    """A fresh copy of guide-src/ (OUT/NAME-src) and an empty data directory (OUT/NAME-data)."""
    src, data = os.path.join(out, name + '-src'), os.path.join(out, name + '-data')
    copy_tree('guide-src', src)
    shutil.rmtree(data, ignore_errors=True)
    return src, data


def preparing_invierno(src, unpublished=True, unsigned=None):
    """guide-src as it was while Invierno 2026 was prepared: before Semana Santa 2027 was started
    from it, and (unpublished) before it was published; `unsigned`: that agency's sign-off taken
    out of its manifest."""
    os.unlink(os.path.join(src, 'editions', '2027-semana-santa.xml'))
    if unpublished:
        os.unlink(os.path.join(src, 'published', '2026-invierno.model.xml'))
        log = os.path.join(src, 'published', 'log.tsv')
        kept = ''.join(l for l in open(log).read().splitlines(True) if not l.startswith('2026-invierno\t'))
        open(log, 'w').write(kept)
    if unsigned:
        man = os.path.join(src, 'editions', '2026-invierno.xml')
        text, k = re.subn(r'\s*<signoff agency="%s"[^>]*/>' % unsigned, '', open(man, encoding='utf-8').read())
        open(man, 'w', encoding='utf-8').write(text)
        assert k == 1, 'no %s sign-off to remove' % unsigned


def add_users(prog, data, src, users):
    """add_user for each (login, role, agency, password)."""
    for login, role, agency, password in users:
        add_user(prog, data, src, login, role, agency, password)


def agencies(src):
    return sorted(f[:-4] for f in os.listdir(os.path.join(src, 'agencies')) if f.endswith('.xml'))


def pct(xs, p):
    """The p-th percentile of xs (nan for none): the benchmarks' figures."""
    if not xs:
        return float('nan')
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def browser_run(result, script, args, out, ran, what, timeout):
    """Runs the browser path `script` (tests/desk/*.js, on tests/desk/driver.js) and turns its lines
    into results: `ran` (it ran to the end), one per step, and axe, overflow and console errors over
    `what` ("every desk page").  Its output is kept in OUT/SCRIPT.out."""
    r = subprocess.run(['node', script] + args, capture_output=True, text=True, timeout=timeout)
    lines = r.stdout.splitlines()
    open(os.path.join(out, os.path.basename(script)[:-3] + '.out'), 'w').write(r.stdout + r.stderr)
    result(r.returncode == 0, ran, r.stderr[-2000:])
    for l in lines:
        if l.startswith('step '):
            parts = l.split(' ', 3)
            result(parts[2] == 'ok', 'browser: ' + parts[1], parts[3] if len(parts) > 3 else '')
    for want in ['axe-violations 0', 'overflow-360 0', 'console-errors 0']:
        result(want in lines, 'browser: %s, %s' % (what, want), '\n'.join(l for l in lines if not l.startswith('step')))


def vnu(result, files, least, name):
    """The W3C checker (tests/html/node_modules) finds no errors in `files`, at least `least` pages."""
    pages = [f for f in files if f.endswith('.html')]
    v = subprocess.run(['java', '-jar', 'tests/html/node_modules/vnu-jar/build/dist/vnu.jar', '--errors-only'] +
                       (['--also-check-css'] if any(f.endswith('.css') for f in files) else []) + files,
                       capture_output=True, text=True, timeout=300)
    result(v.returncode == 0 and not v.stdout.strip() and not v.stderr.strip() and len(pages) >= least,
           name % len(pages), v.stdout + v.stderr)


def saved_pages(out):
    return sorted(os.path.join(out, f) for f in os.listdir(out) if f.endswith('.html'))


def bench_desk(prog, work, *extra, office=None):
    """The benchmarks' desk, started: a fresh WORK with a copy of guide-src/ (WORK/src, WORK/data),
    one editor per agency (ed-AGENCY, password editor-password-AGENCY) and, if given, the office's
    account (login, password).  Returns (src, agencies, server)."""
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    src, data = os.path.join(work, 'src'), os.path.join(work, 'data')
    copy_tree('guide-src', src)
    names = agencies(src)
    if office:
        add_user(prog, data, src, office[0], 'office', None, office[1])
    for a in names:
        add_user(prog, data, src, 'ed-' + a, 'editor', a, 'editor-password-' + a)
    return src, names, Server(prog, src, data, *extra, log=os.path.join(work, 'serve.log'))
