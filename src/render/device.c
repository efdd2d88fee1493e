/* device.c: the display list walked through a device (device.h). */
#include "device.h"

gboolean
device_paint_page(const struct device *dev, void *ctx, const struct display *d, guint index)
{
	return device_paint_items(dev, ctx, d->pages->pdata[index], index);
}

gboolean
device_paint_items(const struct device *dev, void *ctx, const struct dl_page *p, guint index)
{
	if (!dev->begin_page(ctx, p, index))
		return FALSE;
	for (guint i = 0; i < p->nitem; i++) {
		const struct dl_item *it = &p->item[i];

		if (dev->failed != NULL && dev->failed(ctx))
			break;
		switch (it->kind) {
		case DL_TEXT:
			dev->glyphs(ctx, it);
			break;
		case DL_RECT:
			dev->box(ctx, it);
			break;
		case DL_LINE:
			dev->rule(ctx, it);
			break;
		case DL_IMAGE:
			dev->image(ctx, it);
			break;
		case DL_LINK:
			if (dev->link != NULL)
				dev->link(ctx, it);
			break;
		}
	}
	dev->end_page(ctx, p, index);
	return dev->failed == NULL || !dev->failed(ctx);
}
