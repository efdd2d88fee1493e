/* layout.h: the edition's pages, from the model to the display list (pango).
 *
 * layout_edition() sets the whole booklet once: cover, contents with the real page numbers,
 * chapters, the directory of contacts, the colophon and notes pages up to a multiple of 4.
 * The fonts are the template's files only (a private fontconfig configuration), shaped
 * without ligatures, kerning or hinting, so each glyph is one character at its nominal advance.
 * Nothing is printed; problems come back as a GError.
 */
#ifndef PAISANO_LAYOUT_H
#define PAISANO_LAYOUT_H

#include <glib.h>

#include "display.h"
#include "model.h"
#include "template.h"

GQuark		 layout_error_quark(void);

/* The booklet of model->edition in one language (its text, the guide's own words, fact
 * formats and hyphenation); src_root is the source tree (for images).  Its chapters are laid
 * out on `threads` threads (this one included; the same pages whatever the number).  The
 * display owns everything it holds; free it with display_free(). */
struct display	*layout_edition(const struct model *, const struct template *,
		    const char *src_root, enum lang, int threads, GError **err);

/* The threads layout_edition() lays out this model's chapters on, given `threads`: fewer for
 * a short edition (one for the bundled one). */
int		 layout_threads(const struct model *, int threads);
/* The words of `text` with a "-" at each hyphenation point (for tests); newly allocated. */
char		*layout_hyphenate(const struct template *, enum lang, const char *text, GError **err);

#endif
