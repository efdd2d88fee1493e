/* subset.c: the screen PDF's fonts, subsets of the display fonts (subset.h).
 *
 * HarfBuzz's hb-subset makes the font program, not code of ours: it already reads every table
 * of an OpenType font, keeps composite glyphs' components, rewrites loca, hmtx and maxp, and is
 * what the browsers and Google Fonts subset with (README: Dependencies).
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <hb.h>
#include <hb-ot.h>
#include <hb-subset.h>

#include "flate.h"
#include "i18n.h"
#include "subset.h"

/* libdeflate's level (flate.h) for the font programs and ToUnicode maps: the screen pages'
 * level, whose compressor each thread already has.  On the bundled edition's three Spanish
 * subsets (callgrind): 17,810 bytes of PDF for 2.93 M instructions of deflate at 6; 17,779
 * bytes for 3.68 M at 9; 17,922 bytes for 2.63 M at 4.  One face at 12: 40 bytes smaller,
 * 18 times as long. */
#define SUBSET_LEVEL	6

/* The most bytes of text one glyph maps to in ToUnicode (a destination string holds at most
 * 512 bytes of UTF-16): a longer text is not recorded, and the next use of the glyph may give
 * one. */
#define TEXT_MAX	128

/* hb-subset's flags: glyph ids kept (the pages' codes are the font file's glyph ids), and no
 * hinting.  Kept ids leave empty loca and hmtx entries up to the highest glyph kept, which
 * deflate to a few hundred bytes; renumbered glyphs would need a CIDToGIDMap stream, and were
 * 17 to 74 bytes larger per face in all (bundled edition, both languages, three faces).  No
 * hinting (the pages are laid out with unhinted advances, and cairo drew the proofs unhinted
 * too); the instructions were nearly half of a deflated subset (Regular: 9,825 bytes with
 * them, 5,280 without). */
#define SUBSET_FLAGS	(HB_SUBSET_FLAGS_RETAIN_GIDS | HB_SUBSET_FLAGS_NO_HINTING)

/* The tables a CIDFontType2's program needs (PDF 32000-1, 9.9: the hinting tables go with the
 * hinting; no cmap, as CIDToGIDMap is /Identity): every other table is dropped. */
static const hb_tag_t keep_tables[] = {
	HB_TAG('h','e','a','d'), HB_TAG('h','h','e','a'), HB_TAG('m','a','x','p'),
	HB_TAG('l','o','c','a'), HB_TAG('g','l','y','f'), HB_TAG('h','m','t','x'),
};

struct pdf_font {
	char		*path;		/* for messages */
	char		*name;		/* its PostScript name, as a PDF name's characters */
	hb_face_t	*face;
	double		*widths;	/* each glyph's advance in 1/1000 em, from hmtx (unhinted) */
	unsigned	 glyphs;	/* how many the file has */
	unsigned	 upem;
	double		 bbox[4], ascent, descent, cap, angle, weight;
	gboolean	 italic;
	guint8		*seen;		/* per glyph: 0 not drawn, 1 drawn, 2 drawn and its text kept */
	guint32		*text;		/* per glyph: 1 + where its characters start in texts, 0: none */
	GString		*texts;		/* the characters of the glyphs, each ended by a NUL */
};

static gint16
be16(const char *p)
{
	return (gint16)(((guint8)p[0] << 8) | (guint8)p[1]);
}

static guint32
be32(const char *p)
{
	return ((guint32)(guint8)p[0] << 24) | ((guint32)(guint8)p[1] << 16) | ((guint32)(guint8)p[2] << 8) |
	    (guint8)p[3];
}

/* A TrueType font file (not a collection, not CFF outlines) whose every table is inside it:
 * HarfBuzz would read a truncated file's missing glyphs as empty ones. */
static gboolean
whole_truetype(const char *p, gsize len)
{
	unsigned n;

	if (len < 12 || (be32(p) != 0x00010000 && be32(p) != HB_TAG('t','r','u','e')))
		return FALSE;
	n = (guint8)p[4] << 8 | (guint8)p[5];
	if (len < 12 + 16 * (gsize)n)
		return FALSE;
	for (unsigned i = 0; i < n; i++) {
		const char *r = p + 12 + 16 * i;

		if ((gsize)be32(r + 8) > len || (gsize)be32(r + 12) > len - be32(r + 8))
			return FALSE;
	}
	return TRUE;
}

/* A table's bytes and length (0 if absent); release with hb_blob_destroy(*blob). */
static const char *
table_data(hb_face_t *face, hb_tag_t tag, unsigned *len, hb_blob_t **blob)
{
	*blob = hb_face_reference_table(face, tag);
	return hb_blob_get_data(*blob, len);
}

/*
 * The tables a subset is made of agree with each other, as HarfBuzz would otherwise read what
 * is missing as empty glyphs or zero widths: head (version 1, its magic number), maxp's glyph
 * count, hhea (version 1) and hmtx's metrics for every glyph, loca's offsets for every glyph
 * and within glyf.
 */
static gboolean
tables_agree(hb_face_t *face)
{
	hb_blob_t *b[6];
	unsigned hl, ml, hhl, hml, ll, gl, glyphs, nhm, lf;
	const char *head = table_data(face, HB_TAG('h','e','a','d'), &hl, &b[0]);
	const char *maxp = table_data(face, HB_TAG('m','a','x','p'), &ml, &b[1]);
	const char *hhea = table_data(face, HB_TAG('h','h','e','a'), &hhl, &b[2]);
	const char *loca = table_data(face, HB_TAG('l','o','c','a'), &ll, &b[4]);
	gboolean ok = FALSE;

	table_data(face, HB_TAG('h','m','t','x'), &hml, &b[3]);
	table_data(face, HB_TAG('g','l','y','f'), &gl, &b[5]);
	if (hl >= 54 && be16(head) == 1 && be32(head + 12) == 0x5F0F3CF5u && ml >= 6 && hhl >= 36 &&
	    be16(hhea) == 1) {
		glyphs = (guint16)be16(maxp + 4);
		nhm = (guint16)be16(hhea + 34);
		lf = (guint16)be16(head + 50);
		ok = glyphs > 0 && glyphs == hb_face_get_glyph_count(face) && nhm > 0 && nhm <= glyphs && lf <= 1 &&
		    hml >= 4 * nhm + 2 * (glyphs - nhm) && ll >= (glyphs + 1) * (lf ? 4 : 2) &&
		    (lf ? be32(loca + 4 * glyphs) : 2 * (guint32)(guint16)be16(loca + 2 * glyphs)) <= gl;
	}
	for (int i = 0; i < 6; i++)
		hb_blob_destroy(b[i]);
	return ok;
}

/* The font's PostScript name with only the characters a name and a BaseFont may hold; the
 * file's name (without ".ttf") if it has none. */
static char *
ps_name(hb_face_t *face, const char *path)
{
	char buf[64];
	unsigned len = sizeof(buf);
	char *name;

	hb_ot_name_get_utf8(face, HB_OT_NAME_ID_POSTSCRIPT_NAME, HB_LANGUAGE_INVALID, &len, buf);
	if (len > 0) {
		name = g_strndup(buf, len);
	} else {
		char *base = g_path_get_basename(path), *dot = strrchr(base, '.');

		if (dot != NULL && dot != base)
			*dot = '\0';
		name = g_strndup(base, 63);
		g_free(base);
	}
	for (char *p = name; *p != '\0'; p++)
		if (*p <= ' ' || *p > '~' || strchr("#()<>[]{}/%", *p) != NULL)
			*p = '-';
	return name;
}

/* The descriptor's figures, once: FontBBox from head, the vertical metrics through HarfBuzz
 * (hhea or OS/2), the rest read directly (HarfBuzz's style API indexes post's glyph names
 * first, a third of pdf_font_new's instructions). */
static void
read_metrics(struct pdf_font *f, hb_face_t *face, hb_font_t *font)
{
	hb_blob_t *head, *post, *os2;
	unsigned hl, pl, ol;
	const char *h = table_data(face, HB_TAG('h','e','a','d'), &hl, &head);	/* 54 bytes: tables_agree() */
	const char *p = table_data(face, HB_TAG('p','o','s','t'), &pl, &post);
	const char *o = table_data(face, HB_TAG('O','S','/','2'), &ol, &os2);
	hb_position_t v;

	p = pl >= 8 ? p : NULL;
	o = ol >= 64 ? o : NULL;

	for (int i = 0; i < 4; i++)
		f->bbox[i] = be16(h + 36 + 2 * i);
	f->ascent = hb_ot_metrics_get_position(font, HB_OT_METRICS_TAG_HORIZONTAL_ASCENDER, &v) ? v : f->bbox[3];
	f->descent = hb_ot_metrics_get_position(font, HB_OT_METRICS_TAG_HORIZONTAL_DESCENDER, &v) ? v : f->bbox[1];
	f->cap = hb_ot_metrics_get_position(font, HB_OT_METRICS_TAG_CAP_HEIGHT, &v) && v > 0 ? v : f->ascent;
	/* post.italicAngle (16.16), OS/2 usWeightClass and fsSelection's italic bit, head.macStyle's */
	f->angle = p != NULL ? (gint32)be32(p + 4) / 65536.0 : 0;
	f->weight = o != NULL ? (guint16)be16(o + 4) : 400;
	f->italic = f->angle != 0 || (o != NULL && (o[63] & 1)) || (h[45] & 2);
	hb_blob_destroy(head);
	hb_blob_destroy(post);
	hb_blob_destroy(os2);
}

/* A length in the font's units as 1/1000 em: the glyph space of a PDF font. */
static double
em(const struct pdf_font *f, double v)
{
	return v * 1000.0 / f->upem;
}

/* The glyphs' advances from hmtx (its lengths checked by tables_agree): the last of its long
 * metrics goes on for the glyphs after them.  Read directly, they cost 10 instructions a
 * glyph; FreeType's FT_Get_Advance, 280. */
static void
read_widths(struct pdf_font *f, hb_face_t *face)
{
	hb_blob_t *hhea, *hmtx;
	unsigned len;
	const char *hh = table_data(face, HB_TAG('h','h','e','a'), &len, &hhea);
	const char *hm = table_data(face, HB_TAG('h','m','t','x'), &len, &hmtx);
	unsigned nhm = (guint16)be16(hh + 34);

	f->widths = g_new(double, f->glyphs);
	for (unsigned gid = 0; gid < f->glyphs; gid++)
		f->widths[gid] = em(f, (guint16)be16(hm + 4 * MIN(gid, nhm - 1)));
	hb_blob_destroy(hhea);
	hb_blob_destroy(hmtx);
}

/*
 * The font's other tables hidden from HarfBuzz: their lengths set to 0 in the table directory,
 * in the file's private mapping (one page copied on write).  hb-subset looks at the whole
 * cmap (the glyphs' characters) and at the layout tables before it drops them: 2.2 M of its
 * 2.8 M instructions for the bundled edition's Regular subset, 0.1 M without them; a copy of
 * the font with only the kept tables (hb_face_builder) cost 1.4 M and half a megabyte.
 */
static void
hide_tables(char *p)
{
	unsigned n = (guint8)p[4] << 8 | (guint8)p[5];

	for (unsigned i = 0; i < n; i++) {
		char *r = p + 12 + 16 * i;
		gboolean keep = FALSE;

		for (size_t k = 0; k < G_N_ELEMENTS(keep_tables); k++)
			keep = keep || be32(r) == keep_tables[k];
		if (!keep)
			memset(r + 12, 0, 4);
	}
}

static void
not_a_font(GError **err, const char *path)
{
	g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL, _("%s: not a TrueType font HarfBuzz can subset"), path);
}

struct pdf_font *
pdf_font_new(const char *path, GError **err)
{
	struct pdf_font *f;
	GMappedFile *map;
	struct stat st;
	hb_blob_t *blob;
	hb_face_t *face;
	hb_font_t *font;
	GError *e = NULL;
	int fd, en;

	/* O_NONBLOCK: a FIFO is refused below, not waited on */
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) < 0 || fstat(fd, &st) != 0 || S_ISDIR(st.st_mode)) {
		en = fd >= 0 && S_ISDIR(st.st_mode) ? EISDIR : errno;
		g_set_error(err, G_FILE_ERROR, g_file_error_from_errno(en), _("%s: cannot read the font: %s"),
		    path, g_strerror(en));
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	/* the file is mapped, not read: HarfBuzz reads a few of its tables */
	if (!S_ISREG(st.st_mode) || st.st_size < 12 || (guint64)st.st_size > G_MAXUINT) {
		close(fd);
		not_a_font(err, path);
		return NULL;
	}
	/* writable: a private mapping, whose table directory hide_tables() changes in memory */
	map = g_mapped_file_new_from_fd(fd, TRUE, &e);
	close(fd);
	if (map == NULL) {
		g_set_error(err, G_FILE_ERROR, e->code, _("%s: cannot read the font: %s"), path, e->message);
		g_error_free(e);
		return NULL;
	}
	if (!whole_truetype(g_mapped_file_get_contents(map), g_mapped_file_get_length(map))) {
		g_mapped_file_unref(map);
		not_a_font(err, path);
		return NULL;
	}
	blob = hb_blob_create(g_mapped_file_get_contents(map), (unsigned)g_mapped_file_get_length(map),
	    HB_MEMORY_MODE_READONLY, map, (hb_destroy_func_t)g_mapped_file_unref);
	face = hb_face_create(blob, 0);
	/* glyphs, and the tables the subset and the descriptor are made of */
	if (hb_face_get_glyph_count(face) == 0 || !tables_agree(face)) {
		hb_face_destroy(face);
		hb_blob_destroy(blob);
		not_a_font(err, path);
		return NULL;
	}
	f = g_new0(struct pdf_font, 1);
	f->path = g_strdup(path);
	f->glyphs = hb_face_get_glyph_count(face);
	f->upem = hb_face_get_upem(face);
	f->name = ps_name(face, path);
	f->seen = g_new0(guint8, f->glyphs);
	f->text = g_new0(guint32, f->glyphs);
	f->texts = g_string_new(NULL);
	font = hb_font_create(face);
	read_metrics(f, face, font);
	read_widths(f, face);
	hb_font_destroy(font);
	hb_face_destroy(face);
	/* from here on HarfBuzz sees only the tables a subset is made of */
	hide_tables(g_mapped_file_get_contents(map));
	f->face = hb_face_create(blob, 0);
	hb_blob_destroy(blob);
	return f;
}

void
pdf_font_free(struct pdf_font *f)
{
	if (f == NULL)
		return;
	hb_face_destroy(f->face);
	g_free(f->widths);
	g_free(f->path);
	g_free(f->name);
	g_free(f->seen);
	g_free(f->text);
	g_string_free(f->texts, TRUE);
	g_free(f);
}

/* pdf_font_use, inline in pdf_font_use_run's loop */
static inline void
use(struct pdf_font *f, guint32 gid, const char *utf8, gsize len)
{
	/* nearly every call: a glyph drawn before, its text kept (or none given now) */
	if (gid >= f->glyphs || f->seen[gid] > (len != 0))
		return;		/* (a glyph id not the font's: nothing to embed) */
	f->seen[gid] = 1;
	/* the first text the glyph is drawn for (ToUnicode maps a code once) */
	if (len == 0 || len > TEXT_MAX || !g_utf8_validate(utf8, (gssize)len, NULL))
		return;
	f->text[gid] = (guint32)f->texts->len + 1;
	g_string_append_len(f->texts, utf8, (gssize)len);
	g_string_append_c(f->texts, '\0');
	f->seen[gid] = 2;
}

void
pdf_font_use(struct pdf_font *f, guint32 gid, const char *utf8, gsize len)
{
	use(f, gid, utf8, len);
}

void
pdf_font_use_run(struct pdf_font *f, const struct dl_glyph *g, guint n, const char *utf8)
{
	const char *p = utf8;

	if (p != NULL && (glong)n == g_utf8_strlen(p, -1)) {
		for (guint i = 0; i < n; i++) {
			const char *next = g_utf8_next_char(p);

			use(f, g[i].id, p, (gsize)(next - p));
			p = next;
		}
	} else {
		for (guint i = 0; i < n; i++)
			use(f, g[i].id, NULL, 0);
	}
}

const double *
pdf_font_widths(const struct pdf_font *f, guint32 *n)
{
	*n = f->glyphs;
	return f->widths;
}

static gboolean
used(const struct pdf_font *f, unsigned gid)
{
	return f->seen[gid] != 0;
}

/* The subset tag: six capitals from a hash (FNV-1a) of the glyph ids used, so that the same
 * glyphs give the same name and different subsets of a font different ones. */
static void
subset_tag(const struct pdf_font *f, char tag[7])
{
	guint64 h = 14695981039346656037u;

	for (unsigned gid = 0; gid < f->glyphs; gid++)
		if (used(f, gid))
			h = (((h ^ (gid >> 8)) * 1099511628211u) ^ (gid & 0xFF)) * 1099511628211u;
	for (int i = 0; i < 6; i++, h /= 26)
		tag[i] = (char)('A' + h % 26);
	tag[6] = '\0';
}

/* The font program: the glyphs used and .notdef, at their own glyph ids, with only the tables
 * the PDF needs.  NULL if HarfBuzz could not make it. */
static hb_blob_t *
subset_program(const struct pdf_font *f)
{
	hb_subset_input_t *in = hb_subset_input_create_or_fail();
	hb_tag_t tags[64];
	unsigned start = 0, n;
	hb_face_t *sub;
	hb_blob_t *b;
	hb_set_t *gs, *drop;

	if (in == NULL)
		return NULL;
	gs = hb_subset_input_glyph_set(in);
	hb_set_add(gs, 0);
	for (unsigned gid = 0; gid < f->glyphs; gid++)
		if (used(f, gid))
			hb_set_add(gs, gid);
	hb_subset_input_set_flags(in, SUBSET_FLAGS);
	drop = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
	hb_set_clear(drop);
	do {
		n = G_N_ELEMENTS(tags);
		hb_face_get_table_tags(f->face, start, &n, tags);
		for (unsigned i = 0; i < n; i++) {
			gboolean keep = FALSE;

			for (size_t k = 0; k < G_N_ELEMENTS(keep_tables); k++)
				keep = keep || tags[i] == keep_tables[k];
			if (!keep)
				hb_set_add(drop, tags[i]);
		}
		start += n;
	} while (n == G_N_ELEMENTS(tags));
	sub = hb_subset_or_fail(f->face, in);
	hb_subset_input_destroy(in);
	if (sub == NULL)
		return NULL;
	b = hb_face_reference_blob(sub);
	hb_face_destroy(sub);
	if (hb_blob_get_length(b) == 0) {
		hb_blob_destroy(b);
		return NULL;
	}
	return b;
}

/* /W: the widths of the glyphs used, one array per run of consecutive glyph ids. */
static void
put_widths(GString *s, const struct pdf_font *f)
{
	unsigned n = 0;

	g_string_append(s, " /W [");
	for (unsigned gid = 0; gid < f->glyphs; gid++) {
		if (!used(f, gid))
			continue;
		if (gid == 0 || !used(f, gid - 1)) {
			if (n++ > 0)
				g_string_append_c(s, '\n');
			pdf_scaled(s, gid, 0, ' ');
			g_string_append_c(s, '[');
		}
		pdf_num(s, f->widths[gid], 3, 0);
		g_string_append_c(s, gid + 1 < f->glyphs && used(f, gid + 1) ? ' ' : ']');
	}
	g_string_append_c(s, ']');
}

/* "<XXXX>" and sep */
static void
code(GString *s, unsigned v, char sep)
{
	g_string_append_c(s, '<');
	pdf_hex4(s, v);
	g_string_append_c(s, '>');
	g_string_append_c(s, sep);
}

/* Lines of a bfchar or bfrange section, written out 100 at a time (the CMap limit). */
struct section {
	GString		*lines;
	unsigned	 n;
};

static void
flush(GString *cmap, struct section *sec, const char *what)
{
	if (sec->n == 0)
		return;
	g_string_append_printf(cmap, "%u begin%s\n%sendbf%s\n", sec->n, what, sec->lines->str, what + 2);
	g_string_truncate(sec->lines, 0);
	sec->n = 0;
}

/*
 * The ToUnicode CMap: each glyph drawn with text maps its code (the glyph id) to its
 * characters in UTF-16BE (outside the BMP as surrogate pairs).  Glyphs of consecutive ids for
 * consecutive characters (digits, letters) share a bfrange line; a range stays within one last
 * byte of both codes, as the CMap format wants.
 */
static GString *
tounicode(const struct pdf_font *f)
{
	GString *s = g_string_new("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
	    "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
	    "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
	    "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
	struct section chars = { g_string_new(NULL), 0 }, ranges = { g_string_new(NULL), 0 };

	for (unsigned gid = 0; gid < f->glyphs && gid <= 0xFFFF; gid++) {
		glong n = 0;
		gunichar2 *u;

		if (!used(f, gid) || f->text[gid] == 0)
			continue;
		u = g_utf8_to_utf16(f->texts->str + f->text[gid] - 1, -1, NULL, &n, NULL);
		if (u == NULL || n == 0) {
			g_free(u);
			continue;
		}
		if (n == 1) {
			/* how many glyphs after it continue a range */
			unsigned last = gid;

			while (last + 1 < f->glyphs && ((last + 1) & 0xFF) != 0 && ((u[0] + (last + 1 - gid)) & 0xFF) != 0 &&
			    used(f, last + 1) && f->text[last + 1] != 0) {
				const char *t = f->texts->str + f->text[last + 1] - 1;

				if (g_utf8_get_char(t) != u[0] + (last + 1 - gid) || *g_utf8_next_char(t) != '\0')
					break;
				last++;
			}
			if (last > gid) {
				code(ranges.lines, gid, ' ');
				code(ranges.lines, last, ' ');
				code(ranges.lines, u[0], '\n');
				if (++ranges.n == 100)
					flush(s, &ranges, "bfrange");
				gid = last;
				g_free(u);
				continue;
			}
		}
		code(chars.lines, gid, ' ');
		g_string_append_c(chars.lines, '<');
		for (glong i = 0; i < n; i++)
			pdf_hex4(chars.lines, u[i]);
		g_string_append(chars.lines, ">\n");
		if (++chars.n == 100)
			flush(s, &chars, "bfchar");
		g_free(u);
	}
	flush(s, &chars, "bfchar");
	flush(s, &ranges, "bfrange");
	g_string_append(s, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
	g_string_free(chars.lines, TRUE);
	g_string_free(ranges.lines, TRUE);
	return s;
}

gboolean
pdf_font_write(struct pdf_font *f, struct pdfw *w, unsigned num, GError **err)
{
	unsigned cid = pdfw_reserve(w), desc = pdfw_reserve(w), file = pdfw_reserve(w), tu = pdfw_reserve(w);
	hb_blob_t *prog = subset_program(f);
	char tag[7], dict[32];
	unsigned plen;
	const char *pdata;
	GString *s, *cmap;
	gboolean ok;

	if (prog == NULL) {
		g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_FAILED, _("%s: HarfBuzz could not subset the font"), f->path);
		return FALSE;
	}
	subset_tag(f, tag);

	s = pdfw_begin(w, &num);
	g_string_append_printf(s, "<< /Type /Font /Subtype /Type0 /BaseFont /%s+%s /Encoding /Identity-H"
	    " /DescendantFonts [%u 0 R] /ToUnicode %u 0 R >>", tag, f->name, cid, tu);
	pdfw_end(w);

	s = pdfw_begin(w, &cid);
	g_string_append_printf(s, "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /%s+%s"
	    " /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >>"
	    " /FontDescriptor %u 0 R /CIDToGIDMap /Identity /DW ", tag, f->name, desc);
	/* a glyph not listed is not in the subset: it shows as .notdef, at its width */
	pdf_num(s, f->widths[0], 3, 0);
	put_widths(s, f);
	g_string_append(s, " >>");
	pdfw_end(w);

	s = pdfw_begin(w, &desc);
	/* Flags: symbolic (its glyphs are not the standard Latin set), italic.  StemV: a TrueType
	 * font has no stem width; the usual estimate from the weight class (88 at 400, 166 at 700) */
	g_string_append_printf(s, "<< /Type /FontDescriptor /FontName /%s+%s /Flags %u /FontBBox [", tag,
	    f->name, 4u | (f->italic ? 64u : 0u));
	for (int i = 0; i < 4; i++)
		pdf_num(s, em(f, f->bbox[i]), 0, i < 3 ? ' ' : ']');
	g_string_append(s, " /ItalicAngle ");
	pdf_num(s, f->angle, 2, 0);
	g_string_append(s, " /Ascent ");
	pdf_num(s, em(f, f->ascent), 0, 0);
	g_string_append(s, " /Descent ");
	pdf_num(s, em(f, f->descent), 0, 0);
	g_string_append(s, " /CapHeight ");
	pdf_num(s, em(f, f->cap), 0, 0);
	g_string_append(s, " /StemV ");
	pdf_num(s, 50 + (f->weight / 65) * (f->weight / 65), 0, 0);
	g_string_append_printf(s, " /FontFile2 %u 0 R >>", file);
	pdfw_end(w);

	pdata = hb_blob_get_data(prog, &plen);
	g_snprintf(dict, sizeof(dict), "/Length1 %u", plen);
	ok = pdfw_stream_deflate(w, file, dict, pdata, plen, SUBSET_LEVEL) != 0;
	hb_blob_destroy(prog);
	cmap = tounicode(f);
	ok = ok && pdfw_stream_deflate(w, tu, "", cmap->str, cmap->len, SUBSET_LEVEL) != 0;
	g_string_free(cmap, TRUE);
	if (!ok)
		g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_NOMEM, _("%s: out of memory compressing the font"), f->path);
	return ok;
}
