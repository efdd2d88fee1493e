/* subset.h: a display font embedded in the screen PDF (a Type0 font, Identity-H: each glyph's
 * code is its 2-byte glyph id).
 *
 * STUB until the fonts branch lands its subsetter: this one embeds the whole font file.
 *
 * Memory: a struct pdf_font owns the file's bytes and what was drawn with it.
 */
#ifndef PAISANO_SUBSET_H
#define PAISANO_SUBSET_H

#include <glib.h>

struct pdfw;
struct pdf_font;

/* The font file at path, read once.  NULL + err if it cannot be read. */
struct pdf_font	*pdf_font_new(const char *path, GError **err);
void		 pdf_font_free(struct pdf_font *);
/* Glyph gid was drawn for the characters utf8[0..len) (len 0: no text). */
void		 pdf_font_use(struct pdf_font *, guint32 gid, const char *utf8, gsize len);
/* Writes the Type0 font as object num (reserved by the caller) and the objects it refers to. */
gboolean	 pdf_font_write(struct pdf_font *, struct pdfw *, unsigned num, GError **err);

#endif
