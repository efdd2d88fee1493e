/* print_cache.h: what the print PDFs a process writes share (print.h: struct print_cache).
 *
 * Every call takes a NULL cache too (nothing kept: the work is done each time).  The cache is
 * thread-safe: both languages' print PDFs are written on two threads at once. */
#ifndef PAISANO_PRINT_CACHE_H
#define PAISANO_PRINT_CACHE_H

#include <glib.h>

#include "print.h"

/* len bytes at data as one zlib stream at level (flate.h): the bytes kept from an earlier call
 * with the same bytes and level, else deflated now (and kept).  g_bytes_unref() it; NULL out
 * of memory. */
GBytes		*print_cache_deflate(struct print_cache *, int level, const void *data,
		    gsize len);
/* The same made by zlib's compress2() at its level (Z_DEFAULT_COMPRESSION: 6), the bytes
 * libharu's own deflate makes, for a stream whose bytes must stay what libharu wrote. */
GBytes		*print_cache_zlib(struct print_cache *, int level, const void *data,
		    gsize len);
/* The bytes of the file at path, mapped once per process: g_bytes_unref() it; NULL with `err`
 * set if it cannot be read. */
GBytes		*print_cache_file(struct print_cache *, const char *path, GError **err);
/* The glyph of each BMP character (65,536 entries) of the font file at path, as kept by
 * print_cache_keep_gids(); NULL if none was (or no cache).  Valid while the cache lives. */
const guint16	*print_cache_gids(struct print_cache *, const char *path);
/* Keeps a copy of gids (65,536 entries) for the font file at path, unless one is kept. */
void		 print_cache_keep_gids(struct print_cache *, const char *path,
		    const guint16 *gids);

#endif
