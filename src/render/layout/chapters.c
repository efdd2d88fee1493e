/* chapters.c: the chapters laid out on several threads, paginated one after the other in order.
 *
 * A chapter opens a new page and nothing in it depends on where the chapters before it landed
 * (page numbers and links are filled in at the end: page_fixups), so its strips can be made
 * (block_chapter: its paragraphs shaped and broken into lines, most of the layout's time) on any
 * thread and at any time before the pagination takes them.  Each helper thread has its own
 * layout state (its own fonts, hyphenation cache and display for the strings and glyphs it
 * makes); the structure elements a chapter makes are numbered in the document's order when the
 * pagination takes the chapter, so the display is the same, element for element, whichever
 * thread laid out which chapter, and with one thread (every chapter laid out here, in order)
 * the layout runs as it always did.  At most two chapters a thread wait laid out, for the
 * memory; and a short edition (the bundled one) is laid out on one thread, which costs less
 * than starting another.
 */
#include "lay.h"

enum job_state { JOB_WAITING, JOB_RUNNING, JOB_DONE };

struct chapter_job {
	const struct node	*ch;
	int			 num;
	enum job_state		 state;
	GPtrArray		*strips;	/* struct strip *: what block_chapter() added */
	struct dl_elem		**elems;	/* the elements it made, in order */
	guint			 nelems;
	GError			*err;		/* the first image that could not be read */
	int			 hlevel;
};

struct chapters {
	struct lay		*L;		/* the pagination's, on this thread */
	struct chapter_job	*job;
	guint			 n;
	guint			 next;		/* the first job no thread has begun */
	guint			 taken;		/* the jobs the pagination has taken */
	guint			 ahead;		/* jobs may begin while next < taken + ahead */
	struct display		*aside;		/* the display of the jobs run on this thread */
	GPtrArray		*threads;
	GPtrArray		*subs;		/* struct display *: the helpers' displays, to adopt */
	GMutex			 lock;
	GCond			 changed;
};

/* Lays out one chapter with W (its strings and glyphs in display d), keeping what it made. */
static void
job_run(struct lay *W, struct display *d, struct chapter_job *j)
{
	struct display *wd = W->d;
	GPtrArray *strips = W->strips;
	GError *err = W->err;
	gsize n = 0;

	W->d = d;
	W->strips = j->strips = g_ptr_array_new_with_free_func((GDestroyNotify)strip_free);
	W->err = NULL;
	block_chapter(W, j->ch, j->num);
	j->err = W->err;
	j->hlevel = W->hlevel;
	j->elems = (struct dl_elem **)g_ptr_array_steal(d->elems, &n);
	j->nelems = (guint)n;
	W->d = wd;
	W->strips = strips;
	W->err = err;
}

/* The next job this thread may begin, marked running, or NULL (the lock held). */
static struct chapter_job *
job_claim(struct chapters *C)
{
	struct chapter_job *j;

	if (C->next >= C->n || C->next >= C->taken + C->ahead)
		return NULL;
	j = &C->job[C->next++];
	j->state = JOB_RUNNING;
	return j;
}

/* Runs the claimed job j with W into display d, the lock let go meanwhile (held before and
 * after), and says it is done. */
static void
job_run_claimed(struct chapters *C, struct lay *W, struct display *d, struct chapter_job *j)
{
	g_mutex_unlock(&C->lock);
	job_run(W, d, j);
	g_mutex_lock(&C->lock);
	j->state = JOB_DONE;
	g_cond_broadcast(&C->changed);
}

static gpointer
helper(gpointer p)
{
	struct chapters *C = p;
	struct lay W;
	struct chapter_job *j;
	GError *err = NULL;

	/* no heap_thread_init(): huge pages for this thread's short-lived strips cost the build
	 * 6 MB of peak memory for nothing measurable */
	if (!lay_init_helper(&W, C->L, &err)) {
		/* cannot happen once the pagination's own state was made; its thread lays out all */
		g_error_free(err);
		display_free(W.d);
		lay_free(&W);
		return NULL;
	}
	g_mutex_lock(&C->lock);
	while (C->next < C->n) {
		if ((j = job_claim(C)) == NULL) {
			g_cond_wait(&C->changed, &C->lock);
			continue;
		}
		job_run_claimed(C, &W, W.d, j);
	}
	g_ptr_array_add(C->subs, W.d);
	g_mutex_unlock(&C->lock);
	lay_free(&W);
	return NULL;
}

/* A thread for each this many nodes of the body, at most. */
#define NODES_A_THREAD	1000

/* The nodes of a chapter (its sections, blocks, items, inlines): what its layout costs, roughly. */
static guint
weight(const struct node *n)
{
	guint w = 1;

	for (const struct node *c = n->first; c != NULL; c = c->next)
		if (!c->omit)
			w += weight(c);
	return w;
}

int
layout_threads(const struct model *m, int threads)
{
	guint nodes = 0;

	for (guint i = 0; m->edition != NULL && i < m->edition->chapters->len; i++) {
		const struct node *ch = m->edition->chapters->pdata[i];

		if (!ch->omit)
			nodes += weight(ch);
	}
	/* a helper's own fonts and caches cost about what 200 nodes' layout does (30 M
	 * instructions): the bundled edition (1,300 nodes) is laid out on one thread, as the
	 * desk's proofs of it are, and an edition twice as long on two */
	return MAX(MIN(threads, (int)(nodes / NODES_A_THREAD)), 1);
}

struct chapters *
chapters_start(struct lay *L, int threads)
{
	struct chapters *C = g_new0(struct chapters, 1);
	const GPtrArray *chs = L->m->edition->chapters;
	int num = 0;

	C->L = L;
	C->job = g_new0(struct chapter_job, chs->len);
	for (guint i = 0; i < chs->len; i++) {
		const struct node *ch = chs->pdata[i];

		if (ch->omit)
			continue;
		C->job[C->n].ch = ch;
		C->job[C->n++].num = ++num;
	}
	threads = layout_threads(L->m, threads);
	/* two a thread: with one, a helper that finished chapter k + 1 while this thread lays out
	 * k + 2 itself (k was not done when the pagination wanted it) waited for it, idle */
	C->ahead = 2 * (guint)threads;
	C->aside = display_new();
	C->threads = g_ptr_array_new();
	C->subs = g_ptr_array_new();
	g_mutex_init(&C->lock);
	g_cond_init(&C->changed);
	for (int i = 1; i < threads && (guint)i < C->n; i++)
		g_ptr_array_add(C->threads, g_thread_new("layout", helper, C));
	return C;
}

guint
chapters_count(const struct chapters *C)
{
	return C->n;
}

/* The k-th chapter's strips in L->strips (empty before), laid out here if no thread has begun
 * it; its elements, first error and heading level L's as if it had been laid out here. */
void
chapters_take(struct chapters *C, guint k)
{
	struct lay *L = C->L;
	struct chapter_job *j = &C->job[k], *mine;

	g_mutex_lock(&C->lock);
	while (j->state != JOB_DONE) {
		if ((mine = job_claim(C)) != NULL)
			job_run_claimed(C, L, C->aside, mine);
		else
			g_cond_wait(&C->changed, &C->lock);
	}
	C->taken = k + 1;
	g_cond_broadcast(&C->changed);
	g_mutex_unlock(&C->lock);
	display_take_elems(L->d, j->elems, j->nelems);
	g_free(j->elems);
	j->elems = NULL;
	if (j->err != NULL && L->err == NULL)
		L->err = j->err;
	else if (j->err != NULL)
		g_error_free(j->err);
	j->err = NULL;
	L->hlevel = j->hlevel;
	g_ptr_array_unref(L->strips);
	L->strips = j->strips;
	j->strips = NULL;
}

/* Every chapter taken: the helpers joined, their strings and glyphs L's display's. */
void
chapters_finish(struct chapters *C)
{
	for (guint i = 0; i < C->threads->len; i++)
		g_thread_join(C->threads->pdata[i]);
	for (guint i = 0; i < C->subs->len; i++)
		display_adopt(C->L->d, C->subs->pdata[i]);
	display_adopt(C->L->d, C->aside);
	g_ptr_array_free(C->threads, TRUE);
	g_ptr_array_free(C->subs, TRUE);
	g_mutex_clear(&C->lock);
	g_cond_clear(&C->changed);
	g_free(C->job);
	g_free(C);
}
