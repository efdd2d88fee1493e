/* render.c: the one symbol the rendering module exports to the program (see render.h). */
#include "build.h"
#include "pages.h"
#include "proof.h"
#include "render.h"

extern const struct render_module paisano_render_module;

const struct render_module paisano_render_module = {
	.abi = RENDER_MODULE_ABI,
	.size = sizeof(struct render_module),
	.build_run = build_run,
	.build_parse_outputs = build_parse_outputs,
	.proof_run = proof_run,
	.proof_watch = proof_watch,
	.pages_run = pages_run,
	.proof_agencies = proof_agencies,
};
