/* proof.h: `paisano proof`: an agency's pages as pictures, for its editor.
 *
 * Lays the edition out (the outputs themselves are not written), finds the pages where the
 * agency's content lands, and paints exactly those as PNGs with the agency's blocks outlined
 * and labelled with their source file:line, plus one contact sheet of them all.  Pictures are
 * painted on every core; a picture whose content is that of the previous proofs' picture of
 * the same name is reused (DIR/.proof-keys), so proofs after a small change are quick.
 */
#ifndef PAISANO_PROOF_H
#define PAISANO_PROOF_H

struct guide_cache;

struct proof_opts {
	const char	*src_root;
	const char	*templates;
	const char	*edition;	/* NULL: the newest */
	const char	*agency;	/* the agency file's name: "sat" for agencies/sat.xml */
	const char	*outdir;	/* PNGs go here (replaced whole) */
	int		 lang;		/* enum lang: the language of the pages */
	double		 dpi;
	int		 jobs;		/* threads painting; 0: one per core, at most 4 */
	int		 quiet;
	struct guide_cache *cache;	/* NULL; the desk's proof thread: the tree's unchanged files
					 * kept between proofs (guide_open_cached) */
};

/* 0 written, 1 errors in the sources, 2 could not run. */
int	proof_run(const struct proof_opts *);
/* The desk: the edition laid out once, then the proofs of agencies[i] into outdirs[i]
 * (o->agency and o->outdir unused); results[i]: 0 written, 1 the agency has no content in the
 * edition, 2 failed.  Returns 0 when all were made, 1 errors in the sources, 2 could not run. */
int	proof_agencies(const struct proof_opts *o, const char *const *agencies, const char *const *outdirs,
	    unsigned int n, int *results);
/* proof_run(), then again at every change of the sources or templates until SIGINT or
 * SIGTERM: 0, or 2 when the first proof could not run (or nothing can be watched). */
int	proof_watch(const struct proof_opts *);

#endif
