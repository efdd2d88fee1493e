/* render.c: a test driver for the HTML edition until `paisano build --only html` exists.
 *
 *   render SRC EDITION TEMPLATES OUTDIR
 *
 * Compiles the edition from SRC (refusing when it has errors), stamps its version and calls
 * html_render() exactly as the build command does.  Exit 0 done, 1 errors in the sources,
 * 2 could not run. */
#include <stdio.h>

#include "../../src/check.h"
#include "../../src/diag.h"
#include "../../src/guide.h"
#include "../../src/render_html.h"
#include "../../src/snapshot.h"

int
main(int argc, char **argv)
{
	struct diag_list *dl;
	struct guide g = { 0 };
	struct check_opts opts;
	GError *err = NULL;
	int rc;

	if (argc != 5) {
		fprintf(stderr, "usage: render SRC EDITION TEMPLATES OUTDIR\n");
		return 2;
	}
	dl = diag_list_new();
	if ((rc = guide_open(&g, argv[1], argv[2], NULL, dl)) == 0) {
		opts.src_root = g.root;
		check_model(g.model, &opts, dl);
		if (diag_worst(dl) == DIAG_ERROR) {
			diag_sort(dl);
			diag_print_text(dl, stderr);
			rc = 1;
		}
	}
	if (rc == 0) {
		snapshot_stamp(g.model);
		if (!html_render(g.model, argv[3], g.root, argv[4], &err)) {
			fprintf(stderr, "render: %s\n", err->message);
			g_error_free(err);
			rc = 2;
		}
	}
	guide_close(&g);
	diag_list_free(dl);
	return rc;
}
