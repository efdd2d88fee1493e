#!/usr/bin/env python3
"""mutations.py [NAME...]: each security protection of the desk, taken out, fails its test.

For each protection below, a copy of the checkout as it is (made afresh under
tests/out/mutations/, with its build: run `make` first) gets that one protection removed (an
exact text replaced in one source file), is rebuilt with `make` (only what changed), and tests/desk/security.py runs against it with
DESK_QUICK=1 (the security tests, without the kill -9 rounds).  The protection is "caught" when
the test named for it fails.  Prints one line per protection and exits 1 if any was not caught,
2 if a replacement no longer matches the source (the list needs updating with the code).

Besides the list below, every route of the table in src/desk/routes.c that asks for a role is
opened to every role in turn ("route GET /oficina" ...): the route checks of security.py (run with
DESK_ROLES_ONLY=1, about 20 s each) must catch each.  A mutation may name several tests: each must
fail.

Run by hand after changing a protection or its test (about 1-2 minutes per protection); it is not
part of `make check`.  Names given on the command line run only those protections ("routes": all
the route mutations).
"""
import os
import re
import shutil
import subprocess
import sys

TOP = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))
WORK = os.path.join(TOP, 'tests', 'out', 'mutations')

# (name, file, text, replacement, the test (a part of its name) that must fail)
MUTATIONS = [
    ('csrf', 'src/desk/serve.c', 'strcmp(rt->method, "POST") == 0 && !csrf_ok(',
     'FALSE && !csrf_ok(', 'a submission without the CSRF token is refused'),
    ('httponly', 'src/desk/serve.c', '"=%s; Path=/; HttpOnly; SameSite=Strict%s"',
     '"=%s; Path=/; SameSite=Strict%s"', 'session cookie HttpOnly, SameSite=Strict'),
    ('samesite', 'src/desk/serve.c', '"=%s; Path=/; HttpOnly; SameSite=Strict%s"',
     '"=%s; Path=/; HttpOnly%s"', 'session cookie HttpOnly, SameSite=Strict'),
    ('secure', 'src/desk/serve.c', 'token,\n\t\t    r->d->secure ? "; Secure" : "");',
     'token, "");', 'Secure cookies behind a TLS proxy'),
    ('secure-tls', 'src/desk/serve.c', 'd.secure = cert != NULL || behind_proxy;',
     'd.secure = behind_proxy;', 'TLS: the desk serves HTTPS'),
    ('new-id-at-login', 'src/desk/routes.c',
     'req_end_session(r);\t\t\t/* the log-in form\'s session */\n\t\tif (req_new_session(r, j->user))',
     'store_session_delete(st, r->sess->idhash);\n\t\tif (store_session_new(st, r->sess->idhash, j->user, '
     'r->sess->csrf, G_MAXINT32))', 'a new session id at log-in'),
    ('logout', 'src/desk/routes.c', '\t(void)s, (void)st;\n\treq_end_session(r);\n\treq_redirect(r, "/ingresar");',
     '\t(void)s, (void)st;\n\treq_redirect(r, "/ingresar");', 'log-out ends the session on the server'),
    ('expiry', 'src/desk/store.c', 'WHERE id = ? AND expires > ?"', 'WHERE id = ? AND expires > ? - 1000000000"',
     'sessions expire on the server'),
    ('throttle-account', 'src/desk/routes.c', 'locked = store_throttle_failures(st, ku, since) >= FAIL_LOGIN ||',
     'locked = FALSE ||', 'log-in throttling per account'),
    ('throttle-address', 'src/desk/routes.c', '|| store_throttle_failures(st, ka, since) >= FAIL_ADDR;',
     '|| FALSE;', 'log-in throttling per address'),
    ('upload-size', 'src/desk/serve.c', 'soup_message_headers_get_content_length(h) > BODY_MAX',
     'soup_message_headers_get_content_length(h) > BODY_MAX * 64', 'a body over the source size limit gets 413'),
    ('escaping', 'src/desk/page.c', '\t\t\tescape_into(s, valid);', '\t\t\tg_string_append(s, valid);',
     'a section containing <script> shows as text'),
    ('csp', 'src/desk/serve.c', '"default-src \'self\'; frame-ancestors \'none\'; ',
     '"frame-ancestors \'none\'; ', 'headers CSP, nosniff, Referrer-Policy on'),
    ('frame-ancestors', 'src/desk/serve.c', '"default-src \'self\'; frame-ancestors \'none\'; ',
     '"default-src \'self\'; ', 'headers CSP, nosniff, Referrer-Policy on'),
    ('nosniff', 'src/desk/serve.c', 'soup_message_headers_replace(h, "X-Content-Type-Options", "nosniff");',
     ';', 'headers CSP, nosniff, Referrer-Policy on'),
    ('referrer', 'src/desk/serve.c', 'soup_message_headers_replace(h, "Referrer-Policy", "same-origin");',
     ';', 'headers CSP, nosniff, Referrer-Policy on'),
    # any segment is a picture's name (the path is still split at '/' and never decoded)
    ('path-names', 'src/desk/serve.c', '\tgsize n = strlen(s);\n\n\tif (n < 5',
     '\tgsize n = strlen(s);\n\n\treturn TRUE;\n\tif (n < 5', 'no URL reaches a file outside the proofs'),
    ('nofollow', 'src/desk/routes.c', 'O_RDONLY | O_NOFOLLOW | O_CLOEXEC', 'O_RDONLY | O_CLOEXEC',
     'a symbolic link among the proofs is not followed'),
    ('role', 'src/desk/serve.c', '(rt->roles & r->sess->user->role) == 0', 'FALSE',
     'the printer gets 403 submitting'),
    ('own-agency', 'src/desk/serve.c', 'g_strcmp0(r->sess->user->agency, r->agency) != 0) {', 'FALSE) {',
     'an editor gets 403 for another agency\'s page'),
    # every agency route refuses another agency's editor (each of these tests must fail)
    ('own-agency-each', 'src/desk/serve.c', 'g_strcmp0(r->sess->user->agency, r->agency) != 0) {', 'FALSE) {',
     tuple('route check: %s refuses bienestar\'s editor' % rt for rt in (
         'GET /agencia/{a}', 'POST /agencia/{a}/enviar', 'GET /agencia/{a}/envio/{n}', 'GET /agencia/{a}/envio/{n}/archivo',
         'GET /agencia/{a}/historial', 'GET /agencia/{a}/comparar', 'POST /agencia/{a}/firmar',
         'GET /agencia/{a}/pruebas/{f}')), 'quick'),
    ('own-submission', 'src/desk/routes.c', 'if (sub != NULL && strcmp(sub->agency, r->agency) != 0) {',
     'if (FALSE) {', ('another agency\'s submission is not shown', 'another agency\'s submission is not downloaded',
                      'another agency\'s submission is not compared'), 'quick'),
    ('own-agency-list', 'src/desk/routes.c', 'if (s->user->role == ROLE_EDITOR && g_strcmp0(s->user->agency, *p) != 0)\n',
     'if (FALSE)\n', 'an editor\'s list of agencies holds their own only', 'quick'),
    # the print shop: published editions only, the files of the published snapshot only, print files only
    ('printer-snapshot', 'src/desk/printer.c', 'ok = strcmp(h, p->sha256) == 0;', 'ok = TRUE;',
     ('without files not made from their snapshot', 'beside a snapshot that is not the published one'), 'quick'),
    ('printer-files', 'src/desk/printer.c', 'name == NULL || !printer_file(name) ||', 'name == NULL ||',
     'the print shop serves the print files only', 'quick'),
    ('request-log', 'src/desk/serve.c', '\tif (r->d->log != NULL) {\n\t\tfprintf(r->d->log,',
     '\tif (FALSE) {\n\t\tfprintf(r->d->log,', 'every request is logged'),
    # a core header: the whole program is rebuilt
    ('upload-depth', 'src/core/source.h', '#define SRC_MAX_DEPTH\t40', '#define SRC_MAX_DEPTH\t4000',
     'upload limits: nesting depth'),
]


def route_mutations():
    """One mutation per route of the table in src/desk/routes.c that asks for a role: the route opened
    to every role.  Its test is named for the route as the table writes it."""
    text = open(os.path.join(TOP, 'src', 'desk', 'routes.c')).read()
    out = []
    for line, method, pattern, roles in re.findall(r'(\{ "(GET|POST)", "([^"]*)", ([A-Z_ |]+), route_\w+ \})', text):
        if roles.strip() in ('0', 'ROLE_ANY'):
            continue
        out.append(('route %s /%s' % (method, pattern), 'src/desk/routes.c', line, line.replace(roles, 'ROLE_ANY', 1),
                    'route check: %s /%s refuses' % (method, pattern), 'quick'))
    return out


def copy_tree():
    """A fresh copy of the checkout with its build (run `make` first); returns its path."""
    tree = os.path.join(WORK, 'tree')
    shutil.rmtree(tree, ignore_errors=True)
    os.makedirs(tree)
    for name in os.listdir(TOP):
        if name in ('.git', 'out', 'desk-data'):
            continue
        src = os.path.join(TOP, name)
        if os.path.isdir(src) and not os.path.islink(src):
            shutil.copytree(src, os.path.join(tree, name), symlinks=True,
                            ignore=shutil.ignore_patterns('out', 'node_modules'))
        else:
            shutil.copy2(src, os.path.join(tree, name))
    return tree


def main():
    only = set(sys.argv[1:])
    tree = copy_tree()
    missed, stale = [], []
    for name, path, text, repl, test, *quick in MUTATIONS + route_mutations():
        if only and name not in only and not (name.startswith('route ') and 'routes' in only):
            continue
        tests = test if isinstance(test, tuple) else (test,)
        orig = open(os.path.join(tree, path)).read()
        if text not in orig:
            print('STALE   %-18s %s no longer contains the text to replace' % (name, path))
            stale.append(name)
            continue
        with open(os.path.join(tree, path), 'w') as f:
            f.write(orig.replace(text, repl, 1))
        b = subprocess.run(['make', '-C', tree, 'bin/paisano'], capture_output=True, text=True)
        if b.returncode != 0:
            print('BUILD   %-18s the mutated tree does not build:\n%s' % (name, b.stderr[-1500:]))
            missed.append(name)
        else:
            out = os.path.join(WORK, name)
            shutil.rmtree(out, ignore_errors=True)
            r = subprocess.run([sys.executable, os.path.join(TOP, 'tests', 'desk', 'security.py'),
                                os.path.join(tree, 'bin', 'paisano'), out], cwd=TOP, capture_output=True, text=True,
                               env=dict(os.environ, DESK_QUICK='1', **({'DESK_ROLES_ONLY': '1'} if quick else {})),
                               timeout=900)
            fails = [l for l in r.stdout.splitlines() if l.startswith('not ok')]
            unfailed = [t for t in tests if not any(t in l for l in fails)]
            failing = [l for l in fails if any(t in l for t in tests)]
            print('%-7s %-18s %s' % ('caught' if not unfailed else 'MISSED', name,
                                     failing[0] + (' (+%d)' % (len(failing) - 1) if len(failing) > 1 else '')
                                     if not unfailed else 'no failing test named "%s"' % unfailed[0]))
            if unfailed:
                missed.append(name)
        with open(os.path.join(tree, path), 'w') as f:
            f.write(orig)
        sys.stdout.flush()
    subprocess.run(['make', '-C', tree, 'bin/paisano'], capture_output=True)
    sys.exit(2 if stale else 1 if missed else 0)


if __name__ == '__main__':
    main()
