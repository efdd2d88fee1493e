/* hpdf_fixes.h: what libharu 2.3.0 gets wrong or lacks for PDF/X-1a, done through its internal
 * structures (hpdf_doc.h, hpdf_font.h, hpdf_pages.h): tied to 2.3.0, check again when the
 * library changes. */
#ifndef PAISANO_HPDF_FIXES_H
#define PAISANO_HPDF_FIXES_H

#include <glib.h>
#include <hpdf.h>

#include "print.h"

/* The page's contents come deflated from the caller: libharu copies them as they are and the
 * stream's dictionary names the filter (libharu writes /Filter only when it deflates). */
void		 fix_hpdf_contents(HPDF_Page);
/* Those contents, deflated (a reference is taken: libharu copies them into the file from
 * there): FALSE if libharu cannot take them (out of memory). */
gboolean	 fix_hpdf_write_contents(HPDF_Page, GBytes *data);
/* A page box (TrimBox, BleedBox): libharu has no API for them. */
void		 fix_hpdf_box(HPDF_Doc, HPDF_Page, const char *key, double x0, double y0, double x1,
		    double y1);
/* The Info dictionary of a PDF/X file (Title as UTF-16; the GTS keys, Subject and Creator as
 * plain strings, which HPDF_SetInfoAttr would encode as UTF-16) and the catalog's /Lang.
 * FALSE if libharu made no Info dictionary. */
gboolean	 fix_hpdf_info(HPDF_Doc, const char *title, const char *subject, const char *lang);
/* The /GTS_PDFX OutputIntent (HPDF_PDFA_AppendOutputIntents writes a PDF/A one). */
void		 fix_hpdf_intent(HPDF_Doc, const char *condition_id, const char *condition,
		    const char *registry, const char *info);
/* The trailer's /ID, both halves the 16 bytes given: libharu would make a random one. */
void		 fix_hpdf_id(HPDF_Doc, const guint8 id[16]);
/* A valid ToUnicode CMap for a font drawn through the UTF-8 encoder: `used` is the bitmap of
 * the BMP characters drawn (libharu writes a begincidrange, invalid there); the descendant
 * font's CIDSystemInfo Ordering becomes Identity. */
void		 fix_hpdf_tounicode(HPDF_Doc, HPDF_Font, const guint8 *used);
/* HPDF_LoadTTFontFromFile(pdf, path, HPDF_TRUE) for a font file's bytes (`file`, which the
 * font keeps a reference to): the same font definition and subset tag, read from memory. */
const char	*fix_hpdf_load_ttf(HPDF_Doc, GBytes *file);
/* HPDF_GetFont(pdf, name, "UTF-8") for a TrueType font loaded as `name`, with gids[u] set to
 * the glyph of each BMP character u as HPDF_TTFontDef_GetGlyphid gives it (65,536 entries):
 * copied from `known` when it is not NULL (the same font file's, made before).  Its /W array
 * and CIDToGIDMap are left empty for fix_hpdf_font_chars(); NULL if libharu failed. */
HPDF_Font	 fix_hpdf_utf8_font(HPDF_Doc, const char *name, guint16 *gids, const guint16 *known);
/* The /W array and CIDToGIDMap of such a font for the BMP characters drawn (`used`, a
 * bitmap), their glyphs and widths (1/1000 em) indexed by character: FALSE out of memory. */
gboolean	 fix_hpdf_font_chars(HPDF_Font, const guint8 *used, const guint16 *gids,
		    const gint16 *widths);
/* The font's streams (its FontFile2, CIDToGIDMap and ToUnicode), which libharu would deflate
 * with zlib as it writes the file, deflated now at the given libdeflate level (flate.h), once
 * every glyph is drawn and the ToUnicode map made, or taken from the cache (NULL: none) when
 * another print PDF had the same bytes: FALSE if libharu or the compressor failed. */
gboolean	 fix_hpdf_font_streams(HPDF_Font, int level, struct print_cache *);
/* An image's pixels, which libharu would deflate with zlib as it writes the file, deflated now
 * the same way (zlib, its default level: the same bytes) or taken from the cache (NULL: none)
 * when another print PDF had the same image: FALSE if the compressor failed. */
gboolean	 fix_hpdf_image_stream(HPDF_Image, struct print_cache *);
/* The file HPDF_SaveToStream made, copied from libharu's memory stream (HPDF_ReadFromStream
 * copies it through a 4 KiB buffer a byte at a time): g_free it; NULL if it cannot be read. */
guint8		*fix_hpdf_saved(HPDF_Doc, gsize *len);
/* The header says PDF 1.3 (X-1a:2001); libharu raises it as features appear, from 1.2. */
void		 fix_hpdf_version(HPDF_Doc);

#endif
