#!/usr/bin/env python3
"""corpus_tree.py CASE TREE [ID]: a source tree for one case of the layout, HTML, snapshot or
diff corpora (tests/t_corpus.sh).  Prints the id of the edition to build.

TREE/agencies/ gets tests/base/agencies/*.xml (what every edition must print) and the case's
agency files; TREE/editions/ the case's manifest (a file whose root is <edition>) or, when it has
none, a generated one (id ID, default "prueba"; the Invierno 2026 operation) that includes every
top-level section of the case's agencies in one chapter, then the complaint form, signed off.
"""
import os
import shutil
import sys
import xml.etree.ElementTree as ET

case, tree = sys.argv[1], sys.argv[2]
edition_id = sys.argv[3] if len(sys.argv) > 3 else "prueba"
base = os.path.join(os.path.dirname(os.path.abspath(__file__)), "base", "agencies")
shutil.rmtree(tree, ignore_errors=True)
os.makedirs(f"{tree}/agencies")
os.makedirs(f"{tree}/editions")
for f in sorted(os.listdir(base)):
    shutil.copy(os.path.join(base, f), f"{tree}/agencies/{f}")
if os.path.isdir(f"{case}/images"):
    shutil.copytree(f"{case}/images", f"{tree}/images")

agencies, sections, manifest = [], [], None
for f in sorted(os.listdir(case)):
    if not f.endswith(".xml"):
        continue
    root = ET.parse(os.path.join(case, f)).getroot()
    if root.tag == "edition":
        manifest = root.get("id")
        shutil.copy(os.path.join(case, f), f"{tree}/editions/{manifest}.xml")
    else:
        shutil.copy(os.path.join(case, f), f"{tree}/agencies/{f}")
        agencies.append(root.get("id"))
        sections += [s.get("id") for s in root.findall("section")]

if manifest is None:
    manifest = edition_id
    includes = "".join(f'\n      <include section="{s}"/>' for s in sections + ["base-queja"])
    signoffs = "".join(f'\n    <signoff agency="{a}" editor="Editor de prueba" date="2026-10-20" revision="1"/>'
                       for a in agencies + ["base"])
    with open(f"{tree}/editions/{manifest}.xml", "w", encoding="utf-8") as out:
        out.write(f"""<?xml version="1.0" encoding="UTF-8"?>
<edition id="{manifest}" xml:lang="es" year="2026" season="invierno" revision="1" status="final" date="2026-10-30">
  <title>Edición de prueba</title>
  <operation start="2026-11-26" end="2027-01-10"/>
  <contents>
    <chapter id="cap-prueba">
      <title>Capítulo de prueba</title>{includes}
    </chapter>
  </contents>
  <signoffs>{signoffs}
  </signoffs>
</edition>
""")
print(manifest)
