/* subset.h: the screen PDF's fonts, each a subset of a display font embedded as a Type0 font.
 *
 * The pages show text with Identity-H: each glyph's code is its 2-byte glyph id in the font
 * file, and the subset keeps the glyph ids (HarfBuzz's hb-subset, retain-gids), so nothing in
 * a page depends on which glyphs the subset holds.  The device says which glyph it drew for
 * which characters (pdf_font_use_run); pdf_font_write embeds the glyphs drawn, their widths and a
 * ToUnicode map of their characters, for copying and searching the text.
 *
 * Memory: a struct pdf_font owns the font file's bytes (mapped) and what pdf_font_use_run
 * recorded.  One thread at a time.
 */
#ifndef PAISANO_SUBSET_H
#define PAISANO_SUBSET_H

#include <glib.h>

#include "display.h"
#include "pdfw.h"

struct pdf_font;
/* The font file at path (a display font: fonts/NotoSans-*.ttf), read once. NULL + err if it
 * cannot be read or is not a TrueType/OpenType font HarfBuzz can subset. */
struct pdf_font *pdf_font_new(const char *path, GError **err);
void             pdf_font_free(struct pdf_font *);
/* Glyph gid (an index in that file) was drawn for the characters utf8[0..len) (len may be 0:
 * no text, e.g. a glyph drawn for nothing): a byte per gid; the text kept only the first time
 * a gid is drawn for some. */
void             pdf_font_use(struct pdf_font *, guint32 gid, const char *utf8, gsize len);
/* A run's n glyphs (their ids: indexes in that file) were drawn for utf8, the i-th glyph for
 * the i-th character when there are as many characters as glyphs, else for no text (utf8 may be
 * NULL): pdf_font_use for each, in one call per run. */
void             pdf_font_use_run(struct pdf_font *, const struct dl_glyph *, guint n, const char *utf8);
/* Each glyph's advance in 1/1000 em as /W gives it (hmtx, unhinted: as the layout measured),
 * for placing the glyphs; *n is how many glyphs the font has.  Owned by the font. */
const double    *pdf_font_widths(const struct pdf_font *, guint32 *n);
/* Writes the Type0 font as object `num` (the caller reserved it with pdfw_reserve() and names it
 * in the pages' /Resources) and the objects it refers to: the CIDFontType2 (CIDToGIDMap
 * /Identity, /W of the glyphs used, /DW), the FontDescriptor (FontName with a subset tag
 * "ABCDEF+NotoSans-Regular" derived deterministically from the glyphs used, Flags, FontBBox,
 * ItalicAngle, Ascent, Descent, CapHeight, StemV, /FontFile2), the subset font program, and the
 * /ToUnicode CMap (gid -> its characters, bfchar/bfrange). FALSE + err on failure. */
gboolean         pdf_font_write(struct pdf_font *, struct pdfw *, unsigned num, GError **err);

#endif
