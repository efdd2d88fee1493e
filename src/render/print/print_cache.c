/* print_cache.c: streams deflated, font files mapped and their glyph tables made once per
 * process (print_cache.h).
 *
 * A font's CIDToGIDMap is the same bytes in every print PDF (it maps every character the font
 * has), and its FontFile2 and ToUnicode in the print PDF and the imposed PDF of one language;
 * an image, in every print PDF: each is deflated once.  Entries are found by compressor, level,
 * length and CRC-32, then compared byte by byte, so a hit is always the same bytes.  A few
 * dozen entries at most: a list. */
#include <string.h>

#include <libdeflate.h>
#include <zlib.h>

#include "flate.h"
#include "print_cache.h"

struct deflated {
	int		 zlib;		/* made by zlib, not libdeflate */
	int		 level;
	guint32		 crc;
	GBytes		*plain;
	GBytes		*z;
};

struct print_cache {
	GMutex		 lock;
	GPtrArray	*deflated;	/* struct deflated */
	GHashTable	*files;		/* path -> GBytes */
	GHashTable	*gids;		/* path -> guint16[65536] */
};

static void
deflated_free(gpointer p)
{
	struct deflated *d = p;

	g_bytes_unref(d->plain);
	g_bytes_unref(d->z);
	g_free(d);
}

struct print_cache *
print_cache_new(void)
{
	struct print_cache *c = g_new0(struct print_cache, 1);

	g_mutex_init(&c->lock);
	c->deflated = g_ptr_array_new_with_free_func(deflated_free);
	c->files = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
	    (GDestroyNotify)g_bytes_unref);
	c->gids = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	return c;
}

void
print_cache_free(struct print_cache *c)
{
	if (c == NULL)
		return;
	g_ptr_array_free(c->deflated, TRUE);
	g_hash_table_destroy(c->files);
	g_hash_table_destroy(c->gids);
	g_mutex_clear(&c->lock);
	g_free(c);
}

/* The entry for these bytes at level, with a new reference to its deflated bytes; NULL if none. */
static GBytes *
find_deflated(struct print_cache *c, int zlib, int level, guint32 crc, const void *data,
    gsize len)
{
	for (guint i = 0; i < c->deflated->len; i++) {
		struct deflated *d = c->deflated->pdata[i];
		gsize n;
		const void *p = g_bytes_get_data(d->plain, &n);

		if (d->zlib == zlib && d->level == level && d->crc == crc && n == len &&
		    memcmp(p, data, len) == 0)
			return g_bytes_ref(d->z);
	}
	return NULL;
}

/* len bytes at data deflated by zlib's compress2(); NULL out of memory. */
static guint8 *
zlib_bytes(int level, const void *data, gsize len, gsize *zlen)
{
	uLongf n = compressBound((uLong)len);
	guint8 *out = g_malloc(n);

	if (compress2(out, &n, data, (uLong)len, level) != Z_OK) {
		g_free(out);
		return NULL;
	}
	*zlen = n;
	return g_realloc(out, n);
}

static GBytes *
cached(struct print_cache *c, int zlib, int level, const void *data, gsize len)
{
	struct deflated *d;
	guint32 crc = 0;
	guint8 *z;
	gsize zlen;
	GBytes *hit;

	if (c != NULL) {
		crc = libdeflate_crc32(0, data, len);
		g_mutex_lock(&c->lock);
		hit = find_deflated(c, zlib, level, crc, data, len);
		g_mutex_unlock(&c->lock);
		if (hit != NULL)
			return hit;
	}
	/* outside the lock: the other thread may deflate other bytes meanwhile */
	z = zlib ? zlib_bytes(level, data, len, &zlen) : flate_bytes(level, data, len, &zlen);
	if (z == NULL)
		return NULL;
	if (c == NULL)
		return g_bytes_new_take(z, zlen);
	d = g_new(struct deflated, 1);
	d->zlib = zlib;
	d->level = level;
	d->crc = crc;
	d->plain = g_bytes_new(data, len);
	d->z = g_bytes_new_take(z, zlen);
	g_mutex_lock(&c->lock);
	/* both threads may have deflated the same bytes at once: one entry is enough */
	if ((hit = find_deflated(c, zlib, level, crc, data, len)) == NULL) {
		hit = g_bytes_ref(d->z);
		g_ptr_array_add(c->deflated, d);
		d = NULL;
	}
	g_mutex_unlock(&c->lock);
	if (d != NULL)
		deflated_free(d);
	return hit;
}

GBytes *
print_cache_deflate(struct print_cache *c, int level, const void *data, gsize len)
{
	return cached(c, 0, level, data, len);
}

GBytes *
print_cache_zlib(struct print_cache *c, int level, const void *data, gsize len)
{
	return cached(c, 1, level, data, len);
}

/* Mapped outside the lock too: two threads that want the same file at once map it twice, and
 * the first one kept is the one both use from then on. */
GBytes *
print_cache_file(struct print_cache *c, const char *path, GError **err)
{
	GBytes *b, *had;
	GMappedFile *m;

	if (c != NULL) {
		g_mutex_lock(&c->lock);
		b = g_hash_table_lookup(c->files, path);
		if (b != NULL)
			g_bytes_ref(b);
		g_mutex_unlock(&c->lock);
		if (b != NULL)
			return b;
	}
	/* mapped: only the pages read (the tables, the glyphs drawn) are in memory */
	if ((m = g_mapped_file_new(path, FALSE, err)) == NULL)
		return NULL;
	b = g_mapped_file_get_bytes(m);
	g_mapped_file_unref(m);
	if (c == NULL)
		return b;
	g_mutex_lock(&c->lock);
	if ((had = g_hash_table_lookup(c->files, path)) != NULL) {
		g_bytes_unref(b);
		b = had;
	} else
		g_hash_table_insert(c->files, g_strdup(path), b);
	g_bytes_ref(b);
	g_mutex_unlock(&c->lock);
	return b;
}

const guint16 *
print_cache_gids(struct print_cache *c, const char *path)
{
	const guint16 *g;

	if (c == NULL)
		return NULL;
	g_mutex_lock(&c->lock);
	g = g_hash_table_lookup(c->gids, path);
	g_mutex_unlock(&c->lock);
	return g;
}

void
print_cache_keep_gids(struct print_cache *c, const char *path, const guint16 *gids)
{
	if (c == NULL)
		return;
	g_mutex_lock(&c->lock);
	if (!g_hash_table_contains(c->gids, path))
		g_hash_table_insert(c->gids, g_strdup(path),
		    g_memdup2(gids, 65536 * sizeof(*gids)));
	g_mutex_unlock(&c->lock);
}
