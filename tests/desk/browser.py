# browser.py PROGRAM OUTDIR: a desk on a free loopback port, the editor's path in Chromium
# (tests/desk/browse.js), then the W3C checker on every page it saved and on the stylesheet.
# Prints TAP; needs tests/html/node_modules (t_html.sh installs it) and java.
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from desk import Client, Server, add_user, copy_tree  # noqa: E402

prog, out = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
os.makedirs(out, exist_ok=True)
src, data = os.path.join(out, 'browser-src'), os.path.join(out, 'browser-data')
copy_tree('guide-src', src)
subprocess.run(['rm', '-rf', data])
add_user(prog, data, src, 'ana', 'editor', 'bienestar', 'ana-password-1234')
good = open(os.path.join(src, 'agencies', 'bienestar.xml'), 'rb').read()
bad = os.path.join(out, 'bienestar-01-800.xml')
open(bad, 'wb').write(good.replace(b'>800 639 4264<', b'>01 800 639 4264<'))
S = Server(prog, src, data, log=os.path.join(out, 'serve-browser.log'))
n = 0
fails = 0


def result(ok, name, detail=''):
    global n, fails
    n += 1
    print(('ok %d - %s' if ok else 'not ok %d - %s') % (n, name))
    if not ok:
        fails += 1
        for line in str(detail).splitlines()[:30]:
            print('#   ' + line)


try:
    # the proofs of the version before are ready first, as an editor would find them
    r = subprocess.run(['node', 'tests/desk/browse.js', 'http://127.0.0.1:%d' % S.port, 'ana', 'ana-password-1234',
                        'bienestar', bad, 'inm', out], capture_output=True, text=True, timeout=400)
    lines = r.stdout.splitlines()
    open(os.path.join(out, 'browse.out'), 'w').write(r.stdout + r.stderr)
    result(r.returncode == 0, 'Chromium ran the editor\'s path', r.stderr[-2000:])
    for l in lines:
        if l.startswith('step '):
            parts = l.split(' ', 3)
            result(parts[2] == 'ok', 'browser: ' + parts[1], parts[3] if len(parts) > 3 else '')
    for want in ['axe-violations 0', 'overflow-360 0', 'console-errors 0']:
        result(want in lines, 'browser: every desk page, ' + want, '\n'.join(l for l in lines if not l.startswith('step')))
    pages = sorted(os.path.join(out, f) for f in os.listdir(out) if f.endswith('.html'))
    css = os.path.join(out, 'desk.css')
    c = Client(S.port)
    open(css, 'wb').write(c.get('/desk.css').body)
    v = subprocess.run(['java', '-jar', 'tests/html/node_modules/vnu-jar/build/dist/vnu.jar', '--errors-only',
                        '--also-check-css'] + pages + [css], capture_output=True, text=True, timeout=300)
    result(v.returncode == 0 and not v.stdout.strip() and not v.stderr.strip() and len(pages) >= 8,
           'vnu finds no errors in the %d desk pages and the stylesheet' % len(pages), v.stdout + v.stderr)
finally:
    S.stop()
print('1..%d' % n)
sys.exit(1 if fails else 0)
