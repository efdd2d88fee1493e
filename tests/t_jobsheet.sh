# t_jobsheet.sh: the print shop's job sheet written by `paisano build` beside the PDFs, checked
# against what pdfinfo reads from the real PDFs; sourced by run.sh with $P and $tag.

js=$out/jobsheet
rm -rf "$js"
expect "$tag jobsheet: build the bundled edition" 0 "$P" build -q --edition 2026-invierno -o "$js"
d=$js/2026-invierno
if [ -s "$d/jobsheet.txt" ] && [ -s "$d/jobsheet.json" ]; then ok "$tag jobsheet: text and JSON beside the PDFs"
else notok "$tag jobsheet: text and JSON beside the PDFs" "$(ls "$d")"; fi
if python3 - "$d" <<'PY'
import hashlib, json, os, re, subprocess, sys
d = sys.argv[1]
j = json.load(open(os.path.join(d, "jobsheet.json"), encoding="utf-8"))
m = json.load(open(os.path.join(d, "manifest.json"), encoding="utf-8"))
t = open(os.path.join(d, "jobsheet.txt"), encoding="utf-8").read()
assert j["edition"] == "2026-invierno" and j["version"] == m["version"], (j["edition"], j["version"])
assert j["colours"] == "4/4 process CMYK" and j["binding"] == "saddle stitch", j
assert j["quantity"] is None and "Tiraje:             no indicado" in t, t
assert "Versión:            " + m["version"] + "\n" in t, t
assert j["output_intent"]["identifier"] == "FOGRA39" and "115 g/m²" in j["paper"], j
prints = [f for f in m["files"] if f["kind"] == "print"]
assert sorted(f["path"] for f in j["files"]) == sorted(f["path"] for f in prints), (j["files"], prints)
for f in j["files"]:
    pdf = os.path.join(d, f["path"])
    data = open(pdf, "rb").read()
    assert f["bytes"] == len(data) and f["sha256"] == hashlib.sha256(data).hexdigest(), f
    assert "  %s  %d  %s\n" % (f["path"], len(data), f["sha256"]) in t, f
    info = subprocess.run(["pdfinfo", "-box", pdf], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    assert j["pages"][f["lang"]] == pages, (f, pages)
    lang = "español" if f["lang"] == "es" else "inglés"
    assert re.search(r"^Páginas \(%s\):\s+%d$" % (lang, pages), t, re.M), (lang, pages)
    trim = [float(x) for x in re.search(r"^TrimBox:\s+(.*)$", info, re.M).group(1).split()]
    bleed = [float(x) for x in re.search(r"^BleedBox:\s+(.*)$", info, re.M).group(1).split()]
    mm = lambda pt: round(pt * 25.4 / 72, 1)
    assert [mm(trim[2] - trim[0]), mm(trim[3] - trim[1])] == j["trim_mm"], (trim, j["trim_mm"])
    for k in range(4):
        assert abs(mm(abs(trim[k] - bleed[k])) - j["bleed_mm"]) <= 0.1, (trim, bleed, j["bleed_mm"])
    assert "Formato final:      %.1f × %.1f mm" % tuple(j["trim_mm"]) in t and \
        "Sangrado:           %.1f mm" % j["bleed_mm"] in t, t
    assert b"/OutputConditionIdentifier (FOGRA39)" in data, "no FOGRA39 output intent in " + pdf
PY
then ok "$tag jobsheet: pages, trim, bleed, sizes and SHA-256 match pdfinfo and the files"
else notok "$tag jobsheet: pages, trim, bleed, sizes and SHA-256 match pdfinfo and the files"; fi

# Without print outputs there is no job sheet (and an old one does not linger: the directory is
# replaced whole).
expect "$tag jobsheet: --only html" 0 "$P" build -q --only html --edition 2026-invierno -o "$js"
if [ -e "$d/jobsheet.txt" ]; then notok "$tag jobsheet: none without print PDFs"; else ok "$tag jobsheet: none without print PDFs"; fi
# Kept languages count: --lang en after a full build lists both languages' print PDFs.
expect "$tag jobsheet: full build again" 0 "$P" build -q --edition 2026-invierno -o "$js"
expect "$tag jobsheet: --lang en keeps es" 0 "$P" build -q --lang en --edition 2026-invierno -o "$js"
has "$tag jobsheet: kept Spanish print PDF listed" "$d/jobsheet.txt" "2026-invierno-print.pdf"
has "$tag jobsheet: English print PDF listed" "$d/jobsheet.txt" "2026-invierno-en-print.pdf"
rm -rf "$js"
