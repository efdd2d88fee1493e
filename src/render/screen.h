/* screen.h: the display list for screens.
 *
 * The screen PDF: the same pages as the print PDF, in RGB, at trim size without bleed or marks,
 * tagged (a structure tree in reading order), with clickable links (tel:, web, internal),
 * bookmarks for chapters and sections, document metadata and page labels, written atomically
 * without cairo (screen/tagged.c).  Pictures, painted with cairo: one page as PNG bytes (proofs; the
 * caller writes them), or a contact sheet of pages side by side, optionally with the blocks of
 * one agency outlined and labelled with their source.  Fonts are the display's own files,
 * through FreeType; text keeps its characters (cairo's text-glyph clusters), so it can be
 * searched and copied.
 *
 * The renderer has the shape every renderer has: screen_new(opts) / screen_render(ctx,
 * display) / screen_free(ctx).  The options stay the caller's and are read at every render, so
 * one screen (its fonts loaded once per display) paints any number of pictures: the caller
 * changes `page` between renders.
 */
#ifndef PAISANO_RENDER_SCREEN_H
#define PAISANO_RENDER_SCREEN_H

#include <glib.h>

#include "display.h"

enum screen_out {
	SCREEN_PDF,	/* the screen PDF, to `path` */
	SCREEN_PNG,	/* page `page` as a PNG at `dpi`, appended to `png` */
	SCREEN_SHEET,	/* `pages` as thumbnails, `columns` across, each labelled, appended to `png` */
};

struct screen_opts {
	enum screen_out	 out;
	const char	*path;		/* SCREEN_PDF */
	GByteArray	*png;		/* SCREEN_PNG, SCREEN_SHEET */
	guint		 page;		/* SCREEN_PNG: 0-based */
	const guint	*pages;		/* SCREEN_SHEET */
	guint		 npages, columns;
	double		 dpi;		/* pictures */
	const char	*agency;	/* pictures: outline this agency's blocks; NULL: none */
	int		 threads;	/* SCREEN_PDF: threads compressing its pages (this one
					 * included); 0 or less: one per core, at most 4 */
};

struct screen;

/* NULL with `err` set without options. */
struct screen	*screen_new(const struct screen_opts *, GError **err);
/* FALSE with `err` set (a font that cannot be read, a page that is not there, a file that
 * cannot be written). */
gboolean	 screen_render(struct screen *, const struct display *, GError **err);
void		 screen_free(struct screen *);

#endif
