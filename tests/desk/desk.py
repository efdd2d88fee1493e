# desk.py: starting a desk for a test and talking to it over HTTP (tests/desk/security.py,
# tests/desk/bench.py).  Standard library only.
import http.client
import os
import re
import shutil
import socket
import subprocess
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
