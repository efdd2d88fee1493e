#!/usr/bin/env python3
"""bench.py: `make bench`: how fast paisano is, measured and printed (never a pass/fail test).

For the bundled edition and a ~1,000-page stress edition (tests/bench/stress.py), runs
`paisano build` RUNS times and prints the median wall time, CPU time and time per stage (from
manifest.json), peak memory (the child's own rusage), pages, ms per page and output sizes; then
`paisano check` and `paisano proof` (into an empty directory, again, and with --watch from a
save to the new pictures); then, when installed, WeasyPrint on our own HTML edition as
a side-by-side reference.  Targets (issue 7): everything for the bundled edition under 0.2 s,
check under 30 ms, proof under 100 ms, 1,000 pages under 1.5 s and 150 MiB.  Then the
typography of both bundled print PDFs (tests/bench/typography.py, issue 19), and how the bundled
edition's pages end (tests/bench/pages.py).
"""
import gzip
import json
import os
import shutil
import statistics
import subprocess
import sys
import time

RUNS = int(os.environ.get("RUNS", "5"))
P = os.path.abspath("bin/paisano")
WORK = os.path.abspath("build/bench")


def run(args, cwd=None, env=None):
    """Wall seconds, CPU seconds and peak RSS (KiB) of one run of a command (its own rusage)."""
    t0 = time.perf_counter()
    p = subprocess.Popen(args, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    err = p.stderr.read()
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode != 0:
        sys.exit(f"bench: {' '.join(args)} failed:\n{err}")
    return wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss


def measure(args, runs=RUNS, cwd=None, env=None):
    results = [run(args, cwd, env) for _ in range(runs)]
    return (statistics.median(r[0] for r in results), statistics.median(r[1] for r in results),
            max(r[2] for r in results))


def mib(kib):
    return kib / 1024


def report_build(name, src, lang="es"):
    out = f"{WORK}/out-" + "".join(c if c.isalnum() else "-" for c in name)
    shutil.rmtree(out, ignore_errors=True)
    wall, cpu, rss = measure([P, "build", "-q", "--src", src, "--edition", "2026-invierno",
                              "--lang", lang, "-o", out])
    m = json.load(open(f"{out}/2026-invierno/manifest.json"))
    pages = sum(l["pages"] for l in m["languages"].values())
    print(f"\n{name}: {pages} pages ({', '.join(m['languages'])}), build of everything (median of {RUNS})")
    print(f"  wall {wall * 1e3:8.1f} ms   cpu {cpu * 1e3:8.1f} ms   peak memory {mib(rss):6.1f} MiB"
          f"   {wall * 1e3 / pages:.2f} ms/page")
    for s in m["stages"]:
        print(f"    {s['name']:<18} wall {s['wall_ms']:8.1f} ms   cpu {s['cpu_ms']:8.1f} ms"
              f"   from {s.get('start_ms', 0):6.1f} ms")
    for f in m["files"]:
        if f["kind"] != "html" or f["path"].endswith("index.html"):
            print(f"    {f['path']:<30} {f['bytes'] / 1024:9.1f} KiB")
    return wall, pages, out, rss


WEB_TARGET = 30 * 1024


def gz(path):
    """The bytes a server sends for a file compressed as most do (gzip, level 6)."""
    return len(gzip.compress(open(path, "rb").read(), compresslevel=6, mtime=0))


def first_screen(edition_dir):
    """Issue 21: what a reader on a phone downloads before the first screen is readable, the page
    and its stylesheet (nothing else: no script, no font, no picture above the fold), gzip level 6.
    For index.html, the page a link to the guide opens, and for the largest page, in each
    language.  Returns the Spanish index.html's figure."""
    print("\nweb edition: bytes before the first screen (page + paisano.css, gzip -6; issue 21)")
    first = None
    for hdir in ("html", "html-en"):
        d = f"{edition_dir}/{hdir}"
        if not os.path.isdir(d):
            continue
        css = gz(f"{d}/paisano.css")
        pages = sorted((gz(f"{d}/{n}"), os.path.getsize(f"{d}/{n}"), n) for n in os.listdir(d) if n.endswith(".html"))
        index = next(p for p in pages if p[2] == "index.html")
        for label, (g, raw, n) in (("first page", index), ("largest page", pages[-1])):
            print(f"  {hdir + '/' + n:<28} {label:<13} {raw / 1024:6.1f} KiB, gzip {g / 1024:5.1f} KiB"
                  f" + css {css / 1024:4.1f} KiB = {(g + css) / 1024:5.1f} KiB")
        print(f"  {hdir + '/':<28} {len(pages)} pages, {sum(p[1] for p in pages) / 1024:.1f} KiB in all")
        if first is None:
            first = index[0] + css
    return first


def proof_cold(out, env=None):
    """A proof into an empty directory: every picture painted."""
    shutil.rmtree(out, ignore_errors=True)
    return run([P, "proof", "-q", "--agency", "anam", "-o", out], env=env)


def schema_both_ways():
    """check and a cold proof with the schema's fast path (src/core/valid.c, generated from
    paisano.rng) and with libxml2's RelaxNG validation alone (PAISANO_VALID=libxml2)."""
    print("\nschema validation: the fast path against libxml2 alone (issue 14)")
    for label, env in (("fast path", None), ("libxml2 only", dict(os.environ, PAISANO_VALID="libxml2"))):
        w, cpu, rss = measure([P, "check", "--edition", "2026-invierno"], env=env)
        print(f"  {'check, ' + label + ':':<40} wall {w * 1e3:7.1f} ms   cpu {cpu * 1e3:7.1f} ms   {mib(rss):6.1f} MiB")
        results = [proof_cold(f"{WORK}/proof", env) for _ in range(RUNS)]
        print(f"  {'proof --agency anam cold, ' + label + ':':<40} wall {statistics.median(r[0] for r in results) * 1e3:7.1f} ms   "
              f"cpu {statistics.median(r[1] for r in results) * 1e3:7.1f} ms")


def proof_watch(runs):
    """proof --watch: from writing a source file to the proofs updated (the change seen, 10 ms
    for other files of the same save, the proof).  Each save changes the air franchise ANAM prints (500 dollars, 550
    dollars, and back) on some of its pages."""
    tree, out = f"{WORK}/watch-src", f"{WORK}/watch-proof"
    shutil.rmtree(tree, ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    shutil.copytree("guide-src", tree)
    path = f"{tree}/agencies/anam.xml"
    text = open(path, encoding="utf-8").read()
    p = subprocess.Popen([P, "proof", "--watch", "--src", tree, "--agency", "anam", "-o", out],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    while "watching" not in (line := p.stdout.readline()):
        if not line:
            sys.exit("bench: proof --watch stopped")
    latency, own, painted = [], [], ""
    for i in range(runs):
        new = text.replace('from="2019-01-01" source="anam-fuente-franquicia">500<', 'from="2019-01-01" source="anam-fuente-franquicia">550<') if i % 2 == 0 else text
        if new == text and i % 2 == 0:
            sys.exit("bench: the air franchise is not in anam.xml any more: update bench.py")
        tmp = path + ".new"
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(new)
        t0 = time.perf_counter()
        os.replace(tmp, path)
        while True:
            line = p.stdout.readline()
            if not line:
                sys.exit("bench: proof --watch stopped")
            if line.startswith("painted"):
                painted = line.split(",")[0]
            if line.startswith("paisano: proofs updated in"):
                latency.append(time.perf_counter() - t0)
                own.append(float(line.split()[4]) / 1e3)
                break
    p.terminate()
    p.wait()
    return statistics.median(latency), statistics.median(own), painted


def main():
    if sys.argv[1:2] == ["--web"]:         # only the web figures, of an edition already built
        first_screen(sys.argv[2])
        return
    os.makedirs(WORK, exist_ok=True)
    print(f"paisano benchmark on {os.cpu_count()} cores; RUNS={RUNS} (medians)")
    stress = f"{WORK}/stress-src"
    subprocess.run([sys.executable, "tests/bench/stress.py", "guide-src", stress,
                    os.environ.get("COPIES", "13")], check=True)
    w1, p1, out1, _ = report_build("bundled", "guide-src")
    w12, p12, out12, _ = report_build("bundled, Spanish and English", "guide-src", "all")
    web = first_screen(f"{out12}/2026-invierno")
    w2, p2, _, rss2 = report_build("stress", stress)
    print(f"\nscaling: {w1 * 1e3 / p1:.2f} ms/page at {p1} pages, {w2 * 1e3 / p2:.2f} ms/page at {p2} pages")

    wc, cpu, rss = measure([P, "check", "--edition", "2026-invierno"])
    print(f"check (bundled):               wall {wc * 1e3:7.1f} ms   cpu {cpu * 1e3:7.1f} ms   {mib(rss):6.1f} MiB")
    wcs, cpu, rss = measure([P, "check", "--src", stress, "--edition", "2026-invierno"])
    print(f"check (stress):                wall {wcs * 1e3:7.1f} ms   cpu {cpu * 1e3:7.1f} ms   {mib(rss):6.1f} MiB")
    results = [proof_cold(f"{WORK}/proof") for _ in range(RUNS)]
    wp = statistics.median(r[0] for r in results)
    print(f"proof --agency anam, cold:     wall {wp * 1e3:7.1f} ms   cpu "
          f"{statistics.median(r[1] for r in results) * 1e3:7.1f} ms   {mib(max(r[2] for r in results)):6.1f} MiB")
    wpw, cpu, rss = measure([P, "proof", "-q", "--agency", "anam", "-o", f"{WORK}/proof"])
    print(f"proof --agency anam, again:    wall {wpw * 1e3:7.1f} ms   cpu {cpu * 1e3:7.1f} ms   {mib(rss):6.1f} MiB"
          "   (unchanged pictures reused)")
    wl, wo, painted = proof_watch(max(RUNS, 4))
    print(f"proof --watch, save to proofs: wall {wl * 1e3:7.1f} ms   (the proof itself {wo * 1e3:.1f} ms; {painted})")

    schema_both_ways()

    weasy = shutil.which("weasyprint")
    if weasy:
        index = f"{out1}/2026-invierno/html/index.html"
        ww, cpu, rss = measure([weasy, index, f"{WORK}/weasy.pdf"], runs=min(RUNS, 3))
        print(f"\nWeasyPrint on our HTML edition's cover and contents (index.html): wall {ww * 1e3:7.1f} ms   {mib(rss):6.1f} MiB   "
              f"({ww / w1:.1f} x paisano's whole Spanish build)")
    else:
        print("\nWeasyPrint: not installed (apt-get install weasyprint to compare)")

    # Typography (issue 19): how the body text of both print PDFs is set
    print("\ntypography of the bundled print PDFs (tests/bench/typography.py):")
    sys.stdout.flush()
    subprocess.run([sys.executable, "tests/bench/typography.py",
                    f"{out12}/2026-invierno/2026-invierno-print.pdf",
                    f"{out12}/2026-invierno/2026-invierno-en-print.pdf"], check=True)
    # Pages (issue 19): how the body pages end, from the layout (tests/bench/pages.py)
    print("\npages of the bundled edition (tests/bench/pages.py):")
    sys.stdout.flush()
    subprocess.run([sys.executable, "tests/bench/pages.py", "--paisano", P,
                    "2026-invierno:es", "2026-invierno:en"], check=True)

    print("\ntargets (issue 7):")
    for what, got, want in (("bundled edition, everything (Spanish)", w1 * 1e3, 200),
                            ("bundled edition, everything (both languages)", w12 * 1e3, 200),
                            ("paisano check", wc * 1e3, 30),
                            ("paisano proof --agency anam (cold)", wp * 1e3, 100),
                            ("paisano proof --agency anam (again)", wpw * 1e3, 100),
                            ("proof --watch, from a save to the proofs", wl * 1e3, 100),
                            (f"stress edition, {p2} pages", w2 * 1e3, 1500 * p2 / 1000)):
        print(f"  {what:<46} {got:8.1f} ms   target {want:6.0f} ms   {'met' if got < want else 'NOT met'}")
    print(f"  {'stress edition, peak memory':<46} {mib(rss2):8.1f} MiB  target    150 MiB  "
          f"{'met' if mib(rss2) < 150 else 'NOT met'}")
    print(f"  {'web, first page + css, gzip (issue 21)':<46} {web / 1024:8.1f} KiB  target     30 KiB  "
          f"{'met' if web <= WEB_TARGET else 'NOT met'}")


main()
