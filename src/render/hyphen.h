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
/* The word (len bytes of UTF-8 letters) with soft hyphens; owned by the hyphenator. */
const char		*hyph_word(struct hyphenator *, const char *word, gsize len);

#endif
