# security.py PROGRAM OUTDIR: the desk's security and data tests over HTTP (issue 17), as TAP.
# Starts desks on free loopback ports with copies of guide-src/ in OUTDIR, and kills them at the
# end.  Each test names the protection it checks; without it the test fails.
import hashlib
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from desk import Client, Server, Tap, add_user, desk_dirs, preparing_invierno, wait  # noqa: E402

prog, out = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
os.makedirs(out, exist_ok=True)
result = Tap()
servers = []


def firma(page):
    """The sign-off paragraph of an agency page."""
    m = re.search(r'<p[^>]*id="firma-estado">.*?</p>', page.text, re.S)
    return m.group(0) if m else page.text[-600:]


def sha(b):
    return hashlib.sha256(b).hexdigest()


def start(name, *extra):
    # The tests follow Invierno 2026 while it is being prepared: before it was published and
    # before Semana Santa 2027 was started from it (then the desk's edition is Invierno 2026).
    src, data = desk_dirs(out, name)
    preparing_invierno(src)
    return src, data


PW = {'ana': 'ana-password-1234', 'beto': 'beto-password-1234', 'jefa': 'jefa-password-1234',
      'imprenta': 'imprenta-pass-1234', 'victima': 'victima-pass-1234'}

# ----- accounts -----
src, data = start('a')
r = add_user(prog, data, src, 'ana', 'editor', 'bienestar', PW['ana'])
result(r.returncode == 0 and 'added ana (editor of bienestar)' in r.stdout, 'user add: password from standard input', r.stderr)
add_user(prog, data, src, 'beto', 'editor', 'inm', PW['beto'])
add_user(prog, data, src, 'jefa', 'office', None, PW['jefa'])
add_user(prog, data, src, 'imprenta', 'printer', None, PW['imprenta'])
add_user(prog, data, src, 'victima', 'editor', 'anam', PW['victima'])
r = add_user(prog, data, src, 'gen', 'office')
m = re.search(r'password \(shown once\): (\S{20})', r.stdout)
result(r.returncode == 0 and m is not None, 'user add: a generated password is printed once', r.stdout + r.stderr)
gen_pw = m.group(1) if m else ''
r = add_user(prog, data, src, 'corta', 'office', None, 'short')
result(r.returncode == 1 and 'at least' in r.stderr, 'user add: a short password is refused', r.stderr)
r = add_user(prog, data, src, 'x', 'editor', 'no-such', 'long-enough-password')
result(r.returncode == 2 and 'no agency' in r.stderr, 'user add: an unknown agency is refused', r.stderr)
r = add_user(prog, data, src, 'ana', 'office', None, 'long-enough-password')
result(r.returncode == 1 and 'already' in r.stderr, 'user add: a login cannot be added twice', r.stderr)
r = subprocess.run([prog, 'user', 'list', '--data', data], capture_output=True, text=True)
result(r.returncode == 0 and 'ana\teditor\tbienestar\tactive' in r.stdout and 'jefa\toffice\t-\tactive' in r.stdout,
       'user list', r.stdout + r.stderr)
db = open(os.path.join(data, 'desk.sqlite'), 'rb').read()
result(PW['ana'].encode() not in db and b'$argon2id$' in db, 'passwords are kept as Argon2id hashes only')

r = subprocess.run([prog, 'serve', '--listen', '0.0.0.0:0', '--src', src, '--data', data], capture_output=True, text=True, timeout=30)
result(r.returncode == 2 and 'not a loopback address' in r.stderr, 'serve: a non-loopback address needs TLS or --behind-proxy', r.stderr)
r = subprocess.run([prog, 'serve', '--src', src, '--data', os.path.join(src, 'desk')], capture_output=True, text=True, timeout=30)
result(r.returncode == 2 and 'inside the sources' in r.stderr, 'serve: the data directory cannot be inside guide-src', r.stderr)

A = Server(prog, src, data, log=os.path.join(out, 'serve-a.log'))
servers.append(A)


def check_headers(r, what):
    h = r.headers
    ok = ("default-src 'self'" in (h.get('Content-Security-Policy') or '') and
          "frame-ancestors 'none'" in (h.get('Content-Security-Policy') or '') and
          h.get('X-Content-Type-Options') == 'nosniff' and h.get('Referrer-Policy') == 'same-origin')
    result(ok, 'headers CSP, nosniff, Referrer-Policy on ' + what, str(dict(h)))


anon = Client(A.port)
r = anon.get('/')
result(r.status == 303 and r.header('Location') == '/ingresar', 'not logged in: / goes to the log-in page', r.status)
check_headers(r, 'a redirect')
r = anon.get('/agencia/bienestar')
result(r.status == 303, 'not logged in: an agency page goes to the log-in page', r.status)
r = anon.get('/ingresar')
check_headers(r, 'the log-in page')
check_headers(anon.get('/no/such/page'), 'a 404')
check_headers(anon.get('/desk.css'), 'the stylesheet')
cookie = [c for c in r.cookies() if c.startswith('paisano_sesion=')]
result(cookie and 'HttpOnly' in cookie[0] and 'SameSite=Strict' in cookie[0] and 'Secure' not in cookie[0],
       'session cookie HttpOnly, SameSite=Strict (no Secure over plain HTTP)', cookie)
r = anon.post('/ingresar', {'usuario': 'nadie', 'clave': 'x' * 12})
result(r.status == 401 and 'incorrectos' in r.text, 'no default accounts: an unknown login is refused', r.status)

# ----- log-in, session ids, log-out -----
ana = Client(A.port)
ana.get('/ingresar')
before = ana.cookie
r = ana.post('/ingresar', {'usuario': 'ana', 'clave': PW['ana']})
result(r.status == 303 and ana.cookie and ana.cookie != before, 'a new session id at log-in', (r.status, before, ana.cookie))
old = Client(A.port)
old.cookie = before
r = old.get('/')
result(r.status == 303 and r.header('Location') == '/ingresar', 'the session id from before log-in opens nothing', r.status)
r = ana.get('/')
result(r.status == 303 and r.header('Location') == '/agencia/bienestar', 'an editor starts on their agency', r.header('Location'))
page = ana.get('/agencia/bienestar')
result(page.status == 200 and 'Versión actual' in page.text and 'fuera del escritorio' in page.text,
       'the agency page shows the current version (recorded from guide-src as made outside the desk)', page.text[:400])
check_headers(page, 'an agency page')

# logout ends the session on the server
tmp = Client(A.port)
tmp.login('ana', PW['ana'])
saved = tmp.cookie
r = tmp.post('/salir', {})
result(r.status == 303, 'log-out', r.status)
replay = Client(A.port)
replay.cookie = saved
r = replay.get('/agencia/bienestar')
result(r.status == 303 and r.header('Location') == '/ingresar', 'log-out ends the session on the server (the old cookie opens nothing)', r.status)

# ----- roles -----
def send(c, method, path, form):
    """A GET, or a POST of form (multipart to /enviar, as the page sends it)."""
    if method == 'GET':
        return c.get(path)
    return c.post_multipart(path, form) if path.endswith('/enviar') else c.post(path, form)


printer = Client(A.port)
printer.login('imprenta', PW['imprenta'])
for c, method, path, form, name in (
        (ana, 'GET', '/agencia/inm', None, 'an editor gets 403 for another agency\'s page'),
        (ana, 'GET', '/agencia/inm/historial', None, 'an editor gets 403 for another agency\'s history'),
        (ana, 'POST', '/agencia/inm/enviar', {'base': '1', 'texto': 'x'}, 'an editor gets 403 submitting for another agency'),
        (ana, 'POST', '/agencia/inm/firmar', {'version': '1'}, 'an editor gets 403 signing off another agency'),
        (printer, 'GET', '/agencia/bienestar', None,
         'the printer gets 403 on an agency page (drafts; issue 18: published editions only)'),
        (printer, 'POST', '/agencia/bienestar/enviar', {'base': '1', 'texto': 'x'}, 'the printer gets 403 submitting'),
        (printer, 'POST', '/agencia/bienestar/firmar', {'version': '1'}, 'the printer gets 403 signing off')):
    r = send(c, method, path, form)
    result(r.status == 403 and 'Enviar una nueva versión' not in r.text, name, r.status)
office = Client(A.port)
office.login('jefa', PW['jefa'])
r = office.get('/agencia/inm')
result(r.status == 200 and 'Enviar una nueva versión' in r.text, 'the office opens any agency and can submit', r.status)
r = office.get('/agencias')
result(r.status == 200 and '/agencia/sre' in r.text, 'the office sees every agency', r.status)

# ----- every route against every role: each refusal comes from the role or agency check (its
# message), not from a missing CSRF token (the POSTs carry the session's), so the test of a route
# fails when its check is taken out (tests/desk/mutations.py) -----
beto = Client(A.port)
beto.login('beto', PW['beto'])
for c, home in ((ana, '/agencias'), (beto, '/agencias'), (office, '/oficina/nueva'), (printer, '/imprenta')):
    c.get(home)     # the session's CSRF token, for the POSTs below
result(all(c.csrf for c in (ana, beto, office, printer)), 'every role\'s session has its CSRF token for the route checks',
       [c.csrf for c in (ana, beto, office, printer)])
inm_page = office.get('/agencia/inm')
m = re.search(r'name="base" value="(\d+)"', inm_page.text)
inm_sub = m.group(1) if m else '0'
ROLE_REFUSED = 'Su cuenta no tiene permiso para esta página.'
AGENCY_REFUSED = 'Su cuenta es de otra agencia'
EDITING = ('beto', 'office')
# (method, the route as the table writes it, a path, form, who may use it: the agency routes name
# inm, so beto (inm's editor) may, and ana (bienestar's) is refused by the agency check)
ROUTES = [
    ('GET', 'agencias', '/agencias', None, ('ana', 'beto', 'office')),
    ('GET', 'agencia/{a}', '/agencia/inm', None, EDITING),
    ('POST', 'agencia/{a}/enviar', '/agencia/inm/enviar', {'base': inm_sub, 'texto': 'x'}, EDITING),
    ('GET', 'agencia/{a}/envio/{n}', '/agencia/inm/envio/' + inm_sub, None, EDITING),
    ('GET', 'agencia/{a}/envio/{n}/archivo', '/agencia/inm/envio/%s/archivo' % inm_sub, None, EDITING),
    ('GET', 'agencia/{a}/historial', '/agencia/inm/historial', None, EDITING),
    ('GET', 'agencia/{a}/comparar', '/agencia/inm/comparar?a=%s&b=%s' % (inm_sub, inm_sub), None, EDITING),
    ('POST', 'agencia/{a}/firmar', '/agencia/inm/firmar', {'version': inm_sub}, EDITING),
    ('GET', 'agencia/{a}/pruebas/{f}', '/agencia/inm/pruebas/inm-p1.png', None, EDITING),
    ('GET', 'oficina', '/oficina', None, ('office',)),
    ('GET', 'oficina/trabajos', '/oficina/trabajos', None, ('office',)),
    ('POST', 'oficina/borrador', '/oficina/borrador', {}, ('office',)),
    ('GET', 'oficina/borrador/archivo', '/oficina/borrador/archivo?nombre=jobsheet.txt', None, ('office',)),
    ('POST', 'oficina/publicar', '/oficina/publicar', {}, ('office',)),
    ('GET', 'oficina/cambios', '/oficina/cambios?agencia=inm', None, ('office',)),
    ('GET', 'oficina/nueva', '/oficina/nueva', None, ('office',)),
    ('POST', 'oficina/nueva', '/oficina/nueva', {'id': '2099-x', 'desde': '2026-verano', 'temporada': 'verano',
                                                 'inicio': '2099-06-01', 'fin': '2099-08-01', 'fecha': '2099-05-01'},
     ('office',)),
    ('GET', 'imprenta', '/imprenta', None, ('office', 'printer')),
    ('POST', 'imprenta/preparar', '/imprenta/preparar', {'edicion': '2026-verano'}, ('office', 'printer')),
    ('GET', 'imprenta/archivo', '/imprenta/archivo?edicion=2026-verano&nombre=jobsheet.txt', None, ('office', 'printer')),
]
WHO = {'ana': (ana, 'bienestar\'s editor'), 'beto': (beto, 'inm\'s editor'), 'office': (office, 'the office'),
       'printer': (printer, 'the printer')}
for method, pattern, path, form, allowed in ROUTES:
    route = '%s /%s' % (method, pattern)     # as in the route table (src/desk/routes.c)
    for key in ('ana', 'beto', 'office', 'printer'):
        if key in allowed:
            continue
        c, who = WHO[key]
        r = send(c, method, path, form)
        why = AGENCY_REFUSED if key == 'ana' and '/agencia/inm' in path else ROLE_REFUSED
        result(r.status == 403 and why in r.text, 'route check: %s refuses %s (403)' % (route, who), (r.status, r.text[-300:]))
    r = Client(A.port).request(method, path)
    result(r.status == 303 and r.header('Location') == '/ingresar' if method == 'GET' else r.status == 403,
           'route check: %s refuses a visitor not logged in' % route, r.status)
for path in ('/agencia/inm', '/agencia/inm/historial', '/agencia/inm/envio/' + inm_sub):
    r = beto.get(path)
    result(r.status == 200, 'route check: GET %s opens for inm\'s editor' % path, r.status)
# a submission is reached through its own agency only, and an editor lists only their agency
r = ana.get('/agencia/bienestar/envio/' + inm_sub)
result(r.status == 404 and 'Esta agencia no tiene ese envío' in r.text,
       'agency check: another agency\'s submission is not shown under one\'s own agency', r.status)
r = ana.get('/agencia/bienestar/envio/%s/archivo' % inm_sub)
result(r.status == 404 and b'<agency' not in r.body,
       'agency check: another agency\'s submission is not downloaded under one\'s own agency', r.status)
own = re.search(r'name="base" value="(\d+)"', ana.get('/agencia/bienestar').text)
r = ana.get('/agencia/bienestar/comparar?a=%s&b=%s' % (own.group(1) if own else '0', inm_sub))
result(r.status == 404, 'agency check: another agency\'s submission is not compared under one\'s own agency', r.status)
r = ana.get('/agencias')
result(r.status == 200 and '/agencia/bienestar"' in r.text and '/agencia/inm"' not in r.text,
       'agency check: an editor\'s list of agencies holds their own only', r.status)

# the print shop: published editions only (guide-src/published/log.tsv), and only the files made
# from the published snapshot itself (its SHA-256); here Invierno 2026 is not published
imp = os.path.join(data, 'imprenta')
for ed in ('2026-invierno', '2026-verano'):
    os.makedirs(os.path.join(imp, ed), exist_ok=True)
    for f in ('jobsheet.txt', ed + '-screen.pdf'):
        open(os.path.join(imp, ed, f), 'w').write('a draft of %s, not the published edition\n' % ed)
    open(os.path.join(imp, ed, ed + '.model.xml'), 'w').write('<not-the-published-snapshot/>\n')
r = printer.get('/imprenta')
result(r.status == 200 and 'id="edicion-2026-verano"' in r.text and 'edicion-2026-invierno' not in r.text and
       'nombre=jobsheet.txt' not in r.text, 'the print shop lists the published editions only, without files not made from '
       'their snapshot', r.text[-1500:])
r = printer.get('/imprenta/archivo?edicion=2026-invierno&nombre=jobsheet.txt')
result(r.status == 404, 'the print shop serves no file of an edition not published', r.status)
r = printer.get('/imprenta/archivo?edicion=2026-verano&nombre=jobsheet.txt')
result(r.status == 404, 'the print shop serves no file beside a snapshot that is not the published one', r.status)
shutil.copy(os.path.join(src, 'published', '2026-verano.model.xml'), os.path.join(imp, '2026-verano', '2026-verano.model.xml'))
r = printer.get('/imprenta/archivo?edicion=2026-verano&nombre=jobsheet.txt')
result(r.status == 200 and 'a draft of 2026-verano' in r.text, 'beside the published snapshot, the print shop serves its job sheet', r.status)
res = [(f, printer.get('/imprenta/archivo?edicion=2026-verano&nombre=' + f).status)
       for f in ('2026-verano-screen.pdf', '2026-verano.model.xml')]
result(all(s == 404 for _, s in res), 'the print shop serves the print files only', res)
shutil.rmtree(imp)
if os.environ.get('DESK_ROLES_ONLY'):    # tests/desk/mutations.py: the route checks alone
    A.stop()
    result.plan()
    sys.exit(1 if result.failed else 0)

# ----- CSRF -----
bien = os.path.join(src, 'agencies', 'bienestar.xml')
orig = open(bien, 'rb').read()
subs_before = len(re.findall(r'/envio/\d+"', ana.get('/agencia/bienestar/historial').text))
r = ana.post_multipart('/agencia/bienestar/enviar', {'base': '1', 'texto': orig.decode()}, csrf=False)
result(r.status == 403 and 'CSRF' in r.text, 'a submission without the CSRF token is refused', r.status)
r = ana.post_multipart('/agencia/bienestar/enviar', {'base': '1', 'texto': orig.decode(), 'csrf': 'a' * 64}, csrf=False)
result(r.status == 403, 'a submission with a wrong CSRF token is refused', r.status)
r = office.post_multipart('/agencia/bienestar/enviar', {'base': '1', 'texto': orig.decode(), 'csrf': ana.csrf}, csrf=False)
result(r.status == 403, 'another session\'s CSRF token is refused', r.status)
subs_after = len(re.findall(r'/envio/\d+"', ana.get('/agencia/bienestar/historial').text))
result(subs_before == subs_after, 'nothing was kept from the refused requests', (subs_before, subs_after))
r = ana.post('/agencia/bienestar/firmar', {'version': '1'}, csrf=False)
result(r.status == 403, 'a sign-off without the CSRF token is refused', r.status)
r = ana.post('/salir', {}, csrf=False)
result(r.status == 403 and ana.get('/agencia/bienestar').status == 200, 'a log-out without the CSRF token is refused', r.status)
login_csrf = Client(A.port)
login_csrf.get('/ingresar')
r = login_csrf.post('/ingresar', {'usuario': 'ana', 'clave': PW['ana']}, csrf=False)
result(r.status == 403, 'a log-in without the form\'s CSRF token is refused', r.status)
r = ana.get('/agencia/bienestar')
forms = len(re.findall(r'<form method="post"', r.text))
tokens = len(re.findall(r'<form method="post"[^>]*>\s*(?:<p>[^<]*)?<input type="hidden" name="csrf"', r.text))
result(forms >= 3 and forms == tokens, 'every POST form on the agency page carries the token', (forms, tokens))

# ----- submissions -----
bad = orig.replace(b'>800 639 4264<', b'>01 800 639 4264<')
bad_line = orig[:orig.index(b'>800 639 4264<')].count(b'\n') + 1
r, sub = ana.submit('bienestar', bad)
result(r.status == 303 and sub is not None, 'a submission is checked and answered with its page', r.status)
p = ana.get('/agencia/bienestar/envio/%d' % sub)
result('con errores' in p.text and ('línea %d' % bad_line) in p.text and 'que se eliminó en 2019' in p.text and
       '01 800 639 4264' in p.text, 'with errors: the message at its line, with the source line under it', p.text[-1500:])
result(open(bien, 'rb').read() == orig, 'with errors: guide-src/agencies/bienestar.xml is unchanged')
good = orig.replace(b'>800 639 4264<', b'>800 639 4265<')
r, sub2 = ana.submit('bienestar', good.decode(), textarea=True)
p = ana.get('/agencia/bienestar/envio/%d' % sub2)
result('aceptada' in p.text, 'without errors (from the text area): accepted', p.text[-800:])
result(open(bien, 'rb').read() == good, 'the accepted version is written into guide-src/agencies/')
result('800 639 4264' in p.text and '800 639 4265' in p.text and '-&gt;' in p.text,
       'the page shows what changed (paisano diff: old -> new)', p.text[-1500:])
r = subprocess.run([prog, 'check', '--src', src], capture_output=True, text=True)
result(r.returncode == 0, 'paisano check sees the accepted version and passes', r.stdout[-400:])
d = ana.get('/agencia/bienestar/envio/%d/archivo' % sub)
result(d.status == 200 and d.body == bad and 'attachment' in (d.header('Content-Disposition') or ''),
       'a submission with errors is kept, its bytes downloadable', d.status)
h = ana.get('/agencia/bienestar/historial')
result('con errores' in h.text and 'aceptada' in h.text and 'fuera del escritorio' in h.text, 'the history lists every submission', h.text[-800:])
c = ana.get('/agencia/bienestar/comparar?a=%d&b=%d' % (sub, sub2))
result(c.status == 200 and '<del>' in c.text or '-&gt;' in c.text, 'the diff between any two submissions', c.text[-600:])

# no silent overwrite
cur = re.search(r'name="base" value="(\d+)"', ana.get('/agencia/bienestar').text).group(1)
v1 = good.replace(b'>800 639 4265<', b'>800 639 4266<')
v2 = good.replace(b'>800 639 4265<', b'>800 639 4267<')
r, s1 = ana.submit('bienestar', v1, base=cur)
r, s2 = office.submit('bienestar', v2, base=cur)
p = office.get('/agencia/bienestar/envio/%d' % s2)
result('rechazada' in p.text and 'La versión actual' in p.text and 'Este envío' in p.text and
       open(bien, 'rb').read() == v1, 'a submission made from a version no longer current is refused, showing both', p.text[-800:])

# wrong agency
inm = open(os.path.join(src, 'agencies', 'inm.xml'), 'rb').read()
r, s3 = ana.submit('bienestar', inm)
p = ana.get('/agencia/bienestar/envio/%d' % s3)
result('rechazada' in p.text and 'inm' in p.text and open(bien, 'rb').read() == v1,
       'another agency\'s section is refused', p.text[-600:])

# limits of a source file
deep = b'<?xml version="1.0" encoding="UTF-8"?>\n<agency id="bienestar" xml:lang="es">' + b'<p>' * 60 + b'</p>' * 60 + b'</agency>\n'
r, s4 = ana.submit('bienestar', deep)
p = ana.get('/agencia/bienestar/envio/%d' % s4)
result('se anidan a más de' in p.text and 'con errores' in p.text, 'upload limits: nesting depth, with the source\'s message', p.text[-600:])
latin = v1.replace('Bienestar'.encode(), 'Biénestar'.encode('latin-1'), 1)
r, s5 = ana.submit('bienestar', latin)
p = ana.get('/agencia/bienestar/envio/%d' % s5)
result('no es UTF-8 válido' in p.text, 'upload limits: encoding, with the source\'s message', p.text[-600:])
big = b'x' * (16 * 1024 * 1024 + 128 * 1024)
r = ana.post_multipart('/agencia/bienestar/enviar', {'base': '1'}, big)
result(r.status == 413 and '16 MiB' in r.text, 'upload limits: a body over the source size limit gets 413 with a message', r.status)
result(open(bien, 'rb').read() == v1, 'the refused uploads changed nothing')

# escaping
hostile = v1.replace(b'>800 639 4266</phone>', b'>01 800 639 4266</phone><!-- <script>alert(1)</script> -->')
r, s6 = ana.submit('bienestar', hostile)
p = ana.get('/agencia/bienestar/envio/%d' % s6)
at = v1.index(b'<text xml:lang="es">', v1.index(b'<p>'))
hostile_ok = v1[:at] + b'<text xml:lang="es">&lt;script&gt;alert(2)&lt;/script&gt; ' + v1[at + len(b'<text xml:lang="es">'):]
r, s7 = ana.submit('bienestar', hostile_ok)
p7 = ana.get('/agencia/bienestar/envio/%d' % s7)
pg = ana.get('/agencia/bienestar')
cur = re.search(r'name="base" value="(\d+)"', pg.text).group(1)
pc = ana.get('/agencia/bienestar/comparar?a=%s&b=%d' % (cur, s7))
allp = p.text + p7.text + pg.text + pc.text
result('<script' not in allp and '&lt;script&gt;alert(1)' in p.text and
       '&lt;script&gt;alert(2)' in pc.text,
       'a section containing <script> shows as text in the page, the diagnostics and the diff',
       [l for l in allp.splitlines() if 'script' in l][:5])

# paths
bad_paths = ['/agencia/bienestar/pruebas/../../desk.sqlite', '/agencia/bienestar/pruebas/%2e%2e%2f%2e%2e%2fdesk.sqlite',
             '/agencia/%2e%2e/pruebas/x.png', '/agencia/bienestar/../../desk.log', '/desk.css/../desk.sqlite',
             '/agencia/bienestar/pruebas/..%2fdesk.log', '//etc/passwd', '/agencia/bienestar/pruebas/.proof-keys']
res = [(bp, ana.get(bp).status) for bp in bad_paths]
result(all(s in (400, 404) for _, s in res), 'no URL reaches a file outside the proofs: ../, %2e%2e, //', res)
wait(lambda: any(f.endswith('.png') for f in os.listdir(os.path.join(data, 'proofs', 'bienestar')))
     if os.path.isdir(os.path.join(data, 'proofs', 'bienestar')) else False, 60)
pics = sorted(f for f in os.listdir(os.path.join(data, 'proofs', 'bienestar')) if f.endswith('.png'))
r = ana.get('/agencia/bienestar/pruebas/' + pics[0]) if pics else None
result(r is not None and r.status == 200 and r.body[:8] == b'\x89PNG\r\n\x1a\n' and r.header('Content-Type') == 'image/png',
       'a proof picture is served', pics)
if pics:
    check_headers(r, 'a picture')
os.symlink(os.path.join(data, 'desk.sqlite'), os.path.join(data, 'proofs', 'bienestar', 'bienestar-p999.png'))
r = ana.get('/agencia/bienestar/pruebas/bienestar-p999.png')
result(r.status == 404, 'a symbolic link among the proofs is not followed', r.status)

# sign-off: on the desk and in the edition manifest, where check and publish read it
man = os.path.join(src, 'editions', '2026-invierno.xml')
m0 = open(man).read()
m1 = re.sub(r'\n\s*<signoff agency="bienestar"[^>]*/>', '', m0)
open(man, 'w').write(m1)
r = subprocess.run([prog, 'check', '--src', src], capture_output=True, text=True)
missing = 'agency "bienestar" has content in this edition but has not signed it off'
result(r.returncode == 1 and missing in r.stdout, 'without its sign-off the edition does not check', r.stdout[-300:])
pg = ana.get('/agencia/bienestar')
cur = re.search(r'name="version" value="(\d+)"', pg.text).group(1)
r = ana.post('/agencia/bienestar/firmar', {'version': cur})
pg = ana.get('/agencia/bienestar')
result(r.status == 303 and 'Firmada: ana firmó la versión ' + cur in pg.text, 'sign-off of the version on screen', (r.status, firma(pg)))
m2 = open(man).read()
r = subprocess.run([prog, 'check', '--src', src], capture_output=True, text=True)
result(r.returncode == 0 and missing not in r.stdout and re.search(r'<signoff agency="bienestar" editor="ana" date="\d{4}-\d\d-\d\d" revision="2" sha256="[0-9a-f]{64}"/>', m2)
       and re.sub(r'\n\s*<signoff agency="bienestar"[^>]*/>', '', m2) == m1,
       'the desk\'s sign-off is recorded in the edition manifest (only that element), and paisano check sees it', r.stdout[-300:])
r = ana.post('/agencia/bienestar/firmar', {'version': '1'})
result(r.status == 409, 'signing off a version that is no longer current is refused', r.status)
v3 = open(bien, 'rb').read().replace(b'>800 639 4266<', b'>800 639 4268<')
ana.submit('bienestar', v3)
pg = ana.get('/agencia/bienestar')
result('Firma desactualizada' in pg.text, 'a later change makes the sign-off stale, and the page says so', firma(pg))
# a sign-off recorded on the command line (paisano signoff) shows on the desk: the manifest and
# the desk agree
r = subprocess.run([prog, 'signoff', '--src', src, '--edition', '2026-invierno', '--agency', 'bienestar',
                    '--editor', 'Mtra. Elena Juárez'], capture_output=True, text=True)
pg = ana.get('/agencia/bienestar')
lst = ana.get('/agencias')
result(r.returncode == 0 and 'Firmada: Mtra. Elena Juárez firmó en el manifiesto' in pg.text and
       re.search(r'bienestar</a></th>(<td>[^<]*</td>){3}<td>vigente</td>', lst.text),
       'a sign-off made with paisano signoff shows as current on the agency page and the list', r.stderr + firma(pg))
v4 = open(bien, 'rb').read().replace(b'>800 639 4268<', b'>800 639 4269<')
ana.submit('bienestar', v4)
pg = ana.get('/agencia/bienestar')
lst = ana.get('/agencias')
result('Firma desactualizada: Mtra. Elena Juárez firmó en el manifiesto' in pg.text and
       re.search(r'bienestar</a></th>(<td>[^<]*</td>){3}<td>desactualizada</td>', lst.text),
       'a later change makes the command line\'s sign-off stale on the page and the list', firma(pg))
m5 = open(man).read()
open(man, 'w').write(re.sub(r'\n\s*<signoff agency="bienestar"[^>]*/>', '', m5))
pg = ana.get('/agencia/bienestar')
result('Falta la firma de esta sección' in pg.text, 'a sign-off removed from the manifest is missing on the page too', firma(pg))
open(man, 'w').write(m5)

# a change made outside the desk
with open(bien, 'ab') as f:
    f.write(b'<!-- editado a mano -->\n')
pg = ana.get('/agencia/bienestar')
h = ana.get('/agencia/bienestar/historial')
result(h.text.count('cambio hecho fuera del escritorio') >= 2 and 'fuera del escritorio' in pg.text,
       'a file changed in guide-src/ is recorded as a version made outside the desk', h.text[-600:])

# log-in throttling per account: five failures, then even the right password waits
for i in range(5):
    Client(A.port).login('victima', 'wrong-password-%d' % i)
r = Client(A.port).login('victima', PW['victima'])
result(r.status == 429, 'log-in throttling per account after 5 failures', r.status)
r = Client(A.port).login('jefa', PW['jefa'])
result(r.status == 303, 'other accounts still log in', r.status)

# the request log
log = open(os.path.join(data, 'desk.log')).read()
result(re.search(r'\tana\tGET /agencia/bienestar\t200\t', log) and re.search(r'\t-\tGET /\t303\t', log) and
       re.search(r'\tana\tGET /agencia/inm\t403\t', log),
       'every request is logged: time, account, route, result', log[-500:])
everything = log + open(os.path.join(out, 'serve-a.log')).read()
result(not any(p in everything for p in PW.values()) and 'wrong-password' not in everything,
       'passwords are never logged')

# concurrent submissions from different agencies
agencies = ['anam', 'banjercito', 'capufe', 'dif', 'fgr', 'ifdp']
for a in agencies:
    add_user(prog, data, src, 'ed-' + a, 'editor', a, 'editor-password-' + a)
results = {}


def one(a):
    c = Client(A.port)
    c.login('ed-' + a, 'editor-password-' + a)
    body = open(os.path.join(src, 'agencies', a + '.xml'), 'rb').read() + ('<!-- %s -->\n' % a).encode()
    r, s = c.submit(a, body)
    results[a] = (s, body, c.get('/agencia/%s/envio/%d' % (a, s)).text if s else '')


ts = [threading.Thread(target=one, args=(a,)) for a in agencies]
[t.start() for t in ts]
[t.join() for t in ts]
ok = all(results.get(a) and results[a][0] and 'aceptada' in results[a][2] and
         open(os.path.join(src, 'agencies', a + '.xml'), 'rb').read() == results[a][1] for a in agencies)
result(ok, 'submissions from %d agencies at once are all kept, checked and accepted' % len(agencies),
       {a: (results.get(a) or [None])[0] for a in agencies})

A.stop()

# ----- TLS: --tls-cert and --tls-key, with a certificate made for the test -----
srct, datat = start('tls')
add_user(prog, datat, srct, 'ana', 'editor', 'bienestar', PW['ana'])
cert, key = os.path.join(out, 'tls-cert.pem'), os.path.join(out, 'tls-key.pem')
r = subprocess.run(['openssl', 'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert,
                    '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'],
                   capture_output=True, text=True)
result(r.returncode == 0, 'openssl makes a self-signed certificate for the TLS tests', r.stderr)
T = Server(prog, srct, datat, '--tls-cert', cert, '--tls-key', key, log=os.path.join(out, 'serve-t.log'))
servers.append(T)
import ssl  # noqa: E402
ctx = ssl.create_default_context(cafile=cert)
c = Client(T.port, tls=ctx)
r = c.get('/ingresar')
cookie = [x for x in r.cookies() if x.startswith('paisano_sesion=')]
result(T.scheme == 'https' and r.status == 200 and cookie and 'Secure' in cookie[0] and 'HttpOnly' in cookie[0] and
       'SameSite=Strict' in cookie[0], 'TLS: the desk serves HTTPS (certificate verified), session cookie Secure', (T.scheme, r.status, cookie))
r = c.post('/ingresar', {'usuario': 'ana', 'clave': PW['ana']})
p = c.get('/agencia/bienestar')
result(r.status == 303 and p.status == 200 and 'Sección de bienestar' in p.text and
       all('Secure' in x for x in r.cookies()), 'TLS: log-in and an agency page over HTTPS', (r.status, p.status))
try:
    plain = Client(T.port).get('/ingresar')
    plain_ok = plain.status == 200
except Exception:  # noqa: BLE001
    plain_ok = False
result(not plain_ok, 'TLS: no page over plain HTTP on the HTTPS port')
T.stop()
servers.remove(T)
r = subprocess.run([prog, 'serve', '--listen', '0.0.0.0:0', '--tls-cert', cert, '--src', srct, '--data', datat],
                   capture_output=True, text=True, timeout=30)
result(r.returncode == 2 and 'both --tls-cert and --tls-key' in r.stderr, 'serve: --tls-cert without --tls-key is refused', r.stderr)
r = subprocess.run([prog, 'serve', '--listen', '127.0.0.1:0', '--tls-cert', key, '--tls-key', key, '--src', srct, '--data', datat],
                   capture_output=True, text=True, timeout=30)
result(r.returncode == 2 and 'cannot read' in r.stderr, 'serve: a file that is no certificate is refused', r.stderr)
# a non-loopback address is served with TLS, or behind a proxy (started, then stopped at once)
for extra in (['--tls-cert', cert, '--tls-key', key], ['--behind-proxy']):
    W = Server(prog, srct, datat, '--listen', '0.0.0.0:0', *extra, log=os.path.join(out, 'serve-t.log'))
    result(W.proc.poll() is None and W.scheme == ('https' if '--tls-cert' in extra else 'http'),
           'serve: a non-loopback address is served with ' + ' '.join(x for x in extra if x.startswith('--')))
    W.stop()

# ----- a second desk: Secure cookies behind a proxy, server-side expiry, throttling per address -----
srcb, datab = start('b')
add_user(prog, datab, srcb, 'ana', 'editor', 'bienestar', PW['ana'])
add_user(prog, datab, srcb, 'jefa', 'office', None, PW['jefa'])
B = Server(prog, srcb, datab, '--behind-proxy', '--session-ttl', '2', log=os.path.join(out, 'serve-b.log'))
servers.append(B)
c = Client(B.port)
r = c.get('/ingresar')
result(any('Secure' in x for x in r.cookies()), 'Secure cookies behind a TLS proxy', r.cookies())
c.post('/ingresar', {'usuario': 'ana', 'clave': PW['ana']})
r1 = c.get('/agencia/bienestar')
time.sleep(3.5)
r2 = c.get('/agencia/bienestar')
result(r1.status == 200 and r2.status == 303, 'sessions expire on the server (--session-ttl 2)', (r1.status, r2.status))
for i in range(20):
    Client(B.port).login('nadie%d' % i, 'wrong-password')
r = Client(B.port).login('jefa', PW['jefa'])
result(r.status == 429, 'log-in throttling per address after 20 failures', r.status)
r = Client(B.port).request('GET', '/ingresar', headers={'X-Forwarded-For': '10.9.8.7'})
B.stop()

if os.environ.get('DESK_QUICK'):    # tests/desk/mutations.py: the security tests, without the kill -9 rounds
    for s in servers:
        s.stop()
    result.plan()
    sys.exit(1 if result.failed else 0)

# ----- kill -9 during submissions: file and store agree, and the desk starts again -----
srck, datak = start('k')
for a in agencies:
    add_user(prog, datak, srck, 'ed-' + a, 'editor', a, 'editor-password-' + a)
agree = True
detail = []
for round_ in range(4):
    K = Server(prog, srck, datak, log=os.path.join(out, 'serve-k.log'))
    stop = threading.Event()

    def hammer(a, port=K.port, stop=stop):
        c = Client(port)
        try:
            c.login('ed-' + a, 'editor-password-' + a)
            i = 0
            while not stop.is_set():
                body = open(os.path.join(srck, 'agencies', a + '.xml'), 'rb').read()
                body = re.sub(rb'\n<!-- r\d+ -->\n$', b'\n', body) + ('<!-- r%d -->\n' % i).encode()
                c.submit(a, body)
                i += 1
        except Exception:
            pass
    ts = [threading.Thread(target=hammer, args=(a,)) for a in agencies]
    [t.start() for t in ts]
    time.sleep(1.0 + round_ * 0.37)
    K.proc.send_signal(signal.SIGKILL)
    K.proc.wait()
    K.log.close()
    stop.set()
    [t.join() for t in ts]
    K = Server(prog, srck, datak, log=os.path.join(out, 'serve-k.log'))
    time.sleep(0.5)
    con = sqlite3.connect(os.path.join(datak, 'desk.sqlite'))
    for a in agencies:
        row = con.execute('SELECT c.sha256 FROM current c WHERE c.agency = ?', (a,)).fetchone()
        fh = sha(open(os.path.join(srck, 'agencies', a + '.xml'), 'rb').read())
        outside = con.execute("SELECT COUNT(*) FROM submissions WHERE agency = ? AND author = 'fuera del escritorio'", (a,)).fetchone()[0]
        if row is None or row[0] != fh or outside != 1:
            agree = False
            detail.append((round_, a, row, fh, outside))
    pend = con.execute('SELECT COUNT(*) FROM pending').fetchone()[0]
    n_subs = con.execute('SELECT COUNT(*) FROM submissions').fetchone()[0]
    con.close()
    if pend:
        agree = False
        detail.append(('pending', pend))
    r = Client(K.port).get('/ingresar')
    if r.status != 200:
        agree = False
        detail.append(('restart', r.status))
    K.stop()
result(agree and n_subs > 4 * len(agencies), 'kill -9 during submissions (4 times): every file agrees with the store, '
       'no version counted as made outside, the desk starts again (%d submissions)' % n_subs, detail)

for s in servers:
    s.stop()
result.plan()
sys.exit(1 if result.failed else 0)
