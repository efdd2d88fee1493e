/* subset_test.c: src/render/screen/subset.c on a small PDF, checked with real tools by
 * tests/t_subset.sh.
 *
 *   subset_test OUT.pdf     a page of Spanish text in two of the bundled fonts (Regular, Bold),
 *                           written with pdfw.h and subset.h
 *   subset_test --font PATH pdf_font_new(PATH): its error on stderr and exit 1, or exit 0
 *
 * Each character is drawn as its glyph in the font's cmap (no shaping: paisano's layout uses
 * neither ligatures nor kerning), and the viewer advances by the font's /W.
 */
#include <stdio.h>
#include <string.h>

#include <hb.h>

#include "pdfw.h"
#include "screen/subset.h"

struct face {
	const char	*path;
	struct pdf_font	*pf;
	hb_font_t	*hb;
	unsigned	 num;		/* its Type0 font's object */
};

/*
 * A line of text in face f at (x, y): each character's glyph as a 2-byte code.  A character
 * after a \1 is drawn with no text (as a glyph drawn for nothing) and one after a \2 with the
 * text that follows in `alt` (the same glyph for other characters).
 */
static gboolean
line(GString *page, struct face *f, const char *fname, double x, double y, const char *text, const char *alt)
{
	g_string_append_printf(page, "BT /%s 14 Tf %g %g Td <", fname, x, y);
	for (const char *p = text; *p != '\0'; p = g_utf8_next_char(p)) {
		int mode = *p == '\1' ? 1 : *p == '\2' ? 2 : 0;
		hb_codepoint_t gid;

		if (mode != 0)
			p++;
		if (!hb_font_get_nominal_glyph(f->hb, g_utf8_get_char(p), &gid)) {
			fprintf(stderr, "%s: no glyph for U+%04X\n", f->path, g_utf8_get_char(p));
			return FALSE;
		}
		if (mode == 1)
			pdf_font_use(f->pf, gid, "", 0);
		else if (mode == 2)
			pdf_font_use(f->pf, gid, alt, strlen(alt));
		else
			pdf_font_use(f->pf, gid, p, (gsize)(g_utf8_next_char(p) - p));
		g_string_append_printf(page, "%04X", gid);
	}
	g_string_append(page, "> Tj ET\n");
	return TRUE;
}

static int
font_only(const char *path)
{
	GError *err = NULL;
	struct pdf_font *f = pdf_font_new(path, &err);

	if (f == NULL) {
		fprintf(stderr, "%s\n", err->message);
		g_error_free(err);
		return 1;
	}
	pdf_font_free(f);
	return 0;
}

int
main(int argc, char **argv)
{
	struct face faces[2] = { { "fonts/NotoSans-Regular.ttf", NULL, NULL, 0 }, { "fonts/NotoSans-Bold.ttf", NULL, NULL, 0 } };
	struct pdfw *w;
	GString *page = g_string_new(NULL);
	GError *err = NULL;
	GByteArray *pdf;
	unsigned catalog, pages, pg, contents;
	gboolean ok = TRUE;
	FILE *out;

	if (argc == 3 && strcmp(argv[1], "--font") == 0)
		return font_only(argv[2]);
	if (argc != 2) {
		fprintf(stderr, "usage: subset_test OUT.pdf | --font PATH\n");
		return 2;
	}
	w = pdfw_new("1.7");
	catalog = pdfw_reserve(w);
	pages = pdfw_reserve(w);
	pg = pdfw_reserve(w);
	contents = pdfw_reserve(w);
	for (int i = 0; i < 2; i++) {
		hb_blob_t *b;
		hb_face_t *hf;

		if ((faces[i].pf = pdf_font_new(faces[i].path, &err)) == NULL) {
			fprintf(stderr, "%s\n", err->message);
			return 1;
		}
		b = hb_blob_create_from_file(faces[i].path);
		hf = hb_face_create(b, 0);
		faces[i].hb = hb_font_create(hf);
		faces[i].num = pdfw_reserve(w);
		/* pdf_font_widths: every glyph's advance, as HarfBuzz gives it */
		{
			guint32 n;
			const double *wd = pdf_font_widths(faces[i].pf, &n);

			if (n != hb_face_get_glyph_count(hf)) {
				fprintf(stderr, "%s: pdf_font_widths has %u glyphs\n", faces[i].path, n);
				ok = FALSE;
			}
			for (guint32 g = 0; g < n && ok; g++) {
				if (wd[g] != hb_font_get_glyph_h_advance(faces[i].hb, g) * 1000.0 / hb_face_get_upem(hf)) {
					fprintf(stderr, "%s: glyph %u is %g wide\n", faces[i].path, g, wd[g]);
					ok = FALSE;
				}
			}
		}
		hb_face_destroy(hf);
		hb_blob_destroy(b);
	}
	if (!ok)
		return 1;

	/* what pdf_font_use ignores: a glyph id beyond the font's, text that is not UTF-8 (z, then
	 * drawn for "z") or too long (x, then drawn for "x") */
	{
		char long_text[200];
		hb_codepoint_t z, x;

		memset(long_text, 'x', sizeof(long_text));
		hb_font_get_nominal_glyph(faces[0].hb, 'z', &z);
		hb_font_get_nominal_glyph(faces[0].hb, 'x', &x);
		pdf_font_use(faces[0].pf, 70000, "a", 1);
		pdf_font_use(faces[0].pf, z, "\xff\xfe", 2);
		pdf_font_use(faces[0].pf, x, long_text, sizeof(long_text));
	}
	/* the space first drawn for nothing, then for " "; the hyphen for "-", then for a soft
	 * hyphen made visible (it keeps "-"); the asterisk for a character outside the BMP (its
	 * ToUnicode destination is a surrogate pair) */
	ok = line(page, &faces[0], "F1", 72, 780, "\1 ¿Dónde está la aduana? ¡Bienvenido, señor Núñez!", NULL) &&
	    line(page, &faces[0], "F1", 72, 756, "«Guía Paisano» — 25 € por día, e-mail y co\2-rreo", "\xc2\xad") &&
	    line(page, &faces[0], "F1", 72, 732, "pingüino œ éxito 0123456789 \2*", "\xf0\x9f\x98\x80") &&
	    line(page, &faces[1], "F2", 72, 700, "Año próspero: ÁÉÍÓÚ áéíóú Ññ", NULL) &&
	    line(page, &faces[1], "F2", 72, 676, "¿Cuánto? ¡Ya! «Sí» 100 €", NULL);
	if (!ok)
		return 1;

	pdfw_obj(w, catalog, "<< /Type /Catalog /Pages %u 0 R >>", pages);
	pdfw_obj(w, pages, "<< /Type /Pages /Kids [%u 0 R] /Count 1 >>", pg);
	pdfw_obj(w, pg, "<< /Type /Page /Parent %u 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 %u 0 R"
	    " /F2 %u 0 R >> >> /Contents %u 0 R >>", pages, faces[0].num, faces[1].num, contents);
	pdfw_stream_deflate(w, contents, "", page->str, page->len, 6);
	for (int i = 0; i < 2; i++) {
		if (!pdf_font_write(faces[i].pf, w, faces[i].num, &err)) {
			fprintf(stderr, "%s\n", err->message);
			return 1;
		}
		pdf_font_free(faces[i].pf);
		hb_font_destroy(faces[i].hb);
	}
	pdf = pdfw_finish(w, catalog, 0, NULL);
	if ((out = fopen(argv[1], "wb")) == NULL || fwrite(pdf->data, 1, pdf->len, out) != pdf->len ||
	    fclose(out) != 0) {
		perror(argv[1]);
		return 1;
	}
	g_byte_array_free(pdf, TRUE);
	g_string_free(page, TRUE);
	return 0;
}
