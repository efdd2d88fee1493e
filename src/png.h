/* png.h: a cairo picture as PNG bytes, encoded for speed.
 *
 * Proofs are pictures an editor looks at the moment they save, not an archive: the rows go
 * unfiltered-but-for-SUB into zlib's fastest run-length mode, which on pages that are mostly
 * white paper is several times faster than cairo's own encoder (libpng's adaptive filters and
 * default compression), for files about a third larger.
 */
#ifndef PAISANO_PNG_H
#define PAISANO_PNG_H

#include <cairo.h>
#include <glib.h>

/* Appends the PNG of an image surface (CAIRO_FORMAT_RGB24 or ARGB32, alpha dropped) to out. */
gboolean	 png_encode(cairo_surface_t *, GByteArray *out, GError **err);

#endif
