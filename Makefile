# paisano: the Guía Paisano publishing pipeline.
#
#   make            build bin/paisano
#   make edition    build the bundled edition into out/EDITION/ (EDITION=2026-invierno)
#   make check      fuzz for a while, then the whole test suite with the normal build and the
#                   ASan/UBSan build; ends "N passed, N failed"
#   make fuzz       only the fuzzer (FUZZ_TIME seconds)
#   make asan       build bin/paisano-asan (AddressSanitizer + UBSan)
#   make proof      AGENCY=anam: PNG proofs of that agency's pages in out/proofs/anam/
#   make bench      build times, memory and sizes (bundled and ~1,000-page editions)
#   make install    PREFIX=/usr/local DESTDIR= : bin/paisano (and its rendering module), paisano.1,
#                   templates and fonts
#   make clean

CC       ?= cc
PKGS     := libxml-2.0 glib-2.0 gio-2.0 json-glib-1.0 pango pangoft2 pangocairo cairo cairo-pdf fontconfig harfbuzz freetype2 zlib libpng nettle libdeflate harfbuzz-subset
CORE_PKGS := libxml-2.0 glib-2.0 gio-2.0 json-glib-1.0 libpng nettle

# CFLAGS, CPPFLAGS and LDFLAGS are the builder's (a packager's -O2 -g, hardening flags, ...): the
# project's own flags, pkg-config's and the include folders go in variables of their own, so
# `make CFLAGS="-O2 -g"` still finds glib.h.  -Werror is for the project's own builds (tests,
# CI: `make check`, `make test`); WERROR= turns it off there too.
CFLAGS   ?= -O2 -g
WARN     := -std=gnu11 -Wall -Wextra -Wmissing-prototypes -Wstrict-prototypes -Wwrite-strings -Wshadow
WERROR   ?=
INCS     := -iquote src -iquote src/core -iquote src/render -iquote src/render/layout -iquote build
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS))
ALL_CFLAGS = $(WARN) $(WERROR) $(INCS) $(PKG_CFLAGS) $(CPPFLAGS) $(CFLAGS)
LDLIBS   := $(shell pkg-config --libs $(PKGS)) -lhpdf -lhyphen -lm
CORE_LIBS := $(shell pkg-config --libs $(CORE_PKGS)) -lm -ldl
# The desk (paisano serve, issue 17): bin/paisano-desk.so, loaded only by `serve` and `user`.
DESK_PKGS := libsoup-3.0 sqlite3 libsodium libxml-2.0 glib-2.0 gio-2.0
DESK_CFLAGS := $(shell pkg-config --cflags $(DESK_PKGS)) -iquote src/desk
DESK_LIBS := $(shell pkg-config --libs $(DESK_PKGS))
SANFLAGS := -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

# The files are found by folder (see the README's map of the code):
#   src/*.c, src/core/*.c   bin/paisano: the commands and the compiler; libxml2 and GLib only
#                           (and nettle, for SHA-256)
#   src/render/**.c         bin/paisano-render.so, the rendering module: layout and painting,
#                           linked with pango, cairo, libharu & co., loaded by src/module.c the
#                           first time a command lays out pages.
CORE_SRCS   := $(wildcard src/*.c src/core/*.c)
RENDER_SRCS := $(wildcard src/render/*.c src/render/*/*.c)
DESK_SRCS   := $(wildcard src/desk/*.c)
GEN  := build/schema_rng.c build/valid_gen.c
HDRS := $(wildcard src/*.h src/core/*.h src/render/*.h src/render/*/*.h src/desk/*.h) src/core/msg.def

# Object files: build/obj/ (normal) and build/asan/ (sanitizers); the module's are PIC.
obj = $(patsubst %.c,build/$(1)/%.o,$(2))
CORE_OBJS        := $(call obj,obj,$(CORE_SRCS) $(GEN))
RENDER_OBJS      := $(call obj,obj,$(RENDER_SRCS))
CORE_OBJS_ASAN   := $(call obj,asan,$(CORE_SRCS) $(GEN))
RENDER_OBJS_ASAN := $(call obj,asan,$(RENDER_SRCS))
DESK_OBJS        := $(call obj,obj,$(DESK_SRCS))
DESK_OBJS_ASAN   := $(call obj,asan,$(DESK_SRCS))
MODULE_CFLAGS := -fPIC
MODULE_LDFLAGS := -shared -Wl,-Bsymbolic

.PHONY: FORCE po all check asan test edition proof bench fuzz install uninstall clean

MO := build/locale/es/LC_MESSAGES/paisano.mo
all: bin/paisano $(MO)

# The messages in Spanish (src/core/i18n.h): po/es.po, compiled where the program looks for it
# in a checkout (build/locale/, beside bin/).  `make po` extracts the messages again
# (po/paisano.pot) and merges them into po/es.po for translating.
$(MO): po/es.po
	@mkdir -p $(@D)
	msgfmt -c -o $@.tmp po/es.po && mv $@.tmp $@
XGETTEXT_SRCS = src/core/msg.def $(sort $(wildcard src/*.c src/core/*.c src/render/*.c src/render/*/*.c src/desk/*.c))
po: FORCE
	xgettext -L C --from-code=UTF-8 -k_ -kN_ -kC_:1c,2 -kNC_:1c,2 -kngettext:1,2 -kMSG:4 --flag=MSG:4:c-format \
	    --add-comments=TRANSLATORS: --package-name=paisano --msgid-bugs-address=paisano@localhost -o po/paisano.pot $(XGETTEXT_SRCS)
	msgmerge -q --update --backup=none --no-fuzzy-matching po/es.po po/paisano.pot

# Where the installed program finds its templates and fonts when there is no ./templates (see
# src/opts.c): $(PREFIX)/share/paisano, fixed at build time.  build/datadir.h changes only when
# PREFIX does, and then only src/opts.c is compiled again.
PREFIX ?= /usr/local
DATADIR ?= $(PREFIX)/share/paisano
LOCALEDIR ?= $(PREFIX)/share/locale
build/datadir.h: FORCE
	@mkdir -p build
	@printf '#define PAISANO_DATADIR "%s"\n' '$(DATADIR)' > $@.tmp
	@printf '#define PAISANO_LOCALEDIR "%s"\n' '$(LOCALEDIR)' >> $@.tmp
	@if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv $@.tmp $@; fi
build/obj/src/opts.o build/asan/src/opts.o build/obj/src/core/i18n.o build/asan/src/core/i18n.o: build/datadir.h
FORCE:

build/schema_rng.c: guide-src/schema/paisano.rng tests/embed.sh
	@mkdir -p build
	sh tests/embed.sh paisano_schema_rng $< > $@.tmp && mv $@.tmp $@

# The schema's patterns as a table, for valid.c's fast path.
build/valid_gen.c: guide-src/schema/paisano.rng tests/valid_gen.py
	@mkdir -p build
	python3 tests/valid_gen.py $< > $@.tmp && mv $@.tmp $@

# Every object depends on every header: the tree is small, and a stale object is worse than a
# few seconds of compiling.
build/obj/src/render/%.o: src/render/%.c $(HDRS)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(MODULE_CFLAGS) -c -o $@ $<

build/obj/src/desk/%.o: src/desk/%.c $(HDRS)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(DESK_CFLAGS) $(MODULE_CFLAGS) -c -o $@ $<

build/obj/%.o: %.c $(HDRS)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

build/asan/src/render/%.o: src/render/%.c $(HDRS)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(SANFLAGS) $(MODULE_CFLAGS) -c -o $@ $<

build/asan/src/desk/%.o: src/desk/%.c $(HDRS)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(DESK_CFLAGS) $(SANFLAGS) $(MODULE_CFLAGS) -c -o $@ $<

build/asan/%.o: %.c $(HDRS)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(SANFLAGS) -c -o $@ $<

bin/paisano: $(CORE_OBJS) bin/paisano-render.so bin/paisano-desk.so
	@mkdir -p bin
	$(CC) $(CFLAGS) $(LDFLAGS) -rdynamic -o $@ $(CORE_OBJS) $(CORE_LIBS)

bin/paisano-render.so: $(RENDER_OBJS)
	@mkdir -p bin
	$(CC) $(CFLAGS) $(LDFLAGS) $(MODULE_LDFLAGS) -o $@ $(RENDER_OBJS) $(LDLIBS)

bin/paisano-desk.so: $(DESK_OBJS)
	@mkdir -p bin
	$(CC) $(CFLAGS) $(LDFLAGS) $(MODULE_LDFLAGS) -o $@ $(DESK_OBJS) $(DESK_LIBS)

bin/paisano-asan-desk.so: $(DESK_OBJS_ASAN)
	@mkdir -p bin
	$(CC) $(CFLAGS) $(SANFLAGS) $(LDFLAGS) $(MODULE_LDFLAGS) -o $@ $(DESK_OBJS_ASAN) $(DESK_LIBS)

bin/paisano-asan: $(CORE_OBJS_ASAN) bin/paisano-asan-render.so bin/paisano-asan-desk.so
	@mkdir -p bin
	$(CC) $(CFLAGS) $(SANFLAGS) $(LDFLAGS) -rdynamic -o $@ $(CORE_OBJS_ASAN) $(CORE_LIBS)

bin/paisano-asan-render.so: $(RENDER_OBJS_ASAN)
	@mkdir -p bin
	$(CC) $(CFLAGS) $(SANFLAGS) $(LDFLAGS) $(MODULE_LDFLAGS) -o $@ $(RENDER_OBJS_ASAN) $(LDLIBS)

asan: bin/paisano-asan

# The print renderer on a hand-made display list (tests/t_print.sh); FreeType measures the glyphs.
PRINT_SAMPLE := tests/print_sample.c src/render/display.c src/render/device.c $(wildcard src/render/print/*.c) \
    src/core/output.c src/core/model.c src/core/image.c src/render/png.c src/render/flate.c src/render/pdfw.c src/render/outline.c
tests/print_sample: $(PRINT_SAMPLE) $(HDRS)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $(PRINT_SAMPLE) $(LDLIBS)

tests/print_sample-asan: $(PRINT_SAMPLE) $(HDRS)
	$(CC) $(ALL_CFLAGS) $(SANFLAGS) $(LDFLAGS) -o $@ $(PRINT_SAMPLE) $(LDLIBS)

# The PNG encoder against libpng's decoder (tests/t_png.sh).
tests/png_test: tests/png_test.c src/render/png.c src/render/png.h
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ tests/png_test.c src/render/png.c $(LDLIBS)

tests/png_test-asan: tests/png_test.c src/render/png.c src/render/png.h
	$(CC) $(ALL_CFLAGS) $(SANFLAGS) $(LDFLAGS) -o $@ tests/png_test.c src/render/png.c $(LDLIBS)

# The paragraph breaker on golden paragraphs (tests/t_linebreak.sh).
tests/linebreak_test: tests/linebreak_test.c src/render/layout/linebreak.c src/render/layout/linebreak.h
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ tests/linebreak_test.c src/render/layout/linebreak.c $(LDLIBS)

tests/linebreak_test-asan: tests/linebreak_test.c src/render/layout/linebreak.c src/render/layout/linebreak.h
	$(CC) $(ALL_CFLAGS) $(SANFLAGS) $(LDFLAGS) -o $@ tests/linebreak_test.c src/render/layout/linebreak.c $(LDLIBS)

# The screen PDF's font subsets on a small PDF (tests/t_subset.sh).
SUBSET_TEST := tests/subset_test.c src/render/screen/subset.c src/render/pdfw.c src/render/flate.c
tests/subset_test: $(SUBSET_TEST) $(HDRS)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $(SUBSET_TEST) $(LDLIBS)

tests/subset_test-asan: $(SUBSET_TEST) $(HDRS)
	$(CC) $(ALL_CFLAGS) $(SANFLAGS) $(LDFLAGS) -o $@ $(SUBSET_TEST) $(LDLIBS)

# Unit tests of the core (GLib's GTest; tests/run.sh runs `tests/unit --tap`).
UNIT_SRCS := tests/unit.c src/core/diag.c src/core/model.c src/core/valid.c src/render/pdfw.c src/render/flate.c
tests/unit: $(UNIT_SRCS) $(GEN) $(HDRS)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $(UNIT_SRCS) $(GEN) $(CORE_LIBS) -ldeflate

tests/unit-asan: $(UNIT_SRCS) $(GEN) $(HDRS)
	$(CC) $(ALL_CFLAGS) $(SANFLAGS) $(LDFLAGS) -o $@ $(UNIT_SRCS) $(GEN) $(CORE_LIBS) -ldeflate

# Fuzzing (clang's libFuzzer) over the loader, compiler and checks.  `make fuzz` runs for
# FUZZ_TIME seconds (60 in CI, 10 otherwise) from a corpus seeded with the sources and the test
# cases; crashes land in tests/fuzz/ as crash-*: minimize them into tests/fuzz/regress/.
FUZZ_TIME ?= $(if $(CI),60,10)
FUZZ_SRCS := tests/fuzz/fuzz_source.c $(wildcard src/core/*.c) src/module.c
tests/fuzz/fuzz_source: $(FUZZ_SRCS) $(GEN) $(HDRS) build/datadir.h
	clang -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
	    $(shell pkg-config --cflags $(PKGS)) $(INCS) -o $@ $(FUZZ_SRCS) $(GEN) $(LDLIBS)

# The second target lays out and renders (print, screen, HTML) what the first accepts: agency
# files (with an edition of their sections) and snapshots.  A run lays out a whole booklet, so
# it gets FUZZ_RENDER_TIME seconds from its own small corpus.
FUZZ_RENDER_TIME ?= $(if $(CI),60,10)
FUZZ_RENDER_SRCS := tests/fuzz/fuzz_render.c $(wildcard src/core/*.c) src/module.c $(RENDER_SRCS)
tests/fuzz/fuzz_render: $(FUZZ_RENDER_SRCS) $(GEN) $(HDRS) build/datadir.h
	clang -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
	    $(shell pkg-config --cflags $(PKGS)) $(INCS) -o $@ $(FUZZ_RENDER_SRCS) $(GEN) $(LDLIBS) -ldl

fuzz: tests/fuzz/fuzz_source tests/fuzz/fuzz_render
	rm -rf build/fuzz-corpus && mkdir -p build/fuzz-corpus
	cp guide-src/agencies/*.xml guide-src/editions/*.xml tests/fuzz/regress/* build/fuzz-corpus/ 2>/dev/null || true
	for f in tests/cases/*/*.xml; do cp "$$f" "build/fuzz-corpus/$$(echo $$f | tr / _)"; done
	cd tests/fuzz && ./fuzz_source -max_total_time=$(FUZZ_TIME) -max_len=65536 -timeout=10 \
	    -rss_limit_mb=2048 -print_final_stats=1 ../../build/fuzz-corpus
	rm -rf build/fuzz-render-corpus && mkdir -p build/fuzz-render-corpus
	cp tests/fuzz/regress-render/* build/fuzz-render-corpus/ 2>/dev/null || true
	cd tests/fuzz && LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 ./fuzz_render -max_total_time=$(FUZZ_RENDER_TIME) -max_len=16384 -timeout=20 \
	    -rss_limit_mb=2048 -print_final_stats=1 ../../build/fuzz-render-corpus

# The bundled edition: check it and write every output to out/$(EDITION)/.
EDITION ?= 2026-invierno
edition: bin/paisano
	bin/paisano build -v --edition $(EDITION)

# The suite, once with the normal build and once under the sanitizers.
check: WERROR = -Werror
check: bin/paisano bin/paisano-asan $(MO) tests/print_sample tests/print_sample-asan tests/png_test tests/png_test-asan tests/unit tests/unit-asan tests/linebreak_test tests/linebreak_test-asan tests/subset_test tests/subset_test-asan fuzz
	sh tests/run.sh bin/paisano bin/paisano-asan

test: WERROR = -Werror
test: bin/paisano $(MO) tests/print_sample tests/png_test tests/unit tests/linebreak_test tests/subset_test
	sh tests/run.sh bin/paisano

# The benchmark (issue 7): measures and prints, never fails on a slow machine.
bench: bin/paisano
	python3 tests/bench/bench.py
	python3 tests/bench/desk.py
	python3 tests/bench/office.py

# Proofs of one agency's pages, for editors: make proof AGENCY=anam [EDITION=ID].  Without
# EDITION it proofs the edition `paisano proof` would (the newest), not make edition's default.
proof: bin/paisano
	@test -n "$(AGENCY)" || { echo "usage: make proof AGENCY=anam (the agency file's name)"; exit 2; }
	bin/paisano proof --agency $(AGENCY) $(if $(filter command line environment,$(origin EDITION)),--edition $(EDITION))

# Install the program and its rendering module, its man page, and the templates and fonts it lays
# pages out with (the program looks for them there: DATADIR above).
install: bin/paisano $(MO)
	install -d $(DESTDIR)$(LOCALEDIR)/es/LC_MESSAGES $(DESTDIR)$(PREFIX)/share/man/es/man1
	install -m 644 $(MO) $(DESTDIR)$(LOCALEDIR)/es/LC_MESSAGES/paisano.mo
	install -m 644 paisano.es.1 $(DESTDIR)$(PREFIX)/share/man/es/man1/paisano.1
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib/paisano $(DESTDIR)$(PREFIX)/share/man/man1 $(DESTDIR)$(PREFIX)/share/paisano
	install -m 755 bin/paisano $(DESTDIR)$(PREFIX)/bin/paisano
	install -m 644 bin/paisano-render.so $(DESTDIR)$(PREFIX)/lib/paisano/paisano-render.so
	install -m 644 bin/paisano-desk.so $(DESTDIR)$(PREFIX)/lib/paisano/paisano-desk.so
	install -m 644 paisano.1 $(DESTDIR)$(PREFIX)/share/man/man1/paisano.1
	cp -R templates fonts $(DESTDIR)$(PREFIX)/share/paisano/

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/paisano $(DESTDIR)$(PREFIX)/share/man/man1/paisano.1
	rm -f $(DESTDIR)$(LOCALEDIR)/es/LC_MESSAGES/paisano.mo $(DESTDIR)$(PREFIX)/share/man/es/man1/paisano.1
	rm -rf $(DESTDIR)$(PREFIX)/lib/paisano
	rm -rf $(DESTDIR)$(PREFIX)/share/paisano

clean:
	rm -rf build bin/paisano bin/paisano-asan bin/paisano-render.so bin/paisano-asan-render.so bin/paisano-desk.so bin/paisano-asan-desk.so tests/out tests/print_sample tests/print_sample-asan tests/png_test tests/png_test-asan tests/unit tests/unit-asan tests/linebreak_test tests/linebreak_test-asan tests/subset_test tests/subset_test-asan tests/fuzz/fuzz_source tests/fuzz/fuzz_render
