#!/usr/bin/env python3
"""structure.py INDEX.html: the structural promises of the web edition, one line per problem.

Checks what vnu and axe do not: one h1 and no skipped heading levels, <th scope>, alt on every
image, no <script>, nothing loaded from outside the folder, every in-page link has its target,
unique ids, every image and stylesheet the page names exists next to it.  Prints "ok" and exits
0 when there is nothing to say.
"""
import os
import re
import sys
from html.parser import HTMLParser


class Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []
        self.headings = []
        self.ids = {}
        self.links = []
        self.files = []
        self.in_footer = 0
        self.footer = []
        self.lang = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        line = self.getpos()[0]
        if 'id' in a:
            if a['id'] in self.ids:
                self.problems.append('line %d: id "%s" used twice' % (line, a['id']))
            self.ids[a['id']] = line
        if tag == 'html':
            self.lang = a.get('lang')
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
            self.files.append((a.get('href', ''), line))
        elif tag == 'footer':
            self.in_footer += 1
        if tag == 'a':
            href = a.get('href', '')
            if href.startswith('#'):
                self.links.append((href[1:], line))
            elif re.fullmatch(r'\.\./html(-en)?/index\.html', href):
                self.files.append((href, line))     # the edition in the other language
            elif not href.split(':')[0] in ('tel', 'mailto', 'https', 'http'):
                self.problems.append('line %d: link to "%s"' % (line, href))
        for k, v in a.items():
            if k.startswith('on'):
                self.problems.append('line %d: event handler %s' % (line, k))
            if k == 'style' and 'url(' in (v or ''):
                self.problems.append('line %d: url() in a style' % line)

    def handle_endtag(self, tag):
        if tag == 'footer':
            self.in_footer -= 1

    def handle_data(self, data):
        if self.in_footer > 0:
            self.footer.append(data)


def main():
    path = sys.argv[1]
    with open(path, encoding='utf-8') as f:
        src = f.read()
    p = Page()
    p.feed(src)
    p.close()
    if not src.startswith('<!DOCTYPE html>'):
        p.problems.append('no <!DOCTYPE html> at the top')
    want = 'en' if os.path.basename(os.path.dirname(os.path.abspath(path))) == 'html-en' else 'es'
    if p.lang != want:
        p.problems.append('<html lang="%s">, expected "%s"' % (p.lang, want))
    levels = [h for h, _ in p.headings]
    if levels.count(1) != 1 or not levels or levels[0] != 1:
        p.problems.append('expected exactly one h1, first: %s' % levels[:3])
    prev = 1
    for level, line in p.headings:
        if level > prev + 1:
            p.problems.append('line %d: h%d after h%d skips a level' % (line, level, prev))
        prev = level
    for target, line in p.links:
        if target not in p.ids:
            p.problems.append('line %d: link to #%s, which is not on the page' % (line, target))
    base = os.path.dirname(os.path.abspath(path))
    for name, line in p.files:
        if re.fullmatch(r'\.\./html(-en)?/index\.html', name):
            # the edition in the other language, next to this one
            if not os.path.isfile(os.path.join(base, name)):
                p.problems.append('line %d: "%s" (the other language) is missing' % (line, name))
        elif '//' in name or name.startswith('/') or '..' in name or ':' in name:
            p.problems.append('line %d: "%s" is outside the folder' % (line, name))
        elif not os.path.isfile(os.path.join(base, name)):
            p.problems.append('line %d: "%s" is missing' % (line, name))
    if len(sys.argv) > 2 and sys.argv[2] not in ' '.join(' '.join(p.footer).split()):
        p.problems.append('the footer does not show "%s": %s' % (sys.argv[2], ' '.join(p.footer)[:200]))
    for problem in p.problems:
        print(problem)
    if not p.problems:
        print('ok: %d headings, %d in-page links, %d ids' % (len(p.headings), len(p.links), len(p.ids)))
    return 1 if p.problems else 0


if __name__ == '__main__':
    sys.exit(main())
