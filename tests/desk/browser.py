# browser.py PROGRAM OUTDIR: a desk on a free loopback port, the editor's path in Chromium
# (tests/desk/browse.js), then the W3C checker on every page it saved and on the stylesheet.
# Prints TAP; needs tests/html/node_modules (t_html.sh installs it) and java.
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from desk import Client, Server, Tap, add_user, browser_run, desk_dirs, saved_pages, vnu  # noqa: E402

prog, out = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
os.makedirs(out, exist_ok=True)
src, data = desk_dirs(out, 'browser')
add_user(prog, data, src, 'ana', 'editor', 'bienestar', 'ana-password-1234')
good = open(os.path.join(src, 'agencies', 'bienestar.xml'), 'rb').read()
bad = os.path.join(out, 'bienestar-01-800.xml')
open(bad, 'wb').write(good.replace(b'>800 639 4264<', b'>01 800 639 4264<'))
S = Server(prog, src, data, log=os.path.join(out, 'serve-browser.log'))
result = Tap(lines=30)

try:
    # the proofs of the version before are ready first, as an editor would find them
    browser_run(result, 'tests/desk/browse.js', ['http://127.0.0.1:%d' % S.port, 'ana', 'ana-password-1234',
                                                 'bienestar', bad, 'inm', out],
                out, 'Chromium ran the editor\'s path', 'every desk page', 400)
    css = os.path.join(out, 'desk.css')
    open(css, 'wb').write(Client(S.port).get('/desk.css').body)
    vnu(result, saved_pages(out) + [css], 8, 'vnu finds no errors in the %d desk pages and the stylesheet')
finally:
    S.stop()
result.plan()
sys.exit(1 if result.failed else 0)
