/* fuzz_source.c: libFuzzer target over everything that reads an untrusted source file:
 * the safe loader, RelaxNG validation, the compiler, the checks and the snapshot writer.
 * Seeded from the bundled sources and the test cases (make fuzz).
 *
 * It is also the oracle for valid.c: every document valid_surely() passes must be valid for
 * libxml2's RelaxNG validator too, without a single message; otherwise it aborts. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/relaxng.h>

#include "check.h"
#include "compile.h"
#include "diag.h"
#include "snapshot.h"
#include "source.h"
#include "valid.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

extern const unsigned char paisano_schema_rng[];
extern const unsigned int paisano_schema_rng_len;

static void
count_error(void *ctx, xmlErrorPtr e)
{
	(void)e;
	(*(int *)ctx)++;
}

/* libxml2's verdict alone, with a schema of its own. */
static gboolean
relaxng_valid(xmlDocPtr doc)
{
	static xmlRelaxNGPtr schema;
	xmlRelaxNGValidCtxtPtr vc;
	int rc, errors = 0;

	if (schema == NULL) {
		xmlRelaxNGParserCtxtPtr pc = xmlRelaxNGNewMemParserCtxt((const char *)paisano_schema_rng,
		    (int)paisano_schema_rng_len);

		schema = xmlRelaxNGParse(pc);
		xmlRelaxNGFreeParserCtxt(pc);
	}
	vc = xmlRelaxNGNewValidCtxt(schema);
	xmlRelaxNGSetValidStructuredErrors(vc, count_error, &errors);
	rc = xmlRelaxNGValidateDoc(vc, doc);
	xmlRelaxNGFreeValidCtxt(vc);
	return rc == 0 && errors == 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	struct diag_list *dl;
	struct src_file *f;

	if (!ready) {
		src_init();
		ready = 1;
	}
	dl = diag_list_new();
	f = src_load_memory("fuzz.xml", (const char *)data, size, dl);
	if (f != NULL && f->doc != NULL && valid_surely(f->doc) && !relaxng_valid(f->doc))
		abort();	/* valid.c passed a document the schema does not */
	if (f != NULL && f->doc != NULL && src_validate(f, dl)) {
		const char *root = (const char *)xmlDocGetRootElement(f->doc)->name;
		struct compile_input in = { g_ptr_array_new(), NULL, NULL, NULL };
		struct check_opts opts = { "guide-src" };
		struct model *m;

		if (strcmp(root, "agency") == 0)
			g_ptr_array_add(in.agencies, f);
		else if (strcmp(root, "edition") == 0)
			in.edition = f;
		else
			in.snapshot = f;
		m = compile_model(&in, dl);
		check_model(m, &opts, dl);
		snapshot_stamp(m);
		model_free(m);
		g_ptr_array_free(in.agencies, TRUE);
	}
	diag_sort(dl);
	src_free(f);
	diag_list_free(dl);
	return 0;
}
