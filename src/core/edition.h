/* edition.h: starting a season's edition from the previous one (`paisano new-edition`).
 *
 * edition_new() writes guide-src/editions/ID.xml: revision 1, a draft, previous= the edition it
 * starts from, the season's title in each language of that edition (the English stamped), the
 * new operation window, the previous edition's contents as they were, and no sign-offs.  It
 * refuses an id that exists.  Then it checks the new edition and prints, per agency, the work
 * it asks for: sections with variants for other seasons only, facts with no value for the new
 * window, values verified too long ago, dates that have passed: the same messages `paisano
 * check` goes on printing until each is dealt with.
 */
#ifndef PAISANO_EDITION_H
#define PAISANO_EDITION_H

#include <stdio.h>

#include <glib.h>

struct edition_new_opts {
	const char	*src_root;	/* guide-src */
	const char	*id;		/* "2027-semana-santa" */
	const char	*from;		/* the previous edition's id */
	const char	*season;	/* "semana-santa", "verano" or "invierno" */
	const char	*operation;	/* "2027-03-09..2027-04-10" */
	const char	*date;		/* the edition's date, YYYY-MM-DD; NULL: today (UTC) */
};

/* Returns 0 (written; the work list on `out`), 1 (refused: the edition exists) or 2 (could not
 * run: bad arguments, no previous edition, an unwritable file), with the reason on stderr. */
int		 edition_new(const struct edition_new_opts *, FILE *out);

/* The title of a season's edition: "Guía Paisano · Operativo Semana Santa 2027" (es),
 * "Paisano Guide · Holy Week Operation 2027" (en).  Newly allocated; NULL for an unknown season. */
char		*edition_title(const char *season, guint year, gboolean english);

#endif
