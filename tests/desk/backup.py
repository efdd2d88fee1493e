# backup.py PROGRAM OUTDIR: `paisano desk backup FILE` while editors submit, then a desk started
# on the restored copy shows every submission accepted before the backup began (issue 18), as TAP.
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from desk import Client, Server, Tap, add_user, desk_dirs, preparing_invierno  # noqa: E402

prog, out = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
os.makedirs(out, exist_ok=True)
result = Tap()
src, data = desk_dirs(out, 'backup')
preparing_invierno(src, unpublished=False)
PW = 'ana-password-1234'
add_user(prog, data, src, 'ana', 'editor', 'bienestar', PW)
srv = Server(prog, src, data, '--templates', os.path.abspath('templates'), log=os.path.join(out, 'serve-backup.log'))
accepted = []          # (submission, time its answer came)
errors = []
base_text = open(os.path.join(src, 'agencies', 'bienestar.xml'), 'rb').read()


def editor():
    c = Client(srv.port)
    c.login('ana', PW)
    for i in range(12):
        r, num = c.submit('bienestar', base_text + ('<!-- versión %d -->\n' % i).encode())
        if r.status != 303 or num is None:
            errors.append(r.status)
            continue
        page = c.get('/agencia/bienestar/envio/%d' % num)
        if 'aceptada' in page.text:
            accepted.append((num, time.time()))


t = threading.Thread(target=editor)
t.start()
try:
    while len(accepted) < 3 and t.is_alive():
        time.sleep(0.05)
    backup = os.path.join(out, 'copia.sqlite')
    t0 = time.time()
    before = [s for s, at in accepted if at < t0]
    r = subprocess.run([prog, 'desk', 'backup', backup, '--data', data], capture_output=True, text=True)
    result(r.returncode == 0 and re.search(r'backed up .* \(\d+ submissions?, 1 account\)', r.stdout),
           'desk backup while the editor submits', r.stdout + r.stderr)
    t.join()
    result(not errors and len(accepted) >= 6, 'the submissions went on during the backup', (errors, accepted))
    db = sqlite3.connect(backup)
    result(db.execute('PRAGMA integrity_check').fetchone()[0] == 'ok', 'the copy passes the integrity check')
    ids = {row[0] for row in db.execute('SELECT id FROM submissions')}
    db.close()
    result(set(before) <= ids, 'the copy has every submission accepted before it began', (before, sorted(ids)))
finally:
    t.join()     # the editor's thread ends before its desk does
    srv.stop()

# restore into a new data directory, as the README says, and start a desk on it
data2 = os.path.join(out, 'restored-data')
shutil.rmtree(data2, ignore_errors=True)
os.makedirs(data2)
shutil.copyfile(backup, os.path.join(data2, 'desk.sqlite'))
srv2 = Server(prog, src, data2, '--templates', os.path.abspath('templates'), log=os.path.join(out, 'serve-backup.log'))
try:
    c = Client(srv2.port)
    r = c.login('ana', PW)
    result(r.status == 303, 'the restored desk starts and its account logs in', r.status)
    h = c.get('/agencia/bienestar/historial').text
    missing = [s for s in before if not re.search(r'>%d</a>.*?aceptada' % s, h, re.S)]
    result(h and not missing, 'the restored desk shows every submission accepted before the backup', missing)
    r = subprocess.run([prog, 'desk', 'backup', os.path.join(out, 'x.sqlite'), '--data', os.path.join(out, 'nothing')],
                       capture_output=True, text=True)
    result(r.returncode == 2 and 'no desk database' in r.stderr and not os.path.exists(os.path.join(out, 'x.sqlite')),
           'no database: exit 2, nothing written', r.stderr)
finally:
    srv2.stop()
log = open(os.path.join(out, 'serve-backup.log')).read()
result(not re.search(r'Sanitizer|runtime error:|CRITICAL|WARNING', log), 'the desks ran clean', log[-1500:])
result.plan()
