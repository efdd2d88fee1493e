/* source.h: reading guide sources safely with libxml2, and validating them.
 *
 * A source file is read whole into memory, checked (size, UTF-8, no DOCTYPE, nesting depth),
 * parsed without network, entity substitution or DTD loading, and validated against the RelaxNG
 * schema compiled into the program (guide-src/schema/paisano.rng): by libxml2, unless valid.h's
 * fast path, generated from the same schema, finds the file surely valid.  Every element keeps the exact
 * line and column of its start tag, so any later message can point at the source.
 */
#ifndef PAISANO_SOURCE_H
#define PAISANO_SOURCE_H

#include <libxml/tree.h>
#include <libxml/relaxng.h>

#include "diag.h"

/* Limits on one source file; a real agency file is about 30 KB. */
#define SRC_MAX_BYTES	(16u * 1024 * 1024)
#define SRC_MAX_DEPTH	40

struct src_file {
	char		*path;		/* as shown in messages */
	char		*buf;		/* the file's bytes, NUL-terminated */
	gsize		 len;
	xmlDocPtr	 doc;		/* NULL when the file could not be parsed */
	GArray		*lines;		/* byte offset where each line starts */
	GArray		*spans;		/* struct src_span of each element, comment and PI; the
					 * node's _private holds its index + 1 */
	struct src_cursor *cursor;	/* where src_offset_pos() last stopped (owned) */
};

/* Positions are mostly asked for in the order of the file: counting the columns of a long line
 * goes on from the last position asked for instead of from the start of the line each time. */
struct src_cursor {
	guint		 line;		/* index in lines */
	gsize		 at;		/* byte offset where the count stopped */
	int		 col;		/* the column there */
};

/* Byte offsets of one element or comment in buf. */
struct src_span {
	guint		 start;		/* '<' of the start tag */
	guint		 inner;		/* just after the start tag (== end for an empty element) */
	guint		 end;		/* just after the end tag */
};

/* Initialise libxml2 for safe use: no network, no external entities.  Call once. */
void		 src_init(void);
void		 src_cleanup(void);
/* Read and parse `path`; messages go to `dl`.  Returns NULL only when the file cannot be read
 * at all; a file that does not parse is returned with doc == NULL. */
struct src_file	*src_load(const char *path, struct diag_list *dl);
/* The same for bytes already in memory (copied); `path` names them in messages. */
struct src_file	*src_load_memory(const char *path, const char *data, gsize len, struct diag_list *dl);
/* Validate against the schema; returns TRUE when valid.  libxml2 validates (and explains) only
 * the files valid_surely() (valid.h) does not pass. */
gboolean	 src_validate(struct src_file *, struct diag_list *dl);
/* Free the tree of a file whose content has been compiled (doc becomes NULL).  buf and lines
 * stay: the messages' positions were taken from the tree, and `paisano stamp` edits the bytes. */
void		 src_drop_tree(struct src_file *);
/* Free the bytes too, and the line table: once the model is compiled and its messages given, a
 * command that only renders the model needs nothing else of the file (path stays).  No
 * position can be asked for after this. */
void		 src_drop_bytes(struct src_file *);
void		 src_free(struct src_file *);
/* Is n the element `name`?  Its first child element called `name`, or NULL. */
gboolean	 src_is_elem(xmlNodePtr n, const char *name);
xmlNodePtr	 src_child(xmlNodePtr n, const char *name);
/* Line and column (1-based, in characters) of a byte offset, of an element's start tag, and of
 * character `index` (counted in characters) of a text node's content. */
void		 src_offset_pos(const struct src_file *, gsize off, int *line, int *col);
void		 src_node_pos(const struct src_file *, xmlNodePtr, int *line, int *col);
void		 src_text_pos(const struct src_file *, xmlNodePtr text, glong index, int *line, int *col);

#endif
