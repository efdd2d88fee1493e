/* device.h: the one paint interface: what a page renderer implements to paint the display list.
 *
 * device_paint_page() walks a page's items in order and calls the device once for each; the
 * libharu print PDF (print/), the cairo screen PDF and pictures (screen/), and the proofs' page
 * keys implement it.  A device keeps its own state (the current page, a text run it is
 * gathering): the walker knows nothing of PDF or cairo.
 */
#ifndef PAISANO_DEVICE_H
#define PAISANO_DEVICE_H

#include <glib.h>

#include "display.h"

struct device {
	/* Page `index` of the display starts; FALSE stops the walk (an error the device keeps). */
	gboolean	(*begin_page)(void *ctx, const struct dl_page *, guint index);
	void		(*glyphs)(void *ctx, const struct dl_item *);	/* DL_TEXT: a glyph run */
	void		(*box)(void *ctx, const struct dl_item *);	/* DL_RECT */
	void		(*rule)(void *ctx, const struct dl_item *);	/* DL_LINE */
	void		(*image)(void *ctx, const struct dl_item *);	/* DL_IMAGE */
	void		(*link)(void *ctx, const struct dl_item *);	/* DL_LINK; NULL: none */
	void		(*end_page)(void *ctx, const struct dl_page *, guint index);
	/* TRUE once the device has failed: the walk stops; NULL: never. */
	gboolean	(*failed)(void *ctx);
};

/* Paints page `index` of d through the device.  FALSE if the device failed. */
gboolean	 device_paint_page(const struct device *, void *ctx, const struct display *d, guint index);
/* The same for page p (page `index` of its display) whose items a device has put in another
 * order (the screen PDF paints in reading order). */
gboolean	 device_paint_items(const struct device *, void *ctx, const struct dl_page *p, guint index);

#endif
