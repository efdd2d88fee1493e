/* tagged.h: the tagged screen PDF, written from the display list without cairo.
 *
 * The pages at trim size in RGB, their text in the display's fonts (subset.h: Type0 fonts,
 * each glyph its 2-byte glyph id), a structure tree of the display's elements in reading
 * order, artifacts marked, links as annotations inside their elements, named destinations,
 * bookmarks, page labels, document metadata and XMP.  The same display gives the same bytes
 * whatever the number of threads compressing the pages.
 */
#ifndef PAISANO_TAGGED_H
#define PAISANO_TAGGED_H

#include <glib.h>

#include "display.h"

/* The screen PDF of d written atomically to path, its pages compressed on `threads` threads
 * (this one included).  FALSE with err set (a font that cannot be read, a file that cannot be
 * written). */
gboolean	 tagged_write(const struct display *d, const char *path, guint threads, GError **err);

#endif
