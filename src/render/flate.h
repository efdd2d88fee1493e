/* flate.h: zlib-format (FlateDecode) streams for the PDFs, made by libdeflate: about twice as
 * fast as zlib, for files no larger at the levels the PDFs use (README: Dependencies).  Each
 * thread keeps one compressor per level for its whole life: allocating one costs more than
 * compressing a page. */
#ifndef PAISANO_FLATE_H
#define PAISANO_FLATE_H

#include <glib.h>

/* libdeflate's levels: 1 (fastest) to 12 (smallest). */
#define FLATE_LEVEL_MAX	12

/* len bytes at data as one zlib stream at level into out (its old bytes replaced): FALSE if no
 * compressor could be made (out of memory). */
gboolean	 flate_into(int level, const void *data, gsize len, GByteArray *out);
/* The same into a buffer of its compressed size (*zlen), g_free it; NULL out of memory. */
guint8		*flate_bytes(int level, const void *data, gsize len, gsize *zlen);

#endif
