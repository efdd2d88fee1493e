/* valid.h: a fast path of RelaxNG validation, for the sources that surely follow the schema.
 *
 * libxml2's RelaxNG validator was a third of the work of `paisano check` (and compiling the
 * schema more).  valid_surely() walks a parsed source once, against the patterns of
 * guide-src/schema/paisano.rng that tests/valid_gen.py turns into a table at build time
 * (build/valid_gen.c), and answers TRUE only when the document surely follows the schema;
 * anything it is not sure about (a value with white space to normalize, a comment inside a
 * value, a choice its one-child lookahead cannot settle...) gets FALSE, and then libxml2 decides
 * and explains, as before: every schema message comes from libxml2.  So it may only ever be
 * stricter than the schema, never looser: the fuzz target checks that every document it passes,
 * libxml2 passes too, and tests/t_check.sh that it passes every bundled source.
 */
#ifndef PAISANO_VALID_H
#define PAISANO_VALID_H

#include <glib.h>
#include <libxml/tree.h>

/* Does the document surely follow the schema? */
gboolean	 valid_surely(xmlDocPtr);
/* How src_validate() uses it, from PAISANO_VALID in the environment: "libxml2" turns it off,
 * so that every file goes to libxml2 (make bench measures both ways); "report" says on stderr
 * which files it does not pass (tests/t_check.sh: none of the bundled sources). */
enum valid_mode { VALID_FAST, VALID_LIBXML2, VALID_REPORT };
enum valid_mode	 valid_mode(void);

/* ----- the table build/valid_gen.c holds ----- */

enum vpat_kind {
	VP_EMPTY, VP_NOT_ALLOWED, VP_TEXT, VP_ELEMENT, VP_ATTRIBUTE, VP_GROUP, VP_CHOICE, VP_OPTIONAL,
	VP_ZERO_OR_MORE, VP_ONE_OR_MORE, VP_VALUE, VP_DATA, VP_LIST
};

/* The datatypes the fast path knows, each only in its plain form (see valid.c). */
enum vpat_type { VT_TOKEN, VT_STRING, VT_DATE, VT_GYEAR, VT_POSITIVE_INTEGER };

/* One atom of a simple regular expression, matched possessively (valid.c): a byte of `set`,
 * or when len > 0 the group of the next len atoms, min to max times (max -1: no limit). */
struct vre {
	unsigned char		 set[32];
	short			 min;
	short			 max;
	unsigned short		 len;
};

/* One pattern of the schema; refs are resolved to the index of their define. */
struct vpat {
	enum vpat_kind		 kind;
	gboolean		 nullable;	/* can match without taking a child */
	const unsigned short	*kids;		/* group, choice: its patterns; others: kids[0] */
	unsigned short		 nkids;
	const char *const	*first;		/* what can start it: element names, "#text", "#string" */
	const char		*name;		/* element, attribute: local name; value: the value */
	gboolean		 xml_ns;	/* attribute xml:NAME */
	gboolean		 value_content;	/* element whose content is a value, not children */
	enum vpat_type		 type;		/* value, data */
	int			 min_length;	/* data: parameters, -1 when absent */
	int			 max_length;
	int			 max_inclusive;
	const char		*regex;		/* data: the pattern, anchored, for GRegex */
	const struct vre	*re;		/* the same as atoms, when it is simple enough */
	unsigned short		 nre;
};

extern const struct vpat valid_gen_pats[];
extern const unsigned int valid_gen_count;
extern const unsigned int valid_gen_start;

#endif
