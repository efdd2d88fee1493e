/* diag.h: every message paisano prints goes through here.
 *
 * A message has a level (warning or error), the name of the check that raised it, and a source
 * position.  Messages are collected in a diag_list, sorted, and printed as
 *     file:line:col: level: text [check-name]
 * or as JSON.  The worst level seen becomes the exit code.  The texts live in msg.def, one table,
 * so that README.md can document each of them.
 */
#ifndef PAISANO_DIAG_H
#define PAISANO_DIAG_H

#include <glib.h>
#include <stdio.h>

enum diag_level {
	DIAG_WARNING = 1,
	DIAG_ERROR = 2,
};

/* Message identifiers: MSG_<NAME>, from msg.def. */
enum msg_id {
#define MSG(id, level, check, fmt) MSG_##id,
#include "msg.def"
#undef MSG
	MSG__MAX
};

struct msg_info {
	const char	*name;	/* the id, lowercase, as in README.md */
	enum diag_level	 level;
	const char	*check;
	const char	*fmt;
};

struct diag {
	char		*file;	/* as given on the command line or found in the tree */
	int		 line;	/* 1-based; 0 = the whole file */
	int		 col;	/* 1-based, in characters; 0 = unknown */
	enum diag_level	 level;
	enum msg_id	 id;
	char		*text;
};

struct diag_list;

struct diag_list	*diag_list_new(void);
void			 diag_list_free(struct diag_list *);
/* Moves src's messages to the end of dst, in their order; src is left empty. */
void			 diag_list_move(struct diag_list *dst, struct diag_list *src);
void			 diag_msg(struct diag_list *, enum msg_id, const char *file, int line, int col, ...);
void			 diag_vmsg(struct diag_list *, enum msg_id, const char *file, int line, int col, va_list);
/* Raise or lower the level of one message, for checks that depend on the edition (sign-off). */
void			 diag_msg_level(struct diag_list *, enum diag_level, enum msg_id,
			    const char *file, int line, int col, ...);
void			 diag_sort(struct diag_list *);
/* Keep only the messages about the files in `keep` (a set of paths). */
void			 diag_keep_files(struct diag_list *, GHashTable *keep);
guint			 diag_count(const struct diag_list *, enum diag_level);
const struct diag	*diag_get(const struct diag_list *, guint);
guint			 diag_len(const struct diag_list *);
int			 diag_worst(const struct diag_list *);
void			 diag_print_text(const struct diag_list *, FILE *);
void			 diag_print_summary(const struct diag_list *, FILE *, guint files);
/* `fatal`: why the command could not run (exit 2), or NULL. */
void			 diag_print_json(const struct diag_list *, FILE *, guint files, const char *fatal);
const struct msg_info	*diag_info(enum msg_id);
const char		*diag_check_name(enum msg_id);
/* JSON (json-glib), for check --format=json and build's manifest.json. */
typedef struct _JsonBuilder JsonBuilder;
void			 diag_json_add_string(JsonBuilder *, const char *member, const char *value);
char			*diag_json_data(JsonBuilder *, gsize *len);

#endif
