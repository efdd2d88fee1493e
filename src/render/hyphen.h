/* hyphen.h: word hyphenation with libhyphen, cached per word.
 *
 * hyph_word() returns the word with a soft hyphen (U+00AD) at every point where it may break,
 * for pango to break at.  Words shorter than the minimum, words with digits or capitals after
 * the first letter (acronyms, codes) are returned unchanged.
 */
#ifndef PAISANO_HYPHEN_H
#define PAISANO_HYPHEN_H

#include <glib.h>

struct hyphenator;

GQuark			 hyph_error_quark(void);

/* Loads a libhyphen dictionary; NULL with `err` set if it cannot be read. */
struct hyphenator	*hyph_new(const char *dict_file, int min_word, int left, int right, GError **err);
void			 hyph_free(struct hyphenator *);
/* A hyphenator for another thread: the same dictionary (libhyphen only reads it), its own
 * cache; free it before `of`. */
struct hyphenator	*hyph_share(const struct hyphenator *of);
/* Reads a dictionary ahead, on another thread while the program does something else: the
 * next hyph_new() of the same file takes it instead of reading the file (nothing if it
 * cannot be read: hyph_new() says why).  hyph_preload_drop() frees those not taken. */
void			 hyph_preload(const char *dict_file);
void			 hyph_preload_drop(void);
/* The word (len bytes of UTF-8 letters) with soft hyphens; owned by the hyphenator. */
const char		*hyph_word(struct hyphenator *, const char *word, gsize len);
/* Appends the word (len bytes of UTF-8 letters) with its soft hyphens to out. */
void			 hyph_append(struct hyphenator *, GString *out, const char *word, gsize len);

#endif
