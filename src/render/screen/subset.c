/* subset.c: a display font embedded in the screen PDF (subset.h).  STUB: the whole font file,
 * until the fonts branch's subsetter lands. */
#include <math.h>
#include <string.h>

#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_ADVANCES_H

#include "flate.h"
#include "i18n.h"
#include "pdfw.h"
#include "subset.h"

struct pdf_font {
	char		*path;
	GBytes		*file;
	FT_Library	 ft;
	FT_Face		 face;
	GHashTable	*used;		/* gid -> its characters (g_strndup), or "" */
};

struct pdf_font *
pdf_font_new(const char *path, GError **err)
{
	struct pdf_font *f = g_new0(struct pdf_font, 1);
	char *data;
	gsize len;

	if (!g_file_get_contents(path, &data, &len, err)) {
		g_free(f);
		return NULL;
	}
	f->file = g_bytes_new_take(data, len);
	if (FT_Init_FreeType(&f->ft) != 0 || FT_New_Memory_Face(f->ft, g_bytes_get_data(f->file, NULL),
	    (FT_Long)len, 0, &f->face) != 0) {
		g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL, _("cannot read the font %s"), path);
		pdf_font_free(f);
		return NULL;
	}
	f->path = g_strdup(path);
	f->used = g_hash_table_new_full(NULL, NULL, NULL, g_free);
	return f;
}

void
pdf_font_free(struct pdf_font *f)
{
	if (f == NULL)
		return;
	if (f->face != NULL)
		FT_Done_Face(f->face);
	if (f->ft != NULL)
		FT_Done_FreeType(f->ft);
	if (f->used != NULL)
		g_hash_table_destroy(f->used);
	g_bytes_unref(f->file);
	g_free(f->path);
	g_free(f);
}

void
pdf_font_use(struct pdf_font *f, guint32 gid, const char *utf8, gsize len)
{
	if (!g_hash_table_contains(f->used, GUINT_TO_POINTER(gid)))
		g_hash_table_insert(f->used, GUINT_TO_POINTER(gid), g_strndup(utf8 != NULL ? utf8 : "", len));
}

static gint
by_gid(gconstpointer a, gconstpointer b)
{
	guint x = GPOINTER_TO_UINT(*(gconstpointer const *)a), y = GPOINTER_TO_UINT(*(gconstpointer const *)b);

	return x < y ? -1 : x > y;
}

static double
units(const struct pdf_font *f, long v)
{
	return (double)v * 1000.0 / f->face->units_per_EM;
}

gboolean
pdf_font_write(struct pdf_font *f, struct pdfw *w, unsigned num, GError **err)
{
	unsigned cid = pdfw_reserve(w), desc = pdfw_reserve(w), file, tu;
	GPtrArray *gids = g_ptr_array_new();
	GHashTableIter it;
	gpointer k;
	const char *base = FT_Get_Postscript_Name(f->face);
	GString *s;
	gsize flen;
	const void *fdata = g_bytes_get_data(f->file, &flen);

	(void)err;
	if (base == NULL)
		base = "Font";
	g_hash_table_iter_init(&it, f->used);
	while (g_hash_table_iter_next(&it, &k, NULL))
		g_ptr_array_add(gids, k);
	g_ptr_array_sort(gids, by_gid);
	file = pdfw_stream_deflate(w, 0, "", fdata, flen, 6);
	/* ToUnicode */
	s = g_string_new("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
	    "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
	    "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
	    "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
	for (guint i = 0; i < gids->len; i += 100) {
		guint n = 0;
		GString *b = g_string_new(NULL);

		for (guint j = i; j < gids->len && j < i + 100; j++) {
			guint gid = GPOINTER_TO_UINT(gids->pdata[j]);
			const char *t = g_hash_table_lookup(f->used, gids->pdata[j]);
			glong ul = 0;
			gunichar2 *u;

			if (t == NULL || *t == '\0')
				continue;
			u = g_utf8_to_utf16(t, -1, NULL, &ul, NULL);
			g_string_append_printf(b, "<%04X> <", gid);
			for (glong q = 0; u != NULL && q < ul; q++)
				g_string_append_printf(b, "%04X", u[q]);
			g_string_append(b, ">\n");
			g_free(u);
			n++;
		}
		if (n > 0)
			g_string_append_printf(s, "%u beginbfchar\n%sendbfchar\n", n, b->str);
		g_string_free(b, TRUE);
	}
	g_string_append(s, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
	tu = pdfw_stream_deflate(w, 0, "", s->str, s->len, 6);
	g_string_free(s, TRUE);
	/* the descriptor */
	s = pdfw_begin(w, &desc);
	g_string_append(s, "<< /Type /FontDescriptor /FontName /");
	pdf_name(s, base);
	g_string_append_printf(s, " /Flags %d /FontBBox [", (f->face->style_flags & FT_STYLE_FLAG_ITALIC) ? 32 | 64 : 32);
	pdf_num(s, units(f, f->face->bbox.xMin), 0, ' ');
	pdf_num(s, units(f, f->face->bbox.yMin), 0, ' ');
	pdf_num(s, units(f, f->face->bbox.xMax), 0, ' ');
	pdf_num(s, units(f, f->face->bbox.yMax), 0, 0);
	g_string_append_printf(s, "] /ItalicAngle %d /Ascent ", (f->face->style_flags & FT_STYLE_FLAG_ITALIC) ? -12 : 0);
	pdf_num(s, units(f, f->face->ascender), 0, 0);
	g_string_append(s, " /Descent ");
	pdf_num(s, units(f, f->face->descender), 0, 0);
	g_string_append(s, " /CapHeight ");
	pdf_num(s, units(f, f->face->ascender), 0, 0);
	g_string_append_printf(s, " /StemV 80 /FontFile2 %u 0 R >>", file);
	pdfw_end(w);
	/* the CIDFont, with the widths of the glyphs used */
	s = pdfw_begin(w, &cid);
	g_string_append(s, "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /");
	pdf_name(s, base);
	g_string_append_printf(s, " /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >>"
	    " /FontDescriptor %u 0 R /CIDToGIDMap /Identity /DW 1000 /W [", desc);
	for (guint i = 0; i < gids->len; i++) {
		guint gid = GPOINTER_TO_UINT(gids->pdata[i]);
		FT_Fixed adv = 0;

		FT_Get_Advance(f->face, gid, FT_LOAD_NO_SCALE, &adv);
		g_string_append_printf(s, " %u [", gid);
		pdf_num(s, units(f, adv), 0, 0);
		g_string_append_c(s, ']');
	}
	g_string_append(s, " ] >>");
	pdfw_end(w);
	s = pdfw_begin(w, &num);
	g_string_append(s, "<< /Type /Font /Subtype /Type0 /BaseFont /");
	pdf_name(s, base);
	g_string_append_printf(s, " /Encoding /Identity-H /DescendantFonts [%u 0 R] /ToUnicode %u 0 R >>", cid, tu);
	pdfw_end(w);
	g_ptr_array_free(gids, TRUE);
	return TRUE;
}
