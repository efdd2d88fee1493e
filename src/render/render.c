/* render.c: the one symbol the rendering module exports to the program (see render.h). */
#include "build.h"
#include "layout.h"
#include "proof.h"
#include "render.h"
#include "screen.h"
#include "template.h"

extern const struct render_module paisano_render_module;

const struct render_module paisano_render_module = {
	.abi = RENDER_MODULE_ABI,
	.size = sizeof(struct render_module),
	.build_run = build_run,
	.build_parse_outputs = build_parse_outputs,
	.proof_run = proof_run,
	.proof_watch = proof_watch,
	.template_load = template_load,
	.template_free = template_free,
	.layout_edition = layout_edition,
	.layout_dump = layout_dump,
	.layout_hyphenate = layout_hyphenate,
	.display_free = display_free,
	.screen_new = screen_new,
	.screen_render_png = screen_render_png,
	.screen_free = screen_free,
};
