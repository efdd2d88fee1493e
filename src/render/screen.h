/* screen.h: the display list painted with cairo, for screens.
 *
 * screen_render_pdf() writes the screen PDF: the same pages as the print PDF, in RGB, at trim
 * size without bleed or marks, with clickable links (tel:, web, internal), bookmarks for
 * chapters and sections, document metadata and page labels.  screen_render_png() paints one
 * page as PNG bytes (proofs; the caller writes them), optionally outlining the blocks of one
 * agency with their source.  Fonts are the display's own files, through FreeType; text keeps its characters (cairo's
 * text-glyph clusters), so it can be searched and copied.
 */
#ifndef PAISANO_RENDER_SCREEN_H
#define PAISANO_RENDER_SCREEN_H

#include <glib.h>

#include "display.h"

struct screen;

/* Fonts loaded once for any number of pages.  NULL with `err` set if a font cannot be read. */
struct screen	*screen_new(const struct display *, GError **err);
void		 screen_free(struct screen *);

/* The whole document as a PDF, written atomically to `path`. */
gboolean	 screen_render_pdf(struct screen *, const char *path, GError **err);

/* Page `page` (0-based) as a PNG at `dpi`, appended to `png`.  When `agency` is set, the blocks
 * whose source belongs to that agency are outlined and labelled with their file:line. */
gboolean	 screen_render_png(struct screen *, guint page, double dpi, const char *agency,
		    GByteArray *png, GError **err);

/* One PNG with the given pages side by side as thumbnails (`columns` across), each labelled
 * with its page label, appended to `png`: the contact sheet of a proof. */
gboolean	 screen_render_sheet(struct screen *, const guint *pages, guint npages, guint columns,
		    double dpi, const char *agency, GByteArray *png, GError **err);

#endif
