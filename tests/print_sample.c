/* print_sample.c: a hand-made display list rendered by print_render(), for tests/t_print.sh.
 *
 *   print_sample [--draft] [--break=missing-image|small-text|bad-glyph|bad-font] OUT.pdf [IMPOSED.pdf]
 *
 * Four pages of a 140 x 216 mm booklet: a cover band bleeding off three edges, headings,
 * justified Spanish text, rules, the grayscale holograma.png and an RGB PNG (converted).
 * Glyph ids and advances come from FreeType, as pango would give them.  --break makes one
 * item unprintable, to test the error path (exit 1, message on stderr, no file left).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <cairo.h>
#include <ft2build.h>
#include FT_FREETYPE_H

#include "display.h"
#include "print.h"

#define MM	(72.0 / 25.4)

/* The line t_print.sh looks for in pdftotext's output. */
#define SENTENCE "¿Qué está pasando? ¡Bienvenido, señor! «Pingüino» – útil — acción e ímpetu."

static const char *font_files[] = {
	"fonts/NotoSans-Regular.ttf", "fonts/NotoSans-Bold.ttf", "fonts/NotoSans-Italic.ttf",
};
enum { REG, BOLD, ITAL };

static const struct dl_color black = { 0, 0, 0, 1 };
static const struct dl_color accent = { 0, 0.77, 0.54, 0.38 };
static const struct dl_color band = { 0.6, 0, 0.1, 0 };
static const struct dl_color rule = { 0, 0, 0, 0.35 };
static const struct dl_color tint = { 0, 0.12, 0.08, 0.02 };

static FT_Library ft;
static FT_Face faces[3];

/* The advance of one character at `size`, unhinted, as the layout measures it. */
static double
advance(int font, gunichar u, double size, guint32 *gid)
{
	FT_Face f = faces[font];

	*gid = FT_Get_Char_Index(f, u);
	if (FT_Load_Glyph(f, *gid, FT_LOAD_NO_SCALE) != 0)
		return 0;
	return f->glyph->advance.x * size / f->units_per_EM;
}

static double
width(int font, const char *s, double size)
{
	double w = 0;
	guint32 gid;

	for (const char *p = s; *p != '\0'; p = g_utf8_next_char(p))
		w += advance(font, g_utf8_get_char(p), size, &gid);
	return w;
}

/* A run at (x, y) with `track` extra points after each glyph; returns its width. */
static double
run(struct display *d, struct dl_page *pg, int font, double size, double x, double y,
    const char *s, const struct dl_color *k, double track)
{
	struct dl_item *it = display_add_item(pg, DL_TEXT);
	guint n = (guint)g_utf8_strlen(s, -1), i = 0;
	double pos = 0;

	it->color = *k;
	it->u.text.font = font;
	it->u.text.size = size;
	it->u.text.x = x;
	it->u.text.y = y;
	it->u.text.utf8 = display_intern(d, s);
	it->u.text.glyphs = display_glyphs(d, n);
	it->u.text.nglyphs = n;
	for (const char *p = s; *p != '\0'; p = g_utf8_next_char(p), i++) {
		it->u.text.glyphs[i].x = pos;
		pos += advance(font, g_utf8_get_char(p), size, &it->u.text.glyphs[i].id) + track;
	}
	return pos;
}

/* Words of `s` on one line from x, one run each, separated by the font's space. */
static void
line(struct display *d, struct dl_page *pg, int font, double size, double x, double y,
    const char *s, const struct dl_color *k)
{
	char **w = g_strsplit(s, " ", -1);
	double sp = width(font, " ", size);

	for (int i = 0; w[i] != NULL; i++)
		x += run(d, pg, font, size, x, y, w[i], k, 0) + sp;
	g_strfreev(w);
}

/* The draft stamp as the layout draws it: one bold run, outlined, across the page at 57 degrees. */
static void
stamp(struct display *d, struct dl_page *pg)
{
	static const struct dl_color ink = { 0, 0.7, 0, 0 };
	double a = 57 * G_PI / 180, size = 30, w = width(BOLD, "BORRADOR - NO IMPRIMIR", size);
	struct dl_item *it;

	run(d, pg, BOLD, size, d->trim_w / 2 - cos(a) * w / 2, d->trim_h / 2 + sin(a) * w / 2,
	    "BORRADOR - NO IMPRIMIR", &ink, 0);
	it = &g_array_index(pg->items, struct dl_item, pg->items->len - 1);
	it->u.text.turn = display_turn(d, a, 0.8);
}

/* A justified paragraph in a column; returns the y below it. */
static double
para(struct display *d, struct dl_page *pg, double x, double y, double col, const char *s,
    double size, double lead)
{
	char **w = g_strsplit(s, " ", -1);
	double sp = width(REG, " ", size);
	int n = (int)g_strv_length(w), i = 0;

	while (i < n) {
		int j = i;
		double words = 0, gap, pos = x;

		while (j < n) {
			double ww = width(REG, w[j], size);

			if (j > i && words + ww + sp * (j - i) > col)
				break;
			words += ww;
			j++;
		}
		gap = j < n && j - i > 1 ? (col - words) / (j - i - 1) : sp;
		for (int k = i; k < j; k++)
			pos += run(d, pg, REG, size, pos, y, w[k], &black, 0) + gap;
		y += lead;
		i = j;
	}
	g_strfreev(w);
	return y;
}

static void
rect(struct dl_page *pg, double x, double y, double w, double h, const struct dl_color *k)
{
	struct dl_item *it = display_add_item(pg, DL_RECT);

	it->color = *k;
	it->u.rect.x = x;
	it->u.rect.y = y;
	it->u.rect.w = w;
	it->u.rect.h = h;
	it->u.rect.fill = 1;
}

static void
hrule(struct dl_page *pg, double x1, double x2, double y, double wd, const struct dl_color *k)
{
	struct dl_item *it = display_add_item(pg, DL_LINE);

	it->color = *k;
	it->u.line.x1 = x1;
	it->u.line.x2 = x2;
	it->u.line.y1 = it->u.line.y2 = y;
	it->u.line.width = wd;
}

static void
image(struct display *d, struct dl_page *pg, const char *path, double x, double y, double w,
    double h)
{
	struct dl_item *it = display_add_item(pg, DL_IMAGE);

	it->u.image.path = display_intern(d, path);
	it->u.image.alt = display_intern(d, "holograma");
	it->u.image.x = x;
	it->u.image.y = y;
	it->u.image.w = w;
	it->u.image.h = h;
}

static void
folio(struct display *d, struct dl_page *pg, int n)
{
	char s[16];

	g_snprintf(s, sizeof(s), "%d", n);
	run(d, pg, BOLD, 8, d->trim_w / 2 - width(BOLD, s, 8) / 2, d->trim_h - 10 * MM, s, &black, 0);
}

/* An RGB PNG with an alpha channel, drawn with cairo: the renderer must convert it. */
static int
make_rgb_png(const char *path)
{
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 300, 150);
	cairo_t *cr = cairo_create(s);
	cairo_status_t st;

	cairo_set_source_rgba(cr, 0.0, 0.4, 0.3, 1);
	cairo_paint(cr);
	cairo_set_source_rgba(cr, 0.8, 0.1, 0.2, 0.6);
	cairo_arc(cr, 150, 75, 60, 0, 6.2832);
	cairo_fill(cr);
	cairo_destroy(cr);
	st = cairo_surface_write_to_png(s, path);
	cairo_surface_destroy(s);
	return st == CAIRO_STATUS_SUCCESS ? 0 : -1;
}

static const char *body =
    "Bienvenido a México. Esta guía reúne lo que necesita saber para viajar con su familia: "
    "cuánto puede traer sin pagar impuestos, cómo tramitar el permiso de importación temporal "
    "de su vehículo, qué documentos pedirá el agente de migración y a quién llamar si algo "
    "sale mal en el camino. Conserve sus comprobantes de compra y no entregue dinero a nadie "
    "que le ofrezca «agilizar» un trámite: todos los servicios del Programa Paisano son "
    "gratuitos.";

static const char *body2 =
    "Si viaja por carretera, revise su vehículo antes de salir, lleve agua y descanse cada "
    "dos horas. Los Ángeles Verdes recorren las carreteras federales todos los días del año y "
    "su ayuda mecánica básica no tiene costo. ¿Necesita orientación? Llame sin costo desde "
    "cualquier teléfono; lo atenderán en español y en inglés.";

static struct display *
build(int draft, const char *brk, const char *rgb_png)
{
	struct display *d = display_new();
	struct dl_page *pg;
	struct dl_item *it;
	double x = 15 * MM, col, y;

	d->trim_w = 140 * MM;
	d->trim_h = 216 * MM;
	d->bleed = 3 * MM;
	d->title = g_strdup("Guía Paisano · Muestra de impresión");
	d->version = g_strdup("muestra r1 0000");
	d->lang = g_strdup("es");
	d->date = 1793318400;	/* 2026-10-30 00:00 UTC */
	d->draft = draft;
	col = d->trim_w - 2 * x;
	for (int i = 0; i < 3; i++) {
		struct dl_font *f = g_new0(struct dl_font, 1);

		f->path = g_strdup(brk != NULL && strcmp(brk, "bad-font") == 0 && i == ITAL ?
		    "fonts/OFL-1.1.txt" : font_files[i]);
		f->family = g_strdup("Noto Sans");
		f->bold = i == BOLD;
		f->italic = i == ITAL;
		g_ptr_array_add(d->fonts, f);
	}

	/* 1: cover, a band bleeding off the top and both sides */
	pg = display_add_page(d, 0, "Portada");
	rect(pg, -d->bleed, -d->bleed, d->trim_w + 2 * d->bleed, 90 * MM + d->bleed, &band);
	line(d, pg, BOLD, 30, x, 40 * MM, "Guía Paisano", &black);
	line(d, pg, REG, 14, x, 52 * MM, "Operativo Invierno 2026", &black);
	line(d, pg, ITAL, 11, x, 110 * MM, "Bienvenido a casa, paisano.", &accent);
	hrule(pg, x, d->trim_w - x, 115 * MM, 0.5, &black);

	/* 2: a chapter with justified text and the sample sentence on its own line */
	pg = display_add_page(d, 2, "2");
	line(d, pg, BOLD, 19, x, 30 * MM, "Aduana: equipaje y franquicia", &accent);
	hrule(pg, x, d->trim_w - x, 33 * MM, 0.25, &rule);
	y = para(d, pg, x, 42 * MM, col, body, 9.2, 12.6);
	y = para(d, pg, x, y + 5, col, body2, 9.2, 12.6);
	line(d, pg, REG, 9.2, x, y + 8, SENTENCE, &black);
	if (brk != NULL && strcmp(brk, "small-text") == 0)
		line(d, pg, REG, 7, x, y + 30, "Texto pequeño en cuatro tintas", &band);
	if (brk != NULL && strcmp(brk, "bad-glyph") == 0) {
		run(d, pg, REG, 9.2, x, y + 30, "fin", &black, 0);
		it = &g_array_index(pg->items, struct dl_item, pg->items->len - 1);
		it->u.text.glyphs[0].id += 1;
	}
	folio(d, pg, 2);

	/* 3: a notice box, the holograma (grayscale PNG) and an RGB PNG */
	pg = display_add_page(d, 3, "3");
	line(d, pg, BOLD, 11.5, x, 25 * MM, "El holograma del permiso", &accent);
	rect(pg, x, 30 * MM, col, 24 * MM, &tint);
	line(d, pg, BOLD, 9.6, x + 3 * MM, 36 * MM, "¡Importante!", &black);
	line(d, pg, REG, 9.2, x + 3 * MM, 42 * MM, "Pegue el holograma en el parabrisas.", &black);
	image(d, pg, brk != NULL && strcmp(brk, "missing-image") == 0 ?
	    "guide-src/images/no-existe.png" : "guide-src/images/holograma.png",
	    x, 60 * MM, 144, 86.4);
	line(d, pg, ITAL, 7.8, x, 60 * MM + 86.4 + 10, "Holograma de importación temporal.",
	    &(struct dl_color){ 0, 0, 0, 0.6 });
	image(d, pg, rgb_png, x, 110 * MM, 72, 36);
	it = display_add_item(pg, DL_LINK);
	it->u.link.x = x;
	it->u.link.y = 110 * MM;
	it->u.link.w = 72;
	it->u.link.h = 36;
	it->u.link.uri = display_intern(d, "https://www.gob.mx/paisano");
	folio(d, pg, 3);

	/* 4: letter-spaced capitals (one Tj per glyph), a hairline, a table-like grid */
	pg = display_add_page(d, 4, "4");
	run(d, pg, BOLD, 10, x, 25 * MM, "DIRECTORIO", &accent, 2.0);
	hrule(pg, x, d->trim_w - x, 28 * MM, 0.25, &black);
	for (int r = 0; r < 4; r++) {
		static const char *rows[][2] = {
			{ "Emergencias", "911" }, { "Denuncia anónima", "089" },
			{ "Ángeles Verdes", "078" }, { "Paisano (EUA)", "1 877 210 9469" },
		};
		double ry = 36 * MM + r * 8 * MM;

		line(d, pg, REG, 9.2, x, ry, rows[r][0], &black);
		line(d, pg, BOLD, 9.2, d->trim_w - x - width(BOLD, rows[r][1], 9.2), ry, rows[r][1],
		    &black);
		hrule(pg, x, d->trim_w - x, ry + 3 * MM, 0.25, &rule);
	}
	folio(d, pg, 4);
	if (draft)
		for (guint i = 0; i < d->pages->len; i++)
			stamp(d, d->pages->pdata[i]);
	display_finish(d);
	return d;
}

int
main(int argc, char **argv)
{
	struct display *d;
	struct print_opts o;
	struct print *p = NULL, *imposed = NULL;
	GError *err = NULL;
	const char *brk = NULL;
	char *dir, *rgb;
	int draft = 0, rc = 0, a = 1;

	for (; a < argc && strncmp(argv[a], "--", 2) == 0; a++) {
		if (strcmp(argv[a], "--draft") == 0)
			draft = 1;
		else if (strncmp(argv[a], "--break=", 8) == 0)
			brk = argv[a] + 8;
		else
			break;
	}
	if (a >= argc || argc - a > 2) {
		fprintf(stderr, "usage: print_sample [--draft] [--break=missing-image|small-text|"
		    "bad-glyph|bad-font] OUT.pdf [IMPOSED.pdf]\n");
		return 2;
	}
	if (FT_Init_FreeType(&ft) != 0)
		return 2;
	for (int i = 0; i < 3; i++)
		if (FT_New_Face(ft, font_files[i], 0, &faces[i]) != 0) {
			fprintf(stderr, "print_sample: cannot open %s (run from the repository)\n",
			    font_files[i]);
			return 2;
		}
	dir = g_path_get_dirname(argv[a]);
	rgb = g_build_filename(dir, "print-sample-rgb.png", NULL);
	if (make_rgb_png(rgb) < 0) {
		fprintf(stderr, "print_sample: cannot write %s\n", rgb);
		return 2;
	}
	d = build(draft, brk, rgb);
	print_opts_init(&o);
	o.path = argv[a];
	if ((p = print_new(&o, &err)) == NULL || !print_render(p, d, &err))
		rc = 1;
	o.path = argv[a + 1];
	o.impose = 1;
	if (rc == 0 && a + 1 < argc &&
	    ((imposed = print_new(&o, &err)) == NULL || !print_render(imposed, d, &err)))
		rc = 1;
	if (rc != 0) {
		fprintf(stderr, "print_sample: %s\n", err->message);
		g_error_free(err);
	}
	print_free(p);
	print_free(imposed);
	display_free(d);
	g_free(rgb);
	g_free(dir);
	for (int i = 0; i < 3; i++)
		FT_Done_Face(faces[i]);
	FT_Done_FreeType(ft);
	return rc;
}
