/* office.h: the national office's pages (office.c) and the print shop's (printer.c), issue 18.
 *
 * Both call the program's own code: the edition at a glance runs guide_open() and check_model()
 * and reads sign-offs with signoff_find() / signoff_agency_hash(), as `paisano check` does; a
 * draft, a publication and the print shop's files are made by the program itself (`paisano
 * build`, `paisano publish`, a process each, with the build's own lock), never by rules of the
 * desk's own.
 */
#ifndef PAISANO_DESK_OFFICE_H
#define PAISANO_DESK_OFFICE_H

#include "desk.h"

/* A `paisano` process the desk runs (build, publish): its standard error kept line by line, the
 * last line as its progress; `done` runs on the main loop when it has exited. */
struct run {
	struct desk	*d;
	char		*what;		/* "borrador", "publicación", "imprenta" */
	char		*who;		/* the account that started it */
	char		*edition;
	gint64		 started, ended;	/* unix seconds; ended 0 while it runs */
	gint64		 t0;		/* monotonic, for the time it took */
	double		 seconds;
	GString		*err;		/* its standard error */
	int		 status;	/* exit status once ended; -1 killed or could not start */
	gboolean	 running;
	gboolean	 merge;		/* standard output too, into err (the preflight's report) */
	gpointer	 in;		/* the stream being read (a GDataInputStream), NULL at its end */
	gboolean	 exited;	/* the process has ended; it is over once `in` has too */
	void		(*done)(struct run *);
	gpointer	 data;
};

/* Starts argv (argv[0] is d->self); FALSE with the reason in r->err when it cannot. */
gboolean	 run_start(struct run *, const char *const *argv);
void		 run_clear(struct run *);
/* The run's standard error as an HTML list (escaped), `max` last lines. */
void		 run_lines_html(GString *, const struct run *, guint max);
/* Whether a build or a publication of the desk is running (one at a time). */
gboolean	 office_busy(void);
/* DATA/DIR, created. */
char		*office_dir(struct desk *, const char *name);
/* A file name the desk serves from an output directory: a plain name (no '/', not hidden). */
gboolean	 office_plain_name(const char *);
/* Serves DIR/NAME (opened without following a symbolic link), logged to desk.log as a download. */
void		 office_send_file(struct req *, const char *dir, const char *name, const char *edition);
/* One line in desk.log: time, account, what, address. */
void		 office_log(struct req *, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
char		*office_time(gint64 t);

/* Routes (office.c) */
void		 route_office(struct req *, struct session *, struct store *);
void		 route_office_build(struct req *, struct session *, struct store *);
void		 route_office_draft(struct req *, struct session *, struct store *);
void		 route_office_draft_file(struct req *, struct session *, struct store *);
void		 route_office_publish(struct req *, struct session *, struct store *);
void		 route_office_changes(struct req *, struct session *, struct store *);
void		 route_office_next(struct req *, struct session *, struct store *);
void		 route_office_next_start(struct req *, struct session *, struct store *);
/* Routes (printer.c) */
void		 route_printer(struct req *, struct session *, struct store *);
void		 route_printer_prepare(struct req *, struct session *, struct store *);
void		 route_printer_file(struct req *, struct session *, struct store *);

/* The published editions: ids from published/log.tsv with their last line's fields. */
struct published {
	char		*edition;
	char		*revision;
	char		*sha256;
	char		*date;
	char		*when;
	char		*by;
};
GPtrArray	*published_editions(struct desk *);	/* struct published *, oldest first */
void		 published_free(gpointer);

#endif
