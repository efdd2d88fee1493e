/* check.h: the consistency checks run on a compiled model.
 *
 * Each check is one function in one table (check.c), named as in its messages' [check-name]:
 * either of the whole model or of one text at a time (the text checks share one walk, so each
 * text is flattened once).  Checks read the model and report; they never change it.  Text checks
 * cover every variant of every agency's content; edition checks (validity, sign-off, required
 * content) cover what the edition prints.
 */
#ifndef PAISANO_CHECK_H
#define PAISANO_CHECK_H

#include "diag.h"
#include "model.h"

struct check_opts {
	const char	*src_root;	/* guide-src: images are found relative to it */
	gboolean	 publishing;	/* publish: a stale sign-off is an error, not a warning */
	/* Set when the caller keeps only these files' messages (diag_keep_files: `check FILE`,
	 * the desk): the text and translation checks then skip the other files' texts, whose
	 * messages are all about their own file.  NULL: every file. */
	GHashTable	*only_files;
};

void		 check_model(const struct model *, const struct check_opts *, struct diag_list *);
/* Every check name a message can carry, in the order they run, NULL-terminated: xml, schema
 * and ids (loading and compiling), then the table's.  check --help and --list-checks print it;
 * tests/t_check.sh keeps msg.def, paisano.1 and README.md in step with it. */
const char	*const *check_names(void);

/* Digits of a phone number as written ("1 877 210-9469" -> "18772109469"); newly allocated. */
char		*check_phone_digits(const char *);

#endif
