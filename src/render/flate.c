/* flate.c: zlib-format streams through libdeflate, one compressor per thread and level. */
#include <libdeflate.h>

#include "flate.h"

struct compressors {
	struct libdeflate_compressor	*at[FLATE_LEVEL_MAX + 1];
};

static void
compressors_free(gpointer p)
{
	struct compressors *c = p;

	for (int i = 0; i <= FLATE_LEVEL_MAX; i++)
		libdeflate_free_compressor(c->at[i]);
	g_free(c);
}

/* Freed when the thread ends. */
static GPrivate compressors = G_PRIVATE_INIT(compressors_free);

/* This thread's compressor for level, made on first use; NULL out of memory. */
static struct libdeflate_compressor *
compressor(int level)
{
	struct compressors *c = g_private_get(&compressors);

	level = CLAMP(level, 1, FLATE_LEVEL_MAX);
	if (c == NULL) {
		c = g_new0(struct compressors, 1);
		g_private_set(&compressors, c);
	}
	if (c->at[level] == NULL)
		c->at[level] = libdeflate_alloc_compressor(level);
	return c->at[level];
}

gboolean
flate_into(int level, const void *data, gsize len, GByteArray *out)
{
	struct libdeflate_compressor *z = compressor(level);
	gsize bound, n;

	if (z == NULL)
		return FALSE;
	bound = libdeflate_zlib_compress_bound(z, len);
	g_byte_array_set_size(out, (guint)bound);
	/* 0 only if the bound was too small, which it never is */
	n = libdeflate_zlib_compress(z, data, len, out->data, bound);
	g_byte_array_set_size(out, (guint)n);
	return n > 0;
}

guint8 *
flate_bytes(int level, const void *data, gsize len, gsize *zlen)
{
	struct libdeflate_compressor *z = compressor(level);
	gsize bound, n;
	guint8 *out;

	if (z == NULL)
		return NULL;
	bound = libdeflate_zlib_compress_bound(z, len);
	out = g_malloc(bound);
	if ((n = libdeflate_zlib_compress(z, data, len, out, bound)) == 0) {
		g_free(out);
		return NULL;
	}
	*zlen = n;
	return g_realloc(out, n);
}
