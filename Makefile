# paisano: the Guía Paisano publishing pipeline.
#
#   make            build bin/paisano
#   make edition    build the bundled edition into out/EDITION/ (EDITION=2026-invierno)
#   make check      fuzz for a while, then the whole test suite with the normal build and the
#                   ASan/UBSan build; ends "N passed, N failed"
#   make fuzz       only the fuzzer (FUZZ_TIME seconds)
#   make asan       build bin/paisano-asan (AddressSanitizer + UBSan)
#   make proof      AGENCY=sat: PNG proofs of that agency's pages in out/proofs/sat/
#   make bench      build times, memory and sizes (bundled and ~1,000-page editions)
#   make install    PREFIX=/usr/local DESTDIR= : bin/paisano (and its rendering module), paisano.1,
#                   templates and fonts
#   make clean

CC      ?= cc
PKGS    := libxml-2.0 glib-2.0 gio-2.0 pango pangoft2 pangocairo cairo cairo-pdf fontconfig harfbuzz freetype2 zlib
WARN    := -Wall -Wextra -Wmissing-prototypes -Wstrict-prototypes -Wwrite-strings -Wshadow -Werror
CFLAGS  ?= -O2 -g
CFLAGS  += -std=gnu11 $(WARN) $(shell pkg-config --cflags $(PKGS))
LDLIBS  += $(shell pkg-config --libs $(PKGS)) -lhpdf -lhyphen -lm
SANFLAGS := -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

# Add a file here once it compiles cleanly (a helper's half-written file must not break the build).
SRCS := src/main.c src/diag.c src/source.c src/model.c src/compile.c src/check.c src/guide.c \
	src/display.c src/snapshot.c src/diff.c src/output.c src/build.c src/render_print.c
SRCS += src/template.c src/hyphen.c src/layout.c src/words.c
SRCS += src/render_html.c src/render_screen.c src/png.c src/proof.c src/stamp.c src/valid.c src/heap.c
GEN  := build/schema_rng.c
HDRS := $(wildcard src/*.h) src/msg.def

# The rendering half is a module, bin/paisano-render.so, linked with pango, cairo & co.; the
# program itself is linked with libxml2 and GLib only and loads the module the first time a
# command renders (src/render_link.c explains why and how).  A file that lays out or renders
# goes in RENDER_SRCS too; every other file of SRCS is the program's.
RENDER_SRCS := src/build.c src/render_print.c src/template.c src/hyphen.c src/layout.c src/words.c \
	src/render_html.c src/render_screen.c src/png.c src/proof.c src/display.c
CORE_SRCS := $(filter-out $(RENDER_SRCS),$(SRCS)) src/render_link.c
CORE_LIBS := $(shell pkg-config --libs libxml-2.0 glib-2.0) -lm -ldl
MODULE_FLAGS := -fPIC -shared -Wl,-Bsymbolic

.PHONY: all check asan test edition proof bench fuzz install uninstall clean

all: bin/paisano

build/schema_rng.c: guide-src/schema/paisano.rng tests/embed.sh
	@mkdir -p build
	sh tests/embed.sh paisano_schema_rng $< > $@.tmp && mv $@.tmp $@

bin/paisano: $(CORE_SRCS) $(GEN) $(HDRS) bin/paisano-render.so
	@mkdir -p bin
	$(CC) $(CFLAGS) -rdynamic -o $@ $(CORE_SRCS) $(GEN) $(CORE_LIBS)

bin/paisano-render.so: $(RENDER_SRCS) $(HDRS)
	@mkdir -p bin
	$(CC) $(CFLAGS) $(MODULE_FLAGS) -o $@ $(RENDER_SRCS) $(LDLIBS)

bin/paisano-asan: $(CORE_SRCS) $(GEN) $(HDRS) bin/paisano-asan-render.so
	@mkdir -p bin
	$(CC) $(CFLAGS) $(SANFLAGS) -rdynamic -o $@ $(CORE_SRCS) $(GEN) $(CORE_LIBS)

bin/paisano-asan-render.so: $(RENDER_SRCS) $(HDRS)
	@mkdir -p bin
	$(CC) $(CFLAGS) $(SANFLAGS) $(MODULE_FLAGS) -o $@ $(RENDER_SRCS) $(LDLIBS)

asan: bin/paisano-asan

# The print renderer on a hand-made display list (tests/t_print.sh); FreeType measures the glyphs.
PRINT_SAMPLE := tests/print_sample.c src/display.c src/render_print.c src/words.c src/model.c
tests/print_sample: $(PRINT_SAMPLE) $(HDRS)
	$(CC) $(CFLAGS) -iquote src -o $@ $(PRINT_SAMPLE) $(LDLIBS)

tests/print_sample-asan: $(PRINT_SAMPLE) $(HDRS)
	$(CC) $(CFLAGS) $(SANFLAGS) -iquote src -o $@ $(PRINT_SAMPLE) $(LDLIBS)

# The PNG encoder against libpng's decoder (tests/t_png.sh).
tests/png_test: tests/png_test.c src/png.c src/png.h
	$(CC) $(CFLAGS) -iquote src -o $@ tests/png_test.c src/png.c $(LDLIBS)

tests/png_test-asan: tests/png_test.c src/png.c src/png.h
	$(CC) $(CFLAGS) $(SANFLAGS) -iquote src -o $@ tests/png_test.c src/png.c $(LDLIBS)

# Fuzzing (clang's libFuzzer) over the loader, compiler and checks.  `make fuzz` runs for
# FUZZ_TIME seconds (60 in CI, 10 otherwise) from a corpus seeded with the sources and the test
# cases; crashes land in tests/fuzz/ as crash-*: minimize them into tests/fuzz/regress/.
FUZZ_TIME ?= $(if $(CI),60,10)
FUZZ_SRCS := tests/fuzz/fuzz_source.c $(filter-out src/main.c src/render_%.c src/png.c src/layout.c src/build.c src/proof.c src/template.c src/hyphen.c,$(SRCS))
tests/fuzz/fuzz_source: $(FUZZ_SRCS) $(GEN) $(HDRS)
	clang -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
	    $(shell pkg-config --cflags $(PKGS)) -iquote src -o $@ $(FUZZ_SRCS) $(GEN) $(LDLIBS)

fuzz: tests/fuzz/fuzz_source
	rm -rf build/fuzz-corpus && mkdir -p build/fuzz-corpus
	cp guide-src/agencies/*.xml guide-src/editions/*.xml tests/fuzz/regress/* build/fuzz-corpus/ 2>/dev/null || true
	for f in tests/cases/*/*.xml; do cp "$$f" "build/fuzz-corpus/$$(echo $$f | tr / _)"; done
	cd tests/fuzz && ./fuzz_source -max_total_time=$(FUZZ_TIME) -max_len=65536 -timeout=10 \
	    -rss_limit_mb=2048 -print_final_stats=1 ../../build/fuzz-corpus

# The bundled edition: check it and write every output to out/$(EDITION)/.
EDITION ?= 2026-invierno
edition: bin/paisano
	bin/paisano build -v --edition $(EDITION)

# The suite, once with the normal build and once under the sanitizers.
check: bin/paisano bin/paisano-asan tests/print_sample tests/print_sample-asan tests/png_test tests/png_test-asan fuzz
	sh tests/run.sh bin/paisano bin/paisano-asan

test: bin/paisano tests/print_sample tests/png_test
	sh tests/run.sh bin/paisano

# The benchmark (issue 7): measures and prints, never fails on a slow machine.
bench: bin/paisano
	python3 tests/bench/bench.py

# Proofs of one agency's pages, for editors: make proof AGENCY=sat
proof: bin/paisano
	@test -n "$(AGENCY)" || { echo "usage: make proof AGENCY=sat (the agency file's name)"; exit 2; }
	bin/paisano proof --agency $(AGENCY) $(if $(EDITION),--edition $(EDITION))

# Install the program and its rendering module, its man page, and the templates and fonts it lays
# pages out with.
PREFIX ?= /usr/local
install: bin/paisano
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib/paisano $(DESTDIR)$(PREFIX)/share/man/man1 $(DESTDIR)$(PREFIX)/share/paisano
	install -m 755 bin/paisano $(DESTDIR)$(PREFIX)/bin/paisano
	install -m 644 bin/paisano-render.so $(DESTDIR)$(PREFIX)/lib/paisano/paisano-render.so
	install -m 644 paisano.1 $(DESTDIR)$(PREFIX)/share/man/man1/paisano.1
	cp -R templates fonts $(DESTDIR)$(PREFIX)/share/paisano/

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/paisano $(DESTDIR)$(PREFIX)/share/man/man1/paisano.1
	rm -rf $(DESTDIR)$(PREFIX)/lib/paisano
	rm -rf $(DESTDIR)$(PREFIX)/share/paisano

clean:
	rm -rf build bin/paisano bin/paisano-asan bin/paisano-render.so bin/paisano-asan-render.so tests/out tests/print_sample tests/print_sample-asan tests/png_test tests/png_test-asan tests/fuzz/fuzz_source
