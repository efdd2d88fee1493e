/* png.h: a cairo picture as PNG bytes, encoded for speed.
 *
 * Proofs are pictures an editor looks at the moment they save, not an archive: every row is
 * filtered with Sub (white paper becomes runs of zeros) and deflated at zlib's fastest level,
 * about three times faster than cairo's own writer (libpng's adaptive filters, level 6), for
 * files some 15 % larger.  (zlib's run-length strategy was slower still: more bytes out.)
 */
#ifndef PAISANO_PNG_H
#define PAISANO_PNG_H

#include <cairo.h>
#include <glib.h>

/* Appends the PNG of an image surface (CAIRO_FORMAT_RGB24 or ARGB32, alpha dropped) to out. */
gboolean	 png_encode(cairo_surface_t *, GByteArray *out, GError **err);

#endif
