/* fuzz_render.c: libFuzzer target over the layout and the three renderers (issue 15): what
 * fuzz_source.c's target accepts without an error is laid out and rendered as `paisano build`
 * would: the print PDF (libharu), the screen PDF (cairo) and the HTML.
 *
 * An input is an agency file or a snapshot (root <paisano-model>).  An agency file is
 * compiled with a small edition made here that includes each of its top-level sections in one
 * chapter, so its blocks reach the layout; a snapshot brings its own edition.  Inputs with
 * errors stop where `paisano build` stops.  One language per input (the last byte's low bit),
 * to keep each run short; the outputs go to build/fuzz-render-out/, overwritten each run.
 * Seeded from the bundled agencies and tests/fuzz/regress-render/ (make fuzz). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "compile.h"
#include "diag.h"
#include "display.h"
#include "html.h"
#include "layout.h"
#include "model.h"
#include "print.h"
#include "screen.h"
#include "source.h"
#include "template.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static struct template *tpl;
static char *scratch, *templates, *src_root;


/* An edition that includes the agency's top-level sections, in both languages. */
static char *
edition_for(xmlDocPtr doc)
{
	GString *s = g_string_new("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<edition id=\"fuzz-ed\" xml:lang=\"es\" languages=\"es en\" year=\"2026\" season=\"invierno\" "
	    "revision=\"1\" status=\"draft\" date=\"2026-10-30\">"
	    "<title><text xml:lang=\"es\">Fuzz</text><text xml:lang=\"en\">Fuzz</text></title>"
	    "<operation start=\"2026-11-26\" end=\"2027-01-10\"/><contents>"
	    "<chapter id=\"cap-fuzz\"><title><text xml:lang=\"es\">Fuzz</text><text xml:lang=\"en\">Fuzz</text></title>");
	guint n = 0;

	for (xmlNodePtr c = xmlDocGetRootElement(doc)->children; c != NULL; c = c->next) {
		xmlChar *id;

		if (c->type != XML_ELEMENT_NODE || strcmp((const char *)c->name, "section") != 0)
			continue;
		if ((id = xmlGetProp(c, (const xmlChar *)"id")) == NULL)
			continue;
		/* ids are [a-z0-9-] once the agency file is valid: nothing to escape */
		g_string_append_printf(s, "<include section=\"%s\"/>", (const char *)id);
		xmlFree(id);
		n++;
	}
	g_string_append(s, "</chapter></contents><signoffs/></edition>\n");
	if (n == 0) {
		g_string_free(s, TRUE);
		return NULL;
	}
	return g_string_free(s, FALSE);
}

/* Would `paisano build` go on?  No errors, but for the edition made here: it asks every
 * edition for the complaint form, 911 and the Paisano numbers, which one agency does not have. */
static gboolean
accepted(const struct diag_list *dl)
{
	for (guint i = 0; i < diag_len(dl); i++) {
		const struct diag *d = diag_get(dl, i);

		if (d->level == DIAG_ERROR && !(d->file != NULL && strcmp(d->file, "fuzz-ed.xml") == 0 &&
		    strcmp(diag_check_name(d->id), "required-content") == 0))
			return FALSE;
	}
	return TRUE;
}

static void
render(const struct model *m, enum lang l)
{
	struct display *d;
	GError *err = NULL;
	char *pdf = g_build_filename(scratch, "print.pdf", NULL);
	char *spdf = g_build_filename(scratch, "screen.pdf", NULL);
	char *hdir = g_build_filename(scratch, "html", NULL);
	struct print_opts po;
	struct print *p;
	struct screen_opts so = { .out = SCREEN_PDF, .path = spdf };
	struct screen *sc;
	struct html_opts ho = { .lang = l, .template_dir = templates, .src_root = src_root, .outdir = hdir };
	struct html *h;

	if ((d = layout_edition(m, tpl, src_root, l, 1, &err)) != NULL) {
		print_opts_init(&po);
		po.path = pdf;
		if ((p = print_new(&po, &err)) != NULL)
			print_render(p, d, &err);
		print_free(p);
		g_clear_error(&err);
		if ((sc = screen_new(&so, &err)) != NULL)
			screen_render(sc, d, &err);
		screen_free(sc);
		display_free(d);
	}
	g_clear_error(&err);
	if ((h = html_new(&ho, &err)) != NULL)
		html_render(h, m, &err);
	html_free(h);
	g_clear_error(&err);
	g_free(pdf);
	g_free(spdf);
	g_free(hdir);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag_list *dl;
	struct src_file *f, *ed = NULL;
	char *edxml = NULL;

	if (tpl == NULL) {
		GError *err = NULL;
		const char *top;
		char *path;

		src_init();
		/* run from tests/fuzz/ (make fuzz) or the top (t_fuzz.sh); not chdir: libFuzzer reads
		 * its corpus and writes crash files relative to where it started */
		top = access("templates/booklet.xml", R_OK) == 0 ? "." : "../..";
		templates = g_build_filename(top, "templates", NULL);
		src_root = g_build_filename(top, "guide-src", NULL);
		path = g_build_filename(templates, "booklet.xml", NULL);
		if ((tpl = template_load(path, &err)) == NULL)
			abort();
		g_free(path);
		/* libFuzzer leaves with _Exit: a fixed directory, not a temporary one each time */
		scratch = g_build_filename(top, "build", "fuzz-render-out", NULL);
		if (g_mkdir_with_parents(scratch, 0755) != 0)
			abort();
	}
	dl = diag_list_new();
	f = src_load_memory("fuzz.xml", (const char *)data, size, dl);
	if (f != NULL && f->doc != NULL && src_validate(f, dl)) {
		const char *root = (const char *)xmlDocGetRootElement(f->doc)->name;
		struct compile_input in = { g_ptr_array_new(), NULL, NULL, NULL };
		struct check_opts opts = { src_root };
		struct model *m = NULL;

		if (strcmp(root, "agency") == 0 && (edxml = edition_for(f->doc)) != NULL) {
			ed = src_load_memory("fuzz-ed.xml", edxml, strlen(edxml), dl);
			if (ed != NULL && ed->doc != NULL && src_validate(ed, dl)) {
				g_ptr_array_add(in.agencies, f);
				in.edition = ed;
				m = compile_model(&in, dl);
			}
		} else if (strcmp(root, "paisano-model") == 0) {
			in.snapshot = f;
			m = compile_model(&in, dl);
		}
		if (m != NULL) {
			check_model(m, &opts, dl);
			if (accepted(dl) && m->edition != NULL)
				render(m, size > 0 && (data[size - 1] & 1) && (m->edition->langs & (1u << LANG_EN)) ?
				    LANG_EN : LANG_ES);
			model_free(m);
		}
		g_ptr_array_free(in.agencies, TRUE);
	}
	if (getenv("FUZZ_RENDER_DEBUG") != NULL) {	/* why an input stops before the layout */
		diag_sort(dl);
		diag_print_text(dl, stderr);
	}
	src_free(ed);
	g_free(edxml);
	src_free(f);
	diag_list_free(dl);
	return 0;
}
