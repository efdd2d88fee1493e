/* hyphen.c: Spanish (and English) hyphenation points from libhyphen, as soft hyphens. */
#include <stdlib.h>
#include <string.h>

#include <hyphen.h>

#include "hyphen.h"
#include "i18n.h"

#define SHY "\xc2\xad"
#define MAX_WORD 100	/* bytes; longer "words" are not words */

/* A dictionary's patterns as libhyphen's automaton reads them (see dict_load): a trie of the
 * patterns' bytes.  Node 0 is the root; an edge is a slot of `edges`, open addressing on
 * (parent << 8 | byte) + 1, 0 being free. */
struct edge {
	guint32		 key;
	guint32		 child;
};

struct pnode {
	guint32		 digits;	/* offset of depth + 1 digits in `pool`, or 0: no pattern */
	guint8		 depth;
};

struct patterns {
	struct pnode	*nodes;
	guint		 nnodes, nodes_size;
	struct edge	*edges;
	guint		 mask;		/* edges has mask + 1 slots */
	guint32		 root[256];	/* the root's children, not in `edges` (every start looks one up) */
	guchar		*pool;		/* the patterns' digits; at most the file's size + 2 */
	guint32		 pool_len, pool_size;
	int		 lhmin, rhmin;	/* the file's LEFTHYPHENMIN, RIGHTHYPHENMIN */
};

/* A loaded dictionary: our patterns, or libhyphen's for what our loader does not read. */
struct dict {
	struct patterns	*pat;
	HyphenDict	*hnj;
};

/* A word hyphenated before: the word and the word with its soft hyphens, both in `strings`. */
struct cached {
	const char	*word, *hyph;
	guint32		 len, hyph_len, hash;
};

struct hyphenator {
	struct dict	*dict;
	gboolean	 shared;	/* the dictionary is another hyphenator's (hyph_share) */
	int		 min_word, left, right;
	struct cached	*cache;		/* open addressing, word == NULL: free; at most half full */
	guint		 cache_mask, cached;
	GStringChunk	*strings;
};

G_DEFINE_QUARK(paisano-hyphen-error, hyph_error)

/* Whether PAISANO_HYPHEN=libhyphen asks for libhyphen's loader and matcher (the reference
 * the tests compare ours with). */
static gboolean
use_libhyphen(void)
{
	static gsize once;
	static gboolean lib;

	if (g_once_init_enter(&once)) {
		lib = g_strcmp0(g_getenv("PAISANO_HYPHEN"), "libhyphen") == 0;
		g_once_init_leave(&once, 1);
	}
	return lib;
}

static void
patterns_free(struct patterns *p)
{
	if (p == NULL)
		return;
	g_free(p->nodes);
	g_free(p->edges);
	g_free(p->pool);
	g_free(p);
}

static guint32
edge_slot(const struct patterns *p, guint32 key)
{
	guint32 i = (key * 2654435761u) >> 8 & p->mask;

	while (p->edges[i].key != 0 && p->edges[i].key != key)
		i = (i + 1) & p->mask;
	return i;
}

/* The child of `node` by byte c, or 0. */
static inline guint32
patterns_child(const struct patterns *p, guint32 node, guchar c)
{
	return node == 0 ? p->root[c] : p->edges[edge_slot(p, (node << 8 | c) + 1)].child;
}

/* The child of `node` by byte c, made if it is not there. */
static guint32
patterns_add_child(struct patterns *p, guint32 node, guchar c, guint8 depth)
{
	guint32 key = (node << 8 | c) + 1, i = 0;

	if (node == 0 ? p->root[c] != 0 : p->edges[i = edge_slot(p, key)].key != 0)
		return node == 0 ? p->root[c] : p->edges[i].child;
	if (p->nnodes == p->nodes_size) {
		p->nodes_size *= 2;
		p->nodes = g_renew(struct pnode, p->nodes, p->nodes_size);
	}
	p->nodes[p->nnodes] = (struct pnode){ 0, depth };
	if (node == 0)
		p->root[c] = p->nnodes;
	else
		p->edges[i] = (struct edge){ key, p->nnodes };
	if (p->nnodes * 2 > p->mask) {	/* keep the edges at most half full */
		struct edge *old = p->edges;
		guint n = p->mask + 1;

		p->mask = n * 2 - 1;
		p->edges = g_new0(struct edge, n * 2);
		for (guint j = 0; j < n; j++)
			if (old[j].key != 0)
				p->edges[edge_slot(p, old[j].key)] = old[j];
		g_free(old);
	}
	return p->nnodes++;
}

/* One pattern line as libhyphen's hnj_hyphen_load_line() reads it: bytes above the space, a
 * digit setting the value before the next letter (the last of several wins), any other byte a
 * letter; a pattern read again replaces the one before. */
static void
patterns_add(struct patterns *p, const char *s, gsize len)
{
	guchar digits[MAX_CHARS];
	guint32 node = 0;
	guint n = 0;

	digits[0] = '0';
	for (gsize i = 0; i < len && (guchar)s[i] > ' ' && n < MAX_CHARS - 2; i++)
		if (s[i] >= '0' && s[i] <= '9')
			digits[n] = (guchar)s[i];
		else {
			node = patterns_add_child(p, node, (guchar)s[i], (guint8)(n + 1));
			digits[++n] = '0';
		}
	if (node == 0)
		return;		/* the root's match is never applied */
	g_assert(p->pool_len + n + 1 <= p->pool_size);	/* n + 1 <= the line's bytes and its end */
	p->nodes[node].digits = p->pool_len;
	memcpy(p->pool + p->pool_len, digits, n + 1);
	p->pool_len += n + 1;
}

/* Whether the line s (n bytes) starts with the keyword kw. */
static gboolean
starts(const char *s, gsize n, const char *kw)
{
	gsize k = strlen(kw);

	return n >= k && memcmp(s, kw, k) == 0;
}

/* Reads a UTF-8 .dic file of plain patterns; NULL if it cannot be read or has anything else
 * (another charset, NEXTLEVEL, NOHYPHEN, COMPOUND*HYPHENMIN, replacements, lines too long for
 * libhyphen's buffer, 16 MiB or more), for libhyphen to read as it does. */
static struct patterns *
patterns_load(const char *file)
{
	struct patterns *p;
	char *text, *s, *end;
	gsize len;

	if (!g_file_get_contents(file, &text, &len, NULL))
		return NULL;
	end = text + len;
	/* a node's number is the edge key's upper 24 bits: fewer nodes than the file has bytes */
	if (len >= 1 << 24 || (s = memchr(text, '\n', len)) == NULL || memchr(text, '\0', len) != NULL ||
	    !(s - text == 5 || (s - text == 6 && text[5] == '\r')) || strncmp(text, "UTF-8", 5) != 0) {
		g_free(text);
		return NULL;
	}
	p = g_new0(struct patterns, 1);
	p->nodes_size = 1024;
	p->nodes = g_new(struct pnode, p->nodes_size);
	p->nodes[0] = (struct pnode){ 0, 0 };
	p->nnodes = 1;
	p->mask = 2047;
	p->edges = g_new0(struct edge, p->mask + 1);
	p->pool_size = (guint32)len + 2;
	p->pool = g_malloc(p->pool_size);
	p->pool[0] = 0;		/* offset 0: no pattern */
	p->pool_len = 1;
	for (s++; s < end;) {
		char *e = memchr(s, '\n', (gsize)(end - s));
		gsize n = (e != NULL ? e : end) - s;

		if (n >= MAX_CHARS - 2 || starts(s, n, "NEXTLEVEL") || starts(s, n, "NOHYPHEN") ||
		    starts(s, n, "COMPOUND") || memchr(s, '/', n) != NULL) {
			patterns_free(p);
			g_free(text);
			return NULL;
		}
		if (starts(s, n, "LEFTHYPHENMIN") || starts(s, n, "RIGHTHYPHENMIN")) {
			char line[MAX_CHARS];	/* atoi() reads no further than the line */

			memcpy(line, s, n);
			line[n] = '\0';
			if (line[0] == 'L')
				p->lhmin = atoi(line + 13);
			else
				p->rhmin = atoi(line + 14);
		}
		else if (n > 0 && s[0] != '%')
			patterns_add(p, s, n);
		s += n + 1;
	}
	g_free(text);
	return p;
}

/* libhyphen's hnj_ligature() as built (without LONG_LIGATURE): what a ligature character
 * (U+FB00..U+FB06, bytes EF AC c) adds to the count of letters at the word's start. */
static int
ligature(const guchar *w)
{
	return w[0] == 0xef && w[1] == 0xac && (w[2] == 0x83 || w[2] == 0x84) ? 1 : 0;
}

/* The breaks of a lower-case word (len bytes, NUL-terminated, letters only) as libhyphen's
 * hnj_hyphen_hyphenate2() gives them with this file loaded: hyphens[k] odd = a break after
 * character k.  The automaton libhyphen runs stands at each byte on the longest string ending
 * there that starts some pattern, and applies that string's digits if it is a pattern itself
 * (not those of shorter patterns ending there): the same as the first (leftmost) start from
 * which the trie reaches that byte. */
static void
patterns_hyphenate(const struct patterns *p, const char *word, gsize len, char *hyphens)
{
	guchar prep[MAX_WORD + 3];
	guint32 at[MAX_WORD + 3];	/* the node the automaton stands on after prep[e], or 0 */
	char v[MAX_WORD + 3];
	gsize m = len + 2, j;
	const guchar *w = (const guchar *)word;
	int i, lhmin = p->lhmin > 0 ? p->lhmin : 2, rhmin = p->rhmin > 0 ? p->rhmin : 2;

	prep[0] = prep[m - 1] = '.';
	memcpy(prep + 1, word, len);
	memset(v, '0', m);
	memset(at, 0, m * sizeof(*at));
	for (gsize st = 0; st < m; st++) {
		guint32 node = 0;

		for (gsize e = st; e < m && (node = patterns_child(p, node, prep[e])) != 0; e++)
			if (at[e] == 0)
				at[e] = node;
	}
	for (gsize e = 0; e < m; e++) {
		const struct pnode *n = &p->nodes[at[e]];
		const guchar *d = p->pool + n->digits;

		if (at[e] == 0 || n->digits == 0)
			continue;
		for (gsize t = 0; t <= n->depth; t++) {
			gssize x = (gssize)e - n->depth + (gssize)t;

			if (x >= 0 && v[x] < (char)d[t])
				v[x] = (char)d[t];
		}
	}
	/* v[x]: after prep[x], the byte before word[x]; hnj_hyphen_lhmin() and _rhmin() then clear
	 * the first and last characters, and hnj_hyphen_norm() keeps a character's last byte */
	for (j = 0; j + 1 < len; j++)
		v[j] = v[j + 1];
	v[len - 1] = '0';
	i = 1 + ligature(w);
	for (j = 0; i < lhmin && j < len; i++)
		do {
			v[j++] = '0';
			i += ligature(w + j);
		} while (j < len && (w[j] & 0xc0) == 0x80);
	i = 0;
	for (j = len - 1; i < rhmin && j > 0; j--) {
		v[j] = '0';
		if ((w[j] & 0xc0) != 0x80)
			i++;
	}
	i = -1;
	for (j = 0; j < len; j++) {
		if ((w[j] & 0xc0) != 0x80)
			i++;
		hyphens[i] = v[j];
	}
}

static void
dict_free(struct dict *d)
{
	if (d == NULL)
		return;
	patterns_free(d->pat);
	if (d->hnj != NULL)
		hnj_hyphen_free(d->hnj);
	g_free(d);
}

/* Reads a dictionary: our loader for plain patterns (libhyphen's hashes every prefix of every
 * pattern and takes ten times as long), libhyphen's for the rest; NULL if it cannot be read. */
static struct dict *
dict_load(const char *file)
{
	struct dict *d = g_new0(struct dict, 1);

	if (file == NULL || !g_file_test(file, G_FILE_TEST_IS_REGULAR) ||
	    ((use_libhyphen() || (d->pat = patterns_load(file)) == NULL) &&
	    (d->hnj = hnj_hyphen_load(file)) == NULL)) {
		g_free(d);
		return NULL;
	}
	return d;
}

/* Dictionaries read ahead by hyph_preload(): file name -> struct dict *, each taken by the
 * first hyph_new() of that file. */
static GMutex preload_lock;
static GHashTable *preloaded;

void
hyph_preload(const char *dict_file)
{
	struct dict *d;

	if ((d = dict_load(dict_file)) == NULL)
		return;		/* hyph_new() says why */
	g_mutex_lock(&preload_lock);
	if (preloaded == NULL)
		preloaded = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify)dict_free);
	if (!g_hash_table_contains(preloaded, dict_file)) {
		g_hash_table_insert(preloaded, g_strdup(dict_file), d);
		d = NULL;
	}
	g_mutex_unlock(&preload_lock);
	dict_free(d);
}

void
hyph_preload_drop(void)
{
	g_mutex_lock(&preload_lock);
	g_clear_pointer(&preloaded, g_hash_table_destroy);
	g_mutex_unlock(&preload_lock);
}

/* The dictionary hyph_preload() read from dict_file, now the caller's, or NULL. */
static struct dict *
preload_take(const char *dict_file)
{
	struct dict *d = NULL;
	gpointer key;

	g_mutex_lock(&preload_lock);
	if (preloaded != NULL && dict_file != NULL &&
	    g_hash_table_steal_extended(preloaded, dict_file, &key, (gpointer *)&d))
		g_free(key);
	g_mutex_unlock(&preload_lock);
	return d;
}

struct hyphenator *
hyph_new(const char *dict_file, int min_word, int left, int right, GError **err)
{
	struct hyphenator *h;
	struct dict *d = preload_take(dict_file);

	if (d == NULL && (d = dict_load(dict_file)) == NULL) {
		g_set_error(err, hyph_error_quark(), 1,
		    _("cannot read the hyphenation dictionary %s (install the hyphen-es package)"),
		    dict_file != NULL ? dict_file : "(none)");
		return NULL;
	}
	h = g_new0(struct hyphenator, 1);
	h->dict = d;
	h->min_word = min_word;
	h->left = left;
	h->right = right;
	h->cache_mask = 1023;
	h->cache = g_new0(struct cached, h->cache_mask + 1);
	h->cached = 0;
	h->strings = g_string_chunk_new(16384);
	return h;
}

struct hyphenator *
hyph_share(const struct hyphenator *of)
{
	struct hyphenator *h = g_new0(struct hyphenator, 1);

	*h = *of;
	h->shared = TRUE;
	h->cache_mask = 1023;
	h->cache = g_new0(struct cached, h->cache_mask + 1);
	h->cached = 0;
	h->strings = g_string_chunk_new(16384);
	return h;
}

void
hyph_free(struct hyphenator *h)
{
	if (h == NULL)
		return;
	if (!h->shared)
		dict_free(h->dict);
	g_free(h->cache);
	g_string_chunk_free(h->strings);
	g_free(h);
}

/* Whether the word is one we hyphenate: letters only, not an acronym, long enough. */
static gboolean
hyphenatable(const struct hyphenator *h, const char *w, gsize len, glong *nchars)
{
	glong n = 0, upper = 0;

	for (const char *p = w; p < w + len; p = g_utf8_next_char(p)) {
		gunichar c = (guchar)*p < 0x80 ? (guchar)*p : g_utf8_get_char(p);

		if (c < 0x80 ? !g_ascii_isalpha(c) : !g_unichar_isalpha(c))
			return FALSE;
		if (n > 0 && (c < 0x80 ? g_ascii_isupper(c) : g_unichar_isupper(c)))
			upper++;
		n++;
	}
	*nchars = n;
	return upper == 0 && n >= h->min_word && len <= MAX_WORD;
}

/* The word in lower case, as g_utf8_strdown() makes it (ASCII without it); into buf when it fits
 * (MAX_WORD bytes and a NUL), else newly allocated, for the caller to free if not buf. */
static char *
lower(const char *w, gsize len, char *buf)
{
	gsize i;

	for (i = 0; i < len && (guchar)w[i] < 0x80; i++)
		buf[i] = w[i] >= 'A' && w[i] <= 'Z' ? (char)(w[i] + ('a' - 'A')) : w[i];
	if (i < len)
		return g_utf8_strdown(w, (gssize)len);
	buf[len] = '\0';
	return buf;
}

/* Writes the word with its soft hyphens to out (3 * len + 1 bytes: a soft hyphen is two bytes
 * after a character of at least one); FALSE if it has none (not a word we hyphenate, or no
 * point). */
static gboolean
hyphenate(struct hyphenator *h, const char *w, gsize len, char *out)
{
	char buf[MAX_WORD + 1], *low;
	gsize lowlen;
	char hyphens[MAX_WORD + 5];
	char **rep = NULL;
	int *pos = NULL, *cut = NULL;
	glong nchars, at = 0;
	char *o = out;

	if (!hyphenatable(h, w, len, &nchars))
		return FALSE;
	low = lower(w, len, buf);
	lowlen = strlen(low);
	if (lowlen != len || (h->dict->pat != NULL ? (patterns_hyphenate(h->dict->pat, low, lowlen, hyphens), 0) :
	    hnj_hyphen_hyphenate2(h->dict->hnj, low, (int)lowlen, hyphens, NULL, &rep, &pos, &cut)) != 0) {
		if (low != buf)
			g_free(low);
		return FALSE;
	}
	/* With a UTF-8 dictionary, hyphens[] is indexed by character: odd = break after it. */
	for (const char *p = w; p < w + len; at++) {
		const char *n = g_utf8_next_char(p);

		memcpy(o, p, (gsize)(n - p));
		o += n - p;
		p = n;
		if ((hyphens[at] & 1) && at + 1 >= h->left && nchars - at - 1 >= h->right) {
			memcpy(o, SHY, 2);
			o += 2;
		}
	}
	*o = '\0';
	if (rep != NULL) {
		for (gsize i = 0; i < lowlen; i++)
			free(rep[i]);
		free(rep);
	}
	free(pos);
	free(cut);
	if (low != buf)
		g_free(low);
	return (gsize)(o - out) > len;
}

/* The cache's slot for the word: its entry, or the free slot where it goes. */
static struct cached *
cache_slot(const struct hyphenator *h, const char *word, guint32 len, guint32 hash)
{
	for (guint32 i = hash & h->cache_mask;; i = (i + 1) & h->cache_mask) {
		struct cached *c = &h->cache[i];

		if (c->word == NULL || (c->hash == hash && c->len == len && memcmp(c->word, word, len) == 0))
			return c;
	}
}

/* The word's entry in the cache, hyphenated now if it is not there yet. */
static const struct cached *
cache_get(struct hyphenator *h, const char *word, gsize len)
{
	char out[3 * MAX_WORD + 1];
	guint32 hash = 2166136261u;	/* FNV-1a */
	struct cached *c;

	for (gsize i = 0; i < len; i++)
		hash = (hash ^ (guchar)word[i]) * 16777619u;
	if ((c = cache_slot(h, word, (guint32)len, hash))->word != NULL)
		return c;
	if (++h->cached * 2 > h->cache_mask) {
		struct cached *old = h->cache;
		guint n = h->cache_mask + 1;

		h->cache_mask = n * 2 - 1;
		h->cache = g_new0(struct cached, n * 2);
		for (guint i = 0; i < n; i++)
			if (old[i].word != NULL)
				*cache_slot(h, old[i].word, old[i].len, old[i].hash) = old[i];
		g_free(old);
		c = cache_slot(h, word, (guint32)len, hash);
	}
	c->word = g_string_chunk_insert_len(h->strings, word, (gssize)len);
	c->len = (guint32)len;
	c->hash = hash;
	if (len <= MAX_WORD && hyphenate(h, word, len, out)) {
		c->hyph_len = (guint32)strlen(out);
		c->hyph = g_string_chunk_insert_len(h->strings, out, c->hyph_len);
	} else {
		c->hyph = c->word;
		c->hyph_len = c->len;
	}
	return c;
}

const char *
hyph_word(struct hyphenator *h, const char *word, gsize len)
{
	return cache_get(h, word, len)->hyph;
}

void
hyph_append(struct hyphenator *h, GString *out, const char *word, gsize len)
{
	const struct cached *c;

	if (len < (gsize)h->min_word)	/* fewer bytes, fewer letters */
		g_string_append_len(out, word, (gssize)len);
	else {
		c = cache_get(h, word, len);
		g_string_append_len(out, c->hyph, c->hyph_len);
	}
}
