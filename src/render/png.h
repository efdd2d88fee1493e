/* png.h: a cairo picture as PNG bytes, encoded for speed.
 *
 * Proofs are pictures an editor looks at the moment they save, not an archive.  The encoder
 * (png.c) knows what a page is: white paper and text, which after the Sub filter is mostly runs
 * of zero bytes.  It sends the runs as copies and Huffman-codes the rest: 1.6 ms for a page of
 * text at 150 dpi where libpng at zlib's fastest level took 9, for files about 2.5 times
 * larger (some 450 KB).
 */
#ifndef PAISANO_PNG_H
#define PAISANO_PNG_H

#include <cairo.h>
#include <glib.h>

/* Appends the PNG of an image surface (CAIRO_FORMAT_RGB24 or ARGB32, alpha dropped) to out. */
gboolean	 png_encode(cairo_surface_t *, GByteArray *out, GError **err);
/* A cairo image surface of PNG bytes already checked by image_read() (cairo's error status if
 * they do not decode: the caller checks cairo_surface_status()). */
cairo_surface_t	*png_decode(GBytes *png);

#endif
