# officebrowser.py PROGRAM OUTDIR: a desk where Invierno 2026 is being prepared with bienestar's
# sign-off missing, the office's and the printer's path in Chromium (tests/desk/office.js),
# then the W3C checker on every page it saved.  Prints TAP; needs tests/html/node_modules and java.
import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from desk import Server, add_user, copy_tree  # noqa: E402

prog, out = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
os.makedirs(out, exist_ok=True)
src, data = os.path.join(out, 'ob-src'), os.path.join(out, 'ob-data')
copy_tree('guide-src', src)
shutil.rmtree(data, ignore_errors=True)
os.unlink(os.path.join(src, 'editions', '2027-semana-santa.xml'))
os.unlink(os.path.join(src, 'published', '2026-invierno.model.xml'))
log = os.path.join(src, 'published', 'log.tsv')
kept = ''.join(l for l in open(log).read().splitlines(True) if not l.startswith('2026-invierno\t'))
open(log, 'w').write(kept)
man = os.path.join(src, 'editions', '2026-invierno.xml')
text = re.sub(r'\s*<signoff agency="bienestar"[^>]*/>', '', open(man, encoding='utf-8').read())
open(man, 'w', encoding='utf-8').write(text)
add_user(prog, data, src, 'jefa', 'office', None, 'jefa-password-1234')
add_user(prog, data, src, 'ana', 'editor', 'bienestar', 'ana-password-1234')
add_user(prog, data, src, 'imprenta', 'printer', None, 'imprenta-pass-1234')
S = Server(prog, src, data, '--templates', os.path.abspath('templates'), log=os.path.join(out, 'serve-ob.log'))
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
    r = subprocess.run(['node', 'tests/desk/office.js', 'http://127.0.0.1:%d' % S.port, out],
                       capture_output=True, text=True, timeout=900)
    lines = r.stdout.splitlines()
    open(os.path.join(out, 'office.out'), 'w').write(r.stdout + r.stderr)
    result(r.returncode == 0, 'Chromium ran the office\'s and the printer\'s path', r.stderr[-2000:])
    for l in lines:
        if l.startswith('step '):
            parts = l.split(' ', 3)
            result(parts[2] == 'ok', 'browser: ' + parts[1], parts[3] if len(parts) > 3 else '')
    for want in ['axe-violations 0', 'overflow-360 0', 'console-errors 0']:
        result(want in lines, 'browser: every office and print shop page, ' + want,
               '\n'.join(l for l in lines if not l.startswith('step')))
    pages = sorted(os.path.join(out, f) for f in os.listdir(out) if f.endswith('.html'))
    v = subprocess.run(['java', '-jar', 'tests/html/node_modules/vnu-jar/build/dist/vnu.jar', '--errors-only'] + pages,
                       capture_output=True, text=True, timeout=300)
    result(v.returncode == 0 and not v.stdout.strip() and not v.stderr.strip() and len(pages) >= 9,
           'vnu finds no errors in the %d office and print shop pages' % len(pages), v.stdout + v.stderr)
finally:
    S.stop()
print('1..%d' % n)
sys.exit(1 if fails else 0)
