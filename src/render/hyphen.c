/* hyphen.c: Spanish (and English) hyphenation points from libhyphen, as soft hyphens. */
#include <string.h>

#include <hyphen.h>

#include "hyphen.h"
#include "i18n.h"

#define SHY "\xc2\xad"
#define MAX_WORD 100	/* bytes; longer "words" are not words */

struct hyphenator {
	HyphenDict	*dict;
	gboolean	 shared;	/* the dictionary is another hyphenator's (hyph_share) */
	int		 min_word, left, right;
	GHashTable	*cache;		/* word -> word with soft hyphens (both owned) */
};

G_DEFINE_QUARK(paisano-hyphen-error, hyph_error)

/* Dictionaries read ahead by hyph_preload(): file name -> HyphenDict *, each taken by the
 * first hyph_new() of that file. */
static GMutex preload_lock;
static GHashTable *preloaded;

void
hyph_preload(const char *dict_file)
{
	HyphenDict *d;

	if (dict_file == NULL || !g_file_test(dict_file, G_FILE_TEST_IS_REGULAR) ||
	    (d = hnj_hyphen_load(dict_file)) == NULL)
		return;		/* hyph_new() says why */
	g_mutex_lock(&preload_lock);
	if (preloaded == NULL)
		preloaded = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify)hnj_hyphen_free);
	if (!g_hash_table_contains(preloaded, dict_file)) {
		g_hash_table_insert(preloaded, g_strdup(dict_file), d);
		d = NULL;
	}
	g_mutex_unlock(&preload_lock);
	if (d != NULL)
		hnj_hyphen_free(d);
}

void
hyph_preload_drop(void)
{
	g_mutex_lock(&preload_lock);
	g_clear_pointer(&preloaded, g_hash_table_destroy);
	g_mutex_unlock(&preload_lock);
}

/* The dictionary hyph_preload() read from dict_file, now the caller's, or NULL. */
static HyphenDict *
preload_take(const char *dict_file)
{
	HyphenDict *d = NULL;
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
	HyphenDict *d = preload_take(dict_file);

	if (d == NULL && (dict_file == NULL || !g_file_test(dict_file, G_FILE_TEST_IS_REGULAR) ||
	    (d = hnj_hyphen_load(dict_file)) == NULL)) {
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
	h->cache = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	return h;
}

struct hyphenator *
hyph_share(const struct hyphenator *of)
{
	struct hyphenator *h = g_new0(struct hyphenator, 1);

	*h = *of;
	h->shared = TRUE;
	h->cache = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	return h;
}

void
hyph_free(struct hyphenator *h)
{
	if (h == NULL)
		return;
	if (!h->shared)
		hnj_hyphen_free(h->dict);
	g_hash_table_destroy(h->cache);
	g_free(h);
}

/* Whether the word is one we hyphenate: letters only, not an acronym, long enough. */
static gboolean
hyphenatable(const struct hyphenator *h, const char *w, gsize len, glong *nchars)
{
	glong n = 0, upper = 0;

	for (const char *p = w; p < w + len; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);

		if (!g_unichar_isalpha(c))
			return FALSE;
		if (n > 0 && g_unichar_isupper(c))
			upper++;
		n++;
	}
	*nchars = n;
	return upper == 0 && n >= h->min_word && len <= MAX_WORD;
}

static char *
hyphenate(struct hyphenator *h, const char *w, gsize len)
{
	char *low = g_utf8_strdown(w, (gssize)len);
	gsize lowlen = strlen(low);
	char hyphens[MAX_WORD + 5];
	char **rep = NULL;
	int *pos = NULL, *cut = NULL;
	GString *out;
	glong nchars, at = 0;

	if (!hyphenatable(h, w, len, &nchars) || lowlen != len ||
	    hnj_hyphen_hyphenate2(h->dict, low, (int)lowlen, hyphens, NULL, &rep, &pos, &cut) != 0) {
		g_free(low);
		return g_strndup(w, len);
	}
	out = g_string_sized_new(len + 16);
	/* With a UTF-8 dictionary, hyphens[] is indexed by character: odd = break after it. */
	for (const char *p = w; p < w + len; p = g_utf8_next_char(p)) {
		g_string_append_len(out, p, g_utf8_next_char(p) - p);
		at++;
		if ((hyphens[at - 1] & 1) && at >= h->left && nchars - at >= h->right)
			g_string_append(out, SHY);
	}
	if (rep != NULL) {
		for (gsize i = 0; i < lowlen; i++)
			free(rep[i]);
		free(rep);
	}
	free(pos);
	free(cut);
	g_free(low);
	return g_string_free(out, FALSE);
}

const char *
hyph_word(struct hyphenator *h, const char *word, gsize len)
{
	char buf[MAX_WORD + 1];
	char *key, *v;

	/* looked up without a copy on the heap when the word is not too long */
	if (len <= MAX_WORD) {
		memcpy(buf, word, len);
		buf[len] = '\0';
		if ((v = g_hash_table_lookup(h->cache, buf)) != NULL)
			return v;
		key = g_strdup(buf);
	} else {
		key = g_strndup(word, len);
		if ((v = g_hash_table_lookup(h->cache, key)) != NULL) {
			g_free(key);
			return v;
		}
	}
	v = hyphenate(h, word, len);
	g_hash_table_insert(h->cache, key, v);
	return v;
}
