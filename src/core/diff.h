/* diff.h: one edition against another.
 *
 * Compares two compiled models (from sources or snapshots) and lists, per agency and section,
 * what was added, removed, changed and moved: fact values ("franquicia (terrestre): USD 300 ->
 * USD 500"), paragraphs with word-level differences, sections that moved.  The same list is
 * printed for the terminal and written as an HTML report for reviewers.
 */
#ifndef PAISANO_DIFF_H
#define PAISANO_DIFF_H

#include <stdio.h>

#include "model.h"

struct diff;

struct diff	*diff_models(const struct model *old, const struct model *new);
guint		 diff_count(const struct diff *);
/* Keep only the changes of one agency (a sign-off's part: signoff.h). */
void		 diff_keep_agency(struct diff *, const char *agency);
/* A new diff with only the changes of one agency, the whole one unchanged (several agencies'
 * parts of one comparison without comparing the editions again). */
struct diff	*diff_agency(const struct diff *, const char *agency);
/* color: mark deletions and insertions with ANSI colours as well as [-...-] {+...+}. */
void		 diff_print(const struct diff *, FILE *, gboolean color);
gboolean	 diff_write_html(const struct diff *, const char *path, GError **);
void		 diff_free(struct diff *);

#endif
