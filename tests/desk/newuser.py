# newuser.py PROGRAM OUTDIR: what a new user of the desk found confusing or broken, walking it as
# an agency editor, the national office and the print shop (tests/t_desk_newuser.sh).  Each check
# failed before its fix.  Prints TAP.
import os
import re
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from desk import Client, Server, add_user, copy_tree, wait  # noqa: E402

prog, out = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
os.makedirs(out, exist_ok=True)
src, data = os.path.join(out, 'src'), os.path.join(out, 'data')
copy_tree('guide-src', src)
subprocess.run(['rm', '-rf', data])
PW = {'jefa': 'jefa-password-1234', 'ana': 'ana-password-1234'}
add_user(prog, data, src, 'jefa', 'office', None, PW['jefa'])
add_user(prog, data, src, 'ana', 'editor', 'bienestar', PW['ana'])
add_user(prog, data, src, 'imprenta', 'printer', None, 'imprenta-pass-1234')
n = fails = 0


def result(ok, name, detail=''):
    global n, fails
    n += 1
    print(('ok %d - %s' if ok else 'not ok %d - %s') % (n, name))
    if not ok:
        fails += 1
        for line in str(detail).splitlines()[:30]:
            print('#   ' + line)


# the test suite runs with LC_ALL=C.UTF-8: the desk must speak Spanish all the same
srv = Server(prog, src, data, log=os.path.join(out, 'serve.log'))
try:
    jefa = Client(srv.port)
    jefa.login('jefa', PW['jefa'])
    ana = Client(srv.port)
    ana.login('ana', PW['ana'])

    # ----- a version found on disk was sent by no one -----
    page = ana.get('/agencia/bienestar')
    m = re.search(r'<p id="version-actual">(.*?)</p>', page.text, re.S)
    cur = m.group(1) if m else ''
    num = re.search(r'/envio/(\d+)"', cur)
    sub = ana.get('/agencia/bienestar/envio/' + (num.group(1) if num else '0'))
    result('cambiada fuera del escritorio' in cur and 'enviada por fuera' not in cur and
           'Cambiado fuera del escritorio' in sub.text and 'Enviado por fuera' not in sub.text,
           'a version changed outside the desk is not said to be «enviada por fuera del escritorio»', cur)

    # ----- the office: what paisano publish and new-edition say, in Spanish -----
    r = jefa.post('/oficina/publicar', {})
    result(r.status == 303, 'publish starts', r.status)
    wait(lambda: 'Publicando' not in jefa.get('/oficina/trabajos').text, 120, 0.5)
    t = jefa.get('/oficina/trabajos').text
    pub = t[t.find('id="publicacion-estado"'):]
    result('No se publicó' in pub and 'no se puede publicar 2027-semana-santa' in pub and 'la edición es un borrador' in pub
           and 'cannot publish' not in pub and 'signed it off' not in pub and 'warning:' not in pub,
           'the reasons publish gives are in Spanish on the office\'s page', pub[:2500])
    form = {'id': '2027-semana-santa', 'desde': '2026-invierno', 'temporada': 'semana-santa',
            'inicio': '2027-03-09', 'fin': '2027-04-10', 'fecha': ''}
    r = jefa.post('/oficina/nueva', form)
    wait(lambda: 'Creando' not in jefa.get('/oficina/nueva').text, 120, 0.5)
    t = jefa.get('/oficina/nueva').text
    result('ya existe' in t and 'already exists' not in t, 'new-edition\'s refusal is in Spanish', t[-1500:])

    # ----- the print shop's page, in its words -----
    printer = Client(srv.port)
    printer.login('imprenta', 'imprenta-pass-1234')
    r = printer.get('/imprenta')
    result(r.status == 200 and 'ya publicadas' in r.text and 'Preparar los archivos de imprenta' in r.text
           and 'log.tsv' not in r.text and 'guide-src' not in r.text,
           'the print shop\'s page says what it shows and what to do, without a path of the sources', r.text[:1500])

    # ----- the changes report: the change's word stands apart from its label -----
    r = jefa.get('/oficina/cambios?agencia=bienestar')
    css = jefa.get('/desk.css').text
    rule = re.search(r'(?m)^\.k\{([^}]*)\}', css)
    result('<span class="k">' in r.text and rule is not None and 'margin-right:.5rem' in rule.group(1)
           and 'inline-block' in rule.group(1), 'the stylesheet sets the change words (cambiado, quitado...) apart from their labels',
           rule.group(0) if rule else css[-600:])

    rule = re.search(r'(?m)^caption\{([^}]*)\}', css)
    result('<caption>' in jefa.get('/oficina').text and rule is not None and 'text-align:left' in rule.group(1)
           and 'max-width:calc(100vw - 2rem)' in rule.group(1),
           'a table\'s caption starts at its left edge (centred, it was cut on a phone)', rule.group(0) if rule else '')

    # ----- signed off: no second button to sign the same version -----
    page = ana.get('/agencia/bienestar')
    m = re.search(r'name="version" value="(\d+)"', page.text)
    result(m is not None and 'action="/agencia/bienestar/firmar"' in page.text, 'before signing: the button to sign off', page.text[:1500])
    r = ana.post('/agencia/bienestar/firmar', {'version': m.group(1) if m else '0'})
    page = ana.get('/agencia/bienestar')
    result(r.status == 303 and 'Firmada: ana' in page.text and 'action="/agencia/bienestar/firmar"' not in page.text
           and 'no hay nada más que firmar' in page.text, 'signed off: the page says so, and offers no second sign-off',
           page.text[page.text.find('id="firma"'):][:1500])
    # the content's SHA-256 (64 letters in one word) in <code>, which may break anywhere: bare, it
    # widened the page on a phone to twice the screen, and the browser shrank everything to half
    m = re.search(r'<p class="ok" id="firma-estado">(.*?)</p>', page.text, re.S)
    result(m is not None and re.search(r'<code>[0-9a-f]{64}</code>', m.group(1)) and not re.search(r'(?<![0-9a-f>])[0-9a-f]{64}', m.group(1)),
           'the sign-off\'s hash may break on a phone (in <code>)', m.group(0) if m else page.text[:1000])
    good = open(os.path.join(src, 'agencies', 'bienestar.xml'), 'rb').read()
    sub, num = ana.submit('bienestar', good.replace(b'>800 639 4264<', b'>800 639 4265<'))
    wait(lambda: 'se está revisando' not in ana.get('/agencia/bienestar/envio/%s' % num).text.lower(), 60, 0.3)
    page = ana.get('/agencia/bienestar')
    result(num is not None and 'Firma desactualizada' in page.text and 'action="/agencia/bienestar/firmar"' in page.text,
           'after a change: the sign-off is stale and the button is back', page.text[page.text.find('id="firma"'):][:1500])
finally:
    srv.stop()

# ----- an editor's text outlives the session it was written in -----
srv = Server(prog, src, data, '--session-ttl', '2', log=os.path.join(out, 'serve.log'))
try:
    ana = Client(srv.port)
    ana.login('ana', PW['ana'])
    page = ana.get('/agencia/bienestar')
    m = re.search(r'name="base" value="(\d+)"', page.text)
    before = open(os.path.join(src, 'agencies', 'bienestar.xml'), 'rb').read()
    text = before.replace(b'Secretar\xc3\xada de Bienestar</text>', b'Secretar\xc3\xada de Bienestar <corregida> & revisada</text>')
    time.sleep(3.5)
    r = ana.post_multipart('/agencia/bienestar/enviar', {'base': m.group(1) if m else '0', 'texto': text})
    result(r.status == 403, 'a submission after the session ended: 403, nothing saved', r.status)
    result('no se guardó nada' in r.text and 'Bienestar &lt;corregida&gt; &amp; revisada</text>' in r.text.replace('&lt;/text&gt;', '</text>')
           and '<textarea id="texto"' in r.text and 'href="/ingresar"' in r.text,
           'the page gives the editor\'s text back (escaped) and says how to send it again', r.text[:2500])
    result(open(os.path.join(src, 'agencies', 'bienestar.xml'), 'rb').read() == before, 'the agency\'s file did not change')
    r = Client(srv.port).post_multipart('/agencia/bienestar/enviar', {'base': '1', 'texto': 'x'})
    result(r.status == 403 and 'no se guardó nada' in r.text, 'without any session: the same page, nothing saved', r.status)
finally:
    srv.stop()
log = open(os.path.join(out, 'serve.log')).read()
result(not re.search(r'Sanitizer|runtime error:|CRITICAL|WARNING', log), 'the desk ran clean', log[-2000:])
print('1..%d' % n)
sys.exit(1 if fails else 0)
