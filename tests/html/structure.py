#!/usr/bin/env python3
"""structure.py INDEX.html [VERSION]: the structural promises of the web edition, one line per
problem.  INDEX.html is the cover; every .html page beside it is checked.

Checks what vnu and axe do not, on every page: one h1 and no skipped heading levels, <th scope>,
alt on every image, no <script>, nothing loaded from outside the folder, unique ids, a
description and Open Graph title, description, type and locale, the bar (contents, emergency
numbers, directory) and the emergency numbers it leads to on the page itself.  Across pages:
every link to a page of the folder names a page that exists and, after "#", an id on it; a link
to the other language names the same page there (and, after "#", an id on it); every page can be reached from the cover.
With VERSION, every page's footer shows it.  Prints "ok ..." and exits 0 when there is nothing
to say.
"""
import os
import re
import sys
from html.parser import HTMLParser

OG = ('og:title', 'og:description', 'og:type', 'og:locale')


class Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []
        self.headings = []
        self.ids = {}
        self.links = []     # (href, line): links to pages of this folder or in-page
        self.other = []     # (href, line): links to the other language
        self.files = []
        self.in_footer = 0
        self.footer = []
        self.lang = None
        self.meta = {}
        self.in_bar = 0
        self.bar = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        line = self.getpos()[0]
        if 'id' in a:
            if a['id'] in self.ids:
                self.problems.append('line %d: id "%s" used twice' % (line, a['id']))
            self.ids[a['id']] = line
        if tag == 'html':
            self.lang = a.get('lang')
        elif tag == 'meta':
            key = a.get('name') or a.get('property')
            if key:
                self.meta[key] = a.get('content', '')
        elif tag in ('h1', 'h2', 'h3', 'h4', 'h5', 'h6'):
            self.headings.append((int(tag[1]), line))
        elif tag == 'th' and a.get('scope') not in ('col', 'row', 'colgroup', 'rowgroup'):
            self.problems.append('line %d: <th> without scope' % line)
        elif tag == 'img':
            if not a.get('alt'):
                self.problems.append('line %d: <img> without alt text' % line)
            self.files.append((a.get('src', ''), line))
        elif tag == 'script':
            self.problems.append('line %d: <script>' % line)
        elif tag in ('iframe', 'object', 'embed', 'video', 'audio', 'source'):
            self.problems.append('line %d: <%s>' % (line, tag))
        elif tag == 'link':
            if a.get('rel') == 'alternate':
                self.other.append((a.get('href', ''), line))
            else:
                self.files.append((a.get('href', ''), line))
        elif tag == 'footer':
            self.in_footer += 1
        elif tag == 'nav' and 'bar' in (a.get('class') or '').split():
            self.in_bar += 1
        if tag == 'a':
            href = a.get('href', '')
            if self.in_bar:
                self.bar.append(href)
            if re.fullmatch(r'\.\./html(-en)?/[^/#]+\.html(#[a-z0-9_-]+)?', href):
                self.other.append((href, line))     # the edition in the other language
            elif href.split(':')[0] in ('tel', 'mailto', 'https', 'http'):
                pass
            elif re.fullmatch(r'([a-z0-9_-]+\.html)?(#.*)?', href) and href:
                self.links.append((href, line))
            else:
                self.problems.append('line %d: link to "%s"' % (line, href))
        for k, v in a.items():
            if k.startswith('on'):
                self.problems.append('line %d: event handler %s' % (line, k))
            if k == 'style' and 'url(' in (v or ''):
                self.problems.append('line %d: url() in a style' % line)

    def handle_endtag(self, tag):
        if tag == 'footer':
            self.in_footer -= 1
        elif tag == 'nav' and self.in_bar:
            self.in_bar -= 1

    def handle_data(self, data):
        if self.in_footer > 0:
            self.footer.append(data)


def read(path):
    with open(path, encoding='utf-8') as f:
        src = f.read()
    p = Page()
    p.feed(src)
    p.close()
    if not src.startswith('<!DOCTYPE html>'):
        p.problems.append('no <!DOCTYPE html> at the top')
    return p


def main():
    index = sys.argv[1]
    base = os.path.dirname(os.path.abspath(index))
    names = sorted(n for n in os.listdir(base) if n.endswith('.html'))
    pages = {n: read(os.path.join(base, n)) for n in names}
    want = 'en' if os.path.basename(base) == 'html-en' else 'es'
    problems = []
    nlinks = 0
    for name, p in pages.items():
        say = [name + ': ' + x for x in p.problems]
        if p.lang != want:
            say.append('%s: <html lang="%s">, expected "%s"' % (name, p.lang, want))
        levels = [h for h, _ in p.headings]
        if levels.count(1) != 1 or not levels or levels[0] != 1:
            say.append('%s: expected exactly one h1, first: %s' % (name, levels[:3]))
        prev = 1
        for level, line in p.headings:
            if level > prev + 1:
                say.append('%s:%d: h%d after h%d skips a level' % (name, line, level, prev))
            prev = level
        for key in ('description',) + OG:
            if not p.meta.get(key, '').strip():
                say.append('%s: no <meta> %s' % (name, key))
        if p.meta.get('og:locale') not in ('es_MX', 'en_US') or p.meta['og:locale'][:2] != want:
            say.append('%s: og:locale "%s"' % (name, p.meta.get('og:locale')))
        bar = [h.split('#')[0] or name for h in p.bar]
        if len(p.bar) != 3 or bar[0] != 'index.html' or p.bar[1] != '#_emergencias' or bar[2] != 'directorio.html':
            say.append('%s: the bar is %s, expected the contents, #_emergencias and directorio.html' % (name, p.bar))
        for href, line in p.links:
            nlinks += 1
            file, _, frag = href.partition('#')
            target = pages.get(file or name)
            if target is None:
                say.append('%s:%d: link to "%s", which is not a page here' % (name, line, href))
            elif frag and frag not in target.ids:
                say.append('%s:%d: link to "%s", which is not on %s' % (name, line, href, file or 'the page'))
        for href, line in p.other:
            page, _, frag = href.partition('#')
            if not page.endswith('/' + name):
                say.append('%s:%d: the other language\'s "%s" is not this page' % (name, line, href))
            elif not os.path.isfile(os.path.join(base, page)):
                say.append('%s:%d: "%s" (the other language) is missing' % (name, line, href))
            elif frag and ('id="%s"' % frag) not in open(os.path.join(base, page), encoding='utf-8').read():
                say.append('%s:%d: "%s": no such id in the other language' % (name, line, href))
        for f, line in p.files:
            if '//' in f or f.startswith('/') or '..' in f or ':' in f:
                say.append('%s:%d: "%s" is outside the folder' % (name, line, f))
            elif not os.path.isfile(os.path.join(base, f)):
                say.append('%s:%d: "%s" is missing' % (name, line, f))
        if len(sys.argv) > 2 and sys.argv[2] not in ' '.join(' '.join(p.footer).split()):
            say.append('%s: the footer does not show "%s": %s' % (name, sys.argv[2], ' '.join(p.footer)[:200]))
        problems += say
    # Every page is reachable from the cover.
    seen, todo = set(), [os.path.basename(index)]
    while todo:
        n = todo.pop()
        if n in seen or n not in pages:
            continue
        seen.add(n)
        todo += [h.partition('#')[0] for h, _ in pages[n].links if h.partition('#')[0]]
    for n in names:
        if n not in seen:
            problems.append('%s: no link leads to it from %s' % (n, os.path.basename(index)))
    for problem in problems:
        print(problem)
    if not problems:
        print('ok: %d pages, %d headings, %d links between and in pages' % (
            len(pages), sum(len(p.headings) for p in pages.values()), nlinks))
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
