#!/usr/bin/env python3
"""valid_gen.py SCHEMA.rng > valid_gen.c: the schema as a table for the fast path (src/core/valid.c).

Reads a RelaxNG grammar (XML syntax) and writes its patterns as a C array of struct vpat
(src/core/valid.h): refs resolved to the index of their define, optional/zeroOrMore/oneOrMore
kept as such, and for every pattern whether it can match no child at all and which children
(element names, "#text", "#string") can start it, for valid.c's one-token lookahead.

Annotations (elements and attributes of other namespaces, such as a:documentation) are ignored.
What valid.c cannot decide surely (a name class, an unknown datatype or parameter, a regular
expression with XSD-only syntax, externalRef...) becomes notAllowed: the fast path then never
passes that part, and libxml2 decides, so the generated table can only ever be stricter than the
schema.
"""
import re
import sys
import xml.etree.ElementTree as ET

RNG = "http://relaxng.org/ns/structure/1.0"
XSD = "http://www.w3.org/2001/XMLSchema-datatypes"
TYPES = {"token": "VT_TOKEN", "string": "VT_STRING", "date": "VT_DATE", "gYear": "VT_GYEAR",
         "positiveInteger": "VT_POSITIVE_INTEGER"}
PARAMS = {"pattern", "minLength", "maxLength", "maxInclusive"}
# XSD regular expressions that mean the same in PCRE: literals, classes, groups, alternatives,
# quantifiers and the escapes \. \- \\ \( \) \+; anything else (\p, \i, \c, ^, $, class
# subtraction "-[") is left to libxml2.
SAFE_REGEX = re.compile(r'^(?:[A-Za-z0-9 _.,%/:@#=!<>~\'"()\[\]{}|*+?-]|\\[.\-\\()+*?{}\[\]|])*$')


def rng(tag):
    return f"{{{RNG}}}{tag}"


def local(el):
    return el.tag.split("}")[1] if el.tag.startswith(f"{{{RNG}}}") else None


def kids(el):
    """The RelaxNG children of el, annotations left out."""
    return [k for k in el if local(k) is not None]


def parse_regex(rx):
    """An XSD regular expression as atoms for valid.c's possessive matcher: a list of
    (set of bytes or None, min, max, group length), a group's atoms following it; or None when
    it uses anything else (alternation, '.', negated classes, non-ASCII...), which GRegex
    matches instead."""
    pos = 0

    def char():
        nonlocal pos
        c = rx[pos]
        pos += 1
        if c == "\\":
            if pos >= len(rx) or rx[pos] not in ".-\\()+*?{}[]|":
                raise ValueError
            c = rx[pos]
            pos += 1
        if not (32 <= ord(c) < 127):
            raise ValueError
        return c

    def klass():
        nonlocal pos
        chars = set()
        if rx[pos] == "^":
            raise ValueError
        while rx[pos] != "]":
            if rx[pos] == "[":
                raise ValueError
            lo = char()
            if rx[pos] == "-" and rx[pos + 1] != "]":
                pos += 1
                hi = char()
                chars |= {chr(c) for c in range(ord(lo), ord(hi) + 1)}
            else:
                chars.add(lo)
        pos += 1
        return chars

    def seq(close):
        nonlocal pos
        atoms = []
        while pos < len(rx) and rx[pos] != ")":
            c = rx[pos]
            if c in "|.^$*+?{}]":
                raise ValueError
            if c == "(":
                pos += 1
                body = seq(True)
                head = [None, 1, 1, len(body)]
                group = [head] + body
            elif c == "[":
                pos += 1
                group = [[klass(), 1, 1, 0]]
            else:
                group = [[{char()}, 1, 1, 0]]
            if pos < len(rx) and rx[pos] in "?*+{":
                q = rx[pos]
                pos += 1
                if q == "{":
                    end = rx.index("}", pos)
                    lo, comma, hi = rx[pos:end].partition(",")
                    pos = end + 1
                    mn = int(lo)
                    mx = mn if not comma else (int(hi) if hi else -1)
                else:
                    mn, mx = {"?": (0, 1), "*": (0, -1), "+": (1, -1)}[q]
                group[0][1], group[0][2] = mn, mx
            atoms += group
        if close:
            if pos >= len(rx) or rx[pos] != ")":
                raise ValueError
            pos += 1
        elif pos < len(rx):
            raise ValueError
        return atoms

    try:
        return seq(False)
    except (ValueError, IndexError):
        return None


class Gen:
    def __init__(self, root):
        self.pats = []          # dicts
        self.defines = {}       # name -> list of elements (the define's children)
        self.define_index = {}  # name -> pattern index
        self.start = None
        self.collect(root, root.get("datatypeLibrary", ""))
        if self.start is None:
            sys.exit("valid_gen: the grammar has no <start>")

    def collect(self, grammar, lib):
        for k in kids(grammar):
            kl = lib if k.get("datatypeLibrary") is None else k.get("datatypeLibrary")
            tag = local(k)
            if tag == "start":
                if k.get("combine"):
                    sys.exit("valid_gen: <start combine> is not supported")
                self.start = (kids(k), kl)
            elif tag == "define":
                if k.get("combine") or k.get("name") in self.defines:
                    sys.exit(f"valid_gen: define {k.get('name')} is combined; not supported")
                self.defines[k.get("name")] = (kids(k), kl)
            elif tag == "div":
                self.collect(k, kl)
            else:
                sys.exit(f"valid_gen: <{tag}> in a grammar is not supported")

    def new(self, **p):
        p.setdefault("kids", [])
        self.pats.append(p)
        return len(self.pats) - 1

    def group(self, els, lib):
        """Several patterns in a row, as one."""
        idx = [self.pattern(e, lib) for e in els]
        if not idx:
            return self.new(kind="VP_EMPTY")
        return idx[0] if len(idx) == 1 else self.new(kind="VP_GROUP", kids=idx)

    def ref(self, name):
        if name not in self.define_index:
            if name not in self.defines:
                sys.exit(f"valid_gen: ref to an undefined pattern {name}")
            i = self.new(kind="VP_GROUP")           # filled in below; refs may be recursive
            self.define_index[name] = i
            els, lib = self.defines[name]
            body = self.group(els, lib)
            self.pats[i]["kids"] = [body]
        return self.define_index[name]

    def name_of(self, el):
        """(local name, in the xml namespace) of an element or attribute pattern, or None."""
        name = el.get("name")
        body = kids(el)
        if name is None and body and local(body[0]) == "name":
            name = (body[0].text or "").strip()
        if name is None or el.get("ns"):
            return None
        if ":" in name:
            prefix, name = name.split(":", 1)
            return (name, True) if prefix == "xml" else None
        return (name, False)

    def pattern(self, el, lib):
        lib = lib if el.get("datatypeLibrary") is None else el.get("datatypeLibrary")
        tag = local(el)
        body = kids(el)
        if tag in ("element", "attribute"):
            nm = self.name_of(el)
            if nm is None:
                return self.new(kind="VP_NOT_ALLOWED")
            if el.get("name") is None:
                body = body[1:]
            if tag == "attribute" and not body:
                body = [ET.Element(rng("text"))]
            content = self.group(body, lib)
            return self.new(kind="VP_ELEMENT" if tag == "element" else "VP_ATTRIBUTE", name=nm[0],
                            xml_ns=nm[1], kids=[content])
        if tag in ("group", "choice", "optional", "zeroOrMore", "oneOrMore", "list", "mixed"):
            idx = [self.pattern(k, lib) for k in body]
            if tag == "mixed":
                return self.new(kind="VP_NOT_ALLOWED")
            if tag == "choice":
                return self.new(kind="VP_CHOICE", kids=idx)
            if tag != "group" and len(idx) != 1:
                idx = [self.new(kind="VP_GROUP", kids=idx)]
            kind = {"group": "VP_GROUP", "optional": "VP_OPTIONAL", "zeroOrMore": "VP_ZERO_OR_MORE",
                    "oneOrMore": "VP_ONE_OR_MORE", "list": "VP_LIST"}[tag]
            return self.new(kind=kind, kids=idx)
        if tag == "ref":
            return self.ref(el.get("name"))
        if tag in ("empty", "text", "notAllowed"):
            return self.new(kind={"empty": "VP_EMPTY", "text": "VP_TEXT", "notAllowed": "VP_NOT_ALLOWED"}[tag])
        if tag == "value":
            # no type: the built-in token; else token or string of XSD
            t = el.get("type", "token")
            if el.get("type") is not None and lib not in ("", XSD) or t not in ("token", "string"):
                return self.new(kind="VP_NOT_ALLOWED")
            return self.new(kind="VP_VALUE", type=TYPES[t], name=el.text or "")
        if tag == "data":
            t = el.get("type")
            if lib not in ("", XSD) or t not in TYPES or (lib == "" and t not in ("token", "string")):
                return self.new(kind="VP_NOT_ALLOWED")
            p = {"kind": "VP_DATA", "type": TYPES[t], "min": -1, "max": -1, "max_inclusive": -1, "regex": None}
            for k in body:
                if local(k) == "except":
                    return self.new(kind="VP_NOT_ALLOWED")
                n, v = k.get("name"), (k.text or "")
                if local(k) != "param" or n not in PARAMS:
                    return self.new(kind="VP_NOT_ALLOWED")
                if n == "pattern":
                    if not SAFE_REGEX.match(v):
                        return self.new(kind="VP_NOT_ALLOWED")
                    p["regex"] = "\\A(?:" + v + ")\\z"
                    p["re"] = parse_regex(v)
                else:
                    if not v.strip().isdigit():
                        return self.new(kind="VP_NOT_ALLOWED")
                    p[{"minLength": "min", "maxLength": "max", "maxInclusive": "max_inclusive"}[n]] = int(v)
            return self.new(**p)
        # externalRef, parentRef, grammar, interleave, anyName... : not for the fast path
        return self.new(kind="VP_NOT_ALLOWED")

    def analyse(self):
        """nullable (matches no child) and first (the children that can start it), to a fixed point."""
        for p in self.pats:
            p["nullable"], p["first"] = False, set()
        changed = True
        while changed:
            changed = False
            for p in self.pats:
                k, ks = p["kind"], [self.pats[i] for i in p["kids"]]
                if k in ("VP_EMPTY", "VP_ATTRIBUTE", "VP_OPTIONAL", "VP_ZERO_OR_MORE"):
                    nullable = True
                elif k == "VP_TEXT":
                    nullable = True
                elif k == "VP_GROUP":
                    nullable = all(c["nullable"] for c in ks)
                elif k == "VP_CHOICE":
                    nullable = any(c["nullable"] for c in ks)
                elif k == "VP_ONE_OR_MORE":
                    nullable = ks[0]["nullable"]
                else:
                    nullable = False
                first = set()
                if k == "VP_ELEMENT":
                    first = {p["name"]}
                elif k == "VP_TEXT":
                    first = {"#text"}
                elif k in ("VP_VALUE", "VP_DATA", "VP_LIST"):
                    first = {"#string"}
                elif k == "VP_GROUP":
                    for c in ks:
                        first |= c["first"]
                        if not c["nullable"]:
                            break
                elif k in ("VP_CHOICE", "VP_OPTIONAL", "VP_ZERO_OR_MORE", "VP_ONE_OR_MORE"):
                    for c in ks:
                        first |= c["first"]
                if nullable != p["nullable"] or first != p["first"]:
                    p["nullable"], p["first"] = nullable, first
                    changed = True
        # an element's content is a value when a value, data or list can start it
        for p in self.pats:
            p["value_content"] = p["kind"] == "VP_ELEMENT" and "#string" in self.pats[p["kids"][0]]["first"]


def cstr(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: valid_gen.py SCHEMA.rng > valid_gen.c")
    root = ET.parse(sys.argv[1]).getroot()
    if root.tag != rng("grammar"):
        sys.exit("valid_gen: the root is not a RelaxNG <grammar>")
    g = Gen(root)
    start = g.group(*g.start)
    g.analyse()
    out = [f"/* generated from {sys.argv[1]} by tests/valid_gen.py: do not edit */",
           '#include "valid.h"', ""]
    for i, p in enumerate(g.pats):
        if p.get("re"):
            out.append(f"static const struct vre r{i}[] = {{")
            for chars, mn, mx, ln in p["re"]:
                bits = [0] * 32
                for c in chars or ():
                    bits[ord(c) >> 3] |= 1 << (ord(c) & 7)
                out.append(f"\t{{ {{ {', '.join(map(str, bits))} }}, {mn}, {mx}, {ln} }},")
            out.append("};")
        if p["kids"]:
            out.append(f"static const unsigned short k{i}[] = {{ {', '.join(map(str, p['kids']))} }};")
        out.append(f"static const char *const f{i}[] = {{ "
                   + "".join(cstr(n) + ", " for n in sorted(p["first"])) + "NULL };")
    out += ["", "const struct vpat valid_gen_pats[] = {"]
    for i, p in enumerate(g.pats):
        fields = [f".kind = {p['kind']}", f".nullable = {int(p['nullable'])}"]
        if p["kids"]:
            fields += [f".kids = k{i}", f".nkids = {len(p['kids'])}"]
        fields.append(f".first = f{i}")
        if "name" in p:
            fields.append(f".name = {cstr(p['name'])}")
        if p.get("xml_ns"):
            fields.append(".xml_ns = 1")
        if p["value_content"]:
            fields.append(".value_content = 1")
        if "type" in p:
            fields.append(f".type = {p['type']}")
        if p["kind"] == "VP_DATA":
            fields += [f".min_length = {p['min']}", f".max_length = {p['max']}",
                       f".max_inclusive = {p['max_inclusive']}"]
            if p["regex"] is not None:
                fields.append(f".regex = {cstr(p['regex'])}")
            if p.get("re"):
                fields += [f".re = r{i}", f".nre = {len(p['re'])}"]
        out.append(f"\t/* {i} */ {{ {', '.join(fields)} }},")
    out += ["};", f"const unsigned int valid_gen_count = {len(g.pats)};",
            f"const unsigned int valid_gen_start = {start};", ""]
    sys.stdout.write("\n".join(out))


main()
