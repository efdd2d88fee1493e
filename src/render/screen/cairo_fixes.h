/* cairo_fixes.h: cairo 1.16's PDF surface mended in the bytes it wrote (a PDF in memory).
 *
 * The third workaround, named destinations for internal links (cairo 1.16.0 drops a link's
 * page=N destination when that page comes later), is how screen.c makes its links.
 */
#ifndef PAISANO_CAIRO_FIXES_H
#define PAISANO_CAIRO_FIXES_H

#include <glib.h>

/* The cross-reference entries of objects cairo reserved and never wrote, marked free. */
void	 fix_cairo_xref(GByteArray *pdf);
/* What a tagged PDF needs that cairo has no call for (the catalog's /Lang, /ViewerPreferences,
 * /Metadata; the pages' /Tabs; the structure elements' /Alt, /A, /Lang; the links' /Contents),
 * as an incremental update.  extras: per structure tag begun, the entries to add to its
 * element, or NULL; dests: a named destination -> the words that describe a link to it. */
void	 fix_cairo_tagged(GByteArray *pdf, const char *lang, const char *title, const GPtrArray *extras,
	    GHashTable *dests);
/* The pages' content streams marked and compressed on other threads while cairo writes the next
 * pages: fix_ahead_scan() after each cairo_show_page() (the bytes so far), then
 * fix_cairo_artifacts() takes what is done.  NULL (nothing ahead) for fewer than 2 threads. */
struct fix_ahead;
struct fix_ahead	*fix_ahead_new(guint threads);
void	 fix_ahead_scan(struct fix_ahead *, const GByteArray *pdf);
void	 fix_ahead_free(struct fix_ahead *);
/* Every page's content painted outside the structure marked as an artifact, and each element
 * continued (cont: per structure tag begun, the earlier one it continues, or -1; may be NULL)
 * made one with the element it continues: the file written again (pdf freed), or pdf as it was.
 * The streams are compressed on up to `threads` threads (this one included). */
GByteArray	*fix_cairo_artifacts(GByteArray *pdf, const GArray *cont, guint threads, struct fix_ahead *ahead);
/* A content stream with what it paints outside marked content bracketed as /Artifact (newly
 * allocated). */
GString	*mark_artifacts(const char *content, gsize len);
/* A PDF text string for any UTF-8 text (newly allocated). */
char	*pdf_text_string(const char *utf8);

#endif
