/* signoff.h: sign-offs bound to content.
 *
 * An agency's editor signs off what the edition prints of that agency: its part of the canonical
 * model (snapshot_write_agency: its sections, facts and contacts in every language, and the
 * SHA-256 of the images its sections print).  The sign-off records that part's SHA-256 in the
 * edition manifest, <signoff agency= editor= date= revision= sha256=/>, and the edition as it was
 * signed off is kept in guide-src/signoffs/EDITION/SHA256.model.xml (a snapshot without the
 * sign-offs, named by its own hash; agencies signing off the same content share one file), so
 * that when the agency's content later changes, check can say what changed since.
 */
#ifndef PAISANO_SIGNOFF_H
#define PAISANO_SIGNOFF_H

#include <glib.h>

#include "guide.h"
#include "model.h"

/* SHA-256 (hex, g_free) of one agency's part of the model; NULL with err if there is no such
 * agency (or no edition). */
char		*signoff_agency_hash(const struct model *, const char *agency_id, GError **err);

/* The sign-off that counts for an agency: the last one in the manifest; NULL if none. */
const struct signoff *signoff_find(const struct edition *, const char *agency_id);

/* What changed in the agency's part since sign-off `s` was recorded, one change a line
 * (paisano diff's lines), or NULL when the signed-off content is not kept under
 * root/signoffs/ (g_free).  *count gets the number of changes. */
char		*signoff_changes(const struct model *, const char *root, const struct signoff *s,
		    guint *count);

/* The same for many sign-offs of one edition, reading each kept edition once. */
struct signoff_kept;
struct signoff_kept *signoff_kept_open(const char *root, const char *edition);
char		*signoff_kept_changes(struct signoff_kept *, const struct model *, const struct signoff *s,
		    guint *count);
void		 signoff_kept_close(struct signoff_kept *);

/* Record agency `agency_id`'s sign-off of the current content of the edition open in `g`
 * (compiled from its sources): keep the signed-off edition under root/signoffs/, and write the
 * <signoff> element into the manifest (only that element changes; the file is replaced
 * atomically).  date 0 means today (UTC).  The hash recorded goes to *hash (g_free) if not NULL. */
gboolean	 signoff_record(struct guide *g, const char *agency_id, const char *editor, model_date date,
		    char **hash, GError **err);

struct signoff_opts {
	const char	*src_root;	/* "guide-src" */
	const char	*edition;	/* required */
	const char	*agency;	/* required */
	const char	*editor;	/* required to record; not with show */
	const char	*date;		/* "YYYY-MM-DD", or NULL for today (UTC) */
	gboolean	 show;		/* only print what changed since the last sign-off */
};

/* `paisano signoff`: 0 recorded (or shown), 1 refused (errors in the sources), 2 could not run. */
int		 signoff_run(const struct signoff_opts *);

#endif
