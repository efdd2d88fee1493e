# officebrowser.py PROGRAM OUTDIR: a desk where Invierno 2026 is being prepared with bienestar's
# sign-off missing, the office's and the printer's path in Chromium (tests/desk/office.js),
# then the W3C checker on every page it saved.  Prints TAP; needs tests/html/node_modules and java.
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from desk import Server, Tap, add_users, browser_run, desk_dirs, preparing_invierno, saved_pages, vnu  # noqa: E402

prog, out = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
os.makedirs(out, exist_ok=True)
src, data = desk_dirs(out, 'ob')
preparing_invierno(src, unsigned='bienestar')
add_users(prog, data, src, [('jefa', 'office', None, 'jefa-password-1234'),
                            ('ana', 'editor', 'bienestar', 'ana-password-1234'),
                            ('imprenta', 'printer', None, 'imprenta-pass-1234')])
S = Server(prog, src, data, '--templates', os.path.abspath('templates'), log=os.path.join(out, 'serve-ob.log'))
result = Tap(lines=30)

try:
    browser_run(result, 'tests/desk/office.js', ['http://127.0.0.1:%d' % S.port, out], out,
                'Chromium ran the office\'s and the printer\'s path', 'every office and print shop page', 900)
    vnu(result, saved_pages(out), 9, 'vnu finds no errors in the %d office and print shop pages')
finally:
    S.stop()
result.plan()
sys.exit(1 if result.failed else 0)
