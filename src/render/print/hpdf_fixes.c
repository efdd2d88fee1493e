/* hpdf_fixes.c: libharu 2.3.0's gaps for PDF/X-1a, filled through its internals (hpdf_fixes.h). */
#include <stddef.h>
#include <string.h>

#include <hpdf_doc.h>
#include <hpdf_encoder.h>
#include <hpdf_font.h>
#include <hpdf_fontdef.h>
#include <hpdf_list.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>
#include <zlib.h>

#include "flate.h"
#include "hpdf_fixes.h"
#include "print_cache.h"

static HPDF_String
plain_string(HPDF_Doc pdf, const char *s)
{
	return HPDF_String_New(pdf->mmgr, s, NULL);
}

/* Writes the /Filter that libharu leaves out of the dictionary of a stream it did not deflate. */
static HPDF_STATUS
write_flate_filter(HPDF_Dict dict, HPDF_Stream stream)
{
	(void)dict;
	return HPDF_Stream_WriteStr(stream, "/Filter /FlateDecode\012");
}

/*
 * Bytes in memory as a libharu stream.  libharu reads a TrueType file through its FileReader as
 * it parses it, a fread and often an fseek for every two or four bytes; these read the same
 * bytes from a buffer, with the FileReader's results (a short read is zero-filled and says
 * HPDF_STREAM_EOF).  A stream's data given this way (a page's contents, a font's or an image's
 * deflated bytes) is copied into the file from where it is, not first into libharu's memory
 * streams and out again.
 */
struct mem_reader {
	GBytes		*bytes;
	const guint8	*data;
	gsize		 len, pos;
};

static HPDF_STATUS
mem_read(HPDF_Stream s, HPDF_BYTE *p, HPDF_UINT *siz)
{
	struct mem_reader *r = s->attr;
	gsize n = r->pos < r->len ? MIN((gsize)*siz, r->len - r->pos) : 0;

	if (n > 0)
		memcpy(p, r->data + r->pos, n);
	r->pos += n;
	if (n < *siz) {
		memset(p + n, 0, *siz - n);
		*siz = (HPDF_UINT)n;
		return HPDF_STREAM_EOF;
	}
	return HPDF_OK;
}

static HPDF_STATUS
mem_seek(HPDF_Stream s, HPDF_INT pos, HPDF_WhenceMode mode)
{
	struct mem_reader *r = s->attr;
	gsize base = mode == HPDF_SEEK_CUR ? r->pos : mode == HPDF_SEEK_END ? r->len : 0;

	if (pos < 0 && (gsize)-(gint64)pos > base)
		return HPDF_SetError(s->error, HPDF_FILE_IO_ERROR, 0);
	r->pos = base + (gsize)(gint64)pos;
	return HPDF_OK;
}

static HPDF_INT32
mem_tell(HPDF_Stream s)
{
	return (HPDF_INT32)((struct mem_reader *)s->attr)->pos;
}

static HPDF_UINT32
mem_size(HPDF_Stream s)
{
	return (HPDF_UINT32)((struct mem_reader *)s->attr)->len;
}

static void
mem_free(HPDF_Stream s)
{
	struct mem_reader *r = s->attr;

	g_bytes_unref(r->bytes);
	g_free(r);
	s->attr = NULL;
}

/* A stream reading `bytes` (a reference is taken); NULL out of memory. */
static HPDF_Stream
bytes_stream(HPDF_MMgr mmgr, GBytes *bytes)
{
	struct mem_reader *r = g_new0(struct mem_reader, 1);
	HPDF_Stream s;

	r->bytes = g_bytes_ref(bytes);
	r->data = g_bytes_get_data(bytes, &r->len);
	if ((s = HPDF_CallbackReader_New(mmgr, mem_read, mem_seek, mem_tell, mem_size, r)) == NULL) {
		g_bytes_unref(r->bytes);
		g_free(r);
		return NULL;
	}
	s->free_fn = mem_free;
	return s;
}

/* The stream of d replaced by one reading `bytes`: libharu copies them into the file. */
static gboolean
set_stream_bytes(HPDF_Dict d, GBytes *bytes)
{
	HPDF_Stream s = bytes_stream(d->mmgr, bytes);

	if (s == NULL)
		return FALSE;
	HPDF_Stream_Free(d->stream);
	d->stream = s;
	return TRUE;
}

void
fix_hpdf_contents(HPDF_Page page)
{
	HPDF_Dict contents = ((HPDF_PageAttr)page->attr)->contents;

	contents->filter = HPDF_STREAM_FILTER_NONE;
	contents->write_fn = write_flate_filter;
}

gboolean
fix_hpdf_write_contents(HPDF_Page page, GBytes *data)
{
	HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;

	if (!set_stream_bytes(attr->contents, data))
		return FALSE;
	attr->stream = attr->contents->stream;	/* libharu's page operators would write there */
	return TRUE;
}

void
fix_hpdf_box(HPDF_Doc pdf, HPDF_Page page, const char *key, double x0, double y0, double x1,
    double y1)
{
	HPDF_Box b;

	b.left = (HPDF_REAL)x0;
	b.bottom = (HPDF_REAL)y0;
	b.right = (HPDF_REAL)x1;
	b.top = (HPDF_REAL)y1;
	HPDF_Dict_Add(page, key, HPDF_Box_Array_New(pdf->mmgr, b));
}

gboolean
fix_hpdf_info(HPDF_Doc pdf, const char *title, const char *subject, const char *lang)
{
	HPDF_Dict info = pdf->info;

	if (info == NULL)
		return FALSE;
	/* the title may hold accents: a UTF-16 text string through the UTF-8 encoder */
	HPDF_Dict_Add(info, "Title", HPDF_String_New(pdf->mmgr, title, HPDF_GetEncoder(pdf, "UTF-8")));
	/* the version string names exactly which edition this file is ("2026-invierno r2 4c7b48aa") */
	if (subject != NULL)
		HPDF_Dict_Add(info, "Subject", plain_string(pdf, subject));
	HPDF_Dict_Add(info, "Creator", plain_string(pdf, "paisano"));
	HPDF_Dict_Add(info, "Producer", plain_string(pdf, "paisano (libharu 2.3.0)"));
	HPDF_Dict_Add(info, "GTS_PDFXVersion", plain_string(pdf, "PDF/X-1:2001"));
	HPDF_Dict_Add(info, "GTS_PDFXConformance", plain_string(pdf, "PDF/X-1a:2001"));
	HPDF_Dict_AddName(info, "Trapped", "False");
	/* the language of the text, for screen readers and text extraction */
	if (lang != NULL)
		HPDF_Dict_Add(pdf->catalog, "Lang", plain_string(pdf, lang));
	return TRUE;
}

void
fix_hpdf_intent(HPDF_Doc pdf, const char *condition_id, const char *condition, const char *registry,
    const char *info)
{
	HPDF_Dict oi = HPDF_Dict_New(pdf->mmgr);
	HPDF_Array a;

	if (oi == NULL || HPDF_Xref_Add(pdf->xref, oi) != HPDF_OK)
		return;
	HPDF_Dict_AddName(oi, "Type", "OutputIntent");
	HPDF_Dict_AddName(oi, "S", "GTS_PDFX");
	HPDF_Dict_Add(oi, "OutputConditionIdentifier", plain_string(pdf, condition_id));
	if (condition != NULL)
		HPDF_Dict_Add(oi, "OutputCondition", plain_string(pdf, condition));
	HPDF_Dict_Add(oi, "RegistryName", plain_string(pdf, registry));
	if (info != NULL)
		HPDF_Dict_Add(oi, "Info", plain_string(pdf, info));
	if ((a = HPDF_Array_New(pdf->mmgr)) == NULL)
		return;
	HPDF_Array_Add(a, oi);
	HPDF_Dict_Add(pdf->catalog, "OutputIntents", a);
}

void
fix_hpdf_id(HPDF_Doc pdf, const guint8 dig[16])
{
	HPDF_Dict trailer = pdf->trailer != NULL ? pdf->trailer : pdf->xref->trailer;
	HPDF_Array id;

	if ((id = HPDF_Array_New(pdf->mmgr)) == NULL)
		return;
	HPDF_Array_Add(id, HPDF_Binary_New(pdf->mmgr, (HPDF_BYTE *)dig, 16));
	HPDF_Array_Add(id, HPDF_Binary_New(pdf->mmgr, (HPDF_BYTE *)dig, 16));
	HPDF_Dict_Add(trailer, "ID", id);
}

/*
 * libharu writes a ToUnicode CMap with a "begincidrange" (invalid there: poppler warns and
 * re-writers drop the text).  The content codes of its UTF-8 fonts are the UCS-2 values of the
 * characters, so the stream is rewritten as a plain bfchar table of the characters drawn.
 */
void
fix_hpdf_tounicode(HPDF_Doc pdf, HPDF_Font font, const guint8 *used)
{
	HPDF_FontAttr attr = (HPDF_FontAttr)font->attr;
	HPDF_Dict tu, sys;
	GString *s;
	GArray *cps;

	tu = HPDF_Dict_GetItem(font, "ToUnicode", HPDF_OCLASS_DICT);
	if (tu == NULL) {
		if ((tu = HPDF_DictStream_New(pdf->mmgr, pdf->xref)) == NULL)
			return;
		HPDF_Dict_Add(font, "ToUnicode", tu);
	} else {
		static const char *const drop[] = { "Type", "CMapName", "CIDSystemInfo", "WMode" };

		for (size_t i = 0; i < G_N_ELEMENTS(drop); i++)
			HPDF_Dict_RemoveElement(tu, drop[i]);
		HPDF_MemStream_FreeData(tu->stream);
	}
	if (pdf->compression_mode & HPDF_COMP_TEXT)
		tu->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
	cps = g_array_new(FALSE, FALSE, sizeof(guint));
	for (guint u = 0; u < 65536; u++) {
		if (used[u >> 3] == 0)	/* none of these eight: most of the map */
			u |= 7;
		else if (used[u >> 3] & (1u << (u & 7)))
			g_array_append_val(cps, u);
	}
	s = g_string_new("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
	    "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
	    "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
	    "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
	for (guint i = 0; i < cps->len; i += 100) {
		guint n = MIN(100, cps->len - i);

		g_string_append_printf(s, "%u beginbfchar\n", n);
		for (guint j = i; j < i + n; j++) {
			static const char hex[] = "0123456789ABCDEF";
			guint u = g_array_index(cps, guint, j);
			char line[] = "<0000> <0000>\n";

			/* "<%04X> <%04X>\n" without printf: a few hundred lines a font */
			for (int k = 0; k < 4; k++)
				line[4 - k] = line[11 - k] = hex[(u >> (4 * k)) & 15];
			g_string_append_len(s, line, sizeof(line) - 1);
		}
		g_string_append(s, "endbfchar\n");
	}
	g_string_append(s, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
	HPDF_Stream_Write(tu->stream, (const HPDF_BYTE *)s->str, (HPDF_UINT)s->len);
	g_string_free(s, TRUE);
	g_array_free(cps, TRUE);

	if (attr->descendant_font != NULL &&
	    (sys = HPDF_Dict_GetItem(attr->descendant_font, "CIDSystemInfo", HPDF_OCLASS_DICT)) != NULL)
		HPDF_Dict_Add(sys, "Ordering", plain_string(pdf, "Identity"));
}

/* What HPDF_LoadTTFontFromFile does after opening the file: the definition loaded, refused if
 * the document has a font of that name, listed, and given the next subset tag (HPDFAA,
 * HPDFAB, ...). */
const char *
fix_hpdf_load_ttf(HPDF_Doc pdf, GBytes *file)
{
	HPDF_Stream s;
	HPDF_FontDef def;

	if ((s = bytes_stream(pdf->mmgr, file)) == NULL) {
		HPDF_CheckError(&pdf->error);
		return NULL;
	}
	/* the definition owns the stream from here, and frees it if it fails */
	if ((def = HPDF_TTFontDef_Load(pdf->mmgr, s, HPDF_TRUE)) == NULL) {
		HPDF_CheckError(&pdf->error);
		return NULL;
	}
	if (HPDF_Doc_FindFontDef(pdf, def->base_font) != NULL) {
		HPDF_FontDef_Free(def);
		HPDF_SetError(&pdf->error, HPDF_FONT_EXISTS, 0);
		HPDF_CheckError(&pdf->error);
		return NULL;
	}
	if (HPDF_List_Add(pdf->fontdef_list, def) != HPDF_OK) {
		HPDF_FontDef_Free(def);
		HPDF_CheckError(&pdf->error);
		return NULL;
	}
	if (pdf->ttfont_tag[0] == 0) {
		memcpy(pdf->ttfont_tag, "HPDFAA", 6);
	} else {
		/* the next tag: the last letter counts up, carrying from Z to A */
		for (int i = 5; i >= 0; i--) {
			if (++pdf->ttfont_tag[i] <= 'Z')
				break;
			pdf->ttfont_tag[i] = 'A';
		}
	}
	HPDF_TTFontDef_SetTagName(def, (char *)pdf->ttfont_tag);
	return def->base_font;
}

/*
 * The glyph of every BMP character as HPDF_TTFontDef_GetGlyphid gives it, which searches the
 * cmap's segments one by one (about 140 a font): here in one sweep, since the first segment
 * ending at or after u only moves forward as u grows.  A character inside a segment gets its
 * glyph from GetGlyphid itself; one between segments, the 0 GetGlyphid returns for it.
 */
static void
sweep_gids(HPDF_FontDef def, guint16 *gids)
{
	HPDF_TTF_CmapRange *cm = &((HPDF_TTFontDefAttr)def->attr)->cmap;
	guint segs = cm->seg_count_x2 / 2u, i = 0, u = 0;

	if (cm->format != 4 || segs == 0) {
		for (; u < 65536; u++)
			gids[u] = HPDF_TTFontDef_GetGlyphid(def, (HPDF_UINT16)u);
		return;
	}
	for (; i < segs && u < 65536; i++) {
		guint e = cm->end_count[i];

		if (e < u)
			continue;
		/* every segment before i ends before u: i is the one GetGlyphid stops at for u..e */
		for (; u <= e && u < cm->start_count[i]; u++)
			gids[u] = 0;
		for (; u <= e; u++)
			gids[u] = HPDF_TTFontDef_GetGlyphid(def, (HPDF_UINT16)u);
	}
	for (; u < 65536; u++)	/* after the last segment (a cmap should end with FFFF) */
		gids[u] = HPDF_TTFontDef_GetGlyphid(def, (HPDF_UINT16)u);
}

/*
 * libharu's CIDFontType2_New gives a font of the UTF-8 encoder a /W array and a CIDToGIDMap
 * over all 65,536 characters: a glyph search, a width and a PDF number object for each (10 M
 * instructions a font), and 128 KB of map to deflate.  For a CMap encoder it visits only the
 * codes the encoder maps: while it makes the font, the UTF-8 encoder is lent a CMap encoder's
 * function and tables that map one code, which gives an empty /W and a map of one entry;
 * fix_hpdf_font_chars() then writes both for the characters drawn.  The encoder's other
 * fields (registry, ordering, ranges) are the real ones, and it is given back unchanged.
 */
HPDF_Font
fix_hpdf_utf8_font(HPDF_Doc pdf, const char *name, guint16 *gids, const guint16 *known)
{
	HPDF_FontDef def = HPDF_GetFontDef(pdf, name);
	HPDF_Encoder enc = HPDF_GetEncoder(pdf, "UTF-8");
	HPDF_Encoder_ToUnicode_Func to_unicode;
	HPDF_CMapEncoderAttr lent;
	gsize tail = offsetof(HPDF_CMapEncoderAttr_Rec, jww_line_head);
	void *real;
	HPDF_Font font;

	if (def == NULL || enc == NULL || def->type != HPDF_FONTDEF_TYPE_TRUETYPE ||
	    enc->type != HPDF_ENCODER_TYPE_DOUBLE_BYTE || enc->attr == NULL)
		return NULL;
	if (known != NULL)	/* the same file's table */
		memcpy(gids, known, 65536 * sizeof(*gids));
	else
		sweep_gids(def, gids);
	lent = g_malloc0(sizeof(*lent));
	memcpy((guint8 *)lent + tail, (const guint8 *)enc->attr + tail, sizeof(*lent) - tail);
	lent->cid_map[0][1] = 1;	/* code 1 (U+0001, no glyph) is CID 1: the map's length */
	lent->unicode_map[0][1] = 1;
	real = enc->attr;
	to_unicode = enc->to_unicode_fn;
	enc->attr = lent;
	enc->to_unicode_fn = HPDF_CMapEncoder_ToUnicode;
	font = HPDF_GetFont(pdf, name, "UTF-8");
	enc->attr = real;
	enc->to_unicode_fn = to_unicode;
	g_free(lent);
	return font;
}

/*
 * The /W array and the CIDToGIDMap of a font made by fix_hpdf_utf8_font, for the characters
 * drawn (`used`, the bitmap of fix_hpdf_tounicode): as libharu writes them for every
 * character, a width only where it differs from /DW, consecutive characters in one array.
 */
gboolean
fix_hpdf_font_chars(HPDF_Font font, const guint8 *used, const guint16 *gids,
    const gint16 *widths)
{
	HPDF_FontAttr attr = (HPDF_FontAttr)font->attr;
	HPDF_INT16 dw = attr->fontdef->missing_width;
	HPDF_Array w, run = NULL;
	guint8 *map;
	GBytes *bytes;
	gboolean ok;
	guint last = 0, n = 0;

	if (attr->descendant_font == NULL || attr->map_stream == NULL ||
	    (w = HPDF_Dict_GetItem(attr->descendant_font, "W", HPDF_OCLASS_ARRAY)) == NULL)
		return FALSE;
	for (guint u = 0; u < 65536; u++) {
		if (used[u >> 3] == 0) {	/* none of these eight: most of the characters */
			u |= 7;
			continue;
		}
		if (!(used[u >> 3] & (1u << (u & 7))))
			continue;
		if (widths[u] == dw) {
			run = NULL;
		} else {
			if (run == NULL || last != u - 1) {
				if (HPDF_Array_AddNumber(w, (HPDF_INT32)u) != HPDF_OK ||
				    (run = HPDF_Array_New(font->mmgr)) == NULL ||
				    HPDF_Array_Add(w, run) != HPDF_OK)
					return FALSE;
			}
			if (HPDF_Array_AddNumber(run, widths[u]) != HPDF_OK)
				return FALSE;
		}
		last = u;
		n = u + 1;
	}
	if (n == 0)
		return TRUE;	/* nothing drawn: libharu's map of one entry stays */
	map = g_malloc0((gsize)n * 2);
	for (guint u = 0; u < n; u++)
		if (used[u >> 3] & (1u << (u & 7))) {
			map[2 * u] = (guint8)(gids[u] >> 8);
			map[2 * u + 1] = (guint8)gids[u];
		}
	bytes = g_bytes_new_take(map, (gsize)n * 2);
	ok = set_stream_bytes(attr->map_stream, bytes);
	g_bytes_unref(bytes);
	return ok;
}

void
fix_hpdf_version(HPDF_Doc pdf)
{
	pdf->pdf_version = HPDF_VER_13;
}

/* The /Filter libharu writes for a stream it deflates itself (an array, last in the
 * dictionary), for one deflated here with its bytes. */
static HPDF_STATUS
write_flate_filter_array(HPDF_Dict dict, HPDF_Stream stream)
{
	(void)dict;
	return HPDF_Stream_WriteStr(stream, "/Filter [ /FlateDecode ]\012");
}

/* A stream libharu would deflate as it writes the file (zlib, its default level), deflated
 * now at level (flate.h), or by zlib as libharu would (as_libharu), or found in the cache:
 * libharu copies the bytes, and the dictionary's write function names the filter. */
static gboolean
deflate_stream(HPDF_Dict d, int level, int as_libharu, struct print_cache *cache)
{
	GBytes *plain, *z;
	gboolean ok = FALSE;
	const guint8 *p;
	gsize len;

	if (d == NULL || d->stream == NULL || !(d->filter & HPDF_STREAM_FILTER_FLATE_DECODE) ||
	    d->write_fn != NULL)
		return TRUE;
	if (d->stream->read_fn == mem_read) {	/* our own bytes (a subset): read in place */
		plain = g_bytes_ref(((struct mem_reader *)d->stream->attr)->bytes);
	} else if (d->stream->type == HPDF_STREAM_MEMORY) {
		GByteArray *b = g_byte_array_sized_new(d->stream->size);

		for (HPDF_UINT i = 0, n = HPDF_MemStream_GetBufCount(d->stream); i < n; i++) {
			HPDF_UINT l;
			HPDF_BYTE *at = HPDF_MemStream_GetBufPtr(d->stream, i, &l);

			if (at != NULL)
				g_byte_array_append(b, at, l);
		}
		plain = g_byte_array_free_to_bytes(b);
	} else {
		return TRUE;
	}
	p = g_bytes_get_data(plain, &len);
	z = as_libharu ? print_cache_zlib(cache, Z_DEFAULT_COMPRESSION, p, len) :
	    print_cache_deflate(cache, level, p, len);
	if (z != NULL && (ok = set_stream_bytes(d, z))) {
		d->filter = HPDF_STREAM_FILTER_NONE;
		d->write_fn = as_libharu ? write_flate_filter_array : write_flate_filter;
	}
	if (z != NULL)
		g_bytes_unref(z);
	g_bytes_unref(plain);
	return ok;
}

/*
 * The embedded subset, made here from the font file in memory with the bytes libharu 2.3.0's
 * HPDF_TTFontDef_SaveFontData writes: it reads and writes them two or four bytes at a time
 * through its streams (13 M instructions a font).  The file: 13 tables (those below, in this
 * order), a directory with each table's checksum, then the tables back to back; the glyphs not
 * drawn emptied from glyf and loca; "HPDFAA+" (the font's subset tag) before the family and
 * full names; head's checkSumAdjustment over the tables' whole words.  Two differences from
 * libharu's, to deflate less: the glyphs not drawn have no metrics in hmtx either (zeros),
 * and post is a format 3 table, without glyph names (the PDF reader maps the text to
 * Unicode through the ToUnicode map).
 */
static const char subset_tags[][5] = {
	"OS/2", "cmap", "cvt ", "fpgm", "glyf", "head", "hhea", "hmtx", "loca", "maxp", "name",
	"post", "prep"
};

#define SUBSET_DIR	(12 + 16 * G_N_ELEMENTS(subset_tags))

static void
put16(GByteArray *b, guint v)
{
	guint8 x[2] = { (guint8)(v >> 8), (guint8)v };

	g_byte_array_append(b, x, 2);
}

static void
put32(GByteArray *b, guint32 v)
{
	guint8 x[4] = { (guint8)(v >> 24), (guint8)(v >> 16), (guint8)(v >> 8), (guint8)v };

	g_byte_array_append(b, x, 4);
}

static guint32
get32(const guint8 *p)
{
	return (guint32)p[0] << 24 | (guint32)p[1] << 16 | (guint32)p[2] << 8 | p[3];
}

/* The sum of len bytes as big-endian words, the last one padded with zeros. */
static guint32
table_sum(const guint8 *p, gsize len)
{
	guint32 sum = 0;
	gsize i = 0;

	for (; i + 4 <= len; i += 4)
		sum += get32(p + i);
	if (i < len) {
		guint8 w[4] = { 0, 0, 0, 0 };

		memcpy(w, p + i, len - i);
		sum += get32(w);
	}
	return sum;
}

static const HPDF_TTFTable *
find_table(HPDF_TTFontDefAttr a, const char *tag)
{
	for (guint i = 0; i < a->offset_tbl.num_tables; i++)
		if (memcmp(a->offset_tbl.table[i].tag, tag, 4) == 0)
			return &a->offset_tbl.table[i];
	return NULL;
}

/* glyf with only the glyphs drawn (and what libharu marked with them), and their new offsets
 * (as loca has them: halved in the short format), num_glyphs + 1. */
static gboolean
subset_glyf(HPDF_TTFontDefAttr a, const guint8 *file, gsize flen, GByteArray *t,
    guint32 *offsets)
{
	int half = a->header.index_to_loc_format == 0;
	gsize start = t->len;
	guint32 end = 0;

	for (guint i = 0; i < a->num_glyphs; i++) {
		gsize from, len;

		if (a->glyph_tbl.flgs[i] != 1) {
			offsets[i] = end;
			continue;
		}
		from = a->glyph_tbl.offsets[i];
		len = a->glyph_tbl.offsets[i + 1] - a->glyph_tbl.offsets[i];
		if (half) {
			from *= 2;
			len *= 2;
		}
		from += a->glyph_tbl.base_offset;
		if (a->glyph_tbl.offsets[i + 1] < a->glyph_tbl.offsets[i] || from > flen ||
		    len > flen - from)
			return FALSE;
		offsets[i] = (guint32)(half ? (t->len - start) / 2 : t->len - start);
		g_byte_array_append(t, file + from, (guint)len);
		end = (guint32)(half ? (t->len - start) / 2 : t->len - start);
	}
	offsets[a->num_glyphs] = end;
	return TRUE;
}

/* name with the subset tag before the family (1) and full (4) names: UTF-16 on the Unicode
 * and Windows platforms, bytes on the others. */
static gboolean
subset_name(HPDF_TTFontDefAttr a, const HPDF_TTFTable *tbl, const guint8 *file, gsize flen,
    GByteArray *t)
{
	const HPDF_TTF_NamingTable *n = &a->name_tbl;
	GByteArray *str = g_byte_array_new();

	put16(t, n->format);
	put16(t, n->count);
	put16(t, n->string_offset);
	for (guint i = 0; i < n->count; i++) {
		const HPDF_TTF_NameRecord *r = &n->name_records[i];
		gsize from = (gsize)tbl->offset + n->string_offset + r->offset;
		guint len = r->length, at = str->len;

		if (from > flen || len > flen - from) {
			g_byte_array_free(str, TRUE);
			return FALSE;
		}
		if (r->name_id == 1 || r->name_id == 4) {
			if (r->platform_id == 0 || r->platform_id == 3) {
				g_byte_array_append(str, (const guint8 *)a->tag_name2,
				    sizeof(a->tag_name2));
				len += sizeof(a->tag_name2);
			} else {
				g_byte_array_append(str, (const guint8 *)a->tag_name,
				    sizeof(a->tag_name));
				len += sizeof(a->tag_name);
			}
		}
		put16(t, r->platform_id);
		put16(t, r->encoding_id);
		put16(t, r->language_id);
		put16(t, r->name_id);
		put16(t, len & 0xFFFF);
		put16(t, at & 0xFFFF);
		g_byte_array_append(str, file + from, r->length);
	}
	g_byte_array_append(t, str->data, str->len);
	g_byte_array_free(str, TRUE);
	return TRUE;
}

/* hmtx (len bytes at h) with the metrics of the glyphs left out of glyf set to 0: they
 * cannot be drawn, and zeros deflate to next to nothing. */
static void
subset_hmtx(HPDF_TTFontDefAttr a, guint8 *h, gsize len)
{
	guint nh = MIN(a->num_h_metric, a->num_glyphs);

	for (guint g = 0; g < a->num_glyphs; g++) {
		gsize at = g < nh ? 4 * (gsize)g : 4 * (gsize)nh + 2 * (gsize)(g - nh);
		gsize n = g < nh ? 4 : 2;

		if (a->glyph_tbl.flgs[g] != 1 && at + n <= len)
			memset(h + at, 0, n);
	}
}

/* The subset of font definition def (its file in memory, `file`) into out; FALSE (out as it
 * was) if the font lacks a table, or a table lies outside the file: libharu then writes it. */
static gboolean
subset_font(HPDF_FontDef def, const guint8 *file, gsize flen, GByteArray *out)
{
	HPDF_TTFontDefAttr a = def->attr;
	guint32 *offsets = g_new(guint32, (gsize)a->num_glyphs + 1);
	GByteArray *t = g_byte_array_new();
	gsize at[G_N_ELEMENTS(subset_tags)], len[G_N_ELEMENTS(subset_tags)], adj = 0;
	gboolean ok = TRUE;
	guint32 sum = 0;

	for (guint i = 0; i < G_N_ELEMENTS(subset_tags) && ok; i++) {
		const HPDF_TTFTable *tbl = find_table(a, subset_tags[i]);
		const char *tag = subset_tags[i];

		if (tbl == NULL || tbl->offset > flen || tbl->length > flen - tbl->offset) {
			ok = FALSE;
			break;
		}
		at[i] = t->len;
		if (strcmp(tag, "head") == 0) {
			static const guint8 zero[4] = { 0, 0, 0, 0 };

			/* the table with checkSumAdjustment at 0 until the file's sum is known */
			if ((ok = tbl->length >= 54)) {
				g_byte_array_append(t, file + tbl->offset, 8);
				g_byte_array_append(t, zero, 4);
				g_byte_array_append(t, file + tbl->offset + 12, 54 - 12);
				adj = at[i] + 8;
			}
		} else if (strcmp(tag, "glyf") == 0) {
			ok = subset_glyf(a, file, flen, t, offsets);
		} else if (strcmp(tag, "loca") == 0) {
			for (guint j = 0; j <= a->num_glyphs; j++) {
				if (a->header.index_to_loc_format == 0)
					put16(t, offsets[j] & 0xFFFF);
				else
					put32(t, offsets[j]);
			}
		} else if (strcmp(tag, "name") == 0) {
			ok = subset_name(a, tbl, file, flen, t);
		} else if (strcmp(tag, "post") == 0 && tbl->length >= 32) {
			static const guint8 v3[4] = { 0, 3, 0, 0 };

			/* format 3: the header without the glyph names, 35 KB of Noto Sans */
			g_byte_array_append(t, v3, 4);
			g_byte_array_append(t, file + tbl->offset + 4, 32 - 4);
		} else if (strcmp(tag, "hmtx") == 0) {
			g_byte_array_append(t, file + tbl->offset, tbl->length);
			subset_hmtx(a, t->data + at[i], tbl->length);
		} else {
			g_byte_array_append(t, file + tbl->offset, tbl->length);
		}
		len[i] = t->len - at[i];
	}
	if (ok) {
		/* checkSumAdjustment: over the tables' whole words only, as libharu sums them */
		for (gsize i = 0; i + 4 <= t->len; i += 4)
			sum += get32(t->data + i);
		put32(out, a->offset_tbl.sfnt_version);
		put16(out, G_N_ELEMENTS(subset_tags));
		put16(out, a->offset_tbl.search_range);
		put16(out, a->offset_tbl.entry_selector);
		put16(out, a->offset_tbl.range_shift);
		for (guint i = 0; i < G_N_ELEMENTS(subset_tags); i++) {
			g_byte_array_append(out, (const guint8 *)subset_tags[i], 4);
			put32(out, table_sum(t->data + at[i], len[i]));
			put32(out, (guint32)(at[i] + SUBSET_DIR));
			put32(out, (guint32)len[i]);
		}
		sum = 0xB1B0AFBAu - sum;
		t->data[adj] = (guint8)(sum >> 24);
		t->data[adj + 1] = (guint8)(sum >> 16);
		t->data[adj + 2] = (guint8)(sum >> 8);
		t->data[adj + 3] = (guint8)sum;
		g_byte_array_append(out, t->data, t->len);
	}
	g_byte_array_free(t, TRUE);
	g_free(offsets);
	return ok;
}

/* The HPDF_Dict list's last element moved first (where libharu adds FontFile2). */
static void
dict_last_first(HPDF_Dict d)
{
	HPDF_List l = d->list;
	void *last;

	if (l->count < 2)
		return;
	last = l->obj[l->count - 1];
	memmove(&l->obj[1], &l->obj[0], (l->count - 1) * sizeof(void *));
	l->obj[0] = last;
}

/*
 * The font's descriptor and FontFile2, made by the font's before-write function with the
 * subset made here (subset_font): the FontFile2 stream is made first, so that the objects are
 * numbered as libharu numbers them, and the function makes the descriptor with embedding off,
 * then FontFile2 goes first in it with its /Length1 /Length2 /Length3, as libharu writes them.
 * Fonts not read from memory (fix_hpdf_load_ttf), or whose subset cannot be made here, go
 * through libharu's own.
 */
static HPDF_STATUS
font_before_write(HPDF_Font font)
{
	HPDF_FontAttr attr = (HPDF_FontAttr)font->attr;
	HPDF_FontDef def = attr->fontdef;
	HPDF_TTFontDefAttr a = def->attr;
	struct mem_reader *r;
	GByteArray *sub;
	GBytes *bytes;
	HPDF_Dict data;
	HPDF_STATUS rc;
	gboolean stored;

	if (def->descriptor != NULL || !a->embedding || a->stream == NULL ||
	    a->stream->read_fn != mem_read)
		return font->before_write_fn(font);
	r = a->stream->attr;
	sub = g_byte_array_new();
	if (!subset_font(def, r->data, r->len, sub)) {
		g_byte_array_free(sub, TRUE);
		return font->before_write_fn(font);
	}
	a->length1 = sub->len;
	bytes = g_byte_array_free_to_bytes(sub);
	/* the subset is read where it is, by deflate_stream() or as libharu writes the file */
	data = HPDF_DictStream_New(font->mmgr, attr->xref);
	stored = data != NULL && set_stream_bytes(data, bytes);
	g_bytes_unref(bytes);
	if (!stored)
		return HPDF_Error_GetCode(font->error) != HPDF_OK ?
		    HPDF_Error_GetCode(font->error) : HPDF_FAILD_TO_ALLOC_MEM;
	a->embedding = HPDF_FALSE;
	rc = font->before_write_fn(font);
	a->embedding = HPDF_TRUE;
	if (rc != HPDF_OK || def->descriptor == NULL)
		return rc != HPDF_OK ? rc : HPDF_Error_GetCode(font->error);
	rc = HPDF_Dict_Add(def->descriptor, "FontFile2", data);
	if (rc == HPDF_OK)
		dict_last_first(def->descriptor);
	rc += HPDF_Dict_AddNumber(data, "Length1", a->length1);
	rc += HPDF_Dict_AddNumber(data, "Length2", 0);
	rc += HPDF_Dict_AddNumber(data, "Length3", 0);
	data->filter = font->filter;
	return rc;
}

gboolean
fix_hpdf_font_streams(HPDF_Font font, int level, struct print_cache *cache)
{
	HPDF_FontAttr attr = (HPDF_FontAttr)font->attr;
	HPDF_Dict desc, file;

	/* the descriptor and its FontFile2 are made by the font's before-write function, which
	 * makes them once (the font data has every glyph drawn by now) and, when libharu calls it
	 * again as it writes the font, gives the font's other streams the font's filter: none */
	if (attr->type != HPDF_FONT_TYPE0_TT || font->before_write_fn == NULL)
		return TRUE;	/* not the font of fix_hpdf_utf8_font: libharu deflates it */
	if (font_before_write(font) != HPDF_OK)
		return FALSE;
	font->filter = HPDF_STREAM_FILTER_NONE;
	desc = attr->fontdef->descriptor;
	file = desc != NULL ? HPDF_Dict_GetItem(desc, "FontFile2", HPDF_OCLASS_DICT) : NULL;
	return deflate_stream(file, level, 0, cache) &&
	    deflate_stream(attr->map_stream, level, 0, cache) &&
	    deflate_stream(attr->cmap_stream, level, 0, cache) &&
	    deflate_stream(HPDF_Dict_GetItem(font, "ToUnicode", HPDF_OCLASS_DICT), level, 0, cache);
}

gboolean
fix_hpdf_image_stream(HPDF_Image image, struct print_cache *cache)
{
	return deflate_stream(image, 0, 1, cache);
}

guint8 *
fix_hpdf_saved(HPDF_Doc pdf, gsize *len)
{
	HPDF_UINT32 size = HPDF_GetStreamSize(pdf);
	guint8 *buf;
	gsize at = 0;

	if (pdf->stream == NULL || pdf->stream->type != HPDF_STREAM_MEMORY)
		return NULL;
	buf = g_malloc(size > 0 ? size : 1);
	for (HPDF_UINT i = 0, n = HPDF_MemStream_GetBufCount(pdf->stream); i < n && at < size; i++) {
		HPDF_UINT l;
		HPDF_BYTE *b = HPDF_MemStream_GetBufPtr(pdf->stream, i, &l);

		if (b == NULL)
			break;
		l = (HPDF_UINT)MIN((gsize)l, size - at);
		memcpy(buf + at, b, l);
		at += l;
	}
	if (at != size) {
		g_free(buf);
		return NULL;
	}
	*len = size;
	return buf;
}
