# office.py PROGRAM OUTDIR: the national office's and the print shop's pages (issue 18) over
# HTTP, as TAP.  One desk on a copy of guide-src/ where Invierno 2026 is being prepared (as in
# security.py) and bienestar's sign-off is missing: the edition at a glance puts bienestar first,
# publish is refused with that reason, the editor signs off, the office builds a draft (one at a
# time) and publishes; the printer sees the published editions only and every download is logged.
# The role checks (403), CSRF and the published-only rule each have a test that fails without them.
import hashlib
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from desk import Client, Server, Tap, add_users, desk_dirs, preparing_invierno, wait  # noqa: E402

prog, out = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
os.makedirs(out, exist_ok=True)
result = Tap()
src, data = desk_dirs(out, 'office')
preparing_invierno(src, unsigned='bienestar')
log = os.path.join(src, 'published', 'log.tsv')

PW = {'jefa': 'jefa-password-1234', 'ana': 'ana-password-1234', 'imprenta': 'imprenta-pass-1234'}
add_users(prog, data, src, [('jefa', 'office', None, PW['jefa']), ('ana', 'editor', 'bienestar', PW['ana']),
                            ('imprenta', 'printer', None, PW['imprenta'])])
os.environ.setdefault('PAISANO_PREFLIGHT', os.path.abspath('../shared/tools/preflight'))
srv = Server(prog, src, data, '--templates', os.path.abspath('templates'), log=os.path.join(out, 'serve-office.log'))
try:
    jefa, ana, printer = Client(srv.port), Client(srv.port), Client(srv.port)
    for c, who in ((jefa, 'jefa'), (ana, 'ana'), (printer, 'imprenta')):
        c.login(who, PW[who])

    # ----- roles: the office's pages are the office's; the printer sees no draft -----
    for path in ('/oficina', '/oficina/trabajos', '/oficina/borrador/archivo?nombre=jobsheet.txt'):
        r = ana.get(path)
        result(r.status == 403, 'an editor gets 403 on GET ' + path, r.status)
        r = printer.get(path)
        result(r.status == 403, 'the printer gets 403 on GET ' + path, r.status)
    for path in ('/oficina/borrador', '/oficina/publicar'):
        r = ana.post(path, {})
        result(r.status == 403, 'an editor gets 403 on POST ' + path, r.status)
        r = printer.post(path, {})
        result(r.status == 403, 'the printer gets 403 on POST ' + path, r.status)
    for path in ('/agencias', '/agencia/bienestar', '/agencia/bienestar/historial'):
        r = printer.get(path)
        result(r.status == 403, 'the printer gets 403 on the drafts: ' + path, r.status)
    r = ana.get('/imprenta')
    result(r.status == 403, 'an editor gets 403 on the print shop', r.status)
    r = printer.get('/')
    result(r.status == 303 and r.header('Location') == '/imprenta', 'the printer starts at /imprenta', r.status)
    r = jefa.post('/oficina/borrador', {}, csrf=False)
    result(r.status == 403, 'POST /oficina/borrador without the CSRF token: 403', r.status)
    r = jefa.post('/oficina/publicar', {}, csrf=False)
    result(r.status == 403, 'POST /oficina/publicar without the CSRF token: 403', r.status)

    # ----- the edition at a glance -----
    r = jefa.get('/oficina')
    rows = re.findall(r'<tr id="fila-([a-z0-9-]+)"', r.text)
    result(r.status == 200 and len(rows) >= 20, 'the edition at a glance: one row per agency', '%d %d' % (r.status, len(rows)))
    result(rows[:1] == ['bienestar'], 'the agency without a sign-off comes first', rows[:5])
    m = re.search(r'<tr id="fila-bienestar">.*?</tr>', r.text, re.S)
    result(m is not None and '>falta<' in m.group(0), 'its sign-off: missing', m.group(0) if m else r.text[:800])
    m = re.search(r'<tr id="fila-inm">.*?</tr>', r.text, re.S)
    result(m is not None and '>vigente<' in m.group(0) and re.search(r'<br>[^<]+, 20\d\d-\d\d-\d\d', m.group(0)),
           'a current sign-off with by whom and when', m.group(0) if m else '')
    result('Todavía no se puede publicar' in r.text, 'the summary says publishing is blocked', r.text[:600])

    # ----- what changed since the previous edition, per agency, in Spanish -----
    r = jefa.get('/oficina/cambios?agencia=anam')
    result(r.status == 200 and re.search(r'2026-verano → 2026-invierno, agencia anam: \d+ cambios', r.text) and
           'cambiado</span>' in r.text and '<del>300 dólares</del>' in r.text and 'Agencia Nacional de Aduanas' in r.text
           and '(inm)</h2>' not in r.text, 'the changes since the previous edition, for one agency', r.text[-2500:])
    r = jefa.get('/oficina/cambios')
    result(r.status == 200 and '(bienestar)</h2>' in r.text and '(anam)</h2>' in r.text, 'the changes of every agency', r.status)
    for c, who in ((ana, 'an editor'), (printer, 'the printer')):
        r = c.get('/oficina/cambios?agencia=bienestar')
        result(r.status == 403, who + ' gets 403 on the changes', r.status)
    r = jefa.get('/oficina/cambios?agencia=%3Cscript%3E')
    result(r.status == 404 and '<script>' not in r.text, 'an unknown agency: 404, nothing echoed', r.status)

    def done(client, marker):
        def f():
            t = client.get('/oficina/trabajos').text
            return marker in t and 'en curso' not in t.split('<h2 id="publicar">')[0 if marker == 'borrador-estado' else 1]
        return f

    def state(client, ident):
        t = client.get('/oficina/trabajos').text
        m = re.search(r'id="%s">(.*?)</p>' % ident, t, re.S)
        return t, (m.group(1) if m else '')

    # ----- publish refused, with the reason -----
    r = jefa.post('/oficina/publicar', {})
    result(r.status == 303, 'publish starts', r.status)
    wait(lambda: 'Publicando' not in state(jefa, 'publicacion-estado')[1], 120, 0.5)
    t, st = state(jefa, 'publicacion-estado')
    result('No se publicó 2026-invierno' in st and 'agency &quot;bienestar&quot;' in t and 'signed it off' in t,
           'publish refused, with the missing sign-off as a reason', t[:3000])
    result('2026-invierno\t' not in open(log).read(), 'a refused publish records nothing', open(log).read())

    # ----- the editor signs off; the glance follows -----
    page = ana.get('/agencia/bienestar')
    m = re.search(r'name="version" value="(\d+)"', page.text)
    r = ana.post('/agencia/bienestar/firmar', {'version': m.group(1) if m else '0'})
    result(r.status == 303, 'the editor signs off', r.status)
    r = jefa.get('/oficina')
    m = re.search(r'<tr id="fila-bienestar">.*?</tr>', r.text, re.S)
    result(m is not None and '>vigente<' in m.group(0) and 'ana, ' in m.group(0), 'the glance shows the new sign-off by ana',
           m.group(0) if m else '')

    # ----- a draft in the background, one at a time -----
    r = jefa.post('/oficina/borrador', {})
    result(r.status == 303, 'a draft starts', r.status)
    r2 = jefa.post('/oficina/borrador', {})
    result(r2.status == 409 and 'uno a la vez' in r2.text, 'a second build while one runs: 409 with a clear message', r2.status)
    r3 = jefa.post('/oficina/publicar', {})
    result(r3.status == 409, 'publishing while a draft builds: 409', r3.status)
    t, st = state(jefa, 'borrador-estado')
    result('Construyendo el borrador' in st, 'the page shows the build running', st)
    # an editor submits while the build runs
    sub, num = ana.submit('bienestar', open(os.path.join(src, 'agencies', 'bienestar.xml'), 'rb').read())
    result(sub.status == 303 and num is not None, 'an editor submits during the build', sub.status)
    wait(lambda: 'Construyendo' not in state(jefa, 'borrador-estado')[1], 300, 0.5)
    t, st = state(jefa, 'borrador-estado')
    result('está listo' in st and re.search(r'español: \d+ páginas', t) and 'Tiempo:' in t,
           'the draft is ready: pages per language and time', t[:3000])
    files = re.findall(r'/oficina/borrador/archivo\?nombre=([^"]+)"', t)
    result('2026-invierno-print.pdf' in files and 'jobsheet.txt' in files, 'the draft outputs are listed', files)
    r = jefa.get('/oficina/borrador/archivo?nombre=2026-invierno-print.pdf')
    disk = open(os.path.join(data, 'borradores', '2026-invierno', '2026-invierno-print.pdf'), 'rb').read()
    result(r.status == 200 and r.body == disk, 'the office downloads a draft PDF', r.status)
    for bad in ('..%2Fdesk.sqlite', '.%2E', '%2E%2E', 'html', '../desk.sqlite'):
        r = jefa.get('/oficina/borrador/archivo?nombre=' + bad)
        result(r.status == 404, 'no file outside the draft: ' + bad, r.status)
    r = printer.get('/oficina/borrador/archivo?nombre=2026-invierno-print.pdf')
    result(r.status == 403, 'the printer cannot download a draft', r.status)
    r = printer.get('/imprenta')
    result('2026-invierno' not in r.text, 'the printer does not see the edition before it is published', r.text[:1500])
    r = printer.get('/imprenta/archivo?edicion=2026-invierno&nombre=2026-invierno-print.pdf')
    result(r.status == 404, 'nor download its draft through the print shop', r.status)

    # ----- publish -----
    r = jefa.post('/oficina/publicar', {})
    result(r.status == 303, 'publish starts again', r.status)
    wait(lambda: 'Publicando' not in state(jefa, 'publicacion-estado')[1], 300, 0.5)
    t, st = state(jefa, 'publicacion-estado')
    result('publicada por jefa' in st, 'published, by jefa', t[:3000])
    last = [l for l in open(log).read().splitlines() if l.startswith('2026-invierno\t')]
    result(len(last) == 1 and last[0].endswith('\tjefa'), 'log.tsv records who published', open(log).read())

    # ----- the print shop -----
    r = printer.get('/imprenta')
    result(r.status == 200 and 'id="edicion-2026-invierno"' in r.text, 'the printer sees the published edition', r.text[:1500])
    links = re.findall(r'/imprenta/archivo\?edicion=2026-invierno&amp;nombre=([^"]+)"', r.text)
    result('2026-invierno-print.pdf' in links and 'jobsheet.txt' in links and 'manifest.json' in links
           and '2026-invierno-screen.pdf' not in links, 'its files: print PDFs, job sheet, manifest', links)
    wait(lambda: 'preflight-2026-invierno-print.txt' in printer.get('/imprenta').text, 300, 1)
    r = printer.get('/imprenta/archivo?edicion=2026-invierno&nombre=preflight-2026-invierno-print.txt')
    result(r.status == 200 and 'PASS' in r.text and '2026-invierno-print.pdf' in r.text, 'the preflight report of the print PDF', r.text[:800])
    pdir = os.path.join(data, 'imprenta', '2026-invierno')
    r = printer.get('/imprenta/archivo?edicion=2026-invierno&nombre=2026-invierno-print.pdf')
    result(r.status == 200 and r.body == open(os.path.join(pdir, '2026-invierno-print.pdf'), 'rb').read()
           and r.body.startswith(b'%PDF'), 'the printer downloads the print PDF', r.status)
    r = printer.get('/imprenta/archivo?edicion=2026-invierno&nombre=jobsheet.txt')
    result(r.status == 200 and 'Hoja de trabajo' in r.text and hashlib.sha256(open(os.path.join(pdir, '2026-invierno-print.pdf'), 'rb').read()).hexdigest() in r.text,
           'the printer downloads the job sheet, with the PDF\'s SHA-256', r.text[:400])
    for bad in ('2026-invierno-screen.pdf', '2026-invierno.model.xml', '..%2F..%2Fdesk.sqlite', 'html'):
        r = printer.get('/imprenta/archivo?edicion=2026-invierno&nombre=' + bad)
        result(r.status == 404, 'the printer gets only the print files: ' + bad, r.status)
    r = printer.get('/imprenta/archivo?edicion=2027-semana-santa&nombre=jobsheet.txt')
    result(r.status == 404, 'an edition not published: 404', r.status)
    deskl = open(os.path.join(data, 'desk.log')).read()
    result(re.search(r'\timprenta\tDOWNLOAD 2026-invierno 2026-invierno-print\.pdf \(\d+ bytes\)', deskl) is not None and
           'DOWNLOAD 2026-invierno jobsheet.txt' in deskl, 'every download is logged, with who', deskl[-1500:])
    # ----- the next edition, from the desk -----
    for c, who in ((ana, 'an editor'), (printer, 'the printer')):
        result(c.get('/oficina/nueva').status == 403, who + ' gets 403 on the next edition\'s form')
        result(c.post('/oficina/nueva', {'id': '2027-x'}).status == 403, who + ' gets 403 starting an edition')
    form = {'id': '2027-semana-santa', 'desde': '2026-invierno', 'temporada': 'semana-santa',
            'inicio': '2027-03-09', 'fin': '2027-04-10', 'fecha': '2027-01-15'}
    r = jefa.post('/oficina/nueva', form, csrf=False)
    result(r.status == 403, 'POST /oficina/nueva without the CSRF token: 403', r.status)
    r = jefa.post('/oficina/nueva', dict(form, id='--from=x'))
    result(r.status == 400, 'an option as a value is refused (400)', r.status)
    r = jefa.get('/oficina/nueva')
    result(r.status == 200 and 'name="temporada"' in r.text and 'name="inicio"' in r.text, 'the office sees new-edition\'s form', r.status)
    r = jefa.post('/oficina/nueva', form)
    result(r.status == 303, 'the office starts the next edition', r.status)
    wait(lambda: 'Creando' not in jefa.get('/oficina/nueva').text, 120, 0.5)
    t = jefa.get('/oficina/nueva').text
    newman = os.path.join(src, 'editions', '2027-semana-santa.xml')
    result('creó la edición 2027-semana-santa' in t and re.search(r'\d+ things? to do in', t) and os.path.exists(newman)
           and 'status="draft"' in open(newman).read() and 'date="2027-01-15"' in open(newman).read(),
           'new-edition wrote the draft and the page lists the work', t[-2000:])
    r = jefa.post('/oficina/nueva', form)
    wait(lambda: 'Creando' not in jefa.get('/oficina/nueva').text, 120, 0.5)
    t = jefa.get('/oficina/nueva').text
    result('no creó 2027-semana-santa' in t and 'already' in t, 'a second time: refused, with new-edition\'s reason', t[-1500:])
    r = jefa.get('/oficina')
    result('<strong id="edicion">2027-semana-santa</strong>' in r.text, 'the desk now prepares the new edition', r.text[:800])

    # a published snapshot outside the desk: prepared from the snapshot alone
    r = printer.post('/imprenta/preparar', {'edicion': '2026-verano'})
    result(r.status == 303, 'the printer prepares an edition published elsewhere', r.status)
    r = printer.post('/imprenta/preparar', {'edicion': 'no-such'})
    result(r.status == 404, 'only a published edition is prepared', r.status)
    ok = wait(lambda: 'edicion=2026-verano&amp;nombre=2026-verano-print.pdf' in printer.get('/imprenta').text, 300, 1)
    result(ok, 'its print PDF appears for download', printer.get('/imprenta').text[-1500:])
    wait(lambda: 'preflight-2026-verano-print.txt' in printer.get('/imprenta').text, 300, 1)
finally:
    srv.stop()
serve_log = open(os.path.join(out, 'serve-office.log')).read()
result(not re.search(r'Sanitizer|runtime error:|CRITICAL|WARNING', serve_log), 'the desk ran clean', serve_log[-2000:])
result.plan()
