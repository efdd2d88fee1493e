# paisano: the Guía Paisano publishing pipeline.
#
#   make            build bin/paisano
#   make edition    build and check the bundled edition (EDITION=2026-invierno)
#   make check      the whole test suite, normal build and ASan/UBSan build; ends "N passed, N failed"
#   make asan       build bin/paisano-asan (AddressSanitizer + UBSan)
#   make clean

CC      ?= cc
PKGS    := libxml-2.0 glib-2.0 pango pangoft2 pangocairo cairo cairo-pdf fontconfig harfbuzz freetype2
WARN    := -Wall -Wextra -Wmissing-prototypes -Wstrict-prototypes -Wwrite-strings -Wshadow -Werror
CFLAGS  ?= -O2 -g
CFLAGS  += -std=gnu11 $(WARN) $(shell pkg-config --cflags $(PKGS))
LDLIBS  += $(shell pkg-config --libs $(PKGS)) -lhpdf -lhyphen -lm
SANFLAGS := -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

# Add a file here once it compiles cleanly (a helper's half-written file must not break the build).
SRCS := src/main.c src/diag.c src/source.c src/model.c src/compile.c src/check.c src/guide.c \
	src/display.c src/snapshot.c src/diff.c src/output.c src/build.c
GEN  := build/schema_rng.c
HDRS := $(wildcard src/*.h) src/msg.def

.PHONY: all check asan test edition clean

all: bin/paisano

build/schema_rng.c: guide-src/schema/paisano.rng tests/embed.sh
	@mkdir -p build
	sh tests/embed.sh paisano_schema_rng $< > $@.tmp && mv $@.tmp $@

bin/paisano: $(SRCS) $(GEN) $(HDRS)
	@mkdir -p bin
	$(CC) $(CFLAGS) -o $@ $(SRCS) $(GEN) $(LDLIBS)

bin/paisano-asan: $(SRCS) $(GEN) $(HDRS)
	@mkdir -p bin
	$(CC) $(CFLAGS) $(SANFLAGS) -o $@ $(SRCS) $(GEN) $(LDLIBS)

asan: bin/paisano-asan

# The bundled edition: check it (the outputs come with `paisano build`).
EDITION ?= 2026-invierno
edition: bin/paisano
	bin/paisano check --edition $(EDITION)

# The suite, once with the normal build and once under the sanitizers.
check: bin/paisano bin/paisano-asan
	sh tests/run.sh bin/paisano bin/paisano-asan

test: bin/paisano
	sh tests/run.sh bin/paisano

clean:
	rm -rf build bin/paisano bin/paisano-asan tests/out
